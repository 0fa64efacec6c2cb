"""Matching takes encodings only: the clear values are gone before it runs."""
import gc

import numpy as np

from ketenzicht.linkage import encoding, matching

PEOPLE = [("Anna", "de Vries", "1990-02-28", "0612345678"), ("Mohammed", "El Amrani", "1985-07-01", ""),
          ("Jan", "van der Berg", "1962", ""), ("Olena", "Kovalenko", "2001-03-15", "+48 601 234 567"),
          ("Pieter", "Bakker", "1978-12-01", "")]
VARIANTS = [("Vries", "Anna", "28-02-1990", ""), ("Mohamed", "Elamrani", "1985-07-01", ""),
            ("J.", "Berg, van der", "1962-05", ""), ("Olena", "Kowalenko", "", "0048601234567"),
            ("Piet", "Smit", "1978-12-01", "")]


def encodings(rows):
    return [encoding.encode(encoding.identifiers(given, family, dob, phones=[phone] if phone else []))
            for given, family, dob, phone in rows]


def test_match_runs_on_encodings_alone():
    left, right = encodings(PEOPLE), encodings(VARIANTS)
    stores = matching.Store(left), matching.Store(right)
    del left, right
    gc.collect()
    # No object the matcher can reach holds a clear value: only bytes, arrays and versions.
    for store in stores:
        assert all(isinstance(code, bytes) for code in store.exact)
        assert store.bits.dtype == np.uint64
    pairs = matching.match(*stores)
    assert sorted(zip(pairs.left.tolist(), pairs.right.tolist(), strict=True)) == [(0, 0), (1, 1), (2, 2), (3, 3)]
    assert all(0 < value <= 1 for value in pairs.score)


def test_a_shared_phone_raises_the_score():
    with_phone = encodings([("Olena", "Kowalenko", "", "0612345678")])[0]
    without = encodings([("Olena", "Kowalenko", "", "")])[0]
    store = matching.Store(encodings([("Olena", "Kovalenko", "", "06-12345678")]))
    assert matching.lookup(with_phone, store, 0)[0][1] > matching.lookup(without, store, 0)[0][1]


def test_lookup_finds_the_person_among_many():
    stored = encodings(PEOPLE * 200)
    store = matching.Store(stored)
    found = matching.lookup(encodings([VARIANTS[1]])[0], store, limit=3)
    assert found and all(index % len(PEOPLE) == 1 for index, _score in found)
    assert [score for _index, score in found] == sorted((score for _index, score in found), reverse=True)


def test_a_band_key_shared_by_too_many_records_blocks_nothing():
    left_keys = np.array([7, 7, 3], dtype=np.uint64)
    crowded = np.array([7] * (matching.BUCKET_CAP + 1) + [3], dtype=np.uint64)
    lefts, rights = matching._join(left_keys, crowded)
    assert list(zip(lefts.tolist(), rights.tolist(), strict=True)) == [(2, matching.BUCKET_CAP + 1)]
