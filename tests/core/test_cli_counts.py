"""Counts the command line prints: one is "1 case", not "1 cases" or "1 case(s)", and a
large count has its digits grouped ("1,200 cases"), as the window groups them."""

from __future__ import annotations


def test_one_is_singular(sqlite_path, cli):
    db = str(sqlite_path)
    ref = cli("new", "family_name=Осмонов", db=db).stdout.strip()
    stats = cli("stats", db=db)
    assert stats.returncode == 0, stats.stderr
    assert stats.stdout.startswith("1 case, 1 open"), stats.stdout
    exchange = cli("exchange", "new", "-d", "Round 1", db=db).stdout.strip()
    added = cli("exchange", "add", exchange, ref, db=db)
    assert added.stdout.startswith(f"1 case added to exchange {exchange}"), added.stdout
    released = cli("exchange", "release", exchange, ref, db=db)
    assert released.stdout.startswith("1 case marked released"), released.stdout
    exported = cli("export", "-o", str(sqlite_path.parent / "one.csv"), db=db)
    assert exported.stdout.startswith("Exported 1 case to"), exported.stdout


def test_large_counts_are_grouped(tmp_path, cli):
    db = str(tmp_path / "big.db")
    assert cli("demo", "--cases", "1200", db=db).returncode == 0
    report = tmp_path / "overview.pdf"
    stats = cli("stats", "--pdf", str(report), db=db)
    assert stats.stdout.startswith("1,200 cases, "), stats.stdout
    from pypdf import PdfReader

    assert "1,200 cases, " in PdfReader(report).pages[0].extract_text()
    due = cli("due", "--limit", "5", db=db)
    assert due.returncode == 0, due.stderr
    total = due.stderr.split(" of ", 1)[1].split(" ", 1)[0]
    assert "," in total and int(total.replace(",", "")) > 1000, due.stderr
    exported = cli("export", "-o", str(tmp_path / "all.csv"), db=db)
    assert exported.stdout.startswith("Exported 1,200 cases to"), exported.stdout
