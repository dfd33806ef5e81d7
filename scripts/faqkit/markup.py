"""Stage ``markup``: leftover HTML and Markdown in a source becomes plain text.

Raw HTML from a source must never reach a page: HTML documents are reduced to their text (script, style,
iframe and similar elements are dropped with their content), and inline tags, entities and Markdown
decoration left in plain-text articles are removed. Each removal is counted.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from .record import Change

# Elements whose content is never article text.
_DROP_CONTENT = {"script", "style", "iframe", "noscript", "template", "svg", "object", "embed",
                 "head", "title", "nav", "footer", "form", "button", "select", "textarea"}
_BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
          "section", "article", "blockquote", "pre", "hr", "dd", "dt", "header", "main"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip_depth = 0
        self.dropped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_CONTENT:
            self.skip_depth += 1
            self.dropped.append(tag)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_CONTENT:
            self.skip_depth = max(0, self.skip_depth - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip_depth:
            self.parts.append(data)


def html_to_text(document: str) -> tuple[str, list[Change]]:
    """Text of an HTML document, one block per line; dropped elements are recorded."""
    parser = _TextExtractor()
    parser.feed(document)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\u00a0]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    changes = [Change("markup", f"html-{tag}", 0, f"<{tag}>", "") for tag in parser.dropped]
    changes.append(Change("markup", "html-document", 0, "<html>", "text"))
    return text.strip() + "\n", changes


_INLINE_RULES: list[tuple[str, re.Pattern[str], str]] = [
    ("html-script", re.compile(r"<(script|style|iframe)\b[^>]*>.*?</\1\s*>", re.I | re.S), ""),
    ("html-tag", re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>"), ""),
    ("markdown-image", re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    ("markdown-link", re.compile(r"\[([^\]]+)\]\((?:https?:|javascript:|/|#)[^)]*\)"), r"\1"),
    ("markdown-heading", re.compile(r"(?m)^#{1,6}[ \t]*"), ""),
    ("markdown-emphasis", re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    ("markdown-rule", re.compile(r"(?m)^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$"), ""),
    ("markdown-table-rule", re.compile(r"(?m)^\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$"), ""),
    ("markdown-table-pipe", re.compile(r"(?m)^\|(.*)\|[ \t]*$"), r"\1"),
    ("masked-word", re.compile(r"\*{3,}"), ""),
]
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")


def strip_inline_markup(text: str) -> tuple[str, list[Change]]:
    """Remove tags, entities and Markdown decoration left inside a plain-text article."""
    changes: list[Change] = []
    for fix, pattern, repl in _INLINE_RULES:
        def record(m: re.Match[str], fix: str = fix, repl: str = repl) -> str:
            after = m.expand(repl)
            changes.append(Change("markup", fix, m.start(), m.group(0)[:80], after[:80]))
            return after
        text = pattern.sub(record, text)

    def unescape(m: re.Match[str]) -> str:
        after = html.unescape(m.group(0))
        if after == m.group(0):
            return after
        changes.append(Change("markup", "html-entity", m.start(), m.group(0), after))
        return after

    text = _ENTITY.sub(unescape, text)
    # A table row's remaining pipes separate cells: read them as a pause.
    if "|" in text:
        text = re.sub(r"[ \t]*\|[ \t]*", "；", text)
    return text, changes
