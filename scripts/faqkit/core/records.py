"""The records that flow through the pipeline.

Every stage is a function from an :class:`Article` to a new :class:`Article`; it never mutates its input.
Each text change a stage makes is recorded as a :class:`Change` (named fix, position, before, after), in
the spirit of ftfy's ``fix_and_explain``: the ingest report, the tests and ``faqkit clean --explain`` are
all built from these steps. A :class:`Change` with ``applied=False`` is a *flag*: something a reviewer
must look at, because the pipeline could not repair it with certainty. It either left the text alone or
took out only what no reader should see (a garbled sentence, a stray space, a dangling 和); ``before``
then holds the original text around it, so the reviewer can restore what was meant.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Change:
    """One explained step: ``fix`` is the name of the rule, ``kind`` groups fixes in the report."""

    kind: str
    fix: str
    position: int
    before: str
    after: str
    applied: bool = True

    def describe(self) -> str:
        verb = "changed" if self.applied else "FLAGGED"
        return f"{self.kind}/{self.fix} @{self.position}: {verb} {self.before!r} -> {self.after!r}"


# The kinds of Change that are an article's judgements, one of each per article (relevance: on-topic,
# advert or off-topic; jurisdiction: whose law), not repairs: the report lists them article by article.
JUDGEMENTS = ("relevance", "jurisdiction")


@dataclass(frozen=True)
class Block:
    """A paragraph, or a list when ``items`` is set."""

    text: str = ""
    items: tuple[str, ...] = ()
    ordered: bool = False  # a numbered list (1. 2. 3. in the source): its order is the reader's steps


@dataclass(frozen=True)
class Section:
    """A part of an article: ``heading`` as the source wrote it, ``question`` as the reader will see it."""

    heading: str
    question: str
    blocks: tuple[Block, ...]
    level: int = 2
    subsections: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Article:
    name: str
    sha256: str
    text: str
    encoding: str = "utf-8"
    changes: tuple[Change, ...] = ()
    # Whether the article is for readers at all: "on-topic", "advert" or "off-topic", and why.
    relevance: str = "on-topic"
    relevance_why: str = ""
    # Whose law and institutions its advice is for: "mainland", "taiwan", "hongkong", or "general" when
    # nothing in it is particular to one jurisdiction.
    jurisdiction: str = "general"
    # Jurisdictions its advice is certainly not for, whatever it names (a general article written in
    # Traditional script is not the mainland's): grouping never puts it on their pages.
    not_for: tuple[str, ...] = ()
    title: str = ""
    intro: tuple[Block, ...] = ()
    sections: tuple[Section, ...] = ()
    conclusion: tuple[Block, ...] = ()

    def with_text(self, text: str, changes: list[Change] | tuple[Change, ...]) -> Article:
        return replace(self, text=text, changes=self.changes + tuple(changes))

    @property
    def flags(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if not c.applied)


@dataclass(frozen=True)
class Problem:
    """A source that could not be ingested (or only partly): shown to the user, counted in the report."""

    name: str
    message: str


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Link:
    """A link to a question (``anchor``) or a whole page (``anchor`` empty) elsewhere in ``docs/``."""

    title: str
    path: str  # relative to docs/, POSIX
    anchor: str = ""


@dataclass(frozen=True)
class Entry:
    """One question as a reader meets it: answered once, on one page, from one or several articles.

    ``answer`` is the merged answer (the base article's section plus each distinct point the others add);
    ``short_answer`` is one or two of its sentences; ``sources`` are the articles it was drawn from.
    """

    question: str
    answer: Section
    short_answer: str
    sources: tuple[str, ...]
