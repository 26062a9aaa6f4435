"""Attachments: photos and documents stored inside the database, with their SHA-256.

The actions take `uow=` to work inside a caller's unit of work (no commit of their own).
"""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from casemanager.domain.errors import CaseManagerError, NotFoundError, ValidationError
from casemanager.domain.fields import clean_text
from casemanager.domain.messages import msg
from casemanager.services.cases import load_case, touch_case
from casemanager.store.database import Database
from casemanager.store.models import Attachment
from casemanager.store.unit_of_work import UnitOfWork, unit_of_work
from casemanager.system.safe_files import read_regular_file

MAX_ATTACHMENT = 50 * 1024 * 1024  # a phone video would make backups unwieldy


def add_attachment(
    db: Database,
    reference: str,
    *,
    filename: str,
    data: bytes,
    description: str = "",
    mime_type: str | None = None,
    is_portrait: bool = False,
    confidential: bool = False,
    appeal_id: int | None = None,
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> int:
    """Store `data` as an attachment of the case (a portrait replaces the previous
    one); returns its id. Raises ValidationError (name, data over 50 MB), NotFoundError."""
    name = clean_text("filename", Path(filename).name, 300)
    if not name:
        raise ValidationError("filename", msg("is required"))
    if not isinstance(data, bytes | bytearray):
        raise ValidationError("data", msg("expected bytes"))
    if len(data) > MAX_ATTACHMENT:
        raise ValidationError("data", msg("is {size} MB; at most 50 MB", size=len(data) // 1048576))
    mime = mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    digest = hashlib.sha256(data).hexdigest()
    with unit_of_work(db, uow, actor) as uow:
        case = load_case(uow.session, reference, writing=True)
        if is_portrait:
            _clear_portrait(uow.session, case.id)
        att = Attachment(
            case_id=case.id,
            filename=name,
            mime_type=mime,
            size=len(data),
            sha256=digest,
            description=clean_text("description", description, 2000, multiline=True),
            is_portrait=is_portrait,
            confidential=confidential,
            appeal_id=appeal_id,
            data=bytes(data),
        )
        uow.session.add(att)
        uow.session.flush()
        touch_case(uow.session, case)
        uow.audit(
            "add_attachment",
            "attachment",
            entity_id=att.id,
            case=case,
            changes={"filename": (None, name), "sha256": (None, digest), "size": (None, len(data))},
        )
        return att.id


def add_attachment_file(db: Database, reference: str, path: str | Path, **kw: Any) -> int:
    """Attach the file at `path` (keyword arguments as `add_attachment`); returns its id.

    Only regular files of at most MAX_ATTACHMENT bytes: a device or named pipe is
    refused with ValidationError before it is read.
    """
    try:
        data = read_regular_file(path, MAX_ATTACHMENT)
    except CaseManagerError as exc:
        raise ValidationError("file", str(exc)) from None
    return add_attachment(db, reference, filename=Path(path).name, data=data, **kw)


def _clear_portrait(session: Session, case_id: int) -> None:
    session.execute(
        update(Attachment).where(Attachment.case_id == case_id).values(is_portrait=False)
    )


def _load(session: Session, attachment_id: int) -> Attachment:
    att = session.get(Attachment, attachment_id)
    if att is None:
        raise NotFoundError(msg("no attachment with id {id}", id=attachment_id))
    return att


def attachment_data(db: Database, attachment_id: int) -> bytes:
    """The stored bytes of an attachment. Raises NotFoundError."""
    with db.session() as session:
        return _load(session, attachment_id).data


def set_portrait(
    db: Database, attachment_id: int, *, actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> None:
    """Make a picture the case's portrait. Raises NotFoundError, ValidationError (not a
    picture)."""
    with unit_of_work(db, uow, actor) as uow:
        att = _load(uow.session, attachment_id)
        if not att.mime_type.startswith("image/"):
            raise ValidationError("portrait", msg("{file} is not a picture", file=att.filename))
        _clear_portrait(uow.session, att.case_id)
        att.is_portrait = True
        touch_case(uow.session, att.case)
        uow.audit(
            "set_portrait",
            "attachment",
            entity_id=att.id,
            case=att.case,
            changes={"is_portrait": (False, True)},
        )


def update_attachment(
    db: Database,
    attachment_id: int,
    *,
    description: str | None = None,
    confidential: bool | None = None,
    actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> None:
    """Edit an attachment's description or confidentiality (None: left as it is).
    Raises NotFoundError, ValidationError."""
    with unit_of_work(db, uow, actor) as uow:
        att = _load(uow.session, attachment_id)
        changes: dict[str, tuple[object, object]] = {}
        if description is not None:
            text = clean_text("description", description, 2000, multiline=True)
            if text != att.description:
                changes["description"] = (att.description, text)
                att.description = text
        if confidential is not None and confidential != att.confidential:
            changes["confidential"] = (att.confidential, confidential)
            att.confidential = confidential
        if not changes:
            return
        touch_case(uow.session, att.case)
        uow.audit(
            "update_attachment", "attachment", entity_id=att.id, case=att.case, changes=changes
        )


def delete_attachment(
    db: Database, attachment_id: int, *, actor: str | None = None,
    uow: UnitOfWork | None = None,
) -> None:
    """Delete an attachment. Raises NotFoundError."""
    with unit_of_work(db, uow, actor) as uow:
        att = _load(uow.session, attachment_id)
        case = att.case
        uow.audit(
            "delete_attachment",
            "attachment",
            entity_id=att.id,
            case=case,
            changes={"filename": (att.filename, None), "sha256": (att.sha256, None)},
        )
        uow.session.delete(att)
        touch_case(uow.session, case)
