"""The prose rules: what no sentence of a page may hold (Traditional characters, half-width
punctuation, contact details, content-farm boilerplate, signs of mojibake).

The rules run in the order ``data/check.yaml`` lists them under ``prose_rules``; each is registered
here under its name, and takes its patterns from data (``boilerplate.yaml``, the same patterns ingest
removes, and ``check.yaml``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..core.data import data
from ..core.furniture import load_rules as furniture_rules
from ..core.markdown import shield, unshield
from ..core.script import to_simplified
from ..core.text import is_han, plausibility
from ..core.typography import fix_punctuation
from .pages import FIX_HINT, Page, prose_nodes


def _changed_characters(before: str, after: str) -> str:
    if len(before) == len(after):
        pairs = sorted({f"{a}→{b}" for a, b in zip(before, after, strict=True) if a != b})
    else:
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        pairs = sorted({f"{before[i1:i2]}→{after[j1:j2]}" for op, i1, i2, j1, j2 in matcher.get_opcodes()
                        if op != "equal"})
    return "、".join(pairs[:8]) + ("……" if len(pairs) > 8 else "")


@dataclass(frozen=True)
class Prose:
    """A piece of a page that readers read: its line, its prose (code, link targets, HTML and attribute
    lists shielded), its raw text, and ``kind``: ``prose`` (a front-matter value), ``anchor`` (a
    front-matter anchor) or ``body``."""

    line: int
    text: str
    raw: str
    kind: str
    shielded: tuple[str, ...] = ()  # the spans ``text`` holds as tokens


def prose_items(page: Page) -> Iterator[Prose]:
    for node, kind in prose_nodes(page.node):
        yield Prose(2 + node.start_mark.line, node.value, node.value, kind)
    for line_no, line in page.body_lines():
        text, kept = shield(line)
        yield Prose(line_no, text, line, "body", tuple(kept))


@cache
def check_rules() -> dict[str, Any]:
    return data("check.yaml")


ProseRule = Callable[[Page, Prose], None]
_RULES: dict[str, ProseRule] = {}


def prose_rule(name: str) -> Callable[[ProseRule], ProseRule]:
    """Register a prose rule under the name ``data/check.yaml`` lists it by."""
    def register(rule: ProseRule) -> ProseRule:
        _RULES[name] = rule
        return rule
    return register


@prose_rule("script")
def _script(page: Page, item: Prose) -> None:
    simplified = to_simplified(item.text)
    if simplified != item.text:
        page.finding(item.line, "script", f"有繁体字：{_changed_characters(item.text, simplified)}",
                     FIX_HINT + "为简体（繁体站点由构建自动生成，页面只写简体）")


@prose_rule("typography")
def _typography(page: Page, item: Prose) -> None:
    _, changes = fix_punctuation(item.text)
    if changes:
        shown = "；".join(f"{c.before.strip() or repr(c.before)} → {c.after or '（删除）'}" for c in changes[:4])
        page.finding(item.line, "typography", f"中文里的标点或空格不规范：{shown}",
                     FIX_HINT + "（中文用全角标点，英文、数字、网址内部保持半角）")


@cache
def _contact_patterns() -> dict[str, tuple[re.Pattern[str], bool]]:
    """Contact details by the name readers are told: ``boilerplate.yaml``'s patterns, the ones ingest
    removes; with whether link targets are searched too."""
    rules, pii = check_rules(), data("boilerplate.yaml")["pii"]
    return {name: (re.compile(pii[kind]), kind in rules["contact_kinds_in_links"])
            for kind, name in rules["contact_kinds"].items()}


@prose_rule("contact")
def _contact(page: Page, item: Prose) -> None:
    reported: list[tuple[int, int]] = []
    for name, (pattern, in_links) in _contact_patterns().items():
        found = pattern.search(item.text) or (pattern.search(item.raw) if in_links else None)
        if found and not any(a <= found.start() < b for a, b in reported):
            reported.append(found.span())
            page.finding(item.line, "contact", f"页面里有{name}：{found.group(0)}",
                         "删掉个人联系方式；需要时写机构名称（如“平台官方客服”），让读者从官方渠道查询")


@prose_rule("boilerplate")
def _boilerplate(page: Page, item: Prose) -> None:
    """What ingest removes as furniture (``boilerplate.yaml``), named where a hand-written line has it:
    a whole line ingest drops or ends the article at, furniture inside a line, the site's own voice."""
    rules = furniture_rules()
    whole_line = (*rules.drop_lines, *rules.footer_starts, *rules.listing_starts, *rules.contents_labels)
    inline = (*rules.strip_inline, *rules.split_at)
    for line in item.text.split("\n"):
        plain = re.sub(r"^[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d+\\?\.[ \t]+|>[ \t]*)*", "", line).replace("**", "")
        named = next((name for name, pattern in whole_line if pattern.search(plain)), None)
        if named:
            page.finding(item.line, "boilerplate", f"内容农场的套话（{named}）：{plain.strip()[:40]}",
                         "删掉这一行；页面只写对读者有用的内容")
            continue
        for name, pattern in inline:
            found = pattern.search(plain)
            if found and found.group(0).strip():
                page.finding(item.line, "boilerplate", f"网页上的附属文字（{name}）：{found.group(0).strip()[:40]}",
                             "删掉这几个字；页面只留正文")
        for sentence in re.split(r"(?<=[。！？])", plain.strip()):
            for name, pattern in rules.drop_sentences:
                if sentence and pattern.search(sentence):
                    page.finding(item.line, "boilerplate", f"内容农场的套话（{name}）：{sentence[:40]}",
                                 "删掉这句，或改成直接对读者说的话")


@prose_rule("mojibake")
def _mojibake(page: Page, item: Prose) -> None:
    # Signs looked for in the prose: Markdown's own marks (`??? note`, a `?` in a link target) are not text.
    for name, pattern in _mojibake_patterns().items():
        found = pattern.search(item.text)
        if found:
            around = unshield(item.text[max(0, found.start() - 6):found.end() + 6], list(item.shielded))
            page.finding(item.line, "mojibake", f"疑似乱码（{name}）：{around}",
                         "对照来源改回正确的字；若是 faqkit ingest 生成的，请开 issue 并附上来源文件名")


@cache
def _mojibake_patterns() -> dict[str, re.Pattern[str]]:
    return {name: re.compile(p) for name, p in check_rules()["mojibake"].items()}


@prose_rule("garbled-line")
def _garbled_line(page: Page, item: Prose) -> None:
    garbled = check_rules()["garbled_line"]
    han = sum(1 for ch in item.text if is_han(ch))
    if han >= garbled["min_han"] and plausibility(item.text) < garbled["min_common_share"]:
        page.finding(item.line, "mojibake", f"这一行生僻字太多，像是用错编码解码的乱码：{item.text.strip()[:30]}",
                     "对照来源改回正确的字；若是 faqkit ingest 生成的，请开 issue 并附上来源文件名")


def check_prose(page: Page) -> None:
    """Every prose rule ``check.yaml`` lists, on every piece of prose of the page (anchors get only the
    rules listed for them)."""
    rules = check_rules()
    for item in prose_items(page):
        for name in rules["anchor_rules"] if item.kind == "anchor" else rules["prose_rules"]:
            _RULES[name](page, item)


_HEADING = re.compile(r"^(#{1,6})[ \t]+\S")


def check_body_lines(page: Page) -> None:
    """Raw lines that must not be there at all (the body's own script and HTML rules), and headings with
    nothing under them (ingest drops those too: segment's empty-heading)."""
    open_heading: tuple[int, int, str] | None = None  # (line, level, text) of a heading nothing follows yet

    def close(level: int) -> None:
        if open_heading is not None and level <= open_heading[1]:
            page.finding(open_heading[0], "empty-heading", f"小标题“{open_heading[2][:30]}”下面没有内容",
                         "在小标题下写上回答，或删掉这个小标题")

    for line_no, line in page.body_lines():
        if re.search(r"<\s*/?\s*(script|iframe|object|embed|style)\b|\son[a-z]+\s*=", line, re.I):
            page.finding(line_no, "html", "页面里有脚本、内嵌框架或事件属性（on…=）",
                         "删掉这段 HTML；页面只用 Markdown 写")
        heading = _HEADING.match(line)
        if heading:
            close(len(heading.group(1)))
            open_heading = (line_no, len(heading.group(1)), line[len(heading.group(1)):].strip())
        elif line.strip():
            open_heading = None
    close(1)
