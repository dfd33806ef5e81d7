"""Site search in both scripts: how pages are cut into words, and how queries cross scripts.

Material for MkDocs builds a lunr index; its browser side matches a query's words as prefixes of the
indexed words. So a domain word must be indexed on its own to be found: 起诉 finds 被起诉 only when
被起诉 is indexed as 被/起诉. Two decisions follow.

* Words come from faqkit's own tokenizer (``lexicon.tokenizer``, jieba with ``data/userdict.txt``),
  without jieba's HMM, which glues unknown characters into words (加微信). A userdict word made of
  another domain word and one more word (被起诉 = 被 + 起诉, 暴力催收 = 暴力 + 催收) is indexed as its
  parts; the dictionary keeps it whole for tagging. :class:`ScriptSearchIndex` replaces Material's
  ``SearchIndex`` (whose cutting uses jieba's global state) for the build.
* The zh-Hant index is the zh-Hans index converted word by word (:func:`search_files`,
  run by ``faqkit build``): both indexes hold the same words in two scripts, with no Traditional
  dictionary. (A zh-Hant build on its own cuts a Traditional run where its character-by-character
  Simplified form is cut, which is nearly the same.)

Queries cross scripts in the browser, not in the index: ``search/script_map.json`` (written by
:func:`write_script_map` after a build) tells the search worker (``overrides/assets/javascripts/
workers/faq-search.js``) how to write any query in the site's script: first every Traditional-only
character is folded to Simplified (so mixed input like 網贷 works too), then characters and, where a
word differs from its characters, whole words are mapped to the site's forms. The index does not grow;
the map is a few kilobytes (``make bench BENCH=search`` prints both).
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from material.plugins.search.plugin import SearchIndex

from ..core.data import site_text
from ..core.lexicon import tokenizer, user_dictionary
from ..core.script import HANS, HANT, character_table, to_traditional, traditional_only_characters

SEPARATOR = "\u200b"  # Material joins the words of a Han run with it; mkdocs.yml's separator splits on it
SCRIPT_MAP = "script_map.json"  # next to search_index.json

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
# Words of an index entry: text between separators and markup, Han only.
_INDEX_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


# --- cutting pages into words -----------------------------------------------------------------------


@functools.cache
def compound_parts() -> Mapping[str, tuple[str, str]]:
    """userdict words that are another domain word plus one more word -> their two parts.

    被起诉 -> (被, 起诉), 暴力催收 -> (暴力, 催收), 网贷平台 -> (网贷, 平台); 诉前调解 and 停息挂账 stay
    whole, as none of their parts is a domain word of its own.
    """
    domain = {word for word, _, _ in user_dictionary()}
    known = tokenizer().FREQ
    parts: dict[str, tuple[str, str]] = {}
    for word in sorted(domain):
        for cut in range(1, len(word)):
            head, tail = word[:cut], word[cut:]
            if (head in domain or tail in domain) and all(len(p) == 1 or known.get(p) for p in (head, tail)):
                parts[word] = (head, tail)
                break
    return MappingProxyType(parts)


@functools.lru_cache(maxsize=1 << 16)
def cut_simplified(run: str) -> tuple[str, ...]:
    """The index words of a run of Simplified Han characters (cached: headings and phrases recur)."""
    words: list[str] = []
    for word in tokenizer().cut(run, HMM=False):
        words.extend(compound_parts().get(word, (word,)))
    return tuple(words)


@functools.cache
def _to_simplified_characters() -> dict[int, int]:
    """Traditional -> Simplified, one character for one (OpenCC's first choice), for cutting only."""
    return {ord(char): ord(targets[0]) for char, targets in character_table("TSCharacters.txt")
            if len(char) == 1 and len(targets[0]) == 1}


def cut_traditional(run: str) -> tuple[str, ...]:
    """A run of Traditional Han characters cut where its Simplified form is cut."""
    words, start = [], 0
    for word in cut_simplified(run.translate(_to_simplified_characters())):
        words.append(run[start : start + len(word)])
        start += len(word)
    return tuple(words)


def cutter(script: str) -> Callable[[str], tuple[str, ...]]:
    return cut_traditional if script == HANT else cut_simplified


def segment(text: str, script: str = HANS) -> str:
    """``text`` with each Han run cut into words joined by U+200B, as Material's index stores text."""
    cut = cutter(script)
    return _HAN_RUN.sub(lambda m: SEPARATOR + SEPARATOR.join(cut(m.group(0))) + SEPARATOR, text).strip(SEPARATOR)


class ScriptSearchIndex(SearchIndex):
    """Material's search index, with Han text cut by :func:`segment` for the site's script.

    ``converted_later``: the build's index will be replaced (the zh-Hant build of ``faqkit build``),
    so no page is indexed.
    """

    def __init__(self, script: str, converted_later: bool = False, **config: Any) -> None:
        super().__init__(**config)
        self.script = script
        self.converted_later = converted_later

    def add_entry_from_context(self, page: Any) -> None:
        if not self.converted_later:
            super().add_entry_from_context(page)

    def _segment_chinese(self, data: str) -> str:
        return segment(data, self.script)

    def create_entry_for_section(self, section: Any, toc: Any, url: str, page: Any) -> None:
        """Material's entry, and on the page's first entry the words of the other phrasings of its question
        (the "also answered here" list of :func:`also_asked`) and of its articles' headlines (front
        matter ``headlines``: those that ask nothing are not shown) as tags, each once: a reader typing
        an article's headline finds the page that answers it as readily as by its title."""
        if "".join(section.title or ()).strip() in _related_headings():
            # Links to other pages' questions are navigation: indexed, they made every page linking to a
            # question compete with the page answering it (an exact title ranked 6th on the dev half).
            return
        first = not self.entries or self.entries[-1]["location"].split("#")[0] != page.url
        super().create_entry_for_section(section, toc, url, page)
        if not first:
            return
        headlines = (getattr(page, "meta", None) or {}).get("headlines") or []
        phrasings = [*also_asked(getattr(page, "markdown", "") or ""), *(str(h) for h in headlines)]
        words = list(dict.fromkeys(segment(p, self.script) for p in phrasings))
        if words:
            entry = self.entries[-1]
            entry["tags"] = [*entry.get("tags", []), *words]


@functools.cache
def _related_headings() -> frozenset[str]:
    """The heading of a page's related questions, in both scripts."""
    heading = site_text()["related_heading"]
    return frozenset({heading, to_traditional(heading)})


def also_asked(markdown: str) -> list[str]:
    """The other phrasings a page lists of its question, under ``site.yaml``'s ``also_asked_title``."""
    label = site_text()["also_asked_title"]
    found = re.search(rf'^\?\?\? note "{re.escape(label)}"\n\n((?:    - .*\n?)+)', markdown, re.M)
    return [re.sub(r"\\(.)", r"\1", line.strip()[2:]) for line in found.group(1).splitlines()] if found else []


# --- crossing scripts in queries --------------------------------------------------------------------


@functools.cache
def fold_table() -> Mapping[str, str]:
    """Characters that only Traditional has -> their Simplified character (網 -> 网, 貸 -> 贷)."""
    only = traditional_only_characters()
    return MappingProxyType({char: targets[0] for char, targets in character_table("TSCharacters.txt")
                             if char in only and len(targets[0]) == 1})


def fold(text: str) -> str:
    table = fold_table()
    return "".join(table.get(char, char) for char in text)


def _majority(votes: Mapping[str, Counter[str]]) -> dict[str, str]:
    return {key: counts.most_common(1)[0][0] for key, counts in votes.items()}


def script_map(hans_words: Counter[str], hant_words: Counter[str], script: str,
               converted: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What the search worker needs to write a folded query in ``script`` (see the module docstring).

    ``hans_words`` / ``hant_words``: the words of the two built indexes with their counts. Pairs of a
    query form (folded, so Simplified-like) and the site's form come from the Simplified words and their
    conversions, and from the site's own words. ``chars`` maps a character to the site's character most
    pairs agree on; ``words`` holds only the words that ``chars`` would get wrong (头发 -> 頭髮).
    ``converted``: each Simplified word in Traditional, when the caller has them already.
    """
    pairs: list[tuple[str, str, int]] = []  # (query form, site form, weight)
    for word, count in hans_words.items():
        traditional = converted[word] if converted is not None else to_traditional(word)
        if len(traditional) != len(word):
            continue
        if script == HANS:
            pairs += [(fold(traditional), word, count), (word, word, count)]
        else:
            pairs += [(word, traditional, count), (fold(traditional), traditional, count)]
    if script == HANT:
        pairs += [(fold(word), word, count) for word, count in hant_words.items()]

    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for key, site, weight in pairs:
        for key_char, site_char in zip(key, site, strict=True):
            votes[key_char][site_char] += weight
    chars = {key: site for key, site in _majority(votes).items() if key != site}

    word_votes: dict[str, Counter[str]] = defaultdict(Counter)
    for key, site, weight in pairs:
        if len(key) > 1 and "".join(chars.get(char, char) for char in key) != site:
            word_votes[key][site] += weight
    words = {key: site for key, site in _majority(word_votes).items()
             if "".join(chars.get(char, char) for char in key) != site}
    key_chars = {char for key, _, _ in pairs for char in key}
    return {
        "script": script,
        # Only characters whose Simplified form occurs in the site: any other query word is not there.
        "fold": {char: simplified for char, simplified in sorted(fold_table().items()) if simplified in key_chars},
        "chars": dict(sorted(chars.items())),
        "words": dict(sorted(words.items())),
        "longest": max(map(len, words), default=1),
    }


def to_site_script(query: str, mapping: Mapping[str, Any]) -> str:
    """What the search worker does to a query (the Python twin of faq-search.js, for tests and bench)."""
    folded = "".join(mapping["fold"].get(char, char) for char in query)
    out, position = [], 0
    while position < len(folded):
        for length in range(min(mapping["longest"], len(folded) - position), 1, -1):
            site = mapping["words"].get(folded[position : position + length])
            if site:
                out.append(site)
                position += length
                break
        else:
            out.append(mapping["chars"].get(folded[position], folded[position]))
            position += 1
    return "".join(out)


@functools.lru_cache(maxsize=1 << 16)
def _traditional_piece(piece: str) -> str:
    return to_traditional(piece)


def compact_json(data: Any) -> str:
    """JSON as the site writes its search files: Chinese as UTF-8 (not \\u escapes, half the size), no
    spaces. A preview's patched index is written the same way as a full build's."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def traditional_index(hans_index: str) -> str:
    """A zh-Hans ``search_index.json`` with every word of its titles and texts in Traditional.

    Words are converted one at a time (the separators stay where they are), so the zh-Hant index is
    cut exactly like the zh-Hans one; locations are the same on both sites (anchors are script-neutral).
    """
    data = json.loads(hans_index)
    _to_traditional_docs(data["docs"])
    return compact_json(data)


def _to_traditional_docs(docs: list[dict[str, Any]]) -> None:
    for doc in docs:
        for field in ("title", "text"):
            if isinstance(doc.get(field), str):
                doc[field] = SEPARATOR.join(map(_traditional_piece, doc[field].split(SEPARATOR)))
        if isinstance(doc.get("tags"), list):
            doc["tags"] = [_traditional_piece(str(tag)) for tag in doc["tags"]]


def search_files(hans_index: str) -> dict[str, dict[str, str]]:
    """Everything search needs, made from the zh-Hans build's ``search_index.json`` alone: per script,
    the files of its ``search/`` folder (the index, zh-Hans's compacted and zh-Hant's converted from it,
    and ``script_map.json``). The zh-Hant build's own index is replaced, so this can run while it builds:
    it runs after zh-Hans's build, on the site build's longer path, so the index is read once and each
    distinct piece between separators is counted and converted once."""
    data = json.loads(hans_index)
    hans = compact_json(data)
    pieces = _pieces(data["docs"])
    hans_words = _words(pieces)
    _to_traditional_docs(data["docs"])
    hant = compact_json(data)
    hant_pieces: Counter[str] = Counter()
    for piece, count in pieces.items():
        hant_pieces[_traditional_piece(piece)] += count
    hant_words = _words(hant_pieces)
    converted = {word: to_traditional(word) for word in hans_words}
    return {script: {"search_index.json": index,
                     SCRIPT_MAP: compact_json(script_map(hans_words, hant_words, script, converted))}
            for script, index in ((HANS, hans), (HANT, hant))}


def _pieces(docs: list[dict[str, Any]]) -> Counter[str]:
    """How often each piece between separators occurs in the titles and texts of an index's docs."""
    # Fields joined by the separator split into exactly their pieces: one split and one count, in C.
    fields = (str(doc.get(field) or "") for doc in docs for field in ("title", "text"))
    return Counter(SEPARATOR.join(fields).split(SEPARATOR))


def _words(pieces: Counter[str]) -> Counter[str]:
    """How often each Han word occurs in the pieces (no word spans a separator, which is not Han)."""
    words: Counter[str] = Counter()
    for piece, count in pieces.items():
        for word in _INDEX_WORD.findall(piece):
            words[word] += count
    return words


def write_search_files(trees: Mapping[str, Path], files: Mapping[str, Mapping[str, str]]) -> None:
    """Write :func:`search_files` into each script's tree (``{script: site folder}``)."""
    for script, tree in trees.items():
        for name, text in files[script].items():
            (tree / "search" / name).write_text(text, encoding="utf-8")

