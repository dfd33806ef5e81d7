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

from scipy import sparse

from .vectors import group_by_centroid, tfidf

QUESTION_THRESHOLD = 0.45
QUESTION_WEIGHT = 0.1
NEIGHBOURS = 30


def cluster_questions(questions: Sequence[str], answers: Sequence[str], threshold: float = QUESTION_THRESHOLD,
                      question_weight: float = QUESTION_WEIGHT, neighbours: int = NEIGHBOURS,
                      threads: int = 1, *, exclusive: Sequence[frozenset[str] | None] | None = None,
                      together: Sequence[Sequence[int]] = ()) -> list[list[int]]:
    """Groups of indexes of the sections that answer the same question (every index in one group).

    Each section is one unit vector: its question's TF-IDF bigrams (weight ``question_weight``) and its
    answer's (the rest). Candidate pairs are each section's ``neighbours`` most similar others with a
    cosine of at least ``threshold`` (:func:`nearest_pairs`). Pairs are taken most similar first, and
    two groups are joined only when their centroids are as similar as ``threshold`` too: plain
    connected components would chain whole topics together through the odd section that covers two
    of them (a farm's reordered copy, a topic split in the wrong place), which is what happened on the
    benchmark batch. ``exclusive`` and ``together``: see :func:`group_by_centroid` (sections for two
    jurisdictions never merge; the same question written the same way is one question). ``threads`` only
    changes how fast.
    """
    n = len(questions)
    if n < 2:
        return [[i] for i in range(n)]
    vectors = sparse.hstack([math.sqrt(question_weight) * tfidf(questions),
                             math.sqrt(1 - question_weight) * tfidf(answers)]).tocsr()
    return group_by_centroid(vectors, threshold, neighbours, threads, exclusive=exclusive, together=together)
