"""What `send` refuses before it writes or records anything (issue 20's tester, findings
6 and 7): a bundle the partner's Case Manager would refuse (over 256 MB, too many
records), and a case merged into another."""

from __future__ import annotations

import shutil

import pytest
from dossier_case import make_case

from casemanager.bundles import keys
from casemanager.reports.dossiers import list_disclosures
from casemanager.services import attachments, cases, records
from casemanager.services.merge import merge_cases
from casemanager.store.database import open_database
from casemanager.store.unit_of_work import UnitOfWork


@pytest.fixture
def org(sqlite_db, sqlite_path, sqlite_template, tmp_path):
    keys.init_keys(sqlite_db, user_id="Bishkek")
    shutil.copy(sqlite_template, tmp_path / "kyiv.db")
    kyiv = open_database(str(tmp_path / "kyiv.db"))
    keys.init_keys(kyiv, user_id="Kyiv")
    keys.add_partner_key(sqlite_db, keys.export_public_key(kyiv).encode(), name="Kyiv")
    kyiv.dispose()
    return sqlite_db, str(sqlite_path)


def _one_line(result) -> str:
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


def test_a_bundle_over_the_receivers_limit_is_refused_naming_the_attachments(
        org, cli, tmp_path):
    db, path = org
    big = make_case(db)
    small = make_case(db, family_name="Karimov")
    blob = bytes(45 * 1024 * 1024)
    for n in range(6):
        attachments.add_attachment(db, big, filename=f"scan-{n}.pdf", data=blob,
                                   mime_type="application/pdf")
    del blob
    out = tmp_path / "big.pgp"
    line = _one_line(cli("send", big, small, "--to", "Kyiv", "-o", str(out), db=path))
    assert "at most 256 MB" in line, line
    # The attachments that make it too big, by case and name: six at 45 MB are 360 MB
    # in base64; leaving out the first two brings it under.
    assert f"{big} scan-" in line and "(45 MB)" in line, line
    assert line.count("scan-") == 2, line
    assert not out.exists() and list(tmp_path.glob(".big.pgp*")) == []
    assert list_disclosures(db, big) == [] and list_disclosures(db, small) == []
    # Without them (marked confidential, so the partner profile leaves them out) it goes.
    with UnitOfWork(db) as uow:
        from casemanager.store.models import Attachment

        for att in uow.session.query(Attachment).filter(Attachment.filename.in_(
                ["scan-0.pdf", "scan-1.pdf"])):
            att.confidential = True
        uow.commit()
    sent = cli("send", big, "--to", "Kyiv", "-o", str(out), db=path)
    assert sent.returncode == 0, sent.stderr
    assert 240 * 1024 * 1024 < out.stat().st_size <= 256 * 1024 * 1024
    assert len(list_disclosures(db, big)) == 1


def test_a_case_with_more_records_than_the_receiver_takes_is_refused(org, cli, tmp_path):
    db, path = org
    ref = make_case(db)
    with UnitOfWork(db) as uow:
        for n in range(2001):
            records.add_event(db, ref, date="2024-01-01", kind="note",
                              summary=f"call {n}", uow=uow)
        uow.commit()
    out = tmp_path / "many.pgp"
    line = _one_line(cli("send", ref, "--to", "Kyiv", "-o", str(out), db=path))
    assert ref in line and "at most 2000 per case" in line, line
    assert not out.exists() and list_disclosures(db, ref) == []


def test_a_case_merged_into_another_is_not_sent(org, cli, tmp_path):
    db, path = org
    keep = make_case(db)
    gone = cases.create_case(db, fields={"family_name": "Tursunov",
                                         "given_name": "Alisher"}).reference
    merge_cases(db, keep, gone)
    out = tmp_path / "merged.pgp"
    line = _one_line(cli("send", gone, "--to", "Kyiv", "-o", str(out), db=path))
    assert f"{gone} was merged into {keep}; send {keep}" in line, line
    assert not out.exists() and list_disclosures(db, gone) == []
    sent = cli("send", keep, "--to", "Kyiv", "-o", str(out), db=path)
    assert sent.returncode == 0 and f": 1 case ({keep})" in sent.stdout, sent.stdout
