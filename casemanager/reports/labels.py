"""Words printed on dossiers and letters, in English and Russian.

`Labels(lang)` gives the headings and field names (`labels["identity"]`) and the names of
the controlled vocabularies (`labels.term("status", "exchange_listed")`). A value that has
no translation is shown as it is stored, with underscores as spaces, never dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import NamedTuple

from casemanager.domain.partialdate import PartialDate

LANGUAGES = ("en", "ru")


class Forms(NamedTuple):
    """A word said of the person, by their sex: the neutral form («освобождён(а)») when
    the sex is not recorded, as the window shows it."""

    neutral: str
    masculine: str
    feminine: str

    def by_sex(self, sex: str) -> str:
        return self.masculine if sex == "male" else self.feminine if sex == "female" \
            else self.neutral


_EN: dict[str, str] = {
    "dossier": "Case dossier",
    "confidential": "CONFIDENTIAL",
    # The header of a copy meant for publication (the `public` profile): not confidential.
    "public_mark": "FOR PUBLIC USE",
    "reference": "Reference",
    "made": "Prepared",
    "page": "Page {page} of {pages}",
    "profile": "Prepared for",
    "withheld_note": "Some details are withheld from this copy: {items}.",
    # Whose private details are printed by consent: one person, or several (by count).
    "consent_note_one": "Private contact details are included with the consent of the person "
                        "concerned: {names}.",
    "consent_note": "Private contact details are included with the consent of the persons "
                    "concerned: {names}.",
    "none": "None recorded.",
    "withheld": "withheld",
    "name_withheld": "Name withheld",
    "section_withheld": "Withheld from this copy.",
    "no_photo": "No photo",
    "photo_unreadable": "Photo could not be read",
    # Sections
    "summary": "Summary",
    "identity": "Identity",
    "documents": "Identity documents",
    "service": "Service and capture",
    "custody": "Places of detention",
    "status": "Status",
    "status_history": "Status history",
    "health": "Health and urgent needs",
    "timeline": "Timeline",
    "appeals": "Appeals",
    "media": "Media appearances",
    "contacts": "Contacts",
    "notes": "Notes",
    "confidential_notes": "Confidential notes",
    # Fields
    "name": "Name",
    "name_latin": "Name (Latin)",
    "name_native": "Name (native script)",
    "aliases": "Other spellings",
    "sex": "Sex",
    "date_of_birth": "Date of birth",
    "place_of_birth": "Place of birth",
    "citizenships": "Citizenship",
    "ethnicity": "Ethnicity",
    "home_region": "Home region",
    "languages": "Languages",
    "father_name": "Father's first name",
    "mother_maiden_name": "Mother's maiden name",
    "person_to_inform": "Person to be informed",
    "last_proof_of_life": "Last proof of life",
    "affiliation": "Affiliation",
    "unit": "Unit",
    "rank": "Rank",
    "service_number": "Service number",
    "recruitment": "Recruitment",
    "capture_date": "Date of capture",
    "capture_place": "Place of capture",
    "detaining_party": "Detaining party",
    "detention_place": "Held at",
    "icrc_registration": "ICRC registration",
    "health_details": "Health and injuries",
    "medical_urgency": "Medical urgency",
    "current_status": "Current status",
    "priority": "Priority",
    "assigned_to": "Caseworker",
    "tags": "Tags",
    "doc_type": "Document",
    "number": "Number",
    "issuing_country": "Issued by",
    "note": "Note",
    "date": "Date",
    "from": "From",
    "to": "To",
    "facility": "Place",
    "holding_party": "Held by",
    "source": "Source",
    "confidence": "Confidence",
    "kind": "Kind",
    "event": "Entry",
    "recipient": "Recipient",
    "subject": "Subject",
    "channel": "Channel",
    "sent": "Sent",
    "response": "Response",
    "relationship": "Relationship",
    "contact": "Contact",
    "details": "Details",
    "platform": "Platform",
    "link": "Link",
    "coercion_note": "Possible coercion",
    "location_not_disclosed": "location not disclosed",
    "address": "Address",
    # Cover letter
    "cover_title": "Case dossiers",
    "cover_to": "To",
    "cover_date": "Date",
    "cover_from": "From",
    "cover_intro": "Please find enclosed the dossiers of the following {count} persons.",
    "cover_intro_one": "Please find enclosed the dossier of the following person.",
    "cover_outro": "The enclosed information is confidential and shared solely to assist "
    "in establishing the fate, whereabouts and wellbeing of the persons concerned.",
    "cover_outro_public": "The enclosed information is shared to help establish the fate, "
    "whereabouts and wellbeing of the persons concerned.",
    "appeal_letter": "Letter",
    "attachments_count": "{count} pages",
}

_RU: dict[str, str | Forms] = {
    "dossier": "Досье по делу",
    "confidential": "КОНФИДЕНЦИАЛЬНО",
    "public_mark": "ДЛЯ ОТКРЫТОГО ИСПОЛЬЗОВАНИЯ",
    "reference": "Номер дела",
    "made": "Составлено",
    "page": "Стр. {page} из {pages}",
    "profile": "Для",
    "withheld_note": "В этой копии не приводятся: {items}.",
    "consent_note_one": "Личные контакты приводятся с согласия указанного лица: {names}.",
    "consent_note": "Личные контакты приводятся с согласия указанных лиц: {names}.",
    "none": "Нет сведений.",
    "withheld": "не приводится",
    "name_withheld": "Имя не приводится",
    "section_withheld": "В этой копии не приводится.",
    "no_photo": "Нет фото",
    "photo_unreadable": "Фото не читается",
    "summary": "Кратко",
    "identity": "Личность",
    "documents": "Документы, удостоверяющие личность",
    "service": "Служба и пленение",
    "custody": "Места содержания",
    "status": "Статус",
    "status_history": "История статуса",
    "health": "Здоровье и срочные нужды",
    "timeline": "Хронология",
    "appeals": "Обращения",
    "media": "Материалы СМИ",
    "contacts": "Контакты",
    "notes": "Примечания",
    "confidential_notes": "Конфиденциальные заметки",
    "name": "Имя",
    "name_latin": "Имя (латиницей)",
    "name_native": "ФИО (в оригинальном написании)",
    "aliases": "Другие написания",
    "sex": "Пол",
    "date_of_birth": "Дата рождения",
    "place_of_birth": "Место рождения",
    "citizenships": "Гражданство",
    "ethnicity": "Национальность",
    "home_region": "Регион проживания",
    "languages": "Языки",
    "father_name": "Имя отца",
    "mother_maiden_name": "Девичья фамилия матери",
    "person_to_inform": "Лицо для уведомления",
    "last_proof_of_life": Forms("Последнее подтверждение, что жив(а)",
                                "Последнее подтверждение, что жив",
                                "Последнее подтверждение, что жива"),
    "affiliation": "Принадлежность",
    "unit": "Подразделение",
    "rank": "Звание",
    "service_number": "Личный номер",
    "recruitment": "Способ набора",
    "capture_date": "Дата пленения",
    "capture_place": "Место пленения",
    "detaining_party": "Удерживающая сторона",
    "detention_place": "Место содержания",
    "icrc_registration": "Номер регистрации МККК",
    "health_details": "Здоровье и ранения",
    "medical_urgency": "Срочность медпомощи",
    "current_status": "Текущий статус",
    "priority": "Приоритет",
    "assigned_to": "Куратор",
    "tags": "Метки",
    "doc_type": "Документ",
    "number": "Номер",
    "issuing_country": "Кем выдан",
    "note": "Примечание",
    "date": "Дата",
    "from": "С",
    "to": "По",
    "facility": "Место",
    "holding_party": "Кем удерживается",
    "source": "Источник",
    "confidence": "Достоверность",
    "kind": "Вид",
    "event": "Запись",
    "recipient": "Адресат",
    "subject": "Тема",
    "channel": "Способ",
    "sent": "Отправлено",
    "response": "Ответ",
    "relationship": "Кем приходится",
    "contact": "Контакт",
    "details": "Данные",
    "platform": "Площадка",
    "link": "Ссылка",
    "coercion_note": "Возможное принуждение",
    "location_not_disclosed": "место не раскрыто",
    "address": "Адрес",
    "cover_title": "Досье",
    "cover_to": "Кому",
    "cover_date": "Дата",
    "cover_from": "От кого",
    "cover_intro": "Направляем досье следующих лиц ({count}).",
    "cover_intro_one": "Направляем досье следующего лица.",
    "cover_outro": "Прилагаемые сведения конфиденциальны и передаются исключительно для "
    "установления судьбы, местонахождения и состояния указанных лиц.",
    "cover_outro_public": "Прилагаемые сведения публикуются, чтобы помочь установить судьбу, "
    "местонахождение и состояние указанных лиц.",
    "appeal_letter": "Письмо",
    "attachments_count": "{count} стр.",
}

# Russian names of the stored vocabulary values (English shows the values themselves).
# The words are the window's (resources/translations/casemanager_ru.ts, context
# "Vocabulary"), in lower case: one term per concept (tests/ui/test_terminology.py). A
# status said of the person has a form for each sex; the window shows the neutral one.
_TERMS_RU: dict[str, dict[str, str | Forms]] = {
    "status": {
        "reported": "поступило сообщение", "confirmed": "задержание подтверждено",
        # ICRC: «лица, содержащиеся под стражей»; the window's column says «под стражей».
        "detained": "содержится под стражей",
        "exchange_listed": "в списке на обмен",
        "released": Forms("освобождён(а)", "освобождён", "освобождена"),
        "repatriated": Forms("репатриирован(а)", "репатриирован", "репатриирована"),
        "missing": Forms("пропал(а) без вести", "пропал без вести", "пропала без вести"),
        "deceased": "нет в живых", "closed": "дело закрыто",
    },
    "priority": {"normal": "обычный", "high": "высокий", "urgent": "срочный"},
    # Never «вербовка», «завербован»: the home countries' criminal codes use them for
    # mercenarism, and a dossier goes to those countries' embassies.
    "recruitment": {
        "contract": "по контракту", "deceived": "обманным путём",
        "coerced": "под принуждением", "prison": "из мест лишения свободы",
        "migrant": Forms("трудовой мигрант", "трудовой мигрант", "трудовая мигрантка"),
        "mobilized": "по мобилизации", "unknown": "неизвестно",
    },
    "sex": {"male": "мужской", "female": "женский", "unknown": "неизвестно"},
    "confidence": {"confirmed": "подтверждено", "likely": "вероятно", "unverified": "не проверено"},
    "appeal_status": {
        "draft": "черновик", "sent": "отправлено", "acknowledged": "получение подтверждено",
        "answered": "получен ответ", "rejected": "отклонено", "no_response": "нет ответа",
        "withdrawn": "отозвано",
    },
    "event_kind": {
        "note": "заметка", "call": "звонок", "visit": "посещение", "media": "материал СМИ",
        "transfer": "перевод", "exchange": "обмен", "status_change": "смена статуса",
    },
    "contact_kind": {
        "relative": "родственник", "lawyer": "адвокат", "embassy": "посольство",
        "consulate": "консульство", "icrc": "МККК", "ombudsman": "омбудсмен",
        "government": "госорган", "journalist": "журналист", "ngo": "НПО", "other": "другое",
    },
    # agrees with «срочность» (медицинской помощи)
    "medical_urgency": {"none": "нет", "low": "низкая", "high": "высокая", "critical": "критическая"},
    "channel_kind": {"phone": "телефон", "email": "эл. почта", "messenger": "мессенджер"},
    "doc_type": {
        "passport": "паспорт", "national_id": "удостоверение личности",
        "military_id": "военный билет", "birth_certificate": "свидетельство о рождении",
        "other": "другой",
    },
    # The window's suggestions (ContactLinkDialog), stored in the caseworker's language.
    "relationship": {
        "mother": "мать", "father": "отец", "wife": "жена", "husband": "муж",
        "sister": "сестра", "brother": "брат", "son": "сын", "daughter": "дочь",
        "uncle": "дядя", "aunt": "тётя", "cousin": "двоюродный брат",
        "relative": "родственник", "journalist": "журналист",
        "consular officer": "сотрудник консульства", "lawyer": "адвокат",
    },
    # An appeal's channel: the window's suggestions (AppealDialog), stored in the
    # caseworker's language; an English one prints in Russian.
    "appeal_channel": {
        "letter": "письмо", "e-mail": "эл. почта", "fax": "факс", "in person": "лично",
        "phone": "телефон", "online form": "онлайн-форма", "messenger": "мессенджер",
        "email": "эл. почта", "meeting": "встреча",  # as typed by hand, often
    },
}
_TERMS_EN: dict[str, dict[str, str | Forms]] = {
    "channel_kind": {"phone": "phone", "email": "e-mail", "messenger": "messenger"},
    "event_kind": {"status_change": "status change"},
    "contact_kind": {"icrc": "ICRC", "ngo": "NGO"},
    "doc_type": {"national_id": "national ID", "military_id": "military ID"},
}


# Text the program itself writes into the records (a status entry's source, an event's
# summary), stored in English; printed in the dossier's language. Matched whole.
_SYSTEM_RU: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE | re.DOTALL), ru) for pattern, ru in (
        (r"case opened", "дело открыто"),
        (r"merge", "объединение дел"),
        (r"merged into (?P<x>\S+)", "объединено с делом {x}"),
        (r"exchange", "обмен"),
        (r"exchange (?P<x>.+)", "обмен {x}"),
        (r"import (?P<x>.+)", "импорт {x}"),
        (r"from import (?P<x>.+)", "из импорта {x}"),
        (r"(?P<x>.+) \(claim accepted\)", "{x} (данные партнёра приняты)"),
        (r"Released in the exchange (?P<x>.+?)\.(?P<rest>.*)",
         "{released} в ходе обмена {x}.{rest}"),
    ))


# Month names as they stand in a date (Russian lower case: «март 1994»).
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "ru": ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
           "сентябрь", "октябрь", "ноябрь", "декабрь"),
}
# The month of a day in Russian is in the genitive: «12 марта 1994».
_MONTHS_OF = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
              "сентября", "октября", "ноября", "декабря")


class Labels:
    """The words of one language; `labels[key]`, `labels.term(vocabulary, value)`."""

    def __init__(self, lang: str = "en") -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"language '{lang}' is not one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self._words = _RU if lang == "ru" else _EN
        self._terms = _TERMS_RU if lang == "ru" else _TERMS_EN

    def __getitem__(self, key: str) -> str:
        return self.label(key)

    def label(self, key: str, sex: str = "") -> str:
        """A heading or field name; one said of the person in the form for `sex`
        ("male", "female"; anything else: the neutral form)."""
        found = self._words.get(key) or _EN[key]
        return found.by_sex(sex) if isinstance(found, Forms) else found

    def term(self, vocabulary: str, value: str, sex: str = "") -> str:
        """The word for a stored value of a vocabulary (casemanager.domain.vocab
        .VOCABULARIES' names, "relationship", "appeal_channel"); a status said of the
        person in the form for `sex`."""
        if not value:
            return ""
        found = self._terms.get(vocabulary, {}).get(value.casefold())
        if isinstance(found, Forms):
            return found.by_sex(sex)
        return found or value.replace("_", " ")

    def system(self, text: str, sex: str = "") -> str:
        """Text the program wrote itself ("case opened") in this language; anything
        else (what a caseworker typed) as it is."""
        if self.lang != "ru" or not text:
            return text
        for pattern, ru in _SYSTEM_RU:
            found = pattern.fullmatch(text.strip())
            if found:
                released = self.term("status", "released", sex)
                released = released[:1].upper() + released[1:]
                return ru.format(released=released, **found.groupdict())
        return text

    def date(self, value: dt.date | dt.datetime) -> str:
        """A full date in words: `24 November 2026`, `24 ноября 2026`. Numbers alone read
        differently by country (02.01.2024 is 1 February to an American reader, and the
        English window writes 01/02/2024): a document that travels says the month."""
        if self.lang == "ru":
            return f"{value.day} {_MONTHS_OF[value.month - 1]} {value.year}"
        return f"{value.day} {_MONTHS['en'][value.month - 1]} {value.year}"

    def pdate(self, value: PartialDate | None) -> str:
        """A partial date in words, never padded to a made-up day: `12 March 1994` /
        `12 марта 1994`, `March 1994` / `март 1994` (`03.1994` read like a day and month),
        a year alone `1994`; "" for None."""
        if value is None:
            return ""
        if value.month is None:
            return str(value.year)
        if value.day is None:
            return f"{_MONTHS[self.lang][value.month - 1]} {value.year}"
        return self.date(value.earliest())
