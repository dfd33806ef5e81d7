"""Duplicate questions: the same question answered in several articles.

"如何核实对方身份？" in five farms' words is found by comparing every question section with the others on
TF-IDF vectors of character bigrams of the question and of its answer. The answer carries most of the
weight: farms phrase one question many ways (保留证据的方法 / 应该保存哪些证据？), and headless articles
get questions made from a key clause, while the answers of one question share their points. Threshold
and weights were chosen on the benchmark batch's ground truth (pairwise F1, 1,000 articles).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from .unionfind import UnionFind
from .vectors import nearest_pairs, tfidf

QUESTION_THRESHOLD = 0.45
QUESTION_WEIGHT = 0.1
NEIGHBOURS = 30


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
    sets = UnionFind(n)
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
