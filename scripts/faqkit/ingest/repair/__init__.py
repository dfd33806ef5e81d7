"""Stage ``repair``: byte- and character-level faults that content farms left in the text.

One module per fault class, each a small function ``text -> (text, [Change])``; :func:`repair` runs them
in order. Fixes that would need a guess are *flagged* (``Change.applied=False``) and the doubtful text is
taken out of the article rather than published: a reader must never meet garbage.

* :mod:`.truncated`: the U+FFFD an excerpt cut inside its last character ends in.
* :mod:`.pinyin`: ``聯(lián)`` loses ``(lián)`` when the syllable is a reading of the character; a toned
  syllable that is not goes too, flagged.
* :mod:`.deleted_words`: words a filter cut out, put back where certain, else the gap joined and flagged;
  quotation marks it emptied (``比如“”、“调解中心”``) go, or their sentence does.
* :mod:`.reviewed`: sentences a person read back (``data/reviewed_sentences.yaml``).
* :mod:`.lookalikes`: a symbol typed for the Han character it looks like (``之ㄧ`` -> ``之一``:
  ``data/lookalikes.yaml``), before mojibake takes the symbol for a mark of garbled bytes.
* :mod:`.mojibake`: one-byte-shift GBK garbage read back in step (:mod:`.gbk` for the bytes,
  :mod:`.lost_bytes` for the readings with whole characters lost that make a recovery uncertain).
* :mod:`.byte_drop`: the GBK pair ``DF A3`` deleted (``起诉？`` -> ``起丝``), restored where certain.

The word model they all score with is :mod:`.model`; their calibrated thresholds are :mod:`.thresholds`.
"""

from __future__ import annotations

from collections.abc import Callable

from ...core.records import Change
from . import thresholds
from .byte_drop import fix_byte_drop
from .deleted_words import drop_emptied_quotes, flag_deleted_words, restore_deleted_words
from .lookalikes import fix_lookalikes
from .model import clear_caches, common_chars, two_char_words, word_endings
from .mojibake import fix_mojibake
from .pinyin import fix_pinyin
from .reviewed import apply_reviewed
from .truncated import drop_cut_character

Fix = Callable[[str], tuple[str, list[Change]]]

# The cut end first (its mark is no garbled span); pinyin next (a restore rule must see 聯系, not
# 聯(lián)系); deleted words before mojibake (a space left by a deleted word must not hide a garbled span
# until the space is gone); mojibake before byte-drop (garbage is read back in step before any of its
# characters is taken for a collapsed pair). Reviewed sentences right before mojibake: the report shows a
# flagged sentence as that step met it. Lookalikes before mojibake: a bopomofo typed for 一 is no mark of
# garbled bytes.
FIXES: tuple[Fix, ...] = (drop_cut_character, fix_pinyin, restore_deleted_words, flag_deleted_words,
                          drop_emptied_quotes, apply_reviewed, fix_lookalikes, fix_mojibake, fix_byte_drop)

__all__ = ["FIXES", "clear_caches", "repair", "warm_up"]


def repair(text: str) -> tuple[str, list[Change]]:
    changes: list[Change] = []
    for fix in FIXES:
        text, found = fix(text)
        changes.extend(found)
    return text, changes


def warm_up() -> None:
    """Build the tables the repairs look words up in (before worker processes fork, to share them: each
    worker building the common-character pools itself cost it most of a second)."""
    two_char_words()
    word_endings()
    common_chars()
    common_chars(thresholds.LOST_CHAR_POOL)
