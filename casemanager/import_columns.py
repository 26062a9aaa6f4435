"""Import columns: which interchange column a header means, and a cell's value.

Headers are matched forgivingly: case, spaces, underscores, punctuation and a note in
brackets do not matter, and common English and Russian names are known (`Фамилия`,
`surname`, `last name`). Cells are read the way partners write them: countries as codes
or names in English or Russian, dates as `1994`, `03.1994`, `12.03.1994` or ISO, and
the vocabulary words with a few Russian synonyms. Validation itself is the services'
(`casemanager.fields.CASE_FIELDS`), so an import accepts exactly what the forms accept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from casemanager.errors import ValidationError
from casemanager.export import unguard_formula
from casemanager.fields import CASE_FIELDS, FieldSpec
from casemanager.interchange import COLUMNS
from casemanager.services.cases import REFERENCE_PATTERN, normalise_reference

SYNONYMS: dict[str, tuple[str, ...]] = {
    "reference": ("ref", "case", "case ref", "case no", "case number", "case id", "номер дела",
                  "дело", "номер", "референс"),
    "status": ("state", "статус", "состояние дела"),
    "priority": ("urgency", "приоритет", "срочность"),
    "family_name": ("surname", "last name", "lastname", "family", "фамилия"),
    "given_name": ("first name", "firstname", "forename", "name", "имя"),
    "patronymic": ("middle name", "отчество"),
    "name_native": ("native name", "name in native script", "full name", "фио",
                    "полное имя", "имя на родном языке"),
    "aliases": ("alias", "aka", "other spellings", "other names", "spellings",
                "другие написания", "варианты написания", "псевдонимы"),
    "sex": ("gender", "пол"),
    "date_of_birth": ("dob", "birth date", "birthdate", "born", "date born", "дата рождения",
                      "д р", "год рождения"),
    "place_of_birth": ("birthplace", "born in", "место рождения"),
    "citizenships": ("citizenship", "nationality", "nationalities", "country", "гражданство",
                     "страна"),
    "home_region": ("region", "home", "регион", "область", "место жительства"),
    "recruitment": ("recruited", "recruitment type", "вербовка", "как попал", "набор"),
    "affiliation": ("side", "принадлежность", "формирование"),
    "unit": ("military unit", "часть", "воинская часть", "подразделение"),
    "rank": ("звание",),
    "capture_date": ("captured", "date of capture", "date captured", "дата пленения",
                     "дата задержания"),
    "capture_place": ("place of capture", "captured at", "место пленения", "место задержания"),
    "detention_place": ("place of detention", "detained at", "held at", "custody",
                        "место содержания"),
    "health": ("medical", "health condition", "здоровье", "состояние здоровья"),
    "assigned_to": ("caseworker", "assignee", "assigned", "ответственный", "куратор"),
    "tags": ("tag", "labels", "метки", "теги"),
    "updated_at": ("updated", "last updated", "last update", "обновлено", "изменено"),
}

# Words partners write for the vocabulary (Russian mostly); keys are folded like headers.
VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "status": {
        "сообщено": "reported", "заявлен": "reported", "подтвержден": "confirmed",
        "в плену": "detained", "задержан": "detained", "содержится": "detained",
        "в списке на обмен": "exchange_listed", "на обмен": "exchange_listed",
        "освобожден": "released", "репатриирован": "repatriated", "вернулся": "repatriated",
        "пропал без вести": "missing", "пропал": "missing", "погиб": "deceased",
        "умер": "deceased", "закрыт": "closed", "закрыто": "closed",
    },
    "recruitment": {
        "контракт": "contract", "обманут": "deceived", "обман": "deceived",
        "принужден": "coerced", "принуждение": "coerced", "из тюрьмы": "prison",
        "тюрьма": "prison", "мигрант": "migrant", "мобилизован": "mobilized",
        "мобилизация": "mobilized", "mobilised": "mobilized", "неизвестно": "unknown",
    },
    "sex": {
        "m": "male", "м": "male", "муж": "male", "мужской": "male", "f": "female",
        "ж": "female", "жен": "female", "женский": "female", "неизвестно": "unknown",
    },
    "priority": {"обычный": "normal", "высокий": "high", "срочно": "urgent",
                 "срочный": "urgent"},
}
UNDISCLOSED = "location not disclosed"
_UNDISCLOSED_WORDS = {UNDISCLOSED, "not disclosed", "undisclosed", "место не раскрыто",
                      "не раскрыто", "не раскрывается"}
# Interchange columns not in CASE_FIELDS, with the same kind of spec.
_EXTRA_SPECS = {"detention_place": FieldSpec("detention_place", max_len=300)}


def fold_header(text: str) -> str:
    """`Date_of-Birth (dd.mm.yyyy)` -> `date of birth`; `Ё` read as `Е`."""
    text = text.replace("\ufeff", "").casefold().replace("ё", "е")
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", text)
    text = re.sub(r"[\s_\-./:#№*]+", " ", text)
    return text.strip()


def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for column in COLUMNS:
        index[fold_header(column)] = column
        for word in SYNONYMS.get(column, ()):
            index.setdefault(fold_header(word), column)
    return index


_HEADERS = _header_index()


def guess_column(header: str) -> str | None:
    """The interchange column a header means, or None (the column is then ignored)."""
    return _HEADERS.get(fold_header(header))


def guess_mapping(headers: Sequence[str]) -> list[str | None]:
    """One interchange column (or None) per source column; a column used once only."""
    out: list[str | None] = []
    for header in headers:
        column = guess_column(header)
        out.append(column if column not in out else None)
    return out


def check_mapping(headers: Sequence[str], mapping: Sequence[str | None]) -> None:
    """Refuse a mapping that cannot work (ValidationError naming the problem)."""
    seen: dict[str, str] = {}
    for header, column in zip(headers, mapping, strict=False):
        if column is None:
            continue
        if column not in COLUMNS:
            raise ValidationError("columns", f"'{column}' is not an interchange column")
        if column in seen:
            raise ValidationError(
                "columns", f"'{seen[column]}' and '{header}' are both read as {column}"
            )
        seen[column] = header
    # Without names, rows can only update cases named by their reference.
    if not {"family_name", "given_name", "name_native", "reference"} & set(seen):
        raise ValidationError(
            "columns",
            "no name or reference column found (family_name, given_name, name_native or "
            "reference; e.g. 'Фамилия')",
        )


def _vocabulary(column: str, text: str) -> str:
    key = fold_header(text)
    return VALUE_SYNONYMS.get(column, {}).get(key, text)


def _citizenships(text: str) -> list[str]:
    from casemanager.countries import country_code

    # `;` is the interchange separator; partners also write `UZ, RU`. Names with a comma
    # ("Korea, Republic of") are tried whole first.
    out: list[str] = []
    for item in (i.strip() for i in text.split(";")):
        if not item:
            continue
        if "," in item and country_code(item) is None:
            out.extend(i.strip() for i in item.split(",") if i.strip())
        else:
            out.append(item)
    return out


def parse_timestamp(text: str) -> dt.datetime:
    value = text.strip().replace("T", " ")
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            "updated_at", f"'{text}' is not a date and time like 2024-05-01 14:30:00"
        ) from None
    if stamp.tzinfo is not None:  # stored naive in UTC, as utcnow() writes it
        stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    return stamp


def convert_cell(column: str, raw: str) -> Any:
    """A cell's text as the value the services store; raises ValidationError."""
    if raw.startswith("="):
        raise ValidationError(
            column, "is a spreadsheet formula; paste the value instead, or begin it with ' "
            "if it is meant as text"
        )
    text = unguard_formula(raw)
    if column == "reference":
        ref = normalise_reference(text)
        if ref and not REFERENCE_PATTERN.match(ref):
            raise ValidationError(
                "reference", f"'{text}' is not like CM-0001 (leave it empty for a new reference)"
            )
        return ref
    if column == "updated_at":
        return parse_timestamp(text) if text.strip() else None
    if column in VALUE_SYNONYMS:
        text = _vocabulary(column, text)
    if column == "citizenships":
        return CASE_FIELDS[column].convert(_citizenships(text))
    if column == "detention_place":
        value = _EXTRA_SPECS[column].convert(text)
        return UNDISCLOSED if value.casefold() in _UNDISCLOSED_WORDS else value
    return CASE_FIELDS[column].convert(text)
