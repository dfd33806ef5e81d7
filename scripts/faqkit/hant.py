"""Simplified -> Taiwan Traditional conversion for the zh-Hant site.

The conversion is OpenCC ``s2tw`` plus the reviewed phrase overrides in
``data/hant_overrides.yaml``. Overrides win because their phrases are shielded
from OpenCC (swapped for private-use placeholders) and put back already
converted; OpenCC never sees them, so it cannot match a longer phrase across
their boundary.

Markdown goes through :func:`markdown_to_traditional`, which shields code,
link targets, HTML tags and attribute lists the same way, so URLs, file
names, anchors and code never change.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType

import opencc
import yaml
from pymdownx.slugs import slugify as pymdownx_slugify

from .lexicon import converter

OVERRIDES_FILE = Path(__file__).parent / "data" / "hant_overrides.yaml"
# OpenCC's character tables (opencc-python-reimplemented ships them as text).
OPENCC_DICTIONARIES = Path(opencc.__file__).parent / "dictionary"

# Private-use code points: OpenCC passes them through untouched and they never
# occur in real text. Two pairs, because Markdown shielding wraps the phrase
# shielding of to_traditional and the two must not read each other's tokens.
_MARKDOWN_TOKEN = ("\ue000", "\ue001")
_PHRASE_TOKEN = ("\ue002", "\ue003")

# Spans of Markdown that must come out byte for byte: code, link and image
# targets, reference labels, HTML tags and comments, attribute lists.
_MARKDOWN_PROTECTED = re.compile(
    r"""
      ^[ \t]*(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^[ \t]*(?P=fence)[ \t]*$  # fenced code block
    | (?P<ticks>`+)[^`\n][^\n]*?(?P=ticks)          # inline code (one line)
    | \]\([ \t]*(?:<[^>\n]*>|[^)\s]*)                # ](target of links and images; the title is prose
    | \]\[[^\]\n]*\]                                 # ][label] of reference links
    | ^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(?:<[^>\n]*>|\S+)  # [label]: target of reference definitions
    | \[\^[^\]\n]+\]                                 # [^footnote] labels
    | <!--.*?-->                                     # HTML comments
    | </?[A-Za-z][^>\n]*>                            # HTML tags and <https://...> autolinks
    | \{:?[ \t]*[#.][^}\n]*\}                        # attr_list: {#id .class}
    """,
    re.VERBOSE | re.MULTILINE | re.DOTALL,
)

# The pymdownx Unicode slug (keeps Chinese) that both sites use, see script_neutral_slugify.
_unicode_slug = pymdownx_slugify(case="lower")


def _s2tw() -> opencc.OpenCC:
    return converter("s2tw")


def _tw2s() -> opencc.OpenCC:
    return converter("tw2s")


@functools.cache
def load_overrides(path: Path = OVERRIDES_FILE) -> Mapping[str, str]:
    """Simplified phrase -> Traditional phrase, from the reviewed override file (read-only, cached)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    overrides = data.get("overrides") or {}
    return MappingProxyType({str(simplified): str(traditional) for simplified, traditional in overrides.items()})


@functools.cache
def _phrase_pattern(phrases: frozenset[str]) -> re.Pattern[str] | None:
    # Longest first: Python's alternation takes the first alternative that
    # matches, so 冲账 must be tried before 账.
    if not phrases:
        return None
    return re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))


def _shield(
    text: str,
    pattern: re.Pattern[str],
    token: tuple[str, str],
    replace: Callable[[str], str] = lambda span: span,
) -> tuple[str, list[str]]:
    """Swap every match of ``pattern`` for a numbered token; return the text and the kept spans."""
    kept: list[str] = []
    opening, closing = token

    def stash(match: re.Match[str]) -> str:
        kept.append(replace(match.group(0)))
        return f"{opening}{len(kept) - 1}{closing}"

    return pattern.sub(stash, text), kept


def _unshield(text: str, kept: list[str], token: tuple[str, str]) -> str:
    opening, closing = token
    return re.sub(f"{opening}(\\d+){closing}", lambda match: kept[int(match.group(1))], text)


def to_traditional(text: str, overrides: Mapping[str, str] | None = None) -> str:
    """Convert Simplified Chinese text to Taiwan Traditional (s2tw + phrase overrides).

    ``overrides`` defaults to the project's override file. The text is treated
    as plain text: use :func:`markdown_to_traditional` for Markdown.
    """
    if overrides is None:
        overrides = load_overrides()
    pattern = _phrase_pattern(frozenset(overrides))
    if pattern is None:
        return _s2tw().convert(text)
    shielded, kept = _shield(text, pattern, _PHRASE_TOKEN, overrides.__getitem__)
    return _unshield(_s2tw().convert(shielded), kept, _PHRASE_TOKEN)


def taiwan_to_simplified(text: str) -> str:
    """Convert Taiwan Traditional back to Simplified (OpenCC ``tw2s``); used for script-neutral slugs."""
    return _tw2s().convert(text)


def markdown_to_traditional(markdown: str, overrides: Mapping[str, str] | None = None) -> str:
    """Convert the prose of a Markdown document, leaving code, link targets, HTML tags and ids alone."""
    shielded, kept = _shield(markdown, _MARKDOWN_PROTECTED, _MARKDOWN_TOKEN)
    return _unshield(to_traditional(shielded, overrides), kept, _MARKDOWN_TOKEN)


@functools.lru_cache(maxsize=1 << 14)  # headings recur; each call runs OpenCC twice
def script_neutral_slugify(value: str, separator: str) -> str:
    """Heading anchor that is the same on both sites: a Unicode slug of the heading in Simplified.

    Used as the ``toc`` extension's ``slugify``. A heading gets the same id in
    zh-Hans and zh-Hant (``#什么是诉前调解``), so links with anchors, which the
    converter never touches, resolve in both trees. The heading goes to
    Traditional and back because ``tw2s`` alone misreads some Simplified
    characters as Traditional ones (什么 -> 什幺); the round trip gives the
    same Simplified text whichever script the heading was written in.
    """
    return _unicode_slug(taiwan_to_simplified(to_traditional(value)), separator)


def _character_table(name: str) -> Iterator[tuple[str, list[str]]]:
    for line in (OPENCC_DICTIONARIES / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            source, targets = line.split("\t", 1)
            yield source, targets.split()


@functools.cache
def simplified_only_characters() -> frozenset[str]:
    """Characters that exist only in Simplified (这, 说, 贷, 么...): s2tw never keeps them.

    For checking that Traditional text has no Simplified left in it. 干, 后,
    里 or 台 are not in the set, as they are also correct Traditional (干擾,
    皇后, 公里, 台州), nor is 群, which OpenCC's table writes 羣 but s2tw 群.
    """
    return frozenset(
        char
        for char, traditional in _character_table("STCharacters.txt")
        if char not in traditional and _s2tw().convert(char) != char
    )


@functools.cache
def traditional_only_characters() -> frozenset[str]:
    """Characters that exist only in Traditional (這, 說, 貸...), the mirror of simplified_only_characters."""
    return frozenset(
        char
        for char, simplified in _character_table("TSCharacters.txt")
        if char not in simplified and _tw2s().convert(char) != char
    )
