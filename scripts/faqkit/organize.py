"""Stage ``organize``: category, tags, file name and short answer of a page, from its article.

The categories and their keywords live in ``data/taxonomy.yaml``; tags come from jieba's TF-IDF keyword
extraction (with the project dictionary), file names are the pinyin of the title's content words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from jieba import analyse
from pypinyin import lazy_pinyin

from .lexicon import data, pos_cut, pos_tokenizer, tokenizer
from .record import Article
from .textutil import HAN, bigrams, split_sentences

MAX_SHORT_ANSWER = 120
_ADVICE = re.compile(r"(应|要|务必|建议|可以|可|才能|需要|切勿|不要|先|首先|及时|主动|积极|只要|保持|核实|保留)")
# A sentence that opens with one of these continues another one: it cannot stand alone as an answer.
_CONNECTIVE = re.compile(r"^(与此同时|同时|此外|另外|而且|并且|但是|不过|然而|因此|所以|展望未来|这样|这些|这类|该|其)")
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


@lru_cache(maxsize=1)
def _keyword_extractor() -> analyse.TFIDF:
    extractor = analyse.TFIDF()
    extractor.tokenizer = tokenizer()
    extractor.postokenizer = pos_tokenizer()
    return extractor


def choose_tags(article: Article) -> list[str]:
    stop = set(taxonomy()["tag_stopwords"])
    text = article.title * 3 + "\n" + article.text
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


def _answer_score(sentence: str, title_grams: set[str], in_conclusion: bool) -> float:
    """How well a sentence answers the page's question: advice words, the question's own words, place."""
    if sentence.endswith("？") or not 12 <= len(sentence) <= 2 * MAX_SHORT_ANSWER:
        return float("-inf")
    advice = min(2, len(set(_ADVICE.findall(sentence))))
    overlap = len(set(bigrams(sentence)) & title_grams) / (len(title_grams) or 1)
    connective = 1.0 if _CONNECTIVE.match(sentence) else 0.0
    return advice + 6 * overlap + (0.5 if in_conclusion else 0.0) - connective


def short_answer(article: Article) -> str:
    """One or two sentences (≤ 120 characters) that answer the title, drawn from the article itself.

    Candidates come from the conclusion, the introduction and every section; the best scored
    sentence is kept, followed by the next sentence of the same paragraph when both fit.
    """
    title_grams = set(bigrams(article.title))
    candidates: list[tuple[float, int, list[str], int]] = []
    pools = [(article.conclusion, True), (article.intro, False)]
    for section in article.sections:
        pools.append((section.blocks, False))
        pools += [(sub.blocks, False) for sub in section.subsections]
    order = 0
    for blocks, in_conclusion in pools:
        for block in blocks:
            sentences = [s.strip() for s in split_sentences(block.text) if s.strip()]
            for i, sentence in enumerate(sentences):
                score = _answer_score(sentence, title_grams, in_conclusion)
                if score > float("-inf"):
                    candidates.append((score, -order, sentences, i))
                order += 1
    if not candidates:
        return _trim(article.title, MAX_SHORT_ANSWER)
    _, _, sentences, i = max(candidates)
    answer = _trim(sentences[i], MAX_SHORT_ANSWER)
    following = sentences[i + 1] if i + 1 < len(sentences) else ""
    if following and not following.endswith("？") and len(answer) + len(following) <= MAX_SHORT_ANSWER:
        answer += following
    return answer
