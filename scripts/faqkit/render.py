"""Stage ``render``: pages as Markdown with YAML front matter, in Simplified Chinese.

Pure functions from page records to text; writing files is ``pipeline``'s job. The rendered body is the
page anatomy readers get on every FAQ page: the question as H1, the short answer first, then the
sections as H2 questions. Sources, ``last_reviewed`` and the not-legal-advice notice are drawn by the
theme from the front matter, so contributors never maintain them twice.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import yaml

from .record import Block, Section

CONCLUSION_QUESTION = "总之，最该记住什么？"


@dataclass(frozen=True)
class Page:
    path: str  # relative to docs/, POSIX
    title: str
    description: str
    category: str
    tags: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]  # (file name, sha256)
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    conclusion: tuple[Block, ...]


def _blocks_md(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if block.items:
            out.extend(_list_item(item) for item in block.items)
        else:
            out.append(escape_markdown(block.text))
        out.append("")
    return out


def _list_item(item: str) -> str:
    label, sep, rest = item.partition("：")
    if sep and len(label) <= 12 and rest:
        return f"- **{escape_markdown(label)}**：{escape_markdown(rest)}"
    return f"- {escape_markdown(item)}"


_MARKDOWN_SPECIAL = "\\`*_[]{}<>#|"
# A line that starts like a list item, quote or numbered item would change the block it is in.
_BLOCK_START = re.compile(r"^([-+=>]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """Source text is plain text: every character Markdown (or attr_list's ``{…}``) would read is escaped."""
    for ch in _MARKDOWN_SPECIAL:
        text = text.replace(ch, "\\" + ch)
    return _BLOCK_START.sub(lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), text)


def page_questions(page: Page) -> list[str]:
    questions = [s.question for s in page.sections]
    if page.conclusion:
        questions.append(CONCLUSION_QUESTION)
    return questions


def render_body(page: Page) -> str:
    lines = [f"# {escape_markdown(plain(page.title))}", "", '!!! abstract "简短回答"', "",
             f"    {escape_markdown(plain(page.description))}", ""]
    lines += _blocks_md(page.intro)
    for section in page.sections:
        lines += [f"## {escape_markdown(section.question)}", ""]
        lines += _blocks_md(section.blocks)
        for sub in section.subsections:
            if sub.heading != section.question:  # a sub-heading repeating its section's question adds nothing
                lines += [f"### {escape_markdown(sub.heading)}", ""]
            lines += _blocks_md(sub.blocks)
    if page.conclusion:
        lines += [f"## {CONCLUSION_QUESTION}", ""]
        lines += _blocks_md(page.conclusion)
    return "\n".join(lines).rstrip() + "\n"


def front_matter(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


def content_hash(meta: dict, body: str) -> str:
    """Hash of what the pipeline generated, without the fields that record review state."""
    stable = {k: v for k, v in meta.items() if k not in ("last_reviewed", "generated_hash")}
    return hashlib.sha256((front_matter(stable) + body).encode("utf-8")).hexdigest()[:16]


_HTML_UNSAFE = str.maketrans({"<": "＜", ">": "＞", '"': "＂", "'": "＇", "&": "＆"})


def plain(text: str) -> str:
    """Front-matter strings reach HTML attributes (``<meta content="…">``) unescaped in the theme: no
    character that HTML reads survives; its full-width twin reads the same in Chinese text."""
    return text.translate(_HTML_UNSAFE)


def faq_meta(page: Page) -> dict:
    return {
        "title": plain(page.title),
        "description": plain(page.description),
        "category": page.category,
        "tags": [plain(t) for t in page.tags],
        "questions": [plain(q) for q in page_questions(page)],
        "sources": [{"file": name, "sha256": digest} for name, digest in page.sources],
    }


def render_document(meta: dict, body: str, last_reviewed: str) -> tuple[str, str]:
    """The file text and its generated hash (``last_reviewed`` and the hash are added to the meta)."""
    digest = content_hash(meta, body)
    full = {**meta, "last_reviewed": last_reviewed, "generated_hash": digest}
    return front_matter(full) + body, digest


def category_body(name: str, description: str, pages: list[Page]) -> str:
    lines = [f"# {escape_markdown(name)}", "", escape_markdown(description), ""]
    for page in pages:
        link = page.path.rsplit("/", 1)[-1]
        lines.append(f"- [{escape_markdown(page.title)}]({link})：{escape_markdown(page.description)}")
    return "\n".join(lines).rstrip() + "\n"


def home_body(site_name: str, groups: list[tuple[str, str, str, list[Page]]]) -> str:
    """``groups``: (slug, name, description, pages) per category, in taxonomy order."""
    lines = [
        f"# {site_name}",
        "",
        "网贷逾期、被加微信催收、收到“诉前调解”消息、担心被起诉或上征信？先别慌。"
        "这里把常见问题整理成一问一答，每页先给简短回答，再讲具体做法。",
        "",
        "!!! warning \"先核实，再行动\"",
        "",
        "    任何自称调解员、律师或法院的人联系你，先通过平台官方客服或法院公开电话核实身份；"
        "不要向个人账户转账，不要点陌生链接。",
        "",
    ]
    for slug, name, description, pages in groups:
        if not pages:
            continue
        lines += [f"## [{escape_markdown(name)}]({slug}/index.md)", "", escape_markdown(description), ""]
        for page in pages:
            lines.append(f"- [{escape_markdown(page.title)}]({page.path})")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
