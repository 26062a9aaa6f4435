"""The family's names and the person to be informed (free text the consent flags cannot
see into) follow the profile and the family's consent, as the tester found them leak:
`edit CM-0001 "person_to_inform=…phone, address"` then `dossier … --redact` printed both."""

from __future__ import annotations

import pytest
from dossier_case import PHONE, make_case, pdf_text
from pypdf import PdfReader

from casemanager.services import contacts

INFORM_PHONE = "+998 91 444 55 66"
INFORM_ADDRESS = "Андижан ул. Навои 15"
INFORM = f"Мать — Нигора Абдурахмонова, {INFORM_PHONE}, {INFORM_ADDRESS}"
FATHER = "Рустамжон"  # not the patronymic's stem: that is the name, kept
MAIDEN = "Каримова"


def dossier(cli, path: str, ref: str, tmp_path, *args: str) -> str:
    out = tmp_path / f"{'-'.join(args) or 'internal'}.pdf"
    result = cli("dossier", ref, "-o", str(out), "--lang", "ru", *args, db=path)
    assert result.returncode == 0, result.stderr
    return pdf_text(out.read_bytes())


def edit(cli, path: str, ref: str, *assignments: str) -> None:
    result = cli("edit", ref, *assignments, db=path)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def refused(cli, sqlite_db, sqlite_path):
    """The tester's case: the mother consented to nobody; person_to_inform typed as her
    phone and address, with the father's name and the mother's maiden name."""
    ref = make_case(sqlite_db)
    edit(cli, str(sqlite_path), ref, f"person_to_inform={INFORM}", f"father_name={FATHER}",
         f"mother_maiden_name={MAIDEN}")
    return sqlite_db, str(sqlite_path), ref


def test_person_to_inform_is_left_out_under_redact_and_public(cli, refused, tmp_path):
    _, path, ref = refused
    internal = dossier(cli, path, ref, tmp_path)
    assert INFORM_PHONE in internal and INFORM_ADDRESS in internal
    assert FATHER in internal and MAIDEN in internal and "Зарина Турсунова" in internal
    for args in (("--redact",), ("--profile", "public")):
        text = dossier(cli, path, ref, tmp_path, *args)
        assert INFORM_PHONE not in text and INFORM_ADDRESS not in text, args
        assert "Нигора" not in text and "Лицо для уведомления" not in text, args
        assert FATHER not in text and MAIDEN not in text, args
        assert "Зарина Турсунова" not in text, args  # relative's name: «Имя не приводится»
        assert "Имя не приводится" in text and "мать" in text.lower(), args
        assert "имена членов семьи" in text, args  # the closing note says what was left out


@pytest.mark.parametrize("profile", ["embassy", "icrc"])
def test_person_to_inform_goes_to_an_embassy_only_with_the_family_s_consent(
        cli, refused, tmp_path, profile):
    db, path, ref = refused
    text = dossier(cli, path, ref, tmp_path, "--profile", profile)
    assert INFORM_PHONE not in text and INFORM_ADDRESS not in text
    assert "лицо для уведомления" in text  # named in the closing note as withheld
    # The father's name and the mother's maiden name identify the detainee (capture
    # card): an embassy or the ICRC gets them, and the relative's name.
    assert FATHER in text and MAIDEN in text and "Зарина Турсунова" in text

    flag = "share_embassy" if profile == "embassy" else "share_icrc"
    consented = make_case(db, **{flag: True})
    edit(cli, path, consented, f"person_to_inform={INFORM}")
    text = dossier(cli, path, consented, tmp_path, "--profile", profile)
    assert INFORM in text and PHONE in text

    # One more relative linked who did not consent: the text may name either, so out.
    brother = contacts.create_contact(db, fields={"kind": "relative", "name": "Акмал"})
    contacts.link_contact(db, consented, brother, fields={"relationship": "brother"})
    text = dossier(cli, path, consented, tmp_path, "--profile", profile)
    assert INFORM_PHONE not in text and INFORM_ADDRESS not in text


def test_no_relative_on_file_leaves_person_to_inform_out(cli, sqlite_db, sqlite_path,
                                                          tmp_path):
    path = str(sqlite_path)
    result = cli("new", "family_name=Каримов", "given_name=Тимур", db=path)
    assert result.returncode == 0, result.stderr
    ref = result.stdout.split()[0]
    edit(cli, path, ref, f"person_to_inform={INFORM}")
    assert INFORM_PHONE not in dossier(cli, path, ref, tmp_path, "--profile", "embassy")
    assert INFORM_PHONE in dossier(cli, path, ref, tmp_path)


def test_a_public_dossier_is_not_headed_confidential(cli, refused, tmp_path):
    _, path, ref = refused
    for args, header in (((), "КОНФИДЕНЦИАЛЬНО"), (("--profile", "embassy"), "КОНФИДЕНЦИАЛЬНО"),
                         (("--redact",), "КОНФИДЕНЦИАЛЬНО"),
                         (("--profile", "public"), "ДЛЯ ОТКРЫТОГО ИСПОЛЬЗОВАНИЯ")):
        out = tmp_path / "h.pdf"
        result = cli("dossier", ref, "-o", str(out), "--lang", "ru", *args, db=path)
        assert result.returncode == 0, result.stderr
        pages = [p.extract_text() for p in PdfReader(out).pages]
        assert all(header in page for page in pages), args
        if header != "КОНФИДЕНЦИАЛЬНО":
            assert not any("КОНФИДЕНЦИАЛЬНО" in page for page in pages)


def test_a_family_phone_in_any_free_text_stays_out_of_public_and_strict_copies(
        cli, sqlite_db, sqlite_path, tmp_path):
    """Tester 2: a proof of life's source and an event's summary printed the wife's and
    the mother's phone and a messenger name under --redact and public. Dates stay."""
    ref = make_case(sqlite_db)
    path = str(sqlite_path)
    edit(cli, path, ref, "last_proof_of_life_source=call from wife Dilnoza, +998 90 555 12 34")
    added = cli("add", "event", ref, "date=2026-11-20", "kind=call",
                "summary=Mother Zulfiya (+998935551111, Telegram @zulfiya_t) says he is alive "
                "since 12.05.2024", "source=mother", db=path)
    assert added.returncode == 0, added.stderr
    secrets_ = ("+998 90 555 12 34", "+998935551111", "@zulfiya_t")
    internal = " ".join(dossier(cli, path, ref, tmp_path).split())
    assert all(s in internal for s in secrets_), internal
    for args in (("--redact",), ("--profile", "public")):
        text = " ".join(dossier(cli, path, ref, tmp_path, *args).split())
        assert not [s for s in secrets_ if s in text], args
        assert "12.05.2024" in text and "Dilnoza" in text, args  # the rest of the text stays
