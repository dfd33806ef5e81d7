"""Stage ``dedup``: duplicate articles (exact and near, across scripts), then duplicate questions.

**Articles** are compared in their canonical form (Simplified, cleaned), so a Traditional republication of
a Simplified article is an exact or near duplicate of it. Near-duplicates are found with MinHash over
character 5-grams of the Han text and datasketch's LSH index, then confirmed on the MinHash Jaccard
estimate; clusters are the connected components (union-find), so a chain of republications with small
edits stays one cluster. Why 5-grams and 0.5: a spun copy (synonym swaps every ten to twenty characters)
keeps roughly half of its 5-grams, while two different articles on the same topic share well under a
third. A :class:`Signature` is computed per article (in the worker processes, and cached with the
article), so clustering ten thousand articles costs only the LSH queries.

**Questions** answered in several articles ("如何核实对方身份？" in five farms' words) are found by
comparing every question section with the others on TF-IDF vectors of character bigrams of the question
and of its answer (see :func:`cluster_questions`). The answer carries most of the weight: farms phrase
one question many ways (保留证据的方法 / 应该保存哪些证据？), and headless articles get questions made
from a key clause, while the answers of one question share their points. Bigrams found in more than a
tenth of all sections carry almost no IDF weight and are left out, which keeps the products sparse.
Threshold and weights were chosen on the benchmark batch's ground truth (pairwise F1, 1,000 articles).

**Points**: :class:`PointSet` tells whether a sentence repeats one already kept (the same Han text, or
character-bigram Jaccard ≥ ``SAME_POINT``, which catches spun rewordings of one sentence).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    from datasketch import LeanMinHash, MinHash

from .textutil import HAN, bigrams, han_only

SHINGLE = 5
NUM_PERM = 128
THRESHOLD = 0.5
QUESTION_THRESHOLD = 0.45
QUESTION_WEIGHT = 0.1
NEIGHBOURS = 30
SAME_POINT = 0.6
_COMMON_SHARE = 0.1
_NOT_TEXT = re.compile(f"[^{HAN}0-9A-Za-z]")


@dataclass(frozen=True)
class Signature:
    """What clustering needs of an article: a digest of its text and its MinHash (None when empty)."""

    digest: str
    hashvalues: np.ndarray | None
    scheme: str = ""


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    han = _NOT_TEXT.sub("", text)
    if len(han) <= size:
        return {han.encode("utf-8")} if han else set()
    return {han[i:i + size].encode("utf-8") for i in range(len(han) - size + 1)}


def minhash(grams: set[bytes]) -> MinHash:
    from datasketch import MinHash

    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch(sorted(grams))
    return m


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
def _template() -> MinHash:
    """An empty MinHash: its permutations, drawn once per process (drawing them again for every
    article was an eighth of the cost of a signature)."""
    from datasketch import MinHash  # imported when needed: it imports scipy.integrate (a second)

    return MinHash(num_perm=NUM_PERM, seed=1)


def signature(text: str) -> Signature:
    digest = hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()
    hashes = shingle_hashes(text)
    if not len(hashes):
        return Signature(digest, None)
    from datasketch import MinHash

    template = _template()
    m = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int, permutations=template.permutations, scheme=template.scheme)
    m.update_batch(hashes.tolist())
    return Signature(digest, m.hashvalues, m.scheme)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def add(self) -> int:
        """A new element, in a set of its own; its index."""
        self.parent.append(len(self.parent))
        return len(self.parent) - 1

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)

    def groups(self) -> list[list[int]]:
        found: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            found.setdefault(self.find(i), []).append(i)
        return list(found.values())


class SignatureClusters:
    """Duplicate articles found one signature at a time, as the workers deliver them: the clusters
    depend only on the order of the signatures, so building them while the other articles are still
    being processed gives the clusters :func:`cluster_signatures` gives."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self._names: list[str] = []
        self._sets = _UnionFind(0)
        self._exact: dict[str, int] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._hashes: list[LeanMinHash | None] = []

    def add(self, name: str, sig: Signature) -> None:
        from datasketch import LeanMinHash

        i = self._sets.add()
        self._names.append(name)
        if sig.hashvalues is None:
            self._hashes.append(None)
            return  # nothing to compare: an unreadable or empty file is a cluster of its own
        if sig.digest in self._exact:
            self._sets.union(i, self._exact[sig.digest])
        else:
            self._exact[sig.digest] = i
        # A lean MinHash holds the values only: a full one draws its permutations again on every
        # construction, which was most of the cost of clustering 10,000 signatures.
        m = LeanMinHash(seed=1, hashvalues=sig.hashvalues, scheme=sig.scheme)
        self._hashes.append(m)
        for key in self._lsh.query(m):
            j = int(key)
            if m.jaccard(self._hashes[j]) >= self.threshold:
                self._sets.union(i, j)
        self._lsh.insert(str(i), m)

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


# -------------------------------------------------------------------------------------------- questions

def _bigram_columns(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """(row, column) of every character bigram of the Han text of ``texts``, and the number of columns.

    Columns are numbered in the order the bigrams first appear, text after text, as a vocabulary
    dictionary built bigram by bigram would number them: the matrices (and every sum over their rows)
    are the same as the per-bigram Python loop made, at a quarter of its cost."""
    han = "\n".join(han_only(text) for text in texts)  # a line break never is a Han character
    codes = np.frombuffer(han.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    breaks = codes == ord("\n")
    row_of = np.cumsum(breaks, dtype=np.int64)
    within = ~(breaks[:-1] | breaks[1:])
    grams = ((codes[:-1] << 21) | codes[1:])[within]  # a code point has 21 bits
    if not len(grams):
        return row_of[:0], grams, 0
    vocabulary, first, column_of = np.unique(grams, return_index=True, return_inverse=True)
    order = np.empty(len(vocabulary), dtype=np.int64)
    order[np.argsort(first, kind="stable")] = np.arange(len(vocabulary))
    return row_of[:-1][within], order[column_of], len(vocabulary)


def tfidf(texts: Sequence[str]) -> sparse.csr_matrix:
    """Rows: L2-normalized TF-IDF of character bigrams; bigrams in over a tenth of the texts left out."""
    rows, cols, width = _bigram_columns(texts)
    shape = (len(texts), max(1, width))
    matrix = sparse.csr_matrix((np.ones(len(cols), dtype=np.float32), (rows, cols)), shape=shape)
    matrix.sum_duplicates()  # counts
    df = np.bincount(matrix.indices, minlength=shape[1])
    n = len(texts)
    idf = np.log((n + 1) / (df + 1)).astype(np.float32) + 1.0
    idf[df > max(50, _COMMON_SHARE * n)] = 0.0
    matrix = matrix.multiply(idf).tocsr()
    matrix.data = np.log1p(matrix.data)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix, dtype=np.float32)


def nearest_pairs(vectors: sparse.csr_matrix, neighbours: int, threshold: float, threads: int = 1
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) of rows with a cosine of at least ``threshold`` where j is among i's ``neighbours``
    most similar rows or i among j's: (similarity, i, j), most similar first, then by i and j.

    sparse_dot_topn multiplies and keeps each row's best in one pass (and in ``threads`` threads):
    the full product is two thirds dense on a batch, and making it, densifying it and partitioning it
    was most of the cost of organizing one. Its sums are scipy's, in the same order, so the scores
    are too, to the last bit. Rows tied for a row's last place are kept in the order the library
    meets them (the same on every run and with any number of threads)."""
    from sparse_dot_topn import sp_matmul_topn

    n = vectors.shape[0]
    k = min(neighbours, n - 1)
    # One more than k (a row finds itself), and a bound a little below the threshold: which side of
    # it a float32 score falls on is decided below, in float64 as everywhere else.
    best = sp_matmul_topn(vectors, vectors.T.tocsr(), top_n=k + 1, threshold=threshold - 1e-3,
                          n_threads=max(1, threads)).tocsr()
    rows = np.repeat(np.arange(n), np.diff(best.indptr))
    cols, sims = best.indices.astype(np.int64), best.data.astype(np.float64)
    others = cols != rows
    rows, cols, sims = rows[others], cols[others], sims[others]
    order = np.lexsort((cols, -sims, rows))
    rows, cols, sims = rows[order], cols[order], sims[order]
    starts = np.searchsorted(rows, rows)  # where each row's run begins
    near = (np.arange(len(rows)) - starts < k) & (sims >= threshold)
    rows, cols, sims = rows[near], cols[near], sims[near]
    low, high = np.minimum(rows, cols), np.maximum(rows, cols)
    order = np.lexsort((high, low, -sims))
    sims, low, high = sims[order], low[order], high[order]
    repeated = np.zeros(len(sims), dtype=bool)  # a pair found from both of its rows, with the same score
    repeated[1:] = (sims[1:] == sims[:-1]) & (low[1:] == low[:-1]) & (high[1:] == high[:-1])
    return sims[~repeated], low[~repeated], high[~repeated]


def cluster_questions(questions: Sequence[str], answers: Sequence[str], threshold: float = QUESTION_THRESHOLD,
                      question_weight: float = QUESTION_WEIGHT, neighbours: int = NEIGHBOURS,
                      threads: int = 1) -> list[list[int]]:
    """Groups of indexes of the sections that answer the same question (every index in one group).

    Each section is one unit vector: its question's TF-IDF bigrams (weight ``question_weight``) and its
    answer's (the rest). Candidate pairs are each section's ``neighbours`` most similar others with a
    cosine of at least ``threshold`` (:func:`nearest_pairs`). Pairs are taken most similar first, and
    two groups are joined only when their centroids are as similar as ``threshold`` too: plain
    connected components would chain whole topics together through the odd section that covers two
    of them (a farm's reordered copy, a topic split in the wrong place), which is what happened on the
    benchmark batch. ``threads`` only changes how fast.
    """
    n = len(questions)
    sets = _UnionFind(n)
    if n < 2:
        return [[i] for i in range(n)]
    vectors = sparse.hstack([math.sqrt(question_weight) * tfidf(questions),
                             math.sqrt(1 - question_weight) * tfidf(answers)]).tocsr()
    vectors.sort_indices()  # the group sums below keep their columns sorted
    _, first, second = nearest_pairs(vectors, neighbours, threshold, threads)
    # Each group's summed vector as (sorted columns, values, squared norm); scipy's per-call overhead
    # made these few thousand small products the slowest part of organizing a batch.
    sums: dict[int, tuple[np.ndarray, np.ndarray, float]] = {}
    in_union = np.zeros(vectors.shape[1], dtype=bool)  # scratch: the columns of two groups together

    def group_sum(root: int) -> tuple[np.ndarray, np.ndarray, float]:
        if root in sums:
            return sums[root]
        lo, hi = vectors.indptr[root], vectors.indptr[root + 1]
        values = vectors.data[lo:hi].astype(np.float64)
        return vectors.indices[lo:hi], values, float(values @ values)

    version: dict[int, int] = {}  # a group's version changes when it grows
    rejected: set[tuple[int, int, int, int]] = set()  # two groups (as they were) found too different
    for i, j in zip(first.tolist(), second.tolist(), strict=True):
        a, b = sets.find(i), sets.find(j)
        if a == b:
            continue
        key = (a, version.get(a, 0), b, version.get(b, 0)) if a < b else (b, version.get(b, 0), a, version.get(a, 0))
        if key in rejected:
            continue  # many pairs link the same two large groups: decide once until one of them grows
        cols_a, vals_a, norm_a = group_sum(a)
        cols_b, vals_b, norm_b = group_sum(b)
        # The shared columns, in increasing order (so the dot product sums in the same order always).
        at = np.searchsorted(cols_b, cols_a)
        at[at == len(cols_b)] = 0
        shared_a = np.flatnonzero(cols_b[at] == cols_a) if len(cols_b) else at[:0]
        dot = float(vals_a[shared_a] @ vals_b[at[shared_a]])
        if norm_a and norm_b and dot / math.sqrt(norm_a * norm_b) >= threshold:
            sets.union(a, b)
            in_union[cols_a] = True
            in_union[cols_b] = True
            cols = np.flatnonzero(in_union)
            in_union[cols] = False
            vals = np.zeros(len(cols), dtype=np.float64)
            vals[np.searchsorted(cols, cols_a)] += vals_a
            vals[np.searchsorted(cols, cols_b)] += vals_b
            sums.pop(a, None)
            sums.pop(b, None)
            root = sets.find(a)
            sums[root] = (cols, vals, norm_a + norm_b + 2 * dot)
            version[root] = max(version.get(a, 0), version.get(b, 0)) + 1
        else:
            rejected.add(key)
    return sorted((sorted(g) for g in sets.groups()), key=lambda g: g[0])


# ----------------------------------------------------------------------------------------------- points

class PointSet:
    """The points (sentences, list items) an answer already makes; ``add`` keeps only new ones."""

    def __init__(self) -> None:
        self._exact: set[str] = set()
        self._grams: list[set[str]] = []
        self._index: dict[str, list[int]] = {}

    def add(self, text: str, grams: set[str] | None = None) -> bool:
        """Record ``text``; False when it repeats a point already kept (nothing is recorded then).
        ``grams``: its character bigrams, if the caller has them already."""
        key = han_only(text)
        if not key:
            return False
        if key in self._exact:
            return False
        if grams is None:
            grams = set(bigrams(text))
        candidates = {k for g in grams for k in self._index.get(g, ())}
        for k in candidates:
            other = self._grams[k]
            shared = len(grams & other)
            if shared >= SAME_POINT * (len(grams) + len(other) - shared):  # the Jaccard index
                return False
        self._exact.add(key)
        for g in grams:
            self._index.setdefault(g, []).append(len(self._grams))
        self._grams.append(grams)
        return True
