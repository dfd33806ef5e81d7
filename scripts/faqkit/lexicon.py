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


class Converter:
    """OpenCC's ``convert``, remembering the result for each piece of text between separators.

    OpenCC converts a text piece by piece (it splits at punctuation and white space) and each piece
    independently of the others, so remembering pieces gives exactly OpenCC's result. The pure-Python
    OpenCC is the slowest step of ingest (about a millisecond per sentence), and pieces recur: every
    article is converted to Simplified twice (script detection, then canon), and republished copies
    repeat their original.
    """

    MAX_PIECES = 400_000

    def __init__(self, config: str) -> None:
        self._opencc = opencc.OpenCC(config)
        self._pieces: dict[str, str] = {}

    def convert(self, text: str) -> str:
        opencc_ = self._opencc
        pieces = self._pieces
        out = []
        for index, part in enumerate(opencc_.split_chars_re.split(text)):
            if index % 2 or not part:
                out.append(part)  # a separator: OpenCC keeps it as it is
                continue
            done = pieces.get(part)
            if done is None:
                done = opencc_._convert(part, opencc_._dict_chain_data)
                if len(pieces) >= self.MAX_PIECES:
                    pieces.clear()
                pieces[part] = done
            out.append(done)
        return "".join(out)


@cache
def converter(config: str) -> Converter:
    """The OpenCC converter for ``config`` (``t2s``, ``s2t``, ``s2tw``, ``tw2s`` …), one per process."""
    return Converter(config)


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


@cache
def changed_characters(config: str) -> frozenset[str]:
    """The characters of OpenCC's character tables that conversion ``config`` changes when they stand
    alone (for ``t2s``: 這, 說, 貸 …; for ``s2t``: 这, 说, 贷 …). Counting them in a text tells its
    script for a fraction of the cost of converting it."""
    tables = Path(opencc.__file__).parent / "dictionary"
    convert = converter(config).convert
    chars = set()
    for name in ("TSCharacters.txt", "STCharacters.txt"):
        for line in (tables / name).read_text(encoding="utf-8").splitlines():
            source = line.split("\t", 1)[0].strip()
            if len(source) == 1 and convert(source) != source:
                chars.add(source)
    return frozenset(chars)


def to_simplified(text: str) -> str:
    return converter("t2s").convert(text)
