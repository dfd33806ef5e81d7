"""Stage ``canon``: one canonical form for every article.

Simplified script (OpenCC ``t2s`` plus reviewed phrase fixes in ``data/hans_overrides.yaml``), full-width
punctuation in Chinese text (half-width stays inside Latin text, numbers and URLs), no stray spaces or
blank-line runs. The script of the source is detected from the whole text, because the farms' converters
leave many characters unconverted (``該怎么辦``).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from .lexicon import changed_characters, converter, data
from .record import Change
from .textutil import HAN, is_han

# Context on either side that makes a half-width mark Chinese punctuation.
_CJK_CONTEXT = rf"[{HAN}“”‘’《》（）、，。：；！？…]"


@lru_cache(maxsize=1)
def phrase_overrides() -> tuple[tuple[str, str], ...]:
    overrides = data("hans_overrides.yaml") or {}
    return tuple(sorted(overrides.items(), key=lambda kv: -len(kv[0])))


def detect_script(text: str) -> str:
    """``Hans``, ``Hant`` or ``none``: which conversion changes more characters tells the script.

    Counted character by character over OpenCC's own tables (:func:`lexicon.changed_characters`), not
    by converting the whole text both ways: the same decision on every seed and synthetic article, at
    a small fraction of the cost (converting was a sixth of ingest).
    """
    if not any(is_han(ch) for ch in text):
        return "none"
    counts = Counter(text)
    to_hans = sum(n for ch, n in counts.items() if ch in changed_characters("t2s"))
    to_hant = sum(n for ch, n in counts.items() if ch in changed_characters("s2t"))
    return "Hant" if to_hans > to_hant else "Hans"


def to_canonical_script(text: str) -> tuple[str, list[Change]]:
    converted = converter("t2s").convert(text)
    changes: list[Change] = []
    if converted != text:
        changed = sum(a != b for a, b in zip(text, converted, strict=False))
        changes.append(Change("canon", "t2s", 0, f"{changed} characters", "Simplified"))
    for wrong, right in phrase_overrides():
        if wrong in converted:
            changes.append(Change("canon", "phrase-override", converted.index(wrong), wrong, right))
            converted = converted.replace(wrong, right)
    return converted, changes


_FULL_WIDTH = str.maketrans({"?": "？", "!": "！", " ": None, "\t": None})

_PUNCT_RULES: list[tuple[str, re.Pattern[str], str | None]] = [
    ("comma", re.compile(rf"(?<={_CJK_CONTEXT})[ \t]*,[ \t]*|[ \t]*,[ \t]*(?={_CJK_CONTEXT})"), "，"),
    # A run of marks (?? or ?!) is converted as a whole: the second mark's context is the first one.
    ("question", re.compile(rf"(?<={_CJK_CONTEXT})[ \t]*\?[?!？！]*"), None),
    ("exclamation", re.compile(rf"(?<={_CJK_CONTEXT})[ \t]*![?!？！]*"), None),
    ("semicolon", re.compile(rf"(?<={_CJK_CONTEXT})[ \t]*;[ \t]*|[ \t]*;[ \t]*(?={_CJK_CONTEXT})"), "；"),
    ("colon", re.compile(rf"(?<={_CJK_CONTEXT})[ \t]*:[ \t]*(?!//)|(?<!\d)[ \t]*:[ \t]*(?={_CJK_CONTEXT})"),
     "："),
    ("period", re.compile(rf"(?<=[{HAN}])\.(?=\s*$)", re.M), "。"),
    ("quotes", re.compile(rf'"([^"\n]*[{HAN}][^"\n]*)"'), r"“\1”"),
    ("parentheses", re.compile(rf"\(([^()\n]*[{HAN}][^()\n]*)\)"), r"（\1）"),
    ("space-around-punct",
     re.compile(r"[ \t\u3000]+(?=[，。、；：！？）》”])|(?<=[，。、；：！？（《“])[ \t\u3000]+"), ""),
]


def fix_punctuation(text: str) -> tuple[str, list[Change]]:
    """Full-width punctuation in Chinese text. Repeated until nothing changes, because a converted mark
    is itself Chinese context for the one next to it (``网,,`` -> ``网，,`` -> ``网，，``)."""
    changes: list[Change] = []
    for _ in range(8):
        before = text
        for fix, pattern, repl in _PUNCT_RULES:
            def record(m: re.Match[str], fix: str = fix, repl: str | None = repl) -> str:
                after = m.group(0).translate(_FULL_WIDTH) if repl is None else m.expand(repl)
                if after != m.group(0):
                    changes.append(Change("typography", fix, m.start(), m.group(0), after))
                return after
            text = pattern.sub(record, text)
        if text == before:
            break
    return text, changes


def normalize_whitespace(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").replace("\ufeff", "")
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


def canonicalize(text: str) -> tuple[str, list[Change]]:
    text, script_changes = to_canonical_script(normalize_whitespace(text))
    text, punct_changes = fix_punctuation(text)
    return text, script_changes + punct_changes
