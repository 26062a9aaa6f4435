"""search keys: a Latin x in a name is read as ks too (Maxim is Максим)

The search index read a Latin x as Uzbek х only (Xasanov = Хасанов), so `Maxim Ivanov`
was not found by `Maksim` nor by `Максим`. Since this revision a name word with a Latin x
has the keys of both readings (casemanager.store.search_index `_text_keys`: the text with
each x written ks, after the text as it is). This rebuilds the name keys of exactly the
cases whose names or aliases hold a Latin x (no other case's keys change: the Ukrainian
and Russian forms of given names are looked for at query time), with their `initials`
(a word beginning with X gains a key beginning with k) and the vocabulary's new words.

The keys are computed by this file's own copy of the application's fold of that day (a
migration does not import code that may change): `_skeleton`, `_keys` and `_name_keys`
below; tests/core/test_latin_x_keys.py holds it equal to the application's, and a
database upgraded by it equal to one indexed by the application.

Revision ID: 0022_latin_x_keys
Revises: 0021_name_keys_initials
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0022_latin_x_keys"
down_revision = "0021_name_keys_initials"
branch_labels = None
depends_on = None

# Repeated here, not imported: the application's lists may change after this revision.
NAME_KINDS = ("family", "given", "patronymic", "native", "alias")
CODE_KINDS = ("ref", "doc", "ext")
INITIAL_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"
_CHUNK = 500

# ---------------------------------------------------------- the fold, as of this revision

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "є": "ye", "ї": "yi", "і": "i", "ґ": "g",
    "ў": "o", "қ": "q", "ғ": "g", "ҳ": "h", "ң": "ng", "ө": "o", "ү": "u", "ұ": "u",
    "ә": "a", "ҷ": "j", "ӣ": "i", "ӯ": "u", "һ": "h", "ҙ": "z", "ҫ": "s", "ӊ": "ng",
    "ҝ": "g", "ӝ": "j", "ӟ": "z",
}
_LATIN = {
    "ş": "sh", "š": "sh", "ș": "sh", "ç": "ch", "č": "ch", "ž": "zh", "ğ": "g", "ǵ": "g",
    "ñ": "ng", "ň": "ng", "ń": "ng", "ä": "a", "ə": "a", "æ": "a", "ö": "o", "ø": "o",
    "ü": "u", "ı": "i", "ý": "y", "ß": "ss", "đ": "d", "ł": "l",
}
_MAP = {**_CYRILLIC, **_LATIN}
_FOLDS = [
    (re.compile(r"x"), "kh"),
    (re.compile(r"dzh|dsch|dj"), "j"),
    (re.compile(r"tsch|tch"), "c"),
    (re.compile(r"shch|sch|sh"), "x"),
    (re.compile(r"zh"), "j"),
    (re.compile(r"ch"), "c"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"ts|tz"), "c"),
    (re.compile(r"ck|q"), "k"),
    (re.compile(r"w"), "v"),
    (re.compile(r"y"), "i"),
    (re.compile(r"(?<=[aeiou])j(?=[aeou])"), "i"),
    (re.compile(r"ou"), "u"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"([aeou])i(?=[aeou])"), r"\1"),
    (re.compile(r"^ie"), "e"),
    (re.compile(r"(?<=[a-z]{3})[oe](?:v|f)$"), "ov"),
    (re.compile(r"(?<=[a-z]{3})[oe]va$"), "ova"),
    (re.compile(r"(?<=[a-z]{3})[oe]vic$"), "ovic"),
    (re.compile(r"(?<=[a-z]{3})[oe]vna$"), "ovna"),
    (re.compile(r"m[aou]ham[ae]d"), "muhamad"),
    (re.compile(r"ulah$"), "ula"),
]
_WORD = re.compile(r"[^\W_]+(?:['ʻʼ’‘`][^\W_]+)*['ʻʼ’‘`]?")
_HYPHEN = re.compile(r"(?<=[^\W\d_])[-‐‑](?=[^\W\d_])")
_SON = frozenset({"ogli", "ugli", "uli", "ulu", "oglu"})
_DAUGHTER = frozenset({"kizi"})


def _strip_invisible(text: str) -> str:
    # Unicode's format characters (category Cf), as casemanager.domain.invisible.
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def _skeleton(word: str) -> str:
    out = []
    for ch in word.lower():
        mapped = _MAP.get(ch)
        if mapped is not None:
            out.append(mapped)
            continue
        for part in unicodedata.normalize("NFKD", ch):
            if part.isascii() and part.isalnum():
                out.append(part)
    text = "".join(out)
    for pattern, repl in _FOLDS:
        text = pattern.sub(repl, text)
    return text


def _words(text: str) -> list[str]:
    return _WORD.findall(_strip_invisible(text or ""))


def _patronymic(stem: str, ending: str) -> str:
    return stem[:-2] + ending if stem.endswith("ov") else stem + ending


def _keys(text: str) -> list[str]:
    joined = _HYPHEN.sub("", _strip_invisible(text or ""))
    out: list[str] = []
    for key in (k for k in (_skeleton(w) for w in _words(joined)) if k):
        if out and len(out[-1]) > 2 and key in _SON:
            out[-1] = _patronymic(out[-1], "ovic")
        elif out and len(out[-1]) > 2 and key in _DAUGHTER:
            out[-1] = _patronymic(out[-1], "ovna")
        elif len(key) >= 7 and key.endswith("uli"):
            out.append(_patronymic(key[:-3], "ovic"))
        elif len(key) >= 8 and key.endswith("kizi"):
            out.append(_patronymic(key[:-4], "ovna"))
        else:
            out.append(key)
    return out


def _has_latin_x(text: str) -> bool:
    return "x" in text or "X" in text


def _text_keys(text: str, kind: str) -> list[tuple[str, str]]:
    """(key, token) of one name field's text, as search_index._text_keys of this day."""
    out = [(_skeleton(w), w) for w in _words(text)]
    out.extend((key, key) for key in _keys(text))
    parts = [k for k in (_skeleton(w) for w in _words(text)) if k]
    if kind in ("family", "given") and len(parts) == 2 and min(map(len, parts)) > 2:
        out.append((parts[0] + parts[1], text))
    if _has_latin_x(text):
        out.extend(_text_keys(text.replace("x", "ks").replace("X", "Ks"), kind))
    return out


def _name_keys(family: str, given: str, patronymic: str, native: str, latin: str,
               aliases: list[str]) -> list[tuple[str, str, str]]:
    """(key, kind, token) of a case's names in search_index.case_keys' order."""
    out = []
    for field, kind in ((family, "family"), (given, "given"), (patronymic, "patronymic"),
                        (native, "native"), (latin, "native")):
        if field:
            out += [(key, kind, token) for key, token in _text_keys(field, kind)]
    for alias in aliases:
        out += [(key, "alias", token) for key, token in _text_keys(alias, "alias")]
    return out


def case_name_rows(names: tuple[str, str, str, str, str], aliases: list[str],
                   rows: list[tuple[str, str, str]]) -> list[tuple[str, str, int, str]]:
    """The rows (key, kind, initials, token) a case's keys become: `rows` are its stored
    (key, kind, token); its names' keys are made anew (the first field to give a key
    keeps it, after references: search_index.case_keys), its documents', units' and
    places' rows are kept unless a name now gives their key."""
    coded = [r for r in rows if r[1] in ("ref", "ext")]
    taken = {key for key, _kind, _token in coded}
    named: dict[str, tuple[str, str]] = {}
    for key, kind, token in _name_keys(*names, aliases):
        if key and len(key) <= 60 and key not in taken and key not in named:
            named[key] = (kind, token[:200])
    bits = _bits(named)
    out = [(key, kind, -1, token) for key, kind, token in coded]
    out += [(key, kind, bits, token) for key, (kind, token) in named.items()]
    out += [(key, kind, -1 if kind in CODE_KINDS else bits, token)
            for key, kind, token in rows
            if kind not in ("ref", "ext") and kind not in NAME_KINDS and key not in named]
    return out


# ---------------------------------------------------------------- the upgrade


def _like_x(column: str) -> str:
    return f"lower(coalesce({column}, '')) LIKE :with_x"


def upgrade() -> None:
    conn = op.get_bind()
    columns = ("family_name", "given_name", "patronymic", "name_native", "name_latin")
    # One pass over the cases and one over the aliases (no index helps: an x may stand
    # anywhere in a name).
    ids = sorted(set(conn.execute(sa.text(
        "SELECT id FROM cases WHERE merged_into_id IS NULL AND ("
        + " OR ".join(_like_x(c) for c in columns) + ") UNION "
        "SELECT a.case_id FROM aliases AS a JOIN cases AS c ON c.id = a.case_id "
        f"WHERE c.merged_into_id IS NULL AND {_like_x('a.spelling')}"),
        {"with_x": "%x%"}).scalars()))
    cache = None
    if conn.dialect.name == "sqlite" and ids:
        # The rows are written in key order (the table's, on SQLite), each batch's
        # pages read once: written as found, each row read and wrote another page. The
        # connection goes back to the pool with its own cache size afterwards.
        cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
        conn.exec_driver_sql("PRAGMA cache_size = -262144")
    try:
        for start in range(0, len(ids), _WRITE_EVERY):
            gone: list[dict[str, object]] = []
            rows: list[dict[str, object]] = []
            retag: list[dict[str, object]] = []
            vocabulary: set[str] = set()
            batch = ids[start:start + _WRITE_EVERY]
            for at in range(0, len(batch), _CHUNK):
                _rekey(conn, batch[at:at + _CHUNK], gone, rows, retag, vocabulary)
            _write(conn, gone, rows, vocabulary)
            if retag:  # a word beginning with X gave a key beginning with k
                conn.execute(sa.text("UPDATE name_keys SET initials = :bits WHERE case_id = "
                                     ":case_id AND kind NOT IN ('ref', 'doc', 'ext')"), retag)
    finally:
        if cache is not None:
            conn.exec_driver_sql(f"PRAGMA cache_size = {int(cache)}")


# Cases whose new rows are gathered, sorted and written at once.
_WRITE_EVERY = 50_000


def _write(conn: sa.Connection, gone: list[dict[str, object]], rows: list[dict[str, object]],
           vocabulary: set[str]) -> None:
    """Delete the rows `gone`, insert `rows` and the new words, each in key order."""
    def order(row: Mapping[str, Any]) -> tuple[str, int]:
        return str(row["key"]), int(row["case_id"])

    if gone:
        conn.execute(sa.text('DELETE FROM name_keys WHERE case_id = :case_id AND "key" = :key'),
                     sorted(gone, key=order))
    if rows:
        conn.execute(sa.text('INSERT INTO name_keys (case_id, "key", kind, initials, token) '
                             "VALUES (:case_id, :key, :kind, :initials, :token)"),
                     sorted(rows, key=order))
    if vocabulary:
        # Every name's key is in the vocabulary (0021): the new rows' keys join it.
        conn.execute(sa.text('INSERT INTO search_vocab ("key") VALUES (:key) '
                             "ON CONFLICT DO NOTHING"),
                     [{"key": k} for k in sorted(vocabulary)])


def _rekey(conn: sa.Connection, ids: list[int], gone: list[dict[str, object]],
           rows: list[dict[str, object]], retag: list[dict[str, object]],
           vocabulary: set[str]) -> None:
    """Add to `gone` the rows of these cases to delete, to `rows` those to insert, to
    `retag` the cases whose initials change, to `vocabulary` the names' keys of the rows
    inserted."""
    listed: sa.BindParameter[list[int]] = sa.bindparam("ids", expanding=True)
    names: dict[int, tuple[str, str, str, str, str]] = {
        r[0]: (r[1] or "", r[2] or "", r[3] or "", r[4] or "", r[5] or "")
        for r in conn.execute(sa.text(
        "SELECT id, family_name, given_name, patronymic, name_native, name_latin "
        "FROM cases WHERE id IN :ids").bindparams(listed), {"ids": ids})}
    aliases: dict[int, list[str]] = {}
    for case_id, spelling in conn.execute(sa.text(
            "SELECT case_id, spelling FROM aliases WHERE case_id IN :ids ORDER BY id"
            ).bindparams(listed), {"ids": ids}):
        aliases.setdefault(case_id, []).append(spelling)
    # The stored rows' keys and kinds alone: read from the index on (case_id, key,
    # kind) without a look-up of each row in the table (at a million cases, those
    # look-ups were most of the time). A row of the same key and kind is the row the
    # application makes (its token is that field's word); a case's initials are those
    # of its name keys (0021).
    stored: dict[int, list[tuple[str, str, str]]] = {}
    for case_id, key, kind in conn.execute(sa.text(
            'SELECT case_id, "key", kind FROM name_keys WHERE case_id IN :ids'
            ).bindparams(listed), {"ids": ids}):
        stored.setdefault(case_id, []).append((key, kind, ""))
    # Only the rows that change are written: most of a case's rows stay as they were.
    for case_id in ids:
        had = {key: kind for key, kind, _token in stored.get(case_id, [])}
        old_bits = _bits(key for key, kind in had.items() if kind in NAME_KINDS)
        new = case_name_rows(names[case_id], aliases.get(case_id, []),
                             stored.get(case_id, []))
        new_bits = _bits(key for key, kind, _i, _t in new if kind in NAME_KINDS)
        if new_bits != old_bits:
            retag.append({"case_id": case_id, "bits": new_bits})
        kept = set()
        for key, kind, initials, token in new:
            if had.get(key) == kind:
                kept.add(key)
                continue
            if kind in NAME_KINDS:
                vocabulary.add(key)  # a kept row's key is there already (0021)
            rows.append({"case_id": case_id, "key": key, "kind": kind,
                         "initials": initials, "token": token})
        gone += [{"case_id": case_id, "key": key} for key in had if key not in kept]


def _bits(keys: Iterable[str]) -> int:
    """A case's `initials` from its name keys (0021)."""
    bits = 0
    for key in keys:
        if key[0] in INITIAL_CHARS:
            bits |= 1 << INITIAL_CHARS.index(key[0])
    return bits


def downgrade() -> None:
    # The keys of the ks reading are extra words the earlier code never looks for:
    # harmless, and a later upgrade makes them again.
    pass
