"""Encodings: stable, small, separated by key, rotated by re-encoding, refused without a key."""
import pytest
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from ketenzicht.lib.errors import Invalid
from ketenzicht.linkage import encoding, keys, matching

OTHER_KEY = "an-other-installation-secret-of-enough-length-0123456789"


def encode(given, family, dob="", **kwargs):
    return encoding.encode(encoding.identifiers(given, family, dob, **kwargs))


def similarity(left, right):
    return matching.lookup(left, matching.Store([right]), threshold=0.0)[0][1]


def test_stable_and_small():
    first, second = encode("Anna", "de Vries", "1990-02-28", phones=["06-12345678"]), \
        encode("ANNA", "Vries, de", "28-02-1990", phones=["+31 6 1234 5678"])
    assert first == second
    assert len(first.bloom) + sum(len(code) for code in first.exact) <= 200
    assert b"vries" not in first.bloom and b"Anna" not in first.bloom


def test_spelling_variants_score_above_unrelated_persons():
    anna = encode("Anna", "van der Berg", "1990-02-28")
    assert similarity(encode("Anna", "Jansen", "1990"), encode("Jansen", "Anna", "1990")) == 1.0  # swapped
    variants = [encode("Anna", "v.d. Berg", "1990-02"), encode("Ana", "van den Bergh", "1990-02-28"),
                encode("A.", "Berg", "1990-02-28")]
    unrelated = [encode("Mohammed", "El Amrani", "1990-02-28"), encode("Anna", "Jansen", "1971-11-03"),
                 encode("Pieter", "Bakker", "1985")]
    assert min(similarity(anna, variant) for variant in variants) >= matching.THRESHOLD
    assert max(similarity(anna, other) for other in unrelated) < matching.THRESHOLD
    # One name, two dates of birth far apart: two persons (the date weighs about as much as the name).
    assert similarity(encode("Joshua", "Clarke", "1934-06-29"), encode("Joshua", "Clarke", "1911-08-18")) \
        < matching.THRESHOLD


def test_another_key_matches_nothing():
    anna = encode("Anna", "de Vries", "1990-02-28", phones=["0612345678"])
    with override_settings(LINKAGE_KEYS=OTHER_KEY):
        elsewhere = encode("Anna", "de Vries", "1990-02-28", phones=["0612345678"])
    assert elsewhere.version != anna.version
    assert not anna.exact & elsewhere.exact
    with pytest.raises(Invalid):  # not comparable at all: the matcher refuses instead of scoring noise
        matching.lookup(anna, matching.Store([elsewhere]))
    unrelated_bits = matching.Store([encoding.Encoding(anna.version, elsewhere.bloom)])
    assert matching.lookup(anna, unrelated_bits, threshold=0.0)[0][1] < 0.6


def test_rotation_reencodes_the_stale_encodings_from_the_clear_values():
    clear = [encoding.identifiers("Anna", "de Vries", "1990"), encoding.identifiers("Piet", "Bakker", "")]
    old = encoding.encode_many(clear)
    with override_settings(LINKAGE_KEYS=f"{OTHER_KEY},{keys.current().secret.decode()}"):
        assert all(encoding.stale(stored) for stored in old)
        rotated = encoding.reencode(zip(old, clear, strict=True))
        assert [before for before, _after in rotated] == old
        assert [after for _before, after in rotated] == encoding.encode_many(clear)
        assert not any(encoding.stale(after) for _before, after in rotated)
        assert encoding.reencode(zip([after for _before, after in rotated], clear, strict=True)) == []


def test_a_new_encoding_scheme_makes_the_stored_encodings_stale(monkeypatch):
    stored = encode("Anna", "de Vries", "1990")
    monkeypatch.setattr(keys, "SCHEME", "next")
    assert encoding.stale(stored)
    with pytest.raises(Invalid):  # never compared with encodings of another scheme
        matching.lookup(encode("Anna", "de Vries", "1990"), matching.Store([stored]))


def test_production_refuses_to_start_without_the_key():
    with override_settings(LINKAGE_KEYS=""):
        assert "ketenzicht.E002" in [message.id for message in run_checks()]
        with pytest.raises(SystemCheckError, match="KETENZICHT_LINKAGE_KEY"):
            call_command("check")
    with override_settings(LINKAGE_KEYS="short"):
        assert "ketenzicht.E002" in [message.id for message in run_checks()]
