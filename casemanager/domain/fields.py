"""Field specifications: how each editable field is validated and converted.

Services, the command line, imports and the GUI's forms all send plain values (usually
text); the specs here turn them into model values or raise a ValidationError that names
the field and the reason.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from casemanager.domain import vocab
from casemanager.domain.countries import country_code
from casemanager.domain.errors import ValidationError
from casemanager.domain.invisible import strip_invisible
from casemanager.domain.messages import DateText, msg
from casemanager.domain.partialdate import DateError, PartialDate

# Control characters are refused everywhere except newline and tab in long text.
_ALLOWED_CONTROL = {"\n", "\t"}


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: str = "text"  # text, longtext, choice, pdate, date, bool, int, country, list, countries
    max_len: int = 400
    choices: tuple[str, ...] = ()
    required: bool = False
    label: str = ""

    def convert(self, value: Any) -> Any:
        try:
            return _CONVERTERS[self.kind](self, value)
        except ValidationError:
            raise
        except ValueError as exc:
            problem = getattr(exc, "problem", None)  # a DateError's
            error = ValidationError(self.name, DateText(str(exc), problem) if problem
                                    else str(exc))
            error.detail = exc  # a DateError's parts, for a front end to word
            raise error from None


def clean_text(name: str, value: Any, max_len: int, *, multiline: bool = False) -> str:
    """`value` as text for field `name`: NFC, spaces collapsed and invisible characters
    removed (single-line), at most `max_len` characters; ValidationError otherwise."""
    if value is None:
        return ""
    if not isinstance(value, str):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        else:
            raise ValidationError(name, msg("expected text, got {kind}",
                                                kind=type(value).__name__))
    text = unicodedata.normalize("NFC", value)
    if not multiline:
        # Names, places and numbers: pasted soft hyphens, zero-width spaces and direction
        # marks would hide the value from search (casemanager.domain.invisible). Long text keeps
        # them: a zero-width joiner is part of some emoji in notes.
        text = " ".join(strip_invisible(text).split())
    else:
        text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    # One regular expression finds whether any character is refused (categories Cc and
    # Cs are exactly these ranges); only then the loop below names the first one.
    if (_REFUSED_MULTILINE if multiline else _REFUSED).search(text) is not None:
        _refuse_character(name, text, multiline)
    if len(text) > max_len:
        raise ValidationError(name, msg("is {length} characters long; at most {limit}",
                                         length=len(text), limit=max_len))
    return text


# Unicode's control characters (Cc) are U+0000-U+001F and U+007F-U+009F; its surrogates
# (Cs) U+D800-U+DFFF. Long text allows newline and tab.
_REFUSED = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_REFUSED_MULTILINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _refuse_character(name: str, text: str, multiline: bool) -> None:
    for ch in text:
        if unicodedata.category(ch) == "Cc" and not (multiline and ch in _ALLOWED_CONTROL):
            raise ValidationError(name, msg("contains a control character (U+{code})",
                                                  code=f"{ord(ch):04X}"))
        if unicodedata.category(ch) == "Cs":
            raise ValidationError(name, msg("contains an invalid character"))


def _text(spec: FieldSpec, value: Any) -> str:
    text = clean_text(spec.name, value, spec.max_len)
    if spec.required and not text:
        raise ValidationError(spec.name, msg("is required"))
    return text


def _longtext(spec: FieldSpec, value: Any) -> str:
    return clean_text(spec.name, value, spec.max_len, multiline=True)


def _choice(spec: FieldSpec, value: Any) -> str:
    text = clean_text(spec.name, value, 40).lower().replace(" ", "_").replace("-", "_")
    if not text and not spec.required:
        return ""
    if text not in spec.choices:
        raise ValidationError(spec.name, msg("'{value}' is not one of: {choices}", value=value,
                                             choices=", ".join(spec.choices)))
    return text


def _pdate(spec: FieldSpec, value: Any) -> PartialDate | None:
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    text = clean_text(spec.name, value, 20)
    if not text:
        return None
    return PartialDate.parse(text)


def _date(spec: FieldSpec, value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    text = clean_text(spec.name, value, 20)
    if not text:
        return None
    parsed = PartialDate.parse(text)
    if parsed.day is None:
        raise DateError(f"'{text}' needs a day, month and year", "needs_day", text=text)
    return parsed.earliest()


def _bool(spec: FieldSpec, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = clean_text(spec.name, value, 10).lower()
    if text in {"1", "yes", "true", "y", "да"}:
        return True
    if text in {"", "0", "no", "false", "n", "нет"}:
        return False
    raise ValidationError(spec.name, msg("'{value}' is not yes or no", value=value))


def _int(spec: FieldSpec, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError(spec.name, msg("expected a number"))
    if isinstance(value, int):
        return value
    text = clean_text(spec.name, value, 20)
    if not text.isdigit():
        raise ValidationError(spec.name, msg("'{value}' is not a number", value=value))
    return int(text)


def _country(spec: FieldSpec, value: Any) -> str:
    text = clean_text(spec.name, value, 100)
    if not text:
        return ""
    code = country_code(text)
    if code is None:
        raise ValidationError(spec.name, msg("'{text}' is not a known country", text=text))
    return code


def split_list(value: Any, name: str) -> list[str]:
    """A list given as a Python list or as text joined with `;`."""
    if value is None:
        return []
    if isinstance(value, str):
        items: Iterable[Any] = value.split(";")
    elif isinstance(value, list | tuple):
        items = value
    else:
        raise ValidationError(name, msg("expected a list, got {kind}",
                                                kind=type(value).__name__))
    return [item for item in items if not isinstance(item, str) or item.strip()]


def _list(spec: FieldSpec, value: Any) -> list[str]:
    out: list[str] = []
    for item in split_list(value, spec.name):
        text = clean_text(spec.name, item, spec.max_len)
        if ";" in text:
            raise ValidationError(spec.name, msg("an item may not contain ';'"))
        if text and text not in out:
            out.append(text)
    return out


def _countries(spec: FieldSpec, value: Any) -> list[str]:
    out: list[str] = []
    for item in split_list(value, spec.name):
        code = _country(spec, item)
        if code and code not in out:
            out.append(code)
    return out


_CONVERTERS = {
    "text": _text,
    "longtext": _longtext,
    "choice": _choice,
    "pdate": _pdate,
    "date": _date,
    "bool": _bool,
    "int": _int,
    "country": _country,
    "list": _list,
    "countries": _countries,
}


def specs(*items: FieldSpec) -> dict[str, FieldSpec]:
    return {item.name: item for item in items}


def convert_all(
    table: Mapping[str, FieldSpec], values: Mapping[str, Any], *, what: str
) -> dict[str, Any]:
    """Validate every given field; unknown field names are an error, not ignored."""
    out: dict[str, Any] = {}
    for name, value in values.items():
        spec = table.get(name)
        if spec is None:
            raise ValidationError(name, msg("is not a field of {what}", what=what))
        out[name] = spec.convert(value)
    return out


def as_text(value: Any) -> str:
    """A value as written in exports, JSON and the audit log."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return ";".join(as_text(v) for v in value)
    return str(value)


CASE_FIELDS = specs(
    FieldSpec("status", "choice", choices=vocab.STATUSES),
    FieldSpec("priority", "choice", choices=vocab.PRIORITIES),
    FieldSpec("assigned_to", max_len=100),
    FieldSpec("notes", "longtext", max_len=200_000),
    FieldSpec("confidential_notes", "longtext", max_len=200_000),
    FieldSpec("family_name", max_len=200),
    FieldSpec("given_name", max_len=200),
    FieldSpec("patronymic", max_len=200),
    FieldSpec("name_native", max_len=400),
    FieldSpec("name_latin", max_len=400),
    FieldSpec("aliases", "list", max_len=400),
    FieldSpec("sex", "choice", choices=vocab.SEXES),
    FieldSpec("date_of_birth", "pdate"),
    FieldSpec("place_of_birth", max_len=300),
    FieldSpec("citizenships", "countries"),
    FieldSpec("ethnicity", max_len=100),
    FieldSpec("home_region", max_len=200),
    FieldSpec("languages", max_len=200),
    FieldSpec("father_name", max_len=200),
    FieldSpec("mother_maiden_name", max_len=200),
    FieldSpec("person_to_inform", max_len=400),
    FieldSpec("last_proof_of_life", "pdate"),
    FieldSpec("last_proof_of_life_source", max_len=400),
    FieldSpec("affiliation", max_len=200),
    FieldSpec("unit", max_len=200),
    FieldSpec("rank", max_len=100),
    FieldSpec("service_number", max_len=100),
    FieldSpec("recruitment", "choice", choices=vocab.RECRUITMENT),
    FieldSpec("capture_date", "pdate"),
    FieldSpec("capture_place", max_len=300),
    FieldSpec("detaining_party", max_len=200),
    FieldSpec("health", "longtext", max_len=20_000),
    FieldSpec("medical_urgency", "choice", choices=vocab.MEDICAL_URGENCY),
    FieldSpec("icrc_registration", max_len=100),
    FieldSpec("tags", "list", max_len=60),
)
# Fields kept in tables of their own rather than as columns of `cases`.
CASE_LIST_FIELDS = ("aliases", "citizenships", "tags")


# A case's reference as shown and stored: CM- and at least four digits.
REFERENCE_PATTERN = re.compile(r"^CM-[0-9]{4,9}$")  # ASCII digits: "¹" and "١" are digits too


def normalise_reference(text: str) -> str:
    """A reference as typed ("cm-12", "12", 12) -> as stored ("CM-0012").

    Raises ValidationError on anything that is not text or a non-negative number, or on
    control characters and absurd lengths (clean_text's rules)."""
    if isinstance(text, int) and not isinstance(text, bool) and text >= 0:
        text = str(text)
    if not isinstance(text, str):
        raise ValidationError("reference", msg("expected a reference like CM-0001, got {kind}",
                                               kind=type(text).__name__))
    # clean_text refuses control characters (PostgreSQL rejects NUL in any query) and
    # absurd lengths before they reach the database.
    ref = clean_text("reference", text, 40).upper()
    # Our numbers however padded or written: "cm-141", "CM-00141", "CM 141" and "141" are
    # all CM-0141 (the number is the case; its zeros are only how it is shown).
    ours = _OURS.fullmatch(ref)
    if ours:
        ref = f"CM-{int(ours.group(1)):04d}"
    return ref


def stored_spellings(reference: str) -> tuple[str, ...]:
    """The spellings a database may hold for our `reference` as normalise_reference gives
    it ("CM-0155"): itself first, then the same number padded to five to nine digits
    ("CM-00155", …), as versions that stored a reference as typed left it. Any other
    reference (a partner's, a typo) is only itself. Shape: a tuple of 1 or 6 strings."""
    if not REFERENCE_PATTERN.match(reference):
        return (reference,)
    number = int(reference[3:])
    padded = (f"CM-{number:0{width}d}" for width in range(5, 10))
    return (reference, *(p for p in padded if p != reference))


# ASCII digits only: "¹".isdigit() is true, and int() refuses it.
# At most nine digits: a longer number is a mistyped reference, never ours (CM-1234567890
# would have moved the numbering of every later case there for good).
_OURS = re.compile(r"(?:CM[- ]?)?([0-9]{1,9})")
