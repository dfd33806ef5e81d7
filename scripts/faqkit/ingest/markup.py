"""Stage ``markup``: leftover HTML and Markdown in a source becomes plain text.

Raw HTML from a source must never reach a page: HTML documents are reduced to their text (script, style,
iframe and similar elements are dropped with their content), and inline tags, entities and Markdown
decoration left in plain-text articles are removed. What the page's structure was stays, in one form:
every list item (• · ● ▪ - * ① …) becomes ``• item`` (segment makes a run of them a list), a pipe table
a header line and labelled items, a heading that lost its 、 (一收集证据) gets it back. Each change is
counted.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from ..core.lexicon import tokenizer
from ..core.records import Change
from ..core.text import LIST_BULLET

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
    ("html-script", re.compile(r"<(script|style|iframe|image|svg)\b[^>]*>.*?</\1\s*>", re.I | re.S), ""),
    ("html-tag", re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>"), ""),
    ("markdown-image", re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    ("markdown-link", re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),
    ("template-syntax", re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S), ""),
    ("attribute-list", re.compile(r"\{:?[ \t]*[#.]?[A-Za-z][^{}\n]*\}"), ""),
    ("markdown-heading", re.compile(r"(?m)^#{1,6}[ \t]*"), ""),
    # - # 法律程序：… : a heading's marks the page left inside a list item (spaced: #话题# is a tag, not this).
    ("markdown-heading", re.compile(r"(?m)^([ \t]*(?:[-*+•][ \t]+|\d{1,2}[.、．)][ \t]*))#{1,6}[ \t]+"), r"\1"),
    ("markdown-quote", re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+"), ""),
    # 【法律依据】, 二、【核实真实性】: brackets around a whole heading are its decoration.
    ("heading-brackets",
     re.compile(r"(?m)^([ \t]*(?:[一二三四五六七八九十]+、|\d{1,2}[.、．])?[ \t]*)【([^】\n]{1,30})】[ \t]*$"),
     r"\1\2"),
    # Fences and admonition/details markers would turn the rest of a page into code or a box.
    ("markdown-fence", re.compile(r"(?m)^[ \t]*(?:`{3,}|~{3,})[^\n]*$"), ""),
    ("markdown-admonition", re.compile(r"(?m)^[ \t]*(?:!!!|\?{3}\+?)[ \t]*"), ""),
    # ::: opens and closes a container (Pandoc, VuePress); a site's skip-link marker is the same three colons.
    ("markdown-container", re.compile(r"(?m)^[ \t]*:{3,}[ \t]*[\w-]*[ \t]*$"), ""),
    # A bold heading run into the paragraph around it (…解决方式。 **第二章 破产程序的全景透视** 提起破产…):
    # between a sentence's end and the next sentence, spaced, with no clause in it, it is a line of its own.
    ("flattened-heading",
     re.compile(r"(?<=[。！？!?])[ \t]+\*\*([^*\n。！？，,；;]{2,30})\*\*[ \t]+(?=\S)"), r"\n\1\n"),
    ("markdown-emphasis", re.compile(r"(\*\*|__)(.+?)\1"), r"\2"),
    # What is left of ** once the pairs are gone (an excerpt cut inside a bold phrase) marks nothing.
    ("markdown-emphasis-unpaired", re.compile(r"(?<!\*)\*\*(?!\*)"), ""),
    ("markdown-rule", re.compile(r"(?m)^[ \t]*([-*_])(?:[ \t]*\1){2,}[ \t]*$"), ""),
]
_TABLE_RULE = re.compile(r"^\|?[ \t]*:?-{3,}:?[ \t]*(\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_TABLE_ROW = re.compile(r"(?m)^[ \t]*\|(.*)\|[ \t]*$")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]{2,8});")
# Emoji, pictographs and invisible format characters (zero-width spaces, direction marks, BOMs).
_DECORATION = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0E\uFE0F\u200B-\u200F"
                         "\u202A-\u202E\u2060-\u2064\uFEFF]")
_MASK = re.compile(r"\*{3,}|×{3,}|＊{3,}")
# An opening bracket at the end of a line, alone or with a short label (「电邮地址：), not closed there.
_OPEN_AT_END = re.compile(r"([（(「『【《“][^\n（()）「」『』【】《》“”]{0,8})[ \t]*\n[ \t]*(?=\S)")


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

    # A line the page broke inside brackets (进入网上『政府书店』 ( / http://… ) 选购, 「电邮地址: / …」) is
    # one line again.
    text = _apply(text, "wrapped-in-brackets", _OPEN_AT_END, r"\1", changes)
    text = _tables(text, changes)
    text = _list_items(text, changes)
    text = _heading_numbers(text, changes)
    text = _wrapped_lines(text, changes)
    text = _apply(text, "decoration", _DECORATION, "", changes)
    # A masked word (***) is a word the farm hid: it goes, and a reviewer is told where.
    text = _apply(text, "masked-word", _MASK, "", changes, applied=False)
    return text, changes


# ----------------------------------------------------------------------------------------------- tables

def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") else row
    return [cell.strip() for cell in row.split("|")]


def _table_row(row: str, header: bool) -> str:
    cells = [cell for cell in _cells(row) if cell]
    if header or len(cells) < 2:
        return "；".join(cells)
    return f"{LIST_BULLET}{cells[0]}：{'；'.join(cells[1:])}"


def _is_table(run: list[str]) -> bool:
    """A run of lines with pipes is a table when it has a rule row (``---|---``) or two or more rows with
    the same number of cells; a lone ``a|b`` line (a title and its site) is not."""
    rows = [line for line in run if not _TABLE_RULE.match(line)]
    widths = {len(_cells(line)) for line in rows}
    return len(rows) < len(run) or (len(rows) >= 2 and len(widths) == 1 and widths != {1})


def _tables(text: str, changes: list[Change]) -> str:
    """Pipe tables (with or without their outer pipes, as pages are copied) become text a page can hold:
    the header row one line of its cells, every other row a list item labelled with its first cell
    (``• 甲银行：6-60期；可能收取``); a single ``| a | b |`` row, its cells in one line."""
    lines = text.split("\n")
    out: list[str] = []
    offset = i = 0
    while i < len(lines):
        # The rows of one table all open with a pipe, or none does.
        j, opens = i, lines[i].lstrip().startswith("|")
        while j < len(lines) and "|" in lines[j] and lines[j].lstrip().startswith("|") == opens:
            j += 1
        run = lines[i:j] or [lines[i]]
        table = _is_table(run)
        for k, line in enumerate(run):
            if table and _TABLE_RULE.match(line):
                changes.append(Change("markup", "markdown-table-rule", offset, line, ""))
            elif table or _TABLE_ROW.fullmatch(line):
                header = k == 0 and len(run) > 1 and bool(_TABLE_RULE.match(run[1]))
                after = _table_row(line, header or not table)
                changes.append(Change("markup", "markdown-table-row", offset, line, after))
                if after:
                    out.append(after)
            else:
                out.append(line)
            offset += len(line) + 1
        i += len(run)
    return "\n".join(out)


# ------------------------------------------------------------------------------------------ list items

# Every list item takes one form from here on (core.text's LIST_BULLET). A page's own list markers are
# many: bullets of every shape, Markdown's - * +, a dash of one stroke (en dash, em dash, full-width
# hyphen) before a space, a hyphen or en dash written against its Han item (-情绪管理：…, no line of Chinese
# text opens with a minus), and a bullet some encoding step turned into '?' (a question mark never opens a
# line with a space after it). Not the doubled dash ——, which opens an attribution (——摘自…).
_BULLET = re.compile("^[ \t\u3000]*(?:[•·●○◦▪▫■□◆◇▶►▸▹➤➢➣❖✓✔☑]|[-*+?\u2013\u2014\uff0d](?=[ \t\u3000])"
                     "|[-\u2013\uff0d](?=[\u4e00-\u9fff]))[ \t\u3000]*(.*)$")
# An item numbered by the page (① 1. 1、 (1)) keeps its number as its marker.
_NUMBER_MARK = re.compile(r"^(?:\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）])")
_CIRCLED = {**{chr(0x2460 + n): n + 1 for n in range(20)}, **{chr(0x2776 + n): n + 1 for n in range(10)}}
# A keycap emoji numbering an item (1️⃣ 利率极高…: the digit, an optional emoji selector, the enclosing keycap;
# 🔟 for ten).
_KEYCAP = re.compile("^[ \t\u3000]*(?:(\\d)\ufe0f?\u20e3|(\U0001f51f))[ \t\u3000]*")


# A list flattened into a paragraph by the page's markup: a spaced hyphen right after a sentence ends
# (…的索偿）。 - 第二步：申请破产) opens the next item.
_FLATTENED_ITEM = re.compile(r"(?<=[。！？；!?;])[ \t\u3000]+-[ \t\u3000]+(?=\S)")


def _list_items(text: str, changes: list[Change]) -> str:
    """Every list item in one form: a bulleted line becomes ``• item`` (a bullet before a number leaves
    the number as the marker, an empty bullet goes), a circled number ``① item`` becomes ``1. item``; an
    item flattened onto the line before it (``_FLATTENED_ITEM``) gets its own line."""
    for found in reversed(list(_FLATTENED_ITEM.finditer(text))):
        changes.append(Change("markup", "list-item-flattened", found.start(), found.group(0), "\n- "))
        text = text[:found.start()] + "\n- " + text[found.end():]
    out: list[str] = []
    offset = 0
    for line in text.split("\n"):
        here, offset = offset, offset + len(line) + 1
        bullet = _BULLET.match(line)
        stripped = line.lstrip(" \t\u3000")
        if bullet:
            rest = bullet.group(1).strip()
            after = rest if not rest or _NUMBER_MARK.match(rest) else LIST_BULLET + rest
            if after == line:
                out.append(line)
                continue
            changes.append(Change("markup", "list-item" if rest else "list-item-empty", here, line, after))
            if after:
                out.append(after)
            continue
        keycap = _KEYCAP.match(line)
        if keycap:
            after = f"{keycap.group(1) or 10}. {line[keycap.end():].strip()}"
            changes.append(Change("markup", "list-item", here, line, after))
            out.append(after)
            continue
        if stripped[:1] in _CIRCLED:
            after = f"{_CIRCLED[stripped[0]]}. {stripped[1:].strip()}"
            changes.append(Change("markup", "list-item", here, line, after))
            out.append(after)
            continue
        out.append(line)
    return "\n".join(out)


# ------------------------------------------------------------------------------------ heading numbers

_NUMERALS = "一二三四五六七八九"
# 一收集证据: a heading whose 、 was the page's styling, not its text (a bullet may stand before it).
_BARE_NUMBERED = re.compile(rf"^(?:{re.escape(LIST_BULLET)})?([{_NUMERALS}])(?![、，。．.:：\s{_NUMERALS}十])"
                            r"([^。，；！？!?,;]{2,28})$")


def _heading_numbers(text: str, changes: list[Change]) -> str:
    """Headings numbered 一, 二, 三 … without their 、 get it back, when two or more of them, in order
    from 一, are the only such lines, and in each the numeral is a word of its own: 一般来说…, 二线财务…
    open with a word that holds the numeral."""
    lines = text.split("\n")
    found = [(i, m) for i, line in enumerate(lines) if (m := _BARE_NUMBERED.match(line.strip()))
             and next(iter(tokenizer().cut(line.strip().removeprefix(LIST_BULLET), HMM=False)), "") == m.group(1)]
    numbers = [m.group(1) for _, m in found]
    if len(found) < 2 or numbers != list(_NUMERALS[:len(found)]):
        return text
    for i, m in found:
        after = f"{m.group(1)}、{m.group(2)}"
        changes.append(Change("markup", "heading-number", 0, lines[i], after))
        lines[i] = after
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------- wrapped lines

# Where a line can end a sentence, an item or a heading's label. A line ending otherwise (…因触犯某项,
# 在普遍情况下，) stops in the middle of one.
_LINE_END = re.compile(r"[。！？!?…；;：:.”’」』）)】》\]]\s*$")
# A line that starts something of its own: a list item, a numbered heading, a table row.
_STARTS_OWN = re.compile(rf"^(?:{re.escape(LIST_BULLET)}|\d{{1,2}}[.、．]|[（(][一二三四五六七八九十\d]{{1,2}}[)）]"
                         r"|[一二三四五六七八九十]+、|\|)")
# A line that stops where no sentence, item or heading can: at a clause mark (在普遍情况下，), or after a
# clause of a sentence it does not finish (具体来说，这主要因为). A heading or a menu line has no clause.
_STOPS_MID_SENTENCE = re.compile(r"[，,、]\s*$"
                                 r"|^[^。！？!?；;]*[，,；;][^。！？!?；;：:]*[^。！？!?…；;：:.”’」』）)】》\]\s]\s*$")
# A page that broke its paragraphs into lines of a few words (网贷逾期问题通常并不会导致用户因触犯某项 /
# 刑事法律而遭到 / 起诉和监禁。): at least WRAPPED_MIN_LINES of its lines of text (not the headline, list
# items or headings), and WRAPPED_SHARE of them, stop in the middle of a sentence. Then each such line
# and the lines after it are one paragraph until a sentence ends. A page with bare headings or menus
# stays far below: those lines hold no clause.
WRAPPED_SHARE = 0.25
WRAPPED_MIN_LINES = 3


def _wrapped_lines(text: str, changes: list[Change]) -> str:
    """The paragraphs of a page that broke them into lines of a few words, whole again: a line that stops
    mid-sentence is joined to the next, and so on until a sentence ends, never across a blank line, a
    list item or a heading. Each join is counted."""
    lines = text.split("\n")
    filled = [i for i, line in enumerate(lines) if line.strip()]
    # The headline is a line of its own, unless it stops at a comma (在普遍情况下，): then it is no headline.
    body = filled[1:] if filled and not re.search(r"[，,、]\s*$", lines[filled[0]]) else filled
    prose = [i for i in body if not _STARTS_OWN.match(lines[i].strip())]
    stopped = [i for i in prose if _STOPS_MID_SENTENCE.search(lines[i])]
    if len(stopped) < WRAPPED_MIN_LINES or len(stopped) < WRAPPED_SHARE * len(prose):
        return text
    joinable = set(prose)
    out: list[str] = []
    open_sentence = False  # the last line out stopped mid-sentence, or continues one that did
    for i, line in enumerate(lines):
        if open_sentence and i in joinable and i - 1 in joinable and not _LINE_END.search(out[-1]):
            changes.append(Change("markup", "wrapped-line", 0, out[-1][-12:] + "\n" + line.strip()[:12],
                                  out[-1][-12:] + line.strip()[:12]))
            out[-1] = out[-1].rstrip() + line.strip()
        else:
            out.append(line)
            open_sentence = i in joinable and bool(_STOPS_MID_SENTENCE.search(line))
    return "\n".join(out)
