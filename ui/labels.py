"""How stored values are shown: vocabulary words, dates and times, in the caseworker's
language.

The services take and store codes (`exchange_listed`); the interface shows the words of
`_WORDS`, kept as literal QT_TRANSLATE_NOOP strings so `pyside6-lupdate` finds them (a
`tr(variable)` would be invisible to it).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QLocale, QTime

from casemanager.domain.messages import CONTEXT as CORE_CONTEXT
from casemanager.domain.messages import DateText, Field, Items, Kind, Message, Word, message_of
from casemanager.domain.partialdate import DateProblem, PartialDate, date_problem_of
from casemanager.domain.transliteration import has_cyrillic
from ui.i18n import QT_TRANSLATE_NOOP

_CONTEXT = "Vocabulary"
# vocabulary -> code -> English word. Every word carries its vocabulary as Qt's
# disambiguation, so one English word with two meanings ("Confirmed" as a status and as a
# confidence, "High" as a priority and as a medical urgency) has two Russian translations.
# The vocabularies are casemanager.domain.vocab.VOCABULARIES (the PDF's names too), plus
# "overview" for the overview's own rows.
_WORDS: dict[str, dict[str, str]] = {
    "status": {
        "reported": QT_TRANSLATE_NOOP("Vocabulary", "Reported", "status"),
        "confirmed": QT_TRANSLATE_NOOP("Vocabulary", "Confirmed", "status"),
        "detained": QT_TRANSLATE_NOOP("Vocabulary", "Detained", "status"),
        "exchange_listed": QT_TRANSLATE_NOOP("Vocabulary", "Exchange listed", "status"),
        "released": QT_TRANSLATE_NOOP("Vocabulary", "Released", "status"),
        "repatriated": QT_TRANSLATE_NOOP("Vocabulary", "Repatriated", "status"),
        "missing": QT_TRANSLATE_NOOP("Vocabulary", "Missing", "status"),
        "deceased": QT_TRANSLATE_NOOP("Vocabulary", "Deceased", "status"),
        "closed": QT_TRANSLATE_NOOP("Vocabulary", "Closed", "status"),
    },
    "priority": {
        "normal": QT_TRANSLATE_NOOP("Vocabulary", "Normal", "priority"),
        "high": QT_TRANSLATE_NOOP("Vocabulary", "High", "priority"),
        "urgent": QT_TRANSLATE_NOOP("Vocabulary", "Urgent", "priority"),
    },
    "recruitment": {
        "contract": QT_TRANSLATE_NOOP("Vocabulary", "Contract", "recruitment"),
        "deceived": QT_TRANSLATE_NOOP("Vocabulary", "Deceived", "recruitment"),
        "coerced": QT_TRANSLATE_NOOP("Vocabulary", "Coerced", "recruitment"),
        "prison": QT_TRANSLATE_NOOP("Vocabulary", "Recruited in prison", "recruitment"),
        "migrant": QT_TRANSLATE_NOOP("Vocabulary", "Labour migrant", "recruitment"),
        "mobilized": QT_TRANSLATE_NOOP("Vocabulary", "Mobilized", "recruitment"),
        "unknown": QT_TRANSLATE_NOOP("Vocabulary", "Unknown", "recruitment"),
    },
    "sex": {
        "male": QT_TRANSLATE_NOOP("Vocabulary", "Male", "sex"),
        "female": QT_TRANSLATE_NOOP("Vocabulary", "Female", "sex"),
        "unknown": QT_TRANSLATE_NOOP("Vocabulary", "Unknown", "sex"),
    },
    "confidence": {
        "confirmed": QT_TRANSLATE_NOOP("Vocabulary", "Confirmed", "confidence"),
        "likely": QT_TRANSLATE_NOOP("Vocabulary", "Likely", "confidence"),
        "unverified": QT_TRANSLATE_NOOP("Vocabulary", "Unverified", "confidence"),
    },
    "appeal_status": {
        "draft": QT_TRANSLATE_NOOP("Vocabulary", "Draft", "appeal_status"),
        "sent": QT_TRANSLATE_NOOP("Vocabulary", "Sent", "appeal_status"),
        "acknowledged": QT_TRANSLATE_NOOP("Vocabulary", "Acknowledged", "appeal_status"),
        "answered": QT_TRANSLATE_NOOP("Vocabulary", "Answered", "appeal_status"),
        "rejected": QT_TRANSLATE_NOOP("Vocabulary", "Rejected", "appeal_status"),
        "no_response": QT_TRANSLATE_NOOP("Vocabulary", "No response", "appeal_status"),
        "withdrawn": QT_TRANSLATE_NOOP("Vocabulary", "Withdrawn", "appeal_status"),
    },
    "event_kind": {
        "note": QT_TRANSLATE_NOOP("Vocabulary", "Note", "event_kind"),
        "call": QT_TRANSLATE_NOOP("Vocabulary", "Call", "event_kind"),
        "visit": QT_TRANSLATE_NOOP("Vocabulary", "Visit", "event_kind"),
        "media": QT_TRANSLATE_NOOP("Vocabulary", "Media", "event_kind"),
        "transfer": QT_TRANSLATE_NOOP("Vocabulary", "Transfer", "event_kind"),
        "exchange": QT_TRANSLATE_NOOP("Vocabulary", "Exchange", "event_kind"),
        "status_change": QT_TRANSLATE_NOOP("Vocabulary", "Status change", "event_kind"),
    },
    "contact_kind": {
        "relative": QT_TRANSLATE_NOOP("Vocabulary", "Relative", "contact_kind"),
        "lawyer": QT_TRANSLATE_NOOP("Vocabulary", "Lawyer", "contact_kind"),
        "embassy": QT_TRANSLATE_NOOP("Vocabulary", "Embassy", "contact_kind"),
        "consulate": QT_TRANSLATE_NOOP("Vocabulary", "Consulate", "contact_kind"),
        "icrc": QT_TRANSLATE_NOOP("Vocabulary", "ICRC", "contact_kind"),
        "ombudsman": QT_TRANSLATE_NOOP("Vocabulary", "Ombudsman", "contact_kind"),
        "government": QT_TRANSLATE_NOOP("Vocabulary", "Government body", "contact_kind"),
        "journalist": QT_TRANSLATE_NOOP("Vocabulary", "Journalist", "contact_kind"),
        "ngo": QT_TRANSLATE_NOOP("Vocabulary", "NGO", "contact_kind"),
        "other": QT_TRANSLATE_NOOP("Vocabulary", "Other", "contact_kind"),
    },
    "medical_urgency": {
        "none": QT_TRANSLATE_NOOP("Vocabulary", "None", "medical_urgency"),
        "low": QT_TRANSLATE_NOOP("Vocabulary", "Low", "medical_urgency"),
        "high": QT_TRANSLATE_NOOP("Vocabulary", "High", "medical_urgency"),
        "critical": QT_TRANSLATE_NOOP("Vocabulary", "Critical", "medical_urgency"),
    },
    "doc_type": {
        "passport": QT_TRANSLATE_NOOP("Vocabulary", "Passport", "doc_type"),
        "national_id": QT_TRANSLATE_NOOP("Vocabulary", "National ID card", "doc_type"),
        "military_id": QT_TRANSLATE_NOOP("Vocabulary", "Military ID", "doc_type"),
        "birth_certificate": QT_TRANSLATE_NOOP("Vocabulary", "Birth certificate", "doc_type"),
        "other": QT_TRANSLATE_NOOP("Vocabulary", "Other", "doc_type"),
    },
    "channel_kind": {
        "phone": QT_TRANSLATE_NOOP("Vocabulary", "Phone", "channel_kind"),
        "email": QT_TRANSLATE_NOOP("Vocabulary", "E-mail", "channel_kind"),
        "messenger": QT_TRANSLATE_NOOP("Vocabulary", "Messenger", "channel_kind"),
    },
    "overview": {
        "not recorded": QT_TRANSLATE_NOOP("Vocabulary", "Not recorded", "overview"),
    },
}


def word_source(vocabulary: str, code: str) -> tuple[str, str, str] | None:
    """(context, English source, disambiguation): the message `word` translates, None
    for a code the vocabulary does not have."""
    text = _WORDS.get(vocabulary, {}).get(code)
    return None if text is None else (_CONTEXT, text, vocabulary)


def word(vocabulary: str, code: str) -> str:
    """The translated word for a code of a vocabulary (`word("status", "detained")`);
    unknown codes are shown as they are, underscores as spaces."""
    if not code:
        return ""
    source = word_source(vocabulary, code)
    if source is None:
        return code.replace("_", " ")
    return QCoreApplication.translate(*source)


def word_in(vocabularies: tuple[str, ...], code: str) -> str:
    """The word for a code from the first of `vocabularies` that has it (a stored field
    whose vocabulary depends on the record: an appeal's or a case's "status")."""
    for vocabulary in vocabularies:
        if word_source(vocabulary, code) is not None:
            return word(vocabulary, code)
    return code.replace("_", " ") if code else ""


def choices(vocabulary: str) -> list[tuple[str, str]]:
    """(code, word) of every code of a vocabulary, in its order."""
    from casemanager.domain.vocab import VOCABULARIES

    return [(code, word(vocabulary, code)) for code in VOCABULARIES[vocabulary]]


def country_name(code: str) -> str:
    """A country's name in the interface language (`UZ` -> `Uzbekistan` / `Узбекистан`)."""
    from casemanager.domain import countries
    from ui.i18n import current_language

    return countries.country_name(code, current_language())


def country_label(code: str) -> str:
    """A country code with its name, for menus: `UZ — Uzbekistan`."""
    name = country_name(code) if code else ""
    return f"{code} — {name}" if name and name != code else code


def count_text(count: int, locale: QLocale | None = None) -> str:
    """A count as the interface writes numbers, its digits grouped: `101,106` in English,
    `101 106` in Russian (a no-break space). What tr()'s `%Ln` does for plural forms."""
    return (locale or QLocale()).toString(int(count))


def _short_format(locale: QLocale) -> str:
    """The locale's short date format with a four-digit year (`dd.MM.yyyy`, `dd/MM/yyyy`)."""
    fmt = locale.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    # Two-digit days and months line up in columns (`05.03.1994`, not `5.3.1994`).
    for one, two in (("d", "dd"), ("M", "MM")):
        if two not in fmt:
            fmt = fmt.replace(one, two)
    return fmt


def date_format(locale: QLocale | None = None) -> str:
    """The format `date_text` writes whole dates in, for Qt's date widgets
    (QDateEdit.setDisplayFormat)."""
    return _short_format(locale or QLocale())


# Languages whose month names are lower case inside running text.
_LOWER_CASE_MONTHS = {QLocale.Language.Russian, QLocale.Language.Ukrainian,
                      QLocale.Language.Belarusian, QLocale.Language.Kazakh,
                      QLocale.Language.Uzbek, QLocale.Language.Kyrgyz, QLocale.Language.Tajik}


def month_year_text(year: int, month: int, locale: QLocale | None = None) -> str:
    """A month of a year as running text writes it: `March 1994`, `март 1994` (Russian
    month names are lower case inside a sentence)."""
    loc = locale or QLocale()
    name = loc.standaloneMonthName(month, QLocale.FormatType.LongFormat)
    if loc.language() in _LOWER_CASE_MONTHS:
        # Windows (and so Qt's system locale there) gives "Январь" for the standalone
        # form; inside a sentence or a date Russian writes "январь 1999".
        name = name.lower()
    return f"{name} {year}"


def person_name_text(latin: str, native: str, locale: QLocale | None = None) -> str:
    """A person's name for a list: both spellings, the one the interface's readers read
    first ("Турсунов Алишер (Tursunov Alisher)" in a Russian window, "Tursunov Alisher
    (Турсунов Алишер)" in an English one); one of them alone when the other is missing
    or the same."""
    latin, native = " ".join(latin.split()), " ".join(native.split())
    if not native or native == latin:
        return latin
    if not latin:
        return native
    loc = locale or QLocale()
    if loc.script() == QLocale.Script.CyrillicScript and has_cyrillic(native):
        return f"{native} ({latin})"
    return f"{latin} ({native})"


def date_text(value: dt.date | PartialDate | None, locale: QLocale | None = None) -> str:
    """Every date the interface shows, in the interface's locale: a whole date as the
    locale writes it short (`12.03.1994`, `12/03/1994`), a month and year in words
    (`March 1994`, `март 1994`), a year alone as it is."""
    if value is None:
        return ""
    loc = locale or QLocale()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, PartialDate):
        if value.month is None:
            return str(value.year)
        if value.day is None:
            return month_year_text(value.year, value.month, loc)
        value = value.earliest()
    return loc.toString(QDate(value.year, value.month, value.day), _short_format(loc))


# Numbers as a date is typed: `12.03.1994`, `03/12/1994`, `1994-03`, `12 03 1994`,
# `1994. 03. 12.`; the separators are not what tells the day from the month.
_NUMBERS = re.compile(r"^\d+(?:\s*[./-]\s*\d+|\s+\d+){0,2}\.?$")
_WORD_DATE = re.compile(r"^(?:(\d{1,2})\.?\s+)?(\S*[^\W\d_]\S*?)\.?,?\s+(\d{4})$")
# The US long form: `March 12, 1994`, `Mar. 12 1994`.
_MONTH_DAY_YEAR = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")


def month_first(locale: QLocale | None = None) -> bool:
    """Whether the locale writes the month before the day (`05/02/2022` = 2 May)."""
    fmt = _short_format(locale or QLocale())
    return fmt.find("M") < fmt.find("d")


def _month_number(name: str, loc: QLocale) -> int | None:
    name = name.casefold().rstrip(".")
    for month in range(1, 13):
        for form in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat):
            for word in (loc.monthName(month, form), loc.standaloneMonthName(month, form)):
                if word and word.casefold().rstrip(".") == name:
                    return month
    return None


def read_date(text: str, locale: QLocale | None = None) -> PartialDate:
    """A date as typed into the window, read the way `date_text` writes dates: the day
    and the month in the locale's order (`05/02/2022` is 2 May in en_US, 5 February in
    ru_RU), a month in words (`March 1994`, `март 1994`, `12 марта 1994`, `March 12,
    1994`), a year first as ISO
    (`1994-03-12`), a month with its year (`03.1994`). Raises the core's DateError."""
    loc = locale or QLocale()
    value = text.strip()
    if _NUMBERS.match(value):
        numbers = re.findall(r"\d+", value)
        short = [n for n in numbers if len(n) <= 2]
        if len(numbers) == 3 and len(numbers[0]) == 4 and len(short) == 2:
            year, month, day = numbers
            return PartialDate(int(year), int(month), int(day))
        if len(numbers) == 3 and len(numbers[2]) == 4 and len(short) == 2:
            first, second, year = numbers
            day, month = (second, first) if month_first(loc) else (first, second)
            return PartialDate(int(year), int(month), int(day))
        if len(numbers) == 2 and len(short) == 1 and 4 in (len(numbers[0]), len(numbers[1])):
            year, month = numbers if len(numbers[0]) == 4 else numbers[::-1]
            return PartialDate(int(year), int(month))
    elif (m := _MONTH_DAY_YEAR.match(value)) and (
            month := _month_number(m.group(1), loc) or _month_number(m.group(1), QLocale.c())):
        return PartialDate(int(m.group(3)), month, int(m.group(2)))
    elif m := _WORD_DATE.match(value):
        day, name, year = m.groups()
        month = _month_number(name, loc) or _month_number(name, QLocale.c())
        if month is not None:
            return PartialDate(int(year), month, int(day) if day else None)
    else:  # the locale's own signs (digits, letters around the numbers)
        typed = loc.toDate(value, _short_format(loc))
        if typed.isValid():
            return PartialDate(typed.year(), typed.month(), typed.day())
    return PartialDate.parse(value)  # a year alone; else the core says why it is no date


def date_examples(*, require_day: bool = False, locale: QLocale | None = None) -> str:
    """Dates the fields read, written as the window writes them: `1994, March 1994,
    03/12/1994` (en_US), `1994, март 1994, 12.03.1994` (ru_RU)."""
    loc = locale or QLocale()
    day = date_text(PartialDate(1994, 3, 12), loc)
    if require_day:
        return day
    return ", ".join((date_text(PartialDate(1994), loc),
                      date_text(PartialDate(1994, 3), loc), day))


def date_time_text(value: dt.datetime | None, locale: QLocale | None = None) -> str:
    """A date and time as the interface writes them (no time zone conversion)."""
    if value is None:
        return ""
    loc = locale or QLocale()
    time = loc.toString(QTime(value.hour, value.minute), loc.timeFormat(QLocale.FormatType.ShortFormat))
    return f"{date_text(value.date(), loc)} {time}"


def local_date_text(value: dt.datetime | None) -> str:
    """The day of a stored UTC time, in the computer's local time."""
    if value is None:
        return ""
    return date_text(value.replace(tzinfo=dt.UTC).astimezone().date())


def local_time_text(value: dt.datetime | None) -> str:
    """A stored UTC time shown in the computer's local time."""
    if value is None:
        return ""
    local = value.replace(tzinfo=dt.UTC).astimezone()
    return date_time_text(local)


def date_problem_text(problem: DateProblem) -> str:
    """A core date error (casemanager.domain.partialdate.DateError) in the interface's
    words, its dates in the interface's format."""
    parts = problem.parts
    if problem.kind == "no_such_day":
        return QCoreApplication.translate("Dates", "day %1 does not exist in %2").replace("%1", str(parts["day"])).replace(
            "%2", month_year_text(parts["year"], parts["month"]))
    if problem.kind == "no_such_month":
        return QCoreApplication.translate("Dates", "month %1 does not exist").replace("%1", str(parts["month"]))
    if problem.kind == "year_out_of_range":
        return QCoreApplication.translate("Dates", "year %1 is outside %2–%3").replace("%1", str(parts["year"])).replace(
            "%2", str(parts["low"])).replace("%3", str(parts["high"]))
    if problem.kind == "day_without_month":
        return QCoreApplication.translate("Dates", "a day needs a month")
    if problem.kind == "needs_day":
        return QCoreApplication.translate("Dates", "“%1” needs a day, month and year").replace("%1", parts["text"])
    return QCoreApplication.translate("Dates", "“%1” is not a date (write %2)").replace("%1", parts.get("text", "")).replace(
        "%2", date_examples())


def system_text(text: str, sex: str = "") -> str:
    """Text the program stored itself in a record ("case opened", "import list.csv", a
    status's source) in the interface's language, as the dossier prints it
    (casemanager.reports.labels); what a caseworker typed is shown as it is."""
    from casemanager.reports.labels import LANGUAGES, Labels
    from ui.i18n import current_language

    lang = current_language()
    return Labels(lang).system(text, sex) if lang in LANGUAGES else text


def core_text(text: str) -> str:
    """A text the core made, in the interface's language: a core Message
    (casemanager.domain.messages) is translated and its parameters put in as the
    interface shows them (a Message in turn translated, a date in the interface's
    format); any other text as it is."""
    if isinstance(text, DateText):
        return date_problem_text(text.problem)
    if not isinstance(text, Message):
        return text
    template = QCoreApplication.translate(CORE_CONTEXT, text.template)
    params = {name: _param_text(value, name) for name, value in text.params.items()}
    try:
        return template.format(**params)
    except (KeyError, IndexError, ValueError):
        return str(text)  # a translation with a broken placeholder: the English text


# A core message's parameters that are counts, shown with the locale's digit grouping
# ("строк: 1 200"); other numbers (an import's id, a year, a row's number) as they are.
_COUNTS = frozenset({"count", "total", "done", "rows", "rejected", "created", "updated",
                     "skipped", "unchanged", "limit", "length"})


def _param_text(value: Any, name: str = "") -> Any:
    if name in _COUNTS and isinstance(value, int) and not isinstance(value, bool):
        return count_text(value)
    if isinstance(value, Message):
        return core_text(value)
    if isinstance(value, Items):
        return ", ".join(str(_param_text(item)) for item in value)
    if isinstance(value, Field):  # the form's label ("Family name")
        from ui.protect.audit_words import field_label

        return field_label(value)
    if isinstance(value, Kind):  # a kind of record ("custody", "event")
        from ui.protect.audit_words import entity_text

        return entity_text(value)
    if isinstance(value, Word):  # a case's status, as messages use it; else any vocabulary
        from casemanager.domain.vocab import VOCABULARIES

        return word_in(("status", *VOCABULARIES), value)
    if isinstance(value, PartialDate | dt.date):
        return date_text(value)
    return value


def reason_text(error: BaseException) -> str:
    """Why a value was refused, as the interface says it: a date problem or a core
    message in the interface's words, anything else as the core wrote it."""
    problem = date_problem_of(error)
    if problem is not None:
        return date_problem_text(problem)
    message = message_of(error)
    if message is not None:
        return core_text(message)
    return getattr(error, "reason", None) or str(error)


def error_text(error: BaseException) -> str:
    """A core error's whole message in the interface's words: a ValidationError as the
    field's label (when the forms have one) and its reason, others as `reason_text`."""
    field = getattr(error, "field", None)
    reason = reason_text(error)
    if not field or not hasattr(error, "reason"):
        return reason
    from ui.protect.audit_words import FIELDS, field_label  # the forms' labels

    # A field the forms do not label (a setting's key, "columns") is not shown: its
    # English name would be the only English in the line.
    return f"{field_label(field)}: {reason}" if field in FIELDS else reason


def show(value: Any) -> str:
    """A value as shown in the editor's tables: dates as caseworkers write them."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return date_time_text(value)
    if isinstance(value, PartialDate | dt.date):
        return date_text(value)
    if isinstance(value, bool):
        return "✓" if value else ""
    return str(value)


def relationship_text(stored: str | None) -> str:
    """A contact's relationship to the person as the interface says it: one of the
    suggestions offered when linking (stored in the language of the window that linked,
    "wife") in this interface's words («жена», as the dossier prints it); anything else
    the caseworker typed as it was typed."""
    text = (stored or "").strip()
    if text.casefold() in (r.casefold() for r in RELATIONSHIPS):
        return QCoreApplication.translate("ContactLinkDialog", text.casefold())
    return stored or ""


# Suggestions for a free-text field: the caseworker's language is what gets stored.
RELATIONSHIPS = (
    QT_TRANSLATE_NOOP("ContactLinkDialog", "mother"),
    QT_TRANSLATE_NOOP("ContactLinkDialog", "father"),
    QT_TRANSLATE_NOOP("ContactLinkDialog", "wife"),
    QT_TRANSLATE_NOOP("ContactLinkDialog", "husband"),
    QT_TRANSLATE_NOOP("ContactLinkDialog", "sister"),
    QT_TRANSLATE_NOOP("ContactLinkDialog", "brother"),
    QT_TRANSLATE_NOOP("ContactLinkDialog", "son"),
    QT_TRANSLATE_NOOP("ContactLinkDialog", "daughter"),
    QT_TRANSLATE_NOOP("ContactLinkDialog", "relative"),
    QT_TRANSLATE_NOOP("ContactLinkDialog", "lawyer"),
    QT_TRANSLATE_NOOP("ContactLinkDialog", "consular officer"),
    QT_TRANSLATE_NOOP("ContactLinkDialog", "journalist"),
)
