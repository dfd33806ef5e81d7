"""The words of each jurisdiction (``data/jurisdiction.yaml``): its laws, institutions, procedures,
currency and regional vocabulary, and where a text uses them.

Ingest's ``jurisdiction`` stage weighs them to decide whose law an article's advice is for; organize asks
whether a question is worded for another jurisdiction than its page's. Written in Simplified, the
canonical script.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .data import data
from .prefilter import characters, gated

GENERAL = "general"
JURISDICTIONS = ("mainland", "taiwan", "hongkong")


@dataclass(frozen=True)
class Term:
    jurisdiction: str
    weight: int
    pattern: re.Pattern[str]

    @property
    def needs(self) -> frozenset[str]:
        """Characters a text must hold for the term to be found in it (a text without 院 holds no 法院;
        :func:`faqkit.core.prefilter.characters`), none where the pattern does not say for certain."""
        return characters(self.pattern)


@dataclass(frozen=True)
class Rules:
    terms: tuple[Term, ...]
    cap: int
    min_score: int
    compare_ratio: float
    min_term_weight: int
    compare_cues: re.Pattern[str]
    # script (``Hant``) -> the jurisdictions an article written in it is not for (``rules_out``)
    rules_out: tuple[tuple[str, tuple[str, ...]], ...] = ()
    needs: tuple[frozenset[str], ...] = ()  # per term, :attr:`Term.needs` (computed once, from ``terms``)

    def __post_init__(self) -> None:
        if len(self.needs) != len(self.terms):
            object.__setattr__(self, "needs", tuple(term.needs for term in self.terms))


def one_audience(a: str, b: str, a_not_for: frozenset[str] = frozenset(),
                 b_not_for: frozenset[str] = frozenset()) -> bool:
    """Whether pages for jurisdictions ``a`` and ``b`` speak to the same readers, so that one question asked
    on both is answered twice: pages for the same jurisdiction do, a page for none in particular (GENERAL,
    or "" in front matter) does with every page but those of the jurisdictions it is not for
    (``…_not_for``); pages for two jurisdictions do not (another law makes it another question)."""
    particular = a not in ("", GENERAL) and b not in ("", GENERAL)
    return a == b if particular else a not in b_not_for and b not in a_not_for


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    rules = data("jurisdiction.yaml")
    terms = tuple(Term(name, int(weight), gated(re.compile(term, re.I)))
                  for name, weights in rules["jurisdictions"].items()
                  for weight, listed in weights.items() for term in listed)
    return Rules(terms, int(rules["cap"]), int(rules["min_score"]), float(rules["compare_ratio"]),
                 int(rules["min_term_weight"]), re.compile("|".join(rules["compare_cues"])),
                 tuple((script, tuple(names)) for script, names in (rules.get("rules_out") or {}).items()))


@dataclass(frozen=True)
class Found:
    """The terms of one jurisdiction found in a text: how often each, and what each weighs."""

    counts: Counter[str]
    weights: dict[str, int]

    def score(self, cap: int) -> int:
        return sum(self.weights[word] * min(count, cap) for word, count in self.counts.items())


def evidence(text: str, rules: Rules | None = None) -> dict[str, Found]:
    """The terms of each jurisdiction found in ``text``. Where terms overlap the longest one counts (the
    征信 inside 金融联合征信中心 is not the mainland's); a word two jurisdictions share (帐单 in Taiwan and
    Hong Kong) counts for both."""
    rules = rules or load_rules()
    # Most terms cannot be in a given text for want of one of their characters: looked for only if they can.
    present = set(text)
    hits = sorted(((m.start(), m.end(), term) for term, needs in zip(rules.terms, rules.needs, strict=True)
                   if needs <= present for m in term.pattern.finditer(text) if m.end() > m.start()),
                  key=lambda hit: (hit[0], hit[0] - hit[1], -hit[2].weight))
    found: dict[str, Found] = {}
    taken = (-1, -1)
    counted: set[tuple[int, int, str]] = set()
    for start, end, term in hits:
        if (start, end) != taken and start < taken[1]:
            continue  # inside a longer term already counted
        taken = (start, end)
        if (start, end, term.jurisdiction) in counted:
            continue  # two entries of one jurisdiction match the same word: the heaviest (first) counts
        counted.add((start, end, term.jurisdiction))
        word = text[start:end]
        entry = found.setdefault(term.jurisdiction, Found(Counter(), {}))
        entry.counts[word] += 1
        entry.weights[word] = max(entry.weights.get(word, 0), term.weight)
    return found
