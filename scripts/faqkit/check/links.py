"""Headings, anchors and links: every link and ``related`` entry leads somewhere, no two headings of a
page share an anchor, the front matter's questions are the page's headings, and each question is
answered on one page only."""

from __future__ import annotations

import difflib
import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import markdown

from ..core.data import places, site_text
from ..core.jurisdiction import one_audience
from ..core.questions import question_identity, same_step
from ..core.script import to_simplified
from .pages import Page, node_line


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    anchor: str
    name: str


@cache
def _markdown_settings(root: Path, docs_dir: Path) -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions of the site's mkdocs.yml, so anchors are computed as MkDocs computes them."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), docs_dir=str(docs_dir.resolve()))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def page_html(page: Page, root: Path, docs_dir: Path) -> tuple[str, list[dict[str, Any]]]:
    extensions, configs = _markdown_settings(root.resolve(), docs_dir.resolve())
    converter = markdown.Markdown(extensions=extensions, extension_configs=configs)
    rendered = converter.convert(page.body)
    return rendered, getattr(converter, "toc_tokens", [])


def _flatten(tokens: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for token in tokens:
        yield token
        yield from _flatten(token.get("children", []))


def headings(page: Page, tokens: list[dict[str, Any]]) -> list[Heading]:
    """The page's headings with the anchors MkDocs gives them and the lines they are on."""
    lines = [(no, line) for no, line in page.body_lines() if re.match(r"^#{1,6}[ \t]", line)]
    found = []
    for index, token in enumerate(_flatten(tokens)):
        line = lines[index][0] if index < len(lines) else page.body_line
        found.append(Heading(line, token["level"], token["id"], html.unescape(token["name"])))
    return found


def check_anchors(page: Page, rendered: str, heads: list[Heading]) -> set[str]:
    """Every id on the page; a heading whose anchor another heading already has is a finding."""
    ids = re.findall(r'\sid="([^"]+)"', rendered)
    seen: dict[str, Heading] = {}
    # The page title (H1) may share its anchor with a section: a link to it lands on the title and the
    # short answer under it, which answer that question.
    for head in (h for h in heads if h.level > 1):
        base = re.sub(r"_\d+$", "", head.anchor)
        if base != head.anchor and base in seen:
            first = seen[base]
            page.finding(head.line, "anchor",
                         f"小标题“{head.name}”与第 {first.line} 行的“{first.name}”锚点相同（#{base}），"
                         f"链接只能到达第一个",
                         "改写其中一个小标题，让每个问题只出现一次；两节说的是一件事就合并")
        seen.setdefault(head.anchor, head)
    explicit = [i for i in set(ids) if ids.count(i) > 1]
    for anchor in sorted(explicit):
        line = next((no for no, text in page.body_lines() if f"#{anchor}" in text), page.body_line)
        page.finding(line, "anchor", f"锚点 #{anchor} 在这一页出现了不止一次", "给每个 `{#…}` 起不同的名字")
    return set(ids)


def _simplified(text: str) -> str:
    """A heading or title as ingest reads it: entities decoded, in Simplified."""
    return to_simplified(html.unescape(text))


def _normalize_question(text: str) -> str:
    return re.sub(r"[\s\W_]+", "", _simplified(text)).lower()


def _question_identity(text: str) -> str:
    """The question a title or heading asks, however worded (ingest plans pages by the same key)."""
    return question_identity(_simplified(text))


def question_entries(page: Page) -> Iterator[tuple[int, str, str | None]]:
    """(line, question, anchor or None) of the front matter's questions, in either shape."""
    questions = (page.meta or {}).get("questions")
    if not isinstance(questions, list):
        return
    for index, item in enumerate(questions):
        line = node_line(page, ["questions", index])
        if isinstance(item, str):
            yield line, item, None
        elif isinstance(item, dict) and isinstance(item.get("question"), str):
            anchor = item.get("anchor")
            yield line, item["question"], anchor if isinstance(anchor, str) else None


def check_questions_on_page(page: Page, heads: list[Heading], anchors: set[str]) -> None:
    names = {_normalize_question(h.name) for h in heads}
    for line, question, anchor in question_entries(page):
        if _normalize_question(question) not in names:
            page.finding(line, "questions", f"questions 里的“{question}”在正文中没有对应的小标题",
                         f"正文里加上 `## {question}`，或让 questions 与正文的小标题一致（改标题时两处都要改）")
        if anchor is not None and anchor not in anchors:
            page.finding(line, "questions", f"questions 里的锚点 #{anchor} 在这一页不存在",
                         f"改成小标题的锚点，可用的有：{', '.join(sorted(anchors)[:6])}")


_LINK = re.compile(r"!?\[(?:[^\]\\\n]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _links(page: Page) -> Iterator[tuple[int, str]]:
    for line_no, line in page.body_lines():
        code_free = re.sub(r"(`+)[^`\n].*?\1", "", line)
        for match in _LINK.finditer(code_free):
            yield line_no, match.group(1)
        reference = _REFERENCE.match(code_free)
        if reference:
            yield line_no, reference.group(1)


def check_links(page: Page, files: set[str], anchors: dict[str, set[str]]) -> None:
    for line, target in _links(page):
        if not target:
            page.finding(line, "link", "链接没有目标", "在 `(...)` 里写上目标页面，例如 `(../overdue/xxx.md)`")
            continue
        scheme = _SCHEME.match(target)
        if scheme:
            if scheme.group(0).lower() in ("javascript:", "data:", "vbscript:", "file:"):
                page.finding(line, "link", f"不允许的链接：{target[:40]}", "删掉这个链接，只链接到网页或站内页面")
            continue
        if target.startswith("/"):
            page.finding(line, "link", f"站内链接用了绝对路径：{target}",
                         "改成相对当前页面的路径，例如 `../credit/xxx.md`")
            continue
        path, _, anchor = target.partition("#")
        path, anchor = unquote(path), unquote(anchor)
        if path:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))
            if resolved.startswith("../") or resolved == "..":
                page.finding(line, "link", f"链接指向 docs/ 之外：{target}", "只链接 docs/ 里的页面")
                continue
            if resolved not in files:
                close = difflib.get_close_matches(resolved, sorted(files), n=1)
                hint = (f"是不是想链接 `{posixpath.relpath(close[0], posixpath.dirname(page.rel) or '.')}`？"
                        if close else "检查文件名和相对路径（链接写 .md 文件的路径）")
                page.finding(line, "link", f"链接目标不存在：{target}", hint)
                continue
        else:
            resolved = page.rel
        if anchor and resolved in anchors and anchor not in anchors[resolved]:
            close = difflib.get_close_matches(anchor, sorted(anchors[resolved]), n=1)
            hint = f"是不是 `#{close[0]}`？" if close else "锚点是小标题的文字（去掉标点），检查是否写错"
            page.finding(line, "link", f"锚点不存在：{target}（{resolved} 里没有 #{anchor}）", hint)


def audience(page: Page) -> tuple[str, frozenset[str]]:
    """Whose readers a page speaks to: its ``jurisdiction`` and ``not_for`` (core.jurisdiction.one_audience)."""
    meta = page.meta or {}
    return str(meta.get("jurisdiction") or ""), frozenset(map(str, meta.get("not_for") or ()))


def _place(jurisdiction: str, not_for: frozenset[str]) -> str:
    """Where a page's readers are, in the site's words (data/site.yaml)."""
    if jurisdiction in site_text()["jurisdictions"]:
        return places([jurisdiction])
    if not_for:
        return site_text()["not_for"]["notice"].format(places=places(sorted(not_for)))
    return "各地通用"


def check_related(page: Page, files: set[str], anchors: dict[str, set[str]],
                  audiences: dict[str, tuple[str, frozenset[str]]] | None = None) -> None:
    """``related`` entries point at pages that exist (path from docs/, or from the page) and anchors on them,
    on pages for the same readers (``audiences``: page path -> :func:`audience`): a page for the mainland
    never sends its readers to Taiwan's answer."""
    related = (page.meta or {}).get("related")
    if not isinstance(related, list):
        return
    for index, item in enumerate(related):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            continue  # the schema reports it
        line = node_line(page, ["related", index])
        path = item["path"]
        candidates = [posixpath.normpath(path), posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))]
        target = next((c for c in candidates if c in files), None)
        if target is None:
            page.finding(line, "related", f"related 指向的页面不存在：{path}",
                         "写 docs/ 下的路径，例如 `credit/zhengxin-xiufu.md`；页面改名或删除后请同步修改")
            continue
        if audiences and page.rel in audiences and target in audiences:
            (here, here_not), (there, there_not) = audiences[page.rel], audiences[target]
            if not one_audience(here, there, here_not, there_not):
                page.finding(line, "related", f"related 指向的页面 {target} 与本页不是写给同一地区的读者"
                                              f"（{_place(there, there_not)}；本页：{_place(here, here_not)}）",
                             "换成适用于同一地区的问题，或删掉这一条")
        anchor = item.get("anchor")
        if isinstance(anchor, str) and anchor and anchor not in anchors.get(target, set()):
            page.finding(line, "related", f"related 的锚点 #{anchor} 在 {target} 中不存在",
                         "改成目标页面小标题的锚点，或删掉 anchor")


def check_repeated_steps(page: Page, heads: list[Heading]) -> None:
    """A step of an answer is kept once on a page, as ingest keeps it: a section headed with the same step
    in other words as another section of the page (:func:`same_step`: 收集证据 and 立即收集证据), or a part
    (###) headed like a section, is one step said twice. Two parts under two questions may name one step."""
    words = site_text()
    generated = {words["conclusion_heading"], words["related_heading"]}
    names = {h.line: _simplified(h.name) for h in heads}
    sections = [h for h in heads if h.level == 2 and names[h.line] not in generated]
    for head in heads:
        if head.level == 2:
            candidates = [s for s in sections if s.line < head.line]
        elif head.level == 3:
            candidates = sections
        else:
            continue
        same = next((s for s in candidates if same_step(names[s.line], names[head.line])), None)
        if same is not None and names[head.line] not in generated:
            page.finding(head.line, "duplicate-step",
                         f"小标题“{head.name}”和第 {same.line} 行的“{same.name}”说的是同一步",
                         f"把这一节的内容并入第 {same.line} 行那一节，删掉这个小标题")


def check_duplicate_questions(pages: list[Page]) -> None:
    """A question is answered on one page; a second page links to it instead. The same words asked
    under another jurisdiction's law (front matter ``jurisdiction``) are another question; a page for no
    jurisdiction in particular answers it for every one but those it says it is not for (``not_for``)."""
    # The headings every generated page may end with (data/site.yaml) are not questions.
    words = site_text()
    shared = {_question_identity(words[key]) for key in ("conclusion_heading", "related_heading")}
    first: dict[str, list[tuple[str, frozenset[str], Page, int]]] = {}
    for page in pages:
        if page.kind != "faq" or page.meta is None:
            continue
        title = page.meta.get("title")
        asked = [(node_line(page, ["title"]), title)] if isinstance(title, str) else []
        asked += [(line, question) for line, question, _ in question_entries(page)]
        on_page: set[str] = set()
        jurisdiction = str(page.meta.get("jurisdiction") or "")
        not_for = frozenset(map(str, page.meta.get("not_for") or ()))
        for line, question in asked:
            key = _question_identity(question)
            if not key or key in shared or key in on_page:
                continue
            on_page.add(key)
            earlier = next(((other, other_line) for where, where_not, other, other_line in first.get(key, ())
                            if one_audience(where, jurisdiction, where_not, not_for)), None)
            if earlier is not None:
                other, other_line = earlier
                page.finding(line, "duplicate-question",
                             f"问题“{question}”已经在 {other.shown} 第 {other_line} 行回答过",
                             f"把两处的回答合并到 {other.shown}，这里删掉这一节，改为在 related 里链接过去")
            else:
                first.setdefault(key, []).append((jurisdiction, not_for, page, line))
