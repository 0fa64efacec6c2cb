"""Keyed encodings of a person's identifiers: what is stored and what crosses between organisations.

Two kinds (docs/threat-model.md, "Record linkage", says why):

- exact identifiers (phone, e-mail, plate, KvK), normalised, as HMAC-SHA256 with a key per
  purpose, cut to 16 bytes: equal only when the identifiers are equal;
- names, date of birth, gender and a few free fields (city, address) together in one
  record-level Bloom filter (a CLK, Schnell et al. 2011): every feature (a bigram of a name token,
  the year of birth, ...) sets a few bits chosen by HMAC with the installation key, so similar
  records set similar bits. The filter is then hardened with a diffusion layer (Armknecht,
  Heng and Schnell 2023): every stored bit is the XOR of a few secretly chosen filter bits, so no
  stored bit says "this bigram is present", which is what frequency and pattern-mining attacks
  on Bloom filters exploit, while similar filters stay similar.

Name tokens (given and family) go into the filter as one bag of tokens, so a swapped given and
family name encodes the same; tussenvoegsels are a feature of their own with less weight.
"""
import hashlib
import hmac
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ketenzicht.linkage import keys, normalise

FILTER_BITS = 1024  # the Bloom filter before diffusion
STORED_BITS = 1024  # the hardened filter: 128 bytes per person
DIFFUSION_INPUTS = 2  # filter bits XOR-ed into every stored bit
EXACT_BYTES = 16

# Bits set per feature: how much a kind of feature weighs in the similarity. The date of birth
# weighs about as much as a name: with less, two persons with one common name and different dates
# scored as a match (tuned on FEBRL 2-3 and Dutch-style data, docs/linkage.md "Benchmark").
WEIGHTS = {"name": 6, "initial": 3, "particles": 2, "year": 20, "month": 10, "day": 10, "month_day": 12, "decade": 6,
           "gender": 2}
EXTRA_WEIGHT = 3  # each bigram of a free field (city, street, ...)
EXACT_KINDS = ("phone", "email", "plate", "kvk")


@dataclass(frozen=True)
class Identifiers:
    """What is known of one person, normalised (see `identifiers` to build it from raw text)."""

    name: normalise.Name | None = None
    date_of_birth: normalise.PartialDate | None = None
    gender: str = ""
    extra: tuple = ()  # (field, folded text) pairs: city, street, postcode, ...
    exact: tuple = ()  # (kind, normalised value) pairs, kind one of EXACT_KINDS


@dataclass(frozen=True)
class Encoding:
    """What is stored per person: the key version, the hardened filter, the exact identifiers'
    HMACs. Holds nothing from which a name can be read without the key."""

    version: str
    bloom: bytes
    exact: frozenset = field(default_factory=frozenset)


def identifiers(given_name="", family_name="", date_of_birth="", gender="", phones=(), emails=(), plates=(),
                kvks=(), **extra):
    """Normalise raw identifiers (raises lib.errors.Invalid naming the field). `extra` takes free
    fields such as city=..., folded like names."""
    name = normalise.name(given_name, family_name) if (given_name or family_name) else None
    exact = [("phone", normalise.phone(value, f"phones.{i}")) for i, value in enumerate(phones)]
    exact += [("email", normalise.email(value, f"emails.{i}")) for i, value in enumerate(emails)]
    exact += [("plate", normalise.plate(value, f"plates.{i}")) for i, value in enumerate(plates)]
    exact += [("kvk", normalise.kvk(value, f"kvks.{i}")) for i, value in enumerate(kvks)]
    return Identifiers(
        name=name,
        date_of_birth=normalise.date_of_birth(date_of_birth),
        gender=normalise.token(gender, "gender", normalise.LABELS["Geslacht"])[:1],
        extra=tuple((key, normalise.token(value, key, key)) for key, value in sorted(extra.items()) if value),
        exact=tuple(sorted({(kind, value) for kind, value in exact if value})),
    )


def _bigrams(token):
    padded = f"_{token}_"
    return [padded[i:i + 2] for i in range(len(padded) - 1)]


def _units(ids: Identifiers):
    """The parts of a record that recur across records (a name token, a date of birth, a word of a
    city), so that bulk encoding computes each one's filter bits once."""
    units = []
    if ids.name:
        units += [("token", token) for token in ids.name.given + ids.name.family]
        if ids.name.particles:
            units.append(("particles", ids.name.particles))
    if ids.date_of_birth:
        units.append(("dob", ids.date_of_birth))
    if ids.gender:
        units.append(("gender", ids.gender))
    units += [(f"extra:{key}", token) for key, value in ids.extra for token in value.split()]
    return units


def _unit_features(unit):
    """(kind, feature) pairs of one unit; a kind's weight is its number of bits."""
    kind, value = unit
    if kind == "token":
        return [("initial", value[0])] + ([("name", gram) for gram in _bigrams(value)] if len(value) > 1 else [])
    if kind == "dob":
        result = [("year", str(value.year)), ("decade", str(value.year // 10))]
        if value.month:
            result.append(("month", str(value.month)))
        if value.day:
            result += [("day", str(value.day)), ("month_day", f"{value.month}-{value.day}")]
        return result
    if kind.startswith("extra:"):
        return [(kind, gram) for gram in _bigrams(value)]
    return [unit]  # particles, gender


def features(ids: Identifiers):
    """(kind, feature) pairs of the filter."""
    return [pair for unit in _units(ids) for pair in _unit_features(unit)]


def _position_table(key: keys.LinkageKey):
    """The filter bits of every feature seen so far under this key (a few thousand bigrams)."""
    return _tables.setdefault(key.version, {})


_tables = {}


def _positions(key: keys.LinkageKey, kind: str, feature: str):
    """The filter bits of one feature: HMAC with the filter key, one key per kind ("salting with a
    secret per field"), so equal bigrams of a name and a street set different bits."""
    weight = WEIGHTS.get(kind, EXTRA_WEIGHT)
    digest = hmac.new(key.derive("bloom"), f"{kind}\x1f{feature}".encode(), hashlib.sha512).digest()  # 32 bits at most
    return [int.from_bytes(digest[2 * i:2 * i + 2], "big") % FILTER_BITS for i in range(weight)]


def _feature_bits(known, key, kind, feature):
    bits = known.get((kind, feature))
    if bits is None:
        bits = known[kind, feature] = _positions(key, kind, feature)
    return bits


@lru_cache(maxsize=8)
def _diffusion(key: keys.LinkageKey):
    """For every stored bit the filter bits it XORs, drawn with a generator seeded by the key."""
    seed = int.from_bytes(key.derive("diffusion"), "big")
    generator = np.random.Generator(np.random.PCG64(seed))
    return generator.integers(0, FILTER_BITS, size=(DIFFUSION_INPUTS, STORED_BITS))


def _exact(key, kind, value):
    return hmac.new(key.derive(f"exact/{kind}"), value.encode(), hashlib.sha256).digest()[:EXACT_BYTES]


def encode_many(records, key=None):
    """Encode normalised `Identifiers` in bulk (vectorised diffusion); returns a list of Encoding."""
    key = key or keys.current()
    records = list(records)
    table = _diffusion(key)
    known = _position_table(key)
    unit_bits = {}  # this call's units: bounded by the records given, unlike the table of features
    result = []
    for start in range(0, len(records), 8192):
        chunk = records[start:start + 8192]
        filters = np.zeros((len(chunk), FILTER_BITS), dtype=np.uint8)
        counts, columns = np.zeros(len(chunk), dtype=np.int64), []
        for row, ids in enumerate(chunk):
            for unit in _units(ids):
                bits = unit_bits.get(unit)
                if bits is None:
                    bits = unit_bits[unit] = [bit for kind, feature in _unit_features(unit)
                                              for bit in _feature_bits(known, key, kind, feature)]
                columns += bits
                counts[row] += len(bits)
        rows = np.repeat(np.arange(len(chunk)), counts)
        filters[rows, columns] = 1
        stored = filters[:, table[0]]
        for inputs in table[1:]:
            stored ^= filters[:, inputs]
        packed = np.packbits(stored, axis=1)
        for row, ids in enumerate(chunk):
            result.append(Encoding(key.version, packed[row].tobytes(),
                                   frozenset(_exact(key, kind, value) for kind, value in ids.exact)))
    return result


def encode(ids: Identifiers, key=None) -> Encoding:
    return encode_many([ids], key)[0]


def stale(encoding: Encoding) -> bool:
    """Encoded under another key than the newest: it must be encoded again before it matches."""
    return encoding.version != keys.current().version


def reencode(clear_values, key=None):
    """The rotation: encode again, under the newest (or the given) key, the clear identifiers
    of every stored encoding that is stale; `clear_values` yields (encoding, Identifiers).
    Returns [(old, new)] for what changed; the caller stores the new ones in its transaction."""
    key = key or keys.current()
    pending = [(old, ids) for old, ids in clear_values if old.version != key.version]
    return list(zip([old for old, _ids in pending], encode_many([ids for _old, ids in pending], key), strict=True))


def exact_code(kind, value, key=None) -> bytes:
    """The keyed hash of one normalised exact identifier, of any kind (also an address, which the
    product compares exactly for networks): the same HMAC as in `Encoding.exact`."""
    return _exact(key or keys.current(), kind, value)
