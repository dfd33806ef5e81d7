"""Duplicate articles, exact and near, across scripts.

Articles are compared in their canonical form (Simplified, cleaned), so a Traditional republication of a
Simplified article is an exact or near duplicate of it. Near-duplicates are found with MinHash over character
5-grams of the Han text and datasketch's LSH index, then confirmed on the exact Jaccard of the two shingle
sets (the MinHash estimate, off by 0.04 either way at 0.5, only picks which candidates to confirm: at 100,000
articles the pairs near 0.45 are so many that the estimate let thousands of them through, and chained
unrelated articles into clusters of a hundred); clusters are the connected components (union-find), so a chain
of republications with small edits stays one cluster. Why 5-grams and 0.5: a spun copy (synonym swaps every
ten to twenty characters) keeps roughly half of its 5-grams, while two different articles on the same topic
share well under a third. A :class:`Signature` is computed per article (in the worker processes, and cached
with the article), so clustering ten thousand articles costs only the LSH queries.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHash

from ..core.text import HAN
from .unionfind import UnionFind

SHINGLE = 5
NUM_PERM = 128
THRESHOLD = 0.5
# Candidates whose MinHash estimate is this far under the threshold are still confirmed exactly: the
# estimate of a pair at exactly 0.5 falls under 0.4 about once in ten thousand.
ESTIMATE_MARGIN = 0.1
_NOT_TEXT = re.compile(f"[^{HAN}0-9A-Za-z]")


@dataclass(frozen=True)
class Signature:
    """What clustering needs of an article: a digest of its text and its MinHash (None when empty)."""

    digest: str
    hashvalues: np.ndarray | None
    scheme: str = ""
    shingles: np.ndarray | None = None  # its distinct shingle hashes, sorted (uint32): the exact Jaccard

    def without_shingles(self) -> Signature:
        """The signature once a :class:`SignatureClusters` has it (which keeps the shingles on disk): it can
        no longer be compared."""
        return replace(self, shingles=None)


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the distinct character ``size``-grams of the text (a polynomial rolling hash,
    vectorized: hashing every shingle with SHA-1 one by one was most of the cost of a signature)."""
    han = _NOT_TEXT.sub("", text)
    codes = np.frombuffer(han.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) == 0:
        return codes
    windows = max(1, len(codes) - size + 1)
    hashed = np.zeros(windows, dtype=np.uint64)
    for k in range(min(size, len(codes))):
        hashed = (hashed * np.uint64(1_000_003) + codes[k:k + windows]) & np.uint64(0xFFFFFFFF)
    return np.unique(hashed)


@lru_cache(maxsize=1)
def template() -> MinHash:
    """An empty MinHash: its permutations, drawn once per process (drawing them again for every
    article was an eighth of the cost of a signature)."""
    from datasketch import MinHash  # imported when needed: it imports scipy.integrate (a second)

    return MinHash(num_perm=NUM_PERM, seed=1)


# Set members hashed at a time by :func:`set_minhashes`: each member's hashes and their temporaries take
# some 50 bytes per ordering, and the sections of a 100,000-article batch hold tens of millions of members.
_HASHED_AT_ONCE = 1 << 18


def set_minhashes(indptr: np.ndarray, members: np.ndarray, count: int) -> np.ndarray:
    """The first ``count`` MinHash values of many sets of small integers at once, one row per set (set
    ``i`` is ``members[indptr[i]:indptr[i + 1]]``): the values :func:`template`'s permutations give, as
    datasketch's ``MinHash.update_batch`` of the set gives them (``hashfunc=int``), without a MinHash per
    set. An empty set's values are the largest (it sorts last)."""
    from datasketch.minhash import _SCHEME_WIDTHS, _fmix

    empty = template()
    if empty.scheme not in _SCHEME_WIDTHS:  # the legacy scheme hashes otherwise
        raise ValueError(f"MinHash scheme {empty.scheme!r}: only the affine schemes are computed here")
    a, b = (p[:count] for p in empty.permutations)
    width = _SCHEME_WIDTHS[empty.scheme]
    dtype = empty.hashvalues.dtype
    n = len(indptr) - 1
    values = np.full((n, count), np.iinfo(dtype).max, dtype=dtype)
    row = 0
    while row < n:  # whole sets, about _HASHED_AT_ONCE members at a time
        stop = max(row + 1, int(np.searchsorted(indptr, indptr[row] + _HASHED_AT_ONCE, side="right")) - 1)
        starts = indptr[row:stop + 1] - indptr[row]
        hashed = _fmix(members[indptr[row]:indptr[stop]].astype(dtype)[:, None], width) * a + b
        filled = np.flatnonzero(np.diff(starts) > 0)
        if len(filled):
            values[row + filled] = np.minimum.reduceat(hashed, starts[filled], axis=0)
        row = stop
    return values


def signature(text: str) -> Signature:
    digest = hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()
    hashes = shingle_hashes(text)
    if not len(hashes):
        return Signature(digest, None)
    # The values MinHash.update_batch gives (hashfunc=int), computed as one set of set_minhashes: datasketch
    # turns the hashes back into Python ints one by one, a quarter of the cost of a signature.
    values = set_minhashes(np.array([0, len(hashes)]), hashes, NUM_PERM)[0]
    return Signature(digest, values, template().scheme, hashes.astype(np.uint32))


def exact_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard of two sorted arrays of distinct shingle hashes."""
    shared = np.intersect1d(a, b, assume_unique=True).size
    return shared / (a.size + b.size - shared)


class _ShingleFile:
    """Every article's shingles in one temporary file, read back only for the pairs being confirmed:
    100,000 articles hold 600 MB of them, which the clustering process need not keep in memory."""

    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile()  # noqa: SIM115 (open as long as the clusters are)
        self._end = 0
        self._spans: dict[int, tuple[int, int]] = {}

    def put(self, index: int, shingles: np.ndarray) -> None:
        data = shingles.astype(np.uint32, copy=False).tobytes()
        os.pwrite(self._file.fileno(), data, self._end)
        self._spans[index] = (self._end, len(data))
        self._end += len(data)

    def get(self, index: int) -> np.ndarray:
        offset, size = self._spans[index]
        return np.frombuffer(os.pread(self._file.fileno(), size, offset), dtype=np.uint32)


class SignatureClusters:
    """Duplicate articles found one signature at a time, as the workers deliver them: the clusters
    depend only on the order of the signatures, so building them while the other articles are still
    being processed gives the clusters :func:`cluster_signatures` gives."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._names: list[str] = []
        self._sets = UnionFind(0)
        self._exact: dict[str, int] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._hashes: list[LeanMinHash | None] = []
        self._shingles = _ShingleFile()
        self._best: dict[int, tuple[Any, str]] = {}  # cluster root -> (rank, name) of its best member

    def add(self, name: str, sig: Signature, rank: Any = None) -> list[str]:
        """Add one article. With ``rank`` (comparable; the same kind for every article), returns the
        names that stopped being the best of their cluster on this addition: the highest rank, among
        equal ranks the first name in sorted order (as ``max`` over a sorted cluster picks it). A name
        returned is never the best of its cluster again, whatever is added later."""
        from datasketch import LeanMinHash

        i = self._sets.add()
        self._names.append(name)
        joined: list[int] = []
        m = None
        if sig.hashvalues is not None:  # else nothing to compare: an unreadable or empty file is alone
            if sig.digest in self._exact:
                joined.append(self._exact[sig.digest])
            else:
                self._exact[sig.digest] = i
            # A lean MinHash holds the values only: a full one draws its permutations again on every
            # construction, which was most of the cost of clustering 10,000 signatures.
            if sig.shingles is None:
                raise ValueError(f"{name}: a signature without its shingles cannot be compared")
            m = LeanMinHash(seed=1, hashvalues=sig.hashvalues, scheme=sig.scheme)
            joined += [j for j in map(int, self._lsh.query(m)) if self._duplicates(m, sig.shingles, j)]
            self._shingles.put(i, sig.shingles)
        self._hashes.append(m)
        roots = {self._sets.find(j) for j in joined}
        for j in joined:
            self._sets.union(i, j)
        if m is not None:
            self._lsh.insert(str(i), m)
        if rank is None:
            return []
        candidates = sorted([self._best.pop(root) for root in roots if root in self._best] + [(rank, name)],
                            key=lambda c: c[1])
        best = max(candidates, key=lambda c: c[0])
        self._best[self._sets.find(i)] = best
        return [other for _, other in candidates if other != best[1]]

    def _duplicates(self, m: LeanMinHash, shingles: np.ndarray, j: int) -> bool:
        """Whether the article being added and the LSH candidate ``j`` are near-duplicates: their exact
        Jaccard is at least the threshold."""
        if m.jaccard(self._hashes[j]) < self.threshold - ESTIMATE_MARGIN:
            return False
        return exact_jaccard(shingles, self._shingles.get(j)) >= self.threshold

    def clusters(self) -> list[list[str]]:
        """Groups of the names added whose articles are duplicates; every name in exactly one group, sorted."""
        groups = [sorted(self._names[i] for i in g) for g in self._sets.groups()]
        return sorted(groups, key=lambda g: g[0])


def cluster_signatures(names: Sequence[str], signatures: Sequence[Signature],
                       threshold: float = THRESHOLD) -> list[list[str]]:
    """Groups of ``names`` whose articles are duplicates; every name in exactly one group, sorted."""
    found = SignatureClusters(threshold)
    for name, sig in zip(names, signatures, strict=True):
        found.add(name, sig)
    return found.clusters()


def cluster(names: Sequence[str], texts: Sequence[str], threshold: float = THRESHOLD) -> list[list[str]]:
    """Groups of ``names`` whose ``texts`` are duplicates; every name in exactly one group, sorted."""
    return cluster_signatures(names, [signature(t) for t in texts], threshold)
