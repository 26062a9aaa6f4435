"""Query shapes outside bench_search's five kinds (issue 18, item 2, branch searchinit):
initials beside a surname, one word alone, short prefixes, misspellings that are names
too, reference prefixes, places. Drawn (seeded) from the demo database's own names, so
they hold at any size; `shape_queries` is shared by bench_search.py and by hand runs.
"""

from __future__ import annotations

import random

from sqlalchemy import select

from casemanager.store.models import Case

PER_SHAPE = 12


def _misspell_to_name(word: str, pool: list[str], rng: random.Random) -> str:
    """Another name of the pool one or two letters away (Mirzaev -> Mirzoev), else the
    word with a vowel changed."""
    near = [w for w in pool if w != word and len(w) == len(word)
            and sum(a != b for a, b in zip(w, word, strict=True)) <= 2]
    if near:
        return rng.choice(near)
    spots = [i for i, ch in enumerate(word) if ch in "aeiou" and 0 < i < len(word) - 1]
    if not spots:
        return word[:-1]
    i = rng.choice(spots)
    return word[:i] + ("o" if word[i] != "o" else "a") + word[i + 1 :]


def shape_queries(db, rng: random.Random, per_shape: int = PER_SHAPE) -> dict[str, list[str]]:
    """{shape: queries}, `per_shape` distinct queries of each shape."""
    with db.session() as s:
        top = s.scalar(select(Case.id).order_by(Case.id.desc()).limit(1)) or 0
        ids = rng.sample(range(1, top + 1), min(top, 400))
        rows = s.execute(select(
            Case.reference, Case.family_name, Case.given_name, Case.patronymic,
            Case.name_native, Case.capture_place, Case.place_of_birth
        ).where(Case.id.in_(ids))).all()
    rows = [r for r in rows if r.family_name and r.given_name and r.name_native]
    families = sorted({r.family_name for r in rows})
    givens = sorted({r.given_name for r in rows})
    out: dict[str, list[str]] = {}

    def add(shape: str, make) -> None:
        seen: list[str] = []
        for _ in range(per_shape * 20):
            q = make(rng.choice(rows))
            if q and q not in seen:
                seen.append(q)
            if len(seen) == per_shape:
                break
        out[shape] = seen

    def native(r, i: int) -> str:
        return r.name_native.split()[i]

    add("surname + initial", lambda r: f"{r.family_name} {rng.choice(givens)[0]}")
    add("initial + surname", lambda r: f"{rng.choice(givens)[0]} {r.family_name}")
    add("surname + initial, Cyrillic", lambda r: f"{native(r, 0)} {native(r, 1)[0]}")
    add("surname + two initials", lambda r: f"{r.family_name} {r.given_name[0]}. "
        f"{r.patronymic[0]}.")
    add("initial. + surname + given", lambda r: f"{r.given_name[0]}. {r.family_name} "
        f"{rng.choice(givens)}")
    add("given name alone", lambda r: r.given_name)
    add("patronymic alone", lambda r: r.patronymic)
    add("common surname alone", lambda r: r.family_name)
    add("surname + given", lambda r: f"{r.family_name} {rng.choice(givens)}")
    add("one-letter prefix", lambda r: rng.choice((r.family_name, r.given_name))[0])
    add("two-letter prefix", lambda r: rng.choice((r.family_name, r.given_name))[:2])
    add("two short prefixes", lambda r: f"{r.family_name[:rng.randint(1, 3)]} "
        f"{r.given_name[:rng.randint(1, 2)]}")
    add("misspelt pair (another name)", lambda r: f"{_misspell_to_name(r.family_name, families, rng)} "
        f"{_misspell_to_name(r.given_name, givens, rng)}")
    add("surname + misspelt given", lambda r: f"{r.family_name} "
        f"{_misspell_to_name(r.given_name, givens, rng)}")
    add("reference prefix", lambda r: rng.choice(("CM-0", "CM-1", "CM-00", "CM-12", "CM-9",
                                                  "CM-", "CM-10", "CM-000"))
        + ("" if rng.random() < 0.5 else str(rng.randint(0, 9))))
    add("reference number", lambda r: rng.choice((r.reference, r.reference[3:].lstrip("0"))))
    add("place", lambda r: rng.choice((r.capture_place, r.place_of_birth)))
    add("place + given", lambda r: f"{r.capture_place} {r.given_name}")
    return out
