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

from .lexicon import data
from .record import Block, Entry, Link

CONCLUSION_HEADING = "小结"
RELATED_HEADING = "相关问题"
ELSEWHERE_LEAD = "这些页面的文章也问到了下面的问题，答案合并在一处："


@dataclass(frozen=True)
class Page:
    path: str  # relative to docs/, POSIX
    title: str
    description: str
    category: str
    tags: tuple[str, ...]
    sources: tuple[tuple[str, str], ...]  # (file name, sha256)
    intro: tuple[Block, ...]
    entries: tuple[Entry, ...]
    conclusion: tuple[Block, ...]
    related: tuple[Link, ...] = ()
    elsewhere: tuple[Link, ...] = ()  # this page's articles' questions, answered on other pages


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


# ------------------------------------------------------------------------------------------- anchors

_ID_COUNT = re.compile(r"^(.*)_([0-9]+)$")


def _unique(slug: str, used: set[str]) -> str:
    """The id Python-Markdown's ``toc`` gives a heading whose slug is taken (``x``, ``x_1``, ``x_2`` …)."""
    if slug in used or not slug:
        m = _ID_COUNT.match(slug)
        base, count = (m.group(1), int(m.group(2))) if m else (slug, 0)
        count += 1
        while f"{base}_{count}" in used:
            count += 1
        slug = f"{base}_{count}"
    used.add(slug)
    return slug


def _slug(text: str) -> str:
    from .hant import script_neutral_slugify  # the slugify mkdocs.yml gives the toc extension

    return script_neutral_slugify(text, "-")


def headings(page: Page) -> list[tuple[int, str]]:
    """Every heading of the rendered body, in order: (level, text as the reader sees it)."""
    found = [(1, plain(page.title))]
    for entry in page.entries:
        found.append((2, plain(entry.question)))
        found += [(3, plain(sub.heading)) for sub in entry.answer.subsections]
    if page.conclusion:
        found.append((2, CONCLUSION_HEADING))
    if page.related or page.elsewhere:
        found.append((2, RELATED_HEADING))
    return found


def question_anchors(page: Page) -> list[str]:
    """The ids MkDocs gives the page's question headings (H2), as its ``toc`` extension makes them."""
    used: set[str] = set()
    ids = [(level, _unique(_slug(text), used)) for level, text in headings(page)]
    return [anchor for level, anchor in ids[1:] if level == 2][:len(page.entries)]


# ---------------------------------------------------------------------------------------------- body

def _link_md(link: Link, here: str) -> str:
    depth = here.count("/")
    target = "../" * depth + link.path + (f"#{link.anchor}" if link.anchor else "")
    return f"- [{escape_markdown(plain(link.title))}]({target})"


def render_body(page: Page) -> str:
    lines = [f"# {escape_markdown(plain(page.title))}", "", '!!! abstract "简短回答"', "",
             f"    {escape_markdown(plain(page.description))}", ""]
    lines += _blocks_md(page.intro)
    for entry in page.entries:
        lines += [f"## {escape_markdown(plain(entry.question))}", ""]
        lines += _blocks_md(entry.answer.blocks)
        for sub in entry.answer.subsections:
            if sub.heading != entry.question:  # a sub-heading repeating its question adds nothing
                lines += [f"### {escape_markdown(plain(sub.heading))}", ""]
            lines += _blocks_md(sub.blocks)
    if page.conclusion:
        lines += [f"## {CONCLUSION_HEADING}", ""]
        lines += _blocks_md(page.conclusion)
    if page.related or page.elsewhere:
        lines += [f"## {RELATED_HEADING}", ""]
        lines += [_link_md(link, page.path) for link in page.related]
        more = [link for link in page.elsewhere if link not in page.related]
        if more:
            lines += ["", escape_markdown(ELSEWHERE_LEAD), ""]
            lines += [_link_md(link, page.path) for link in more]
    return "\n".join(lines).rstrip() + "\n"


# libyaml's emitter when PyYAML has it (ten times faster on pages that cite hundreds of sources).
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def front_matter(meta: dict) -> str:
    return "---\n" + yaml.dump(meta, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000) + "---\n\n"


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
    """The front matter of a FAQ page; every string goes through :func:`plain`."""
    anchors = question_anchors(page)
    related = []
    for link in page.related:
        item = {"title": plain(link.title), "path": link.path}
        if link.anchor:
            item["anchor"] = link.anchor
        related.append(item)
    return {
        "title": plain(page.title),
        "description": plain(page.description),
        "category": page.category,
        "tags": [plain(t) for t in page.tags],
        "questions": [{"question": plain(e.question), "anchor": anchor, "answer": plain(e.short_answer)}
                      for e, anchor in zip(page.entries, anchors, strict=True)],
        "related": related,
        "sources": [{"file": name, "sha256": digest} for name, digest in page.sources],
    }


def render_document(meta: dict, body: str, last_reviewed: str) -> tuple[str, str]:
    """The file text and its generated hash (``last_reviewed`` and the hash are added to the meta)."""
    review_keys = ("last_reviewed", "generated_hash")
    if not meta or any(k in meta for k in review_keys):
        digest = content_hash(meta, body)
        full = {**meta, "last_reviewed": last_reviewed, "generated_hash": digest}
        return front_matter(full) + body, digest
    # The review fields come last in a block mapping, so the generated part is dumped once and serves
    # both the hash and the file (dumping the front matter was the slowest step of writing 10k pages).
    generated = front_matter(meta)
    digest = hashlib.sha256((generated + body).encode("utf-8")).hexdigest()[:16]
    return generated.removesuffix("---\n\n") + _review_fields(last_reviewed, digest) + "---\n\n" + body, digest


def _review_fields(last_reviewed: str, digest: str) -> str:
    return yaml.dump({"last_reviewed": last_reviewed, "generated_hash": digest}, Dumper=_DUMPER,
                     allow_unicode=True, sort_keys=False, width=1000)


def is_generated_document(text: str, meta: dict, body: str) -> str | None:
    """The digest of ``meta`` and ``body`` when ``text`` is exactly the file :func:`render_document`
    makes of them (whatever its ``last_reviewed``), else None. A page nobody touched is recognized
    without parsing its front matter and dumping it again, which was most of a re-run of 10k articles;
    None says nothing either way (the caller parses the page)."""
    if not meta or any(k in meta for k in ("last_reviewed", "generated_hash")):
        return None
    generated = front_matter(meta)
    head, tail = generated.removesuffix("---\n\n"), "---\n\n" + body
    if not (text.startswith(head) and text.endswith(tail)) or len(text) < len(head) + len(tail):
        return None
    digest = hashlib.sha256((generated + body).encode("utf-8")).hexdigest()[:16]
    review = text[len(head):len(text) - len(tail)]
    try:
        fields = yaml.load(review, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    if not isinstance(fields, dict) or list(fields) != ["last_reviewed", "generated_hash"] \
            or fields["generated_hash"] != digest or not isinstance(fields["last_reviewed"], str) \
            or _review_fields(fields["last_reviewed"], digest) != review:
        return None
    return digest


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
    # Each page's questions and anchors once, not once per entry (an anchor costs two conversions).
    questions_of = [[(page.title, ""), *((plain(e.question), anchor)
                                         for e, anchor in zip(page.entries, question_anchors(page), strict=True))]
                    for page in pages]
    for entry in data("home.yaml")["important"]:
        candidates = []
        for order, page in enumerate(pages):
            for rank, (question, anchor) in enumerate(questions_of[order]):
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
            for entry, anchor in zip(page.entries, question_anchors(page), strict=True):
                lines.append(f"    - [{escape_markdown(plain(entry.question))}]({page.path}#{anchor})")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
