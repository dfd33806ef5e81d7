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

from .hant import script_neutral_slugify
from .lexicon import data
from .organize import MAX_SHORT_ANSWER, _trim
from .record import Block, Section
from .textutil import split_sentences

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
        "questions": _question_entries(page),
        "sources": [{"file": name, "sha256": digest} for name, digest in page.sources],
        "related": [],
    }


# Interim (issue 5): the front matter contract of issue 4 (question, anchor, answer); issue 4 replaces this.
def _question_entries(page: Page) -> list[dict]:
    parts = [(s.question, (*s.blocks, *(b for sub in s.subsections for b in sub.blocks))) for s in page.sections]
    if page.conclusion:
        parts.append((CONCLUSION_QUESTION, page.conclusion))
    entries = []
    for question, blocks in parts:
        first = next((b.text or "；".join(b.items) for b in blocks if b.text.strip() or b.items), "")
        answer = ""
        for sentence in (s.strip() for s in split_sentences(first) if s.strip()):
            if answer and len(answer) + len(sentence) > MAX_SHORT_ANSWER:
                break
            answer = answer + sentence if answer else _trim(sentence, MAX_SHORT_ANSWER)
        entry = {"question": plain(question), "anchor": script_neutral_slugify(question, "-")}
        if answer:
            entry["answer"] = plain(answer)
        entries.append(entry)
    return entries


def render_document(meta: dict, body: str, last_reviewed: str) -> tuple[str, str]:
    """The file text and its generated hash (``last_reviewed`` and the hash are added to the meta)."""
    digest = content_hash(meta, body)
    full = {**meta, "last_reviewed": last_reviewed, "generated_hash": digest}
    return front_matter(full) + body, digest


ALL_QUESTIONS_PATH = "questions.md"
ALL_QUESTIONS_TITLE = "全部问题"
# Questions per category on the home page; the category page lists them all.
HOME_QUESTIONS_PER_CATEGORY = 5


def _page_link(page: Page, anchor: str = "", base: str = "") -> str:
    """A Markdown link target to a page (``base`` + its path below docs/), with an optional anchor."""
    return base + page.path + (f"#{anchor}" if anchor else "")


def category_body(name: str, description: str, pages: list[Page]) -> str:
    """A category page: every question of the category with its short answer."""
    lines = [f"# {escape_markdown(name)}", "", escape_markdown(description), ""]
    for page in pages:
        link = page.path.rsplit("/", 1)[-1]
        lines.append(f"- [{escape_markdown(page.title)}]({link})：{escape_markdown(page.description)}")
    return "\n".join(lines).rstrip() + "\n"


def important_questions(pages: list[Page]) -> list[tuple[str, Page, str, str]]:
    """(label, page, anchor, question) for each entry of ``data/home.yaml`` that some question matches.

    A question matches by how many of the entry's keywords it contains (a page title counts as a
    question too); the best one wins, and no page section is shown twice.
    """
    chosen: list[tuple[str, Page, str, str]] = []
    used: set[tuple[str, str]] = set()
    for entry in data("home.yaml")["important"]:
        candidates = []
        for order, page in enumerate(pages):
            questions = [(page.title, ""), *((q["question"], q["anchor"]) for q in _question_entries(page))]
            for rank, (question, anchor) in enumerate(questions):
                score = sum(keyword in question for keyword in entry["keywords"])
                if score and (page.path, anchor) not in used:
                    candidates.append((score, -rank, -order, question, anchor, page))
        if candidates:
            _, _, _, question, anchor, page = max(candidates, key=lambda c: c[:3])
            used.add((page.path, anchor))
            chosen.append((entry["label"], page, anchor, question))
    return chosen


def home_body(site_name: str, groups: list[tuple[str, str, str, list[Page]]]) -> str:
    """The home page for a worried reader (the theme puts a search box above it).

    ``groups``: (slug, name, description, pages) per category, in taxonomy order. First the most
    important questions (``data/home.yaml``), then a warning, then each category with its first
    questions, then the way to every question.
    """
    pages = [page for *_, members in groups for page in members]
    lines = [
        "网贷逾期、被加微信催收、收到“诉前调解”消息、担心被起诉或上征信？先别慌。"
        "这里把常见问题整理成一问一答，每页先给简短回答，再讲具体做法。",
        "",
    ]
    important = important_questions(pages)
    if important:
        lines += ["## 最要紧的几个问题", ""]
        for label, page, anchor, question in important:
            lines.append(f"- **{escape_markdown(label)}** [{escape_markdown(question)}]({_page_link(page, anchor)})")
        lines.append("")
    lines += [
        "!!! warning \"先核实，再行动\"",
        "",
        "    任何自称调解员、律师或法院的人联系你，先通过平台官方客服或法院公开电话核实身份；"
        "不要向个人账户转账，不要点陌生链接。",
        "",
        "## 按分类查找",
        "",
    ]
    for slug, name, description, members in groups:
        if not members:
            continue
        lines += [f"### [{escape_markdown(name)}]({slug}/index.md)", "", escape_markdown(description), ""]
        for page in members[:HOME_QUESTIONS_PER_CATEGORY]:
            lines.append(f"- [{escape_markdown(page.title)}]({page.path})")
        if len(members) > HOME_QUESTIONS_PER_CATEGORY:
            lines.append(f"- [本类全部 {len(members)} 个问题]({slug}/index.md)")
        lines.append("")
    lines += [f"[按分类列出的全部问题]({ALL_QUESTIONS_PATH})", ""]
    return "\n".join(lines).rstrip() + "\n"


def all_questions_body(groups: list[tuple[str, str, str, list[Page]]]) -> str:
    """Every question of the guide by category: each page's question, and the questions it answers."""
    lines = [f"# {ALL_QUESTIONS_TITLE}", ""]
    for slug, name, _, members in groups:
        if not members:
            continue
        lines += [f"## [{escape_markdown(name)}]({slug}/index.md)", ""]
        for page in members:
            lines.append(f"- [{escape_markdown(page.title)}]({page.path})")
            for entry in _question_entries(page):
                lines.append(f"    - [{escape_markdown(entry['question'])}]({page.path}#{entry['anchor']})")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
