"""The word model every repair scores its readings with, and the repair stage's memo of it.

jieba's unigram word model (its dictionary plus the project's ``data/repair_words.yaml``) over the
Simplified form of a text: :func:`log_prob` is the log probability of its likeliest segmentation. The
repairs compare the readings a fault allows by it; characters are converted one by one
(:func:`simplified_char`), which is enough for scoring and cheap on the short strings they compare.

Every cache of the repair stage is made with :func:`memo`, so :func:`clear_caches` forgets all of them:
a benchmark that starts cold really does.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

from ...core.data import data
from ...core.lexicon import tokenizer, word_frequency
from ...core.script import converter, to_simplified
from ...core.text import is_han

_F = TypeVar("_F", bound=Callable[..., Any])
_MEMOS: list[Any] = []


def memo(maxsize: int | None = 128) -> Callable[[_F], _F]:
    """``functools.lru_cache``, registered so that :func:`clear_caches` clears it."""
    def wrap(function: _F) -> _F:
        cached = lru_cache(maxsize=maxsize)(function)
        _MEMOS.append(cached)
        return cached  # type: ignore[return-value]
    return wrap


def clear_caches() -> None:
    """Forget everything the repair stage remembers: word tables, candidate lists, scores, readings."""
    for cached in _MEMOS:
        cached.cache_clear()


@memo(maxsize=1)
def extra_words() -> dict[str, int]:
    return dict((data("repair_words.yaml") or {}).get("words") or {})


def frequency(word: str) -> int:
    """jieba's frequency of a Simplified word, or the one ``data/repair_words.yaml`` gives it instead."""
    return extra_words().get(word) or word_frequency(word)


@memo(maxsize=1)
def _extra_prefixes() -> frozenset[str]:
    return frozenset(w[:k] for w in extra_words() for k in range(1, len(w) + 1))


@memo(maxsize=1)
def clause_openers() -> tuple[str, ...]:
    return tuple(sorted((data("repair_words.yaml") or {}).get("clause_openers") or [], key=len, reverse=True))


@memo(maxsize=1)
def _question_lists() -> tuple[tuple[str, ...], tuple[str, ...]]:
    found = data("repair_words.yaml") or {}
    return tuple(found.get("question_particles") or ()), tuple(found.get("question_words") or ())


def asks(clause: str) -> bool:
    """Whether ``clause`` (either script; what is not Chinese is ignored) reads as a question: it ends in
    a question particle (吗, 呢 …), or it holds a question word (如何, 有没有 …) and reads as words at all
    (a one-byte shift leaves 哪 or 何 among characters that make no word)."""
    plain = simplified("".join(ch for ch in clause if is_han(ch)))
    particles, words = _question_lists()
    return plain.endswith(particles) or (any(w in plain for w in words) and word_coverage(clause) > 0)


@memo(maxsize=1)
def _log_total() -> float:
    return math.log(tokenizer().total)


# A punctuation mark costs about as much as a common character: a break between clauses is likely.
_PUNCT_LOG_PROB = -3.0


CJK_PUNCT = "，。、；：？！“”‘’（）《》"


@memo(maxsize=1 << 17)
def log_prob(text: str) -> float:
    """Log probability of ``text`` (Simplified) as its most likely sequence of words (jieba's unigram
    model, words of up to six characters, unknown characters at frequency 1, punctuation a fixed cost).

    The hot loop of the repairs: written with local lookups, and it stops extending a word as soon as
    no dictionary word starts with it (jieba's dictionary holds every prefix of its words).
    """
    freq, extra, prefixes = tokenizer().FREQ, extra_words(), _extra_prefixes()
    log, log_total = math.log, _log_total()
    n = len(text)
    best = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        if text[i] in CJK_PUNCT:
            best[i] = _PUNCT_LOG_PROB + best[i + 1]
            continue
        top = log(extra.get(text[i]) or freq.get(text[i]) or 1) - log_total + best[i + 1]
        for j in range(i + 2, min(n, i + 6) + 1):
            word = text[i:j]
            if word not in freq and word not in prefixes:
                break
            f = extra.get(word) or freq.get(word)
            if f:
                top = max(top, log(f) - log_total + best[j])
        best[i] = top
    return best[0]


@memo(maxsize=65536)
def simplified_char(ch: str) -> str:
    return to_simplified(ch)


@memo(maxsize=4096)
def traditional_char(ch: str) -> str:
    return converter("s2t").convert(ch)


@memo(maxsize=65536)
def char_frequency(ch: str) -> int:
    return frequency(simplified_char(ch))


def simplified(text: str) -> str:
    """Character-by-character t2s: enough for scoring, and cheap on the short strings repairs compare."""
    return "".join(simplified_char(ch) for ch in text)


def in_words(text: str) -> list[bool]:
    """For each character of ``text``: does it fall inside a word of two or more characters (longest
    dictionary match from the left, on the Simplified form)?"""
    simple = simplified(text)
    flags = [False] * len(text)
    i = 0
    while i < len(simple):
        j = next((j for j in range(min(len(simple), i + 6), i + 1, -1)
                  if is_han(simple[i]) and frequency(simple[i:j])), i + 1)
        if j - i > 1:
            flags[i:j] = [True] * (j - i)
        i = j
    return flags


def word_coverage(text: str) -> float:
    """Share of Han characters in ``text`` that fall inside words of two or more characters."""
    han = [flag for ch, flag in zip(text, in_words(text), strict=True) if is_han(ch)]
    return sum(han) / len(han) if han else 0.0


def score(left: str, middle: str, right: str) -> float:
    return _window_log_prob(left[-4:] + middle + right[:4])


@memo(maxsize=1 << 17)
def _window_log_prob(window: str) -> float:
    return log_prob(simplified(window))


@memo(maxsize=1)
def _dictionary_tables() -> tuple[tuple[str, ...], dict[str, frozenset[str]], frozenset[str]]:
    """The tables the repairs read off jieba's dictionary, in one pass over its half a million entries
    (one pass per table cost 0.64 s before every ingest's workers could start): its single Han characters
    by frequency, most frequent first; for each character the characters that follow it in a two-character
    word; the last two characters of every word of two or more (these two with the repair words too)."""
    freq = tokenizer().FREQ
    singles = sorted(((f, w) for w, f in freq.items() if len(w) == 1 and f and is_han(w)), reverse=True)
    follows: dict[str, set[str]] = {}
    endings: set[str] = set()
    for word, count in [*freq.items(), *extra_words().items()]:
        if count and len(word) >= 2:
            endings.add(word[-2:])
            if len(word) == 2:
                follows.setdefault(word[0], set()).add(word[1])
    return (tuple(w for _, w in singles), {first: frozenset(rest) for first, rest in follows.items()},
            frozenset(endings))


@memo(maxsize=4)
def common_chars(count: int = 300) -> tuple[str, ...]:
    """The ``count`` most frequent single characters of jieba's dictionary."""
    return _dictionary_tables()[0][:count]


def two_char_words() -> dict[str, frozenset[str]]:
    """For each character, the characters that follow it in a two-character dictionary word."""
    return _dictionary_tables()[1]


@memo(maxsize=1)
def very_common() -> frozenset[str]:
    return frozenset(common_chars()[:60])


def word_endings() -> frozenset[str]:
    """The last two characters of every dictionary word of two or more characters."""
    return _dictionary_tables()[2]
