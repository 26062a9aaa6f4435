"""A server that is not this machine is reached over TLS with a verified certificate,
unless the URL says otherwise."""

from __future__ import annotations

import pytest

from casemanager.store.database import make_engine
from casemanager.store.server import is_local_host, secure_url


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://malika@office.example.org/cases",
    "postgresql+psycopg://malika:secret@10.0.0.5:5432/cases",
    "postgresql+psycopg://malika@/cases?host=127.0.0.1,db.example.org",
])
def test_another_machine_gets_verified_tls(url):
    engine = make_engine(url)
    try:
        assert engine.url.query["sslmode"] == "verify-full"
        assert engine.url.database == "cases"
    finally:
        engine.dispose()


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://malika@/cases?host=/run/postgresql&port=5432",
    "postgresql+psycopg://malika@localhost/cases",
    "postgresql+psycopg://malika@127.0.0.1:5432/cases",
    "postgresql+psycopg://malika@[::1]/cases",
    "postgresql+psycopg://malika@/cases",
])
def test_this_machine_is_left_alone(url):
    assert secure_url(url) == url


def test_an_explicit_sslmode_wins():
    url = "postgresql+psycopg://malika@office.example.org/cases?sslmode=disable"
    assert secure_url(url) == url
    assert not is_local_host("office.example.org") and is_local_host("localhost")


# ------------------------------------------------------------------ where libpq goes


@pytest.fixture
def no_pg_env(monkeypatch, tmp_path):
    for name in ("PGHOST", "PGHOSTADDR", "PGSERVICE", "PGSYSCONFDIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PGSERVICEFILE", str(tmp_path / "none.conf"))
    return monkeypatch


def _verified(url: str) -> bool:
    from sqlalchemy.engine import make_url

    return make_url(secure_url(url)).query.get("sslmode") == "verify-full"


def test_pghost_names_the_host_when_the_url_does_not(no_pg_env):
    url = "postgresql+psycopg://malika@/cases"
    assert not _verified(url)
    no_pg_env.setenv("PGHOST", "db.example.org")
    assert _verified(url)
    no_pg_env.setenv("PGHOST", "/run/postgresql")
    assert not _verified(url)


def test_a_remote_hostaddr_behind_localhost_gets_verified_tls(no_pg_env):
    assert _verified("postgresql+psycopg://malika@localhost/cases?hostaddr=192.0.2.10")
    assert not _verified("postgresql+psycopg://malika@localhost/cases?hostaddr=127.0.0.1")
    no_pg_env.setenv("PGHOSTADDR", "192.0.2.10")
    assert _verified("postgresql+psycopg://malika@localhost/cases")


def test_a_service_s_host_counts(no_pg_env, tmp_path):
    conf = tmp_path / "pg_service.conf"
    conf.write_text("[office]\nhost=db.example.org\ndbname=cases\n"
                    "[here]\nhost=/run/postgresql\n"
                    "[plain]\nhost=db.example.org\nsslmode=require\n")
    no_pg_env.setenv("PGSERVICEFILE", str(conf))
    assert _verified("postgresql+psycopg://malika@/?service=office")
    assert not _verified("postgresql+psycopg://malika@/?service=here")
    assert not _verified("postgresql+psycopg://malika@/?service=plain")  # its own sslmode
    assert _verified("postgresql+psycopg://malika@/?service=unknown")  # cannot tell: TLS
    no_pg_env.setenv("PGSERVICE", "office")
    assert _verified("postgresql+psycopg://malika@/cases")
