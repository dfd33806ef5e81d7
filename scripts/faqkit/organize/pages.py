"""Pages: articles and their duplicate clusters -> pages in which every question is answered once.

A page per title question, led by its most complete article; the sections of all pages that answer the
same question (:func:`faqkit.dedup.cluster_questions`) become one entry, on the page that asks it most
often, its answer merged from theirs (:func:`.answers.merge_answers`); the other pages link to it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from scipy import sparse

from ..core.data import data
from ..core.jurisdiction import GENERAL, evidence, one_audience
from ..core.questions import (
    headline_opener,
    is_hook,
    is_question,
    question_connective,
    question_form,
    question_identity,
    same_step,
    stands_alone,
)
from ..core.records import Article, Block, Entry, Section
from ..core.text import SPACE_BETWEEN_HAN, bigrams, han_only, without_unmatched_brackets
from ..dedup import cluster_questions, tfidf
from ..dedup.unionfind import UnionFind
from ..dedup.vectors import group_by_centroid, nearest_pairs
from .answers import merge_answers, points_of, question_answer
from .facts import Facts, concern_counts, concern_profiles, concern_questions, slug_for
from .related import relate


@dataclass(frozen=True)
class PagePlan:
    """A page before rendering: its entries, and the questions of its articles answered elsewhere."""

    path: str
    title: str
    description: str
    category: str
    tags: tuple[str, ...]
    sources: tuple[str, ...]  # article names, sorted: every article the page draws from
    intro: tuple[Block, ...]
    conclusion: tuple[Block, ...]
    entries: tuple[Entry, ...]
    elsewhere: tuple[int, ...]  # indexes into the plan's entry list, in the order the articles ask them
    articles: tuple[str, ...] = ()  # the articles whose reader question the page answers (and their copies)
    jurisdiction: str = GENERAL  # whose law its advice follows, when its articles are particular to one
    also_asked: tuple[str, ...] = ()  # the other headlines of its articles, as questions, each once
    headlines: tuple[str, ...] = ()  # the other headlines of its articles that ask nothing: for search
    # A page for no jurisdiction in particular whose articles are not for some (Article.not_for: written in
    # Traditional, so not the mainland's): those, sorted. Its readers there are told; check reads it.
    not_for: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    pages: tuple[PagePlan, ...]
    entries: tuple[tuple[int, int], ...]  # entry id -> (page index, position on the page)
    merges: tuple[tuple[str, str, tuple[str, ...]], ...]  # (page path, question, articles) when ≥ 2 articles
    groups: tuple[tuple[tuple[str, int], ...], ...]  # per entry: the (article, section index) it merged
    related: tuple[tuple[int, ...], ...] = ()  # per page: the entries on other pages related to it
    withheld: tuple[tuple[str, str], ...] = ()  # (article, why): no page may take it (PageGroups.withheld)


def completeness(article: Article) -> tuple[int, int, int]:
    """Prefer the member with the most structure and text and the fewest flags as a cluster's base."""
    return (len(article.sections), len(article.text) - 200 * len(article.flags), -len(article.name))


# Articles answer one reader question when their vectors are this alike (cosine; centroid-checked): the
# profile over the reader concerns of taxonomy.yaml weighs PAGE_CONCERN_WEIGHT, the headline's TF-IDF
# character bigrams PAGE_TITLE_WEIGHT and the text's the rest. Chosen on the dev half of the real-article
# corpus (bench/realworld.yaml) against its reader-question labels (BCubed F1 with precision first; see
# bench/calibrate_pages.py), and checked on the held-out half.
PAGE_THRESHOLD = 0.65
PAGE_CONCERN_WEIGHT = 0.80
PAGE_TITLE_WEIGHT = 0.0
PAGE_NEIGHBOURS = 30
# Two headlines ask the same question in other words when this share of their character bigrams is
# common to both (Jaccard; 网贷逾期后怎么协商还？ and 网贷逾期后怎么协商还款？ share 0.9, 网贷逾期会被起诉吗？
# and 网贷逾期会坐牢吗？ 0.36); their articles start on one page, as headlines asked in the same words do.
# On the dev half every pair at 0.6 or above had one reader question, and the first with two stood at 0.5.
# Headlines of fewer bigrams than SAME_QUESTION_MIN_BIGRAMS (怎么办？) say too little to compare.
# Headlines that word one question differently (网贷逾期不还会被起诉吗？ and 网贷逾期一定会被起诉吗？, 0.54)
# ask it too when core.questions' question_identity is one (their content words and what they ask for,
# at least SAME_QUESTION_MIN_WORDS of them).
SAME_QUESTION_JACCARD = 0.6
SAME_QUESTION_MIN_BIGRAMS = 4


# Where a headline's clauses end: a subtitle after the clause that asks starts after one of these.
_CLAUSE_END = "，！。；、"
# The fewest Han characters the asking part of a headline needs to stand for it without its subtitle.
MIN_ASKING_PART = 5
# The most Han characters of a label before a headline's question (律师解读：, 重磅：).
MAX_LEAD_IN = 6


def _clauses(title: str) -> list[str]:
    """A headline's clauses, each with the mark that ends it (its question mark left off)."""
    return [c for c in re.split(f"(?<=[{_CLAUSE_END}])", title.removesuffix("？")) if c.strip()]


def headline_question(title: str, colon_subtitle: bool = False) -> str:
    """An article's headline as the question it asks: its first question when it asks one and then adds
    a subtitle (``网贷逾期怎么协商还款？完整协商流程与应对策略``), with or without a question mark
    (``…是真的吗，一次看明白！``), the part that asks when ``|`` joins two, the part before a colon when
    that part asks and a subtitle follows (``如何识破网贷催收骗局：防范新型诈骗手段``), unless
    ``colon_subtitle``: what the subtitle names helps tell which headline speaks for a page's articles."""
    # A space between two phrases of a headline (repair keeps it) stands for a comma.
    title = SPACE_BETWEEN_HAN.sub("，", title)
    opener = headline_opener(title)
    if opener and len(han_only(title[len(opener):])) >= MIN_ASKING_PART:
        title = title[len(opener):]
    parts = [p.strip() for p in re.split(r"[|｜]", title) if p.strip()] or [title]
    asking = [p for p in parts if is_question(p)]
    title = (asking or parts)[0]
    # A subtitle after a colon (如何识破网贷催收骗局：防范新型诈骗手段) goes when the part before it asks; a
    # lead-in before a question (律师解读：…？, 面对此类情况，公众普遍存在疑问：…？) goes when it is a label of
    # at most MAX_LEAD_IN Han characters or points back at what came before: it names nothing the question
    # needs (当网贷平台突然倒闭，借款人往往陷入恐慌：是否要继续还款？ keeps what the question is about).
    before, colon, after = title.partition("：")
    if (not colon_subtitle and colon and is_question(before) and not is_question(after.removesuffix("？"))
            and len(han_only(before)) >= MIN_ASKING_PART):
        title = before
    elif (colon and not is_question(before) and after.endswith("？") and len(han_only(after)) >= MIN_ASKING_PART
          and (len(han_only(before)) <= MAX_LEAD_IN or not stands_alone(before))):
        title = after
    mark = title.find("？")
    if 0 <= mark < len(title) - 1 and len(han_only(title[:mark])) >= MIN_ASKING_PART:
        title = title[:mark + 1]
    clauses = _clauses(title)
    # A lead-in before a question that opens with a connective (有些借款人逾期了，那么网贷逾期会上门吗？) is
    # no part of it: the question starts after the connective.
    first_asking = next((i for i, c in enumerate(clauses) if is_question(c.rstrip(_CLAUSE_END))), 0)
    connective = question_connective(clauses[first_asking]) if first_asking else ""
    rest = "".join(clauses[first_asking:])[len(connective):]
    if connective and len(han_only(rest)) >= MIN_ASKING_PART:
        title = rest + ("？" if title.endswith("？") else "")
        clauses = _clauses(title)
    last_asking = max((i for i, c in enumerate(clauses) if is_question(c.rstrip(_CLAUSE_END))), default=None)
    if last_asking is not None and last_asking < len(clauses) - 1:
        head = "".join(clauses[:last_asking + 1]).rstrip(_CLAUSE_END)
        if len(han_only(head)) >= MIN_ASKING_PART:
            title = head + "？"
    return without_unmatched_brackets(question_form(title) or title)


@dataclass(frozen=True)
class PageGroups:
    """The bases of the pages (one per duplicate cluster), grouped by the reader question they answer, and
    each page's leader: the article whose headline is the page's title."""

    groups: tuple[tuple[Article, ...], ...]  # leader first
    leaders: tuple[Article, ...]
    titles: tuple[str, ...]
    # (article, why) for the bases of a group no page may take: every question it could ask is asked by
    # a page of a jurisdiction its articles are not for. Reported, not published.
    withheld: tuple[tuple[str, str], ...] = ()


def page_groups(articles: list[Article], clusters: list[list[str]], threads: int = 1) -> PageGroups:
    """Duplicate clusters' bases grouped into pages by reader question (:func:`question_groups`), each led
    by its most representative headline (:func:`_representative`). Only the leaders' :func:`facts` are
    ever used (a page's category, tags and description are its leader's), so only theirs are computed."""
    by_name = {a.name: a for a in articles}
    bases = sorted((max((by_name[n] for n in members), key=completeness) for members in clusters),
                   key=lambda a: a.name)
    # Each base's reader-concern counts, once: grouping and titling both weigh them.
    counts = {a.name: concern_counts(a) for a in bases}
    groups, leaders, candidates = [], [], []
    for members in question_groups(bases, threads, counts):
        group = [bases[i] for i in members]
        leader, options = _representative(group, counts)
        group.sort(key=lambda a: (a is not leader, a.name))
        groups.append(group)
        leaders.append(leader)
        candidates.append(options)
    order = sorted(range(len(groups)), key=lambda g: groups[g][0].name)
    groups, leaders = [groups[g] for g in order], [leaders[g] for g in order]
    titles = _unique_titles(groups, [candidates[g] for g in order])
    withheld = _join_taken(groups, titles)
    kept = [g for g, (_, into) in enumerate(titles) if into is None]
    return PageGroups(tuple(tuple(groups[g]) for g in kept), tuple(leaders[g] for g in kept),
                      tuple(titles[g][0] for g in kept), tuple(withheld))


def _join_taken(groups: list[list[Article]], titles: list[tuple[str, int | None]]) -> list[tuple[str, str]]:
    """Each group whose every title is taken (``into``, :func:`_unique_titles`) joins the page that took
    it, in place, when that page may take its articles; else its articles are withheld: (name, why)."""
    withheld = []
    for g, (title, into) in enumerate(titles):
        if into is None:
            continue
        if _compatible(_open_to_all(groups[into]), _open_to_all(groups[g])):
            groups[into].extend(groups[g])
        else:
            # Joining the page that asks its question would give its readers another jurisdiction's advice.
            not_for = ", ".join(sorted({j for a in groups[g] for j in a.not_for}))
            withheld += [(a.name, f"every question it answers ({title}) is answered on a "
                                  f"{_jurisdiction(groups[into])} page, and it is not for {not_for}")
                         for a in groups[g]]
    return withheld


def question_groups(bases: list[Article], threads: int = 1, counts: Mapping[str, list[float]] | None = None
                    ) -> list[list[int]]:
    """Indexes of ``bases`` grouped by the reader question they answer: articles whose headline and text
    are alike (:data:`PAGE_THRESHOLD`, centroid-checked), those asking the same question in the same
    words together from the start; never two articles for different jurisdictions."""
    if not bases:
        return []
    questions = [headline_question(a.title) for a in bases]
    text_weight = max(0.0, 1 - PAGE_CONCERN_WEIGHT - PAGE_TITLE_WEIGHT)
    vectors = sparse.hstack([math.sqrt(PAGE_CONCERN_WEIGHT) * concern_profiles(bases, counts),
                             math.sqrt(PAGE_TITLE_WEIGHT) * tfidf(questions),
                             math.sqrt(text_weight) * tfidf([a.text for a in bases])]).tocsr()
    # Unit rows, so that a dot product is a cosine whatever a row lacks (an article without a headline).
    norms = np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    vectors = sparse.diags(1.0 / norms) @ vectors
    same: dict[str, list[int]] = {}
    for index, question in enumerate(questions):
        if han_only(question):
            same.setdefault(han_only(question), []).append(index)
    together = [m for m in same.values() if len(m) > 1] + same_question_pairs(questions, threads)
    exclusive = [open_to(a) for a in bases]
    return group_by_centroid(vectors, PAGE_THRESHOLD, PAGE_NEIGHBOURS, threads, exclusive=exclusive,
                             together=together)


def same_question_pairs(questions: list[str], threads: int = 1) -> list[list[int]]:
    """Pairs of indexes of ``questions`` that ask one question in other words: both ask, and share
    :data:`SAME_QUESTION_JACCARD` of their character bigrams or have one :func:`question_identity`.
    Candidates are each question's nearest by TF-IDF, so that a batch is never compared pair by pair."""
    grams = [set(bigrams(han_only(q))) if is_question(q) else set() for q in questions]
    asking = [i for i, g in enumerate(grams) if len(g) >= SAME_QUESTION_MIN_BIGRAMS]
    if len(asking) < 2:
        return []
    # TF-IDF weighs the rarer bigrams more, so a pair's cosine can fall below its Jaccard: the candidate
    # bound is looser than the test that follows.
    _, first, second = nearest_pairs(tfidf([questions[i] for i in asking]), PAGE_NEIGHBOURS,
                                     SAME_QUESTION_JACCARD / 2, threads)
    pairs = []
    for i, j in zip(first.tolist(), second.tolist(), strict=True):
        a, b = grams[asking[i]], grams[asking[j]]
        if (len(a & b) >= SAME_QUESTION_JACCARD * len(a | b)
                or question_identity(questions[asking[i]]) == question_identity(questions[asking[j]])):
            pairs.append([asking[i], asking[j]])
    return pairs


def _representative(group: list[Article], counts: Mapping[str, list[float]] | None = None
                    ) -> tuple[Article, list[str]]:
    """The page's leader and the questions that may title it, best first. The leader is the article whose
    headline best stands for the group's (it asks, and is the most alike to the others', then the most
    complete article); the titles are the headlines that ask, then the questions the articles' own
    sections ask, then the reviewed questions of the reader concerns they speak of most. A headline that
    asks nothing (“征信修复”：疯狂的骗局) never titles a page: a page is a reader's question."""
    questions = [headline_question(a.title) for a in group]
    # The mean Jaccard similarity of a headline's bigrams to every other headline's, over the distinct
    # headlines weighted by how many articles share each: a page of thousands of copies of a few headlines
    # costs what those few cost.
    ranked = [frozenset(bigrams(headline_question(a.title, colon_subtitle=True))) for a in group]
    shared = Counter(ranked)
    distinct = sorted(shared, key=sorted)
    others = max(1, len(group) - 1)

    memo: dict[frozenset[str], float] = {}

    def closeness(grams: frozenset[str]) -> float:
        if grams not in memo:
            total = sum(shared[other] * len(grams & other) / (len(grams | other) or 1) for other in distinct)
            memo[grams] = (total - (1.0 if grams else 0.0)) / others
        return memo[grams]

    # A headline that is a sales page's hook (is_hook) leads the page only when no other headline asks,
    # and titles it only when nothing else can.
    hooks = [is_hook(a.title) for a in group]
    asking = sorted((i for i in range(len(group)) if is_question(questions[i])),
                    key=lambda i: (not hooks[i], closeness(ranked[i]),
                                   completeness(group[i])),
                    reverse=True)
    leader = group[asking[0]] if asking else max(group, key=completeness)
    candidates = [questions[i] for i in asking if not hooks[i]]
    candidates += [s.question for a in (leader, *group) for s in a.sections
                   if is_question(s.question) and stands_alone(s.question) and not is_hook(s.question)]
    # The reviewed questions are worded as the mainland asks them (网贷逾期会被起诉吗？) unless the page's
    # jurisdiction asks them in words of its own (``asked_in``): a page for Hong Kong or Taiwan takes one
    # in another jurisdiction's words only when no other question can title it.
    jurisdiction = _jurisdiction(group)
    reviewed = concern_questions(group, counts=counts, jurisdiction=jurisdiction)
    candidates += sorted(reviewed, key=lambda q: _worded_for_another(q, jurisdiction))
    candidates += [questions[i] for i in asking if hooks[i]]
    return leader, list(dict.fromkeys(candidates))


def _worded_for_another(question: str, jurisdiction: str) -> bool:
    """Whether ``question`` uses the words of a jurisdiction other than ``jurisdiction`` (网贷 for a Hong
    Kong page); a page for no jurisdiction in particular may use any."""
    return jurisdiction != GENERAL and any(other != jurisdiction for other in _named_jurisdictions(question))


@lru_cache(maxsize=1024)
def _named_jurisdictions(question: str) -> frozenset[str]:
    """The jurisdictions whose words ``question`` uses. Asked of the few reviewed questions for every group
    of a batch: each is looked up once."""
    return frozenset(evidence(question))


def _unique_titles(groups: list[list[Article]], candidates: list[list[str]]) -> list[tuple[str, int | None]]:
    """Each page's title: its first candidate that no page before it asks for the same jurisdiction (or
    for every one), and None; or, when every candidate is taken, the first one and the page that asks it:
    two groups of which nothing more can be said than one question answer that question, on one page.
    Groups that name no jurisdiction but are not for one (``Article.not_for``) choose last: where such a
    group and one of a jurisdiction can only ask one question, the page is the jurisdiction's."""
    asked: dict[str, dict[str, int]] = {}  # question key -> jurisdiction -> the page that asks it
    titles: dict[int, tuple[str, int | None]] = {}
    restricted = [_jurisdiction(group) == GENERAL and _open_to_all(group) is not None for group in groups]
    for index in sorted(range(len(groups)), key=lambda g: restricted[g]):
        group, options = groups[index], candidates[index]
        jurisdiction = _jurisdiction(group)

        def owner(question: str, jurisdiction: str = jurisdiction) -> int | None:
            taken = asked.get(question_identity(question), {})
            for where, page in taken.items():
                if one_audience(where, jurisdiction):
                    return page
            return None

        title = next((q for q in options if owner(q) is None), None)
        if title is None:
            titles[index] = (options[0], owner(options[0]))
            continue
        asked.setdefault(question_identity(title), {})[jurisdiction] = index
        titles[index] = (title, None)
    return [titles[g] for g in range(len(groups))]


def plan_pages(articles: list[Article], clusters: list[list[str]], article_facts: dict[str, Facts],
               threads: int = 1, previous: Mapping[str, tuple[str, ...]] | None = None,
               grouped: PageGroups | None = None) -> Plan:
    """Articles and their duplicate clusters -> pages in which every question is answered exactly once.

    * A cluster's most complete member is its base; the others are cited, their text is not reused.
    * Bases that answer the same reader question make one page (:func:`page_groups`, unless the caller
      has them already), titled by their most representative headline.
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
    grouped = grouped or page_groups(articles, clusters, threads)
    groups, leaders = grouped.groups, grouped.leaders

    # Every headed section of every base is a candidate answer to a question; pages keep the articles'
    # order. A section without a heading is part of its own page's answer (it cannot be linked to).
    candidates: list[tuple[int, Article, int, Section]] = [
        (page, article, index, section)
        for page, group in enumerate(groups) for article in group
        for index, section in enumerate(article.sections) if section.question]
    points = [points_of(c[3]) for c in candidates]
    texts = ["".join(p) for p in points]
    # Each section's question identity, once: grouping, ranking and hosting all key by it.
    keys = [question_identity(c[3].question) for c in candidates]
    same: dict[str, list[int]] = {}  # one question, however worded (never joined across jurisdictions)
    for m, key in enumerate(keys):
        same.setdefault(key, []).append(m)
    section_groups = cluster_questions(
        [c[3].question for c in candidates], texts, threads=threads,
        exclusive=[open_to(c[1]) for c in candidates],
        together=[members for members in same.values() if len(members) > 1])
    title_keys = [question_identity(title) for title in grouped.titles]
    page_jurisdictions = [_jurisdiction(group) for group in groups]
    titled: dict[str, list[int]] = {}  # question -> the pages it titles
    for page, key in enumerate(title_keys):
        titled.setdefault(key, []).append(page)
    owner_of: dict[int, int] = {}  # candidate -> entry id
    entry_owner: list[int] = []  # entry id -> owning candidate
    host: list[int] = []  # entry id -> the page it is answered on
    for members in section_groups:
        per_page: dict[int, int] = {}
        for m in members:
            per_page[candidates[m][0]] = per_page.get(candidates[m][0], 0) + 1
        title_grams = {m: set(bigrams(grouped.titles[candidates[m][0]])) for m in members}

        def rank(m: int, per_page: dict[int, int] = per_page, title_grams: dict = title_grams) -> tuple:
            section = candidates[m][3]
            asked_by_title = title_keys[candidates[m][0]] == keys[m]
            shared = len(title_grams[m] & set(bigrams(section.question)))
            return (asked_by_title, per_page[candidates[m][0]], shared, len(texts[m]), -m)

        owner = max(members, key=rank)
        for m in members:
            owner_of[m] = len(entry_owner)
        entry_owner.append(owner)
        host.append(_titled_page(candidates[owner][0], keys[owner], title_keys, titled, page_jurisdictions))

    entries: list[Entry | None] = [None] * len(entry_owner)
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

    on_page: dict[int, list[int]] = {}
    for m, candidate in enumerate(candidates):
        on_page.setdefault(candidate[0], []).append(m)
    hosted_from_elsewhere: dict[int, list[int]] = {}  # page -> entries that no section of its own asked
    for entry_id, page in enumerate(host):
        if all(candidates[m][0] != page for m in members_of[entry_id]):
            hosted_from_elsewhere.setdefault(page, []).append(entry_id)
    pages: list[PagePlan] = []
    positions: dict[int, tuple[int, int]] = {}
    absorbed: dict[int, int] = {}  # entry -> the entry of its page that names the same step
    used: set[str] = set()
    for page, group in enumerate(groups):
        leader = leaders[page]
        own: list[int] = []
        elsewhere: list[int] = []
        # The parts of each article's answer that have no heading, one text per article, in its order.
        untitled = [(a, Section("", "", tuple(b for s in a.sections if not s.question for b in s.blocks)))
                    for a in group if any(not s.question for s in a.sections)]
        if untitled:
            # The page opens with them: the first article's as it wrote it, then what the others add.
            answer, _ = merge_answers(untitled[0][1], [section for _, section in untitled[1:]])
            sources = tuple(sorted({a.name for a, _ in untitled}))
            own.append(len(entries))
            entries.append(Entry("", answer, "", sources))
            merged_from.append(tuple((a.name, index) for a in group for index, section in enumerate(a.sections)
                                     if not section.question))
        for m in on_page.get(page, ()):
            entry_id = owner_of[m]
            if host[entry_id] == page:
                if entry_id not in own:
                    own.append(entry_id)
            elif entry_id not in elsewhere:
                elsewhere.append(entry_id)
        own += [entry_id for entry_id in hosted_from_elsewhere.get(page, ()) if entry_id not in own]
        for gone, into in _same_steps(own, entries).items():
            # Two articles' 收集证据 and 立即收集证据 on one page: one step, each point once, the first heading.
            survivor, absorbed_entry = entries[into], entries[gone]
            # Its text adds each point it makes that the first does not; its parts stay parts, under their
            # headings (_without_repeated_headings then takes a heading the page has twice once).
            answer, _ = merge_answers(replace(survivor.answer, subsections=()),
                                      [replace(absorbed_entry.answer, subsections=())])
            answer = replace(answer, subsections=(*survivor.answer.subsections, *absorbed_entry.answer.subsections))
            sources = tuple(sorted({*survivor.sources, *absorbed_entry.sources}))
            entries[into] = replace(survivor, answer=answer, sources=sources)
            merged_from[into] = (*merged_from[into], *merged_from[gone])
            absorbed[gone] = into
            own.remove(gone)
        for position, entry_id in enumerate(own):
            positions[entry_id] = (page, position)
        answered = {n for a in group for n in cluster_of[a.name]}
        cited = answered | {n for entry_id in own for s in entries[entry_id].sources for n in cluster_of[s]}
        known = article_facts[leader.name]
        title = grouped.titles[page]
        slug = slug_for(title)
        path = f"{known.category}/{slug}.md"
        members = [article_by_name[n] for a in group for n in cluster_of[a.name]]
        path = _previous_path(path, title, members, previous or {}, known.category, used) or path
        if path in used:
            # Two different titles with one file name: the leader's own hash keeps it stable across runs.
            path = f"{known.category}/{slug}-{leader.sha256[:6]}.md"
        used.add(path)
        answered_articles = [article_by_name[n] for n in answered]
        jurisdiction = _jurisdiction(answered_articles)
        pages.append(PagePlan(path, title, known.description, known.category, known.tags,
                              tuple(sorted(cited)), leader.intro, leader.conclusion,
                              _without_repeated_headings([entries[e] for e in own]), tuple(elsewhere),
                              tuple(sorted(answered)), jurisdiction,
                              *_other_headlines(title, group),
                              _not_for(answered_articles, jurisdiction)))
    for gone, into in absorbed.items():
        positions[gone] = positions[into]
    if absorbed:
        pages = [replace(p, elsewhere=tuple(dict.fromkeys(absorbed.get(e, e) for e in p.elsewhere))) for p in pages]
    # The questions answered from several articles, once every step that names another is merged into it.
    merges = [(e, entries[e].question, entries[e].sources) for e in range(len(entry_owner))
              if e not in absorbed and len(entries[e].sources) > 1]
    entry_positions = tuple(positions[e] for e in range(len(entries)))
    return Plan(tuple(pages), entry_positions,
                tuple((pages[positions[e][0]].path, q, s) for e, q, s in merges), tuple(merged_from),
                relate(pages, entry_positions), grouped.withheld)


def _same_steps(own: list[int], entries: list[Entry | None]) -> dict[int, int]:
    """Entries of one page whose headings name one step (:func:`same_step`, taken transitively: 投诉渠道
    joins 最有效的投诉渠道 and 投诉渠道与流程) -> the first of them on the page, which answers for all."""
    steps = UnionFind(len(own))
    for later in range(len(own)):
        for earlier in range(later):
            if same_step(entries[own[earlier]].question, entries[own[later]].question):
                steps.union(earlier, later)
    return {own[at]: own[group[0]] for group in steps.groups() for at in group[1:]}


def _titled_page(page: int, question: str, title_keys: list[str], titled: Mapping[str, list[int]],
                 jurisdictions: list[str]) -> int:
    """The page a section asking ``question`` is answered on: ``page``, unless another page's title asks
    it (for the same jurisdiction, or for every one): then that page, so that no two pages answer one
    question (``网贷逾期还会上门催收吗？`` under another title, and a page titled ``网贷逾期会有人上门催收吗？``)."""
    if title_keys[page] == question:
        return page
    for other in titled.get(question, ()):
        if one_audience(jurisdictions[other], jurisdictions[page]):
            return other
    return page


def _without_repeated_headings(entries: list[Entry]) -> tuple[Entry, ...]:
    """A page's entries with each heading once: a part whose heading is also a question of the page (or a
    step heading of its own, in the same or other words: :func:`same_step`) joins that entry, and a part
    whose heading an earlier part has joins that part (two articles' 收集证据 under two questions), each
    point once: no two headings of a page share an anchor."""
    answers = [replace(entry.answer, subsections=()) for entry in entries]
    parts: list[list[Section]] = [[] for _ in entries]
    # heading key -> (entry, its part, or None: the entry's own heading); entries' own headings first
    where: dict[str, tuple[int, int | None]] = {}
    headings: dict[str, str] = {}  # heading key -> the entry's own heading
    for e, entry in enumerate(entries):
        if (key := question_identity(entry.question)) and key not in where:
            where[key], headings[key] = (e, None), entry.question
    for e, entry in enumerate(entries):
        for sub in entry.answer.subsections:
            key = question_identity(sub.heading)
            if key and key not in where:
                # A step of the page in other words (收集证据 under a question, 立即收集证据 the page's own
                # step) is that step; parts are matched in other words only to the page's own steps, not to
                # each other's (two questions' 及时联系借款平台 and 积极主动联系借款平台 stay each where it is).
                key = next((known for known, heading in headings.items() if same_step(heading, sub.heading)), key)
            # A part headed with its own entry's question shows no heading (render): nothing repeats.
            if not key or key not in where or sub.heading == entry.question:
                if key:
                    where[key] = (e, len(parts[e]))
                parts[e].append(sub)
                continue
            at_entry, at_part = where[key]
            if at_part is None:
                answers[at_entry] = merge_answers(answers[at_entry], [sub])[0]
            else:
                parts[at_entry][at_part] = merge_answers(parts[at_entry][at_part], [sub])[0]
    return tuple(replace(entry, answer=replace(answer, subsections=tuple(subs)))
                 for entry, answer, subs in zip(entries, answers, parts, strict=True))


# At most this many other headlines of a page's articles are kept (shown when they ask, else for search).
MAX_ALSO_ASKED = 8


def _other_headlines(title: str, group: Iterable[Article]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The headlines of a page's articles other than its title, each once (at most MAX_ALSO_ASKED): those
    that ask, as the questions they ask (shown on the page), and those that ask nothing or are a sales
    hook (kept for search only: a portal's label such as 刊物, a statute's name or a slogan is no wording
    of a reader's question, as it never titles a page, yet a reader may type it)."""
    # Other wordings of one question are what the list is for (a reader types any of them): only a
    # wording already shown is left out.
    seen = {_wording(title)}
    found = []
    for article in group:
        question = headline_question(article.title)
        if question and _wording(question) not in seen:
            seen.add(_wording(question))
            found.append(question)
    found = found[:MAX_ALSO_ASKED]
    # A sales page's hook (卡债缠身，是不是让您喘不过气？) asks the reader nothing the page answers: kept
    # for search, as a headline that asks nothing is.
    # One that points back at what its article said before (面对此类情况…) does not stand alone: kept for
    # search too.
    shown = [is_question(q) and not is_hook(q) and stands_alone(q) for q in found]
    return (tuple(q for q, show in zip(found, shown, strict=True) if show),
            tuple(q for q, show in zip(found, shown, strict=True) if not show))


def open_to(article: Article) -> frozenset[str] | None:
    """The jurisdictions whose pages may take ``article``: its own; every one but those it is not for
    (``Article.not_for``: a general article written in Traditional is not the mainland's); or any (None)."""
    if article.jurisdiction != GENERAL:
        return frozenset({article.jurisdiction})
    if article.not_for:
        return frozenset(data("jurisdiction.yaml")["jurisdictions"]) - set(article.not_for)
    return None


def _open_to_all(articles: Iterable[Article]) -> frozenset[str] | None:
    """The jurisdictions whose pages may take every one of ``articles`` (None: any)."""
    found: frozenset[str] | None = None
    for article in articles:
        allowed = open_to(article)
        if allowed is not None:
            found = allowed if found is None else found & allowed
    return found


def _compatible(a: frozenset[str] | None, b: frozenset[str] | None) -> bool:
    return a is None or b is None or bool(a & b)


def _not_for(articles: Iterable[Article], jurisdiction: str) -> tuple[str, ...]:
    """The jurisdictions a page for none in particular is not for: those some of its articles are not for
    (``open_to``), sorted; none for a page of one ``jurisdiction`` (its notice says whose law it follows)."""
    allowed = _open_to_all(articles)
    if jurisdiction != GENERAL or allowed is None:
        return ()
    return tuple(sorted(set(data("jurisdiction.yaml")["jurisdictions"]) - allowed))


def _jurisdiction(articles: Iterable[Article]) -> str:
    """The one jurisdiction a page's articles are particular to (grouping never mixes two), or general."""
    found = sorted({a.jurisdiction for a in articles} - {GENERAL})
    return found[0] if len(found) == 1 else GENERAL


def _previous_path(path: str, title: str, members: list[Article], previous: Mapping[str, tuple[str, ...]],
                   category: str, used: set[str]) -> str | None:
    """The path this page had last time, when its title has changed. A page is named after its title, so
    it is the page, among those that cited these articles, named after one of their headlines (a page that
    only merged one of their answers is named after another article); or, failing that, the one page that
    cited every one of them (a page titled by none of its headlines). ``None``: a new page, one named
    after its title already, or its old name is taken.

    ``path`` is the title's own; other headlines are only turned into names (a jieba pass each) when the
    page had another name."""
    cited = {p for m in members for p in previous.get(m.name, ())}
    if not cited or path in cited or any(p.startswith(path[:-3] + "-") for p in cited):
        return None
    for other in sorted({headline_question(m.title) for m in members} - {title}):
        name = slug_for(other)
        for candidate in (f"{category}/{name}.md", *(f"{category}/{name}-{m.sha256[:6]}.md" for m in members)):
            if candidate in cited and candidate not in used:
                return candidate
    every = set.intersection(*(set(previous.get(m.name, ())) for m in members))
    if len(every) == 1 and (only := next(iter(every))).startswith(f"{category}/") and only not in used:
        return only
    return None


def _wording(question: str) -> str:
    """What two questions written the same way share (punctuation and spaces left out)."""
    return han_only(question) or question.strip()
