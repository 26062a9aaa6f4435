"""A Latin x read as ks too (Maxim is Максим, Olexandr is Олександр), beside x as kh
(Xasanov is Хасанов); and the Ukrainian and Russian forms of one given name or
patronymic (Mykola / Николай, Serhii / Сергей, Mykolaiovych / Nikolaevich): found by
search, paired by `duplicates`, flagged by an import, with a reason that says why; and
migration 0022 that gives the cases stored before the keys of the second reading."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import text

from casemanager.domain.names import (
    _name_forms,
    equivalent_forms,
    fathers_alike,
    keys,
    name_readings,
    russian_form,
    word_readings,
)
from casemanager.services import cases
from casemanager.services.duplicates import make_person, name_reason, score_pair
from casemanager.services.search import search_ids
from casemanager.store import search_index
from casemanager.store.database import alembic_config, open_database
from casemanager.store.search_index import case_keys

PAIRS = Path(__file__).parent / "data" / "name_pairs.csv"


def seed(path: Path, people: list[dict]) -> list[str]:
    db = open_database(str(path))
    try:
        return [cases.create_case(db, fields=f).reference for f in people]
    finally:
        db.dispose()


# ---------------------------------------------------------------- keys and readings


def test_a_latin_x_has_both_readings_and_x_as_kh_stays_first():
    assert word_readings("Maxim") == ("mahim", "maksim")
    assert word_readings("Xasanov") == ("hasanov", "ksasanov")
    assert word_readings("Максим") == ("maksim",)
    assert word_readings("Tursunov") == ("tursunov",)
    assert name_readings("Xasanov Maxim")[0] == tuple(keys("Xasanov Maxim"))
    # Every combination of the x words: Хасанов Максим is (hasanov, maksim).
    assert ("hasanov", "maksim") in name_readings("Xasanov Maxim")
    assert name_readings("Olexandr")[1:] == [("oleksandr",), ("aleksandr",)]


def test_the_index_holds_both_readings_of_a_name_with_x():
    row = {"reference": "CM-0001", "family_name": "Xasanov", "given_name": "Maxim",
           "patronymic": "", "name_native": "", "name_latin": ""}
    found = case_keys(row)
    assert found["hasanov"][0] == found["ksasanov"][0] == "family"
    assert found["mahim"][0] == found["maksim"][0] == "given"
    # A name without an x gains nothing.
    plain = case_keys({**row, "family_name": "Хасанов", "given_name": "Максим"})
    assert set(plain) == {"cm0001", "hasanov", "maksim"}


def test_ukrainian_and_russian_forms_are_one_line_each():
    canonical, lines = _name_forms()
    seen: dict[str, str] = {}
    for first, forms in lines.items():
        for key in forms:
            assert key not in seen, (key, first, seen.get(key))  # in one line only
            seen[key] = first
    for ukrainian, russian in (("Mykola", "Николай"), ("Serhii", "Сергей"), ("Oleh", "Oleg"),
                               ("Hanna", "Анна"), ("Halyna", "Galina"), ("Petro", "Пётр"),
                               ("Dmytro", "Dmitrii"), ("Volodymyr", "Vladimir"),
                               ("Oleksii", "Aleksei"), ("Andrii", "Andrei"),
                               ("Hryhorii", "Grigorii"), ("Tetiana", "Tatiana"),
                               ("Kateryna", "Ekaterina"), ("Сергій", "Sergei"),
                               ("Mykolaiovych", "Nikolaevich"), ("Serhiivna", "Сергеевна")):
        assert russian_form(keys(ukrainian)[0]) == russian_form(keys(russian)[0]), ukrainian
    assert "mikola" in equivalent_forms("nikolai")
    assert equivalent_forms("tursunov") == ()
    assert len(canonical) > 100


def test_fathers_alike_across_languages_and_readings():
    def key(text: str) -> str:
        return keys(text)[0]

    assert fathers_alike(key("Mykolaiovych"), key("Николаевич"))
    assert fathers_alike(key("Serhiiovych"), key("Sergeevich"))
    assert fathers_alike(key("Maximovich"), key("Максимович"))
    assert not fathers_alike(key("Mykolaiovych"), key("Petrovich"))
    assert not fathers_alike(key("Shakhromovich"), key("Bakhromovich"))


def test_the_labelled_spelling_pairs_keep_their_verdicts_read_both_ways():
    """The readings change no verdict of the matcher's labelled set (name_pairs.csv)."""
    from casemanager.domain.names import SAME_WORD, name_similarity

    with PAIRS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            a, b = row["name_a"], row["name_b"]
            plain = name_similarity(a, b) >= SAME_WORD
            read = max(name_similarity(x, y) for x in name_readings(a)
                       for y in name_readings(b)) >= SAME_WORD
            assert plain == read, (a, b)


# ---------------------------------------------------------------- scoring and reasons


def _person(**fields):
    return make_person(0, "", {"date_of_birth": "1990-05-01", **fields})


@pytest.mark.parametrize(("a", "b"), [
    ({"family_name": "Ivanov", "given_name": "Maxim"}, {"name_native": "Иванов Максим"}),
    ({"family_name": "Ivanov", "given_name": "Mykola", "patronymic": "Mykolaiovych"},
     {"family_name": "Ivanov", "given_name": "Nikolai", "patronymic": "Nikolaevich"}),
    ({"family_name": "Shevchenko", "given_name": "Serhii"},
     {"name_native": "Шевченко Сергей"}),
    ({"family_name": "Ivanov", "given_name": "Olexandr"},
     {"family_name": "Ivanov", "given_name": "Aleksandr"}),
])
def test_the_same_man_scores_as_the_same_name(a, b):
    score, _reasons = score_pair(_person(**a), _person(**b))
    assert score == 0.85  # 0.6 the same name + 0.25 the same date of birth


def test_other_men_stay_apart():
    mykola = _person(family_name="Ivanov", given_name="Mykola")
    assert score_pair(mykola, _person(family_name="Ivanov", given_name="Petro"))[0] == 0
    # Another father's name: another man, in any language.
    a = _person(family_name="Ivanov", given_name="Mykola", patronymic="Petrovych")
    b = _person(family_name="Ivanov", given_name="Nikolai", patronymic="Sergeevich")
    assert score_pair(a, b)[0] == 0
    # Xasanov is still Хасанов (x as kh), not Ксасанов alone.
    assert score_pair(_person(family_name="Xasanov", given_name="Rustam"),
                      _person(name_native="Хасанов Рустам"))[0] == 0.85


def _parts(family="", given="", patronymic="", native=""):
    return (family, given, patronymic, native, "", ())


def test_reasons_say_why():
    assert name_reason(_parts("Ivanov", "Maxim"), _parts(native="Иванов Максим")) == \
        "x read as ks (Maxim / Максим)"
    assert name_reason(_parts("Ivanov", "Mykola", "Mykolaiovych"),
                       _parts("Ivanov", "Nikolai", "Nikolaevich")) == (
        "Ukrainian and Russian forms of one given name (Mykola / Nikolai); Ukrainian and "
        "Russian forms of one patronymic (Mykolaiovych / Nikolaevich)")
    both = name_reason(_parts("Ivanov", "Olexandr"), _parts("Ivanov", "Aleksandr"))
    assert both == ("x read as ks (Olexandr); Ukrainian and Russian forms of one given "
                    "name (Olexandr / Aleksandr)")
    # x as kh needs no reason of its own: the key is the same.
    assert name_reason(_parts("Xasanov", "Rustam"), _parts(native="Хасанов Рустам")) == \
        "same name"


def test_the_reasons_are_translated():
    from casemanager.domain.messages import Message

    both = name_reason(_parts("Ivanov", "Olexandr"), _parts("Ivanov", "Aleksandr"))
    assert isinstance(both, Message)
    ts = (Path(__file__).parents[2] / "resources" / "translations" /
          "casemanager_ru.ts").read_text(encoding="utf-8")
    for template in ("x read as ks ({a} / {b})", "x read as ks ({a})",
                     "Ukrainian and Russian forms of one given name ({a} / {b})",
                     "Ukrainian and Russian forms of one patronymic ({a} / {b})",
                     "{first}; {then}"):
        source = f"<source>{template}</source>"
        assert source in ts, template
        entry = ts.split(source, 1)[1].split("</message>", 1)[0]
        assert 'type="unfinished"' not in entry and "<translation>" in entry, template


# ---------------------------------------------------------------- the command line


def test_an_import_flags_maxim_as_maksim_instead_of_adding_him(sqlite_path, cli, tmp_path):
    (ref,) = seed(sqlite_path, [{"name_native": "Иванов Максим", "date_of_birth": "1990-05-01"}])
    listed = tmp_path / "partner.csv"
    listed.write_text("family_name,given_name,date_of_birth\nIvanov,Maxim,1990-05-01\n",
                      encoding="utf-8")
    out = cli("import", str(listed), "--format", "json", db=str(sqlite_path))
    assert out.returncode == 1  # stopped: a likely duplicate waits for the caseworker
    assert ref in out.stdout + out.stderr
    assert "nothing was imported" in out.stderr
    shown = json.loads(cli("list", "--format", "json", db=str(sqlite_path)).stdout)
    assert len(shown) == 1


def test_duplicates_pairs_mykola_and_nikolai_and_says_why(sqlite_path, cli):
    seed(sqlite_path, [
        {"family_name": "Ivanov", "given_name": "Mykola", "date_of_birth": "1985-02-03"},
        {"family_name": "Иванов", "given_name": "Николай", "date_of_birth": "1985-02-03"},
        {"family_name": "Ivanov", "given_name": "Petro", "date_of_birth": "1985-02-03"},
    ])
    out = cli("duplicates", "--format", "json", db=str(sqlite_path))
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [(r["reference_a"], r["reference_b"]) for r in rows] == [("CM-0001", "CM-0002")]
    assert rows[0]["reasons"].startswith(
        "Ukrainian and Russian forms of one given name (Mykola / Николай);")


def test_search_reads_x_both_ways_and_finds_other_forms_below_the_exact(sqlite_path, cli):
    seed(sqlite_path, [
        {"family_name": "Ivanov", "given_name": "Maxim"},
        {"family_name": "Хасанов", "given_name": "Рустам"},
        {"name_native": "Иванов Максим"},
        {"family_name": "Иванов", "given_name": "Николай"},
        {"family_name": "Ivanov", "given_name": "Mykola"},
    ])
    db = str(sqlite_path)

    def found(query: str) -> list[str]:
        out = cli("search", query, "--format", "json", db=db)
        assert out.returncode == 0, out.stderr
        return [r["reference"] for r in json.loads(out.stdout)]

    assert set(found("Maksim")) == {"CM-0001", "CM-0003"}
    assert set(found("Maxim")) == {"CM-0001", "CM-0003"}
    assert found("Xasanov") == ["CM-0002"]
    assert found("Mykola Ivanov") == ["CM-0005", "CM-0004"]  # the spelling typed first
    assert found("Николай") == ["CM-0004", "CM-0005"]


# ---------------------------------------------------------------- migration 0022


NAMES = [
    {"family_name": "Xasanov", "given_name": "Maxim", "patronymic": "Maximovich",
     "aliases": "Hasanov M.; Xasanov-Olexa"},
    {"family_name": "Olexandrenko", "given_name": "Xurshid", "name_latin": "Toshxo'ja X",
     "place_of_birth": "Ksasanov", "unit": "Maksim"},
    {"family_name": "Tursunov", "given_name": "Alisher", "aliases": "Alexei Maxsimov"},
    {"family_name": "Турсунов", "given_name": "Алишер"},
]


def _index(conn) -> list[tuple]:
    return sorted(tuple(r) for r in conn.execute(text(
        'SELECT case_id, "key", kind, initials, token FROM name_keys')))


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql",
                                                         marks=pytest.mark.postgres)])
def test_0022_gives_stored_cases_the_keys_the_application_makes(kind, request, monkeypatch):
    db = request.getfixturevalue("sqlite_db" if kind == "sqlite" else "pg_db")
    for fields in NAMES:
        cases.create_case(db, fields=fields)
    with db.engine.begin() as conn:
        expected = _index(conn)
        vocabulary = set(conn.execute(text('SELECT "key" FROM search_vocab')).scalars())
    # The index as the code before this revision made it: x as kh alone.
    monkeypatch.setattr(search_index, "has_latin_x", lambda _text: False)
    for cache in (search_index._text_keys, search_index._names_keys):
        cache.cache_clear()
    with db.engine.begin() as conn:
        search_index.reindex_all(conn)
        before = _index(conn)
        conn.execute(text('DELETE FROM search_vocab WHERE "key" IN (\'ksasanov\', '
                          "'maksim', 'maksimovic', 'oleksandrenko')"))
        conn.execute(text("UPDATE alembic_version SET version_num = '0021_name_keys_initials'"))
    monkeypatch.undo()
    for cache in (search_index._text_keys, search_index._names_keys):
        cache.cache_clear()
    assert before != expected
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with db.engine.begin() as conn:
        assert _index(conn) == expected
        assert vocabulary <= set(conn.execute(text('SELECT "key" FROM search_vocab')).scalars())
    with db.session() as s:
        assert search_ids(s, "Maksimovich")[0] == 1  # exact, before the fuzzy Maxsimov


def test_0022s_fold_is_the_applications(tmp_path):
    """The migration's copy of the fold gives the application's keys, for every spelling
    of the labelled set and these with a Latin x."""
    import importlib

    mod = importlib.import_module("casemanager.store.migrations.versions.0022_latin_x_keys")
    spellings = {"Xasanov Maxim Maximovich", "Toshxo'ja", "Olexandr-Xon", "Alexei",
                 "Abdu-Xalil oʻgʻli", "X.", "Xo Xa", "Tur\u00adsunov"}
    with PAIRS.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            spellings.update((row["name_a"], row["name_b"]))
    for spelling in sorted(spellings):
        for kind in ("family", "given", "alias"):
            assert [k for k, _t in mod._text_keys(spelling, kind)] == [
                k for k, _t in search_index._text_keys(spelling, kind)], spelling


def test_the_scan_finds_what_scoring_each_pair_finds(sqlite_db):
    """`duplicates`' scan (blocks, variants' index, groups) pairs people read otherwise
    as `score_pair` scores them one pair at a time."""
    from itertools import combinations

    from casemanager.services.duplicates import find_duplicates, load_people

    people = [
        {"family_name": "Ivanov", "given_name": "Maxim", "date_of_birth": "1990"},
        {"name_native": "Иванов Максим", "date_of_birth": "1990-05-01"},
        {"family_name": "Xasanov", "given_name": "Maxim", "date_of_birth": "1991"},
        {"family_name": "Хасанов", "given_name": "Максим", "date_of_birth": "1991"},
        {"family_name": "Shevchenko", "given_name": "Mykola", "patronymic": "Serhiiovych",
         "date_of_birth": "1980-01-02"},
        {"name_native": "Шевченко Николай Сергеевич", "date_of_birth": "1980-01-02"},
        {"family_name": "Shevchenko", "given_name": "Nikolai", "patronymic": "Petrovich",
         "date_of_birth": "1980-01-02"},
        {"family_name": "Bondarenko", "given_name": "Olexandr", "date_of_birth": "1979"},
        {"family_name": "Бондаренко", "given_name": "Александр"},
        {"family_name": "Melnyk", "given_name": "Hanna", "date_of_birth": "1985"},
        {"family_name": "Мельник", "given_name": "Анна", "date_of_birth": "1985"},
    ]
    for fields in people:
        cases.create_case(sqlite_db, fields=fields)
    with sqlite_db.session() as s:
        loaded = load_people(s)
    expected = {}
    for a, b in combinations(loaded, 2):
        score = score_pair(a, b)[0]
        if score >= 0.6:
            expected[(a.case_id, b.case_id)] = score
    found = {(p.case_a, p.case_b): p.score for p in find_duplicates(sqlite_db)}
    assert found == expected
    assert {(1, 2), (3, 4), (5, 6), (8, 9), (10, 11)} <= set(found)
    assert (5, 7) not in found and (6, 7) not in found  # another father
