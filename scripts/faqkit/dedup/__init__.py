"""Duplicates: articles (:mod:`.articles`, MinHash), questions (:mod:`.questions`, TF-IDF) and the
points of an answer (:mod:`.points`)."""

from __future__ import annotations

from .articles import Signature, SignatureClusters, cluster, cluster_signatures, signature
from .points import PointSet
from .questions import cluster_questions
from .vectors import nearest_pairs, tfidf

__all__ = ["PointSet", "Signature", "SignatureClusters", "cluster", "cluster_questions", "cluster_signatures",
           "nearest_pairs", "signature", "tfidf"]
