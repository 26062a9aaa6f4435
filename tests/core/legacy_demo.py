"""The demo generator as it was before issue 18, item 6 (commit 88cb4a2), kept verbatim as
the oracle that the faster generator must agree with (tests/core/test_demo_same.py): the
same seed gives the same database. Not used by the program."""

# ruff: noqa
# mypy: ignore-errors


from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import Integer, cast, func, insert, select, text
from sqlalchemy.orm import Session

from casemanager.domain.partialdate import PartialDate
from casemanager.domain.progress import Progress, no_progress
from casemanager.domain.transliteration import PLAIN_LATIN
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
from casemanager.store.search_index import add_vocabulary, index_new_cases
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


def variants(latin: str, rng: random.Random) -> list[str]:
    """Spellings other lists use: German -ow, h for kh, j for zh, o for yo."""
    options = {
        latin.replace("kh", "h").replace("Kh", "H"),
        re.sub(r"(o|e)v\b", r"\1w", latin),
        latin.replace("zh", "j").replace("Zh", "J"),
        latin.replace("yo", "o"),
    }
    options.discard(latin)
    return sorted(options)[: rng.randint(0, 2)]


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


def _weighted(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


def _partial(rng: random.Random, year_from: int, year_to: int) -> PartialDate:
    d = dt.date(year_from, 1, 1) + dt.timedelta(days=rng.randrange((year_to - year_from + 1) * 365))
    roll = rng.random()
    if roll < 0.15:
        return PartialDate(d.year)
    if roll < 0.35:
        return PartialDate(d.year, d.month)
    return PartialDate.from_date(d)


def _female_surname(family: str) -> str:
    return family + "а" if family.endswith(("ов", "ев", "ин")) else family


class _Rows:
    """Rows for Core bulk inserts, with ids assigned here: ORM objects would cost ~10x."""

    ORDER: tuple[type[Any], ...] = (Contact, ContactChannel, Case, Alias, Citizenship, IdentityDocument, CaseTag,
             StatusChange, CustodyPeriod, MediaAppearance, CaseContact, Appeal, Event, Task)

    def __init__(self, session: Session) -> None:
        self.session = session
        self.rows: dict[type, list[dict]] = {m: [] for m in self.ORDER}
        self.next_id = {
            m: (session.scalar(select(func.max(m.id))) or 0) + 1 for m in self.ORDER
        }
        now = utcnow()
        self.defaults = {m: self._defaults(m, now) for m in self.ORDER}
        self.fast = session.get_bind().dialect.name == "sqlite"
        self.plans: dict[type, tuple[list[str], list, str]] = {}
        self.vocabulary: set[str] = set()  # search keys of the new cases, added at the end
        self.actor = ""  # who the per-case entries name (generate's unit of work)

    @staticmethod
    def _defaults(model: type[Any], now: dt.datetime) -> dict:
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

    def add(self, model: type[Any], **values: Any) -> int:
        new_id = self.next_id[model]
        self.next_id[model] = new_id + 1
        row = dict(self.defaults[model])
        row.update(values)
        row["id"] = new_id
        self.rows[model].append(row)
        return new_id

    def flush(self) -> None:
        """Insert the rows gathered so far, and the search keys of their cases.

        On SQLite through the driver's executemany with tuples (each value through its
        column type's bind processor, as SQLAlchemy would), which costs a third of
        SQLAlchemy's executemany of dicts; elsewhere through Core inserts."""
        entries = list(self._index_entries())
        if not self.fast and self.rows[Case]:
            # A server logs a change to a case it finds no entry about (0015): one entry
            # per demo case says where it came from (the summary entry follows at the end).
            self.session.execute(insert(AuditEntry), [
                {"at": row["created_at"], "actor": self.actor, "action": "demo", "entity": "case",
                 "entity_id": row["id"], "case_id": row["id"],
                 "case_reference": row["reference"], "changes": {}}
                for row in self.rows[Case]])
        for model in self.ORDER:
            if self.rows[model]:
                if self.fast:
                    self._insert_raw(model, self.rows[model])
                else:
                    self.session.execute(insert(model.__table__), self.rows[model])
                self.rows[model] = []
        self.vocabulary |= index_new_cases(self.session.connection(), entries)

    def _index_entries(self) -> Any:
        aliases: dict[int, list[str]] = {}
        for a in self.rows[Alias]:
            aliases.setdefault(a["case_id"], []).append(a["spelling"])
        docs: dict[int, list[str]] = {}
        for d in self.rows[IdentityDocument]:
            docs.setdefault(d["case_id"], []).append(d["number"])
        places: dict[int, list[str]] = {}
        for c in self.rows[CustodyPeriod]:
            if c["disclosed"]:
                places.setdefault(c["case_id"], []).append(c["facility"])
        for row in self.rows[Case]:
            cid = row["id"]
            yield row, aliases.get(cid, ()), docs.get(cid, ()), places.get(cid, ())

    def _insert_raw(self, model: type, rows: list[dict]) -> None:
        columns = list(rows[0])
        plan = self.plans.get(model)
        if plan is None or plan[0] != columns:
            dialect = self.session.get_bind().dialect
            table = model.__table__  # type: ignore[attr-defined]  # a mapped class
            procs = [table.columns[c].type._cached_bind_processor(dialect) for c in columns]
            names = ", ".join(f'"{c}"' for c in columns)
            sql = (f'INSERT INTO "{table.name}" ({names}) '
                   f'VALUES ({", ".join("?" * len(columns))})')
            plan = self.plans[model] = (columns, procs, sql)
        _, procs, sql = plan
        converting = [(i, p) for i, p in enumerate(procs) if p is not None]
        tuples = []
        for row in rows:
            values = [row[c] for c in columns]
            for i, proc in converting:
                if values[i] is not None:
                    values[i] = proc(values[i])
            tuples.append(tuple(values))
        self.session.connection().exec_driver_sql(sql, tuples)

    def fix_sequences(self) -> None:
        # Explicit ids leave PostgreSQL's sequences behind: move them past the new rows.
        if self.session.get_bind().dialect.name != "postgresql":
            return
        for model in self.ORDER:
            table = model.__table__.name
            self.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            ))


#: The page cache of a bulk demo transaction on SQLite (KiB).
BULK_CACHE_KIB = 262_144

EMBASSIES = {
    "UZ": "Embassy of Uzbekistan",
    "KG": "Embassy of the Kyrgyz Republic",
    "TJ": "Embassy of Tajikistan",
    "KZ": "Embassy of Kazakhstan",
    "TM": "Embassy of Turkmenistan",
}


def generate(
    db: Database, *, cases: int, seed: int = 1, actor: str | None = None,
    progress: Progress = no_progress,
) -> int:
    """Add `cases` demo cases in one transaction; returns how many were added."""
    rng = random.Random(seed)
    today = dt.date.today()
    with UnitOfWork(db, actor) as uow:
        session = uow.session
        rows = _Rows(session)
        rows.actor = uow.actor
        embassies = {}
        for code, name in EMBASSIES.items():
            emb = rows.add(Contact, kind="embassy", name=name,
                           organisation=f"{name}, consular section", country=code,
                           language="ru", address="Kyiv")
            rows.add(ContactChannel, contact_id=emb, kind="email",
                     value=f"consul.{code.lower()}@example.org", label="consular section")
            rows.add(ContactChannel, contact_id=emb, kind="phone",
                     value=f"+380 44 {rng.randint(200, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}")
            embassies[code] = emb
        icrc = rows.add(Contact, kind="icrc", name="ICRC Central Tracing Agency",
                        organisation="ICRC", country="CH", language="en")
        rows.add(ContactChannel, contact_id=icrc, kind="email", value="cta@example.org")
        start = _start_number(session)
        if rows.fast:
            # One transaction larger than SQLite's page cache (2 MiB) spills index pages to
            # the WAL over and over: 256 MiB keeps the indexes' hot pages in memory.
            raw: Any = session.connection().connection.driver_connection
            default_cache = raw.execute("PRAGMA cache_size").fetchone()[0]
            raw.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        try:
            for n in range(cases):
                _case(rows, rng, start + n, today, embassies, icrc)
                if n % 1000 == 999:
                    rows.flush()
                    progress(n + 1, cases, "")
            rows.flush()
            rows.fix_sequences()
            add_vocabulary(session.connection(), rows.vocabulary)
            session.merge(Setting(key="next_reference", value=str(start + cases)))
            uow.audit("demo", "case", changes={"cases": (None, cases), "seed": (None, seed)})
            uow.commit()
        finally:
            if rows.fast:  # the pooled connection goes back with its usual cache
                raw.execute(f"PRAGMA cache_size = {default_cache}")
    return cases


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


def _case(rows: _Rows, rng: random.Random, number: int, today: dt.date,
          embassies: dict[str, int], icrc: int) -> int:
    country = rng.choice(COUNTRIES)
    given = rng.choice(country.given)
    family = rng.choice(country.family)
    father = rng.choice([g for g in country.given if g != given])
    patr = patronymic(father)
    native = f"{family} {given} {patr}"
    family_lat, given_lat, patr_lat = (transliterate(x) for x in (family, given, patr))
    born = _partial(rng, 1970, 2004)
    captured = _partial(rng, 2022, min(today.year, 2026))
    status = _weighted(rng, STATUS_WEIGHTS)
    place = rng.choice(CAPTURE_PLACES)
    now = utcnow()
    reference = f"CM-{number:04d}"
    aliases = variants(f"{family_lat} {given_lat}", rng)
    if rng.random() < 0.3:
        aliases.append(f"{given_lat} {family_lat}")
    proof, proof_source = None, ""
    if rng.random() < 0.4:
        proof = _partial(rng, max(captured.year, 2023), min(today.year, 2026))
        proof_source = rng.choice(SOURCES)
    case = rows.add(
        Case,
        reference=reference,
        version=1,
        status=status,
        priority=rng.choices(("normal", "high", "urgent"), (70, 22, 8))[0],
        assigned_to=rng.choice(CASEWORKERS),
        created_at=now,
        updated_at=now - dt.timedelta(days=rng.randrange(0, 200), minutes=rng.randrange(1440)),
        family_name=family_lat,
        given_name=given_lat,
        patronymic=patr_lat,
        name_native=native,
        name_latin=f"{family_lat} {given_lat} {patr_lat}",
        sex="male",
        date_of_birth=born,
        place_of_birth=rng.choice(country.regions),
        ethnicity=ETHNICITY[country.code],
        home_region=rng.choice(country.regions),
        languages=f"{country.language};ru",
        father_name=father,
        mother_maiden_name=_female_surname(rng.choice(country.family)),
        person_to_inform=f"{rng.choice(FEMALE)} {_female_surname(family)} (mother)",
        last_proof_of_life=proof,
        last_proof_of_life_source=proof_source,
        recruitment=_weighted(rng, RECRUITMENT_WEIGHTS),
        affiliation=rng.choice(("Russian armed forces", "private military company",
                                "Russian armed forces")),
        unit=rng.choice(UNITS),
        rank=rng.choice(("private", "private", "corporal", "")),
        service_number=f"{rng.choice('АБВГДЕ')}-{rng.randint(100000, 999999)}"
        if rng.random() < 0.5 else "",
        capture_date=captured,
        capture_place=place,
        detaining_party="Ukraine",
        health=rng.choice(("", "", "Shrapnel wound to the leg, treated", "Diabetic, needs insulin",
                           "Reported healthy in last call", "Tuberculosis suspected")),
        medical_urgency=rng.choice(("", "none", "low", "high")),
        icrc_registration=f"ICRC-{rng.randint(100000, 999999)}" if rng.random() < 0.4 else "",
        notes="Family first wrote to us after seeing him in a video." if rng.random() < 0.3 else "",
    )
    for i, spelling in enumerate(aliases):
        rows.add(Alias, case_id=case, position=i, spelling=spelling)
    cits = [country.code] + (["RU"] if rng.random() < 0.15 else [])
    for i, code in enumerate(cits):
        rows.add(Citizenship, case_id=case, position=i, country=code)
    if rng.random() < 0.6:
        rows.add(IdentityDocument, case_id=case, doc_type="passport",
                 number=f"{country.code}{rng.randint(1000000, 9999999)}",
                 issuing_country=country.code)
    for tag in sorted(rng.sample(TAGS, rng.randint(0, 2))):
        rows.add(CaseTag, case_id=case, tag=tag)
    rows.add(StatusChange, case_id=case, status="reported", date=captured,
             source=rng.choice(SOURCES), confidence="unverified", recorded_by="demo")
    if status != "reported":
        rows.add(StatusChange, case_id=case, status=status,
                 date=_partial(rng, captured.year, min(today.year, 2026)),
                 source=rng.choice(SOURCES), confidence=rng.choice(("confirmed", "likely")),
                 recorded_by="demo")
    if status not in ("reported", "missing"):
        disclosed = rng.random() < 0.8
        rows.add(CustodyPeriod, case_id=case, facility=rng.choice(FACILITIES) if disclosed else "",
                 disclosed=disclosed, holding_party="Ukraine", date_from=captured)
    if rng.random() < 0.25:
        rows.add(MediaAppearance, case_id=case, date=captured,
                 link=f"https://t.me/channel/{rng.randint(1000, 99999)}", platform="Telegram",
                 coercion_note=rng.choice(("Interview under guard; possible coercion", "")))
    rel = rng.choice(RELATIVES)[0]
    female = rel in ("mother", "wife", "sister")
    relative = rows.add(
        Contact,
        kind="relative",
        name=f"{rng.choice(FEMALE) if female else rng.choice(country.given)} "
        f"{_female_surname(family) if female else family}",
        country=country.code,
        language=country.language,
        address=f"{rng.choice(country.regions)}, street {rng.randint(1, 120)}",
    )
    rows.add(ContactChannel, contact_id=relative, kind="phone",
             value=f"{country.phone} {rng.randint(10, 99)} {rng.randint(100, 999)} "
             f"{rng.randint(10, 99)} {rng.randint(10, 99)}")
    rows.add(ContactChannel, contact_id=relative, kind="messenger",
             value=f"Telegram @{transliterate(family).lower()}{rng.randint(1, 999)}")
    rows.add(CaseContact, case_id=case, contact_id=relative, relationship=rel,
             share_embassy=rng.random() < 0.7, share_icrc=rng.random() < 0.8,
             share_media=rng.random() < 0.2)
    rows.add(CaseContact, case_id=case, contact_id=embassies[country.code],
             relationship="consular officer", share_embassy=True, share_icrc=True,
             share_media=False)
    finished = status in ("released", "repatriated", "deceased", "closed")
    for _ in range(rng.randint(0, 3)):
        sent = today - dt.timedelta(days=rng.randrange(5, 400))
        rows.add(
            Appeal,
            case_id=case,
            recipient_id=rng.choice((embassies[country.code], icrc)),
            channel=rng.choice(("letter", "e-mail", "in person")),  # words the window offers
            subject=rng.choice(("Request for consular access", "Inclusion in exchange list",
                                "Proof of life request", "Medical care request")),
            reference_number=f"{rng.randint(1, 999)}/{sent.year}",
            sent_date=PartialDate.from_date(sent),
            follow_up_date=sent + dt.timedelta(days=rng.choice((14, 30, 45))),
            # A file whose work has ended has its appeals answered: nothing left to chase.
            status="answered" if finished else rng.choice(
                ("sent", "sent", "acknowledged", "answered", "no_response")),
        )
    rows.add(Event, case_id=case, date=captured, kind="note",
             summary=f"Captured near {place}.",
             source=rng.choice(SOURCES), confidence="likely")
    for _ in range(rng.randint(0, 4)):
        kind, summary = rng.choice(EVENT_TEXTS)
        rows.add(Event, case_id=case, date=_partial(rng, captured.year, min(today.year, 2026)),
                 kind=kind, summary=summary, source=rng.choice(SOURCES),
                 confidence=rng.choice(("confirmed", "likely", "unverified")))
    if rng.random() < 0.3 and not finished:
        rows.add(Task, case_id=case, title="Call the family about the appeal",
                 due_date=today + dt.timedelta(days=rng.randint(-10, 20)), assignee="")
    return case
