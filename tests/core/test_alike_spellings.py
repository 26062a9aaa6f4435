"""The duplicate finder's alike spellings (services.duplicates._alike_variants: an index
of name words and their spelling neighbours, names paired from a table of the
neighbours' similarities) are exactly the pairs of spellings that name_similarity puts at
NAME_FLOOR or more, with its value: every pair of spellings compared, on the names of a
demo database with people's own spellings added and on random names made of near-miss
words (vowel slips, -ov endings, initials, compounds written apart and joined)."""

from __future__ import annotations

import random

import pytest

from casemanager.domain.names import keys, name_similarity, word_pairing_similarity
from casemanager.services import demo
from casemanager.services.duplicates import NAME_FLOOR, _alike_variants

# People's own spellings: scripts, compounds written apart and joined, initials (Ю. is
# two letters as a key), -ov endings, patronymic particles, another word order.
WRITTEN = [
    "Tursunov Alisher", "Tursunow A.", "Турсунов Алишер Бахтиёрович", "Tursun Alisher",
    "Alisher Tursunov", "Tursunov A. B.", "T. Alisher", "Abdul Karimov Rustam",
    "Abdulkarimov Rustam", "Абдулкаримов Р.", "Abdul-Karimov R.", "Oʻtkir Said Ali",
    "Utkir Saidali", "Otkir Said", "Ю. Юлдашев", "Iu. Yuldashev", "Yuldashev Yusuf",
    "Karimov Aziz", "Azizov Karim", "Karim Azizov", "Ergashev Farrukh", "Ergash Farruh",
    "Bekzod Ergashev", "Bekzot Ergashev", "Rustam qizi Karima", "Karima Rustamovna",
    "Nurlan uly Marat", "Marat Nurlanovich", "A.", "T.", "U.", "O.", "Tursunov",
    "Tursunova", "Said Ali Karim", "Saidali Karim Tursunov", "Ali", "Said",
    # Х as Kh, H, X and the German / Polish Ch; Ukrainian О for А; an initial (stop 27).
    "Хасанов Рустам", "Khasanov R.", "Chasanov Rustam", "Xasanov Rustam", "Ch. Rustam",
    "Oleksandr Kovalov", "Александр Ковалёв", "Davlatov Firdavs Shakhromovich",
    "Davlatov Firdavs Bakhromovich",
]


def _compared(variants: list[tuple[str, ...]]) -> tuple[dict, dict]:
    """(found, every pair compared): {(i, j): similarity} at NAME_FLOOR or more, i <= j."""
    found: dict[tuple[int, int], float] = {}
    for i, j, sim in _alike_variants(variants):
        assert i <= j
        found[i, j] = max(found.get((i, j), 0.0), sim)
    expected = {}
    for i, a in enumerate(variants):
        for j in range(i, len(variants)):
            b = variants[j]
            if len(set(a)) == 1 and len(set(b)) == 1:
                # Two single words: as the finder always compared them (a lone initial
                # first is like nothing; after a name, it is that name's initial).
                sim = word_pairing_similarity(a, b)
            else:
                sim = name_similarity(a, b)
            if sim >= NAME_FLOOR:
                expected[i, j] = sim
    return found, expected


@pytest.fixture(scope="module")
def demo_spellings(tmp_path_factory) -> list[tuple[str, ...]]:
    from casemanager.services.duplicates import _read_groups
    from casemanager.store.database import open_database

    db = open_database(str(tmp_path_factory.mktemp("alike") / "cases.db"), create=True)
    try:
        demo.generate(db, cases=300, seed=5)
        with db.session() as session:
            names, _groups = _read_groups(session, lambda: None)
    finally:
        db.dispose()
    return list(dict.fromkeys(v for variants, _father in names for v in variants))


def test_every_pair_of_the_demos_spellings(demo_spellings):
    written = [tuple(keys(w)) for w in WRITTEN]
    rng = random.Random(18)
    variants = list(dict.fromkeys(written + rng.sample(demo_spellings,
                                                       min(260, len(demo_spellings)))))
    found, expected = _compared(variants)
    assert found == expected
    assert len(expected) > len(variants) + 150  # not only each spelling with itself


# Words one slip apart (a vowel, a consonant, the last letter devoiced), with and
# without -ov, and initials: random names of two to four of them.
WORDS = ("Tursunov Tursunow Tursonov Tursun Tursunova Bekzod Bekzot Karimov Kasimov "
         "Karim Abdul Abdulkarimov Alisher Alishir Bakhtiyor Bakhtier Ergashev Ergash "
         "Farrukh Farruh Said Ali Saidali Utkir Oʻtkir Yuldash Yuldashev Aziz Azizov "
         "Rustam Rustamovich A. T. U. O. Ю.").split()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_pair_of_random_names(seed):
    rng = random.Random(seed)
    variants = []
    for _ in range(220):
        name = " ".join(rng.choice(WORDS) for _ in range(rng.choice([1, 2, 2, 3, 3, 4])))
        if rng.random() < 0.2:  # a compound written joined
            name = name.replace(" ", "", 1)
        key = tuple(keys(name))
        if key:
            variants.append(key)
    variants = list(dict.fromkeys(variants))
    found, expected = _compared(variants)
    assert found == expected
    assert any(sim < 1.0 for sim in expected.values())
