"""Stage ``organize``: category, tags, file name and short answer of a page, from its article.

The categories and their keywords live in ``data/taxonomy.yaml``; tags come from jieba's TF-IDF keyword
extraction (with the project dictionary), file names are the pinyin of the title's content words.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain

import numpy as np
from jieba import analyse
from pypinyin import lazy_pinyin

from .dedup import PointSet, cluster_questions, tfidf
from .lexicon import data, pos_cut, pos_tokenizer, tokenizer
from .record import Article, Block, Entry, Section
from .textutil import HAN, bigrams, han_only, split_sentences

MAX_SHORT_ANSWER = 120
# Parts of speech that do not carry a title's subject: adverbs, pronouns, particles, numbers, times.
_NOT_SUBJECT = {"d", "ad", "r", "rr", "rz", "p", "c", "u", "uj", "ul", "uz", "ud", "y", "e", "m", "q", "f",
                "t", "z", "zg"}


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    description: str
    keywords: dict[str, int]


def taxonomy() -> dict:
    return data("taxonomy.yaml")


def categories() -> list[Category]:
    return [Category(c["slug"], c["name"], c["description"], c["keywords"])
            for c in taxonomy()["categories"]]


def choose_category(article: Article) -> str:
    questions = " ".join(s.question for s in article.sections)
    scored = []
    for order, cat in enumerate(categories()):
        score = sum(weight * (3 * article.title.count(word) + 2 * questions.count(word)
                              + article.text.count(word)) for word, weight in cat.keywords.items())
        scored.append((score, -order, cat.slug))
    best = max(scored)
    return best[2] if best[0] > 0 else taxonomy()["default"]


class _DictionaryWords:
    """Part-of-speech cutting without jieba's HMM guesses at unknown words: tags are words a reader
    knows, and the HMM (Viterbi over every unknown run) made tagging four times slower."""

    def cut(self, sentence: str):
        return pos_tokenizer().cut(sentence, HMM=False)


@lru_cache(maxsize=1)
def _keyword_extractor() -> analyse.TFIDF:
    # A copy of jieba's default extractor shares its IDF table instead of reading it a second time.
    extractor = copy.copy(analyse.default_tfidf)
    extractor.tokenizer = tokenizer()
    extractor.postokenizer = _DictionaryWords()
    return extractor


def _lead_text(article: Article) -> str:
    """What a page is about, in a few lines: its title (three times), its questions (twice), its
    introduction and conclusion, and the opening sentence of each section. Tagging cost grows with the
    text (jieba's cut is most of it), and the rest of the body mostly repeats these words."""
    parts = [article.title] * 3 + [s.question for s in article.sections] * 2
    parts += [b.text or "".join(b.items) for b in (*article.intro, *article.conclusion)]
    for section in article.sections:
        blocks = section.blocks or (section.subsections[0].blocks if section.subsections else ())
        if blocks:
            parts += split_sentences(blocks[0].text or "".join(blocks[0].items))[:1]
    return "\n".join(parts)


def choose_tags(article: Article) -> list[str]:
    """Up to ``max_tags`` keywords: jieba's TF-IDF over the article's lead text (project dictionary)."""
    stop = {*taxonomy()["tag_stopwords"], *taxonomy().get("tag_only_stopwords", ())}
    text = _lead_text(article)
    words = _keyword_extractor().extract_tags(text, topK=30, allowPOS=("n", "nz", "vn", "nt", "v"))
    tags = [w for w in words if len(w) > 1 and w not in stop]
    return tags[: taxonomy()["max_tags"]]


def slug_for(title: str) -> str:
    """ASCII file name from the title's content words: 诉前调解是什么 -> suqiantiaojie-shishenme."""
    stop = set(taxonomy()["tag_stopwords"])
    words = [w for w, flag in pos_cut(title)
             if re.search(f"[{HAN}A-Za-z0-9]", w) and w not in stop
             and len(w) > 1 and flag not in _NOT_SUBJECT]
    parts: list[str] = []
    for word in words:
        part = re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(word)).lower())
        if part and len("-".join([*parts, part])) <= 48:
            parts.append(part)
    return "-".join(parts) or "page"


def _trim(sentence: str, limit: int) -> str:
    if len(sentence) <= limit:
        return sentence
    clauses = re.split(r"(?<=[，；])", sentence)
    out = ""
    for clause in clauses:
        if len(out) + len(clause) > limit - 1:
            break
        out += clause
    return (out.rstrip("，；") or sentence[: limit - 1]) + "。"


@lru_cache(maxsize=1)
def _short_answer_rules() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(advice words, openings that do not stand alone, openings a short answer drops): questions.yaml."""
    rules = data("questions.yaml")["short_answer"]
    return tuple(re.compile(rules[key]) for key in ("advice_words", "not_alone_openings", "droppable_openings"))


def _answer_score(sentence: str, title_grams: set[str], in_conclusion: bool) -> float:
    """How well a sentence answers the page's question: advice words, the question's own words, place."""
    # A question, or a sentence that announces a list (以下几点：), answers nothing by itself.
    if sentence.endswith(("？", "：")) or not 12 <= len(sentence) <= 2 * MAX_SHORT_ANSWER:
        return float("-inf")
    advice_words, not_alone, _ = _short_answer_rules()
    advice = min(2, len(set(advice_words.findall(sentence))))
    overlap = len(set(bigrams(sentence)) & title_grams) / (len(title_grams) or 1)
    connective = 1.0 if not_alone.match(sentence) else 0.0
    return advice + 6 * overlap + (0.5 if in_conclusion else 0.0) - connective


def best_answer(question: str, pools: list[tuple[tuple[Block, ...], bool]], fallback: str) -> str:
    """One or two sentences (≤ 120 characters) of ``pools`` that best answer ``question``.

    ``pools`` are (blocks, is_conclusion); the best scored sentence is kept, followed by the next sentence
    of the same paragraph when both fit. List items count as sentences of their own.
    """
    question_grams = set(bigrams(question))
    best: tuple[float, int] | None = None
    chosen: tuple[list[str], int] = ([], 0)
    order = 0
    for blocks, in_conclusion in pools:
        for block in blocks:
            texts = [block.text] if block.text else [item.split("：", 1)[-1] for item in block.items]
            for text in texts:
                sentences = [s.strip() for s in split_sentences(text) if s.strip()]
                for i, sentence in enumerate(sentences):
                    score = _answer_score(sentence, question_grams, in_conclusion)
                    if score > float("-inf") and (best is None or (score, -order) > best):
                        best, chosen = (score, -order), (sentences, i)
                    order += 1
    if best is None:
        return _trim(fallback, MAX_SHORT_ANSWER)
    sentences, i = chosen
    # Standing alone, the answer needs no link back to what came before it (此时，… / 此外，…).
    answer = _trim(_short_answer_rules()[2].sub("", sentences[i]), MAX_SHORT_ANSWER)
    if not answer.endswith(("。", "！", "？", "”")):
        answer += "。"
    following = sentences[i + 1] if i + 1 < len(sentences) else ""
    if following and not following.endswith(("？", "：")) and len(answer) + len(following) <= MAX_SHORT_ANSWER:
        answer += following
    return answer


def _section_pools(section: Section) -> list[tuple[tuple[Block, ...], bool]]:
    return [(section.blocks, False), *((sub.blocks, False) for sub in section.subsections)]


def short_answer(article: Article) -> str:
    """The page's short answer: from the conclusion, the introduction and every section of its article."""
    pools = [(article.conclusion, True), (article.intro, False)]
    for section in article.sections:
        pools += _section_pools(section)
    return best_answer(article.title, pools, article.title)


def question_answer(question: str, section: Section) -> str:
    """A question's own short answer, drawn from its (merged) answer."""
    return best_answer(question, _section_pools(section), question)


# ------------------------------------------------------------------------------------------------ facts

@dataclass(frozen=True)
class Facts:
    """What organizing needs to know of a page's leading article (computed in a worker, and cached)."""

    category: str
    tags: tuple[str, ...]
    description: str


def facts(article: Article) -> Facts:
    return Facts(choose_category(article), tuple(choose_tags(article)), short_answer(article))


# ------------------------------------------------------------------------------------------------ pages

EXTRA_POINTS_HEADING = "其他文章补充的要点"


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


def completeness(article: Article) -> tuple[int, int, int]:
    """Prefer the member with the most structure and text and the fewest flags as a cluster's base."""
    return (len(article.sections), len(article.text) - 200 * len(article.flags), -len(article.name))


def _points(section: Section) -> list[str]:
    """A section's points in reading order: sentences of its paragraphs and its list items."""
    points: list[str] = []
    for blocks in [section.blocks, *(sub.blocks for sub in section.subsections)]:
        for block in blocks:
            if block.items:
                points.extend(block.items)
            else:
                points.extend(s.strip() for s in split_sentences(block.text) if s.strip())
    return points


RELEVANT_SHARE = 0.3


def _is_statement(point: str) -> bool:
    """A sentence or a ``label：text`` item: not a question, not a bare heading line."""
    return len(han_only(point)) >= 8 and not point.endswith(("？", "：")) and (
        point.endswith(("。", "！", "…", "”", "）")) or "：" in point)


def merge_answers(base: Section, others: list[Section], points: list[list[str]] | None = None
                  ) -> tuple[Section, int]:
    """``base`` as written, plus each point of ``others`` that it does not already make (once).

    Returns the merged section and the number of points the others added. The base's own points are
    never rewritten; the new ones follow under their own sub-heading, in the order the articles make
    them. A point is added only when it is about the question: on average its character bigrams are
    found in at least ``RELEVANT_SHARE`` of the answers merged (with two or three answers, every point
    is); a section that strayed into another topic (a reordered copy) must not carry that topic in.
    ``points``: the :func:`_points` of ``base`` and ``others``, in that order, if the caller has them.
    """
    members = points if points is not None else [_points(section) for section in (base, *others)]
    kept = PointSet()
    for point in members[0]:
        kept.add(point)
    # In how many of the answers each bigram is found (every bigram of a point is: its own answer's).
    share = Counter(chain.from_iterable(set(bigrams("".join(member))) for member in members))
    needed = RELEVANT_SHARE * len(members)
    extra = []
    for point in chain.from_iterable(members[1:]):
        if not _is_statement(point):
            continue
        grams = set(bigrams(point))
        if grams and sum(map(share.__getitem__, grams)) / len(grams) >= needed and kept.add(point, grams):
            extra.append(point)
    if not extra:
        return base, 0
    added = Section(EXTRA_POINTS_HEADING, EXTRA_POINTS_HEADING, (Block(items=tuple(extra)),), 3)
    return replace(base, subsections=(*base.subsections, added)), len(extra)


def _section_text(section: Section) -> str:
    return "".join(_points(section))


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
    ``previous``: source name -> the pages that cited it last time (:func:`faqkit.publish.previous_paths`).
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
    points = [_points(c[3]) for c in candidates]
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
    return Plan(tuple(pages), tuple(positions[e] for e in range(len(entries))),
                tuple((pages[positions[e][0]].path, q, s) for e, q, s in merges), tuple(merged_from))


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


def related_entries(page_texts: list[str], entry_texts: list[str], entry_page: list[int],
                    first: list[list[int]], count: int = 3, chunk: int = 1000) -> list[list[int]]:
    """For each page, the ``count`` entries on *other* pages most related to it.

    Relatedness is the cosine of TF-IDF character-bigram vectors (page: its title and questions; entry:
    its question and short answer). ``first[page]`` lists entries that come before any other (the
    questions its own articles ask, answered elsewhere); then one question per other page is preferred
    to several from the same page; ties go to the lower entry id.
    """
    if not entry_texts:
        return [[] for _ in page_texts]
    matrix = tfidf([*page_texts, *entry_texts])
    pages, entries = matrix[:len(page_texts)], matrix[len(page_texts):].T.tocsc()
    owner = np.asarray(entry_page)
    chosen: list[list[int]] = []
    for start in range(0, len(page_texts), chunk):
        scores = (pages[start:start + chunk] @ entries).toarray()
        for row, score in enumerate(scores):
            page = start + row
            score[owner == page] = -np.inf
            if first[page]:
                score[first[page]] += 10.0
            order = [int(e) for e in np.lexsort((np.arange(len(score)), -score))[:count * 4]
                     if np.isfinite(score[e])]
            # One question per page first, so that the links lead to different pages where they can.
            picked: list[int] = []
            for e in order:
                if len(picked) < count and entry_page[e] not in {entry_page[p] for p in picked}:
                    picked.append(e)
            picked += [e for e in order if e not in picked][:count - len(picked)]
            chosen.append(sorted(picked, key=order.index))
    return chosen
