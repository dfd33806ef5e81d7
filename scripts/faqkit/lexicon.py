"""Shared, read-only language resources: jieba's word frequencies and OpenCC converters.

Loaded once per process and cached; stages receive plain functions from here, never global state they
could change.
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import jieba
import opencc
import yaml
from jieba import posseg

DATA_DIR = Path(__file__).parent / "data"

jieba.setLogLevel(logging.WARNING)


@cache
def data(name: str) -> Any:
    """A reviewable data file of ``faqkit/data/``, parsed once per process (treat it as read-only)."""
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def user_dictionary() -> list[tuple[str, int, str]]:
    """The domain words of ``data/userdict.txt``: (word, frequency, part of speech)."""
    words = []
    for line in (DATA_DIR / "userdict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            words.append((parts[0], int(parts[1]), parts[2]))
    return words


@cache
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """jieba with the project's domain dictionary loaded (words like 诉前调解, 网贷, 微粒贷)."""
    tok = jieba.Tokenizer()
    tok.initialize()
    for word, freq, tag in user_dictionary():
        tok.add_word(word, freq, tag)
    return tok


@lru_cache(maxsize=1)
def pos_tokenizer() -> posseg.POSTokenizer:
    """Part-of-speech tagging over :func:`tokenizer`, with the domain words' tags from the user dictionary.

    Building one reads jieba's whole tag table (~0.4 s), so it is built once per process.
    """
    pos = posseg.POSTokenizer(tokenizer())
    for word, _, tag in user_dictionary():
        pos.word_tag_tab[word] = tag
    return pos


def pos_cut(text: str) -> list[tuple[str, str]]:
    """``[(word, part of speech), ...]`` for ``text``."""
    return [(pair.word, pair.flag) for pair in pos_tokenizer().cut(text)]


def word_frequency(word: str) -> int:
    """jieba dictionary frequency of a Simplified word (0 when unknown)."""
    return tokenizer().FREQ.get(word, 0) or 0


def to_simplified(text: str) -> str:
    return converter("t2s").convert(text)
