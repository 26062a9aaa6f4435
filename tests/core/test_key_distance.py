"""key_distance (casemanager.domain.names) gives the values of the plain weighted
Levenshtein table it was first written as (kept here), on names' keys and on random
words: the duplicate finder's pairs and scores depend on every value."""

from __future__ import annotations

import random

from casemanager.domain.names import _CHEAP, _FINAL, _VOWELS, key_distance, keys


def _sub_cost(x: str, y: str, final: bool) -> float:
    if x == y:
        return 0.0
    cost = _CHEAP.get((x, y), 1.0)
    return _FINAL.get((x, y), cost) if final else cost


def reference_distance(a: str, b: str) -> float:
    """key_distance as first written: the whole table, cell by cell."""
    if a == b:
        return 0.0
    prev = [0.0]
    for ch in b:
        prev.append(prev[-1] + (0.5 if ch in _VOWELS else 1.0))
    last_a, last_b = len(a), len(b)
    for i, ca in enumerate(a, 1):
        ca_cost = 0.5 if ca in _VOWELS else 1.0
        cur = [prev[0] + ca_cost]
        for j, cb in enumerate(b, 1):
            cb_cost = 0.5 if cb in _VOWELS else 1.0
            sub = _sub_cost(ca, cb, i == last_a and j == last_b)
            cur.append(min(prev[j] + ca_cost, cur[j - 1] + cb_cost, prev[j - 1] + sub))
        prev = cur
    return prev[-1]


NAMES = ("Tursunov Tursunow Tursonov Tursun Bekzod Bekzot Karimov Kasimov Abdulkarimov "
         "Abdul Karim Alisher Alisherovich Bakhtiyor Bakhtier Ergashev Ergash Farrukh "
         "Farruh Muhammadiev Mukhammadiyev Utkir Oʻtkir Saidali Said Ali Ю Iu Yulduz "
         "Юлдуз Жасур Jasur Zhasur Khasanov Hasanov Xasanov A T O U")


def test_key_distance_is_the_plain_table_on_names():
    words = [k for w in NAMES.split() for k in keys(w)] + ["", "a", "ab", "ba"]
    for a in words:
        for b in words:
            assert key_distance.__wrapped__(a, b) == reference_distance(a, b), (a, b)


def test_key_distance_is_the_plain_table_on_random_words():
    rng = random.Random(18)
    letters = "aeioubcdfghjklmnprstvxz"
    for _ in range(20000):
        a = "".join(rng.choice(letters) for _ in range(rng.randint(0, 9)))
        if rng.random() < 0.5:  # a slip of the pen: one letter changed, the last often
            b = list(a) or ["t"]
            b[rng.choice([-1, rng.randrange(len(b))])] = rng.choice(letters + "dt")
            b = "".join(b)
        else:
            b = "".join(rng.choice(letters) for _ in range(rng.randint(0, 9)))
        assert key_distance.__wrapped__(a, b) == reference_distance(a, b), (a, b)
