"""Stage ``jurisdiction``: whose law, institutions and procedures an article's advice is for.

``mainland``, ``taiwan``, ``hongkong``, or ``general`` when nothing in it is particular to one of them.
The evidence is weighed, never a single word (``data/jurisdiction.yaml``): every law, institution,
procedure, currency and regional word found adds its weight to its jurisdiction, each term counted at
most ``cap`` times. The heaviest wins if it has at least ``min_score`` and the next one less than
``compare_ratio`` of it, so a mainland article that mentions Taiwan once stays mainland, and an article
that sets two systems side by side is ``general`` (it belongs to neither one's page). The terms found are
the Change's ``before``, so the report shows a reviewer why.

Pure: a function of the canonical text (Simplified, cleaned), which is what the terms are written in.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..core.data import data
from ..core.records import Change

GENERAL = "general"
JURISDICTIONS = ("mainland", "taiwan", "hongkong")


_METACHARACTERS = frozenset(r".^$*+?{}[]|()\\")
# A lookahead or lookbehind without groups inside: it only narrows where the rest of the term may match.
_LOOKAROUND = re.compile(r"\(\?<?[=!](?:[^()\\]|\\.)*\)")


@dataclass(frozen=True)
class Term:
    jurisdiction: str
    weight: int
    pattern: re.Pattern[str]

    @property
    def needs(self) -> frozenset[str]:
        """Characters a text must hold for the term to be found in it: those of a term written as plain
        words that have no case (a text without 院 holds no 法院), around its lookarounds if it has any
        (12378 for ``(?<!\\d)12378(?!\\d)``); none for a term with other regex syntax."""
        source = _LOOKAROUND.sub("", self.pattern.pattern)
        if _METACHARACTERS & set(source):
            return frozenset()
        return frozenset(c for c in source if c.lower() == c.upper())


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


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    rules = data("jurisdiction.yaml")
    terms = tuple(Term(name, int(weight), re.compile(term, re.I))
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


def detect(text: str, rules: Rules | None = None) -> tuple[str, Change]:
    """The article's jurisdiction, and a Change whose ``before`` lists the evidence and ``after`` the reason."""
    rules = rules or load_rules()
    terms = evidence(text, rules)
    score = {name: terms[name].score(rules.cap) if name in terms else 0 for name in JURISDICTIONS}
    ranked = sorted(JURISDICTIONS, key=lambda name: (-score[name], JURISDICTIONS.index(name)))
    best, second = ranked[0], ranked[1]
    heaviest = max(terms[best].weights.values()) if best in terms else 0
    if score[best] < rules.min_score:
        label, why = GENERAL, f"general: no jurisdiction has weight {rules.min_score} ({_scores(score)})"
    elif heaviest < rules.min_term_weight:
        label, why = GENERAL, f"general: only regional words, no law or institution of {best} ({_scores(score)})"
    elif score[second] >= rules.compare_ratio * score[best] or (
            score[second] >= rules.min_score and rules.compare_cues.search(text)):
        label, why = GENERAL, f"general: compares {best} and {second} ({_scores(score)})"
    else:
        label, why = best, f"{best}: {_scores(score)}"
    shown = "; ".join(f"{name} " + ", ".join(f"{w}×{n}" for w, n in terms[name].counts.most_common(8))
                      for name in ranked if name in terms)
    return label, Change("jurisdiction", label, 0, shown, why)


def ruled_out(found: str, written_in: str, rules: Rules | None = None) -> tuple[str, ...]:
    """The jurisdictions a ``general`` article written in ``written_in`` (``Hans``/``Hant``, as
    :func:`faqkit.core.script.detect_script` tells it from the text before canon) is not for: the script
    rules them out, never in. An article its terms give to a jurisdiction is that one's, whatever script."""
    if found != GENERAL:
        return ()
    return dict((rules or load_rules()).rules_out).get(written_in, ())


def _scores(score: dict[str, int]) -> str:
    return ", ".join(f"{name} {score[name]}" for name in sorted(score, key=lambda n: -score[n]) if score[name]) \
        or "no term found"
