"""The organisation's OpenPGP key pair and the partners' public keys.

Keys are made and used with pysequoia (Sequoia-PGP): v4 keys (RFC 4880 profile, Ed25519
signing, Curve25519 encryption), which GnuPG 2.2 and later read. The secret key is kept
as armored text in the database itself (`org_keys`), so it is exactly as protected as the
case files: encrypted with them when the database is encrypted (SQLCipher), readable by
whoever can read the file when it is not (docs/bundle-format.md says so).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import ModuleType
from typing import TYPE_CHECKING

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from casemanager.domain.errors import CaseManagerError, NotFoundError, ValidationError
from casemanager.domain.fields import clean_text
from casemanager.domain.messages import msg
from casemanager.services.settings import organisation_name
from casemanager.store.database import Database
from casemanager.store.models import OrgKey, PartnerKey, utcnow
from casemanager.store.unit_of_work import UnitOfWork

if TYPE_CHECKING:  # annotations only
    import pysequoia

# A public key is a few kilobytes; anything much larger is not one.
MAX_KEY_FILE = 1024 * 1024


@dataclass(frozen=True)
class KeyInfo:
    """One key as shown by `keys list`: whose, its fingerprint (40 hex digits), when added."""

    name: str
    fingerprint: str
    own: bool
    user_ids: tuple[str, ...]
    added_at: dt.datetime

    @property
    def grouped(self) -> str:
        """The fingerprint in groups of four, as read aloud on the phone."""
        return spaced(self.fingerprint)


def spaced(fingerprint: str) -> str:
    """`ABCD 1234 …`: a fingerprint as people compare it (upper case, groups of 4)."""
    fpr = fingerprint.upper()
    return " ".join(fpr[i:i + 4] for i in range(0, len(fpr), 4))


def _pgp() -> ModuleType:
    # Imported late: commands that never touch keys do not load the native library.
    import pysequoia

    return pysequoia


def _first_line(exc: BaseException) -> str:
    # pysequoia's messages carry a Rust backtrace after the first line.
    return (str(exc).strip().splitlines() or ["unknown error"])[0].rstrip(".")


def init_keys(db: Database, *, user_id: str, actor: str | None = None,
              replace: bool = False) -> KeyInfo:
    """Make the organisation's key pair (once). `user_id` names the organisation in the
    key (what a partner's `gpg` shows). Raises CaseManagerError if a key pair exists,
    unless `replace`: then a new key pair becomes ours, and the old one is kept, retired
    (`keys list` shows it): bundles partners encrypted to it still open, and the ids of
    our records in bundles (`uid`) keep the first key's fingerprint, so partners who took
    in our cases before see the same records, not new ones. Partners must be given the
    new public key (`keys export`) and compare its fingerprint again."""
    name = clean_text("user_id", user_id, 200)
    pgp = _pgp()
    with UnitOfWork(db, actor) as uow:
        existing = uow.session.scalars(select(OrgKey).order_by(OrgKey.id.desc())).first()
        if existing is not None and not replace:
            raise CaseManagerError(
                f"this database already has a key pair ({spaced(existing.fingerprint)}); "
                "partners trust that one (`keys init --replace` makes a new one)")
        if not name:
            raise ValidationError("name", msg("the key needs the organisation's name"))
        tsk = pgp.Tsk.generate(name, profile=pgp.Profile.RFC4880)
        fpr = tsk.extract_certificate().fingerprint.upper()
        row = OrgKey(fingerprint=fpr, secret=str(tsk), created_at=utcnow(),
                     created_by=uow.actor)
        uow.session.add(row)
        uow.session.flush()
        uow.audit("keys_replace" if existing is not None else "keys_init", "org_key",
                  entity_id=row.id, changes={"fingerprint": (
                      existing.fingerprint if existing is not None else None, fpr)})
        uow.commit()
        return KeyInfo(name, fpr, True, (name,), row.created_at)


def _own_row(db: Database) -> OrgKey:
    with db.session() as session:
        # Our key pair is the newest; older ones were replaced (retired).
        row = session.scalars(select(OrgKey).order_by(OrgKey.id.desc())).first()
        if row is None:
            raise NotFoundError(msg("this database has no key pair yet: run `casemanager keys init`"))
        session.expunge(row)
        return row


def own_secret_key(db: Database) -> pysequoia.Tsk:
    """Our pysequoia `Tsk` (signs what we send, decrypts what partners send us)."""
    return _pgp().Tsk.from_bytes(_own_row(db).secret.encode())


def retired_secret_keys(db: Database) -> list[pysequoia.Tsk]:
    """The key pairs `keys init --replace` retired, newest first: a bundle a partner
    encrypted to one of them before they had our new key still opens."""
    with db.session() as session:
        rows = list(session.scalars(select(OrgKey.secret).order_by(OrgKey.id.desc())))
    return [_pgp().Tsk.from_bytes(secret.encode()) for secret in rows[1:]]


def own_fingerprint(db: Database) -> str:
    """Our key's fingerprint, 40 upper-case hex digits. Reads the fingerprint alone: on a
    server only coordinators may read the secret key (0009_bundle_grants)."""
    with db.session() as session:
        fpr = session.scalar(select(OrgKey.fingerprint).order_by(OrgKey.id.desc()).limit(1))
    if fpr is None:
        raise NotFoundError(msg("this database has no key pair yet: run `casemanager keys init`"))
    return fpr


def own_fingerprints(db: Database) -> list[str]:
    """Our key's fingerprint and those of the keys it replaced, newest first."""
    with db.session() as session:
        return list(session.scalars(select(OrgKey.fingerprint).order_by(OrgKey.id.desc())))


def identity_fingerprint(db: Database) -> str:
    """The first key pair's fingerprint: what our records' ids in bundles (`uid`) start
    with, whichever key pair we have now (a replaced key changes no record's id)."""
    with db.session() as session:
        fpr = session.scalar(select(OrgKey.fingerprint).order_by(OrgKey.id).limit(1))
    if fpr is None:
        raise NotFoundError(msg("this database has no key pair yet: run `casemanager keys init`"))
    return fpr


def own_names(db: Database) -> list[str]:
    """The names our key carries (its user ids without the e-mail address) and the
    organisation's name: what a partner may call us."""
    with db.session() as session:
        readable = _may_read_secret(session)
    names = [organisation_name(db)]
    if readable:
        names += [str(u).split(" <")[0].strip()
                  for u in own_secret_key(db).extract_certificate().user_ids]
    return [n for n in dict.fromkeys(names) if n]


def _may_read_secret(session: Session) -> bool:
    """False for a server login whose role may not read `org_keys.secret`."""
    if session.get_bind().dialect.name != "postgresql":
        return True
    return bool(session.scalar(text(
        "SELECT has_column_privilege('org_keys', 'secret', 'SELECT')")))


def export_public_key(db: Database) -> str:
    """Our public key, ASCII-armored: the file to hand to partners."""
    return str(own_secret_key(db).extract_certificate())


def _parse_certificate(data: bytes) -> pysequoia.Cert:
    pgp = _pgp()
    if len(data) > MAX_KEY_FILE:
        raise CaseManagerError(msg("the file is too large to be a public key"))
    try:
        cert = pgp.Cert.from_bytes(data)
    except Exception as exc:  # noqa: BLE001 - any parse failure is one line for the user
        raise CaseManagerError(msg("not an OpenPGP public key: {reason}", reason=_first_line(exc))) from None
    from pysequoia.packet import PacketPile, Tag

    # (Cert.has_secret_keys is deprecated in pysequoia: look at the packets themselves.)
    if any(packet.tag in (Tag.SecretKey, Tag.SecretSubkey)
           for packet in PacketPile.from_bytes(data)):
        raise CaseManagerError("the file holds a secret key; ask the partner for their "
                               "public key only (and tell them to keep this one private)")
    if cert.is_revoked:
        raise CaseManagerError(msg("the key {key} is revoked", key=spaced(cert.fingerprint)))
    try:  # what `send` does with it: a key that only signs cannot receive a bundle
        pgp.encrypt(bytes=b"-", recipients=[cert], armor=False)
    except Exception:  # noqa: BLE001 - pysequoia raises RuntimeError for everything
        raise CaseManagerError(msg(
            "the key {key} has no usable encryption subkey (it can only sign, or its "
            "encryption subkey expired), so no bundle could be sent to it; ask the "
            "partner for a key that can encrypt", key=spaced(cert.fingerprint))) from None
    return cert


def add_partner_key(db: Database, data: bytes, *, name: str,
                    actor: str | None = None) -> KeyInfo:
    """Trust a partner's public key under `name`. Raises CaseManagerError for a file that
    is not a usable public key, a name or key already held, or our own key."""
    label = clean_text("name", name, 100)
    if not label:
        raise ValidationError("name", msg("give the partner a name"))
    if ":" in label:
        # The name is the source of their references and entries ("Kyiv: CM-0001"),
        # read back up to the first colon (CSV lists, forwarded references).
        raise ValidationError("name", msg("a partner's name cannot hold ':' (it separates "
                                          "the partner from their reference)"))
    cert = _parse_certificate(data)
    fpr = cert.fingerprint.upper()
    with UnitOfWork(db, actor) as uow:
        own = uow.session.scalars(select(OrgKey.fingerprint)).first()
        if own == fpr:
            raise CaseManagerError(msg("that is this organisation's own key"))
        same = uow.session.scalars(select(PartnerKey).where(
            (PartnerKey.name == label) | (PartnerKey.fingerprint == fpr))).first()
        if same is not None and same.fingerprint == fpr:
            raise CaseManagerError(msg("this key is already trusted as '{name}'", name=same.name))
        if same is not None:
            raise CaseManagerError(
                f"a partner named '{label}' already has the key {spaced(same.fingerprint)}")
        row = PartnerKey(name=label, fingerprint=fpr, certificate=str(cert),
                         added_at=utcnow(), added_by=uow.actor)
        uow.session.add(row)
        uow.session.flush()
        uow.audit("keys_add", "partner_key", entity_id=row.id,
                  changes={"name": (None, label), "fingerprint": (None, fpr)})
        uow.commit()
        return KeyInfo(label, fpr, False, tuple(str(u) for u in cert.user_ids), row.added_at)


def remove_partner_key(db: Database, name: str, *, actor: str | None = None) -> KeyInfo:
    """Stop trusting a partner's key (a lost or replaced key: add the new one after
    comparing its fingerprint). NotFoundError for an unknown name."""
    with UnitOfWork(db, actor) as uow:
        row = uow.session.scalars(select(PartnerKey).where(PartnerKey.name == name)).first()
        if row is None:
            raise NotFoundError(msg("no partner named '{name}'", name=name))
        info = KeyInfo(row.name, row.fingerprint, False, (), row.added_at)
        uow.audit("keys_remove", "partner_key", entity_id=row.id,
                  changes={"name": (row.name, None), "fingerprint": (row.fingerprint, None)})
        uow.session.delete(row)
        uow.commit()
        return info


def list_keys(db: Database) -> list[KeyInfo]:
    """Our key first (if made), then the partners' keys by name."""
    pgp = _pgp()
    out: list[KeyInfo] = []
    with db.session() as session:
        owns = session.execute(select(OrgKey.id, OrgKey.fingerprint, OrgKey.created_at)
                               .order_by(OrgKey.id.desc())).all()
        readable = _may_read_secret(session)
        for n, own in enumerate(owns):
            user_ids: tuple[str, ...] = ()
            if readable:  # the names are in the key, not beside it
                secret = session.scalar(select(OrgKey.secret).where(OrgKey.id == own.id))
                cert = pgp.Tsk.from_bytes((secret or "").encode()).extract_certificate()
                user_ids = tuple(str(u) for u in cert.user_ids)
            # The keys it replaced: kept to open bundles partners encrypted to them.
            out.append(KeyInfo("(this organisation)" if n == 0 else "(retired, ours)",
                               own.fingerprint, True, user_ids, own.created_at))
        for row in session.scalars(select(PartnerKey).order_by(PartnerKey.name)):
            cert = pgp.Cert.from_bytes(row.certificate.encode())
            out.append(KeyInfo(row.name, row.fingerprint, False,
                               tuple(str(u) for u in cert.user_ids), row.added_at))
    return out


@dataclass(frozen=True)
class Partner:
    """A trusted partner: name, fingerprint and pysequoia `Cert`."""

    name: str
    fingerprint: str
    cert: pysequoia.Cert


def partner(db: Database, name: str) -> Partner:
    """The partner called `name`. Raises NotFoundError naming the known partners."""
    pgp = _pgp()
    with db.session() as session:
        row = session.scalars(select(PartnerKey).where(PartnerKey.name == name)).first()
        if row is None:
            known = ", ".join(session.scalars(select(PartnerKey.name).order_by(PartnerKey.name)))
            raise NotFoundError(f"no partner named '{name}' "
                                f"({'known: ' + known if known else 'add one with keys add'})")
        return Partner(row.name, row.fingerprint, pgp.Cert.from_bytes(row.certificate.encode()))


def partners(db: Database) -> list[Partner]:
    """Every trusted partner."""
    pgp = _pgp()
    with db.session() as session:
        return [Partner(r.name, r.fingerprint, pgp.Cert.from_bytes(r.certificate.encode()))
                for r in session.scalars(select(PartnerKey))]
