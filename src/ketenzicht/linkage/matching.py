"""Comparing encodings, never names: the similarity of two persons' hardened filters (Dice),
equality of exact identifiers' HMACs, and blocking on the encodings themselves.

Nothing here takes a name or any other clear value: the functions take `Encoding`s (or a
`Store` of them) and return indexes and scores. Blocking uses locality-sensitive hashing over
the stored bits (Hamming LSH: a band is a few secretly chosen bits; two encodings that agree on
all bits of some band become a candidate pair) plus equal exact identifiers, so no extra
blocking key with its own frequency leak is ever stored. Many narrow bands find pairs with more
differing bits; a band key that many records share (a common feature, not evidence) is skipped,
which keeps the candidates of a large population bounded.
"""
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from ketenzicht.lib.errors import Invalid
from ketenzicht.linkage.encoding import STORED_BITS

WORDS = STORED_BITS // 64
EXACT_BONUS = 0.15  # an equal phone number, e-mail, plate or KvK number adds this to the score
THRESHOLD = 0.66  # the default score from which a pair is a possible match
BANDS = 60
BAND_BITS = 14
BUCKET_CAP = 20  # a band key shared by more records on one side blocks nothing (see _join)


class Store:
    """Encodings of one key version as a bit matrix, for vectorised comparison."""

    def __init__(self, encodings):
        encodings = list(encodings)
        versions = {encoding.version for encoding in encodings}
        if len(versions) > 1:
            raise Invalid(_("Coderingen met verschillende sleutels zijn niet te vergelijken; codeer opnieuw."), "version")
        self.version = versions.pop() if versions else None
        raw = b"".join(encoding.bloom for encoding in encodings)
        self.bits = np.frombuffer(raw, dtype=np.uint64).reshape(len(encodings), WORDS)
        self.counts = np.bitwise_count(self.bits).sum(axis=1, dtype=np.int32)
        self.exact = {}
        for index, encoding in enumerate(encodings):
            for code in encoding.exact:
                self.exact.setdefault(code, []).append(index)

    def __len__(self):
        return len(self.bits)


def _same_key(left, right):
    if left.version and right.version and left.version != right.version:
        raise Invalid(_("Coderingen met verschillende sleutels zijn niet te vergelijken; codeer opnieuw."), "version")


def dice(left: Store, right: Store, left_index, right_index):
    """Dice coefficients of the pairs (left_index[i], right_index[i])."""
    common = np.bitwise_count(left.bits[left_index] & right.bits[right_index]).sum(axis=1, dtype=np.int32)
    total = left.counts[left_index] + right.counts[right_index]
    return np.where(total > 0, 2.0 * common / np.maximum(total, 1), 0.0)


def _exact_pairs(left, right):
    pairs = [(i, j) for code, lefts in left.exact.items() for i in lefts for j in right.exact.get(code, ())]
    return np.array(pairs, dtype=np.int64).reshape(-1, 2)


def _band_positions(version):
    """The bits of each band: fixed per key version, so both sides band alike."""
    seed = int(version or "0", 16)
    generator = np.random.Generator(np.random.PCG64(seed))
    return [generator.choice(STORED_BITS, BAND_BITS, replace=False) for _band in range(BANDS)]


def _band_keys(store, positions):
    """Each band's key per encoding: its bits read as one integer (bit rows gathered from the
    transposed matrix, which keeps the reads contiguous)."""
    rows = np.ascontiguousarray(np.unpackbits(store.bits.view(np.uint8), axis=1).T)
    powers = np.left_shift(np.uint64(1), np.arange(BAND_BITS, dtype=np.uint64))[:, None]
    return [(rows[band].astype(np.uint64) * powers).sum(axis=0) for band in positions]


def _join(left_keys, right_keys, cap=BUCKET_CAP):
    """All (i, j) with left_keys[i] == right_keys[j], vectorised with a sort; a key that more than
    `cap` records on either side share is skipped (a bucket that big is a common feature such as a
    gender or a frequent name, not evidence; the other bands still pair its true matches)."""
    order = np.argsort(right_keys, kind="stable")
    sorted_keys = right_keys[order]
    low = np.searchsorted(sorted_keys, left_keys, side="left")
    high = np.searchsorted(sorted_keys, left_keys, side="right")
    counts = high - low
    _unique, inverse, left_counts = np.unique(left_keys, return_inverse=True, return_counts=True)
    counts[(counts > cap) | (left_counts[inverse] > cap)] = 0
    lefts = np.repeat(np.arange(len(left_keys)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return lefts, order[np.repeat(low, counts) + offsets]


def _candidate_batches(left: Store, right: Store):
    """Candidate pairs, a band at a time (a pair may recur in several bands): the LSH bands, then
    the pairs that share an exact identifier. One band at a time keeps the memory bounded."""
    _same_key(left, right)
    positions = _band_positions(left.version)
    for left_keys, right_keys in zip(_band_keys(left, positions), _band_keys(right, positions), strict=True):
        yield _join(left_keys, right_keys)
    exact = _exact_pairs(left, right)
    yield exact[:, 0], exact[:, 1]


def candidates(left: Store, right: Store):
    """Candidate pairs (as two index arrays, each pair once) from LSH bands and exact identifiers."""
    codes = [lefts.astype(np.int64) * len(right) + rights for lefts, rights in _candidate_batches(left, right)]
    unique = np.unique(np.concatenate(codes))
    return unique // max(len(right), 1), unique % max(len(right), 1)


def _shared_codes(left: Store, right: Store):
    """The pairs that share an exact identifier, as sorted codes i * len(right) + j."""
    exact = _exact_pairs(left, right)
    return np.unique(exact[:, 0] * len(right) + exact[:, 1])


def score(left: Store, right: Store, left_index, right_index, shared=None):
    """Dice of the filters plus a bonus for each pair that shares an exact identifier (`shared`:
    the codes of `_shared_codes`, computed once by a caller that scores in chunks)."""
    result = dice(left, right, left_index, right_index)
    shared = _shared_codes(left, right) if shared is None else shared
    if len(shared):
        codes = np.asarray(left_index, dtype=np.int64) * len(right) + right_index
        result = np.minimum(1.0, result + EXACT_BONUS * np.isin(codes, shared, assume_unique=False))
    return result


@dataclass(frozen=True)
class Pairs:
    left: np.ndarray
    right: np.ndarray
    score: np.ndarray


def match(left: Store, right: Store, threshold=THRESHOLD, chunk=1_000_000) -> Pairs:
    """Every pair at or above the threshold, blocked by the LSH bands and exact identifiers."""
    kept, shared = [], _shared_codes(left, right)
    for lefts, rights in _candidate_batches(left, right):
        for start in range(0, len(lefts), chunk):
            i, j = lefts[start:start + chunk], rights[start:start + chunk]
            scores = score(left, right, i, j, shared)
            keep = scores >= threshold
            kept.append((i[keep].astype(np.int64) * len(right) + j[keep], scores[keep]))
    codes = np.concatenate([code for code, _scores in kept])
    scores = np.concatenate([value for _code, value in kept])
    codes, first = np.unique(codes, return_index=True)
    width = max(len(right), 1)
    return Pairs(codes // width, codes % width, scores[first])


def lookup(encoding, store: Store, threshold=THRESHOLD, limit=10):
    """The stored encodings most similar to one new encoding: [(index, score)], best first. Compares
    against every stored encoding (no blocking: a suggestion must not miss a band)."""
    probe = Store([encoding])
    _same_key(probe, store)
    common = np.bitwise_count(store.bits & probe.bits[0]).sum(axis=1, dtype=np.int32)
    scores = 2.0 * common / np.maximum(store.counts + probe.counts[0], 1)
    shared = sorted({index for code in encoding.exact for index in store.exact.get(code, ())})
    scores[shared] = np.minimum(1.0, scores[shared] + EXACT_BONUS)
    best = np.flatnonzero(scores >= threshold)
    best = best[np.argsort(-scores[best], kind="stable")][:limit]
    return [(int(index), float(scores[index])) for index in best]
