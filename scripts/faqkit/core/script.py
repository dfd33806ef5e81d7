"""Simplified and Traditional: the one authority on which script a text is in and on every conversion.

Ingest makes every article Simplified (:func:`simplify`), ``faqkit check`` and ``faqkit fix`` hold pages
to the same form (:func:`to_simplified`), the zh-Hant site is made with :func:`to_traditional`, and
search, repair and anchors ask this module which characters belong to which script.

* **Simplified** is OpenCC ``t2s`` plus the reviewed phrase fixes of ``data/hans_overrides.yaml``, taken
  to its fixed point: OpenCC's phrase table can leave a character that its character table converts on
  a second pass (徵調 -> 徵调 -> 征调), and a page ingest writes must be one that ``check`` accepts.
* **Taiwan Traditional** is OpenCC ``s2tw`` plus the reviewed phrase overrides of
  ``data/hant_overrides.yaml``, which win because their phrases are shielded from OpenCC (swapped for
  private-use placeholders) and put back already converted.
* The **script of a text** is told by which conversion changes more of its characters, counted over
  OpenCC's own character tables (the farms' converters leave many characters unconverted: 該怎么辦).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

import opencc

from .data import DATA_DIR, data
from .records import Change
from .text import is_han

# The two scripts, by the language tags the site uses for them.
HANS, HANT = "zh-Hans", "zh-Hant"

HANS_OVERRIDES_FILE = DATA_DIR / "hans_overrides.yaml"
HANT_OVERRIDES_FILE = DATA_DIR / "hant_overrides.yaml"
# OpenCC's character tables (opencc-python-reimplemented ships them as text).
OPENCC_DICTIONARIES = Path(opencc.__file__).parent / "dictionary"
# Conversions taken to their fixed point (see the module docstring): the canonical Simplified one.
_FIXED_POINT = frozenset({"t2s"})
_MAX_PASSES = 3


class Converter:
    """OpenCC's ``convert``, remembering the result for each piece of text between separators.

    OpenCC converts a text piece by piece (it splits at punctuation and white space) and each piece
    independently of the others, so remembering pieces gives exactly OpenCC's result. The pure-Python
    OpenCC is the slowest step of ingest (about a millisecond per sentence), and pieces recur: republished
    copies repeat their original. A piece that holds none of the characters the conversion rewrites
    (:func:`rewritten_characters`: nearly every piece of Simplified text, for ``t2s``) is OpenCC's
    result as it is, without the search. With ``fixed_point``, a piece is converted again until it stops
    changing (at most three passes), and the result is remembered as its own conversion too, so that
    converting converted text again costs only the lookups.
    """

    MAX_PIECES = 400_000

    def __init__(self, config: str, fixed_point: bool = False) -> None:
        self._opencc = opencc.OpenCC(config)
        self._pieces: dict[str, str] = {}
        self._fixed_point = fixed_point
        self.rewritten = rewritten_characters(self._opencc)

    def _convert_piece(self, part: str) -> str:
        opencc_ = self._opencc
        done = opencc_._convert(part, opencc_._dict_chain_data)
        if self._fixed_point and done != part:  # a piece OpenCC leaves as it is is its own fixed point
            for _ in range(_MAX_PASSES - 1):
                if self.rewritten.isdisjoint(done):
                    break
                again = opencc_._convert(done, opencc_._dict_chain_data)
                if again == done:
                    break
                done = again
        return done

    def convert(self, text: str) -> str:
        pieces = self._pieces
        rewritten = self.rewritten
        if rewritten.isdisjoint(text):
            return text  # nothing to rewrite anywhere (most Simplified text): no need to split it
        out = []
        for index, part in enumerate(self._opencc.split_chars_re.split(text)):
            if index % 2 or not part or rewritten.isdisjoint(part):
                out.append(part)  # a separator, or a piece with nothing to rewrite: OpenCC keeps it as it is
                continue
            done = pieces.get(part)
            if done is None:
                done = self._convert_piece(part)
                if len(pieces) >= self.MAX_PIECES:
                    pieces.clear()
                pieces[part] = done
                if self._fixed_point:
                    pieces[done] = done
            out.append(done)
        return "".join(out)


def rewritten_characters(converter: opencc.OpenCC) -> frozenset[str]:
    """Characters of which a text must hold at least one for ``converter`` to change it: for each of its
    dictionary entries that writes its text differently (這 -> 这, 著急 -> 着急), one character of that
    text, a character converted on its own where it has one (so 么麼 -> 幺麽 adds nothing to 麼). An
    entry changes a piece only where its whole text stands, so a piece with none of these characters
    comes out of OpenCC exactly as it went in: in Simplified text nearly every piece, for a set lookup
    per character instead of OpenCC's search of every substring."""
    if not converter._dict_init_done:
        converter._init_dict()
        converter._dict_init_done = True
    changing = [(key, value.split(" ")[0]) for group in converter._dict_chain_data for _, _, table in group
                for key, value in table.items() if value.split(" ")[0] != key]  # OpenCC writes the first form
    chars = {key for key, _ in changing if len(key) == 1}
    for key, first in changing:
        if chars.isdisjoint(key):
            differing = [k for k, v in zip(key, first, strict=False) if k != v]
            chars.add(differing[0] if differing else key[0])
    return frozenset(chars)


@functools.cache
def converter(config: str) -> Converter:
    """The OpenCC converter for ``config`` (``t2s``, ``s2t``, ``s2tw``, ``tw2s`` …), one per process."""
    return Converter(config, fixed_point=config in _FIXED_POINT)


def character_table(name: str) -> Iterator[tuple[str, list[str]]]:
    """(character, its forms) of one of OpenCC's character tables (``STCharacters.txt`` …)."""
    for line in (OPENCC_DICTIONARIES / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            source, targets = line.split("\t", 1)
            yield source, targets.split()


# ------------------------------------------------------------------------------------------ detection

@functools.cache
def changed_characters(config: str) -> frozenset[str]:
    """The characters of OpenCC's character tables that conversion ``config`` changes when they stand
    alone (for ``t2s``: 這, 說, 貸 …; for ``s2t``: 这, 说, 贷 …). Counting them in a text tells its
    script for a fraction of the cost of converting it."""
    convert = converter(config).convert
    chars = set()
    for name in ("TSCharacters.txt", "STCharacters.txt"):
        for source, _ in character_table(name):
            if len(source) == 1 and convert(source) != source:
                chars.add(source)
    return frozenset(chars)


def detect_script(text: str) -> str:
    """``Hans``, ``Hant`` or ``none``: which conversion changes more characters tells the script."""
    if not any(is_han(ch) for ch in text):
        return "none"
    counts = Counter(text)
    to_hans = sum(n for ch, n in counts.items() if ch in changed_characters("t2s"))
    to_hant = sum(n for ch, n in counts.items() if ch in changed_characters("s2t"))
    return "Hant" if to_hans > to_hant else "Hans"


@functools.cache
def simplified_only_characters() -> frozenset[str]:
    """Characters that exist only in Simplified (这, 说, 贷, 么...): s2tw never keeps them.

    For checking that Traditional text has no Simplified left in it. 干, 后, 里 or 台 are not in the
    set, as they are also correct Traditional (干擾, 皇后, 公里, 台州), nor is 群, which OpenCC's table
    writes 羣 but s2tw 群.
    """
    s2tw = converter("s2tw").convert
    return frozenset(char for char, traditional in character_table("STCharacters.txt")
                     if char not in traditional and s2tw(char) != char)


@functools.cache
def traditional_only_characters() -> frozenset[str]:
    """Characters that exist only in Traditional (這, 說, 貸...), the mirror of simplified_only_characters."""
    tw2s = converter("tw2s").convert
    return frozenset(char for char, simplified in character_table("TSCharacters.txt")
                     if char not in simplified and tw2s(char) != char)


@functools.cache
def s2t_rewritten_characters() -> frozenset[str]:
    """Simplified forms that OpenCC's ``s2t`` writes as another character by default (发 -> 發, 后 -> 後):
    a Traditional text holds them only where its converter left them, as the text itself shows."""
    return frozenset(char for char, forms in character_table("STCharacters.txt")
                     if len(char) == 1 and forms[:1] != [char])


# -------------------------------------------------------------------------------- to Simplified

@functools.cache
def hans_overrides() -> tuple[tuple[str, str], ...]:
    """(what t2s produces, the right Simplified) of ``data/hans_overrides.yaml``, longest first."""
    overrides = data(HANS_OVERRIDES_FILE.name) or {}
    return tuple(sorted(overrides.items(), key=lambda kv: -len(kv[0])))


def simplify(text: str) -> tuple[str, list[Change]]:
    """The canonical Simplified form of ``text``, and the changes that made it (``canon/t2s`` with the
    number of characters changed, ``canon/phrase-override`` for each reviewed phrase fix)."""
    changes: list[Change] = []
    for _ in range(_MAX_PASSES):
        converted = converter("t2s").convert(text)
        if converted != text:
            changed = sum(a != b for a, b in zip(text, converted, strict=False))
            changes.append(Change("canon", "t2s", 0, f"{changed} characters", "Simplified"))
        for wrong, right in hans_overrides():
            if wrong in converted:
                changes.append(Change("canon", "phrase-override", converted.index(wrong), wrong, right))
                converted = converted.replace(wrong, right)
        if converted == text:
            break
        text = converted
    return text, changes


def to_simplified(text: str) -> str:
    """The canonical Simplified form of ``text`` (see :func:`simplify`)."""
    return simplify(text)[0]


# ------------------------------------------------------------------------------- to Traditional

# Private-use code points: OpenCC passes them through untouched and they never occur in real text.
_PHRASE_TOKEN = ("\ue002", "\ue003")


@functools.cache
def hant_overrides() -> Mapping[str, str]:
    """Simplified phrase -> Traditional phrase, from ``data/hant_overrides.yaml`` (read-only)."""
    overrides = (data(HANT_OVERRIDES_FILE.name) or {}).get("overrides") or {}
    return MappingProxyType({str(simplified): str(traditional) for simplified, traditional in overrides.items()})


@functools.cache
def _phrase_pattern(phrases: frozenset[str]) -> re.Pattern[str] | None:
    # Longest first: Python's alternation takes the first alternative that matches, so 冲账 must be
    # tried before 账.
    if not phrases:
        return None
    return re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))


def shield_matches(text: str, pattern: re.Pattern[str], token: tuple[str, str],
                   replace: Callable[[str], str] = lambda span: span) -> tuple[str, list[str]]:
    """Swap every match of ``pattern`` for a numbered token; return the text and the kept spans."""
    kept: list[str] = []
    opening, closing = token

    def stash(match: re.Match[str]) -> str:
        kept.append(replace(match.group(0)))
        return f"{opening}{len(kept) - 1}{closing}"

    return pattern.sub(stash, text), kept


def unshield_matches(text: str, kept: list[str], token: tuple[str, str]) -> str:
    if not kept:
        return text
    opening, closing = token
    return re.sub(f"{opening}(\\d+){closing}", lambda match: kept[int(match.group(1))], text)


def to_traditional(text: str, overrides: Mapping[str, str] | None = None) -> str:
    """Simplified Chinese text in Taiwan Traditional (s2tw + phrase overrides).

    ``overrides`` defaults to the project's override file. The text is plain text: Markdown goes
    through :func:`faqkit.core.markdown.markdown_to_traditional`.
    """
    if overrides is None:
        overrides = hant_overrides()
    pattern = _phrase_pattern(frozenset(overrides))
    if pattern is None:
        return converter("s2tw").convert(text)
    shielded, kept = shield_matches(text, pattern, _PHRASE_TOKEN, overrides.__getitem__)
    return unshield_matches(converter("s2tw").convert(shielded), kept, _PHRASE_TOKEN)


def taiwan_to_simplified(text: str) -> str:
    """Taiwan Traditional back to Simplified (OpenCC ``tw2s``); used for script-neutral anchors."""
    return converter("tw2s").convert(text)
