"""Exchanges: listing cases, the one-step release, and matching published lists of names
in Cyrillic and Latin against our cases, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from casemanager.domain.errors import NotFoundError, ValidationError
from casemanager.services import cases
from casemanager.services.exchanges import (
    add_cases,
    create_exchange,
    get_exchange,
    list_exchanges,
    match_published_list,
    release_cases,
)
from casemanager.services.published_lists import clean_name, match_names, parse_names, read_names
from casemanager.store.models import AuditEntry, Event, ExchangeListing, StatusChange

PEOPLE = [
    {"family_name": "Tursunov", "given_name": "Alisher", "patronymic": "Bakhtiyorovich",
     "name_native": "Турсунов Алишер Бахтиёрович"},
    {"family_name": "Zhumabekov", "given_name": "Nurlan", "name_native": "Жумабеков Нурлан"},
    {"family_name": "Khasanov", "given_name": "Rustam", "name_native": "Хасанов Рустам",
     "aliases": "Hasanov Rustam"},
    {"name_native": "Одинаев Фирдавс Умедович"},
    {"family_name": "Sydykov", "given_name": "Talant", "status": "deceased"},
]


@pytest.fixture
def refs(db):
    return [cases.create_case(db, fields=p).reference for p in PEOPLE]


def counts(db, model, **where):
    with db.session() as s:
        stmt = select(func.count()).select_from(model)
        for k, v in where.items():
            stmt = stmt.where(getattr(model, k) == v)
        return s.scalar(stmt)


def test_add_cases_sets_status_with_history_and_who(db, refs):
    ex = create_exchange(db, date="2026-03", description="Round 12, UAE mediation", actor="Olga")
    added = add_cases(db, ex, [refs[0], "2", refs[0]], actor="Olga")
    assert added == [refs[0], refs[1]]
    detail = get_exchange(db, ex)
    assert [(li.reference, li.status, li.added_by) for li in detail.listings] == [
        (refs[0], "exchange_listed", "Olga"), (refs[1], "exchange_listed", "Olga")]
    history = cases.get_case(db, refs[0]).status_history
    assert [h.status for h in history] == ["reported", "exchange_listed"]
    assert "Round 12" in history[-1].source and history[-1].recorded_by == "Olga"
    # Again: nothing new, no second history entry.
    assert add_cases(db, ex, [refs[0]]) == []
    assert len(cases.get_case(db, refs[0]).status_history) == 2
    assert list_exchanges(db)[0].listed == 2


def test_add_is_all_or_nothing(db, refs):
    ex = create_exchange(db, date="2026", description="")
    with pytest.raises(ValidationError, match="deceased"):
        add_cases(db, ex, [refs[2], refs[4]])
    with pytest.raises(NotFoundError):
        add_cases(db, ex, [refs[2], "CM-9999"])
    assert counts(db, ExchangeListing) == 0
    assert cases.get_case(db, refs[2]).status == "reported"
    with pytest.raises(ValidationError, match="description"):
        create_exchange(db, date="", description="  ")
    with pytest.raises(ValidationError, match="date"):
        create_exchange(db, date="32.13.2026", description="x")
    with pytest.raises(NotFoundError):
        add_cases(db, 999, [refs[0]])


def test_release_in_one_step(db, refs):
    ex = create_exchange(db, date="2026-03-05", description="Swap at the border")
    add_cases(db, ex, refs[:4])
    before = counts(db, AuditEntry)
    done = release_cases(db, ex, refs[:3], date="2026-03-05", note="Handed over", actor="Marat")
    assert done == refs[:3]
    for ref in refs[:3]:
        case = cases.get_case(db, ref)
        assert case.status == "released"
        # (the history is in the order of the facts' dates: found by its status)
        (released,) = [s for s in case.status_history if s.status == "released"]
        assert released.date.iso() == "2026-03-05"
        events = [e for e in case.events if e.kind == "exchange"]
        assert len(events) == 1 and events[0].date.iso() == "2026-03-05"
        assert "Swap at the border" in events[0].summary
    assert cases.get_case(db, refs[3]).status == "exchange_listed"
    detail = get_exchange(db, ex)
    assert detail.info.released == 3
    assert {li.reference for li in detail.listings if li.released} == set(refs[:3])
    assert counts(db, AuditEntry) - before == 6  # status change + release per case


def test_release_rolls_back_entirely_on_a_bad_case(db, refs):
    ex = create_exchange(db, date="2026-03", description="Swap")
    add_cases(db, ex, refs[:2])
    with pytest.raises(ValidationError, match="not on this exchange"):
        release_cases(db, ex, [refs[0], refs[2]])
    assert counts(db, Event, kind="exchange") == 0
    assert counts(db, StatusChange, status="released") == 0
    assert cases.get_case(db, refs[0]).status == "exchange_listed"
    with pytest.raises(ValidationError, match="date"):
        release_cases(db, ex, [refs[0]], date="soon")


def test_clean_and_parse_names():
    assert clean_name("12. Турсунов Алишер Бахтиёрович, 14.03.1994 г.р.") == \
        "Турсунов Алишер Бахтиёрович"
    assert clean_name("3) Tursunov, Alisher (Storm-Z)") == "Tursunov Alisher"
    text = "Список на обмен\n\n1. Жумабеков Нурлан 1990\n2. HASANOV Rustam\n---\n"
    assert parse_names(text) == ["Список на обмен", "Жумабеков Нурлан", "HASANOV Rustam"]


def test_match_across_scripts_and_spellings(db, refs):
    report = match_names(db, [
        "Турсунов Алишер",          # Cyrillic, no patronymic
        "TURSUNOW Alisher Bakhtiyorovich",  # German -ow spelling
        "Jumabekov Nurlan",          # zh written j
        "Hasanov Rustam",            # kh written h
        "Odinaev Firdavs",           # Latin for a case known only in Cyrillic
        "Иванов Иван Иванович",       # not ours
    ])
    found = {m.name: (m.reference, m.score) for m in report.matched}
    assert found["Турсунов Алишер"][0] == refs[0]
    assert found["TURSUNOW Alisher Bakhtiyorovich"][0] == refs[0]
    assert found["Jumabekov Nurlan"][0] == refs[1]
    assert found["Hasanov Rustam"] == (refs[2], 100)
    assert found["Odinaev Firdavs"][0] == refs[3]
    assert all(score >= 88 for _, score in found.values())
    assert report.unmatched == ("Иванов Иван Иванович",)


def test_published_list_report(db, refs, tmp_path):
    ex = create_exchange(db, date="2026-03", description="Swap")
    add_cases(db, ex, refs[:3])
    listed = tmp_path / "list.csv"
    listed.write_text("№;ФИО;Дата рождения\n1;Турсунов Алишер Бахтиёрович;1994\n"
                      "2;Петров Пётр;1980\n", encoding="utf-8-sig")
    names = read_names(listed)
    assert names == ["Турсунов Алишер Бахтиёрович", "Петров Пётр"]
    report = match_published_list(db, names, exchange_id=ex)
    assert [m.reference for m in report.matched] == [refs[0]]
    assert [c.reference for c in report.missing] == refs[1:3]
    assert report.unmatched == ("Петров Пётр",)
    # Without an exchange: every exchange_listed case counts as awaiting a swap.
    report = match_published_list(db, names)
    assert [c.reference for c in report.missing] == refs[1:3]
    with pytest.raises(ValidationError, match="names"):
        match_published_list(db, ["  "])


def test_read_names_from_xlsx_and_text(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Surname", "First name", "Note"])
    sheet.append(["Tursunov", "Alisher", "wounded"])
    sheet.append(["Жумабеков", "Нурлан", None])
    path = tmp_path / "list.xlsx"
    book.save(path)
    assert read_names(path) == ["Tursunov Alisher", "Жумабеков Нурлан"]
    txt = tmp_path / "list.txt"
    txt.write_text("1. Хасанов Рустам\n2. Odinaev Firdavs\n", encoding="utf-8")
    assert read_names(txt) == ["Хасанов Рустам", "Odinaev Firdavs"]
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Müller".encode("latin-1"))
    with pytest.raises(Exception, match="UTF-8"):
        read_names(bad)
