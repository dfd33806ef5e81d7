"""Fault ``byte-drop``: the GBK pair ``DF A3`` was deleted, so ``诉？`` (``CB DF A3 BF``) became ``丝``
(``CB BF``). Restored only when the character before plus the restored one is a dictionary word and
neither the collapsed pair nor the collapsed character with the next one is."""

from __future__ import annotations

import re

from ...core.lexicon import word_frequency
from ...core.records import Change
from ...core.text import HAN, is_han
from . import thresholds
from .model import (
    clause_openers,
    frequency,
    log_prob,
    memo,
    simplified,
    simplified_char,
    two_char_words,
    word_endings,
)

# Full-width punctuation whose GBK code is A3 xx, by its second byte.
_A3_PUNCT = {0xAC: "，", 0xBF: "？", 0xBB: "；", 0xBA: "：", 0xA1: "！", 0xA8: "（", 0xA9: "）"}


_HAN_TAIL = re.compile(rf"[{HAN}]*$")


_HAN_HEAD = re.compile(rf"[{HAN}]*")


@memo(maxsize=1)
def collapse_table() -> dict[str, tuple[str, str]]:
    """Every character a DF A3 deletion can produce -> (the character ending in DF, the punctuation)."""
    table = {}
    for lead in range(0x81, 0xFF):
        try:
            original = bytes([lead, 0xDF]).decode("gbk")
        except UnicodeDecodeError:
            continue
        if not is_han(original):
            continue
        for trail, punct in _A3_PUNCT.items():
            try:
                collapsed = bytes([lead, trail]).decode("gbk")
            except UnicodeDecodeError:
                continue
            table[collapsed] = (original, punct)
    return table


@memo(maxsize=1)
def _collapsed_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<=[{HAN}])[{''.join(sorted(collapse_table()))}]")


def _ends_a_word(left: str, original: str) -> bool:
    """Does ``original`` end a dictionary word with the characters before it (or stand as a word)?"""
    # Most candidates end no word at all: one set lookup settles them before any longer word is tried.
    if simplified_char(left[-1]) + simplified_char(original) not in word_endings():
        return False
    return any(frequency(simplified(left[-k:] + original)) for k in range(1, min(3, len(left)) + 1))


@memo(maxsize=1 << 16)
def _pair_rules_out(previous: str, ch: str) -> bool:
    """The tests of :func:`fix_byte_drop` that need only the collapsed character and the one before it:
    the two make a word as they stand (决不, 宅子 after 老, 肉脯), or the restored character ends no
    word after ``previous`` and is too rare to stand alone."""
    original = collapse_table()[ch][0]
    before, current = simplified_char(previous), simplified_char(ch)
    if current in two_char_words().get(before, ()):
        return True
    ends_a_word = before + simplified_char(original) in word_endings()
    return not ends_a_word and word_frequency(simplified_char(original)) < thresholds.STANDALONE_FREQ


def fix_byte_drop(text: str) -> tuple[str, list[Change]]:
    """Restore ``诉？`` from ``丝`` where the restored text is far more likely than the collapsed one.

    The collapsed pair must not be a word itself (决不 stays: it may be 决不 or 决策；), the restored
    character must end a dictionary word with what precedes it, and the text with the character and the
    punctuation restored must beat the collapsed text by :data:`thresholds.BYTE_DROP_MARGIN` under jieba's model.
    """
    changes: list[Change] = []
    out: list[str] = []
    pos = 0
    follows = two_char_words()
    for m in _collapsed_pattern().finditer(text):
        i = m.start()
        ch = m.group(0)
        # Most candidates are ordinary characters (一, 不, 定 …) in ordinary words: settled by the pair alone.
        if _pair_rules_out(text[i - 1], ch):
            continue
        original, punct = collapse_table()[ch]
        current = simplified_char(ch)
        left = _HAN_TAIL.search(text, max(0, i - 4), i).group(0)
        completes_word = _ends_a_word(left, original)
        if not completes_word:
            if word_frequency(simplified_char(original)) < thresholds.STANDALONE_FREQ:
                continue
            if i + 1 < len(text) and simplified_char(text[i + 1]) in follows.get(current, ()):
                continue  # 被告, 报告, 住房: the collapsed character starts a word with the next one
        right = _HAN_HEAD.match(text, i + 1, i + 5).group(0)
        collapsed = log_prob(simplified(left + ch + right))
        restored = log_prob(simplified(left + original)) + log_prob(simplified(right))
        if simplified(right).startswith(clause_openers()):
            restored += thresholds.OPENER_BONUS
        if restored - collapsed < (thresholds.BYTE_DROP_MARGIN if completes_word else thresholds.STANDALONE_MARGIN):
            continue
        out.append(text[pos:i])
        out.append(original + punct)
        pos = i + 1
        changes.append(Change("byte-drop", "restored", i, text[max(0, i - 1):i + 1],
                              text[max(0, i - 1):i] + original + punct))
    out.append(text[pos:])
    return "".join(out), changes
