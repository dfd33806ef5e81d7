"""Stage ``render``: pages as Markdown with YAML front matter, in Simplified Chinese.

Pure functions from the organized plan to the text of every generated file; writing files is
:mod:`.docs`'s job. The rendered body is the page anatomy readers get on every FAQ page: the question
as H1, the short answer first, then the sections as H2 questions. Sources, ``last_reviewed`` and the
not-legal-advice notice are drawn by the theme from the front matter, so contributors never maintain
them twice. The words the pages share (headings, the home page's text) are ``data/site.yaml``'s.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import yaml

from ..core.data import data, places, site_text
from ..core.markdown import Dumper, Loader, escape_markdown, front_matter, heading_anchor, plain
from ..core.questions import is_question
from ..core.records import Block, Entry, Link
from ..core.text import brackets_balanced, han_only, is_bare_heading
from ..organize import Plan, categories


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
    articles: tuple[str, ...] = ()  # the articles whose reader question the page answers
    jurisdiction: str = "general"  # whose law its advice follows (data/site.yaml's jurisdictions)
    also_asked: tuple[str, ...] = ()  # other phrasings of its question, from its articles' headlines
    headlines: tuple[str, ...] = ()  # its articles' other headlines that ask nothing: for search, not shown
    not_for: tuple[str, ...] = ()  # a page for no jurisdiction in particular: those its articles are not for


def _untitled(entry: Entry, title: str) -> Entry:
    """An entry asking the page's own question answers it under the title: no heading says it again (a
    link to it leads to the page)."""
    asks_the_title = entry.question and han_only(entry.question) and han_only(entry.question) == han_only(title)
    return replace(entry, question="") if asks_the_title else entry


def pages_from_plan(plan: Plan, sha256_of: Mapping[str, str]) -> list[Page]:
    """The plan's pages, with their links to related questions and to the questions their articles ask
    that other pages answer (each link with the anchor MkDocs will give its heading); sorted by path."""
    drafts = [Page(path=p.path, title=p.title, description=p.description, category=p.category, tags=p.tags,
                   sources=tuple((n, sha256_of[n]) for n in p.sources), intro=p.intro,
                   entries=tuple(_untitled(entry, p.title) for entry in p.entries),
                   conclusion=p.conclusion, articles=p.articles, jurisdiction=p.jurisdiction,
                   also_asked=p.also_asked, headlines=p.headlines, not_for=p.not_for)
              for p in plan.pages]
    anchors = [question_anchors(page) for page in drafts]
    links = [Link(plan.pages[page].entries[position].question, plan.pages[page].path, anchors[page][position])
             for page, position in plan.entries]
    pages = [replace(draft, related=tuple(links[e] for e in plan.related[i]),
                     elsewhere=tuple(links[e] for e in plan.pages[i].elsewhere))
             for i, draft in enumerate(drafts)]
    return sorted(pages, key=lambda p: p.path)


def _blocks_md(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for index, block in enumerate(blocks):
        if block.items:
            out.extend(_list_item(item, f"{n}." if block.ordered else "-") for n, item in enumerate(block.items, 1))
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if following is not None and following.items and not following.ordered and not block.ordered:
                continue  # a list right after a list (an answer's merged points after its own) reads as one list
        elif index + 1 < len(blocks) and is_bare_heading(block.text) and not block.text.endswith(("：", ":")):
            # A heading the article's page gave no markup, above the text it heads: bold, so that a reader
            # scanning the page on a phone sees where a part begins (it is no section: it asks nothing). A
            # line that announces what follows (…包括以下几个步骤：) is a sentence of the text.
            out.append(f"**{escape_markdown(block.text)}**")
        else:
            out.append(escape_markdown(block.text))
        out.append("")
    return out


def _list_item(item: str, marker: str = "-") -> str:
    """A list item; ``label：text`` with its label in bold, unless the label opens a bracket the text closes
    (（法律依据：…第110条…）: a note in brackets, whose bold would cut it in two)."""
    label, sep, rest = item.partition("：")
    if sep and len(label) <= 12 and rest and brackets_balanced(label):
        return f"{marker} **{escape_markdown(label)}**：{escape_markdown(rest)}"
    return f"{marker} {escape_markdown(item)}"


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


def headings(page: Page) -> list[tuple[int, str]]:
    """Every heading of the rendered body, in order: (level, text as the reader sees it). A part of the
    answer without a question of its own has no heading; its sub-headings are H2s."""
    words = site_text()
    found = [(1, plain(page.title))]
    for entry in page.entries:
        level = 3 if entry.question else 2
        if entry.question:
            found.append((2, plain(entry.question)))
        # As render_body writes them: a sub-heading repeating its question is left out and takes no id.
        found += [(level, plain(sub.heading)) for sub in entry.answer.subsections if sub.heading != entry.question]
    if page.conclusion:
        found.append((2, words["conclusion_heading"]))
    if page.related or page.elsewhere:
        found.append((2, words["related_heading"]))
    return found


def question_anchors(page: Page) -> list[str]:
    """The id MkDocs gives each entry's question heading (H2), as its ``toc`` extension makes them; ""
    for an entry without one."""
    used: set[str] = set()
    ids = iter(_unique(heading_anchor(text), used) for _, text in headings(page))
    next(ids)  # the title
    anchors = []
    for entry in page.entries:
        anchors.append(next(ids) if entry.question else "")
        for sub in entry.answer.subsections:
            if sub.heading != entry.question:
                next(ids)
    return anchors


# ---------------------------------------------------------------------------------------------- body

def _link_md(link: Link, here: str) -> str:
    depth = here.count("/")
    target = "../" * depth + link.path + (f"#{link.anchor}" if link.anchor else "")
    return f"- [{escape_markdown(plain(link.title))}]({target})"


def _jurisdiction_notice(page: Page) -> list[str]:
    """Under a page particular to one jurisdiction, before anything else: whose law its advice follows; under
    a page for none in particular whose articles are not for some: which (site.yaml's ``not_for``)."""
    words = site_text()
    found = words["jurisdictions"].get(page.jurisdiction)
    if found:
        return [f'!!! info "{found["notice"]}"', "", f"    {found['detail']}", ""]
    if page.not_for:
        named = places(page.not_for)
        return [f'!!! info "{words["not_for"]["notice"].format(places=named)}"', "",
                f"    {words['not_for']['detail'].format(places=named)}", ""]
    return []


def listed_title(page: Page, question: str | None = None) -> str:
    """A page's title (or ``question``, one it answers) as lists show it: with its jurisdiction's label when
    it has one (台湾地区)."""
    found = site_text()["jurisdictions"].get(page.jurisdiction)
    question = page.title if question is None else question
    return f"{question}（{found['label']}）" if found else question


def render_body(page: Page) -> str:
    words = site_text()
    lines = [f"# {escape_markdown(plain(page.title))}", "", *_jurisdiction_notice(page),
             f'!!! abstract "{words["short_answer_title"]}"', "", f"    {escape_markdown(plain(page.description))}", ""]
    if page.also_asked:
        lines += [f'??? note "{words["also_asked_title"]}"', ""]
        lines += [f"    - {escape_markdown(plain(question))}" for question in page.also_asked]
        lines.append("")
    lines += _blocks_md(page.intro)
    for entry in page.entries:
        if entry.question:
            lines += [f"## {escape_markdown(plain(entry.question))}", ""]
        lines += _blocks_md(entry.answer.blocks)
        sub_level = "###" if entry.question else "##"
        for sub in entry.answer.subsections:
            if sub.heading != entry.question:  # a sub-heading repeating its question adds nothing
                lines += [f"{sub_level} {escape_markdown(plain(sub.heading))}", ""]
            lines += _blocks_md(sub.blocks)
    if page.conclusion:
        lines += [f"## {words['conclusion_heading']}", ""]
        lines += _blocks_md(page.conclusion)
    if page.related or page.elsewhere:
        lines += [f"## {words['related_heading']}", ""]
        lines += [_link_md(link, page.path) for link in page.related]
        more = [link for link in page.elsewhere if link not in page.related]
        if more:
            lines += ["", escape_markdown(words["elsewhere_lead"]), ""]
            lines += [_link_md(link, page.path) for link in more]
    return "\n".join(lines).rstrip() + "\n"


# ------------------------------------------------------------------------------------- front matter

REVIEW_KEYS = ("last_reviewed", "generated_hash")


def content_hash(meta: dict[str, Any], body: str) -> str:
    """Hash of what the pipeline generated, without the fields that record review state."""
    stable = {k: v for k, v in meta.items() if k not in REVIEW_KEYS}
    return hashlib.sha256((front_matter(stable) + "\n" + body).encode("utf-8")).hexdigest()[:16]


def faq_meta(page: Page) -> dict[str, Any]:
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
        **({"jurisdiction": page.jurisdiction} if page.jurisdiction != "general" else {}),
        **({"not_for": list(page.not_for)} if page.not_for else {}),
        "tags": [plain(t) for t in page.tags],
        "questions": [{"question": plain(e.question), "anchor": anchor, "answer": plain(e.short_answer)}
                      for e, anchor in zip(page.entries, anchors, strict=True) if is_question(e.question)],
        "related": related,
        "sources": [{"file": name, "sha256": digest} for name, digest in page.sources],
        **({"headlines": [plain(h) for h in page.headlines]} if page.headlines else {}),
    }


def render_document(meta: dict[str, Any], body: str, last_reviewed: str) -> tuple[str, str]:
    """The file text and its generated hash (``last_reviewed`` and the hash are added to the meta)."""
    if not meta or any(k in meta for k in REVIEW_KEYS):
        digest = content_hash(meta, body)
        # Review fields already in the meta (a page read back) are replaced, and come last as below.
        stable = {k: v for k, v in meta.items() if k not in REVIEW_KEYS}
        full = {**stable, "last_reviewed": last_reviewed, "generated_hash": digest}
        return front_matter(full) + "\n" + body, digest
    # The review fields come last in a block mapping, so the generated part is dumped once and serves
    # both the hash and the file (dumping the front matter was the slowest step of writing 10k pages).
    generated = front_matter(meta) + "\n"
    digest = hashlib.sha256((generated + body).encode("utf-8")).hexdigest()[:16]
    return generated.removesuffix("---\n\n") + _review_fields(last_reviewed, digest) + "---\n\n" + body, digest


def _review_fields(last_reviewed: str, digest: str) -> str:
    return yaml.dump({"last_reviewed": last_reviewed, "generated_hash": digest}, Dumper=Dumper,
                     allow_unicode=True, sort_keys=False, width=1000)


def is_generated_document(text: str, meta: dict[str, Any], body: str) -> str | None:
    """The digest of ``meta`` and ``body`` when ``text`` is exactly the file :func:`render_document`
    makes of them (whatever its ``last_reviewed``), else None. A page nobody touched is recognized
    without parsing its front matter and dumping it again, which was most of a re-run of 10k articles;
    None says nothing either way (the caller parses the page)."""
    if not meta or any(k in meta for k in REVIEW_KEYS):
        return None
    generated = front_matter(meta) + "\n"
    head, tail = generated.removesuffix("---\n\n"), "---\n\n" + body
    if not (text.startswith(head) and text.endswith(tail)) or len(text) < len(head) + len(tail):
        return None
    digest = hashlib.sha256((generated + body).encode("utf-8")).hexdigest()[:16]
    review = text[len(head):len(text) - len(tail)]
    try:
        fields = yaml.load(review, Loader=Loader)
    except yaml.YAMLError:
        return None
    if not isinstance(fields, dict) or list(fields) != list(REVIEW_KEYS) \
            or fields["generated_hash"] != digest or not isinstance(fields["last_reviewed"], str) \
            or _review_fields(fields["last_reviewed"], digest) != review:
        return None
    return digest


# ------------------------------------------------------------------------------- the site's own pages

def _page_link(page: Page, anchor: str = "") -> str:
    """A Markdown link target to a page (its path below docs/), with an optional anchor."""
    return page.path + (f"#{anchor}" if anchor else "")


def category_body(name: str, description: str, pages: list[Page]) -> str:
    """A category page: every question of the category with its short answer."""
    lines = [f"# {escape_markdown(name)}", "", escape_markdown(description), ""]
    for page in pages:
        link = page.path.rsplit("/", 1)[-1]
        lines.append(f"- [{escape_markdown(listed_title(page))}]({link})：{escape_markdown(page.description)}")
    return "\n".join(lines).rstrip() + "\n"


def important_questions(pages: list[Page]) -> list[tuple[str, Page, str, str]]:
    """(label, page, anchor, question) for each entry of ``data/home.yaml`` that some question matches.

    A question matches by the entry's keywords it contains, the first weighing most (of n keywords, the
    first n, the last 1: 起诉 names the subject better than 法院); a page title counts as a question too.
    The best one wins, and no page section is shown twice. Only a heading that asks is
    offered: the label promises a reader an answer to their question (法院传票送达, a step of another
    question's answer, is not one). ``question`` is shown as lists show it, with its page's jurisdiction.
    """
    chosen: list[tuple[str, Page, str, str]] = []
    used: set[tuple[str, str]] = set()
    # Each page's questions and anchors once, not once per entry (an anchor costs two conversions).
    questions_of = [[(page.title, ""), *((plain(e.question), anchor)
                                         for e, anchor in zip(page.entries, question_anchors(page), strict=True)
                                         if e.question)]
                    for page in pages]
    for entry in data("home.yaml")["important"]:
        weighed = [(keyword, len(entry["keywords"]) - at) for at, keyword in enumerate(entry["keywords"])]
        candidates = []
        for order, page in enumerate(pages):
            for rank, (question, anchor) in enumerate(questions_of[order]):
                score = sum(weight for keyword, weight in weighed if keyword in question)
                if score and (page.path, anchor) not in used and is_question(question):
                    candidates.append((score, -rank, -order, question, anchor, page))
        if candidates:
            _, _, _, question, anchor, page = max(candidates, key=lambda c: c[:3])
            used.add((page.path, anchor))
            chosen.append((entry["label"], page, anchor, listed_title(page, question)))
    return chosen


Groups = list[tuple[str, str, str, list[Page]]]  # (slug, name, description, pages) per category


def home_body(groups: Groups) -> str:
    """The home page for a worried reader (the theme puts a search box above it).

    ``groups``: (slug, name, description, pages) per category, in taxonomy order. First the most
    important questions (``data/home.yaml``), then a warning, then each category with its first
    questions, then the way to every question.
    """
    words = site_text()["home"]
    per_category = int(words["questions_per_category"])
    pages = [page for *_, members in groups for page in members]
    lines = [words["intro"], ""]
    important = important_questions(pages)
    if important:
        lines += [f"## {words['important_heading']}", ""]
        for label, page, anchor, question in important:
            lines.append(f"- **{escape_markdown(label)}** [{escape_markdown(question)}]({_page_link(page, anchor)})")
        lines.append("")
    lines += [f'!!! warning "{words["warning_title"]}"', "", f"    {words['warning']}", "",
              f"## {words['categories_heading']}", ""]
    for slug, name, description, members in groups:
        if not members:
            continue
        lines += [f"### [{escape_markdown(name)}]({slug}/index.md)", "", escape_markdown(description), ""]
        for page in members[:per_category]:
            lines.append(f"- [{escape_markdown(listed_title(page))}]({page.path})")
        if len(members) > per_category:
            lines.append(f"- [{words['category_more'].format(count=len(members))}]({slug}/index.md)")
        lines.append("")
    lines += [f"[{words['all_questions_link']}]({site_text()['all_questions']['path']})", ""]
    return "\n".join(lines).rstrip() + "\n"


def all_questions_body(groups: Groups) -> str:
    """Every question of the guide by category: each page's question, and the questions it answers."""
    lines = [f"# {site_text()['all_questions']['title']}", ""]
    for slug, name, _, members in groups:
        if not members:
            continue
        lines += [f"## [{escape_markdown(name)}]({slug}/index.md)", ""]
        for page in members:
            lines.append(f"- [{escape_markdown(listed_title(page))}]({page.path})")
            for entry, anchor in zip(page.entries, question_anchors(page), strict=True):
                if is_question(entry.question):
                    lines.append(f"    - [{escape_markdown(plain(entry.question))}]({page.path}#{anchor})")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def documents(pages: list[Page]) -> dict[str, tuple[dict[str, Any], str]]:
    """Every generated file: FAQ pages, a page per category, the home page and the all-questions page."""
    words = site_text()
    docs: dict[str, tuple[dict[str, Any], str]] = {}
    for page in pages:
        docs[page.path] = (faq_meta(page), render_body(page))
    groups: Groups = []
    for cat in categories():
        members = [p for p in pages if p.category == cat.slug]
        groups.append((cat.slug, cat.name, cat.description, members))
        if members:
            meta = {"title": cat.name, "description": cat.description, "category": cat.slug}
            docs[f"{cat.slug}/index.md"] = (meta, category_body(cat.name, cat.description, members))
    docs["index.md"] = ({"title": words["name"], "description": words["description"]}, home_body(groups))
    listing = words["all_questions"]
    docs[listing["path"]] = ({"title": listing["title"], "description": listing["description"],
                              "search": {"exclude": True}}, all_questions_body(groups))
    return docs
