"""The command line as a partner's script runs it: a subprocess, text in and out."""

from __future__ import annotations

import json

import pytest

from casemanager.services.interchange import COLUMNS


@pytest.fixture
def demo_path(sqlite_path, cli):
    result = cli("demo", "--cases", "40", "--seed", "5", db=str(sqlite_path))
    assert result.returncode == 0, result.stderr
    return str(sqlite_path)


def test_init_creates_and_check_reports(tmp_path, cli):
    path = str(tmp_path / "new.db")
    result = cli("init", db=path)
    assert result.returncode == 0, result.stderr
    check = cli("check", "--format", "json", db=path)
    report = json.loads(check.stdout)
    assert report["ok"] is True
    assert report["integrity"] == "ok"
    assert report["schema"] == report["schema_head"]
    assert report["counts"]["cases"] == 0


def test_database_from_environment(tmp_path, cli):
    path = str(tmp_path / "env.db")
    assert cli("init", env={"CASEMANAGER_DB": path}).returncode == 0
    assert cli("new", "family_name=Осмонов", env={"CASEMANAGER_DB": path}).stdout.strip() == "CM-0001"


def test_demo_is_deterministic_per_seed(tmp_path, cli):
    outputs = []
    for name in ("a.db", "b.db"):
        path = str(tmp_path / name)
        assert cli("demo", "--cases", "25", "--seed", "9", db=path).returncode == 0
        rows = json.loads(cli("list", "--format", "json", db=path).stdout)
        outputs.append([{k: v for k, v in r.items() if k != "updated_at"} for r in rows])
    assert outputs[0] == outputs[1]
    assert len(outputs[0]) == 25


def test_demo_data_is_realistic(demo_path, cli):
    rows = json.loads(cli("list", "--format", "json", db=demo_path).stdout)
    assert list(rows[0]) == list(COLUMNS)
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in r["name_native"]) for r in rows)
    assert all(r["family_name"].isascii() for r in rows)
    assert {len(r["capture_date"]) for r in rows} > {10}  # some partial dates
    assert any(";" in r["citizenships"] for r in rows)  # some dual citizenships
    assert len({r["status"] for r in rows}) >= 4
    full = json.loads(cli("show", rows[0]["reference"], "--format", "json", db=demo_path).stdout)
    assert full["contacts"] and full["status_history"] and full["events"]
    assert any(c["kind"] == "embassy" for c in full["contacts"])


def test_list_filters_and_json(demo_path, cli):
    rows = json.loads(cli("list", "--status", "detained", "--format", "json", db=demo_path).stdout)
    assert rows and {r["status"] for r in rows} == {"detained"}
    kg = json.loads(cli("list", "--citizenship", "Кыргызстан", "--format", "json", db=demo_path).stdout)
    assert all("KG" in r["citizenships"].split(";") for r in kg)
    table = cli("list", "--limit", "3", db=demo_path)
    assert table.returncode == 0
    assert len(table.stdout.strip().splitlines()) == 4  # heading + 3


def test_list_sorts_as_the_window_does(demo_path, cli):
    """`list --sort` orders as a click on the window's column header: priority from
    normal to urgent (reversed with --descending), names in dictionary order, a wrong
    column refused on one line."""
    def column(*args: str, key: str) -> list[str]:
        result = cli("list", "--format", "json", *args, db=demo_path)
        assert result.returncode == 0, result.stderr
        return [r[key] for r in json.loads(result.stdout)]

    down = column("--sort", "priority", "--descending", key="priority")
    assert set(down) == {"normal", "high", "urgent"}
    rank = {"urgent": 0, "high": 1, "normal": 2}
    assert down == sorted(down, key=rank.__getitem__)
    up = column("--sort", "priority", key="priority")
    assert up == sorted(up, key=rank.__getitem__, reverse=True)
    names = [n for n in column("--sort", "name_native", key="name_native") if n]
    assert names == sorted(names, key=lambda n: n.lower().replace("ё", "е"))
    wrong = cli("list", "--sort", "colour", db=demo_path)
    assert wrong.returncode != 0 and "colour" in wrong.stderr and "Traceback" not in wrong.stderr


def test_search_across_names_native_names_and_aliases(tmp_path, cli):
    path = str(tmp_path / "s.db")
    cli("init", db=path)
    cli("new", "family_name=Tursunov", "given_name=Alisher", "name_native=Турсунов Алишер",
        "aliases=Tursunow Alisher", db=path)
    cli("new", "family_name=Karimov", "given_name=Aziz", db=path)
    for query in ("турсунов", "TURSUNOV", "tursunow", "Алишер", "cm-0001"):
        rows = json.loads(cli("search", query, "--format", "json", db=path).stdout)
        assert [r["reference"] for r in rows] == ["CM-0001"], query


def test_show_json_gives_the_whole_case(tmp_path, cli):
    path = str(tmp_path / "w.db")
    cli("init", db=path)
    ref = cli("new", "family_name=Tursunov", "date_of_birth=03.1994", "citizenships=UZ;RU",
              db=path).stdout.strip()
    contact = cli("contact", "add", "name=Гульнара Турсунова", "kind=relative",
                  "phone=+998 90 123 45 67", "email=g@example.org", db=path).stdout.strip()
    assert cli("contact", "link", ref, contact, "relationship=mother", "share_icrc=yes",
               db=path).returncode == 0
    assert cli("add", "appeal", ref, "subject=Consular access", "follow_up_date=2025-01-15",
               db=path).returncode == 0
    assert cli("add", "event", ref, "summary=Видео", "date=2024-02", db=path).returncode == 0
    assert cli("add", "custody", ref, "facility=Colony 8", "date_from=2024", db=path).returncode == 0
    assert cli("add", "document", ref, "doc_type=passport", "number=FA123", db=path).returncode == 0
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"\xff\xd8\xff" + b"0" * 100)
    assert cli("attach", ref, str(photo), "--description", "from mother", db=path).returncode == 0
    assert cli("status", ref, "detained", "--date", "2024-03", "--source", "ICRC", db=path).returncode == 0
    data = json.loads(cli("show", ref, "--format", "json", db=path).stdout)
    assert data["date_of_birth"] == "1994-03"
    assert data["citizenships"] == "UZ;RU"
    assert data["detention_place"] == "Colony 8"
    assert data["contacts"][0]["phones"] == "+998 90 123 45 67"
    assert data["contacts"][0]["emails"] == "g@example.org"
    assert data["contacts"][0]["share_icrc"] == "yes"
    assert data["appeals"][0]["follow_up_date"] == "2025-01-15"
    assert data["events"][0]["summary"] == "Видео"
    # In the order of the facts' dates: detained in 03.2024, the case opened today.
    assert [s["status"] for s in data["status_history"]] == ["detained", "reported"]
    assert data["custody_history"][0]["facility"] == "Colony 8"
    assert data["documents"][0]["number"] == "FA123"
    assert data["attachments"][0]["description"] == "from mother"
    text = cli("show", ref, db=path).stdout
    assert "Tursunov" in text and "Uzbekistan" in text


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["status", "CM-0001", "freed"], "status"),
        (["list", "--status", "freed"], "unknown status"),
        (["edit", "CM-0001", "date_of_birth=1994-02-30"], "date_of_birth"),
        (["new", "family_name=X", "capture_date=yesterday"], "capture_date"),
        (["show", "CM-0999"], "no case CM-0999"),
        (["edit", "CM-0001", "nickname=Ali"], "nickname"),
        (["list", "--citizenship", "Atlantis"], "unknown country"),
        (["add", "appeal", "CM-0001", "follow_up_date=2024"], "follow_up_date"),
        (["delete", "CM-0001"], "--yes"),
        (["edit", "CM-0001", "rank=x", "--expect-version", "7"], "nothing was overwritten"),
        (["demo", "--cases", "0"], "--cases"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_1(tmp_path, cli, args, needle):
    path = str(tmp_path / "b.db")
    cli("init", db=path)
    cli("new", "family_name=Tursunov", db=path)
    before = cli("show", "CM-0001", "--format", "json", db=path).stdout
    result = cli(*args, db=path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]
    assert "Traceback" not in result.stderr
    assert cli("show", "CM-0001", "--format", "json", db=path).stdout == before


@pytest.mark.parametrize("kind", ["missing", "text", "folder"])
def test_unreadable_database_is_one_line(tmp_path, cli, kind):
    path = tmp_path / "x.db"
    if kind == "text":
        path.write_text("this is not a database\n" * 100)
    elif kind == "folder":
        path.mkdir()
    result = cli("list", db=str(path))
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_the_command_line_logs_under_the_name_the_caseworker_gave(sqlite_path, cli):
    # The window asked "who are you?" and logs under that name; the command line on the
    # same file logged the login ("root") instead — a dossier "made by root".
    from sqlalchemy import select

    from casemanager.services.caseworker import set_caseworker_name
    from casemanager.store.database import open_database
    from casemanager.store.models import AuditEntry

    path = str(sqlite_path)
    db = open_database(path)
    set_caseworker_name(db, "Dilnoza Karimova", actor="Dilnoza Karimova")
    db.dispose()
    no_env_name = {"CASEMANAGER_USER": ""}
    assert cli("new", "family_name=Осмонов", db=path, env=no_env_name).returncode == 0
    assert cli("new", "family_name=Karimov", db=path,
               env={"CASEMANAGER_USER": "ops-script"}).returncode == 0
    db = open_database(path)
    with db.session() as s:
        actors = [a for (a,) in s.execute(select(AuditEntry.actor).where(
            AuditEntry.action == "create").order_by(AuditEntry.id))]
    db.dispose()
    assert actors == ["Dilnoza Karimova", "ops-script"]  # $CASEMANAGER_USER still wins


def test_show_text_gives_the_last_proof_of_life(tmp_path, cli):
    """The tester's finding: `show` printed no line for the last proof of life."""
    path = str(tmp_path / "p.db")
    cli("init", db=path)
    ref = cli("new", "family_name=Турсунов", "last_proof_of_life=2025-03",
              "last_proof_of_life_source=видео от матери", db=path).stdout.strip()
    text = cli("show", ref, db=path).stdout
    assert "Last proof of life:" in text and "2025-03 (видео от матери)" in text, text
