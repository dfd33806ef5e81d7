"""Typography of Chinese text: full-width punctuation, no stray spaces (ingest's canon, ``check``, ``fix``).

Half-width marks stay inside Latin text, numbers and URLs; between or next to Chinese characters they
become their full-width forms, and spaces around Chinese punctuation go.
"""

from __future__ import annotations

import re

from .records import Change
from .text import HAN

# Context on either side that makes a half-width mark Chinese punctuation.
_CJK_CONTEXT = rf"[{HAN}“”‘’「」『』【】《》（）、，。：；！？…]"

_FULL_WIDTH = str.maketrans({"?": "？", "!": "！", " ": None, "\t": None})

# Each rule: its name, what it matches, its replacement (None: the marks made full-width), and the marks
# of which the text must hold one for the rule to match at all (a membership test skips the search).
_PUNCT_RULES: list[tuple[str, re.Pattern[str], str | None, str]] = [
    ("comma", re.compile(rf"(?<={_CJK_CONTEXT})[ \t]*,[ \t]*|[ \t]*,[ \t]*(?={_CJK_CONTEXT})"), "，", ","),
    # A run of marks (?? or ?!) is converted as a whole: the second mark's context is the first one.
    ("question", re.compile(rf"(?<={_CJK_CONTEXT})[ \t]*\?[?!？！]*"), None, "?"),
    ("exclamation", re.compile(rf"(?<={_CJK_CONTEXT})[ \t]*![?!？！]*"), None, "!"),
    # 真的吗？？ / 怎么办？？ after the word that asks is emphasis: one mark. A run anywhere else (网？？贷) may
    # be characters lost in decoding, which repair judges and check reports, so it is left as it is. (Only
    # what precedes decides: what follows may still be cut by clean, and canon must stay idempotent.)
    ("repeated-question", re.compile(r"(?<=[吗呢么啊吧嘛呀办样何谁哪几少久])？{2,}"), "？", "？"),
    # 急？？！ / 答：有？？！首先… : question marks run into an exclamation mark after a word are a farm's
    # emphasis, not characters lost in decoding (those leave no ！ after them): one exclamation mark.
    ("emphatic-run", re.compile(rf"(?<=[{HAN}])？{{2,}}！+"), "！", "？"),
    # A clause mark right before a sentence's end (按时还款，。 / 公布；。) ends nothing: the full stop does.
    ("clause-mark-before-stop", re.compile(r"[，、；：]+(?=[。！？])"), "", "，、；："),
    ("semicolon", re.compile(rf"(?<={_CJK_CONTEXT})[ \t]*;[ \t]*|[ \t]*;[ \t]*(?={_CJK_CONTEXT})"), "；", ";"),
    ("colon", re.compile(rf"(?<={_CJK_CONTEXT})[ \t]*:[ \t]*(?!//)|(?<!\d)[ \t]*:[ \t]*(?={_CJK_CONTEXT})"),
     "：", ":"),
    ("period", re.compile(rf"(?<=[{HAN}])\.(?=\s*$)", re.M), "。", "."),
    ("quotes", re.compile(rf'"([^"\n]*[{HAN}][^"\n]*)"'), r"“\1”", '"'),
    ("parentheses", re.compile(rf"\(([^()\n]*[{HAN}][^()\n]*)\)"), r"（\1）", "("),
    ("space-around-punct",
     re.compile(r"[ \t\u3000]+(?=[，。、；：！？）》”])|(?<=[，。、；：！？（《“])[ \t\u3000]+"), "", " \t\u3000"),
]


# A line's curly double quotes, and a line that holds one.
_CURLY = re.compile("[“”]")
_QUOTED_LINE = re.compile("^.*[“”].*$", re.M)


def _quotes_in_order(line: str) -> str:
    """``line`` with its curly double quotes opening and closing by turns when a farm wrote some of them
    the wrong way round (”专业追债“”快速回款” -> “专业追债”“快速回款”). Only an even number of them on
    the line, where no quotation can go on to the next: otherwise the line is left as it is."""
    marks = _CURLY.findall(line)
    expected = ["“”"[i % 2] for i in range(len(marks))]
    if len(marks) % 2 or marks == expected:
        return line
    turn = iter(expected)
    return _CURLY.sub(lambda _: next(turn), line)


def order_quotes(text: str) -> tuple[str, list[Change]]:
    """Every line of ``text`` with its curly double quotes in order (:func:`_quotes_in_order`). Part of
    :func:`fix_punctuation`; ingest's clean runs it again on the lines its removals left (a sentence cut
    away can take a line's odd quotation mark with it)."""
    if "”" not in text:
        return text, []
    changes: list[Change] = []

    def in_order(m: re.Match[str]) -> str:
        after = _quotes_in_order(m.group(0))
        if after != m.group(0):
            changes.append(Change("typography", "quote-order", m.start(), m.group(0), after))
        return after

    return _QUOTED_LINE.sub(in_order, text), changes


def fix_punctuation(text: str) -> tuple[str, list[Change]]:
    """Full-width punctuation in Chinese text. Repeated until nothing changes, because a converted mark
    is itself Chinese context for the one next to it (``网,,`` -> ``网，,`` -> ``网，，``)."""
    changes: list[Change] = []
    for _ in range(8):
        before = text
        text, reordered = order_quotes(text)
        changes.extend(reordered)
        for fix, pattern, repl, needs in _PUNCT_RULES:
            if not any(mark in text for mark in needs):
                continue
            def record(m: re.Match[str], fix: str = fix, repl: str | None = repl) -> str:
                after = m.group(0).translate(_FULL_WIDTH) if repl is None else m.expand(repl)
                if after != m.group(0):
                    changes.append(Change("typography", fix, m.start(), m.group(0), after))
                return after
            text = pattern.sub(record, text)
        if text == before:
            break
    return text, changes


def normalize_whitespace(text: str) -> str:
    """One line ending, no space at either end of a line, no run of blank lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
