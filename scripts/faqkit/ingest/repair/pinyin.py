"""Fault ``pinyin``: a toned syllable pasted after a character (``聯(lián)系``) goes only when it is a
reading of that character (pypinyin tells, in either script); legitimate parentheses stay."""

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
    stripped = (unicodedata.normalize("NFD", r) for r in readings(ch))
    return frozenset("".join(c for c in r if not unicodedata.combining(c)).replace("u\u0308", "ü") for r in stripped)


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
            changes.append(Change("pinyin", "unverified-annotation", m.start(), char + m.group(0),
                                  char + m.group(0), applied=False))
        return m.group(0)

    return _PINYIN_NOTE.sub(replace, text), changes
