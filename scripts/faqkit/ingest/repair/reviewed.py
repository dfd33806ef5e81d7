"""Sentences a person has read back: a flagged sentence's reading, from ``data/reviewed_sentences.yaml``."""

from __future__ import annotations

from ...core.data import data
from ...core.records import Change
from .model import memo


@memo(maxsize=1)
def reviewed_sentences() -> tuple[tuple[str, str, str], ...]:
    """(kind, flagged, reads) of data/reviewed_sentences.yaml: flagged sentences a person read back."""
    entries = (data("reviewed_sentences.yaml") or {}).get("sentences") or []
    return tuple((e["kind"], e["flagged"], e["reads"]) for e in entries)


def apply_reviewed(text: str) -> tuple[str, list[Change]]:
    """Put in the reviewed reading of every flagged sentence a person has read back (counted, per kind,
    as <kind>/reviewed); the automatic repairs never see those sentences."""
    changes: list[Change] = []
    for kind, flagged, reads in reviewed_sentences():
        start = text.find(flagged)
        while start != -1:
            changes.append(Change(kind, "reviewed", start, flagged, reads))
            text = text[:start] + reads + text[start + len(flagged):]
            start = text.find(flagged, start + len(reads))
    return text, changes
