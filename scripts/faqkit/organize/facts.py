"""What a page is about, from its leading article: category, tags and the file name readers link to.

The categories and their keywords live in ``data/taxonomy.yaml``; tags come from jieba's TF-IDF keyword
extraction (with the project dictionary); file names are the pinyin of the title's content words.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from jieba import analyse
from pypinyin import lazy_pinyin
from scipy import sparse

from ..core.data import data
from ..core.furniture import load_rules as furniture_rules
from ..core.lexicon import pos_cut, pos_tokenizer, tokenizer
from ..core.prefilter import NeedleScan
from ..core.records import Article
from ..core.text import HAN, split_sentences
from .answers import short_answer

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
def keyword_extractor() -> analyse.TFIDF:
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
    """Up to ``max_tags`` keywords: jieba's TF-IDF over the article's lead text (project dictionary). A word
    that is page furniture on a line of its own (求助, 打印) is no keyword, and ``faqkit check`` says so."""
    stop = {*taxonomy()["tag_stopwords"], *taxonomy().get("tag_only_stopwords", ())}
    text = _lead_text(article)
    words = keyword_extractor().extract_tags(text, topK=30, allowPOS=("n", "nz", "vn", "nt", "v"))
    furniture = furniture_rules().drop_lines
    tags = [w for w in words if len(w) > 1 and w not in stop and not furniture.first(w)]
    return tags[: taxonomy()["max_tags"]]


def slug_for(title: str) -> str:
    """ASCII file name from the title's content words: 诉前调解是什么 -> suqiantiaojie-shishenme."""
    stop = set(taxonomy()["tag_stopwords"])
    tokens = [(w, flag) for w, flag in pos_cut(title) if re.search(f"[{HAN}A-Za-z0-9]", w)]
    words = [w for w, flag in tokens if w not in stop and len(w) > 1 and flag not in _NOT_SUBJECT]
    # A title of numbers and small words only (714不还会怎么样？) is named by all its words, not "page".
    return _slug(words) or _slug([w for w, _ in tokens]) or "page"


def _slug(words: list[str]) -> str:
    parts: list[str] = []
    for word in words:
        part = re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(word)).lower())
        if part and len("-".join([*parts, part])) <= 48:
            parts.append(part)
    return "-".join(parts)


@dataclass(frozen=True)
class Facts:
    """What organizing needs to know of a page's leading article (computed in a worker, and cached)."""

    category: str
    tags: tuple[str, ...]
    description: str


def facts(article: Article) -> Facts:
    return Facts(choose_category(article), tuple(choose_tags(article)), short_answer(article))


# -------------------------------------------------------------------------------------- reader concerns

# How much more a word of a concern counts in the headline and in a section heading than in the text: the
# headline says what the article answers, the text also says everything around it.
HEADLINE_WEIGHT = 10
HEADING_WEIGHT = 2


@lru_cache(maxsize=1)
def _concerns() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((c["name"], tuple(map(str, c["words"]))) for c in taxonomy()["reader_concerns"])


# A concern is what articles are about when it holds this share of all they say of the reader concerns.
DOMINANT_SHARE = 0.6


def concern_questions(articles: Iterable[Article], count: int = 3,
                      counts: Mapping[str, list[float]] | None = None, jurisdiction: str = "general") -> list[str]:
    """How a reader asks about what these articles speak of, best first: the reviewed ``question`` of the
    concern that dominates them (or, when none does, the broad question of the most specific subject term
    they repeat: ``title_terms``, 网贷逾期了怎么办？; when they repeat none, it comes last), then those of
    the ``count`` concerns they speak of most. The titles of a page none of whose articles has a headline
    or a question of its own. ``counts``: the articles' :func:`concern_counts` by name, when the caller has
    them already. For a page of one ``jurisdiction``, a concern asked there in other words (``asked_in``:
    欠债不还会被入禀追讨吗？ in Hong Kong for 网贷逾期会被起诉吗？) is asked in those."""
    articles = list(articles)
    totals = np.sum([counts[a.name] if counts is not None else concern_counts(a) for a in articles], axis=0)
    concerns = taxonomy()["reader_concerns"]
    ranked = [str((concerns[i].get("asked_in") or {}).get(jurisdiction, concerns[i]["question"]))
              for i in np.argsort(-totals, kind="stable")[:count] if totals[i]]
    if totals.sum() and totals.max() >= DOMINANT_SHARE * totals.sum():
        return ranked
    text = "".join(a.text for a in articles)
    # The terms run from specific to general, so the first one the articles repeat is their subject.
    term = next((t for t in taxonomy()["title_terms"] if text.count(t) >= 2), None)
    if term is None:
        # They repeat none (a news item on fake collectors never says 逾期): the concerns they do speak of
        # ask better than the broadest question, which stays the last resort.
        return [*ranked, _broad_question(taxonomy()["title_terms"][-1])]
    return [_broad_question(term), *ranked]


def _broad_question(term: str) -> str:
    return (taxonomy().get("title_questions") or {}).get(term) or taxonomy()["title_template"].format(term=term)


def concern_counts(article: Article) -> list[float]:
    """How often the article speaks of each reader concern of ``taxonomy.yaml`` (its headline's words
    weigh :data:`HEADLINE_WEIGHT`, its headings' :data:`HEADING_WEIGHT`)."""
    headings = "".join(s.question for s in article.sections)
    # Only the words one scan finds anywhere in the article are counted (an absent word counts 0): counting
    # each of the taxonomy's words three times over was two million searches at 10,000 articles.
    present = _concern_scan().present(f"{article.title}\n{headings}\n{article.text}")
    return [sum(HEADLINE_WEIGHT * article.title.count(w) + HEADING_WEIGHT * headings.count(w) + article.text.count(w)
                for w in words if w in present) for _, words in _concerns()]


@lru_cache(maxsize=1)
def _concern_scan() -> NeedleScan:
    return NeedleScan(word for _, words in _concerns() for word in words)


def concern_profiles(articles: list[Article], counts: Mapping[str, list[float]] | None = None
                     ) -> sparse.csr_matrix:
    """Rows: each article's profile over the reader concerns, unit length; log-damped counts weighted by
    how rare each concern is among the articles (one every article speaks of tells them apart little).
    ``counts``: as for :func:`concern_questions`."""
    raw = [counts[a.name] if counts is not None else concern_counts(a) for a in articles]
    logged = np.log1p(np.array(raw, dtype=np.float64).reshape(len(articles), -1))
    present = (logged > 0).sum(axis=0)
    weighted = logged * (np.log((len(articles) + 1) / (present + 1)) + 1)
    norms = np.linalg.norm(weighted, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(weighted / norms)
