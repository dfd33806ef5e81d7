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


def word_frequency(word: str) -> int:
    """jieba dictionary frequency of a Simplified word (0 when unknown)."""
    return tokenizer().FREQ.get(word, 0) or 0


def to_simplified(text: str) -> str:
    return converter("t2s").convert(text)
