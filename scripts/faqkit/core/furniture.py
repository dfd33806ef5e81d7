"""The furniture rules of ``data/boilerplate.yaml``, compiled once: what ingest removes from an article
and what ``faqkit check`` names on a page written or edited by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .data import data
from .prefilter import NeedleScan, gated, may_match, may_match_given


class Patterns(tuple[tuple[str, re.Pattern[str]], ...]):
    """A section's (name, pattern) rules, in the order ``boilerplate.yaml`` lists them. (Searching them as
    one alternation was measured, and was slower than one search per rule.)"""

    def first(self, *texts: str) -> str | None:
        """The name of the first rule that one of ``texts`` matches."""
        texts = tuple(dict.fromkeys(texts))  # a text given twice is searched once
        return next((name for name, p in self for text in texts if p.search(text)), None)

    def within(self, text: str, present: frozenset[str] | None = None) -> Patterns:
        """The rules that may match somewhere in ``text`` (:func:`prefilter.may_match`), in order. Exact for
        every part of ``text``: a rule left out cannot match a line or a sentence cut from it, so searching
        those with these finds what searching with all finds. Not for text a removal has joined anew.
        ``present``: the needles ``text`` holds, when a scan has found them (:class:`prefilter.NeedleScan`)."""
        if present is not None:
            return Patterns(tuple(rule for rule in self if may_match_given(rule[1], present)))
        return Patterns(tuple(rule for rule in self if may_match(rule[1], text)))


@dataclass(frozen=True)
class Rules:
    drop_lines: Patterns
    footer_starts: Patterns
    heading_labels: Patterns
    drop_sentences: Patterns
    pii: Patterns
    strip_inline: Patterns = field(default_factory=Patterns)
    split_at: Patterns = field(default_factory=Patterns)
    listing_starts: Patterns = field(default_factory=Patterns)
    contents_labels: Patterns = field(default_factory=Patterns)
    # The drop_lines rules whose line (a byline, a dateline) stands right under an article's headline,
    # and the longest line above that headline taken for the site's channel labels (see clean).
    headline_anchors: frozenset[str] = frozenset()
    masthead_max_chars: int = 0

    def within(self, text: str) -> Rules:
        """These rules narrowed to those that may match somewhere in ``text`` (:meth:`Patterns.within`):
        a content farm's article holds the words of few of them, and each line was searched with all."""
        present = _scan(self).present(text)
        return replace(self, **{name: getattr(self, name).within(text, present) for name in self.__dataclass_fields__
                                if name not in ("headline_anchors", "masthead_max_chars")})

    def __post_init__(self) -> None:
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name not in ("headline_anchors", "masthead_max_chars") and not isinstance(value, Patterns):
                object.__setattr__(self, name, Patterns(tuple(value)))


@lru_cache(maxsize=4)
def _scan(rules: Rules) -> NeedleScan:
    return NeedleScan.of_patterns(p for name in rules.__dataclass_fields__ if isinstance(getattr(rules, name), Patterns)
                                  for _, p in getattr(rules, name))


def _compile(section: dict[str, str] | None) -> Patterns:
    return Patterns(tuple((name, gated(re.compile(pattern))) for name, pattern in (section or {}).items()))


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    rules = data("boilerplate.yaml")
    masthead = rules.get("masthead") or {}
    return Rules(*(_compile(rules.get(key)) for key in
                   ("drop_lines", "footer_starts", "heading_labels", "drop_sentences", "pii", "strip_inline",
                    "split_at", "listing_starts", "contents_labels")),
                 headline_anchors=frozenset(masthead.get("anchors") or ()),
                 masthead_max_chars=int(masthead.get("max_chars") or 0))
