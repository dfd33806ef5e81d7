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
from .text import MAX_HEADING_LINE, han_only

# A heading's own number (2. 收集证据, 3、, 2.1 ) is its place, not what it names: digits followed by a
# numbering mark or a space. Digits that are part of the words (5大官方投诉渠道, 12378投诉, 2024年新规) stay.
_NUMBER = r"(?:\d{1,3}(?:[.．]\d{1,3})*(?:\s*[.、．](?!\d)\s*|\s+))"


@lru_cache(maxsize=1)
def _numbering() -> re.Pattern[str]:
    """A heading's number, and a question-and-answer page's label before it (``qa_labels``: 问题1：)."""
    return re.compile(rf"^\s*(?:{_question_rules()['qa_labels']['question']})?{_NUMBER}?")


@lru_cache(maxsize=1)
def qa_labels() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(a question's label, an answer's label) at the start of a line of a question-and-answer page
    (``questions.yaml``'s ``qa_labels``: 问题1：…？ then 回答：…)."""
    labels = _question_rules()["qa_labels"]
    return re.compile(f"^{labels['question']}"), re.compile(f"^{labels['answer']}")


def _question_rules() -> dict:
    return data("questions.yaml")


@lru_cache(maxsize=1)
def _heading_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p), t) for p, t in _question_rules()["rules"])


def question_form(text: str) -> str | None:
    """``text`` as the question a reader asks, or None when it is not one and no reviewed rule of
    ``data/questions.yaml`` makes it one: ``小贷逾期的原因`` -> ``小贷逾期的原因有哪些？``; a heading that
    already asks keeps its words. Never a template filled with the text's words."""
    text = _numbering().sub("", text.strip()).rstrip("：:。.")
    if not text:
        return None
    if text.endswith(("？", "?")):
        return text.rstrip("?？") + "？"
    rules = _question_rules()
    if re.search(rules["interrogative"], text):
        asked = re.sub(rules["genre_suffix"], "", text)
        return (asked if re.search(rules["interrogative"], asked) else text) + "？"
    if len(text) > MAX_HEADING_LINE:
        # The rules turn a heading's noun phrase into its question; a longer text is a marketing
        # headline (…实务全流程：…与签约前必懂注意事项), which a rule would only pad (…要注意什么？).
        return None
    for pattern, template in _heading_rules():
        m = pattern.fullmatch(text)
        if m:
            return template.format(text, *m.groups())
    return None


def as_question(heading: str) -> str:
    """A section heading as the reader sees it: its question form when it has one, else the heading as
    the article wrote it (a step of the answer: ``核实信息``), numbering taken off."""
    return question_form(heading) or _numbering().sub("", heading.strip()).rstrip("：:。.")


def is_question(text: str) -> bool:
    """A text that asks: it ends with a question mark or holds an interrogative word."""
    return text.endswith(("？", "?")) or bool(re.search(_question_rules()["interrogative"], text))


def headline_opener(headline: str) -> str:
    """What ``headline`` opens with before its question, no part of it (``questions.yaml``'s
    ``headline_openers``: 嘿，朋友们， or 揭秘！), or ""."""
    found = re.match(_question_rules()["headline_openers"], headline)
    return found.group(0) if found else ""


def question_connective(question: str) -> str:
    """The connective ``question`` opens with (``questions.yaml``'s ``question_connectives``: 那么，…), no
    part of what it asks, or ""."""
    found = re.match(_question_rules()["question_connectives"], question)
    return found.group(0) if found else ""


def is_hook(headline: str) -> bool:
    """Whether ``headline`` speaks to the reader about their distress (``questions.yaml``'s
    ``reader_hooks``: 是不是让您喘不过气？): a sales page's opening, which no reader asks."""
    hooks = _question_rules()["reader_hooks"]
    return bool(re.search(hooks["addressee"], headline) and re.search(hooks["distress"], headline))


def stands_alone(question: str) -> bool:
    """Whether ``question`` can be read without the article around it: it holds none of the words of
    ``questions.yaml``'s ``refers_back`` (遇到这种情况怎么办？ does not)."""
    return not re.search(_question_rules()["refers_back"], question)


def question_kinds(text: str) -> frozenset[str]:
    """What ``text`` asks for, by the kinds of ``data/questions.yaml``: yes-no, how, what, why, how-much."""
    return frozenset(kind for kind, pattern in _question_rules()["kinds"].items() if re.search(pattern, text))


# Two questions are one when they name the same things and ask for the same (question_signature), and
# they name at least SAME_QUESTION_MIN_WORDS things: 网贷逾期怎么办？ names two, and as many different readers
# ask it. On the dev half every such pair had one reader question; allowing one word more on either side
# (Jaccard 0.75) joined 会被起诉吗 to 被起诉了怎么应对 before kinds were compared.
SAME_QUESTION_MIN_WORDS = 3
# Latin words and numbers name things jieba's Han words cannot: IVA and DRP, 3 天 and 90 天.
_LATIN_OR_NUMBER = re.compile(r"[A-Za-z]+|\d+")


@lru_cache(maxsize=1)
def _synonyms() -> tuple[re.Pattern[str], dict[str, str]]:
    """``questions.yaml``'s ``signature_synonyms``: one pattern for every other wording, longest first, and
    the word each stands for."""
    known_by = {other: word for word, others in _question_rules()["signature_synonyms"].items()
                for other in others}
    return re.compile("|".join(sorted(map(re.escape, known_by), key=len, reverse=True))), known_by


def _with_known_words(han: str) -> str:
    """``han`` with every other wording of a thing put as the word it is known by (网络贷款 -> 网贷)."""
    pattern, known_by = _synonyms()
    return pattern.sub(lambda m: known_by[m.group(0)], han)


@lru_cache(maxsize=1 << 16)
def question_signature(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """What a question is about and what it asks for: its content words of two characters or more (jieba,
    the project dictionary; parts of speech from ``content_pos``), its Latin words and numbers, and its
    :func:`question_kinds`, other wordings of a thing read as one (``signature_synonyms``).
    ``网贷逾期不还，会被起诉吗？`` and ``网贷逾期一定会被起诉吗？`` have one
    signature; ``网贷逾期被起诉了怎么应对？`` another (it asks how), and so has ``DRP``'s question from
    ``IVA``'s. Cached: organize and check ask it of the same titles again and again."""
    rules = _question_rules()
    allowed = set(rules["content_pos"])
    words = {word for word, pos in pos_cut(_with_known_words(han_only(text)))
             if len(word) > 1 and pos in allowed and not re.search(rules["interrogative"], word)}
    words |= {token.lower() for token in _LATIN_OR_NUMBER.findall(_numbering().sub("", text))}
    return frozenset(words), question_kinds(text)


# Two step headings (not questions) of one page name one step when every content word of one is a word of
# the other (a verb of ``step_synonyms`` read as the one it stands for), and the one with fewer names at
# least SAME_STEP_MIN_WORDS things or is one term of SAME_STEP_MIN_TERM characters: 收集证据, 立即收集证据,
# 保留证据 and 收集证据与初步处理 are one step, and so are 法律依据 and 关键法律依据; 收集证据 and 提交证据 are
# not (other words), nor 投诉 and 向消费者协会投诉 (one short word says too little to be a step of its own).
SAME_STEP_MIN_WORDS = 2
SAME_STEP_MIN_TERM = 4


@lru_cache(maxsize=1)
def _step_verbs() -> dict[str, str]:
    return {other: verb for verb, others in _question_rules()["step_synonyms"].items() for other in others}


def step_words(heading: str) -> frozenset[str]:
    """The content words of a step heading (:func:`question_signature`'s, each verb of ``step_synonyms`` as
    the one it stands for), none for a question."""
    if is_question(heading):
        return frozenset()
    verbs = _step_verbs()
    return frozenset(verbs.get(word, word) for word in question_signature(heading)[0])


def same_step(a: str, b: str) -> bool:
    """Whether two step headings of one page name one step (:data:`SAME_STEP_MIN_WORDS`,
    :data:`SAME_STEP_MIN_TERM`), saying "not" alike (``questions.yaml``'s ``step_negations``)."""
    words_a, words_b = step_words(a), step_words(b)
    fewer, more = sorted((words_a, words_b), key=len)
    says_enough = len(fewer) >= SAME_STEP_MIN_WORDS or (
        len(fewer) == 1 and len(next(iter(fewer))) >= SAME_STEP_MIN_TERM)
    if not says_enough or not fewer <= more:
        return False
    negations = _question_rules()["step_negations"]
    return sorted(re.findall(negations, a)) == sorted(re.findall(negations, b))


def question_identity(text: str) -> str:
    """What every wording of one question shares: the key by which no two pages, and no two sections of a
    page, answer one question (organize plans by it, ``faqkit check`` reports by it). A question that names
    at least :data:`SAME_QUESTION_MIN_WORDS` things is known by its :func:`question_signature`
    (``网贷逾期不还，会被起诉吗？`` is ``网贷逾期会被起诉吗？``); any other text by its letters (Han and
    Latin), numbers, punctuation and spaces left out (``2. 收集证据`` and ``收集证据：`` are one step)."""
    if is_question(text):
        words, kinds = question_signature(text)
        if len(words) >= SAME_QUESTION_MIN_WORDS:
            return "？" + " ".join(sorted(words)) + "/" + " ".join(sorted(kinds))
    # Numbers left out here: a step heading's number (1、收集证据) is its place, not its subject.
    return re.sub(r"[\W\d_]+", "", text).lower() or text.strip()
