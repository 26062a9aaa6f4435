"""The case list's ids are read in parts (one per status, per priority, values then
empties): all of them must be the database at one moment. Another process that saves
between two parts (a coordinator closing a case from the command line while the window
reads the list) could make the list show a case twice or drop it."""

from __future__ import annotations

from casemanager.services import cases, queries
from casemanager.services.queries import case_ids


def test_a_save_between_two_parts_neither_doubles_nor_drops_a_case(db, cli, monkeypatch):
    refs = [cases.create_case(db, fields={"family_name": f"Каримов {n}"}).reference
            for n in range(3)]  # all "reported": the first part of the status order
    moved = refs[0]
    real_read_part = queries._read_part
    parts_read = []

    def read_part_then_save(session, stmt, into):
        real_read_part(session, stmt, into)
        parts_read.append(len(into))
        if len(parts_read) == 1:  # after the "reported" part, before the others
            result = cli("status", moved, "closed",
                         db=db.engine.url.render_as_string(hide_password=False))
            assert result.returncode == 0, result.stderr

    monkeypatch.setattr(queries, "_read_part", read_part_then_save)
    ids = case_ids(db, sort="status")
    assert len(parts_read) > 1
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 3, ids
    monkeypatch.setattr(queries, "_read_part", real_read_part)
    closed = cases.get_case(db, moved)
    assert closed.status == "closed"  # the save went through meanwhile
    assert case_ids(db, sort="status")[-1] == closed.id  # and the next read shows it
