"""Related questions: for each page, the questions on other pages a reader of it is likely to ask next."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..core.jurisdiction import one_audience
from ..core.questions import is_question, stands_alone
from ..dedup import tfidf

if TYPE_CHECKING:
    from .pages import PagePlan


def relate(pages: Sequence[PagePlan], positions: Sequence[tuple[int, int]]) -> tuple[tuple[int, ...], ...]:
    """For each page, the entries (ids into ``positions``: entry id -> page, position) related to it: first
    the questions its own articles ask that are answered elsewhere, then the closest of the others. Only
    entries that ask, in words that stand alone, are related questions: a step of an answer kept as its
    heading (概述, 收集证据) is not one a reader asks next (and a page lists only its questions' anchors),
    nor is 遇到这种情况怎么办？ away from its article, nor a page's answer without a question of its own."""
    questions = [pages[page].entries[position].question for page, position in positions]
    page_texts = [p.title + "".join(e.question for e in p.entries) + "".join(questions[e] for e in p.elsewhere)
                  for p in pages]
    entry_texts = [question + pages[page].entries[position].short_answer
                   for question, (page, position) in zip(questions, positions, strict=True)]
    linkable = [is_question(q) and stands_alone(q) for q in questions]
    # A page for one jurisdiction never sends its readers to another's answer (the mainland's 征信 page to
    # Taiwan's 前置协商): only pages that speak to the same readers are related (core.jurisdiction).
    audiences = [(p.jurisdiction, frozenset(p.not_for)) for p in pages]
    same_readers = {key: np.array([one_audience(key[0], other[0], key[1], other[1]) for other in audiences])
                    for key in set(audiences)}
    found = related_entries(page_texts, entry_texts, [page for page, _ in positions],
                            [list(p.elsewhere) for p in pages], linkable=linkable,
                            readers=[same_readers[key] for key in audiences])
    return tuple(tuple(entries) for entries in found)


def related_entries(page_texts: list[str], entry_texts: list[str], entry_page: list[int],
                    first: list[list[int]], count: int = 3, chunk: int = 1000,
                    linkable: list[bool] | None = None,
                    readers: Sequence[np.ndarray] | None = None) -> list[list[int]]:
    """For each page, the ``count`` entries on *other* pages most related to it.

    Relatedness is the cosine of TF-IDF character-bigram vectors (page: its title and questions; entry:
    its question and short answer). ``first[page]`` lists entries that come before any other (the
    questions its own articles ask, answered elsewhere); then one question per other page is preferred
    to several from the same page; ties go to the lower entry id. ``readers[page]``: per page, whether it
    speaks to the same readers as ``page`` (None: every page does); entries on the others are never related.
    """
    if not entry_texts:
        return [[] for _ in page_texts]
    matrix = tfidf([*page_texts, *entry_texts])
    pages, entries = matrix[:len(page_texts)], matrix[len(page_texts):].T.tocsc()
    owner = np.asarray(entry_page)
    unlinkable = ~np.asarray(linkable if linkable is not None else [True] * len(entry_texts), dtype=bool)
    chosen: list[list[int]] = []
    for start in range(0, len(page_texts), chunk):
        scores = (pages[start:start + chunk] @ entries).toarray()
        for row, score in enumerate(scores):
            page = start + row
            score[owner == page] = -np.inf
            score[unlinkable] = -np.inf
            if readers is not None:
                score[~readers[page][owner]] = -np.inf
            if first[page]:
                score[first[page]] += 10.0
            order = [int(e) for e in np.lexsort((np.arange(len(score)), -score))[:count * 4]
                     if np.isfinite(score[e])]
            # One question per page first, so that the links lead to different pages where they can.
            picked: list[int] = []
            for e in order:
                if len(picked) < count and entry_page[e] not in {entry_page[p] for p in picked}:
                    picked.append(e)
            picked += [e for e in order if e not in picked][:count - len(picked)]
            chosen.append(sorted(picked, key=order.index))
    return chosen
