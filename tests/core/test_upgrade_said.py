"""Opening a database of an older schema upgrades it, and the command line says so in
one line on stderr, naming the copy kept beside it (tester of stop 26: 13 s at 100,000
cases and a 320 MB copy of every case, both unsaid)."""

from __future__ import annotations

from alembic import command

from casemanager.services import cases
from casemanager.store.database import SCHEMA_HEAD, alembic_config, open_database


def test_an_upgrade_on_opening_is_said_with_the_copy_it_kept(tmp_path, cli):
    path = tmp_path / "office.db"
    db = open_database(str(path), create=True)
    cases.create_case(db, fields={"family_name": "Турсунов"})
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0017_contact_entries_hidden")
    db.dispose()

    r = cli("show", "CM-0001", db=str(path))
    assert r.returncode == 0, r.stderr
    (line,) = [x for x in r.stderr.splitlines() if "upgraded" in x]
    assert "0017_contact_entries_hidden" in line
    (copy,) = tmp_path.glob("office.db.before-0017_contact_entries_hidden-*")
    assert str(copy) in line and "Турсунов" in r.stdout
    check = open_database(str(path))
    assert check.revision() == SCHEMA_HEAD and check.upgraded_from is None
    check.dispose()
    # Up to date: nothing more is said.
    r = cli("show", "CM-0001", db=str(path))
    assert r.returncode == 0 and "upgraded" not in r.stderr, r.stderr
