"""Issue 17 item 15: the opening status entry carries the report date, and the history
is in the order of the facts' dates (same date: the order they were entered)."""

from __future__ import annotations

from casemanager.services import cases


def test_opening_entry_has_the_report_date_and_history_follows_the_facts(sqlite_db):
    ref = cases.create_case(sqlite_db, fields={"family_name": "Турсунов",
                                               "given_name": "Alisher"},
                            reported_on="03.2024").reference
    cases.change_status(sqlite_db, ref, status="confirmed", date="2024-05-02", source="ICRC")
    cases.change_status(sqlite_db, ref, status="detained", date="2023-11", source="video")
    cases.change_status(sqlite_db, ref, status="exchange_listed", date="2024-03",
                        source="list")
    history = cases.get_case(sqlite_db, ref).status_history
    assert [(s.date.iso(), s.status) for s in history] == [
        ("2023-11", "detained"), ("2024-03", "reported"), ("2024-03", "exchange_listed"),
        ("2024-05-02", "confirmed")]
    assert history[1].source == "case opened"


def test_without_a_report_date_the_case_opens_today(sqlite_db):
    from casemanager.domain.partialdate import PartialDate

    ref = cases.create_case(sqlite_db, fields={"name_native": "Каримов Азиз"}).reference
    (entry,) = cases.get_case(sqlite_db, ref).status_history
    assert entry.date == PartialDate.today()


def test_cli_new_takes_the_report_date(sqlite_db, sqlite_path, cli):
    result = cli("new", "family_name=Rakhimov", "--reported", "12.03.2022",
                 db=str(sqlite_path))
    assert result.returncode == 0, result.stderr
    (entry,) = cases.get_case(sqlite_db, result.stdout.strip()).status_history
    assert entry.date.iso() == "2022-03-12"
    bad = cli("new", "family_name=Rakhimov", "--reported", "31.02.2022", "--force",
              db=str(sqlite_path))
    assert bad.returncode != 0 and "reported_on" in bad.stderr
