"""Writes to a case merged into another are refused, in the services (both databases)
and on the command line: the merged-away case is kept, closed, only so that the merge can
be undone; a change made to it would land on a copy nobody works on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cli_run import one_line, run
from sqlalchemy import func, select

from casemanager.domain.errors import MergedCaseError
from casemanager.services import access, attachments, cases, contacts, exchanges, records
from casemanager.services.merge import merge_cases, undo_merge
from casemanager.services.show import case_text
from casemanager.store.database import open_database
from casemanager.store.models import AuditEntry, Case
from casemanager.store.unit_of_work import UnitOfWork


def _counts(db) -> tuple[int, int]:
    """(audit entries, the merged case's version): both unchanged by a refused write."""
    with db.session() as s:
        return (s.scalar(select(func.count()).select_from(AuditEntry)),
                s.scalar(select(Case.version).where(Case.reference == "CM-0002")))


def _pair(db) -> int:
    cases.create_case(db, fields={"family_name": "Tursunov", "given_name": "Alisher",
                                  "rank": "private"}, actor="tester")
    cases.create_case(db, fields={"family_name": "Tursunov", "given_name": "Alisher",
                                  "rank": "corporal"}, actor="tester")
    return merge_cases(db, "CM-0001", "CM-0002", actor="olena").audit_id


def _writes(db) -> dict[str, Callable[[], Any]]:
    contact = contacts.create_contact(db, fields={"kind": "relative", "name": "Zarina"})
    exchange = exchanges.create_exchange(db, date="2026-11", description="swap")
    return {
        "edit": lambda: cases.update_case(db, "CM-0002", fields={"rank": "sergeant"}),
        "edit from an editor": lambda: cases.update_case(
            db, "CM-0002", fields={"rank": "sergeant"}, expected_version=1),
        "add event": lambda: records.add_event(db, "CM-0002", date="2024-05",
                                                 summary="seen in a video"),
        "add task": lambda: records.add_task(db, "CM-0002", title="call the mother"),
        "attach": lambda: attachments.add_attachment(db, "CM-0002", filename="a.txt",
                                                     data=b"note"),
        "link contact": lambda: contacts.link_contact(db, "CM-0002", contact,
                                                      fields={"relationship": "mother"}),
        "exchange add": lambda: exchanges.add_cases(db, exchange, ["CM-0002"]),
        "restrict": lambda: access.restrict_case(db, "CM-0002"),
        # Last: a released case cannot be put on an exchange's list.
        "status": lambda: cases.change_status(db, "CM-0002", status="released"),
    }


def test_every_write_to_a_merged_case_is_refused_naming_the_kept_case(db):
    _pair(db)
    writes = _writes(db)
    before = _counts(db)
    for what, write in writes.items():
        with pytest.raises(MergedCaseError) as caught:
            write()
        error = caught.value
        assert (error.reference, error.kept) == ("CM-0002", "CM-0001"), what
        assert str(error).startswith("CM-0002 was merged into CM-0001 (on "), what
        assert " by olena); make the change in CM-0001, or undo the merge first" in str(
            error), what
        assert _counts(db) == before, what
    merged = cases.get_case(db, "CM-0002")
    assert (merged.status, merged.rank, merged.merged_into) == ("closed", "corporal", "CM-0001")
    assert "Merged into CM-0001" in case_text(merged)
    kept = cases.get_case(db, "CM-0001")
    assert (kept.rank, kept.merged_into) == ("private", "")


def test_undoing_the_merge_makes_the_case_writable_again(db):
    audit_id = _pair(db)
    undo_merge(db, audit_id, actor="olena")
    for what, write in _writes(db).items():
        if what != "edit from an editor":  # its version is the one before the merge
            write()
    assert cases.get_case(db, "CM-0002").rank == "sergeant"


def test_a_write_that_skips_the_check_is_refused_by_its_audit_entry(db):
    """The net under every service: the audit entry a write to a case records."""
    _pair(db)
    before = _counts(db)
    with pytest.raises(MergedCaseError), UnitOfWork(db, "tester") as uow:
        case = uow.session.scalar(select(Case).where(Case.reference == "CM-0002"))
        case.rank = "sergeant"
        uow.audit("update", "case", entity_id=case.id, case=case,
                  changes={"rank": ("corporal", "sergeant")})
        uow.commit()
    assert _counts(db) == before
    assert cases.get_case(db, "CM-0002").rank == "corporal"


@pytest.fixture
def merged_file(tmp_path) -> Path:
    path = tmp_path / "m.db"
    state = tmp_path / "state"
    assert run("init", db=path, state=state).returncode == 0
    for given in ("Petr", "Piotr"):  # one man twice: the second is asked for (--force)
        assert run("new", "family_name=Ivanov", f"given_name={given}", "--force", db=path,
                   state=state).returncode == 0
    assert run("exchange", "new", "-d", "swap", db=path, state=state).returncode == 0
    assert run("merge", "CM-0001", "CM-0002", db=path, state=state,
               env={"CASEMANAGER_USER": "olena"}).returncode == 0
    return path


@pytest.mark.parametrize("args", [
    ("edit", "CM-0002", "rank=x"),
    ("status", "CM-0002", "released"),
    ("add", "event", "CM-0002", "summary=seen", "date=2024-05"),
    ("exchange", "add", "1", "CM-0002"),
], ids=["edit", "status", "add", "exchange add"])
def test_the_command_line_refuses_writes_to_a_merged_case(merged_file, tmp_path, args):
    db = open_database(str(merged_file))
    try:
        before = _counts(db)
    finally:
        db.dispose()
    state = tmp_path / "state2"
    line = one_line(run(*args, db=merged_file, state=state), state,
                    "CM-0002 was merged into CM-0001 (on ")
    assert line.endswith("by olena); make the change in CM-0001, or undo the merge first")
    db = open_database(str(merged_file))
    try:
        assert _counts(db) == before
        merged = cases.get_case(db, "CM-0002")
        assert (merged.status, merged.rank) == ("closed", "")
    finally:
        db.dispose()


def test_show_and_dossier_of_a_merged_case_still_work(merged_file, tmp_path):
    state = tmp_path / "state"
    shown = run("show", "CM-0002", db=merged_file, state=state)
    assert shown.returncode == 0, shown.stderr
    assert b"Merged into CM-0001" in shown.stdout
    made = run("dossier", "CM-0002", "-o", str(tmp_path / "d.pdf"), db=merged_file, state=state)
    assert made.returncode == 0, made.stderr


def test_an_import_row_naming_a_merged_case_is_refused_with_the_merge(db, tmp_path):
    """Refused, not moved onto the kept case: the merge settled both cases' values, and
    a row about the merged-away one (a list exported before the merge) may undo that
    without a word; the caseworker corrects the reference, or undoes the merge."""
    from casemanager.lists.importer import import_file

    _pair(db)
    path = tmp_path / "back.csv"
    path.write_text("reference,family_name,given_name,rank\n"
                    "CM-0002,Tursunov,Alisher,sergeant\n", encoding="utf-8")
    before = _counts(db)
    report = import_file(db, path)
    assert [(p.row, p.column) for p in report.problems] == [(2, "reference")]
    assert report.problems[0].reason.startswith("CM-0002 was merged into CM-0001 (on ")
    assert report.problems[0].reason.endswith(
        " by olena); make the change in CM-0001, or undo the merge first")
    assert report.updated == 0 and _counts(db) == before
    assert [cases.get_case(db, r).rank for r in ("CM-0001", "CM-0002")] == [
        "private", "corporal"]
    # Corrected to the kept case, the row goes in.
    path.write_text("reference,family_name,given_name,rank\n"
                    "CM-0001,Tursunov,Alisher,sergeant\n", encoding="utf-8")
    assert import_file(db, path).updated == 1
    assert cases.get_case(db, "CM-0001").rank == "sergeant"


def test_a_partners_claim_on_a_merged_case_may_be_rejected_not_accepted(sqlite_db):
    """A claim received before the merge stays with the merged-away case: accepting it
    would write there, so it is refused; rejecting it changes nothing of the case."""
    from casemanager.bundles.claims import resolve_claim
    from casemanager.store.models import PartnerClaim

    db = sqlite_db
    _pair(db)
    with db.session() as s, s.begin():
        other = s.scalar(select(Case.id).where(Case.reference == "CM-0002"))
        s.add_all([PartnerClaim(case_id=other, partner="Kyiv", field="rank", value="major"),
                   PartnerClaim(case_id=other, partner="Kyiv", field="unit", value="5th")])
    before = _counts(db)
    with pytest.raises(MergedCaseError):
        resolve_claim(db, 1, accept=True, actor="tester")
    assert _counts(db) == before
    assert cases.get_case(db, "CM-0002").rank == "corporal"
    resolve_claim(db, 2, accept=False, actor="tester")


@pytest.mark.parametrize("reference", ["CM-0001", "CM-0002"], ids=["kept", "merged away"])
def test_a_case_a_merge_involves_is_not_deleted(merged_file, tmp_path, reference):
    """Tester 2: deleting the kept case took the records the merge had moved into it and
    left the merged case closed for good (its undo impossible); deleting the merged-away
    case made the undo impossible too. Both are refused until the merge is undone."""
    db = open_database(str(merged_file))
    try:
        before = _counts(db)
    finally:
        db.dispose()
    result = run("delete", reference, "--yes", db=merged_file, state=tmp_path / "state")
    line = one_line(result, tmp_path / "state", "undo the merge first")
    assert "CM-0002" in line and "CM-0001" in line
    db = open_database(str(merged_file))
    try:
        assert _counts(db) == before
        undo_merge(db, _merge_entry(db))
        cases.delete_case(db, "CM-0002")  # once undone, each goes on its own
    finally:
        db.dispose()


def _merge_entry(db) -> int:
    with db.session() as s:
        return s.scalar(select(AuditEntry.id).where(AuditEntry.action == "merge")
                        .order_by(AuditEntry.id.desc()))


def test_an_export_leaves_out_a_merged_away_case_and_reads_back_unchanged(merged_file,
                                                                         tmp_path):
    """Tester 2: our own export listed the merged-away case (the same person twice for a
    partner), and importing it back was refused on that row."""
    out = tmp_path / "all.csv"
    state = tmp_path / "state"
    result = run("export", "-o", str(out), db=merged_file, state=state)
    assert result.returncode == 0, result.stderr
    assert "Left out 1 case merged into another" in result.stdout.decode()
    text = out.read_text(encoding="utf-8")
    assert "CM-0001" in text and "CM-0002" not in text
    back = run("import", str(out), db=merged_file, state=state)
    assert back.returncode == 0, back.stderr
    assert "1 unchanged" in back.stdout.decode()
