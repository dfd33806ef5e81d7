"""Small text helpers shared by the stages: what counts as Han, sentences, character bigrams."""

from __future__ import annotations

import re

# CJK Unified Ideographs and Extension A: the characters of the articles.
HAN = "\u3400-\u4dbf\u4e00-\u9fff"
_NOT_HAN = re.compile(f"[^{HAN}]")
# A sentence is a run without an end mark plus its end marks (and a closing quote), or the rest of the
# text. Written so that every match consumes its text: linear time even on a megabyte with no full stop.
_SENTENCE = re.compile(r"[^。！？!?]+(?:[。！？!?]+[”’」]?|$)|[。！？!?]+")


def is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def han_only(text: str) -> str:
    return _NOT_HAN.sub("", text)


def bigrams(text: str) -> list[str]:
    """Character bigrams of the Han text (punctuation and Latin text left out)."""
    han = han_only(text)
    return [han[i:i + 2] for i in range(len(han) - 1)]


def split_sentences(text: str) -> list[str]:
    """``text`` cut after 。！？ (and ASCII ?!), every character kept: ``"".join(result) == text``."""
    return _SENTENCE.findall(text)
