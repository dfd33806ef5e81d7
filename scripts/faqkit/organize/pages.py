"""Pages: articles and their duplicate clusters -> pages in which every question is answered once.

A page per title question, led by its most complete article; the sections of all pages that answer the
same question (:func:`faqkit.dedup.cluster_questions`) become one entry, on the page that asks it most
often, its answer merged from theirs (:func:`.answers.merge_answers`); the other pages link to it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..core.records import Article, Block, Entry, Section
from ..core.text import bigrams, han_only
from ..dedup import cluster_questions
from .answers import merge_answers, points_of, question_answer
from .facts import Facts, slug_for
from .related import relate


@dataclass(frozen=True)
class PagePlan:
    """A page before rendering: its entries, and the questions of its articles answered elsewhere."""

    path: str
    title: str
    description: str
    category: str
    tags: tuple[str, ...]
    sources: tuple[str, ...]  # article names, sorted
    intro: tuple[Block, ...]
    conclusion: tuple[Block, ...]
    entries: tuple[Entry, ...]
    elsewhere: tuple[int, ...]  # indexes into the plan's entry list, in the order the articles ask them


@dataclass(frozen=True)
class Plan:
    pages: tuple[PagePlan, ...]
    entries: tuple[tuple[int, int], ...]  # entry id -> (page index, position on the page)
    merges: tuple[tuple[str, str, tuple[str, ...]], ...]  # (page path, question, articles) when ≥ 2 articles
    groups: tuple[tuple[tuple[str, int], ...], ...]  # per entry: the (article, section index) it merged
    related: tuple[tuple[int, ...], ...] = ()  # per page: the entries on other pages related to it


def completeness(article: Article) -> tuple[int, int, int]:
    """Prefer the member with the most structure and text and the fewest flags as a cluster's base."""
    return (len(article.sections), len(article.text) - 200 * len(article.flags), -len(article.name))


def _page_groups(articles: list[Article], clusters: list[list[str]]) -> tuple[list[list[Article]], list[Article]]:
    """The bases of the pages, grouped by title question (leader first), and each page's leader."""
    by_name = {a.name: a for a in articles}
    bases = sorted((max((by_name[n] for n in members), key=completeness) for members in clusters),
                   key=lambda a: a.name)
    by_title: dict[str, list[Article]] = {}
    for base in bases:
        by_title.setdefault(han_only(base.title) or base.name, []).append(base)
    groups = sorted(by_title.values(), key=lambda g: g[0].name)
    leaders = []
    for group in groups:
        leader = max(group, key=completeness)
        group.sort(key=lambda a: (a is not leader, a.name))
        leaders.append(leader)
    return groups, leaders


def page_leaders(articles: list[Article], clusters: list[list[str]]) -> list[Article]:
    """The article that leads each page: only their :func:`facts` are ever used (a page's category,
    tags and description are its leader's), so only theirs need computing."""
    return _page_groups(articles, clusters)[1]


def plan_pages(articles: list[Article], clusters: list[list[str]], article_facts: dict[str, Facts],
               threads: int = 1, previous: Mapping[str, tuple[str, ...]] | None = None) -> Plan:
    """Articles and their duplicate clusters -> pages in which every question is answered exactly once.

    * A cluster's most complete member is its base; the others are cited, their text is not reused.
    * Bases with the same title question make one page (the most complete base leads it).
    * Sections of all bases that answer the same question (:func:`dedup.cluster_questions`) become one
      entry, on the page that asks it most often (then: whose title shares most of its words, then
      the longest answer); its answer merges theirs (:func:`merge_answers`). The other pages link to it.

    ``threads``: how many threads compare the sections (the plan is the same whatever their number).
    ``previous``: source name -> the pages that cited it last time (:func:`faqkit.publish.docs.previous_paths`).
    A page keeps its path while the article it was named after is still one of its articles, whichever
    of them leads it now (see :func:`_previous_path`).
    """
    cluster_of = {name: members for members in clusters for name in members}
    article_by_name = {a.name: a for a in articles}
    groups, leaders = _page_groups(articles, clusters)

    # Every section of every base is a candidate answer to a question; pages keep the articles' order.
    candidates: list[tuple[int, Article, int, Section]] = [
        (page, article, index, section)
        for page, group in enumerate(groups) for article in group
        for index, section in enumerate(article.sections)]
    points = [points_of(c[3]) for c in candidates]
    texts = ["".join(p) for p in points]
    question_groups = cluster_questions([c[3].question for c in candidates], texts, threads=threads)
    owner_of: dict[int, int] = {}  # candidate -> entry id
    entry_owner: list[int] = []  # entry id -> owning candidate
    for members in question_groups:
        per_page: dict[int, int] = {}
        for m in members:
            per_page[candidates[m][0]] = per_page.get(candidates[m][0], 0) + 1
        title_grams = {m: set(bigrams(leaders[candidates[m][0]].title)) for m in members}

        def rank(m: int, per_page: dict[int, int] = per_page, title_grams: dict = title_grams) -> tuple:
            section = candidates[m][3]
            shared = len(title_grams[m] & set(bigrams(section.question)))
            return (per_page[candidates[m][0]], shared, len(texts[m]), -m)

        owner = max(members, key=rank)
        for m in members:
            owner_of[m] = len(entry_owner)
        entry_owner.append(owner)

    entries: list[Entry | None] = [None] * len(entry_owner)
    merges: list[tuple[int, str, tuple[str, ...]]] = []
    merged_from: list[tuple[tuple[str, int], ...]] = []
    members_of: dict[int, list[int]] = {}
    for m in range(len(candidates)):
        members_of.setdefault(owner_of[m], []).append(m)
    for entry_id, owner in enumerate(entry_owner):
        members = members_of[entry_id]
        base = candidates[owner][3]
        others = [m for m in members if m != owner]
        answer, _ = merge_answers(base, [candidates[m][3] for m in others], [points[m] for m in (owner, *others)])
        sources = tuple(sorted({candidates[m][1].name for m in members}))
        entries[entry_id] = Entry(base.question, answer, question_answer(base.question, answer), sources)
        merged_from.append(tuple((candidates[m][1].name, candidates[m][2]) for m in members))
        if len(sources) > 1:
            merges.append((entry_id, base.question, sources))

    on_page: dict[int, list[int]] = {}
    for m, candidate in enumerate(candidates):
        on_page.setdefault(candidate[0], []).append(m)
    pages: list[PagePlan] = []
    positions: dict[int, tuple[int, int]] = {}
    used: set[str] = set()
    for page, group in enumerate(groups):
        leader = leaders[page]
        own: list[int] = []
        elsewhere: list[int] = []
        for m in on_page.get(page, ()):
            entry_id = owner_of[m]
            if candidates[entry_owner[entry_id]][0] == page:
                if entry_id not in own:
                    own.append(entry_id)
            elif entry_id not in elsewhere:
                elsewhere.append(entry_id)
        for position, entry_id in enumerate(own):
            positions[entry_id] = (page, position)
        cited = {n for a in group for n in cluster_of[a.name]}
        cited |= {n for entry_id in own for s in entries[entry_id].sources for n in cluster_of[s]}
        known = article_facts[leader.name]
        slug = slug_for(leader.title)
        path = f"{known.category}/{slug}.md"
        members = [article_by_name[n] for a in group for n in cluster_of[a.name]]
        path = _previous_path(path, leader, members, previous or {}, known.category, used) or path
        if path in used:
            # Two different titles with one file name: the leader's own hash keeps it stable across runs.
            path = f"{known.category}/{slug}-{leader.sha256[:6]}.md"
        used.add(path)
        pages.append(PagePlan(path, leader.title, known.description, known.category, known.tags,
                              tuple(sorted(cited)), leader.intro, leader.conclusion,
                              tuple(entries[e] for e in own), tuple(elsewhere)))
    entry_positions = tuple(positions[e] for e in range(len(entries)))
    return Plan(tuple(pages), entry_positions,
                tuple((pages[positions[e][0]].path, q, s) for e, q, s in merges), tuple(merged_from),
                relate(pages, entry_positions))


def _previous_path(path: str, leader: Article, members: list[Article], previous: Mapping[str, tuple[str, ...]],
                   category: str, used: set[str]) -> str | None:
    """The path this page had last time, when its leader has changed. A page is named after its leader's
    title, so it is the page, among those that cited these articles, named after one of them (a page that
    only merged one of their answers is named after another article). ``None``: a new page, one named
    after its leader already, or its old name is taken.

    ``path`` is the leader's own; other titles are only turned into names (a jieba pass each) when the
    page had another name."""
    cited = {p for m in members for p in previous.get(m.name, ())}
    if not cited or path in cited or any(p.startswith(path[:-3] + "-") for p in cited):
        return None
    for title in sorted({m.title for m in members} - {leader.title}):
        name = slug_for(title)
        for candidate in (f"{category}/{name}.md", *(f"{category}/{name}-{m.sha256[:6]}.md" for m in members)):
            if candidate in cited and candidate not in used:
                return candidate
    return None
