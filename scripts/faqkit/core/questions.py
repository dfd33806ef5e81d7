"""Questions: what reads as a reader's question, and how a heading becomes one.

The reviewable rules are ``data/questions.yaml``'s: the words that make a text ask something, and the
reviewed patterns that turn a noun-phrase heading into the question it answers (``小贷逾期的原因`` ->
``小贷逾期的原因有哪些？``). A text no rule fits is never made a question from a template filled with its
own words. Ingest (section headings) and organize (page titles) both ask here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .data import data
from .lexicon import pos_cut
from .text import han_only


def _question_rules() -> dict:
    return data("questions.yaml")


@lru_cache(maxsize=1)
def _heading_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), t) for p, t in _question_rules()["rules"])


def question_form(text: str) -> str | None:
    """``text`` as the question a reader asks, or None when it is not one and no reviewed rule of
    ``data/questions.yaml`` makes it one: ``小贷逾期的原因`` -> ``小贷逾期的原因有哪些？``; a heading that
    already asks keeps its words. Never a template filled with the text's words."""
    text = re.sub(r"^[\d.、．\s]+", "", text.strip()).rstrip("：:。.")
    if not text:
        return None
    if text.endswith(("？", "?")):
        return text.rstrip("?？") + "？"
    rules = _question_rules()
    if re.search(rules["interrogative"], text):
        return text + "？"
    for pattern, template in _heading_rules():
        m = pattern.fullmatch(text)
        if m:
            return template.format(text, *m.groups())
    return None


def as_question(heading: str) -> str:
    """A section heading as the reader sees it: its question form when it has one, else the heading as
    the article wrote it (a step of the answer: ``核实信息``), numbering taken off."""
    return question_form(heading) or re.sub(r"^[\d.、．\s]+", "", heading.strip()).rstrip("：:。.")


def is_question(text: str) -> bool:
    """A text that asks: it ends with a question mark or holds an interrogative word."""
    return text.endswith(("？", "?")) or bool(re.search(_question_rules()["interrogative"], text))


def question_kinds(text: str) -> frozenset[str]:
    """What ``text`` asks for, by the kinds of ``data/questions.yaml``: yes-no, how, what, why, how-much."""
    return frozenset(kind for kind, pattern in _question_rules()["kinds"].items() if re.search(pattern, text))


def question_signature(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """What a question is about and what it asks for: its content words of two characters or more (jieba,
    the project dictionary; parts of speech from ``content_pos``) and its :func:`question_kinds`.
    ``网贷逾期不还，会被起诉吗？`` and ``网贷逾期一定会被起诉吗？`` have one signature; ``网贷逾期被起诉了怎么
    应对？`` another (it asks how)."""
    rules = _question_rules()
    allowed = set(rules["content_pos"])
    words = frozenset(word for word, pos in pos_cut(han_only(text))
                      if len(word) > 1 and pos in allowed and not re.search(rules["interrogative"], word))
    return words, question_kinds(text)
