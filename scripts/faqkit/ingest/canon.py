"""Stage ``canon``: one canonical form for every article.

Simplified script (:func:`faqkit.core.script.simplify`: OpenCC ``t2s`` to its fixed point, plus the
reviewed phrase fixes of ``data/hans_overrides.yaml``), full-width punctuation in Chinese text
(:mod:`faqkit.core.typography`), no stray spaces or blank-line runs. ``faqkit check`` holds pages to the
same form with the same functions.
"""

from __future__ import annotations

from ..core.records import Change
from ..core.script import simplify
from ..core.typography import fix_punctuation, normalize_whitespace


def canonicalize(text: str) -> tuple[str, list[Change]]:
    text, script_changes = simplify(normalize_whitespace(text))
    text, punct_changes = fix_punctuation(text)
    return text, script_changes + punct_changes
