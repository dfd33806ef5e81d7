"""Shared, read-only language resources: jieba's word frequencies and OpenCC converters.

Loaded once per process and cached; stages receive plain functions from here, never global state they
could change.
"""

from __future__ import annotations

import logging
from functools import cache, lru_cache
from pathlib import Path

import jieba
import opencc
from jieba import posseg

DATA_DIR = Path(__file__).parent / "data"

jieba.setLogLevel(logging.WARNING)


@cache
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """jieba with the project's domain dictionary loaded (words like 诉前调解, 网贷, 微粒贷)."""
    tok = jieba.Tokenizer()
    tok.initialize()
    user_dict = DATA_DIR / "userdict.txt"
    if user_dict.exists():
        tok.load_userdict(str(user_dict))
    return tok


@lru_cache(maxsize=1)
def pos_tokenizer() -> posseg.POSTokenizer:
    """Part-of-speech tagging over :func:`tokenizer`, with the domain words' tags from the user dictionary.

    Building one reads jieba's whole tag table (~0.4 s), so it is built once per process.
    """
    pos = posseg.POSTokenizer(tokenizer())
    user_dict = DATA_DIR / "userdict.txt"
    if user_dict.exists():
        for line in user_dict.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 3:
                pos.word_tag_tab[parts[0]] = parts[2]
    return pos


def pos_cut(text: str) -> list[tuple[str, str]]:
    """``[(word, part of speech), ...]`` for ``text``."""
    return [(pair.word, pair.flag) for pair in pos_tokenizer().cut(text)]


def word_frequency(word: str) -> int:
    """jieba dictionary frequency of a Simplified word (0 when unknown)."""
    return tokenizer().FREQ.get(word, 0) or 0


def to_simplified(text: str) -> str:
    return converter("t2s").convert(text)
