"""Small text helpers shared by the stages: what counts as Han, sentences, character bigrams, and how
plausible a decoded text is."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

# CJK Unified Ideographs and Extension A: the characters of the articles.
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# Spaces between two Chinese characters: a word cut out, a typing slip or two phrases (repair decides).
SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{HAN}])[ \u3000]+(?=[{HAN}])")
_NOT_HAN = re.compile(f"[^{HAN}]+")  # a run at a time: a third faster than one character at a time
# A sentence is a run without an end mark plus its end marks (and a closing quote), or the rest of the
# text. Written so that every match consumes its text: linear time even on a megabyte with no full stop.
_SENTENCE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”’」]?|$)|[。！？!?]+")


# The one form a list item takes once ingest's markup stage has read a page (segment makes a run of them
# a list).
LIST_BULLET = "• "
# Where a sentence, an item or a line of a table is complete. An excerpt cut in the middle of its last
# sentence ends in anything else (…向法院, …还款期可长达60个月甚至, …(sh).
COMPLETE_END = re.compile(r"[。！？!?…”」』）)》】；;]$")
MAX_HEADING_LINE = 30


def looks_like_heading(line: str) -> bool:
    """A line that reads as a heading the page lost the markup of: short, and no clause ends inside it."""
    return (len(line) <= MAX_HEADING_LINE and not re.search(r"[。，；！？!?]", line.rstrip("？?"))
            and not line.startswith(LIST_BULLET))


def is_bare_heading(line: str) -> bool:
    """A heading-like line (:func:`looks_like_heading`) that does not end as a sentence does: ingest never
    takes the text under it for a summary, and a page shows it in bold above that text."""
    return looks_like_heading(line) and not COMPLETE_END.search(line)


# Brackets and quotation marks that open and close a span of Chinese text.
BRACKET_PAIRS = ("（）", "()", "《》", "「」", "『』", "“”", "【】", "[]")


def brackets_balanced(text: str) -> bool:
    """Whether ``text`` opens as many of each bracket as it closes: a whole span, not a piece cut out of one."""
    return all(text.count(left) == text.count(right) for left, right in BRACKET_PAIRS)


def without_unmatched_brackets(text: str) -> str:
    """``text`` without the brackets that open a span it never closes or close one it never opened: a
    headline cut at its question mark (「卡数供唔起，我系咪要破产？」… -> 「卡数…破产？) keeps the quotation
    mark that opened it and loses the one that closed it."""
    unmatched: set[int] = set()
    for left, right in BRACKET_PAIRS:
        opened: list[int] = []
        for index, char in enumerate(text):
            if char == left:
                opened.append(index)
            elif char == right:
                if opened:
                    opened.pop()
                else:
                    unmatched.add(index)
        unmatched.update(opened)
    return "".join(char for index, char in enumerate(text) if index not in unmatched) if unmatched else text


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def han_only(text: str) -> str:
    return _NOT_HAN.sub("", text)


def bigrams(text: str) -> list[str]:
    """Character bigrams of the Han text (punctuation and Latin text left out)."""
    han = han_only(text)
    return [han[i:i + 2] for i in range(len(han) - 1)]


# Where a sentence ends for a repair that takes one out whole: a full-width end or ；, a line's end, or a
# half-width ? or ! before a space or the end (inside Latin text or a URL they end nothing).
_REMOVABLE_SENTENCE_END = re.compile(r"[。！？；\n]|[?!](?=\s|$)")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence holding ``text[start:end]`` begins and ends: its end mark kept, a line's end
    left (the line after it stays a line of its own). Only the line it is on is searched backwards."""
    left = text.rfind("\n", 0, start) + 1
    for m in _REMOVABLE_SENTENCE_END.finditer(text, left, start):
        left = m.end()
    m = _REMOVABLE_SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    if m and m.group(0) == "\n":
        right -= 1
    return left, right


def split_sentences(text: str) -> list[str]:
    """``text`` cut after 。！？ (and ASCII ?!), every character kept: ``"".join(result) == text``."""
    return _SENTENCE.findall(text)


@cache  # a few thousand distinct characters; each is asked about over and over
def _is_common_hanzi(ch: str) -> bool:
    """True for the ~3,755 level-1 GB2312 characters and the ~5,400 common Big5 characters."""
    try:
        gb = ch.encode("gb2312")
        if 0xB0A1 <= int.from_bytes(gb, "big") <= 0xD7F9:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b5 = ch.encode("big5")
        return 0xA440 <= int.from_bytes(b5, "big") <= 0xC67E
    except UnicodeEncodeError:
        return False


def plausibility(text: str) -> float:
    """Share of Han characters in ``text`` that are common ones (1.0 when there are none)."""
    han = Counter(ch for ch in text if is_han(ch))
    if not han:
        return 1.0
    return sum(n for ch, n in han.items() if _is_common_hanzi(ch)) / han.total()
