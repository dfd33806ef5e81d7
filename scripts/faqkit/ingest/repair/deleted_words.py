"""Fault ``deleted-word``: words a farm's filter cut out (电话, 催收, 法律, 题).

Curated rules put back what is certain in context (``data/restore_words.yaml``); a gap left between
Chinese characters is filled with a word of ``data/deleted_words.yaml`` only when one is certain, else
joined and flagged; a conjunction left dangling before punctuation is dropped and flagged; quotation
marks left with nothing in them go with their list separator, or their sentence goes, flagged.
"""

from __future__ import annotations

import re

from ...core.data import data
from ...core.lexicon import word_frequency
from ...core.records import Change
from ...core.script import to_simplified
from ...core.text import HAN, SPACE_BETWEEN_HAN, sentence_bounds
from . import thresholds
from .model import frequency, memo, score, simplified

# A space between a Chinese character and punctuation: usually a typing slip (canon removes it), but
# where a filter cut out a word at a clause's end (遇到暴力 ，) the word is put back when certain.
_GAP_BEFORE_PUNCT = re.compile(rf"(?<=[{HAN}])[ \u3000]+(?=[，。、；：？！,.;:?!])")


# A line with no punctuation at all, of two or three phrases of at least PHRASE_RUN Chinese characters
# each with spaces between, is a headline or a heading (网贷逾期了怎么办 三个方法教你应对): a space there
# that no deleted word fills separates two phrases and is kept, where joining made one run-on phrase
# (organize reads it as a comma in a headline). More pieces, or shorter ones, are a keyword list
# (律师 车祸 催收 债务清理 …), joined and flagged as before.
PHRASE_RUN = 4
MAX_PHRASES = 3
_PUNCTUATION = re.compile(r"[，。、；：？！,.;:?!]")
_SPACES = re.compile(r"[ \u3000]+")


def _separates_phrases(m: re.Match[str]) -> bool:
    text = m.string
    line = text[text.rfind("\n", 0, m.start()) + 1:(text.find("\n", m.end()) + 1 or len(text) + 1) - 1]
    phrases = _SPACES.split(line.strip())
    return (not _PUNCTUATION.search(line) and len(phrases) <= MAX_PHRASES
            and all(len(re.findall(f"[{HAN}]", phrase)) >= PHRASE_RUN for phrase in phrases))


# A conjunction right before sentence punctuation lost the word it joined (记录和。 <- 记录和征信。).
_DANGLING = re.compile(rf"(?<=[{HAN}])(和|与|與|及|以及|或)(?=[。，；！？,.;!?])")


def flag_deleted_words(text: str) -> tuple[str, list[Change]]:
    """Where a filter cut a word out: a space inside Chinese text (joined), or a conjunction left
    dangling before punctuation (dropped, unless it ends a word such as 温和 or 参与). Both flagged.

    A space that splits a word (逾 期) is a typing slip, not a deleted word: it is joined as typography;
    one between two phrases of a headline (:func:`_separates_phrases`) is kept.
    """
    changes: list[Change] = []

    def filled(m: re.Match[str]) -> str | None:
        """The deleted word put back into the space ``m`` (recorded), when :func:`fill_gap` is certain."""
        word = fill_gap(m.string[max(0, m.start() - 6):m.start()], m.string[m.end():m.end() + 6])
        if word is not None:
            changes.append(Change("deleted-word", "gap-filled", m.start(), m.group(0), word))
        return word

    def gap(m: re.Match[str]) -> str:
        around = m.string[m.start() - 1] + m.string[m.end()]
        if frequency(simplified(around)):
            changes.append(Change("typography", "space-in-word", m.start(), m.group(0), ""))
        elif word := filled(m):
            return word
        elif _separates_phrases(m):
            return m.group(0)
        else:
            changes.append(Change("deleted-word", "gap", m.start(), m.string[max(0, m.start() - 4):m.end() + 4],
                                  "", applied=False))
        return ""

    text = SPACE_BETWEEN_HAN.sub(gap, text)

    text = _GAP_BEFORE_PUNCT.sub(lambda m: filled(m) or m.group(0), text)

    def dangling(m: re.Match[str]) -> str:
        if word_frequency(to_simplified(m.string[m.start() - 1] + m.group(1))):
            return m.group(0)
        changes.append(Change("deleted-word", "dangling-conjunction", m.start(),
                              m.string[max(0, m.start() - 6):m.end() + 1], "", applied=False))
        return ""

    return _DANGLING.sub(dangling, text), changes


@memo(maxsize=1)
def _deleted_words() -> tuple[str, ...]:
    return tuple((data("deleted_words.yaml") or {}).get("words", ()))


def _joins_a_word(before: str, word: str, after: str) -> bool:
    """Does ``word`` make a dictionary word with up to three characters on either side (暴力 + 催收)?"""
    b, w, a = simplified(before[-3:]), simplified(word), simplified(after[:3])
    return any(frequency(b[len(b) - i:] + w + a[:j]) for i in range(len(b) + 1) for j in range(len(a) + 1) if i or j)


def fill_gap(before: str, after: str) -> str | None:
    """The deleted word a filter cut out between ``before`` and ``after``, when it is certain: of the
    words the farms delete (``data/deleted_words.yaml``), the one that reads best there by
    :data:`thresholds.GAP_FILL_MARGIN` and makes a dictionary word with its neighbours; ``None`` otherwise."""
    words = _deleted_words()
    if not words:
        return None
    scored = sorted(((score(before, w, after), w) for w in words), reverse=True)
    best, runner_up = scored[0], scored[1] if len(scored) > 1 else None
    if runner_up is not None and best[0] - runner_up[0] < thresholds.GAP_FILL_MARGIN:
        return None
    if not _joins_a_word(before, best[1], after):
        return None
    # In the script of the text around it (canon makes everything Simplified later; --explain shows this).
    return best[1] if simplified(before + after) != before + after else simplified(best[1])


@memo(maxsize=1)
def _restore_rules() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    rules = data("restore_words.yaml") or []
    return tuple((r["name"], re.compile(r["pattern"]), r["replace"]) for r in rules)


def restore_deleted_words(text: str) -> tuple[str, list[Change]]:
    """Curated, reviewable rules for words a farm's filter cut out (``data/restore_words.yaml``)."""
    changes: list[Change] = []
    for name, pattern, repl in _restore_rules():
        def record(m: re.Match[str], name: str = name, repl: str = repl) -> str:
            after = m.expand(repl)
            changes.append(Change("deleted-word", name, m.start(), m.group(0), after))
            return after
        text = pattern.sub(record, text)
    return text, changes


# An empty pair of quotation marks in a line: what it quoted was cut out (比如“”、“调解中心”等字眼).
_EMPTY_PAIR = r"(?:“[ \t\u3000]*”|「[ \t\u3000]*」)"
_EMPTY_QUOTES = re.compile(rf"{_EMPTY_PAIR}|『[ \t\u3000]*』")
# Such a pair as one item of a list of quoted items, with the mark that separates it from the next or
# the previous one: the list reads without it.
_EMPTY_LIST_ITEM = re.compile(rf"{_EMPTY_PAIR}、(?=[“「])|(?<=[”」])、{_EMPTY_PAIR}")
_OPENS, _CLOSES = "“「『", "”」』"


def _outside_quotes(line: str) -> bool:
    """Whether ``line`` (up to an empty-looking pair) has closed every quotation it opened: ``“”`` there
    is an empty pair, not a farm's reversed marks ending one quotation and opening the next (”追债“”回款”)."""
    return sum(line.count(c) for c in _OPENS) == sum(line.count(c) for c in _CLOSES)


def drop_emptied_quotes(text: str) -> tuple[str, list[Change]]:
    """Quotation marks a filter emptied: an empty item of a list of quoted terms goes with its 、 (the
    list reads without it); elsewhere the sentence, which cannot be read without the word it quoted,
    is removed and flagged, as a garbled one is."""
    if not _EMPTY_QUOTES.search(text):
        return text, []
    changes: list[Change] = []

    def line_start(pos: int) -> int:
        return text.rfind("\n", 0, pos) + 1

    def item(m: re.Match[str]) -> str:
        if not _outside_quotes(text[line_start(m.start()):m.start()]):
            return m.group(0)
        changes.append(Change("deleted-word", "empty-quote", m.start(), m.group(0), ""))
        return ""

    text = _EMPTY_LIST_ITEM.sub(item, text)
    out, pos = [], 0
    for m in _EMPTY_QUOTES.finditer(text):
        if m.start() < pos or not _outside_quotes(text[line_start(m.start()):m.start()]):
            continue
        left, right = sentence_bounds(text, m.start(), m.end())
        left = max(pos, left)
        changes.append(Change("deleted-word", "quoted-word-lost", left, text[left:right], "", applied=False))
        out.append(text[pos:left])
        pos = right
    out.append(text[pos:])
    return "".join(out), changes
