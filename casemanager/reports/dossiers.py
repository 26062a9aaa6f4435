"""Making dossiers: read, redact, render, write, and record each in the disclosure ledger.

`make_dossier()` makes one PDF of one or several cases (several begin with a cover
letter; each case starts on a new page); `make_dossier_folder()` one file per case.
Every dossier is recorded in its case's disclosure ledger (recipient, date, profile,
SHA-256 of the file, who made it) in one transaction with an audit entry. When an
output path is given the file is written inside that transaction (to a temporary name,
then renamed), so a ledger entry never exists without its file, nor a file without it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.platypus import PageBreak
from sqlalchemy import select

from casemanager.domain.dto import CaseDetail, DisclosureInfo, from_row
from casemanager.domain.errors import CaseManagerError, NotFoundError, ValidationError
from casemanager.domain.messages import msg
from casemanager.domain.progress import Progress, no_progress
from casemanager.domain.redaction import PROFILES, get_profile, redact
from casemanager.reports.case_dossier import CaseDossier
from casemanager.reports.cover_letter import CoverLetter
from casemanager.reports.labels import LANGUAGES, Labels
from casemanager.services.access import require
from casemanager.services.attachments import attachment_data
from casemanager.services.cases import get_case, normalise_reference, with_reference
from casemanager.services.settings import ORGANISATION_NAME, organisation_name
from casemanager.store.database import Database
from casemanager.store.models import Case, Disclosure, utcnow
from casemanager.store.unit_of_work import UnitOfWork
from casemanager.system.safe_files import check_output, publish, stage

ORGANISATION_KEY = ORGANISATION_NAME.key


def _check(lang: str, profile: str, references: Sequence[str]) -> None:
    if lang not in LANGUAGES:
        raise ValidationError("lang", msg("'{lang}' is not one of {languages}", lang=lang,
                                          languages=", ".join(LANGUAGES)))
    if profile not in PROFILES:
        raise ValidationError("profile", msg("'{profile}' is not one of {profiles}",
                                             profile=profile, profiles=", ".join(PROFILES)))
    if not references:
        raise ValidationError("references", msg("name at least one case"))


def _portrait(db: Database, detail: CaseDetail) -> bytes | None:
    att = detail.portrait
    return attachment_data(db, att.id) if att is not None else None


def _load(db: Database, references: Sequence[str], profile_name: str, progress: Progress
          ) -> list[tuple[CaseDetail, bytes | None]]:
    profile = get_profile(profile_name)
    seen: set[str] = set()
    cases = []
    for n, ref in enumerate(references):
        key = normalise_reference(ref)
        if key in seen:
            continue
        seen.add(key)
        progress(n, len(references), msg("Reading {reference}", reference=key))
        detail = redact(get_case(db, key), profile)
        cases.append((detail, _portrait(db, detail)))
    return cases


def _renderer(db: Database, lang: str, profile: str, recipient: str, made_at: dt.datetime
              ) -> dict[str, Any]:
    """The arguments every renderer of this document gets; the header's right-hand line
    names the recipient, or else the kind of recipient the profile is for."""
    line = recipient or get_profile(profile).title(lang)
    return dict(lang=lang, organisation=organisation_name(db), made_at=made_at,
                recipient_line=f"{Labels(lang)['profile']}: {line}",
                public=profile == "public")


def render_dossier(
    db: Database,
    references: Sequence[str],
    *,
    lang: str = "en",
    profile: str = "internal",
    recipient: str = "",
    progress: Progress = no_progress,
    made_at: dt.datetime | None = None,
) -> tuple[bytes, list[CaseDetail]]:
    """The PDF and the (redacted) cases in it, recording nothing."""
    require(db, "dossier")
    _check(lang, profile, references)
    made_at = made_at or utcnow()
    cases = _load(db, references, profile, progress)
    kw = _renderer(db, lang, profile, recipient, made_at)
    renderer = CaseDossier(profile=get_profile(profile), **kw)
    story = []
    if len(cases) > 1:
        story += CoverLetter(**kw).story(recipient, [d for d, _ in cases])
        renderer.document_title = renderer.labels["cover_title"]
    for n, (detail, photo) in enumerate(cases):
        progress(n, len(cases), msg("Laying out {reference}", reference=detail.reference))
        if n:
            story.append(PageBreak())
        story += renderer.story(detail, photo)
    progress(len(cases), len(cases), msg("Writing the PDF"))
    return renderer.build(story), [d for d, _ in cases]


def record_delivered(db: Database, cases: Sequence[CaseDetail], pdf: bytes, *,
                     recipient: str, profile: str, actor: str | None = None,
                     kind: str = "dossier") -> None:
    """Record a dossier that was delivered some other way than a file (printed) in each
    case's disclosure ledger, in one unit of work. Call it only once delivery succeeded:
    the ledger must list what really left, not what was attempted."""
    digest = hashlib.sha256(pdf).hexdigest()
    with UnitOfWork(db, actor) as uow:
        record_disclosure(uow, cases, recipient=recipient, profile=profile, digest=digest,
                          filename="", kind=kind)
        uow.commit()


def record_disclosure(uow: UnitOfWork, cases: Sequence[CaseDetail], *, recipient: str,
                      profile: str, digest: str, filename: str, kind: str = "dossier") -> None:
    """Add a ledger entry and its audit entry for each case, inside the caller's unit of work."""
    for detail in cases:
        case = uow.session.scalars(select(Case).where(Case.id == detail.id)).one()
        entry = Disclosure(case_id=case.id, recipient=recipient[:300], kind=kind,
                           profile=profile, filename=filename[:300], sha256=digest,
                           made_at=utcnow(), made_by=uow.actor)
        uow.session.add(entry)
        uow.session.flush()
        uow.audit("disclose", "disclosure", entity_id=entry.id, case=case, changes={
            "recipient": (None, recipient), "profile": (None, profile),
            "sha256": (None, digest), "kind": (None, kind)})


def make_dossier(
    db: Database,
    references: Sequence[str],
    lang: str = "en",
    profile: str = "internal",
    recipient: str = "",
    progress: Progress = no_progress,
    *,
    output: str | Path | None = None,
    actor: str | None = None,
) -> bytes:
    """One PDF of the cases, recorded in each case's disclosure ledger; written to
    `output` (if given) in the same all-or-nothing step."""
    target = check_output(output, what="dossier file") if output is not None else None
    pdf, cases = render_dossier(db, references, lang=lang, profile=profile,
                                recipient=recipient, progress=progress)
    digest = hashlib.sha256(pdf).hexdigest()
    with UnitOfWork(db, actor) as uow:
        record_disclosure(uow, cases, recipient=recipient, profile=profile, digest=digest,
                filename=target.name if target else "")
        tmp = stage(target, pdf) if target else None
        try:
            uow.session.flush()
            if tmp is not None:
                publish(tmp, target)  # type: ignore[arg-type]
                tmp = None
            uow.commit()
        finally:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
    return pdf


def make_dossier_folder(
    db: Database,
    references: Sequence[str],
    folder: str | Path,
    lang: str = "en",
    profile: str = "internal",
    recipient: str = "",
    progress: Progress = no_progress,
    *,
    actor: str | None = None,
) -> list[Path]:
    """One PDF per case into `folder`, named by reference only (no names in file lists)."""
    _check(lang, profile, references)
    out = Path(folder)
    if not out.is_dir():
        raise CaseManagerError(msg("{path} is not a folder", path=str(out)))
    made = []
    refs = list(dict.fromkeys(normalise_reference(r) for r in references))
    for n, ref in enumerate(refs):
        progress(n, len(refs), msg("Making the dossier of {reference}", reference=ref))
        pdf, cases = render_dossier(db, [ref], lang=lang, profile=profile, recipient=recipient)
        # Checked like any file we write (never the open database, named CM-0001.pdf).
        made.append((check_output(out / f"{ref}.pdf", what="dossier file"), pdf, cases))
    tmps: list[Path] = []
    try:
        with UnitOfWork(db, actor) as uow:
            for path, pdf, cases in made:
                record_disclosure(uow, cases, recipient=recipient, profile=profile,
                        digest=hashlib.sha256(pdf).hexdigest(), filename=path.name)
                tmps.append(stage(path, pdf))
            uow.session.flush()
            for tmp, (path, _, _) in zip(tmps, made, strict=True):
                publish(tmp, path)
            tmps = []
            uow.commit()
    finally:
        for tmp in tmps:
            tmp.unlink(missing_ok=True)
    progress(len(refs), len(refs), "")
    return [path for path, _, _ in made]


def list_disclosures(db: Database, reference: str) -> list[DisclosureInfo]:
    """A case's disclosure ledger, newest first."""
    with db.session() as session:
        case_id = session.scalar(with_reference(select(Case.id),
                                                normalise_reference(reference)))
        if case_id is None:
            raise NotFoundError(msg("no case {reference}",
                                    reference=normalise_reference(reference)))
        rows = session.scalars(select(Disclosure).where(Disclosure.case_id == case_id)
                               .order_by(Disclosure.made_at.desc(), Disclosure.id.desc()))
        return [from_row(DisclosureInfo, r) for r in rows]
