"""The name matcher: skeleton keys across scripts, and its quality on a labelled set.

`data/name_pairs.csv` holds spellings of the same person (Cyrillic and Latin, Russian
passport, Uzbek Latin, German, Turkmen and Kazakh Latin, typos, word order, initials,
patronymics) and hard negatives: different people with similar names.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from casemanager.domain.names import (
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
    assert keys("Tursunov, Alisher A.") == ["tursunov", "alixer", "a"]
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


def labelled(split: str | None = None) -> list[tuple[str, str, bool]]:
    """The labelled pairs; `split` "base" (the first 723), "tune" or "heldout" (issue 16's
    pairs, split by name group: the held-out half was never looked at while tuning)."""
    with PAIRS.open(encoding="utf-8") as f:
        return [(r["name_a"], r["name_b"], r["same"] == "1") for r in csv.DictReader(f)
                if split is None or r["split"] == split]


def quality(split: str | None = None) -> tuple[float, float, int, int]:
    """(recall, precision, pairs, negatives) of `same_person_names` on the labelled set."""
    rows = labelled(split)
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
    held_out = labelled("heldout")
    assert len(held_out) >= 150 and sum(1 for *_, s in held_out if not s) >= 30
    assert any("\u00ad" in a + b for a, b, _ in held_out)  # invisible characters too


@pytest.mark.parametrize(
    ("split", "min_recall", "min_precision"),
    # base: no loss against 0.992 / 0.998 before issue 16; heldout: measured 0.976 / 1.000.
    [("base", 0.99, 0.995), ("tune", 0.98, 0.98), ("heldout", 0.97, 0.97)],
)
def test_recall_and_precision_on_labelled_set(split, min_recall, min_precision):
    recall, precision, pairs, negatives = quality(split)
    print(f"\nname matcher on {pairs} {split} pairs ({negatives} different people): "
          f"recall {recall:.3f}, precision {precision:.3f}")
    assert recall >= min_recall
    assert precision >= min_precision


@pytest.mark.parametrize(
    "spellings",
    [
        ("Рахимов Ўткир", "Rahimov Oʻtkir", "Рахимов Уткир", "Rakhimov Utkir", "Otkir Rahimov"),
        ("Abdul-Karimov Rustam", "Abdul Karimov Rustam", "Abdulkarimov Rustam",
         "Абдулкаримов Рустам"),
        ("Gʻulomov Sardor", "G'ulomov Sardor", "G`ulomov Sardor", "Gulomov Sardor"),
        ("Nazarov Abdurakhmon", "Nazarov Abdurahmon", "Nazarov Abdurrakhman"),
        ("Toirov Mukhammad", "Toirov Muhammad", "Toirov Mohammed"),
        ("Azimov Nasrullo", "Azimov Nasrulla", "Azimov Nasrullah"),
        ("Tursunov Farrukh", "Tursun Farrukh", "Турсун Фаррух"),
        ("Tursunov Alisher Bakhtiyorovich", "Tursunov Alisher Bakhtiyor oʻgʻli",
         "Турсунов Алишер Бахтиёр ўғли"),
        ("Asanov Bakyt Asanbekovich", "Asanbek uulu Bakyt"),
        ("Omarov Askhat Nurlanovich", "Omarov Askhat Nurlanuly"),
        ("Zhumabekov Nurlan", "Zhumabekov N.", "Жумабеков Н."),
        ("Tursunov Alisher", "Tur\u00adsunov Ali\u200bsher", "\u200fTursunov\ufeff Alisher"),
    ],
)
def test_issue_16_spellings_are_one_person(spellings):
    for other in spellings[1:]:
        assert same_person_names(spellings[0], other), (spellings[0], other)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Said-Akbarov Farrukh", "Akbarov Farrukh"),  # a compound is not its last part
        ("Abdulkarimov Rustam", "Karimov Rustam"),
        ("Aziz Karimov", "Karim Azizov"),  # only one word may drop its -ov
        ("Tursunov Farrukh", "Tursunova Farrukh"),
        ("Tursunov Alisher Bakhtiyor oʻgʻli", "Tursunov Alisher Rustamovich"),
        ("Zhumabekov N", "Zhumabekov Serik"),
        ("Kari\u00admov Aziz", "Kasimov Aziz"),
    ],
)
def test_issue_16_near_names_stay_apart(a, b):
    assert not same_person_names(a, b)


def test_compounds_and_particles_make_one_key():
    assert keys("Abdul-Karimov R.") == ["abdulkarimov", "r"]
    assert keys("Bakhtiyor oʻgʻli") == keys("Bakhtiyorovich") == ["bahtiorovic"]
    assert keys("Rustam qizi") == keys("Rustamovna") == keys("Rustam kyzy")
    assert keys("Nurlanuly") == keys("Nurlanovich")
    assert keys("Tur\u00adsunov") == ["tursunov"]
