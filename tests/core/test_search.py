"""Search across scripts and spellings, on SQLite and PostgreSQL, through the real index."""

from __future__ import annotations

import json

import sqlalchemy as sa
from sqlalchemy import func, select

from casemanager.services import cases, records
from casemanager.services.queries import CaseFilter, case_ids
from casemanager.services.search import search_ids
from casemanager.store.models import Case, NameKey
from casemanager.store.unit_of_work import UnitOfWork

PEOPLE = [
    {  # CM-0001
        "family_name": "Tursunov", "given_name": "Alisher", "patronymic": "Bakhtiyorovich",
        "name_native": "Турсунов Алишер Бахтиёрович", "aliases": "Tursunow A.",
        "unit": "Storm-Z", "capture_place": "Бахмут", "place_of_birth": "Самарканд",
    },
    {"family_name": "Karimov", "given_name": "Aziz", "name_native": "Каримов Азиз"},  # 0002
    {"family_name": "Karimov", "given_name": "Azamat", "name_native": "Каримов Азамат"},  # 0003
    {"family_name": "Karimova", "given_name": "Malika"},  # 0004
    {"family_name": "Kerimov", "given_name": "Ruslan"},  # 0005
    {"name_native": "Жаксыбеков Ержан", "place_of_birth": "Шымкент"},  # 0006
    {"family_name": "Ergashev", "given_name": "O'ktam", "place_of_birth": "G'ijduvon"},  # 0007
]


def refs(db, ids):
    with db.session() as s:
        by_id = dict(s.execute(select(Case.id, Case.reference)).all())
    return [by_id[i] for i in ids]


def find(db, query, limit=None):
    with db.session() as s:
        return refs(db, search_ids(s, query, limit=limit))


def seed(db):
    for person in PEOPLE:
        cases.create_case(db, fields=person)


def test_names_match_across_scripts_order_and_spellings(db):
    seed(db)
    for query in ("Турсунов Алишер", "tursunov alisher", "TURSUNOW", "Alisher Tursunov",
                  "Tursunov Alisher Bakhtiyorovich", "Baxtiyorovich", "Турсунов А"):
        assert find(db, query)[:1] == ["CM-0001"], query
    # Latin spellings of a name stored only in Cyrillic, Kazakh convention.
    assert find(db, "Zhaksybekov Yerzhan") == ["CM-0006"]
    assert find(db, "Jaksybekov Erjan") == ["CM-0006"]
    # Uzbek Latin apostrophes and their Cyrillic letters.
    assert find(db, "Ўктам Эргашев") == ["CM-0007"]
    assert find(db, "Oktam Ergashov") == ["CM-0007"]


def test_misspellings_and_partial_words(db):
    seed(db)
    assert find(db, "Tursonov")[:1] == ["CM-0001"]
    assert find(db, "Tursunof Alishr")[:1] == ["CM-0001"]
    assert find(db, "Turs")[:1] == ["CM-0001"]
    assert find(db, "Тур Али") == ["CM-0001"]
    # Every word must match: Aziz is not Azamat.
    assert find(db, "Каримов Азиз") == ["CM-0002"]
    assert find(db, "Karimov Azamat") == ["CM-0003"]
    assert find(db, "Nobody Atall") == []


def test_ranking_exact_before_prefix_before_fuzzy(db):
    seed(db)
    found = find(db, "Karimov")
    assert found[:2] == ["CM-0002", "CM-0003"]  # exact, in reference order
    assert found.index("CM-0004") < found.index("CM-0005")  # prefix before fuzzy
    assert set(found) == {"CM-0002", "CM-0003", "CM-0004", "CM-0005"}
    assert find(db, "Karimov", limit=1) == ["CM-0002"]


def test_reference_document_unit_and_places(db):
    seed(db)
    records.add_document(db, "CM-0003", doc_type="passport", number="FA 1234567",
                         issuing_country="UZ")
    records.add_custody(db, "CM-0002", facility="Colony No. 8, Zhytomyr region",
                        disclosed=True)
    records.add_custody(db, "CM-0004", facility="Secret place", disclosed=False)
    assert find(db, "CM-0003") == ["CM-0003"]
    assert find(db, "cm 3") == ["CM-0003"]
    assert find(db, "3")[:1] == ["CM-0003"]
    assert find(db, "FA1234567") == ["CM-0003"]
    assert find(db, "fa 1234567") == ["CM-0003"]
    assert find(db, "Storm-Z") == ["CM-0001"]
    assert find(db, "Bakhmut") == ["CM-0001"]  # capture place written in Cyrillic
    assert find(db, "Samarkand") == ["CM-0001"]  # place of birth
    assert find(db, "Житомир") == ["CM-0002"]  # detention facility
    assert find(db, "Secret") == []  # an undisclosed place is not searchable
    assert find(db, "Gijduvon") == ["CM-0007"]


def test_index_follows_edits_deletes_and_rollbacks(db):
    seed(db)
    cases.update_case(
        db, "CM-0002", fields={"family_name": "Rakhimov", "name_native": "Рахимов Азиз"}
    )
    assert "CM-0002" not in find(db, "Karimov Aziz")
    assert find(db, "Рахимов Азиз") == ["CM-0002"]
    cases.delete_case(db, "CM-0003")
    assert find(db, "Azamat") == []
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(NameKey).where(
            NameKey.case_id == 3)) == 0
    # A write that is not committed leaves no keys behind.
    with UnitOfWork(db, "tester") as uow:
        uow.session.add(Case(reference="CM-0099", family_name="Phantomov"))
        uow.session.flush()
        assert search_ids(uow.session, "Phantomov")  # visible inside the transaction
    assert find(db, "Phantomov") == []


def test_list_query_uses_the_same_search(db):
    seed(db)
    assert refs(db, case_ids(db, CaseFilter(query="турсунов"))) == ["CM-0001"]
    assert refs(db, case_ids(db, CaseFilter(query="Каримов"))) [:2] == ["CM-0002", "CM-0003"]
    assert case_ids(db, CaseFilter(query="Karimov", statuses=("closed",))) == []


def test_cli_search_and_list_query(sqlite_path, cli):
    from casemanager.store.database import open_database

    db = open_database(str(sqlite_path))
    seed(db)
    db.dispose()
    out = cli("search", "Tursunow Alisher", "--format", "json", db=str(sqlite_path))
    assert out.returncode == 0, out.stderr
    assert [r["reference"] for r in json.loads(out.stdout)] == ["CM-0001"]
    out = cli("list", "--query", "Каримов", "--format", "json", db=str(sqlite_path))
    assert [r["reference"] for r in json.loads(out.stdout)][:2] == ["CM-0002", "CM-0003"]
    out = cli("search", "   ", db=str(sqlite_path))
    assert out.returncode == 1 and out.stderr.count("\n") == 1


def test_migration_backfills_keys_of_existing_cases(tmp_path):
    """A database made before the search index gets its keys when it is opened."""
    from alembic import command
    from sqlalchemy import insert

    from casemanager.store.database import alembic_config, head_revision, make_engine, open_database

    path = tmp_path / "old.db"
    engine = make_engine(str(path))
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        # The table as revision 0001 made it (search_text included), not today's model.
        values = dict(
            reference="CM-0007", status="detained", priority="normal", assigned_to="",
            created_at=func.now(), updated_at=func.now(), version=1, notes="",
            confidential_notes="", search_text="", family_name="", given_name="",
            patronymic="", name_native="Ғуломов Жасур", name_latin="", sex="",
            place_of_birth="", ethnicity="", home_region="", languages="", father_name="",
            mother_maiden_name="", person_to_inform="", last_proof_of_life_source="",
            affiliation="", unit="", rank="", service_number="", recruitment="",
            capture_place="Kupiansk", detaining_party="", health="", medical_urgency="",
            icrc_registration="",
        )
        conn.execute(insert(sa.table("cases", *map(sa.column, values))).values(values))
    engine.dispose()
    db = open_database(str(path))
    assert db.revision() == head_revision()
    assert find(db, "Gulomov Jasur") == ["CM-0007"]
    assert find(db, "Купянск") == ["CM-0007"]
    db.dispose()


def test_demo_cases_are_indexed(sqlite_db):
    from casemanager.services import demo

    demo.generate(sqlite_db, cases=12, seed=3)
    with sqlite_db.session() as s:
        indexed = set(s.scalars(select(NameKey.case_id).where(NameKey.kind == "family")))
        ids = set(s.scalars(select(Case.id)))
        native = s.scalar(select(Case.name_native).where(Case.id == 5))
    assert indexed == ids
    assert find(sqlite_db, native)[:1] == ["CM-0005"]
