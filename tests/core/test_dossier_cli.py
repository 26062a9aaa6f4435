"""`casemanager dossier` and `casemanager letter` as a partner's script runs them."""

from __future__ import annotations

import hashlib
import os

import pytest
from dossier_case import DOC_NUMBER, PHONE, make_case, pdf_text

from casemanager.reports.dossiers import list_disclosures
from casemanager.services import records


@pytest.fixture
def case_db(sqlite_db, sqlite_path):
    ref = make_case(sqlite_db, share_embassy=True)
    return sqlite_db, str(sqlite_path), ref


def test_dossier_writes_the_pdf_and_records_it(cli, case_db, tmp_path):
    db, path, ref = case_db
    out = tmp_path / "d.pdf"
    result = cli("dossier", ref, "-o", str(out), "--lang", "ru", "--recipient", "Посольство",
                 db=path)
    assert result.returncode == 0, result.stderr
    text = pdf_text(out.read_bytes())
    assert "Турсунов Алишер Бахтиёрович" in text and PHONE in text and DOC_NUMBER in text
    (entry,) = list_disclosures(db, ref)
    assert entry.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert (entry.recipient, entry.profile) == ("Посольство", "internal")


def test_redact_and_profile(cli, case_db, tmp_path):
    _, path, ref = case_db
    redacted, embassy = tmp_path / "r.pdf", tmp_path / "e.pdf"
    assert cli("dossier", ref, "-o", str(redacted), "--redact", db=path).returncode == 0
    assert cli("dossier", ref, "-o", str(embassy), "--profile", "embassy",
               db=path).returncode == 0
    strict, emb = pdf_text(redacted.read_bytes()), pdf_text(embassy.read_bytes())
    assert PHONE not in strict and DOC_NUMBER not in strict
    assert PHONE in emb and DOC_NUMBER in emb  # the family consented to embassies


def test_several_cases_and_one_file_per_case(cli, case_db, tmp_path):
    db, path, ref = case_db
    other = make_case(db)
    both = tmp_path / "both.pdf"
    assert cli("dossier", ref, other, "-o", str(both), db=path).returncode == 0
    assert "Case dossiers" in pdf_text(both.read_bytes())
    folder = tmp_path / "each"
    folder.mkdir()
    result = cli("dossier", ref, other, "--per-case-folder", str(folder), db=path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{ref}.pdf", f"{other}.pdf"])
    assert len(list_disclosures(db, other)) == 2


@pytest.mark.parametrize("args, message", [
    (["CM-9999"], "no case CM-9999"),
    (["{ref}", "--lang", "de"], "invalid choice"),
    (["{ref}", "--profile", "all"], "invalid choice"),
])
def test_bad_input_is_one_line_exit_1_nothing_written(cli, case_db, tmp_path, args, message):
    db, path, ref = case_db
    out = tmp_path / "out" / "d.pdf"
    out.parent.mkdir()
    result = cli("dossier", *[a.format(ref=ref) for a in args], "-o", str(out), db=path)
    assert result.returncode == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert list(out.parent.iterdir()) == []
    assert list_disclosures(db, ref) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_unwritable_folder(cli, case_db, tmp_path):
    _, path, ref = case_db
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    result = cli("dossier", ref, "-o", str(locked / "d.pdf"), db=path)
    assert result.returncode == 1 and "cannot write" in result.stderr


def test_missing_folder_and_folder_as_file(cli, case_db, tmp_path):
    db, path, ref = case_db
    for target in (tmp_path / "nowhere" / "d.pdf", tmp_path):
        result = cli("dossier", ref, "-o", str(target), db=path)
        assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    result = cli("dossier", ref, "--per-case-folder", str(tmp_path / "nowhere"), db=path)
    assert result.returncode == 1 and "does not exist" in result.stderr
    assert list_disclosures(db, ref) == []


def test_letter_command(cli, case_db, tmp_path):
    db, path, ref = case_db
    appeal_id = records.record_ids(db, ref, "appeal")[0]
    out = tmp_path / "letter.pdf"
    result = cli("letter", str(appeal_id), "-o", str(out), "--lang", "ru", db=path)
    assert result.returncode == 0, result.stderr
    assert "Уважаемые господа" in pdf_text(out.read_bytes())
    bad = cli("letter", "999", db=path)
    assert bad.returncode == 1 and "no appeal with id 999" in bad.stderr
