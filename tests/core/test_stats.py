"""The overview's figures against counts made independently in the test: plain SQL on
both databases, and the `list --format json` output of 300 demo cases."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from pypdf import PdfReader
from sqlalchemy import text

from casemanager.domain import vocab
from casemanager.reports.overview_pdf import OverviewReport
from casemanager.services import cases, demo, records
from casemanager.services.overview import NOT_RECORDED, STALE_DAYS, overview, overview_json
from casemanager.store.models import utcnow


def sql_counts(db, sql: str, **params) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {(k or ""): n for k, n in conn.execute(text(sql), params)}


def test_figures_match_plain_sql(db):
    demo.generate(db, cases=150, seed=7)
    cases.create_case(db, fields={"name_native": "Безымянный", "recruitment": ""})
    ov = overview(db)
    assert ov.total == 151
    for column, figures in (("status", ov.by_status), ("priority", ov.by_priority),
                            ("recruitment", ov.by_recruitment)):
        expected = sql_counts(db, f"SELECT {column}, COUNT(*) FROM cases GROUP BY {column}")
        got = {(k if k != NOT_RECORDED else ""): n for k, n in figures if n}
        assert got == expected, column
    cits = sql_counts(db, "SELECT country, COUNT(*) FROM citizenships GROUP BY country")
    cits[NOT_RECORDED] = sql_counts(
        db, "SELECT 'x', COUNT(*) FROM cases WHERE id NOT IN (SELECT case_id FROM citizenships)"
    )["x"]
    assert dict(ov.by_citizenship) == cits
    cutoff = utcnow() - dt.timedelta(days=STALE_DAYS)
    closed = tuple(vocab.CLOSED_STATUSES)
    stale = sql_counts(
        db, "SELECT 'x', COUNT(*) FROM cases WHERE updated_at < :cutoff "
            "AND status NOT IN (:a, :b, :c)", cutoff=cutoff, a=closed[0], b=closed[1], c=closed[2],
    )["x"]
    assert len(ov.stale) == stale > 0
    today = dt.date.today()
    overdue = sql_counts(
        db, "SELECT 'x', COUNT(*) FROM appeals WHERE follow_up_date < :today AND status IN "
            "('draft', 'sent', 'acknowledged', 'no_response')", today=today)["x"]
    overdue += sql_counts(
        db, "SELECT 'x', COUNT(*) FROM tasks WHERE due_date < :today AND NOT done",
        today=today)["x"]
    assert len(ov.overdue) == overdue > 0
    assert ov.recent[0].action == "create" and ov.recent[0].case_reference == "CM-0151"


def test_my_cases_only(db):
    a = cases.create_case(db, fields={"family_name": "A", "assigned_to": "Ольга",
                                      "recruitment": "migrant"}).reference
    cases.create_case(db, fields={"family_name": "B", "assigned_to": "ОЛЬГА", "priority": "high"})
    cases.create_case(db, fields={"family_name": "C", "assigned_to": "Marat"})
    records.add_task(db, a, title="Call", due_date=dt.date.today() - dt.timedelta(days=1))
    ov = overview(db, assignee="ольга")
    assert ov.total == 2
    assert dict(ov.by_priority) == {"normal": 1, "high": 1, "urgent": 0}
    assert len(ov.overdue) == 1
    assert {c.case_reference for c in ov.recent} == {a, "CM-0002"}
    assert overview(db, assignee="Nobody").total == 0


def test_stats_cli_against_list_json(sqlite_path, cli):
    db = str(sqlite_path)
    assert cli("demo", "--cases", "300", "--seed", "3", db=db).returncode == 0
    listed = cli("list", "--format", "json", db=db)
    rows = json.loads(listed.stdout)
    result = cli("stats", "--format", "json", db=db)
    assert result.returncode == 0, result.stderr
    stats = json.loads(result.stdout)
    assert stats["total"] == len(rows) == 300
    for key, column in (("by_status", "status"), ("by_priority", "priority"),
                        ("by_recruitment", "recruitment")):
        expected = Counter(r[column] for r in rows)
        assert {k: n for k, n in stats[key].items() if n} == dict(expected), key
    expected_cits = Counter(c for r in rows for c in r["citizenships"].split(";") if c)
    assert stats["by_citizenship"] == dict(expected_cits)
    now = dt.datetime.fromisoformat(stats["generated_at"])
    stale = [r["reference"] for r in rows
             if dt.datetime.fromisoformat(r["updated_at"]) < now - dt.timedelta(days=STALE_DAYS)
             and r["status"] not in vocab.CLOSED_STATUSES]
    assert sorted(s["reference"] for s in stats["no_update_90_days"]) == sorted(stale)
    marat = cli("stats", "--format", "json", "--assignee", "Marat", db=db)
    mine = json.loads(marat.stdout)
    assert mine["total"] == sum(1 for r in rows if r["assigned_to"] == "Marat")
    assert all(i["assignee"] == "Marat" for i in mine["overdue"])


def test_pdf_report_is_one_page_with_cyrillic_and_no_user_names(db, tmp_path):
    demo.generate(db, cases=120, seed=5)
    cases.create_case(db, fields={"name_native": "Турсунов Алишер", "assigned_to": "Дилноза"})
    data = OverviewReport(overview(db, assignee="Дилноза"), organisation="Помощь").render()
    path = tmp_path / "overview.pdf"
    path.write_bytes(data)
    reader = PdfReader(path)
    assert len(reader.pages) == 1
    page = reader.pages[0].extract_text()
    assert "Caseload overview" in page and "Cases of Дилноза" in page and "Помощь" in page
    assert "By citizenship" in page and "Overdue follow-ups" in page
    assert "1 case, 1 open" in page  # Дилноза's one case (was "1 cases")
    meta = {k: str(v) for k, v in (reader.metadata or {}).items()}
    assert meta.get("/Author", "") in ("", "anonymous")
    assert "tester" not in json.dumps(meta)
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("DejaVuSans" in f for f in fonts)
    assert json.dumps(overview_json(overview(db)))  # JSON-serialisable
