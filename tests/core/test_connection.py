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
