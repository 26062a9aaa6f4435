"""Organisation-wide settings kept with the data (the `settings` table), declared once.

Each declared setting has a key, a type, a default and a title; `set_setting` validates
against the declaration and writes in one transaction with its audit entry, so a bad
value names its field and leaves the data untouched. Undeclared keys (letter templates,
counters of other modules) are plain text.
"""

from __future__ import annotations

from dataclasses import dataclass

from casemanager.domain.errors import ValidationError
from casemanager.domain.fields import clean_text
from casemanager.domain.messages import msg
from casemanager.store.database import Database
from casemanager.store.models import Setting
from casemanager.store.unit_of_work import UnitOfWork, unit_of_work


@dataclass(frozen=True)
class SettingSpec:
    key: str
    kind: type  # str or int
    default: str | int
    title: str
    minimum: int = 0
    maximum: int = 1_000_000
    max_len: int = 200


# No default: until the organisation is named (on first start, or in Settings) documents
# print no name at all, never a placeholder such as the program's own name.
ORGANISATION_NAME = SettingSpec(
    "organisation_name", str, "", "Organisation name (heads every dossier page)")
# What earlier versions showed (and a Settings dialog saved unchanged stored) when no
# name was given: the program's name, not the organisation's.
ORGANISATION_PLACEHOLDER = "Case Manager"
BACKUP_KEEP = SettingSpec(
    "backup_keep", int, 10, "Backups to keep", minimum=1, maximum=999)

SETTINGS: dict[str, SettingSpec] = {s.key: s for s in (ORGANISATION_NAME, BACKUP_KEEP)}
_FREE_TEXT_MAX = 20_000  # templates are long


def get_setting(db: Database, key: str, default: str = "") -> str:
    """The stored text of `key`; `default` when it is missing or blank."""
    with db.session() as session:
        row = session.get(Setting, key)
        return row.value if row is not None and row.value else default


def organisation_name(db: Database) -> str:
    """The organisation's name for documents; empty text while it is unknown."""
    name = get_setting(db, ORGANISATION_NAME.key, "")
    return "" if name == ORGANISATION_PLACEHOLDER else name


def setting_value(db: Database, key: str) -> str | int:
    """A declared setting as its type, its declared default when unset or unreadable."""
    spec = SETTINGS[key]
    text = get_setting(db, key, "")
    if not text:
        return spec.default
    if spec.kind is int:
        try:
            return int(text)
        except ValueError:
            return spec.default
    return text


def clean_setting(key: str, value: object) -> str:
    """The text stored for `value`, or ValidationError(key, reason)."""
    spec = SETTINGS.get(key)
    if spec is None:
        return clean_text(key, value, _FREE_TEXT_MAX, multiline=True)
    if spec.kind is int:
        if isinstance(value, bool):
            raise ValidationError(key, msg("must be a whole number"))
        try:
            number = int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            raise ValidationError(key, msg("must be a whole number")) from None
        if not spec.minimum <= number <= spec.maximum:
            raise ValidationError(key, msg("must be between {low} and {high}",
                                             low=spec.minimum, high=spec.maximum))
        return str(number)
    text = clean_text(key, value, spec.max_len)
    if not text:
        raise ValidationError(key, msg("is required"))
    return text


def set_setting(db: Database, key: str, value: object, actor: str | None = None, *,
                uow: UnitOfWork | None = None) -> str:
    """Validate and store one setting (one transaction, one audit entry); returns the
    stored text. Storing the value it already has changes nothing. Raises
    ValidationError(key, reason)."""
    return set_settings(db, {key: value}, actor, uow=uow)[key]


def set_settings(db: Database, values: dict[str, object],
                 actor: str | None = None, *, uow: UnitOfWork | None = None) -> dict[str, str]:
    """Several settings as one user action: all are validated first (the first bad one
    raises ValidationError and nothing is stored), then written in one transaction with
    one audit entry; returns key -> stored text. `uow`: inside the caller's transaction."""
    texts = {key: clean_setting(key, value) for key, value in values.items()}
    with unit_of_work(db, uow, actor) as uow:
        changes: dict[str, tuple[str | None, str]] = {}
        rows: dict[str, Setting | None] = {}
        for key, text in texts.items():
            row = rows[key] = uow.session.get(Setting, key)
            old = row.value if row is not None else None
            if old != text:
                changes[key] = (old, text)
        if changes:
            from casemanager.services.access import require

            require(uow.session, "org_settings")  # on a server, the coordinators'
        for key, (_old, text) in changes.items():
            row = rows[key]
            if row is None:
                uow.session.add(Setting(key=key, value=text))
            else:
                row.value = text
        if changes:
            uow.audit("set_setting", "setting", changes=changes)
    return texts
