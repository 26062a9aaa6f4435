"""The name matcher: skeleton keys across scripts, and its quality on a labelled set.

`data/name_pairs.csv` holds spellings of the same person (Cyrillic and Latin, Russian
passport, Uzbek Latin, German, Turkmen and Kazakh Latin, typos, word order, initials,
patronymics) and hard negatives: different people with similar names.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from casemanager.matching import (
    SAME_WORD,
    compact,
    keys,
    name_similarity,
    same_person_names,
    skeleton,
)

PAIRS = Path(__file__).parent / "data" / "name_pairs.csv"


@pytest.mark.parametrize(
    "spellings",
    [
        ("Турсунов", "Tursunov", "Tursunow", "TURSUNOFF"),
        ("Хуршид", "Khurshid", "Xurshid", "Hurshid"),
        ("Жамшид", "Jamshid", "Zhamshid", "Dzhamshid"),
        ("Шерзод", "Sherzod", "Şerzod"),
        ("Ўктам", "O'ktam", "Oʻktam", "Oktam"),
        ("Ғулом", "G'ulom", "Gulom", "Ghulom"),
        ("Қанат", "Qanat", "Kanat"),
        ("Абдуллаев", "Abdullayev", "Abdullaev", "Abdulaev"),
        ("Бахтиёр", "Bakhtiyor", "Baxtiyor"),
        ("Ержан", "Yerzhan", "Erzhan", "Erjan"),
        ("Ҷамшед", "Джамшед", "Jamshed"),
    ],
)
def test_spellings_share_one_key(spellings):
    assert len({skeleton(s) for s in spellings}) == 1, [skeleton(s) for s in spellings]


def test_keys_are_plain_ascii_and_words_split_sensibly():
    assert keys("Tursunov-Alisher, A.") == ["tursunov", "alixer", "a"]
    assert all(k.isascii() and k.isalnum() for k in keys("Раҳимӣ Шоҳрух Нұрғалиев Үсөн"))
    assert compact("FA 123-4567") == "fa1234567"
    assert compact("CM-0042") == "cm0042"


def test_order_patronymic_and_initials():
    assert same_person_names("Турсунов Алишер", "Alisher Tursunov Bakhtiyorovich")
    assert same_person_names("Tursunow A.", "Турсунов Алишер")
    assert not same_person_names("Каримов Азиз", "Каримов Азамат")
    assert not same_person_names("Karimov Aziz Rustamovich", "Karimov Aziz Bakhtiyorovich")
    assert not same_person_names("Karimov", "Karimova")
    assert name_similarity("A.", "Alisher") == 0.0


def labelled() -> list[tuple[str, str, bool]]:
    with PAIRS.open(encoding="utf-8") as f:
        return [(r["name_a"], r["name_b"], r["same"] == "1") for r in csv.DictReader(f)]


def quality() -> tuple[float, float, int, int]:
    """(recall, precision, pairs, negatives) of `same_person_names` on the labelled set."""
    rows = labelled()
    tp = fp = fn = 0
    for a, b, same in rows:
        predicted = name_similarity(a, b) >= SAME_WORD
        tp += same and predicted
        fp += predicted and not same
        fn += same and not predicted
    return tp / (tp + fn), tp / (tp + fp), len(rows), sum(1 for *_, s in rows if not s)


def test_labelled_set_is_large_and_has_hard_negatives():
    rows = labelled()
    assert len(rows) >= 200
    assert sum(1 for *_, s in rows if not s) >= 50
    scripts = "".join(a + b for a, b, _ in rows)
    for letter in "ўғқҳңөүұәіҷӣӯ":
        assert letter in scripts.lower(), letter


def test_recall_and_precision_on_labelled_set():
    recall, precision, pairs, negatives = quality()
    print(f"\nname matcher on {pairs} labelled pairs ({negatives} different people): "
          f"recall {recall:.3f}, precision {precision:.3f}")
    assert recall >= 0.95
    assert precision >= 0.95
