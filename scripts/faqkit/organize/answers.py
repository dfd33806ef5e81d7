"""Answers: a question's short answer (one or two sentences that stand alone), and an answer merged
from several articles, each point once.

The short answer's word lists live in ``data/questions.yaml``; its length limit is ``short_answer`` in
``data/limits.yaml``, which the page schema and ``faqkit check`` share.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from itertools import chain

from ..core.data import data, limit
from ..core.records import Article, Block, Section
from ..core.text import SPACE_BETWEEN_HAN, bigrams, brackets_balanced, han_only, split_sentences
from ..dedup import PointSet


@lru_cache(maxsize=1)
def max_short_answer() -> int:
    return limit("short_answer")


def _trim(sentence: str, limit: int) -> str:
    if len(sentence) <= limit:
        return sentence
    clauses = re.split(r"(?<=[，；])", sentence)
    out = ""
    for clause in clauses:
        if len(out) + len(clause) > limit - 1:
            break
        out += clause
    return (out.rstrip("，；") or sentence[: limit - 1]) + "。"


@lru_cache(maxsize=1)
def _short_answer_rules() -> tuple[re.Pattern[str], ...]:
    """(advice words, openings that do not stand alone, openings a short answer drops, sentences that never
    answer): questions.yaml."""
    rules = data("questions.yaml")["short_answer"]
    return tuple(re.compile(rules[key]) for key in ("advice_words", "not_alone_openings", "droppable_openings",
                                                    "never_answers"))


def _may_answer(sentence: str) -> bool:
    """Whether ``sentence`` may be (a part of) a short answer: it asks nothing, announces no list, is no
    ``never_answers`` sentence, is whole (no bracket opened or closed elsewhere) and has no gap: a space
    between two Han characters is where clean took something out (资料可自网站 下载: an address) or a
    headline's spacing (…的人生 从卡奴到救人者); Chinese prose has none."""
    return (not sentence.endswith(("？", "：")) and not _short_answer_rules()[3].search(sentence)
            and brackets_balanced(sentence)
            and not SPACE_BETWEEN_HAN.search(sentence))


def _answer_score(sentence: str, title_grams: set[str], in_conclusion: bool) -> float:
    """How well a sentence answers the page's question: advice words, the question's own words, place."""
    # A question, or a sentence that announces a list (以下几点：), answers nothing by itself; nor does a
    # piece of a sentence that opens or closes a bracket elsewhere (…为准）第十一条：…).
    if not 12 <= len(sentence) <= 2 * max_short_answer() or not _may_answer(sentence):
        return float("-inf")
    advice_words, not_alone, _, _ = _short_answer_rules()
    advice = min(2, len(set(advice_words.findall(sentence))))
    overlap = len(set(bigrams(sentence)) & title_grams) / (len(title_grams) or 1)
    connective = 1.0 if not_alone.match(sentence) else 0.0
    return advice + 6 * overlap + (0.5 if in_conclusion else 0.0) - connective


def best_answer(question: str, pools: list[tuple[tuple[Block, ...], bool]], fallback: str) -> str:
    """One or two sentences (≤ 120 characters) of ``pools`` that best answer ``question``.

    ``pools`` are (blocks, is_conclusion); the best scored sentence is kept, followed by the next sentence
    of the same paragraph when both fit. List items count as sentences of their own.
    """
    question_grams = set(bigrams(question))
    best: tuple[float, int] | None = None
    chosen: tuple[list[str], int] = ([], 0)
    order = 0
    for blocks, in_conclusion in pools:
        for block in blocks:
            texts = [block.text] if block.text else [item.split("：", 1)[-1] for item in block.items]
            for text in texts:
                sentences = [s.strip() for s in split_sentences(text) if s.strip()]
                for i, sentence in enumerate(sentences):
                    score = _answer_score(sentence, question_grams, in_conclusion)
                    if score > float("-inf") and (best is None or (score, -order) > best):
                        best, chosen = (score, -order), (sentences, i)
                    order += 1
    if best is None:
        return _trim(fallback, max_short_answer())
    sentences, i = chosen
    # Standing alone, the answer needs no link back to what came before it (此时，… / 此外，…).
    answer = _trim(_short_answer_rules()[2].sub("", sentences[i]), max_short_answer())
    if not answer.endswith(("。", "！", "？", "”")):
        # A sentence left ending in a comma (the decoration after it removed) ends with a full stop instead.
        answer = answer.rstrip("，、；：") + "。"
    following = sentences[i + 1] if i + 1 < len(sentences) else ""
    # The next sentence joins only if it could answer too (本篇指南将深入探讨… could not).
    if following and _may_answer(following) and len(answer) + len(following) <= max_short_answer():
        answer += following
    return answer


def _section_pools(section: Section) -> list[tuple[tuple[Block, ...], bool]]:
    return [(section.blocks, False), *((sub.blocks, False) for sub in section.subsections)]


def short_answer(article: Article) -> str:
    """The page's short answer: from the conclusion, the introduction and every section of its article."""
    pools = [(article.conclusion, True), (article.intro, False)]
    for section in article.sections:
        pools += _section_pools(section)
    return best_answer(article.title, pools, article.title)


def question_answer(question: str, section: Section) -> str:
    """A question's own short answer, drawn from its (merged) answer."""
    return best_answer(question, _section_pools(section), question)


def points_of(section: Section) -> list[str]:
    """A section's points in reading order: sentences of its paragraphs and its list items."""
    points: list[str] = []
    for blocks in [section.blocks, *(sub.blocks for sub in section.subsections)]:
        for block in blocks:
            if block.items:
                points.extend(block.items)
            else:
                points.extend(s.strip() for s in split_sentences(block.text) if s.strip())
    return points


RELEVANT_SHARE = 0.3
# The most points other articles add to an answer: past a dozen, what they add is mostly the same advice
# in other words (the real corpora's longest merged lists ran to 30 items, a phone screen's worth of
# paraphrase), and a reader needs the answer, not every wording of it.
MAX_ADDED_POINTS = 12


@lru_cache(maxsize=1)
def _sequence_label() -> re.Pattern[str]:
    return re.compile(data("questions.yaml")["sequence_label"])


def _is_statement(point: str) -> bool:
    """A sentence or a ``label：text`` item: not a question, not a bare heading line, not a step of another
    article's sequence (第二步：熟悉…, ``sequence_label``)."""
    if len(han_only(point)) < 8 or point.endswith(("？", "：")):
        return False
    if point.endswith(("。", "！", "…", "”", "）")):
        return True
    label, colon, _ = point.partition("：")
    return bool(colon) and not _sequence_label().match(label)


def _standing_alone(point: str) -> str:
    """``point`` as an item of another answer's list: without the linking word it opens with (此外，还可以…
    -> 还可以…); empty when it cannot stand there at all, because it points back at what came before it in
    its own article (然而，…, 这个过程…, 其…). The short answer's rules (questions.yaml ``short_answer``)."""
    _, not_alone, droppable, _ = _short_answer_rules()
    point = droppable.sub("", point)
    return "" if not_alone.match(point) else point


def merge_answers(base: Section, others: list[Section], points: list[list[str]] | None = None
                  ) -> tuple[Section, int]:
    """``base`` as written, plus each point of ``others`` that it does not already make (once).

    Returns the merged section and the number of points the others added. The base's own points are
    never rewritten; the new ones follow its own paragraphs as one list, in the order the articles make
    them, part of the same answer (no heading of their own: readers read one answer). A point is added
    only when it is about the question: on average its character bigrams are
    found in at least ``RELEVANT_SHARE`` of the answers merged (with two or three answers, every point
    is); a section that strayed into another topic (a reordered copy) must not carry that topic in.
    ``points``: the :func:`points_of` of ``base`` and ``others``, in that order, if the caller has them.
    """
    members = points if points is not None else [points_of(section) for section in (base, *others)]
    if others and not members[0]:
        # Nothing of its own to keep: the first other answer stands as it was written.
        merged, added = merge_answers(replace(base, blocks=(*base.blocks, *others[0].blocks),
                                              subsections=(*base.subsections, *others[0].subsections)),
                                      others[1:], [members[1], *members[2:]])
        return merged, added + len(members[1])
    kept = PointSet()
    for point in members[0]:
        kept.add(point)
    # In how many of the answers each bigram is found (every bigram of a point is: its own answer's).
    share = Counter(chain.from_iterable(set(bigrams("".join(member))) for member in members))
    needed = RELEVANT_SHARE * len(members)
    candidates = []  # (how many answers make it, on average over its bigrams; reading order; point; bigrams)
    # A point written word for word again (one site's template family, a republished copy) is weighed
    # once: its first telling sorts first, and the copies could only be refused after it.
    met: set[str] = set()
    for order, point in enumerate(chain.from_iterable(members[1:])):
        if point in met:
            continue
        met.add(point)
        point = _standing_alone(point)
        if not point or not _is_statement(point):
            continue
        grams = set(bigrams(point))
        if grams and (score := sum(map(share.__getitem__, grams)) / len(grams)) >= needed:
            candidates.append((-score, order, point, grams))
    # The points most answers make first (of two wordings of one point, the one closer to all the answers
    # stays), at most MAX_ADDED_POINTS of them, shown in the order the articles make them.
    chosen = []
    for _, order, point, grams in sorted(candidates, key=lambda c: (c[0], c[1])):
        if len(chosen) == MAX_ADDED_POINTS:
            break
        if kept.add(point, grams):
            chosen.append((order, point))
    if not chosen:
        return base, 0
    extra = tuple(point for _, point in sorted(chosen))
    return replace(base, blocks=(*base.blocks, Block(items=extra))), len(extra)
