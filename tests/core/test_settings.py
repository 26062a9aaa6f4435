"""Organisation-wide settings: declared, validated at the field, one audited transaction;
the dossier reads its organisation name through them; the CLI's dossier language follows
$CASEMANAGER_LANG or the system locale."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from casemanager.domain.errors import ValidationError
from casemanager.reports.dossiers import organisation_name
from casemanager.services.cases import create_case
from casemanager.services.settings import (
    get_setting,
    set_setting,
    set_settings,
    setting_value,
)
from casemanager.store.models import AuditEntry
from casemanager.system.language import default_language


def audits(db) -> list[AuditEntry]:
    with db.session() as s:
        return list(s.scalars(select(AuditEntry).where(AuditEntry.action == "set_setting")))


def test_defaults_then_stored_values(db):
    assert setting_value(db, "backup_keep") == 10
    assert organisation_name(db) == ""  # unknown until named: no placeholder
    set_setting(db, "organisation_name", "  Голоса   семей ", actor="anna")
    set_setting(db, "backup_keep", "25", actor="anna")
    assert organisation_name(db) == "Голоса семей"
    assert get_setting(db, "organisation_name") == "Голоса семей"
    assert setting_value(db, "backup_keep") == 25
    entries = audits(db)
    assert [e.actor for e in entries] == ["anna", "anna"]
    assert entries[0].changes == {"organisation_name": ["", "Голоса семей"]}  # as_text(None)


@pytest.mark.parametrize("key, bad, reason", [
    ("backup_keep", "many", "whole number"),
    ("backup_keep", 0, "between 1 and 999"),
    ("backup_keep", True, "whole number"),
    ("organisation_name", "   ", "required"),
    ("organisation_name", "x" * 201, ""),
])
def test_bad_values_name_the_field_and_change_nothing(db, key, bad, reason):
    set_settings(db, {"organisation_name": "Before", "backup_keep": 5})
    with pytest.raises(ValidationError) as caught:
        set_settings(db, {"organisation_name": "After", "backup_keep": 7, key: bad})
    assert caught.value.field == key and reason in caught.value.reason
    assert organisation_name(db) == "Before" and setting_value(db, "backup_keep") == 5
    assert len(audits(db)) == 1


def test_several_settings_are_one_audit_entry_and_unchanged_ones_none(db):
    set_settings(db, {"organisation_name": "Org", "backup_keep": 3}, actor="b")
    set_settings(db, {"organisation_name": "Org", "backup_keep": 3}, actor="b")
    entries = audits(db)
    assert len(entries) == 1 and set(entries[0].changes) == {"organisation_name", "backup_keep"}


@pytest.mark.parametrize("environ, expected", [
    ({"CASEMANAGER_LANG": "ru", "LANG": "en_GB.UTF-8"}, "ru"),
    ({"CASEMANAGER_LANG": "de", "LANG": "ru_RU.UTF-8"}, "ru"),
    ({"LANG": "ru_UA.UTF-8"}, "ru"),
    ({"LC_ALL": "C", "LANG": "ru_RU.UTF-8"}, "en"),
    ({"LC_MESSAGES": "ru_RU", "LANG": "en_US"}, "ru"),
    ({}, "en"),
])
def test_default_dossier_language(environ, expected):
    assert default_language(environ) == expected


def test_cli_dossier_defaults_to_casemanager_lang(cli, sqlite_db, sqlite_path, tmp_path):
    ref = create_case(sqlite_db, fields={"family_name": "Турсунов", "given_name": "Алишер"},
                      actor="t").reference
    sqlite_db.dispose()
    texts = {}
    for lang in ("ru", "en"):
        out = tmp_path / f"{lang}.pdf"
        result = cli("dossier", ref, "-o", str(out), db=str(sqlite_path),
                     env={"CASEMANAGER_LANG": lang})
        assert result.returncode == 0, result.stderr
        texts[lang] = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Досье по делу" in texts["ru"] and "Case dossier" in texts["en"]
