"""Stage ``markup``: leftover HTML and Markdown in a source becomes plain text.

Raw HTML from a source must never reach a page: HTML documents are reduced to their text (script, style,
iframe and similar elements are dropped with their content), and inline tags, entities and Markdown
decoration left in plain-text articles are removed. Each removal is counted.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ..core.records import Change

# Elements whose content is never article text.
_DROP_CONTENT = {"script", "style", "iframe", "noscript", "template", "svg", "object",
                 "head", "title", "nav", "footer", "form", "button", "select", "textarea"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
          "section", "article", "blockquote", "pre", "hr", "dd", "dt", "header", "main"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open_dropped: list[str] = []  # dropped elements we are inside, innermost last
        self.dropped: dict[str, int] = {}  # element -> characters of text dropped with it

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body" and "head" in self.open_dropped:
            # <head> may be left unclosed (HTML allows it): the body ends it.
            del self.open_dropped[self.open_dropped.index("head"):]
        if tag in _DROP_CONTENT:
            self.open_dropped.append(tag)
            self.dropped.setdefault(tag, 0)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open_dropped:
            del self.open_dropped[len(self.open_dropped) - 1 - self.open_dropped[::-1].index(tag):]
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.open_dropped:
            self.dropped[self.open_dropped[-1]] += len(data.strip())
        else:
            self.parts.append(data)


def html_to_text(document: str) -> tuple[str, list[Change]]:
    """Text of an HTML document, one block per line; what was dropped, and how much, is recorded."""
    parser = _TextExtractor()
    parser.feed(document)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    changes = [Change("markup", f"html-{tag}", 0, f"<{tag}> ({chars} characters)", "")
               for tag, chars in sorted(parser.dropped.items())]
    changes.append(Change("markup", "html-document", 0, "<html>", "text"))
    return text.strip() + "\n", changes


# A Markdown source's own front matter (a first line of ---, "key: value" lines, a closing --- or ...) is
# metadata, never article text. Not parsed as YAML: a source is untrusted, and aliases (&a / *a) can
# expand without bound. Its title, a plain one-line value, is the article's headline.
_SOURCE_FRONT_MATTER = re.compile(
    r"""\A\ufeff?[ \t]*-{3}[ \t]*\r?\n                # the opening ---
        ((?:[A-Za-z_][\w-]*[ \t]*:.*\n)(?:.*\n){0,80}?)  # a "key:" line first, then up to 80 lines
        [ \t]*(?:-{3}|\.{3})[ \t]*\r?(?:\n|\Z)          # the closing --- or ...""", re.X)
_FRONT_MATTER_TITLE = re.compile(r"^title[ \t]*:[ \t]*(['\"]?)([^\n'\"&*!|>\[\]{}]+?)\1[ \t]*$", re.M)


def strip_front_matter(text: str) -> tuple[str, list[Change]]:
    """A source's leading front-matter block, removed (and counted); its ``title:``, if it is a plain
    one-line value, stays as the article's first line."""
    found = _SOURCE_FRONT_MATTER.match(text)
    if not found:
        return text, []
    title = _FRONT_MATTER_TITLE.search(found.group(1))
    headline = title.group(2).strip() if title else ""
    change = Change("markup", "front-matter", 0, found.group(0), headline)
    return (headline + "\n" if headline else "") + text[found.end():], [change]


_INLINE_RULES: list[tuple[str, re.Pattern[str], str]] = [
    ("html-script", re.compile(r"<(script|style|iframe)\b[^>]*>.*?</\1\s*>", re.I | re.S), ""),
    ("html-tag", re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>"), ""),
    ("markdown-image", re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    ("markdown-link", re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    ("template-syntax", re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S), ""),
    ("attribute-list", re.compile(r"\{:?[ \t]*[#.]?[A-Za-z][^{}\n]*\}"), ""),
    ("markdown-heading", re.compile(r"(?m)^#{1,6}[ \t]*"), ""),
    # Fences and admonition/details markers would turn the rest of a page into code or a box.
    ("markdown-fence", re.compile(r"(?m)^[ \t]*(?:`{3,}|~{3,})[^\n]*$"), ""),
    ("markdown-admonition", re.compile(r"(?m)^[ \t]*(?:!!!|\?{3}\+?)[ \t]*"), ""),
    ("markdown-emphasis", re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    ("markdown-rule", re.compile(r"(?m)^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$"), ""),
    ("markdown-table-rule", re.compile(r"(?m)^\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$"), ""),
]
_TABLE_ROW = re.compile(r"(?m)^[ \t]*\|(.*)\|[ \t]*$")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")
# Emoji, pictographs and invisible format characters (zero-width spaces, direction marks, BOMs).
_DECORATION = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0E\uFE0F\u200B-\u200F"
                         "\u202A-\u202E\u2060-\u2064\uFEFF]")
_MASK = re.compile(r"\*{3,}|×{3,}|＊{3,}")


def _apply(text: str, fix: str, pattern: re.Pattern[str], repl: str, changes: list[Change],
           applied: bool = True) -> str:
    def record(m: re.Match[str]) -> str:
        after = m.expand(repl)
        before = m.group(0) if applied else m.string[max(0, m.start() - 6):m.end() + 6]
        changes.append(Change("markup", fix, m.start(), before, after, applied=applied))
        return after
    return pattern.sub(record, text)


def strip_inline_markup(text: str) -> tuple[str, list[Change]]:
    """Remove tags, entities and Markdown decoration left inside a plain-text article.

    Entities are decoded *before* tags are removed, and the two repeat until nothing changes, so that
    ``&lt;script&gt;`` cannot turn into a tag after the tags are gone.
    """
    changes: list[Change] = []
    for _ in range(3):
        before = text

        def unescape(m: re.Match[str]) -> str:
            after = html.unescape(m.group(0))
            if after != m.group(0):
                changes.append(Change("markup", "html-entity", m.start(), m.group(0), after))
            return after

        text = _ENTITY.sub(unescape, text)
        for fix, pattern, repl in _INLINE_RULES:
            text = _apply(text, fix, pattern, repl, changes)
        if text == before:
            break

    def table_row(m: re.Match[str]) -> str:
        # Cells of a pipe-table row read as one sentence with pauses between them.
        after = re.sub(r"[ \t]*\|[ \t]*", "；", m.group(1).strip())
        changes.append(Change("markup", "markdown-table-row", m.start(), m.group(0), after))
        return after

    text = _TABLE_ROW.sub(table_row, text)
    text = _apply(text, "decoration", _DECORATION, "", changes)
    # A masked word (***) is a word the farm hid: it goes, and a reviewer is told where.
    text = _apply(text, "masked-word", _MASK, "", changes, applied=False)
    return text, changes
