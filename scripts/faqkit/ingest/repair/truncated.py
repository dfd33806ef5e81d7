"""Fault ``truncated``: an excerpt cut inside its last character ends in U+FFFD, the mark a decoder put
where the cut bytes were (``…个人信\ufffd``). The mark goes before mojibake would take it for a garbled span
and flag its sentence as one; ``clean`` then drops the sentence the cut left unfinished (``cut-off``)."""

from __future__ import annotations

import re

from ...core.records import Change

_CUT_CHARACTER = re.compile(r"\ufffd+(?=\s*\Z)")


def drop_cut_character(text: str) -> tuple[str, list[Change]]:
    found = _CUT_CHARACTER.search(text)
    if not found:
        return text, []
    change = Change("cut-off", "replacement-character", found.start(), found.group(0), "")
    return text[:found.start()] + text[found.end():], [change]
