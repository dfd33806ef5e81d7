"""Pages as files: front matter, Markdown escaping, what in a Markdown line is not prose, heading anchors.

One reader and one writer of front matter for every part of faqkit (ingest writing and re-reading
pages, ``faqkit check`` and ``fix``, the zh-Hant conversion, the site's hooks), with MkDocs' own
delimiters; one *shield* for the spans of Markdown that must come out byte for byte when prose is
converted or checked (code, link targets, HTML, attribute lists, block and admonition markers); one
rule for which front-matter values are prose, read from the page schema; and the anchor every heading
gets on both sites.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from pymdownx.slugs import slugify as pymdownx_slugify

from .data import DATA_DIR
from .script import taiwan_to_simplified, to_traditional

SCHEMA_FILE = DATA_DIR / "page.schema.json"

# libyaml's parser and emitter when PyYAML has them (same results, many times faster: pages that cite
# hundreds of sources made YAML the slowest part of writing and re-reading docs/).
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# ------------------------------------------------------------------------------------------ front matter

# MkDocs' own delimiters (mkdocs.utils.meta): a first line of ---, a closing line of --- or ...
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


def normalize_newlines(text: str) -> str:
    """LF line endings, as MkDocs (and Python's text mode) reads any file."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Document:
    """A page split at its front matter: ``front`` is the YAML text (None: the page has no front
    matter), ``body`` the Markdown after the closing delimiter, ``body_line`` its first line's number."""

    front: str | None
    body: str
    body_line: int = 1


def split_document(text: str) -> Document:
    """``text`` (any line endings) split into front matter and body."""
    text = normalize_newlines(text)
    match = _FRONT_MATTER.match(text)
    if not match:
        return Document(None, text)
    return Document(match.group(1), text[match.end():], text[:match.end()].count("\n") + 1)


def load_meta(front: str) -> dict[str, Any] | None:
    """The front matter as a mapping; None when it is not valid YAML or not a mapping."""
    try:
        meta = yaml.load(front, Loader=Loader)
    except yaml.YAMLError:
        return None
    if meta is None:
        return {}
    return meta if isinstance(meta, dict) else None


def read_document(text: str) -> tuple[dict[str, Any], str] | None:
    """(front matter, body) of a page with a valid front matter; None otherwise."""
    document = split_document(text)
    if document.front is None:
        return None
    meta = load_meta(document.front)
    return None if meta is None else (meta, document.body)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a page; an empty front matter when it has none or none that is a mapping."""
    document = split_document(text)
    meta = load_meta(document.front) if document.front is not None else None
    return meta or {}, document.body


def dump_meta(meta: dict[str, Any]) -> str:
    """Front matter as faqkit writes it: block style, keys in the given order, Chinese as it is."""
    return yaml.dump(meta, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=1000)


def front_matter(meta: dict[str, Any]) -> str:
    """The front-matter block of a page: the delimiters around :func:`dump_meta`."""
    return "---\n" + dump_meta(meta) + "---\n"


# ------------------------------------------------------------------------------------------ prose fields

@functools.cache
def page_schema() -> dict[str, Any]:
    """``data/page.schema.json`` as written (``faqkit check`` fills in what comes from other data)."""
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ProseFields:
    """Which front-matter values readers read (``top``: keys of the page's mapping; ``entry``: keys of
    the mappings in its lists) and which are heading anchors."""

    top: frozenset[str]
    entry: frozenset[str]
    anchor: frozenset[str]


@functools.cache
def prose_fields() -> ProseFields:
    """The page schema marks prose with ``"x-prose": true`` and anchors with ``"x-anchor": true``: titles,
    descriptions, tags, questions and answers are prose; paths, hashes, dates and slugs are neither.
    Conversion to Traditional, the script and typography checks and ``faqkit fix`` take them from here."""
    defs = page_schema()["$defs"]
    found: dict[str, set[str]] = {"top": set(), "entry": set(), "anchor": set()}
    for kind in ("faq", "category", "home"):
        found["top"].update(key for key, spec in defs[kind]["properties"].items() if spec.get("x-prose"))
    for name in ("question_entries", "related"):
        for key, spec in defs[name]["items"]["properties"].items():
            if spec.get("x-prose"):
                found["entry"].add(key)
            if spec.get("x-anchor"):
                found["anchor"].add(key)
    return ProseFields(**{k: frozenset(v) for k, v in found.items()})


# -------------------------------------------------------------------------------------------- escaping

_MARKDOWN_SPECIAL = "\\`*_[]{}<>#|"
# A line that starts like a list item, quote or numbered item would change the block it is in.
_BLOCK_START = re.compile(r"^([-+=>]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """Source text is plain text: every character Markdown (or attr_list's ``{…}``) would read is escaped."""
    for ch in _MARKDOWN_SPECIAL:
        text = text.replace(ch, "\\" + ch)
    return _BLOCK_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), text)


_HTML_UNSAFE = str.maketrans({"<": "＜", ">": "＞", '"': "＂", "'": "＇", "&": "＆"})


def plain(text: str) -> str:
    """Front-matter strings reach HTML attributes (``<meta content="…">``) unescaped in the theme: no
    character that HTML reads survives; its full-width twin reads the same in Chinese text."""
    return text.translate(_HTML_UNSAFE)


# ------------------------------------------------------------------------------------------- shielding

# Spans of Markdown that are not prose and must come out byte for byte.
_PROTECTED = re.compile(
    r"""
      ^[ \t]*(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^[ \t]*(?P=fence)[ \t]*$   # fenced code block
    | ^(?P<admonition>[ \t]*(?:!!!|\?{3}\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*[ \t]*"?)  # !!! note "title": the
      (?P<admonition_title>[^\n]*?)(?P<admonition_close>"?[ \t]*)$                 # title is prose
    | ^(?:[ \t]+(?:(?:[-*+]|\d+[.)])[ \t]+|\#{1,6}[ \t]+|>[ \t]?)*      # indentation and block markers
        | (?:(?:[-*+]|\d+[.)])[ \t]+|\#{1,6}[ \t]+|>[ \t]?)+)            # (- , 1. , ## , > )
    | (?P<ticks>`+)[^`\n][^\n]*?(?P=ticks)                           # inline code (one line)
    | (?P<target>\]\([ \t]*(?:<[^>\n]*>|[^)\s]*))                     # ](link target, and its "title" as
      (?:(?P<open>[ \t]+")(?P<title>[^"\n]*)(?P<close>"[ \t]*\)))?      # prose: the quotes are syntax
    | \]\[[^\]\n]*\]                                                  # ][label] of reference links
    | ^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*(?:<[^>\n]*>|\S+)                   # [label]: target of a definition
    | \[\^[^\]\n]+\]                                                  # [^footnote] labels
    | <!--.*?-->                                                      # HTML comments
    | </?[A-Za-z][^>\n]*>                                             # HTML tags, <https://…> autolinks
    | \{:?[ \t]*[#.][^}\n]*\}                                         # attr_list: {#id .class}
    """,
    re.VERBOSE | re.MULTILINE | re.DOTALL,
)
# One supplementary private-use character per shielded span: no typography or script rule reads it,
# and OpenCC passes it through.
_TOKEN_BASE = 0xF0000
_TOKEN_LAST = 0x10FFFD
_TOKEN = re.compile(f"[{chr(_TOKEN_BASE)}-{chr(_TOKEN_LAST)}]")


def shield(text: str) -> tuple[str, list[str]]:
    """``text`` (a line or a whole Markdown document) with every span that is not prose replaced by a
    token character, and the spans, for :func:`unshield`."""
    kept: list[str] = []

    def token(span: str) -> str:
        if not span:
            return ""
        if _TOKEN_BASE + len(kept) > _TOKEN_LAST:
            raise ValueError("too many Markdown spans to shield in one text")
        kept.append(span)
        return chr(_TOKEN_BASE + len(kept) - 1)

    def protect(match: re.Match[str]) -> str:
        if match.group("admonition") is not None:
            return token(match.group("admonition")) + match.group("admonition_title") + \
                token(match.group("admonition_close"))
        if match.group("open"):
            return token(match.group("target") + match.group("open")) + match.group("title") + \
                token(match.group("close"))
        return token(match.group(0))

    return _PROTECTED.sub(protect, text), kept


def unshield(text: str, kept: list[str]) -> str:
    if not kept:
        return text
    return _TOKEN.sub(lambda m: kept[ord(m.group(0)) - _TOKEN_BASE], text)


def markdown_to_traditional(markdown: str) -> str:
    """The prose of a Markdown document in Taiwan Traditional; code, link targets, HTML and ids untouched."""
    shielded, kept = shield(markdown)
    return unshield(to_traditional(shielded), kept)


def body_lines(body: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """(line number, line) of a Markdown body outside fenced code blocks."""
    fence = ""
    for offset, line in enumerate(body.split("\n")):
        stripped = line.lstrip()
        if fence:
            if stripped.startswith(fence) and not stripped[len(fence):].strip(fence[0] + " \t"):
                fence = ""
            continue
        opening = re.match(r"(`{3,}|~{3,})", stripped)
        if opening:
            fence = opening.group(1)
            continue
        yield first_line + offset, line


# ------------------------------------------------------------------------------------------- anchors

# The pymdownx Unicode slug (keeps Chinese) that both sites use, see script_neutral_slugify.
_unicode_slug = pymdownx_slugify(case="lower")


@functools.lru_cache(maxsize=1 << 14)  # headings recur; each call runs OpenCC twice
def script_neutral_slugify(value: str, separator: str) -> str:
    """Heading anchor that is the same on both sites: a Unicode slug of the heading in Simplified.

    The ``toc`` extension's ``slugify`` (mkdocs.yml). A heading gets the same id in zh-Hans and
    zh-Hant (``#什么是诉前调解``), so links with anchors, which the converter never touches, resolve in
    both trees. The heading goes to Traditional and back because ``tw2s`` alone misreads some Simplified
    characters as Traditional ones (什么 -> 什幺); the round trip gives the same Simplified text whichever
    script the heading was written in.
    """
    return _unicode_slug(taiwan_to_simplified(to_traditional(value)), separator)


def heading_anchor(text: str) -> str:
    """The id MkDocs gives a heading with this text (before ``_1``, ``_2`` … make it unique)."""
    return script_neutral_slugify(text, "-")
