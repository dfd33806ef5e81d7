"""jieba with the project's domain words: tokenizing, part-of-speech tagging, word frequencies.

Loaded once per process and cached; stages receive plain functions from here, never global state they
could change. (OpenCC, the other language resource, is :mod:`faqkit.core.script`'s.)
"""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba
from jieba import posseg

from .data import DATA_DIR

jieba.setLogLevel(logging.WARNING)


def user_dictionary() -> list[tuple[str, int, str]]:
    """The domain words of ``data/userdict.txt``: (word, frequency, part of speech)."""
    words = []
    for line in (DATA_DIR / "userdict.txt").read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) == 3:
            words.append((parts[0], int(parts[1]), parts[2]))
    return words


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


def pos_cut(text: str, hmm: bool = True) -> list[tuple[str, str]]:
    """``[(word, part of speech), ...]`` for ``text``; ``hmm=False``: dictionary words only, no guesses
    at unknown words (several times faster on long text)."""
    return [(pair.word, pair.flag) for pair in pos_tokenizer().cut(text, HMM=hmm)]


def word_frequency(word: str) -> int:
    """jieba dictionary frequency of a Simplified word (0 when unknown)."""
    return tokenizer().FREQ.get(word, 0) or 0
