"""Points: the sentences and list items an answer makes, and whether a new one repeats one already kept
(the same Han text, or character-bigram Jaccard ≥ ``SAME_POINT``, which catches spun rewordings)."""

from __future__ import annotations

from collections import Counter
from itertools import chain

from ..core.text import bigrams, han_only

# On the real dev sets, every pair of merged points from 0.5 up was one point in other words (a Hong Kong
# IVA template family: 债务人供款 3–5 年，由管理人分配给债权人。 and its rewordings); below it, some were two
# (在生活方面… / 在教育方面…, 答辩状 / 起诉状 at 0.49). At 0.6, thirteen of those rewordings stood twice.
SAME_POINT = 0.5


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
        # How many bigrams each kept point shares with this one, counted from the index in one pass (an
        # answer merged from thousands of sections keeps hundreds of points, nearly all sharing a bigram).
        shared_with = Counter(chain.from_iterable(self._index.get(g, ()) for g in grams))
        for k, shared in shared_with.items():
            if shared >= SAME_POINT * (len(grams) + len(self._grams[k]) - shared):  # the Jaccard index
                return False
        self._exact.add(key)
        for g in grams:
            self._index.setdefault(g, []).append(len(self._grams))
        self._grams.append(grams)
        return True
