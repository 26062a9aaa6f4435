"""Synthetic but realistic demo cases: Central Asian detainees, deterministic per seed.

Names are built in Cyrillic and transliterated to Latin the way passports and partner
lists write them, with the variant spellings that real lists contain. No real person is
described: every name is a random combination.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain
from operator import itemgetter
from typing import Any

from sqlalchemy import Integer, cast, func, insert, select, text
from sqlalchemy.orm import Session

from casemanager.domain.names import compact
from casemanager.domain.progress import Progress, no_progress
from casemanager.domain.sort_order import sort_key
from casemanager.domain.transliteration import PLAIN_LATIN
from casemanager.services.access import require
from casemanager.store.bulk import highest_id_used
from casemanager.store.database import Database
from casemanager.store.models import (
    Alias,
    Appeal,
    AuditEntry,
    Case,
    CaseContact,
    CaseTag,
    Citizenship,
    Contact,
    ContactChannel,
    CustodyPeriod,
    Event,
    IdentityDocument,
    MediaAppearance,
    Setting,
    StatusChange,
    Task,
    utcnow,
)
from casemanager.store.search_index import (
    CODE_KINDS,
    INSERT_SQL,
    add_vocabulary,
    field_keys,
    in_vocabulary,
    index_new_cases,
    initial_bit,
    name_initials,
)
from casemanager.store.sort_keys import INSERT_TRIGGER as SORT_KEYS_INSERT_TRIGGER
from casemanager.store.sort_keys import install_sqlite as install_sort_keys
from casemanager.store.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Country:
    code: str
    given: tuple[str, ...]
    family: tuple[str, ...]
    regions: tuple[str, ...]
    phone: str
    language: str


UZ = Country(
    "UZ",
    ("Алишер", "Бахтиёр", "Шерзод", "Жамшид", "Улугбек", "Рустам", "Достон", "Фаррух",
     "Икром", "Азиз", "Бекзод", "Отабек", "Сардор", "Шухрат", "Хуршид", "Ойбек"),
    ("Турсунов", "Каримов", "Рахимов", "Юсупов", "Исмоилов", "Холматов", "Эргашев",
     "Мирзаев", "Содиков", "Хасанов", "Абдуллаев", "Назаров", "Шарипов", "Жураев"),
    ("Самарканд", "Фергана", "Андижан", "Наманган", "Ташкент", "Бухара", "Кашкадарья", "Хорезм"),
    "+998",
    "uz",
)
KG = Country(
    "KG",
    ("Нурлан", "Азамат", "Эрлан", "Бакыт", "Улан", "Талант", "Мирлан", "Айбек",
     "Чынгыз", "Эмиль", "Канат", "Жоомарт"),
    ("Осмонов", "Жумабеков", "Абдыкадыров", "Токтогулов", "Сыдыков", "Мамытов",
     "Асанов", "Калыков", "Бекмуратов", "Орозбаев"),
    ("Ош", "Бишкек", "Джалал-Абад", "Баткен", "Нарын", "Иссык-Куль", "Талас"),
    "+996",
    "ky",
)
TJ = Country(
    "TJ",
    ("Фирдавс", "Шахром", "Далер", "Умед", "Джамшед", "Парвиз", "Фаридун", "Хуршед",
     "Сухроб", "Мехрубон", "Бахром", "Исмоил"),
    ("Рахмонов", "Сафаров", "Назаров", "Шарипов", "Каримов", "Давлатов", "Хакимов",
     "Холов", "Саидов", "Мирзоев", "Одинаев"),
    ("Душанбе", "Худжанд", "Куляб", "Бохтар", "Истаравшан", "Пенджикент", "Гарм"),
    "+992",
    "tg",
)
KZ = Country(
    "KZ",
    ("Ержан", "Серик", "Даурен", "Асхат", "Нурсултан", "Бауыржан", "Айдос", "Ерлан",
     "Жандос", "Мейрам", "Канат", "Темирлан"),
    ("Сейткали", "Жаксыбеков", "Нургалиев", "Омаров", "Ахметов", "Тулеуов",
     "Искаков", "Бекмагамбетов", "Абенов", "Кенжебаев"),
    ("Шымкент", "Алматы", "Актобе", "Тараз", "Кызылорда", "Караганда", "Уральск"),
    "+7",
    "kk",
)
TM = Country(
    "TM",
    ("Мерген", "Батыр", "Довлет", "Сердар", "Гурбан", "Максат", "Атаджан", "Бегенч",
     "Мекан", "Ровшен"),
    ("Аннаев", "Бердыев", "Оразов", "Гельдыев", "Хоммадов", "Чарыев", "Ташлиев",
     "Ниязов", "Овезов"),
    ("Ашхабад", "Мары", "Дашогуз", "Туркменабад", "Балканабад"),
    "+993",
    "tk",
)
COUNTRIES = (UZ, UZ, UZ, KG, KG, TJ, TJ, KZ, TM)



@lru_cache(maxsize=4096)
def transliterate(text: str) -> str:
    out = []
    for ch in text:
        low = ch.lower()
        if low in PLAIN_LATIN:
            lat = PLAIN_LATIN[low]
            out.append(lat.capitalize() if ch != low and lat else lat)
        else:
            out.append(ch)
    return "".join(out)


def patronymic(father: str) -> str:
    if father.endswith(("й", "ь")):
        return father[:-1] + "евич"
    if father[-1] in "аеёиоуыэюя":
        return father + "евич"
    return father + "ович"


def spelling_options(latin: str) -> tuple[str, ...]:
    """Spellings other lists use, sorted: German -ow, h for kh, j for zh, o for yo."""
    options = {
        latin.replace("kh", "h").replace("Kh", "H"),
        re.sub(r"(o|e)v\b", r"\1w", latin),
        latin.replace("zh", "j").replace("Zh", "J"),
        latin.replace("yo", "o"),
    }
    options.discard(latin)
    return tuple(sorted(options))


def variants(latin: str, rng: random.Random) -> list[str]:
    """Up to two of a Latin name's other spellings (the demo keeps this draw)."""
    return list(spelling_options(latin)[: rng.randint(0, 2)])


UNITS = ("Storm-Z", "Storm-V", "5th brigade", "Wagner group", "territorial defence", "BARS-13",
         "Akhmat", "35th motor rifle brigade", "")
FACILITIES = ("Pre-trial detention centre No. 1, Kyiv region", "Colony No. 8, Zhytomyr region",
              "Camp for prisoners of war, Lviv region", "Temporary holding, Kharkiv region",
              "SIZO-2, Rostov-on-Don", "Colony No. 10, Mordovia")
CAPTURE_PLACES = ("Bakhmut", "Avdiivka", "Kupiansk", "Vuhledar", "Kreminna", "Robotyne",
                  "Pokrovsk", "Kursk region", "Chasiv Yar", "Toretsk")
RECRUITMENT_WEIGHTS = (("contract", 30), ("deceived", 20), ("coerced", 10), ("prison", 15),
                       ("migrant", 15), ("mobilized", 5), ("unknown", 5))
STATUS_WEIGHTS = (("reported", 12), ("confirmed", 15), ("detained", 40), ("exchange_listed", 8),
                  ("released", 6), ("repatriated", 6), ("missing", 8), ("deceased", 3),
                  ("closed", 2))
CASEWORKERS = ("Dilnoza", "Aigerim", "Marat", "Olga", "")
SOURCES = ("mother by phone", "ICRC", "video on Telegram", "lawyer", "embassy", "released fellow detainee",
           "Ukrainian Coordination HQ", "media report")
RELATIVES = (("mother", "мать"), ("wife", "жена"), ("brother", "брат"), ("sister", "сестра"),
             ("father", "отец"))
EVENT_TEXTS = (
    ("call", "Mother received a short call; he says he is well."),
    ("media", "Appeared in a video interview; possibly under pressure."),
    ("visit", "ICRC delegates visited the facility and met him."),
    ("note", "Lawyer confirmed his location."),
    ("note", "A letter from him reached the family through the ICRC."),
    ("call", "Embassy confirmed receipt of our request by phone."),
)
TAGS = ("video", "wounded", "minor at recruitment", "exchange 2025", "lawyer")
ETHNICITY = {"UZ": "Uzbek", "KG": "Kyrgyz", "TJ": "Tajik", "KZ": "Kazakh", "TM": "Turkmen"}
FEMALE = ("Гульнара", "Дилноза", "Зарина", "Малика", "Нигора", "Айгуль", "Гулчехра", "Мадина",
          "Саодат", "Феруза", "Айжан", "Нодира")


def _female_surname(family: str) -> str:
    return family + "а" if family.endswith(("ов", "ев", "ин")) else family


EMBASSIES = {
    "UZ": "Embassy of Uzbekistan",
    "KG": "Embassy of the Kyrgyz Republic",
    "TJ": "Embassy of Tajikistan",
    "KZ": "Embassy of Kazakhstan",
    "TM": "Embassy of Turkmenistan",
}

#: The page cache of a bulk demo transaction on SQLite (KiB).
BULK_CACHE_KIB = 262_144
#: The page cache while the indexes set aside are built again (KiB).
REBUILD_CACHE_KIB = 65_536
#: Cases generated between two inserts of their rows.
BATCH = 2000
#: Rows of one table one INSERT statement carries on SQLite (`_insert_rows`).
ROWS_PER_INSERT = 50
#: From how many cases (and at least as many as the database holds) the demo drops the
#: indexes of its tables while it writes and builds them again at the end.
REBUILD_INDEXES_FROM = 20_000

# The columns each table's rows give, after their id, in this order; the table's other
# columns take their defaults (the same for every row).
COLUMNS: dict[type[Any], tuple[str, ...]] = {
    Contact: ("kind", "name", "organisation", "address", "country", "language"),
    ContactChannel: ("contact_id", "kind", "value", "label"),
    Case: ("reference", "version", "status", "priority", "assigned_to", "created_at",
           "updated_at", "family_name", "given_name", "patronymic", "name_native",
           "name_latin", "sex", "date_of_birth", "place_of_birth", "ethnicity", "home_region",
           "languages", "father_name", "mother_maiden_name", "person_to_inform",
           "last_proof_of_life", "last_proof_of_life_source", "recruitment", "affiliation",
           "unit", "rank", "service_number", "capture_date", "capture_place",
           "detaining_party", "health", "medical_urgency", "icrc_registration", "notes",
           # computed here, so the sort keys' triggers (store.sort_keys) have nothing to redo
           "family_name_sort", "given_name_sort", "name_native_sort", "assigned_to_sort"),
    Alias: ("case_id", "position", "spelling"),
    Citizenship: ("case_id", "position", "country"),
    IdentityDocument: ("case_id", "doc_type", "number", "issuing_country"),
    CaseTag: ("case_id", "tag"),
    StatusChange: ("case_id", "status", "date", "source", "confidence", "recorded_by"),
    CustodyPeriod: ("case_id", "facility", "disclosed", "holding_party", "date_from"),
    MediaAppearance: ("case_id", "date", "link", "platform", "coercion_note"),
    CaseContact: ("case_id", "contact_id", "relationship", "share_embassy", "share_icrc",
                  "share_media"),
    Appeal: ("case_id", "recipient_id", "channel", "subject", "reference_number", "sent_date",
             "follow_up_date", "status"),
    Event: ("case_id", "date", "kind", "summary", "source", "confidence"),
    Task: ("case_id", "title", "due_date", "assignee"),
}
# Parents before children (foreign keys).
ORDER = tuple(COLUMNS)


def _defaults(model: type[Any], now: dt.datetime) -> dict[str, Any]:
    """The values of the columns a row leaves out, as an ORM insert would give them."""
    out: dict[str, Any] = {}
    for col in model.__table__.columns:
        if col.primary_key:
            continue
        default = col.default
        if default is None and col.server_default is not None:
            continue  # the database fills it (cases.restricted)
        if default is None:
            out[col.name] = None
        elif default.is_callable:
            out[col.name] = now
        else:
            out[col.name] = default.arg
    return out


def _literal(value: Any) -> str:
    """SQL for a value as SQLite stores it (after its column type's bind processor)."""
    if value is None:
        return "NULL"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    raise TypeError(f"no SQL literal for {value!r}")


def _many_rows(sql: str) -> str:
    """An `INSERT … VALUES (…)` of one row as one of ROWS_PER_INSERT rows."""
    head, _, group = sql.partition(" VALUES ")
    return f"{head} VALUES {', '.join([group] * ROWS_PER_INSERT)}"


def _insert_rows(session: Session, one: str, many: str, rows: list[tuple[Any, ...]]) -> None:
    """Insert rows on SQLite ROWS_PER_INSERT at a time (`many`), the rest one at a time
    (`one`), in their order: each row gets the id it would get alone. A statement's own
    work is done once for many rows: on an AUTOINCREMENT table (0019) SQLite reads and
    writes the table's row of sqlite_sequence once per statement, which one row a
    statement made each row cost 2.1 µs instead of 0.6 µs (measured, SQLite 3.40)."""
    size = ROWS_PER_INSERT
    whole = len(rows) - len(rows) % size
    conn = session.connection()
    if whole:
        conn.exec_driver_sql(many, [tuple(chain.from_iterable(rows[i : i + size]))
                                    for i in range(0, whole, size)])
    if whole < len(rows):
        conn.exec_driver_sql(one, rows[whole:])


class _Table:
    """One table's new rows as tuples of `COLUMNS`' values.

    Cases and contacts, which other rows point to, carry their ids (first, assigned
    here); the other tables' rows get the next ids in their order when inserted, as
    SQLite gives a row without one (the highest id + 1). On SQLite the tuples hold the
    values as stored (what each column type's bind processor makes of them: dates as
    text, booleans as 0/1) and go to the driver's executemany, with the left-out
    columns' defaults written into the statement; elsewhere they are handed to a Core
    insert as dicts, ids included."""

    def __init__(self, session: Session, model: type[Any], now: dt.datetime, fast: bool) -> None:
        self.table = model.__table__
        self.with_ids = model in (Case, Contact)
        self.columns = ("id", *COLUMNS[model]) if self.with_ids else COLUMNS[model]
        self.rows: list[tuple[Any, ...]] = []
        # Above every id the table ever gave, a deleted row's too (0019): with explicit
        # ids, and on SQLite the ids AUTOINCREMENT gives the rows without one.
        self.next_id = highest_id_used(session.connection(), self.table.name) + 1
        self.defaults = _defaults(model, now)
        self.others = {k: v for k, v in self.defaults.items() if k not in COLUMNS[model]}
        self.sql = self.sql_many = ""
        if fast:
            dialect = session.get_bind().dialect
            names = [*self.columns, *self.others]
            values = ["?"] * len(self.columns)
            for name, value in self.others.items():
                process = self.table.columns[name].type._cached_bind_processor(dialect)
                values.append(_literal(process(value) if process and value is not None
                                       else value))
            quoted = ", ".join(f'"{n}"' for n in names)
            self.sql = f'INSERT INTO "{self.table.name}" ({quoted}) VALUES ({", ".join(values)})'
            self.sql_many = _many_rows(self.sql)

    def default(self, name: str, dialect: Any, fast: bool) -> Any:
        """A left-out column's default as this table's rows give it."""
        value = self.defaults[name]
        if fast and value is not None:
            process = self.table.columns[name].type._cached_bind_processor(dialect)
            if process is not None:
                value = process(value)
        return value

    def take(self) -> list[tuple[Any, ...]]:
        rows, self.rows = self.rows, []
        if not self.with_ids:
            self.next_id += len(rows)
        return rows

    def flush(self, session: Session) -> None:
        first = self.next_id
        rows = self.take()
        if not rows:
            return
        if self.sql:
            _insert_rows(session, self.sql, self.sql_many, rows)
            return
        columns, others = self.columns, self.others
        if not self.with_ids:
            columns = ("id", *columns)
            rows = [(i, *row) for i, row in enumerate(rows, first)]
        session.execute(insert(self.table), [
            {**others, **dict(zip(columns, row, strict=True))} for row in rows])


class _Forms:
    """Values as the rows carry them: stored forms on SQLite, Python values elsewhere.

    Partial dates are their ISO text on every dialect (PartialDateType reads text)."""

    def __init__(self, dialect: Any, fast: bool) -> None:
        def processor(type_: Any) -> Any:
            process = type_._cached_bind_processor(dialect) if fast else None
            return process or (lambda value: value)

        self.stamp = processor(Case.__table__.c.created_at.type)
        self.date = processor(Appeal.__table__.c.follow_up_date.type)
        boolean = processor(CustodyPeriod.__table__.c.disclosed.type)
        self.true, self.false = boolean(True), boolean(False)
        self._days: dict[int, tuple[int, str, str, str, Any]] = {}

    def day(self, ordinal: int) -> tuple[int, str, str, str, Any]:
        """(year, 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', the date's stored form) of a day."""
        found = self._days.get(ordinal)
        if found is None:
            d = dt.date.fromordinal(ordinal)
            year = f"{d.year:04d}"
            found = self._days[ordinal] = (
                d.year, year, f"{year}-{d.month:02d}", f"{year}-{d.month:02d}-{d.day:02d}",
                self.date(d))
        return found


class _Names:
    """What a name gives, made once: transliterations, patronymics, variant spellings."""

    def __init__(self) -> None:
        self.others: dict[tuple[Country, str], tuple[str, ...]] = {}
        self.variants: dict[str, tuple[str, ...]] = {}
        self.female: dict[str, str] = {}
        self.messenger: dict[str, str] = {}

    def fathers(self, country: Country, given: str) -> tuple[str, ...]:
        found = self.others.get((country, given))
        if found is None:
            found = self.others[(country, given)] = tuple(
                g for g in country.given if g != given)
        return found

    def spellings(self, latin: str) -> tuple[str, ...]:
        """`spelling_options`, made once per Latin name."""
        found = self.variants.get(latin)
        if found is None:
            found = self.variants[latin] = spelling_options(latin)
        return found


# (key, kind, token) of some fields, the set of their keys, their names' initials' bits.
_Merged = tuple[list[tuple[str, str, str]], frozenset[str], int]


class _SortKeys(dict[str, str]):
    """{text: sort_key(text)}, each made once (a few thousand distinct names)."""

    def __missing__(self, text: str) -> str:
        found = self[text] = sort_key(text)
        return found


class _Keys:
    """The search keys of demo cases on SQLite: the rows `index_new_cases` would write,
    each field's keys made once (a million cases have a few thousand distinct fields)."""

    SQL = INSERT_SQL

    def __init__(self) -> None:
        self.fields: dict[tuple[str, str], tuple[tuple[str, str, str], ...]] = {}
        self.groups: dict[tuple[tuple[str, str], ...], _Merged] = {}
        self.rows: list[tuple[int, str, str, int, str]] = []
        # `merged` of a case's names, and of its places, by their texts.
        self.by_names: dict[tuple[str, ...], _Merged] = {}
        self.by_places: dict[tuple[tuple[str, ...], tuple[str, ...]], _Merged] = {}

    def field(self, text: str, kind: str) -> tuple[tuple[str, str, str], ...]:
        found = self.fields.get((text, kind))
        if found is None:
            found = self.fields[(text, kind)] = field_keys(text, kind)
        return found

    def merged(self, fields: tuple[tuple[str, str], ...]) -> _Merged:
        """The keys of these (text, kind) fields, each key from the first field giving
        it, the set of those keys, and their initials' bits (`name_initials`, for a
        name kind) (made once per distinct fields)."""
        found = self.groups.get(fields)
        if found is None:
            items: dict[str, tuple[str, str, str]] = {}
            for text, kind in fields:
                for item in self.field(text, kind):
                    items.setdefault(item[0], item)
            bits = name_initials({key: (kind, "") for key, kind, _ in items.values()})
            found = self.groups[fields] = (list(items.values()), frozenset(items), bits)
        return found

    def add(self, case_id: int, reference: str, names: tuple[str, ...],
            aliases: list[str], documents: tuple[str, ...], places: tuple[str, ...],
            facilities: tuple[str, ...]) -> None:
        """A case's keys, first field first (the order of `case_keys`): its reference,
        names (family, given, patronymic, native, Latin), aliases, documents, unit and
        places, disclosed facilities; each row with the case's initials (`name_initials`
        of its rows: those of its names, and of the aliases' keys no name gave)."""
        found = self.by_names.get(names)
        if found is None:
            found = self.by_names[names] = self.merged((
                (names[0], "family"), (names[1], "given"), (names[2], "patronymic"),
                (names[3], "native"), (names[4], "native")))
        name_items, name_keys, initials = found
        key = compact(reference)
        if key in name_keys:  # never with the demo's references (CM-0001): the slow way
            self.add_each(case_id, reference, names, aliases, documents, places, facilities)
            return
        # Keys after the names' that no earlier field gave (the reference's included).
        seen: set[str] = set()
        rows: list[tuple[int, str, str, int, str]] = []
        if key and len(key) <= 60:
            rows.append((case_id, key, "ref", -1, reference[:200]))
            seen.add(key)
        more: list[tuple[str, str, str]] = []
        for alias in aliases:
            for item in self.field(alias, "alias"):
                k = item[0]
                if k not in name_keys and k not in seen:
                    seen.add(k)
                    more.append(item)
                    initials |= initial_bit(k[0])
        rows += [(case_id, k, kind, initials, token) for k, kind, token in name_items]
        rows += [(case_id, k, kind, initials, token) for k, kind, token in more]
        for number in documents:
            key = compact(number)
            if key and len(key) <= 60 and key not in name_keys and key not in seen:
                seen.add(key)
                rows.append((case_id, key, "doc", -1, number[:200]))
        found = self.by_places.get((places, facilities))
        if found is None:
            found = self.by_places[(places, facilities)] = self.merged((
                (places[0], "unit"), (places[1], "place"), (places[2], "place"),
                *((f, "place") for f in facilities)))
        place_items = found[0]
        rows += [(case_id, k, kind, initials, token) for k, kind, token in place_items
                 if k not in name_keys and k not in seen]
        self.rows += rows

    def _keep(self, rows: list[tuple[int, str, str, str]]) -> None:
        """One case's rows (case_id, key, kind, token), kept with its `initials`
        (`name_initials` of the same rows: every row's key is distinct)."""
        initials = name_initials({key: (kind, "") for _, key, kind, _ in rows})
        self.rows.extend([(case_id, key, kind, -1 if kind in CODE_KINDS else initials, token)
                          for case_id, key, kind, token in rows])

    def add_each(self, case_id: int, reference: str, names: tuple[str, ...],
                 aliases: list[str], documents: tuple[str, ...], places: tuple[str, ...],
                 facilities: tuple[str, ...]) -> None:
        """`add` field by field, key by key."""
        rows: list[tuple[int, str, str, str]] = []
        field = self.field
        seen: set[str] = set()
        fields = [
            (("ref", reference),), field(names[0], "family"), field(names[1], "given"),
            field(names[2], "patronymic"), field(names[3], "native"),
            field(names[4], "native"), *(field(a, "alias") for a in aliases),
            *((("doc", number),) for number in documents),
            field(places[0], "unit"), field(places[1], "place"), field(places[2], "place"),
            *(field(f, "place") for f in facilities)]
        for items in fields:
            for item in items:
                if len(item) == 2:  # a reference or document number: one compact key
                    kind, value = item
                    key, token = compact(value), value[:200]
                    if not key or len(key) > 60:
                        continue
                else:
                    key, kind, token = item
                if key not in seen:
                    seen.add(key)
                    rows.append((case_id, key, kind, token))
        self._keep(rows)

    def vocabulary(self) -> set[str]:
        """The vocabulary keys of all cases written (`in_vocabulary`): every key of a
        name, every alphabetic key of a place. (`index_new_cases` leaves out a key that
        a reference or document number of the same case gave first; `add` writes such a
        case field by field, and the demo's own are never a name's.)"""
        return {key for items in self.fields.values() for key, kind, _ in items
                if in_vocabulary(key, kind)}

    def flush(self, session: Session) -> None:
        """Insert the keys kept so far in the order of name_keys' primary key (key,
        case_id; 0021, WITHOUT ROWID on SQLite): rows of one key go in one after the
        other instead of case after case all over the table (a stable sort of rows in
        case order by key). 4.7 against 3.0 µs a row at 100,000 cases."""
        if self.rows:
            self.rows.sort(key=itemgetter(1))
            _insert_rows(session, self.SQL, _many_rows(self.SQL), self.rows)
            self.rows = []


def generate(
    db: Database, *, cases: int, seed: int = 1, actor: str | None = None,
    progress: Progress = no_progress,
) -> int:
    """Add `cases` demo cases in one transaction; returns how many were added.

    On a server only its administrator (the database's owner) adds them: a person of a
    role is refused in one line before anything is written (AccessDenied;
    casemanager.domain.roles, "demo")."""
    if db.dialect == "postgresql":  # (SQLite: role '', and its bulk path untouched)
        require(db, "demo")
    raw: Any = None
    temp_store = None
    try:
        with UnitOfWork(db, actor) as uow:
            session = uow.session
            generator = _Generator(session, seed, uow.actor)
            start = _start_number(session)
            if generator.fast:
                # One transaction larger than SQLite's page cache (2 MiB) spills index pages
                # to the WAL over and over: 256 MiB keeps the indexes' hot pages in memory.
                raw = session.connection().connection.driver_connection
                default_cache = raw.execute("PRAGMA cache_size").fetchone()[0]
                raw.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
                # The rows carry their sort keys (COLUMNS): the temporary trigger that
                # checks them would call cm_sort_key, in Python, four times a case.
                # Installed again at the end, whatever happens.
                raw.execute(f"DROP TRIGGER IF EXISTS temp.{SORT_KEYS_INSERT_TRIGGER}")
                if cases >= REBUILD_INDEXES_FROM and not raw.in_transaction:
                    # Indexes built again at the end sort millions of keys: in temporary
                    # files, not in memory (the connection's temp_store) all at once. Set
                    # before the transaction begins, as SQLite requires.
                    temp_store = raw.execute("PRAGMA temp_store").fetchone()[0]
                    raw.execute("PRAGMA temp_store = FILE")
            try:
                done, set_aside = 0, []
                while done < cases:
                    size = min(BATCH, cases - done)
                    generator.cases(start + done, size)
                    done += size
                    generator.flush()
                    if (done == size and temp_store is not None
                            and cases - done >= REBUILD_INDEXES_FROM):
                        set_aside = _set_aside_indexes(raw, start - 1 + done, cases - done)
                    progress(done, cases, "")
                if set_aside:
                    # Each sort holds up to the page cache's size in memory besides the
                    # cache itself: a smaller cache while they run (measured at a million
                    # cases with 256 MiB: peak 685 MiB).
                    raw.execute(f"PRAGMA cache_size = -{REBUILD_CACHE_KIB}")
                for sql in set_aside:
                    raw.execute(sql)
                generator.fix_sequences()
                add_vocabulary(session.connection(),
                               generator.vocabulary | generator.keys.vocabulary())
                session.merge(Setting(key="next_reference", value=str(start + cases)))
                uow.audit("demo", "case", changes={"cases": (None, cases), "seed": (None, seed)})
                uow.commit()
            finally:
                if raw is not None:  # the pooled connection goes back with its usual cache
                    raw.execute(f"PRAGMA cache_size = {default_cache}")
    finally:
        if temp_store is not None and not raw.in_transaction:  # ended: committed or not
            raw.execute(f"PRAGMA temp_store = {temp_store}")
        if raw is not None:
            install_sort_keys(raw)
    return cases


def _set_aside_indexes(raw: Any, present: int, coming: int) -> list[str]:
    """Drop the secondary indexes of the tables the demo writes, when it is about to add
    at least as many cases as the database holds: built again at the end from their own
    SQL (a sort of each), they cost less than keeping them in order row by row. Inside
    the demo's transaction (begun by its first rows), so a failure leaves them as they
    were. Returns the statements that build them again."""
    if coming < present or not raw.in_transaction:
        return []
    tables = [model.__table__.name for model in ORDER] + ["name_keys"]
    found = raw.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({', '.join('?' * len(tables))}) ORDER BY rowid", tables).fetchall()
    for name, _ in found:
        raw.execute(f'DROP INDEX "{name}"')
    return [sql for _, sql in found]


def after_bulk_insert(session: Session, case_ids: list[int]) -> None:
    """Work that ORM writes get for free and bulk inserts must ask for: search keys."""
    from casemanager.store.search_index import reindex

    reindex(session.connection(), case_ids)


def _start_number(session: Session) -> int:
    row = session.get(Setting, "next_reference")
    if row is not None:
        return int(row.value)
    highest = session.scalar(select(func.max(cast(func.substr(Case.reference, 4), Integer))))
    return (highest or 0) + 1


def _weights(table: Sequence[tuple[str, float]]) -> tuple[tuple[str, ...], list[float], float]:
    """A weighted table as `random.choices` prepares it: values, cumulative weights, total."""
    values, weights = zip(*table, strict=True)
    cumulative = list(accumulate(weights))
    return values, cumulative, cumulative[-1] + 0.0


PRIORITY_WEIGHTS = (("normal", 70), ("high", 22), ("urgent", 8))


class _Generator:
    """Demo cases as rows, drawn from one `random.Random(seed)`.

    The draws are random.Random's own (choice, randint, randrange, choices, random) made
    with fewer Python calls: each takes the same bits from the generator in the same
    order and gives the same value, so a seed gives the database it always gave
    (tests/core/test_demo_same.py holds this against the code before). Everything a
    name or a day gives is made once and reused."""

    def __init__(self, session: Session, seed: int, actor: str) -> None:
        self.session = session
        self.rng = random.Random(seed)
        self.getrandbits = self.rng.getrandbits
        self.random = self.rng.random
        self.actor = actor
        self.today = dt.date.today()
        self.now = utcnow()
        dialect = session.get_bind().dialect
        self.fast = dialect.name == "sqlite"
        self.forms = _Forms(dialect, self.fast)
        self.tables = {m: _Table(session, m, self.now, self.fast) for m in ORDER}
        self.names = _Names()
        self.vocabulary: set[str] = set()  # search keys of the new cases, added at the end
        self.index: list[tuple[Any, ...]] = []  # index_new_cases' items, not on SQLite
        self.keys = _Keys()
        self.sort_keys = _SortKeys()
        self.empty_organisation = self.tables[Contact].default("organisation", dialect, self.fast)
        self.empty_contact_address = self.tables[Contact].default("address", dialect, self.fast)
        self.empty_channel_label = self.tables[ContactChannel].default("label", dialect,
                                                                       self.fast)
        self.embassies: dict[str, int] = {}
        self.icrc = 0
        self._contacts()

    # -- draws: each equal to the random.Random method named

    def below(self, n: int) -> int:
        """rng._randbelow(n) (and rng.randrange(n))."""
        getrandbits = self.getrandbits
        k = n.bit_length()
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return r

    def pick(self, seq: Sequence[Any]) -> Any:
        """rng.choice(seq)."""
        getrandbits = self.getrandbits
        n = len(seq)
        k = n.bit_length()
        r = getrandbits(k)
        while r >= n:
            r = getrandbits(k)
        return seq[r]

    def between(self, a: int, b: int) -> int:
        """rng.randint(a, b)."""
        return a + self.below(b - a + 1)

    def weighted(self, table: tuple[tuple[str, ...], list[float], float]) -> str:
        """rng.choices(values, weights)[0], the table made by `_weights`."""
        values, cumulative, total = table
        return values[bisect(cumulative, self.random() * total, 0, len(values) - 1)]

    def partial(self, year_from: int, year_to: int) -> tuple[int, str]:
        """(year, ISO text) of a random partial date in these years (15 % a year alone,
        20 % a month)."""
        offset = self.below((year_to - year_from + 1) * 365)
        roll = self.random()
        year, y, ym, ymd, _ = self.forms.day(_ordinal(year_from) + offset)
        return year, (y if roll < 0.15 else ym if roll < 0.35 else ymd)

    # -- rows

    def add(self, model: type[Any], *values: Any) -> int:
        """Add a row (outside the loop of `cases`); returns its id."""
        table = self.tables[model]
        if not table.with_ids:
            table.rows.append(values)
            return table.next_id + len(table.rows) - 1
        new_id = table.next_id
        table.next_id = new_id + 1
        table.rows.append((new_id, *values))
        return new_id

    def _contacts(self) -> None:
        add, between = self.add, self.between
        for code, name in EMBASSIES.items():
            emb = add(Contact, "embassy", name, f"{name}, consular section", "Kyiv", code, "ru")
            add(ContactChannel, emb, "email", f"consul.{code.lower()}@example.org",
                "consular section")
            add(ContactChannel, emb, "phone",
                f"+380 44 {between(200, 999)} {between(10, 99)} {between(10, 99)}",
                self.empty_channel_label)
            self.embassies[code] = emb
        self.icrc = add(Contact, "icrc", "ICRC Central Tracing Agency", "ICRC",
                        self.empty_contact_address, "CH", "en")
        add(ContactChannel, self.icrc, "email", "cta@example.org", self.empty_channel_label)

    def flush(self) -> None:
        """Insert the rows gathered so far, and the search keys of their cases."""
        session = self.session
        if not self.fast and self.tables[Case].rows:
            # A server logs a change to a case it finds no entry about (0015): one entry
            # per demo case says where it came from (the summary entry follows at the end).
            columns = self.tables[Case].columns
            at, ref = columns.index("created_at"), columns.index("reference")
            session.execute(insert(AuditEntry), [
                {"at": row[at], "actor": self.actor, "action": "demo", "entity": "case",
                 "entity_id": row[0], "case_id": row[0], "case_reference": row[ref],
                 "changes": {}}
                for row in self.tables[Case].rows])
        if not self.fast and self.tables[Contact].rows:
            # ... and of a contact (0016): each demo contact says so too (the embassies
            # are linked to no case, so no case's entry speaks for them).
            session.execute(insert(AuditEntry), [
                {"at": self.now, "actor": self.actor, "action": "demo", "entity": "contact",
                 "entity_id": row[0], "case_id": None, "case_reference": "", "changes": {}}
                for row in self.tables[Contact].rows])
        for table in self.tables.values():
            table.flush(session)
        if self.fast:
            self.keys.flush(session)
        else:
            self.vocabulary |= index_new_cases(session.connection(), self.index)
            self.index = []

    def fix_sequences(self) -> None:
        # Explicit ids leave PostgreSQL's sequences behind: move them past the new rows,
        # never back (below a deleted row's id: it would be given again).
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for model in ORDER:
            table = model.__table__.name
            sequence = self.session.scalar(
                text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table})
            self.session.execute(text(
                f"SELECT setval('{sequence}', GREATEST((SELECT COALESCE(MAX(id), 1) "
                f"FROM {table}), (SELECT last_value FROM {sequence})))"))

    def cases(self, first_number: int, count: int) -> None:  # noqa: PLR0915 - drawn in order
        """Draw `count` cases numbered from `first_number` into the tables' rows."""
        pick, between, below, rnd = self.pick, self.between, self.below, self.random
        partial, weighted, sample = self.partial, self.weighted, self.rng.sample
        names, forms, today, embassies, icrc = (
            self.names, self.forms, self.today, self.embassies, self.icrc)
        year_now = min(today.year, 2026)
        today_ordinal = today.toordinal()
        stamp, true, false = forms.stamp, forms.true, forms.false
        no_organisation, no_label = self.empty_organisation, self.empty_channel_label
        tables = self.tables
        sort_keys = self.sort_keys
        case_rows = tables[Case].rows.append
        contact_rows = tables[Contact].rows.append
        channel_rows = tables[ContactChannel].rows.append
        alias_rows = tables[Alias].rows.append
        citizenship_rows = tables[Citizenship].rows.append
        document_rows = tables[IdentityDocument].rows.append
        tag_rows = tables[CaseTag].rows.append
        status_rows = tables[StatusChange].rows.append
        custody_rows = tables[CustodyPeriod].rows.append
        media_rows = tables[MediaAppearance].rows.append
        case_contact_rows = tables[CaseContact].rows.append
        appeal_rows = tables[Appeal].rows.append
        event_rows = tables[Event].rows.append
        task_rows = tables[Task].rows.append
        keys_add = self.keys.add if self.fast else None
        case_id, contact_id = tables[Case].next_id, tables[Contact].next_id
        for number in range(first_number, first_number + count):
            country = pick(COUNTRIES)
            given = pick(country.given)
            family = pick(country.family)
            father = pick(names.fathers(country, given))
            patr = patronymic(father)
            native = f"{family} {given} {patr}"
            family_lat, given_lat, patr_lat = transliterate(family), transliterate(given), \
                transliterate(patr)
            _, born = partial(1970, 2004)
            captured_year, captured = partial(2022, year_now)
            status = weighted(STATUS_TABLE)
            place = pick(CAPTURE_PLACES)
            now = utcnow()
            reference = f"CM-{number:04d}"
            aliases = list(names.spellings(f"{family_lat} {given_lat}")[:between(0, 2)])
            if rnd() < 0.3:
                aliases.append(f"{given_lat} {family_lat}")
            proof, proof_source = None, ""
            if rnd() < 0.4:
                proof = partial(max(captured_year, 2023), year_now)[1]
                proof_source = pick(SOURCES)
            priority = weighted(PRIORITY_TABLE)
            assigned_to = pick(CASEWORKERS)
            updated_at = now - dt.timedelta(days=below(200), minutes=below(1440))
            place_of_birth = pick(country.regions)
            home_region = pick(country.regions)
            mother = _female_surname(pick(country.family))
            inform = f"{pick(FEMALE)} {_female_surname(family)} (mother)"
            recruitment = weighted(RECRUITMENT_TABLE)
            affiliation = pick(AFFILIATIONS)
            unit = pick(UNITS)
            rank = pick(RANKS)
            service_number = f"{pick('АБВГДЕ')}-{between(100000, 999999)}" if rnd() < 0.5 else ""
            health = pick(HEALTH)
            urgency = pick(URGENCY)
            icrc_registration = f"ICRC-{between(100000, 999999)}" if rnd() < 0.4 else ""
            notes = "Family first wrote to us after seeing him in a video." if rnd() < 0.3 else ""
            latin = f"{family_lat} {given_lat} {patr_lat}"
            case = case_id
            case_id += 1
            case_rows((
                case, reference, 1, status, priority, assigned_to, stamp(now), stamp(updated_at),
                family_lat, given_lat, patr_lat, native, latin,
                "male", born, place_of_birth, ETHNICITY[country.code], home_region,
                f"{country.language};ru", father, mother, inform, proof, proof_source,
                recruitment, affiliation, unit, rank, service_number, captured, place, "Ukraine",
                health, urgency, icrc_registration, notes, sort_keys[family_lat],
                sort_keys[given_lat], sort_keys[native], sort_keys[assigned_to]))
            for i, spelling in enumerate(aliases):
                alias_rows((case, i, spelling))
            citizenship_rows((case, 0, country.code))
            if rnd() < 0.15:
                citizenship_rows((case, 1, "RU"))
            documents: tuple[str, ...] = ()
            if rnd() < 0.6:
                document = f"{country.code}{between(1000000, 9999999)}"
                document_rows((case, "passport", document, country.code))
                documents = (document,)
            for tag in sorted(sample(TAGS, between(0, 2))):
                tag_rows((case, tag))
            status_rows((case, "reported", captured, pick(SOURCES), "unverified", "demo"))
            if status != "reported":
                date = partial(captured_year, year_now)[1]
                status_rows((case, status, date, pick(SOURCES), pick(CONFIDENCE_2), "demo"))
            facilities: tuple[str, ...] = ()
            if status not in ("reported", "missing"):
                if rnd() < 0.8:
                    facility = pick(FACILITIES)
                    custody_rows((case, facility, true, "Ukraine", captured))
                    facilities = (facility,)
                else:
                    custody_rows((case, "", false, "Ukraine", captured))
            if rnd() < 0.25:
                link = f"https://t.me/channel/{between(1000, 99999)}"
                media_rows((case, captured, link, "Telegram", pick(COERCION)))
            rel = pick(RELATIVES)[0]
            female = rel in ("mother", "wife", "sister")
            first = pick(FEMALE) if female else pick(country.given)
            address = f"{pick(country.regions)}, street {between(1, 120)}"
            relative = contact_id
            contact_id += 1
            contact_rows((relative, "relative",
                          f"{first} {_female_surname(family) if female else family}",
                          no_organisation, address, country.code, country.language))
            phone = (f"{country.phone} {between(10, 99)} {between(100, 999)} "
                     f"{between(10, 99)} {between(10, 99)}")
            channel_rows((relative, "phone", phone, no_label))
            channel_rows((relative, "messenger",
                              f"Telegram @{transliterate(family).lower()}{between(1, 999)}",
                              no_label))
            case_contact_rows((case, relative, rel, true if rnd() < 0.7 else false,
                                   true if rnd() < 0.8 else false, true if rnd() < 0.2 else false))
            embassy = embassies[country.code]
            case_contact_rows((case, embassy, "consular officer", true, true, false))
            finished = status in FINISHED
            for _ in range(between(0, 3)):
                sent = today_ordinal - 5 - below(395)
                recipient = pick((embassy, icrc))
                channel = pick(CHANNELS)
                subject = pick(SUBJECTS)
                sent_year, _, _, sent_iso, _ = forms.day(sent)
                number_text = f"{between(1, 999)}/{sent_year}"
                follow_up = forms.day(sent + pick(FOLLOW_UP_DAYS))[4]
                # A file whose work has ended has its appeals answered: nothing left to chase.
                appeal_status = "answered" if finished else pick(APPEAL_STATUSES)
                appeal_rows((case, recipient, channel, subject, number_text, sent_iso, follow_up,
                             appeal_status))
            event_rows((case, captured, "note", f"Captured near {place}.", pick(SOURCES), "likely"))
            for _ in range(between(0, 4)):
                kind, summary = pick(EVENT_TEXTS)
                date = partial(captured_year, year_now)[1]
                event_rows((case, date, kind, summary, pick(SOURCES), pick(CONFIDENCE_3)))
            if rnd() < 0.3 and not finished:
                due = forms.day(today_ordinal + between(-10, 20))[4]
                task_rows((case, "Call the family about the appeal", due, ""))
            if keys_add is not None:
                keys_add(case, reference, (family_lat, given_lat, patr_lat, native, latin),
                              aliases, documents, (unit, place_of_birth, place), facilities)
            else:
                self.index.append((
                    {"id": case, "reference": reference, "family_name": family_lat,
                     "given_name": given_lat, "patronymic": patr_lat, "name_native": native,
                     "name_latin": latin, "unit": unit, "place_of_birth": place_of_birth,
                     "capture_place": place},
                    aliases, documents, facilities))
        tables[Case].next_id, tables[Contact].next_id = case_id, contact_id

@lru_cache(maxsize=256)
def _ordinal(year: int) -> int:
    return dt.date(year, 1, 1).toordinal()


STATUS_TABLE = _weights(STATUS_WEIGHTS)
RECRUITMENT_TABLE = _weights(RECRUITMENT_WEIGHTS)
PRIORITY_TABLE = _weights(PRIORITY_WEIGHTS)
AFFILIATIONS = ("Russian armed forces", "private military company", "Russian armed forces")
RANKS = ("private", "private", "corporal", "")
HEALTH = ("", "", "Shrapnel wound to the leg, treated", "Diabetic, needs insulin",
          "Reported healthy in last call", "Tuberculosis suspected")
URGENCY = ("", "none", "low", "high")
CONFIDENCE_2 = ("confirmed", "likely")
CONFIDENCE_3 = ("confirmed", "likely", "unverified")
COERCION = ("Interview under guard; possible coercion", "")
FINISHED = frozenset(("released", "repatriated", "deceased", "closed"))
CHANNELS = ("letter", "e-mail", "in person")  # words the window offers
SUBJECTS = ("Request for consular access", "Inclusion in exchange list",
            "Proof of life request", "Medical care request")
FOLLOW_UP_DAYS = (14, 30, 45)
APPEAL_STATUSES = ("sent", "sent", "acknowledged", "answered", "no_response")
