"""The furniture rules of ``data/boilerplate.yaml``, compiled once: what ingest removes from an article
and what ``faqkit check`` names on a page written or edited by hand."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .data import data

Patterns = tuple[tuple[str, re.Pattern[str]], ...]


@dataclass(frozen=True)
class Rules:
    drop_lines: Patterns
    footer_starts: Patterns
    heading_labels: Patterns
    drop_sentences: Patterns
    pii: Patterns
    strip_inline: Patterns = ()
    split_at: Patterns = ()
    listing_starts: Patterns = ()
    contents_labels: Patterns = ()


def _compile(section: dict[str, str] | None) -> Patterns:
    return tuple((name, re.compile(pattern)) for name, pattern in (section or {}).items())


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    rules = data("boilerplate.yaml")
    return Rules(*(_compile(rules.get(key)) for key in
                   ("drop_lines", "footer_starts", "heading_labels", "drop_sentences", "pii", "strip_inline",
                    "split_at", "listing_starts", "contents_labels")))
