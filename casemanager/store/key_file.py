"""Encryption at rest: SQLCipher databases keyed by a random key kept in a key file.

Design (see docs/security.md):
- Every encrypted database has a random 256-bit *database key*. SQLCipher gets it raw
  (`x'…'` form through the binding's `set_key`, so no SQL text carries it and SQLCipher's
  own PBKDF2 is skipped: the slow step is ours, once, at unlock).
- The database key is never stored in clear. A sidecar file next to the database
  (`cases.db.keys`, JSON) holds it twice, AES-256-GCM wrapped: once by a key derived from
  the passphrase (Argon2id), once by a recovery key shown to the user once, at encryption
  time. Changing the passphrase re-wraps 32 bytes; the database itself is untouched.
- Without the key file neither the passphrase nor the recovery key can open the database:
  backups copy it along (`backup.db.keys`), and docs/security.md says to keep it.

This module knows nothing of SQLAlchemy; store/database.py builds engines on `connect_encrypted`.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casemanager.domain.errors import DatabaseError
from casemanager.domain.messages import msg
from casemanager.system.safe_files import fsync_dir, write_atomically  # noqa: F401 (fsync_dir: re-exported)

# Environment variables that hold a passphrase or recovery key for unattended use
# (scripts, the packaged self-check); the command line and the window both read them.
PASSPHRASE_ENV = "CASEMANAGER_PASSPHRASE"
NEW_PASSPHRASE_ENV = "CASEMANAGER_NEW_PASSPHRASE"
RECOVERY_ENV = "CASEMANAGER_RECOVERY_KEY"

KEYFILE_FORMAT = "casemanager-keys/1"
KEY_BYTES = 32
SQLITE_HEADER = b"SQLite format 3\x00"
# Argon2id at OWASP's first recommended setting (64 MiB, 3 passes): about a third of a
# second on a laptop at unlock, which is what an attacker pays per guessed passphrase.
ARGON2 = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 2}
MIN_PASSPHRASE = 8


class WrongPassphrase(DatabaseError):
    """The passphrase or recovery key does not unlock this database."""


class PassphraseRequired(DatabaseError):
    """The database is encrypted and no passphrase was given."""


def keyfile_path(db_path: str | os.PathLike) -> Path:
    path = Path(db_path)
    return path.with_name(path.name + ".keys")


def is_encrypted_file(path: str | os.PathLike) -> bool:
    """True for an existing, non-empty file that is not a plain SQLite database."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return False
    return bool(head) and head != SQLITE_HEADER


def check_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise DatabaseError(msg("the passphrase must have at least {count} characters", count=MIN_PASSPHRASE))
    return passphrase


# ---------------------------------------------------------------- recovery keys


def format_recovery_key(raw: bytes) -> str:
    """32 bytes as 13 groups of 4 base32 characters, easy to write down and type."""
    text = base64.b32encode(raw).decode().rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    # People read 0/O and 1/I/L alike on paper; base32 has no 0, 1 or 8.
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except ValueError:
        raw = b""
    if len(raw) != KEY_BYTES:
        raise WrongPassphrase(msg("that is not a recovery key (13 groups of 4 letters and digits)"))
    return raw


# ---------------------------------------------------------------- wrapping


# argon2 and cryptography are imported where keys are made or unwrapped: every command
# opens a database through this module, and a plain one needs neither.


def _argon2(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        passphrase.encode("utf-8"), salt, hash_len=KEY_BYTES, type=Type.ID, **params
    )


def _hkdf(secret: bytes, salt: bytes) -> bytes:
    # The recovery key is already 256 random bits: no stretching needed, only separation.
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(hashes.SHA256(), KEY_BYTES, salt, b"casemanager recovery").derive(secret)


def _aad(slot: str) -> bytes:
    return f"casemanager database key/{slot}".encode()


def _wrap(slot: str, wrapping_key: bytes, db_key: bytes, extra: dict[str, Any]) -> dict:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    wrapped = AESGCM(wrapping_key).encrypt(nonce, db_key, _aad(slot))
    return {**extra, "nonce": nonce.hex(), "wrapped": wrapped.hex()}


def _unwrap(slot: str, wrapping_key: bytes, entry: dict) -> bytes | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(wrapping_key).decrypt(
            bytes.fromhex(entry["nonce"]), bytes.fromhex(entry["wrapped"]), _aad(slot)
        )
    except (InvalidTag, KeyError, ValueError):
        return None


def passphrase_slot(passphrase: str, db_key: bytes) -> dict:
    salt = os.urandom(16)
    params = dict(ARGON2)
    extra = {"kdf": "argon2id", "salt": salt.hex(), **params}
    return _wrap("passphrase", _argon2(passphrase, salt, params), db_key, extra)


def recovery_slot(recovery: bytes, db_key: bytes) -> dict:
    salt = os.urandom(16)
    return _wrap("recovery", _hkdf(recovery, salt), db_key, {"kdf": "hkdf-sha256", "salt": salt.hex()})


@dataclass(frozen=True)
class NewKeys:
    """What encrypting a database makes: the key, the recovery key to show once, the file."""

    db_key: bytes
    recovery_key: str
    keyfile: dict


def new_keys(passphrase: str) -> NewKeys:
    check_passphrase(passphrase)
    db_key = secrets.token_bytes(KEY_BYTES)
    recovery = secrets.token_bytes(KEY_BYTES)
    keyfile = {
        "format": KEYFILE_FORMAT,
        "cipher": "sqlcipher4",
        "slots": {
            "passphrase": passphrase_slot(passphrase, db_key),
            "recovery": recovery_slot(recovery, db_key),
        },
    }
    return NewKeys(db_key, format_recovery_key(recovery), keyfile)


def read_keyfile(db_path: str | os.PathLike) -> dict:
    path = keyfile_path(db_path)
    try:
        if path.exists() and not path.is_file():  # a pipe or a device would hang or flood
            raise DatabaseError(msg("the key file {path} is not a regular file", path=path))
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatabaseError(
            f"{db_path} is encrypted (or not a database at all) and its key file {path.name} "
            "is missing; put the key file back next to it (backups carry a copy)"
        ) from None
    except (OSError, ValueError) as exc:
        raise DatabaseError(msg("cannot read the key file {path}: {reason}", path=path, reason=str(exc))) from None
    except RecursionError:  # JSON nested thousands deep: not ours, and not to be parsed
        raise DatabaseError(msg("{path} is not a Case Manager key file (nested too deep)", path=path)) from None
    if not isinstance(data, dict) or data.get("format") != KEYFILE_FORMAT:
        raise DatabaseError(msg("{path} is not a Case Manager key file", path=path))
    problem = _keyfile_problem(data)
    if problem:
        raise DatabaseError(f"the key file {path} is damaged ({problem}); "
                            "use the copy that came with a backup")
    return data


# What a key file may ask of Argon2id. Far above our own setting (ARGON2) but bounded,
# so a damaged or planted file cannot make unlocking take hours or all the memory.
ARGON2_LIMITS = {"time_cost": (1, 16), "memory_cost": (8, 1024 * 1024), "parallelism": (1, 16)}


def _hex(entry: dict, name: str, size: int | None) -> str | None:
    value = entry.get(name)
    if not isinstance(value, str):
        return f"{name} is not text"
    try:
        raw = bytes.fromhex(value)
    except ValueError:
        return f"{name} is not hexadecimal"
    if size is not None and len(raw) != size:
        return f"{name} has {len(raw)} bytes, not {size}"
    return None


def _keyfile_problem(data: dict) -> str | None:
    """What is wrong with a key file's structure (types, hex, Argon2 costs), or None."""
    slots = data.get("slots")
    if not isinstance(slots, dict):
        return "no slots"
    for slot in ("passphrase", "recovery"):
        entry = slots.get(slot)
        if not isinstance(entry, dict):
            return f"no {slot} slot"
        for name, size in (("salt", 16), ("nonce", 12), ("wrapped", KEY_BYTES + 16)):
            problem = _hex(entry, name, size)
            if problem:
                return f"{slot} slot: {problem}"
    entry = slots["passphrase"]
    if entry.get("kdf", "argon2id") != "argon2id":
        return "passphrase slot: unknown kdf"
    for name, (low, high) in ARGON2_LIMITS.items():
        value = entry.get(name, ARGON2[name])
        if type(value) is not int or not low <= value <= high:
            return f"passphrase slot: {name} must be a whole number from {low} to {high}"
    if entry.get("memory_cost", ARGON2["memory_cost"]) < 8 * entry.get("parallelism", 2):
        return "passphrase slot: memory_cost below 8 × parallelism"
    return None


def write_keyfile(db_path: str | os.PathLike, keyfile: dict) -> Path:
    """Write the key file atomically (temporary file, fsync, rename), owner-only.

    Raises CaseManagerError when it cannot be written (full disk); the old one stays."""
    return write_atomically(keyfile_path(db_path), json.dumps(keyfile, indent=2).encode(),
                            database_file=True)  # the database's own key file


def unlock_key(
    db_path: str | os.PathLike, *, passphrase: str | None = None, recovery_key: str | None = None
) -> bytes:
    """The database key from the key file, with the passphrase or the recovery key."""
    keyfile = read_keyfile(db_path)
    slots = keyfile.get("slots", {})
    if recovery_key is not None:
        raw = parse_recovery_key(recovery_key)
        entry = slots.get("recovery") or {}
        key = _unwrap("recovery", _hkdf(raw, bytes.fromhex(entry.get("salt", ""))), entry)
        if key is None:
            raise WrongPassphrase(msg("the recovery key does not unlock {path}", path=db_path))
        return key
    if passphrase is None:
        raise PassphraseRequired(msg("{path} is encrypted; a passphrase is needed", path=db_path))
    entry = slots.get("passphrase") or {}
    params = {k: entry.get(k, ARGON2[k]) for k in ARGON2}  # checked by read_keyfile
    wrapping = _argon2(passphrase, bytes.fromhex(entry.get("salt", "")), params)
    key = _unwrap("passphrase", wrapping, entry)
    if key is None:
        raise WrongPassphrase(msg("wrong passphrase for {path}", path=db_path))
    return key


def change_passphrase(db_path: str | os.PathLike, db_key: bytes, new_passphrase: str) -> None:
    """Re-wrap the database key under a new passphrase; the recovery key stays valid."""
    check_passphrase(new_passphrase)
    keyfile = read_keyfile(db_path)
    keyfile["slots"]["passphrase"] = passphrase_slot(new_passphrase, db_key)
    write_keyfile(db_path, keyfile)


