"""Fault ``pinyin``: a syllable pasted after a character (``聯(lián)系``) goes when it is a reading of
that character (pypinyin tells, in either script); a toned syllable that is not goes too, flagged (no
reader needs a pinyin fragment); legitimate parentheses (``邮箱(qq)``) stay."""

from __future__ import annotations

import re
import unicodedata

from pypinyin import Style, pinyin

from ...core.records import Change
from ...core.script import to_simplified
from ...core.text import HAN
from .model import memo

PINYIN_LETTERS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"


_PINYIN_NOTE = re.compile(rf"(?<=[{HAN}])[(（]([{PINYIN_LETTERS}]{{1,7}})[)）]")


_TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")


PINYIN_AFTER = re.compile(rf"[(（]([{PINYIN_LETTERS}]{{1,7}})[)）]")


@memo(maxsize=8192)
def readings(ch: str) -> frozenset[str]:
    """Toned pinyin readings of a character, in either script."""
    found: set[str] = set()
    for variant in {ch, to_simplified(ch)}:
        for options in pinyin(variant, style=Style.TONE, heteronym=True, errors="ignore"):
            found.update(unicodedata.normalize("NFC", o.lower()) for o in options)
    return frozenset(found)


@memo(maxsize=8192)
def neutral_readings(ch: str) -> frozenset[str]:
    """Readings without tone marks: the farms write a neutral tone bare (們(men), 個(ge))."""
    # ü's diaeresis is a combining mark in NFD too: it is put back together before the tone marks go.
    stripped = (unicodedata.normalize("NFD", r).replace("u\u0308", "ü") for r in readings(ch))
    return frozenset("".join(c for c in r if not unicodedata.combining(c)) for r in stripped)


def is_reading(syllable: str, char: str) -> bool:
    syllable = unicodedata.normalize("NFC", syllable.lower())
    return syllable in readings(char) or syllable in neutral_readings(char)


def fix_pinyin(text: str) -> tuple[str, list[Change]]:
    changes: list[Change] = []

    def replace(m: re.Match[str]) -> str:
        syllable = unicodedata.normalize("NFC", m.group(1).lower())
        char = m.string[m.start() - 1]
        if syllable in readings(char) or (not _TONE_MARKS & set(syllable) and syllable in neutral_readings(char)):
            changes.append(Change("pinyin", "annotation", m.start(), char + m.group(0), char))
            return ""
        if _TONE_MARKS & set(syllable):
            # A toned syllable is the farm's note whatever character it follows; no reader needs it, but
            # which character it was meant for is not certain: it goes, and a reviewer is told.
            changes.append(Change("pinyin", "unverified-annotation", m.start(), char + m.group(0), char,
                                  applied=False))
            return ""
        return m.group(0)

    # A note taken out may bring the next one right after a character (網(wǎng)(wǎng)): again, until none is.
    while True:
        before = len(changes)
        text = _PINYIN_NOTE.sub(replace, text)
        if not any(c.before != c.after for c in changes[before:]):
            return text, changes
