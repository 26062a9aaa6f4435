"""A deleted record's id is never given to a new one (migration 0019, AUTOINCREMENT):
our records travel to partners under ids made of their row ids, so a new record under a
deleted one's id would be taken there for the old one (tester A2: a deleted family's
phone kept, the wrong contact attached to a case). Real databases, real keys."""

from __future__ import annotations

import sqlite3

from alembic import command
from dossier_case import OPEN_EVENT, PHONE, make_case

from casemanager.bundles.receive import receive_bundle
from casemanager.bundles.send import send_bundle
from casemanager.lists.importer import import_file
from casemanager.services import cases, contacts, demo, records
from casemanager.services.queries import list_cases
from casemanager.store.backup import backup, restore
from casemanager.store.database import alembic_config, make_engine, open_database
from casemanager.store.models import Base, ContactChannel

NEW_PHONE = "+7 916 000 77 66"


def exchange(sender, to: str, receiver, refs: list[str], path):
    send_bundle(sender, refs, to=to, output=path)
    return receive_bundle(receiver, path.read_bytes())


def phones(db) -> list[str]:
    with db.session() as s:
        return list(s.scalars(ContactChannel.__table__.select().with_only_columns(
            ContactChannel.value)))


def test_a_contact_made_after_the_last_one_was_deleted_is_another_one_at_the_partner(
        pair, tmp_path):
    """We delete the family's contact (the newest: the highest id) and add another
    family's contact to the case: Kyiv erases the first (its withdrawal still reaches
    them) and takes the second in as a new contact, not as an update of the first."""
    bishkek, kyiv = pair
    ref = make_case(bishkek, share_partner=True)
    mother = next(x.contact for x in cases.get_case(bishkek, ref).contacts
                  if x.contact.name == "Зарина Турсунова")
    # The mother's contact is the newest one: made last, so its id is the highest.
    newest = contacts.create_contact(bishkek, fields={"kind": "relative", "name": "Сестра"},
                                     channels=[("phone", "+998 71 000 00 01")])
    contacts.link_contact(bishkek, ref, newest, fields={"share_partner": True})
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    assert "+998 71 000 00 01" in phones(kyiv)

    contacts.delete_contact(bishkek, newest)
    other = contacts.create_contact(
        bishkek, fields={"kind": "relative", "name": "Другая семья"},
        channels=[("phone", NEW_PHONE)])
    assert other > newest
    contacts.link_contact(bishkek, ref, other, fields={"share_partner": True})
    report = exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "2.pgp")
    names = sorted(x.contact.name for x in cases.get_case(kyiv, theirs).contacts)
    assert names == sorted([mother.name, "Embassy of Uzbekistan", "Другая семья"]), names
    assert "+998 71 000 00 01" not in phones(kyiv)
    assert NEW_PHONE in phones(kyiv) and PHONE in phones(kyiv)
    assert any("contact 'Сестра': withdrawn by Bishkek" in line for line in report.lines())


def test_a_case_made_after_the_last_one_was_deleted_is_a_new_case_at_the_partner(
        pair, tmp_path):
    """Our newest case deleted, a case of another person made: Kyiv takes it in as a new
    case (it refused the bundle, or merged the other person into the first one's case)."""
    bishkek, kyiv = pair
    first = make_case(bishkek, share_partner=True)
    exchange(bishkek, "Kyiv", kyiv, [first], tmp_path / "1.pgp")
    first_id = cases.get_case(bishkek, first).id
    cases.delete_case(bishkek, first)
    second = cases.create_case(bishkek, fields={
        "family_name": "Rakhimov", "given_name": "Jasur", "date_of_birth": "1991-02-03",
        "status": "detained"})
    assert second.id > first_id
    report = exchange(bishkek, "Kyiv", kyiv, [second.reference], tmp_path / "2.pgp")
    assert [c.new for c in report.cases] == [True], report.lines()
    held = sorted(c.family_name for c in list_cases(kyiv))
    assert held == ["Rakhimov", "Tursunov"], held


def test_an_event_made_after_the_last_one_was_deleted_is_another_one_at_the_partner(
        pair, tmp_path):
    """The case's newest event deleted and another written: Kyiv removes the first
    (withdrawn) and adds the second; nothing of the first stays, no claim on it."""
    bishkek, kyiv = pair
    ref = make_case(bishkek)
    last = records.add_event(bishkek, ref, date="2024-09", summary="Moved to Taganrog")
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    records.delete_record(bishkek, "event", last)
    new = records.add_event(bishkek, ref, date="2025-01", summary="Seen in Olenivka")
    assert new > last
    report = exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "2.pgp")
    summaries = [e.summary for e in cases.get_case(kyiv, theirs).events]
    assert "Moved to Taganrog" not in summaries
    assert "Seen in Olenivka" in summaries and OPEN_EVENT in summaries
    assert not any(c.claims for c in report.cases), report.lines()


def test_a_document_made_after_the_last_one_was_deleted_is_another_one_at_the_partner(
        pair, tmp_path):
    bishkek, kyiv = pair
    ref = make_case(bishkek)
    last = records.add_document(bishkek, ref, doc_type="military_id", number="AB 123")
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]
    records.delete_record(bishkek, "document", last)
    assert records.add_document(bishkek, ref, doc_type="national_id", number="ZZ 9") > last
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "2.pgp")
    numbers = sorted(d.number for d in cases.get_case(kyiv, theirs).documents)
    assert "AB 123" not in numbers and "ZZ 9" in numbers


def test_the_bulk_import_never_gives_a_deleted_cases_id(db, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("family_name;given_name\nTursunov;Alisher\nRakhimov;Jasur\n",
                    encoding="utf-8")
    assert import_file(db, path).created == 2
    last = max(c.id for c in list_cases(db))
    cases.delete_case(db, cases.get_case(db, "CM-0002").reference)
    path.write_text("family_name;given_name\nKarimov;Bobur\n", encoding="utf-8")
    assert import_file(db, path).created == 1
    assert min(c.id for c in list_cases(db) if c.family_name == "Karimov") > last


def test_demo_never_gives_a_deleted_cases_or_contacts_id(db):
    demo.generate(db, cases=5, seed=3)
    with db.session() as s:
        before = {t: s.connection().exec_driver_sql(
            f"SELECT max(id) FROM {t}").scalar() for t in ("cases", "contacts", "events")}
    newest = max(list_cases(db), key=lambda c: c.id)
    cases.delete_case(db, newest.reference)
    with db.session() as s:
        conn = s.connection()
        for table in ("contacts", "events"):  # the newest rows gone too
            conn.exec_driver_sql(f"DELETE FROM {table} WHERE id = {before[table]}")
        s.commit()
    demo.generate(db, cases=2, seed=4)
    with db.session() as s:
        conn = s.connection()
        for table, highest in before.items():
            ids = [r[0] for r in conn.exec_driver_sql(
                f"SELECT id FROM {table} WHERE id >= {highest}")]
            assert highest not in ids, table
            assert ids and min(ids) > highest, table


def test_every_table_with_an_id_never_gives_one_again(sqlite_path):
    """The head schema: every `id` table is AUTOINCREMENT (a later migration that rebuilt
    one without it would bring the fault back)."""
    conn = sqlite3.connect(sqlite_path)
    sql = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    wanted = [t.name for t in Base.metadata.sorted_tables
              if "id" in t.c and t.c.id.primary_key]
    assert len(wanted) > 25
    assert [t for t in wanted if "AUTOINCREMENT" not in sql[t]] == []
    assert "sqlite_sequence" in sql
    conn.close()


def test_the_migration_starts_above_a_deleted_last_row_and_the_ids_the_log_names(tmp_path):
    """A database of schema 0018 whose newest case, contact and event were deleted: after
    the upgrade the next ones get higher ids, also above an id only the audit log names
    (a contact deleted, its row gone)."""
    path = tmp_path / "at0018.db"
    engine = make_engine(str(path))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0018_list_sort_indexes")
    engine.dispose()
    # The rows an 0018 application wrote, in SQL: today's code writes today's columns.
    raw = sqlite3.connect(path)

    def add(table: str, **values) -> int:
        required = [r[1] for r in raw.execute(f"PRAGMA table_info({table})")
                    if r[3] and r[4] is None and r[1] != "id"]
        row = {name: "" for name in required} | values
        cur = raw.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES "
                          f"({', '.join('?' * len(row))})", list(row.values()))
        return int(cur.lastrowid)

    now = "2025-01-01 00:00:00"
    times = {"created_at": now, "updated_at": now}
    a = add("cases", reference="T-1", family_name="Tursunov", given_name="A", version=1,
            status="reported", priority="normal", **times)
    b = add("cases", reference="T-2", family_name="Rakhimov", given_name="J", version=1,
            status="reported", priority="normal", **times)
    event = add("events", case_id=a, kind="other", summary="one", recorded_at=now)
    first = add("contacts", name="Mother", kind="family", **times)
    second = add("contacts", name="Sister", kind="family", **times)
    raw.execute("DELETE FROM cases WHERE id = ?", (b,))
    raw.execute("DELETE FROM events WHERE id = ?", (event,))
    raw.execute("DELETE FROM contacts WHERE id = ?", (second,))
    for entity, entity_id in (("case", b), ("event", event), ("contact", second)):
        raw.execute("INSERT INTO audit_entries (at, actor, action, entity, entity_id, "
                    "case_reference, changes) VALUES (?, 'x', 'delete', ?, ?, '', '{}')",
                    (now, entity, entity_id))  # as the application logs a deletion
    # A contact the log names, above every row ever kept.
    raw.execute("INSERT INTO audit_entries (at, actor, action, entity, entity_id, "
                "case_reference, changes) VALUES ('2025-01-01', 'x', 'delete', 'contact', "
                f"{second + 40}, '', '{{}}')")
    raw.commit()
    raw.close()
    a_ref = "T-1"
    before = sqlite3.connect(path)
    assert "AUTOINCREMENT" not in before.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'cases'").fetchone()[0]
    before.close()
    db = open_database(str(path))
    try:
        c = cases.create_case(db, fields={"family_name": "Karimov", "given_name": "B"})
        assert c.id > b
        assert records.add_event(db, a_ref, summary="two") > event
        assert contacts.create_contact(db, fields={"name": "Brother"}) > second + 40
        assert first < second
    finally:
        db.dispose()
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    check.close()


def test_a_restored_backup_never_gives_the_ids_used_after_it_was_made(sqlite_path, tmp_path):
    """Cases made after the backup and sent to partners: restoring the backup (which
    never held them) does not give their ids to the next new cases."""
    db = open_database(str(sqlite_path))
    cases.create_case(db, fields={"family_name": "Tursunov", "given_name": "A"})
    saved = backup(db, tmp_path / "saved.db")
    later = cases.create_case(db, fields={"family_name": "Rakhimov", "given_name": "J"})
    db.dispose()
    restore(sqlite_path, saved)
    db = open_database(str(sqlite_path))
    try:
        assert [c.family_name for c in list_cases(db)] == ["Tursunov"]
        again = cases.create_case(db, fields={"family_name": "Karimov"})
        assert again.id > later.id
        assert again.reference > later.reference  # CM-0003, not CM-0002 again
    finally:
        db.dispose()



def test_a_backup_restored_onto_a_new_machine_gives_no_id_the_lost_one_gave(pair, tmp_path):
    """The laptop is lost: its backup is restored where no database is. Nothing there
    knows the ids given after the backup, which Kyiv holds records by; the next records
    start far above the backup's, so Kyiv takes them as new (tester: Kyiv overwrote
    'Letter from Zarina' with the new event, and later erased her contact when we
    deleted the new one)."""
    bishkek, kyiv = pair
    ref = make_case(bishkek, share_partner=True)
    saved = backup(bishkek, tmp_path / "saved.db")
    letter = records.add_event(bishkek, ref, summary="Letter from Zarina")
    sister = contacts.create_contact(bishkek, fields={"kind": "relative", "name": "Сестра"},
                                     channels=[("phone", "+998 71 000 00 01")])
    contacts.link_contact(bishkek, ref, sister, fields={"share_partner": True})
    later = cases.create_case(bishkek, fields={"family_name": "Rakhimov", "given_name": "J"})
    exchange(bishkek, "Kyiv", kyiv, [ref], tmp_path / "1.pgp")
    (theirs,) = [c.reference for c in list_cases(kyiv)]

    new_machine = tmp_path / "new-laptop.db"
    assert restore(new_machine, saved) is None  # nothing was replaced
    restored = open_database(str(new_machine))
    try:
        called = records.add_event(restored, ref, summary="Father called")
        father = contacts.create_contact(
            restored, fields={"kind": "relative", "name": "Отец"},
            channels=[("phone", NEW_PHONE)])
        again = cases.create_case(restored, fields={"family_name": "Karimov"})
        assert called > letter and father > sister and again.id > later.id
        assert again.reference != later.reference
        contacts.link_contact(restored, ref, father, fields={"share_partner": True})
        exchange(restored, "Kyiv", kyiv, [ref], tmp_path / "2.pgp")
    finally:
        restored.dispose()
    detail = cases.get_case(kyiv, theirs)
    assert {"Letter from Zarina", "Father called"} <= {e.summary for e in detail.events}
    assert {"Сестра", "Отец"} <= {x.contact.name for x in detail.contacts}
    assert "+998 71 000 00 01" in phones(kyiv) and NEW_PHONE in phones(kyiv)


def test_a_backup_restored_over_an_unreadable_file_keeps_clear_of_its_ids(sqlite_path,
                                                                          tmp_path):
    """The database file is damaged beyond reading, so its ids are unknown: the restore
    keeps the same distance as onto a new machine (before, it carried nothing, and the
    next ids were those made after the backup)."""
    db = open_database(str(sqlite_path))
    cases.create_case(db, fields={"family_name": "Tursunov", "given_name": "A"})
    saved = backup(db, tmp_path / "saved.db")
    later = cases.create_case(db, fields={"family_name": "Rakhimov", "given_name": "J"})
    db.dispose()
    head = sqlite_path.read_bytes()[:100]  # SQLite's header, then nothing it can read
    sqlite_path.write_bytes(head + b"\xff" * 8000)
    restore(sqlite_path, saved)
    db = open_database(str(sqlite_path))
    try:
        again = cases.create_case(db, fields={"family_name": "Karimov"})
        assert again.id > later.id and again.reference != later.reference
    finally:
        db.dispose()
