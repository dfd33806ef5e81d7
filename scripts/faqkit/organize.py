"""Stage ``organize``: category, tags, file name and short answer of a page, from its article.

The categories and their keywords live in ``data/taxonomy.yaml``; tags come from jieba's TF-IDF keyword
extraction (with the project dictionary), file names are the pinyin of the title's content words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import yaml
from jieba import analyse, posseg
from pypinyin import lazy_pinyin

from .lexicon import DATA_DIR, tokenizer
from .record import Article, Block

MAX_SHORT_ANSWER = 120
_ADVICE = re.compile(r"(应|要|务必|建议|可以|可|才能|需要|切勿|不要|先|首先|及时|保持|核实|保留)")
_SENTENCE = re.compile(r"[^。！？]+[。！？]")
# Parts of speech that do not carry a title's subject: adverbs, pronouns, particles, numbers, times.
_NOT_SUBJECT = {"d", "ad", "r", "rr", "rz", "p", "c", "u", "uj", "ul", "uz", "ud", "y", "e", "m", "q", "f",
                "t", "z", "zg"}


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    description: str
    keywords: dict[str, int]


@lru_cache(maxsize=1)
def taxonomy() -> dict:
    return yaml.safe_load((DATA_DIR / "taxonomy.yaml").read_text(encoding="utf-8"))


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
    extractor.postokenizer = posseg.POSTokenizer(tokenizer())
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
    words = [w for w, flag in posseg.POSTokenizer(tokenizer()).cut(title)
             if re.search(r"[\u4e00-\u9fffA-Za-z0-9]", w) and w not in stop
             and len(w) > 1 and flag not in _NOT_SUBJECT]
    parts: list[str] = []
    for word in words:
        part = re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(word)).lower())
        if part and len("-".join([*parts, part])) <= 48:
            parts.append(part)
    return "-".join(parts) or "page"


def _sentences(blocks: tuple[Block, ...]) -> list[str]:
    found: list[str] = []
    for block in blocks:
        found.extend(s.strip() for s in _SENTENCE.findall(block.text))
    return found


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


def short_answer(article: Article) -> str:
    """One or two advice sentences (≤ 120 characters) from the conclusion, introduction or first section."""
    pools = [article.conclusion]
    pools += [s.blocks or (s.subsections[0].blocks if s.subsections else ()) for s in article.sections]
    pools.append(article.intro)
    for pool in pools:
        advice = [s for s in _sentences(pool) if _ADVICE.search(s) and not s.endswith("？")]
        if not advice:
            continue
        answer = _trim(advice[0], MAX_SHORT_ANSWER)
        if len(advice) > 1 and len(answer) + len(advice[1]) <= MAX_SHORT_ANSWER:
            answer += advice[1]
        return answer
    return _trim(article.title, MAX_SHORT_ANSWER)
