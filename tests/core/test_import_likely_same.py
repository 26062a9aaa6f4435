"""The import's likely duplicates checked for a whole list at once (`LikelyDuplicates`,
`KeySearch`, `names_may_meet`) against the check one row at a time that they replace
(`likely_duplicates_for`, `search_keys`, `name_similarity`): the same cases, scores and
reasons for partner-like rows (misspelt, Cyrillic only, words swapped, initials,
compounds, partial dates, other fathers' names) on a demo database, with the candidates'
cut short (a few per search) and not, read by id and all at once; and the import's
report with either."""

from __future__ import annotations

import csv
import random
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from casemanager.domain.names import name_similarity, names_may_meet
from casemanager.domain.progress import Cancelled
from casemanager.lists import importer
from casemanager.lists import likely_duplicates as ld_module
from casemanager.lists.importer import import_file
from casemanager.services import cases, demo, duplicates
from casemanager.services.duplicates import (
    NAME_FLOOR,
    LikelyDuplicates,
    _RowName,
    likely_duplicates_for,
    make_person,
)
from casemanager.services.merge import merge_cases
from casemanager.services.search import KeySearch, search_keys
from casemanager.store.database import open_database
from casemanager.store.models import Case

# People the demo's pools do not make: compounds written apart and joined, initials,
# a Cyrillic-only case, one merged away.
EXTRA = [
    {"family_name": "Abdulkarimov", "given_name": "Rustam", "date_of_birth": "1990"},
    {"family_name": "Abdul Karimov", "given_name": "Rustam", "date_of_birth": "1990-05"},
    {"family_name": "Said Ali", "given_name": "Farrukh", "citizenships": "UZ"},
    {"family_name": "Tursunov", "given_name": "A", "date_of_birth": "1991"},
    {"name_native": "Турсунов Алишер Бахтиёрович", "date_of_birth": "1991-04-02"},
    {"family_name": "Tursunov", "given_name": "Alisher", "patronymic": "Bakhtiyorovich",
     "date_of_birth": "1991-04-02", "citizenships": "UZ", "place_of_birth": "Samarkand"},
    {"family_name": "Tursunov", "given_name": "Alisher", "aliases": "Tursunow Alisher"},
]

LAT2CYR = dict(zip("abvgdezijklmnoprstufhc", "абвгдезийклмнопрстуфхц", strict=True))


def _misspell(word: str, rng: random.Random) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    roll = rng.random()
    if roll < 0.3:
        return word[:i] + word[i + 1:]
    if roll < 0.6:
        return word[:i] + rng.choice("aeiouy") + word[i + 1:]
    if roll < 0.8:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def _cyrillic(text: str) -> str:
    return "".join(LAT2CYR.get(ch.lower(), ch).upper() if ch.isupper()
                   else LAT2CYR.get(ch, ch) for ch in text)


def _rows(db, rng: random.Random, count: int) -> list[dict[str, str]]:
    """Partner-like rows (interchange columns, text): cases of the database spelt and
    dated otherwise, and people it does not hold."""
    with db.session() as s:
        held = s.execute(select(
            Case.family_name, Case.given_name, Case.patronymic, Case.name_native,
            Case.date_of_birth, Case.place_of_birth)).all()
    rows = [dict(e) for e in EXTRA] + [
        {"family_name": "Abdul", "given_name": "Karimov Rustam"},
        {"family_name": "Saidali", "given_name": "Farrukh", "citizenships": "UZ"},
        {"family_name": "Tursunov", "given_name": "A."},
        {"given_name": "Alisher"},
        {"family_name": "Nobody", "given_name": "Atall", "date_of_birth": "1990"},
    ]
    for r in rng.sample(held, count):
        family, given = r.family_name or "", r.given_name or ""
        patronymic, native = r.patronymic or "", r.name_native or ""
        born = r.date_of_birth.iso() if r.date_of_birth else ""
        roll = rng.random()
        if roll < 0.15:
            family = _misspell(family, rng)
        elif roll < 0.3:
            given = _misspell(given, rng)
        elif roll < 0.4:
            family, given = given, family
        elif roll < 0.5:
            family, given, native = "", "", native or _cyrillic(f"{family} {given}")
        elif roll < 0.55:
            given = given[:1]
        elif roll < 0.6:
            patronymic = _misspell(patronymic, rng) if patronymic else "Ivanovich"
        roll = rng.random()
        if roll < 0.2:
            born = born[:4]
        elif roll < 0.3:
            born = born[:7]
        elif roll < 0.4:
            born = ""
        elif roll < 0.45 and born:
            born = f"{int(born[:4]) + 1}{born[4:]}"
        rows.append({
            "family_name": family, "given_name": given,
            "patronymic": patronymic if rng.random() < 0.5 else "",
            "name_native": native if rng.random() < 0.6 else "",
            "date_of_birth": born,
            "citizenships": rng.choice(["", "UZ", "KG", "TJ;RU", "KZ"]),
            "place_of_birth": (r.place_of_birth or "") if rng.random() < 0.5 else "",
        })
    return rows


def _fields(row: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in row.items() if v}


@pytest.fixture(scope="module")
def demo_file(sqlite_template, tmp_path_factory) -> Path:
    """A demo database for this module (each test opens its own copy)."""
    path = tmp_path_factory.mktemp("likely_same") / "demo.db"
    shutil.copy(sqlite_template, path)
    db = open_database(str(path))
    demo.generate(db, cases=1500, seed=5)
    made = [cases.create_case(db, fields=person) for person in EXTRA]
    merge_cases(db, made[0].reference, made[1].reference)  # one case merged away
    db.dispose()
    return path


@pytest.fixture
def demo_db(demo_file, tmp_path):
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    db = open_database(str(path))
    yield db
    db.dispose()


@pytest.mark.parametrize(("candidates", "sweep", "kept"), [
    (500, 10, None), (500, 10**9, None), (6, 10**9, None), (6, 2, None), (500, 10, 400)])
def test_whole_list_finds_what_each_row_found(demo_db, monkeypatch, candidates, sweep,
                                              kept):
    """Same matches (case, score, reasons) row by row, the candidates' search cut at
    500 (as imports ask) and at 6 (cut short for most rows: the first by rank, as the
    search gives them), the candidates read by id and all at once, or by id only and
    a few hundred kept (as in a large database)."""
    monkeypatch.setattr(duplicates, "CANDIDATES", candidates)
    monkeypatch.setattr(duplicates, "SWEEP_SHARE", sweep)
    if kept is not None:
        monkeypatch.setattr(duplicates, "SWEEP_MAX_CASES", 0)
        monkeypatch.setattr(duplicates, "PEOPLE_KEPT", kept)
    rows = _rows(demo_db, random.Random(candidates + sweep), 160)
    found = 0
    with demo_db.session() as s:
        matcher = LikelyDuplicates(s, min_score=0.5)
        for row in rows:
            fields = _fields(row)
            one = likely_duplicates_for(s, fields, min_score=0.5)
            # The names' reason aside: a row at a time says what matched (name_reason);
            # the import's report shows no reasons, so the whole list keeps the plain
            # one. Cases, scores and every other reason are the same.
            assert [(m.case_id, m.score, m.reasons[1:]) for m in matcher(fields)] == \
                [(m.case_id, m.score, m.reasons[1:]) for m in one], fields
            found += bool(one)
    assert 40 < found < len(rows)  # both kinds of rows, many of each


def test_key_search_is_search_keys(demo_db):
    """The same ids in the same order for the first two words of the rows' names, and
    for single words, prefixes and misspellings, at several limits."""
    rng = random.Random(7)
    queries = [["tursunov", "alisher"], ["abdul", "karimov"], ["abdulkarimov"], ["tur"],
               ["said", "ali"], ["ali", "ali"], ["t", "alisher"], ["nobody", "atall"]]
    for row in _rows(demo_db, rng, 60):
        for variant in make_person(0, "", _fields(row)).variants:
            queries.append([k for k in variant if len(k) > 1][:2])
    with demo_db.session() as s:
        search = KeySearch(s)
        for words in queries:
            if not words:
                continue
            for limit in (1, 13, 500):
                assert search.search(words, limit) == search_keys(s, words, limit=limit), (
                    words, limit)


def test_names_may_meet_never_hides_a_name_that_counts(demo_db):
    """Where names_may_meet (and the row's own version of it) says no, name_similarity
    is below NAME_FLOOR; and they say yes to the names alike enough."""
    rng = random.Random(11)
    variants = [v for row in _rows(demo_db, rng, 150)
                for v in make_person(0, "", _fields(row)).variants]
    with demo_db.session() as s:
        variants += [v for p in duplicates.load_people(s) for v in p.variants]
    variants += [("u",), ("otkir",), ("a",), ("alisher",), ("abdul", "karimov", "rustam"),
                 ("abdulkarimov", "rustam"), ("said", "ali"), ("saidali",)]
    variants = list(dict.fromkeys(variants))
    meeting = 0
    for a in rng.sample(variants, 80) + variants[-8:]:
        mine = _RowName(a)
        namesakes = [v for v in variants if set(v) & set(a)]  # many alike
        for b in (rng.sample(variants, 150) + variants[-8:]
                  + rng.sample(namesakes, min(len(namesakes), 200))):
            alike = name_similarity(a, b) >= NAME_FLOOR
            assert names_may_meet(a, b, NAME_FLOOR) or not alike, (a, b)
            assert mine.may_meet(b) or not alike, (a, b)
            meeting += alike
    assert meeting > 200


def _write(rows: list[dict[str, str]], path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(importer.NAME_FIELDS) + [
            "patronymic", "aliases", "date_of_birth", "citizenships", "place_of_birth"])
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_import_report_is_the_one_row_by_row(demo_db, tmp_path, monkeypatch):
    """A dry run of a partner-like list reports the same likely duplicates (rows, cases,
    names, dates, scores, names in their own script) as the check one row at a time."""
    path = _write(_rows(demo_db, random.Random(3), 200), tmp_path / "partner.csv")
    report = import_file(demo_db, path, dry_run=True)

    class RowByRow:
        def __init__(self, session, *, min_score, step):
            self.session, self.min_score = session, min_score

        def __call__(self, fields):
            return likely_duplicates_for(self.session, fields, min_score=self.min_score)

    monkeypatch.setattr(duplicates, "LikelyDuplicates", RowByRow)
    before = import_file(demo_db, path, dry_run=True)
    assert len(report.duplicates) > 40
    assert report.duplicates == before.duplicates
    assert report.as_json() == before.as_json()


def test_cancel_is_answered_while_the_first_rows_read_the_database(demo_db, tmp_path,
                                                                   monkeypatch):
    """Progress is said (and Cancel answered) inside a row's check too: here at every
    chance, the first one inside the first row that looks for likely duplicates."""
    path = _write(_rows(demo_db, random.Random(4), 5), tmp_path / "partner.csv")
    monkeypatch.setattr(importer, "_PROGRESS_SECONDS", 0.0)
    inside: list[str] = []
    real = ld_module._named

    def named(session, matches):  # the row's check has ended
        inside.append("ended")
        return real(session, matches)

    monkeypatch.setattr(ld_module, "_named", named)

    said: list[int] = []

    def progress(done, total=None, message=""):
        if done and done in said:  # said again before the next row: inside the row
            raise Cancelled()
        said.append(done)

    with pytest.raises(Cancelled):
        import_file(demo_db, path, dry_run=True, progress=progress)
    assert inside == []  # cancelled before the first row's check ended
