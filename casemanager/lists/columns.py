"""Import columns: which interchange column a header means, and a cell's value.

Headers are matched forgivingly: case, spaces, underscores, punctuation and a note in
brackets do not matter, and common English, Russian, Ukrainian and Uzbek names are known
(`Фамилия`, `Прізвище`, `Familiyasi`, `surname`, `last name`). Cells are read the way partners write them: countries as codes
or names in English or Russian, dates as `1994`, `03.1994`, `12.03.1994` or ISO, and
the vocabulary words with a few Russian synonyms. Validation itself is the services'
(`casemanager.domain.fields.CASE_FIELDS`), so an import accepts exactly what the forms accept.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Sequence
from types import ModuleType
from typing import Any

from casemanager.domain.errors import ValidationError
from casemanager.domain.fields import CASE_FIELDS, FieldSpec
from casemanager.domain.messages import msg
from casemanager.lists.export import unguard_formula
from casemanager.services.cases import REFERENCE_PATTERN, normalise_reference
from casemanager.services.interchange import COLUMNS

SYNONYMS: dict[str, tuple[str, ...]] = {
    "reference": ("ref", "case", "case ref", "case no", "case number", "case id", "номер дела",
                  "дело", "номер", "референс", "номер справи"),
    "status": ("state", "статус", "состояние дела", "holati"),
    "priority": ("urgency", "приоритет", "срочность"),
    # Russian, Ukrainian, Uzbek (Latin and Cyrillic script): the lists partners send.
    "family_name": ("surname", "last name", "lastname", "family", "фамилия", "прізвище",
                    "familiya", "familiyasi", "фамилияси"),
    "given_name": ("first name", "firstname", "forename", "name", "имя", "ім'я", "ism",
                   "ismi", "исми"),
    "patronymic": ("middle name", "отчество", "по батькові", "otasining ismi", "sharifi",
                   "отасининг исми", "шарифи"),
    "name_native": ("native name", "name in native script", "full name", "фио",
                    "полное имя", "имя на родном языке", "піб", "f i sh", "ф и ш"),
    "aliases": ("alias", "aka", "other spellings", "other names", "spellings",
                "другие написания", "варианты написания", "псевдонимы"),
    "sex": ("gender", "пол", "стать", "jinsi", "жинси"),
    "date_of_birth": ("dob", "birth date", "birthdate", "born", "date born", "дата рождения",
                      "д р", "год рождения", "дата народження", "рік народження",
                      "tug'ilgan sanasi", "tug'ilgan sana", "туғилган санаси"),
    "place_of_birth": ("birthplace", "born in", "место рождения", "місце народження",
                       "tug'ilgan joyi", "туғилган жойи"),
    "citizenships": ("citizenship", "nationality", "nationalities", "country", "гражданство",
                     "страна", "громадянство", "fuqaroligi", "fuqarolik", "фуқаролиги"),
    "home_region": ("region", "home", "регион", "область", "место жительства", "регіон",
                    "місце проживання", "viloyat", "вилоят", "yashash joyi"),
    # «вербовка» is accepted from partners' files but never written by us (the review
    # in issue 17: it echoes the criminal-code articles on mercenarism).
    "recruitment": ("recruited", "recruitment type", "вербовка", "как попал", "набор",
                    "способ набора"),
    "affiliation": ("side", "принадлежность", "формирование"),
    "unit": ("military unit", "часть", "воинская часть", "подразделение", "військова частина",
             "підрозділ", "harbiy qism"),
    "rank": ("звание", "звання", "unvoni"),
    "capture_date": ("captured", "date of capture", "date captured", "дата пленения",
                     "дата задержания", "дата полону", "дата потрапляння в полон",
                     "asirga tushgan sana"),
    "capture_place": ("place of capture", "captured at", "место пленения", "место задержания",
                      "місце полону", "asirga tushgan joy"),
    "detention_place": ("place of detention", "detained at", "held at", "custody",
                        "место содержания", "місце утримання"),
    "health": ("medical", "health condition", "здоровье", "состояние здоровья",
               "стан здоров'я", "salomatligi"),
    "assigned_to": ("caseworker", "assignee", "assigned", "ответственный", "куратор"),
    "tags": ("tag", "labels", "метки", "теги"),
    "updated_at": ("updated", "last updated", "last update", "обновлено", "изменено"),
    "external_references": ("external reference", "external references", "partner reference",
                            "their reference", "внешний номер", "внешние номера"),
}

# Words partners write for the vocabulary (Russian mostly); keys are folded like headers.
VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "status": {
        "сообщено": "reported", "заявлен": "reported", "подтвержден": "confirmed",
        "в плену": "detained", "задержан": "detained", "содержится": "detained",
        "в списке на обмен": "exchange_listed", "на обмен": "exchange_listed",
        "освобожден": "released", "репатриирован": "repatriated", "вернулся": "repatriated",
        "пропал без вести": "missing", "пропал": "missing", "погиб": "deceased",
        # the words the window and dossiers use (fold_header drops "(а)", reads ё as е)
        "поступило сообщение": "reported", "задержание подтверждено": "confirmed",
        "под стражей": "detained", "содержится под стражей": "detained",
        "освобождена": "released", "репатриирована": "repatriated",
        "пропала без вести": "missing", "нет в живых": "deceased", "дело закрыто": "closed",
        "умер": "deceased", "закрыт": "closed", "закрыто": "closed",
        # Ukrainian
        "у полоні": "detained", "в полоні": "detained", "утримується": "detained",
        "звільнений": "released", "звільнена": "released", "зник безвісти": "missing",
        "зникла безвісти": "missing", "загинув": "deceased", "загинула": "deceased",
        "помер": "deceased", "померла": "deceased", "повернувся": "repatriated",
    },
    "recruitment": {
        "контракт": "contract", "обманут": "deceived", "обман": "deceived",
        "принужден": "coerced", "принуждение": "coerced", "из тюрьмы": "prison",
        "тюрьма": "prison", "мигрант": "migrant", "мобилизован": "mobilized",
        "мобилизация": "mobilized", "mobilised": "mobilized", "неизвестно": "unknown",
        "по контракту": "contract", "обманным путем": "deceived",
        "под принуждением": "coerced", "из мест лишения свободы": "prison",
        "трудовой мигрант": "migrant", "трудовая мигрантка": "migrant",
        "по мобилизации": "mobilized",
    },
    "sex": {
        "m": "male", "м": "male", "муж": "male", "мужской": "male", "f": "female",
        "ж": "female", "жен": "female", "женский": "female", "неизвестно": "unknown",
        "чоловіча": "male", "чоловік": "male", "чол": "male", "жіноча": "female",
        "жінка": "female", "жін": "female", "невідомо": "unknown",
        "erkak": "male", "ayol": "female", "эркак": "male", "аёл": "female",
    },
    "priority": {"обычный": "normal", "высокий": "high", "срочно": "urgent",
                 "срочный": "urgent"},
}
UNDISCLOSED = "location not disclosed"
_UNDISCLOSED_WORDS = {UNDISCLOSED, "not disclosed", "undisclosed", "место не раскрыто",
                      "не раскрыто", "не раскрывается"}
# Interchange columns not in CASE_FIELDS, with the same kind of spec.
_EXTRA_SPECS = {"detention_place": FieldSpec("detention_place", max_len=300)}


_APOSTROPHES = re.compile("['`\u2018\u2019\u02bb\u02bc\u02b9]")


def fold_header(text: str) -> str:
    """`Date_of-Birth (dd.mm.yyyy)` -> `date of birth`; `Ё` read as `Е`."""
    text = text.replace("\ufeff", "").casefold().replace("ё", "е")
    # Apostrophes as people type them (Ukrainian ім'я/імʼя, Uzbek tug'ilgan/tugʻilgan)
    text = _APOSTROPHES.sub("", text)
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


# Columns that several source columns may fill together: list items are joined with
# `;`, the parts of a native-script name (`Фамилия (кириллицей)`, `Имя (кириллицей)`)
# with a space, in the file's order.
JOINED = {"aliases": ";", "citizenships": ";", "tags": ";", "external_references": ";",
          "name_native": " ", "notes": "\n"}
# Not an interchange column: columns the importer does not know, kept in the case's
# notes as `Header: value` lines when the caseworker asks for it.
NOTES = "notes"
NAME_PARTS = ("family_name", "given_name", "patronymic")
_CYRILLIC_HINTS = ("кирил", "cyril", "native", "родн", "русск", "russian")
_LATIN_HINTS = ("латин", "latin", "транслит", "translit", "english", "англ", "passport",
                "паспорт")


def script_hint(header: str) -> str:
    """'cyrillic' or 'latin' when a header's words say which script its names are in."""
    text = header.casefold()
    if any(h in text for h in _CYRILLIC_HINTS):
        return "cyrillic"
    if any(h in text for h in _LATIN_HINTS):
        return "latin"
    return ""


def guess_mapping(headers: Sequence[str]) -> list[str | None]:
    """One interchange column (or None) per source column.

    A name column said to be in Cyrillic (`Фамилия (кириллицей)`) is read into the
    native-script name. Two columns for one field are both kept: list columns (and the
    native name's parts) are joined; any other pair is refused by `check_mapping`,
    naming both, so that nothing is dropped without a word.
    """
    out: list[str | None] = []
    for header in headers:
        column = guess_column(header)
        if column in NAME_PARTS and script_hint(header) == "cyrillic":
            column = "name_native"
        out.append(column)
    return out


def unknown_to_notes(headers: Sequence[str], mapping: Sequence[str | None]
                     ) -> list[str | None]:
    """The mapping with every named column it does not read sent to the case's notes."""
    return [NOTES if column is None and header.strip() and fold_header(header) else column
            for header, column in zip(headers, mapping, strict=False)]


def resolve_scripts(headers: Sequence[str], mapping: Sequence[str | None],
                    sample: Sequence[Sequence[str]]) -> list[str | None]:
    """Two columns for one name part (`Фамилия` twice) told apart by their values: the
    one written in Cyrillic in the first rows becomes the native-script name, the Latin
    one stays. Anything else is left for `check_mapping` to refuse."""
    out = list(mapping)
    for part in NAME_PARTS:
        indices = [i for i, c in enumerate(out) if c == part]
        if len(indices) < 2:
            continue
        scripts = {i: _script_of(row[i] for row in sample if i < len(row)) for i in indices}
        cyrillic = [i for i in indices if scripts[i] == "cyrillic"]
        if cyrillic and len(cyrillic) < len(indices) and all(
            scripts[i] == "latin" for i in indices if i not in cyrillic
        ):
            for i in cyrillic:
                out[i] = "name_native"
    return out


def _script_of(values: Iterable[str]) -> str:
    from casemanager.domain.transliteration import has_cyrillic

    seen = {("cyrillic" if has_cyrillic(v) else "latin") for v in values
            if v.strip() and any(ch.isalpha() for ch in v)}
    return seen.pop() if len(seen) == 1 else ""


def mapping_notes(headers: Sequence[str], mapping: Sequence[str | None]) -> list[str]:
    """The decisions `guess_mapping` took that a caseworker should see, as sentences."""
    notes: list[str] = []
    by_column: dict[str, list[str]] = {}
    for header, column in zip(headers, mapping, strict=False):
        if column:
            by_column.setdefault(column, []).append(header)
    for column, names in by_column.items():
        if len(names) < 2 or column not in JOINED:
            continue
        quoted = ", ".join(f"'{n}'" for n in names)
        notes.append(msg("{headings} are read together as {column} (joined with a space)",
                         headings=quoted, column=column) if JOINED[column] == " " else
                     msg("{headings} are read together as {column} (all items kept)",
                         headings=quoted, column=column))
    for header, column in zip(headers, mapping, strict=False):
        if column == "name_native" and guess_column(header) in NAME_PARTS:
            if len(by_column["name_native"]) == 1:
                notes.append(msg("'{heading}' is read as name_native (it is in Cyrillic)",
                                 heading=header))
    return notes


def check_mapping(headers: Sequence[str], mapping: Sequence[str | None]) -> None:
    """Refuse a mapping that cannot work (ValidationError naming the problem)."""
    seen: dict[str, str] = {}
    for header, column in zip(headers, mapping, strict=False):
        if column is None:
            continue
        if column not in COLUMNS and column != NOTES:
            raise ValidationError("columns", msg("'{column}' is not an interchange column",
                                                 column=column))
        if column in seen and column not in JOINED:
            raise ValidationError(
                "columns", msg("'{first}' and '{second}' are both read as {column}; "
                               "choose which one to import (ignore the other)",
                               first=seen[column], second=header, column=column)
            )
        seen.setdefault(column, header)
    # Without names, rows can only update cases named by their reference.
    seen.pop(NOTES, None)
    if not {"family_name", "given_name", "name_native", "reference"} & set(seen):
        raise ValidationError(
            "columns",
            msg("no name or reference column found (family_name, given_name, name_native "
                "or reference; e.g. 'Фамилия')"),
        )


def _vocabulary(column: str, text: str) -> str:
    key = fold_header(text)
    return VALUE_SYNONYMS.get(column, {}).get(key, text)


def _citizenships(text: str) -> list[str]:
    from casemanager.domain.countries import country_code

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
            "updated_at", msg("'{text}' is not a date and time like 2024-05-01 14:30:00",
                              text=text)
        ) from None
    if stamp.tzinfo is not None:  # stored naive in UTC, as utcnow() writes it
        stamp = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    return stamp


def looks_like_formula(raw: str) -> bool:
    """A cell a spreadsheet would run as a formula, not guarded by our export's `'`."""
    return raw[:1] in FORMULA_STARTS


FORMULA_STARTS = ("=", "+", "-", "@")


def parse_external(text: str, default_source: str) -> list[tuple[str, str]]:
    """`ACC: 001; ICRC: 123456` -> [(source, reference)]; an item without `SOURCE:` gets
    `default_source`. Raises ValidationError for an empty source or reference."""
    out: list[tuple[str, str]] = []
    for item in (i.strip() for i in text.split(";")):
        if not item:
            continue
        source, sep, ref = item.partition(":")
        if not sep:
            source, ref = default_source, item
        source, ref = " ".join(source.split()), " ".join(ref.split())
        if not source or not ref:
            raise ValidationError("external_references",
                                  msg("'{item}' is not like SOURCE: REFERENCE", item=item))
        if len(source) > 200 or len(ref) > 100:
            raise ValidationError("external_references", msg("'{item}…' is too long",
                                                                   item=item[:60]))
        out.append((source, ref))
    return out


# Cyrillic letters with ASCII and the usual typographic punctuation (« » — … № ’).
_CYRILLIC_TEXT = re.compile(r"[\x00-\x7f\u00a0-\u00bb\u0400-\u04ff\u2010-\u2026\u2116]*"
                            r"[\u0400-\u04ff][\x00-\x7f\u00a0-\u00bb\u0400-\u04ff"
                            r"\u2010-\u2026\u2116]*")


# UTF-8 of a Cyrillic letter read as Windows-1251: `Р` or `С` (lead bytes D0, D1) and
# one of the characters Windows-1251 has for the bytes 80-BF.
_CP1251_MOJIBAKE = re.compile(
    "[РС][" + re.escape(bytes(range(0x80, 0xC0)).decode("cp1251", "ignore")) + "]")
# UTF-8 read as Latin-1 or Windows-1252: a lead byte C2-F4 shown as `Â`…`ô`, then a
# continuation byte 80-BF shown as itself or as Windows-1252's character for it.
_LATIN_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][" + re.escape(bytes(range(0x80, 0xC0)).decode("cp1252", "ignore"))
    + "\u0080-\u00bf]")


# UTF-8 of the Latin letters and apostrophes of Central Asian alphabets (Uzbek ʻ ʼ,
# Kazakh, Turkmen, Azerbaijani) read as Windows-1251: `OК»zbekiston` for `Oʻzbekiston`.
_ANY_CP1251_MOJIBAKE = re.compile(
    "[ЂЃА-Я][" + re.escape(bytes(range(0x80, 0xC0)).decode("cp1251",
                                                                             "ignore")) + "]")
_CENTRAL_ASIAN_LATIN = re.compile(
    "[\x00-\x7fʻʼ‘’äöüçñýğş"
    "ıİňžəÄÖÜÇÝĞŞŇŽ"
    "Ə]+")
# Windows-1251 bytes read as Latin-1 or Windows-1252: every letter of a word in À-ÿ.
_LATIN1_WORD = re.compile("[À-ÿ]+")


@functools.cache
def _ftfy() -> tuple[ModuleType, Callable[[str], bool]]:
    # Imported on first use: the command line starts faster without it.
    import ftfy
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1251)
    from ftfy.badness import is_bad

    return ftfy, is_bad


def repair_mojibake(text: str) -> tuple[str, str]:
    """(repaired text, how) for a cell of mojibake; ('', '') for a sound one; raises
    ValidationError when it is mojibake that cannot be repaired unambiguously.

    UTF-8 once read as Windows-1251 (`РўСѓСЂСЃСѓРЅРѕРІ`) still looks like Cyrillic, so
    ftfy's detector passes it by: that case is tried first, with ftfy's codec, and
    accepted only when the bytes are valid UTF-8 (Russian text in Windows-1251 never
    is) and decode to Cyrillic text: two Cyrillic letters can by chance be valid UTF-8
    for something else (`ПЁ` is the bytes of Coptic `Ϩ`), Cyrillic mojibake cannot.
    Everything else is ftfy's own detection and repair (e.g. UTF-8 read as Latin-1).
    """
    if text.isascii():
        return "", ""
    # Cheap look-outs first: ftfy costs half a second to import and a regular
    # expression per cell; sound text (nearly all) never reaches it.
    if _CP1251_MOJIBAKE.search(text):
        ftfy, is_bad = _ftfy()
        try:
            fixed = text.encode("sloppy-windows-1251").decode("utf-8")
        except UnicodeError:
            pass
        else:
            if fixed != text and _CYRILLIC_TEXT.fullmatch(fixed):
                return fixed, msg("UTF-8 text once read as Windows-1251")
    if _ANY_CP1251_MOJIBAKE.search(text):
        try:
            fixed = text.encode("cp1251").decode("utf-8")
        except UnicodeError:
            pass
        else:
            if fixed != text and _CENTRAL_ASIAN_LATIN.fullmatch(fixed):
                return fixed, msg("UTF-8 text once read as Windows-1251")
    words = [w for w in re.findall(r"\w+", text) if not w.isascii()]
    if (words and sum(map(len, words)) >= 3
            and all(_LATIN1_WORD.fullmatch(w) for w in words)):
        try:
            fixed = text.encode("cp1252").decode("cp1251")
        except UnicodeError:
            fixed = ""
        if fixed and _CYRILLIC_TEXT.fullmatch(fixed):
            return fixed, msg("Windows-1251 text once read as Latin-1")
    if not _LATIN_MOJIBAKE.search(text):
        return "", ""
    ftfy, is_bad = _ftfy()
    if not is_bad(text):
        return "", ""
    fixed, steps = ftfy.fix_and_explain(text)
    if fixed != text and "\ufffd" not in fixed and not is_bad(fixed):
        how = ", ".join(step[1] for step in steps or ()) or "ftfy"
        return fixed, msg("repaired by ftfy ({how})", how=how)
    raise ValidationError("", msg("looks like mojibake (text decoded with the wrong encoding) "
                              "and cannot be repaired unambiguously; fix it in the file"))


def convert_cell(column: str, raw: str) -> Any:
    """A cell's text as the value the services store; raises ValidationError.

    Text a spreadsheet would take for a formula is imported as written (the importer
    warns); our own export's guard apostrophe is removed (`unguard_formula`).
    """
    text = unguard_formula(raw)
    if column == "reference":
        ref = normalise_reference(text)
        if ref and not REFERENCE_PATTERN.match(ref):
            raise ValidationError(
                "reference", msg("'{text}' is not like CM-0001 (leave it empty for a new "
                                 "reference)", text=text)
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
