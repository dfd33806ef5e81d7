"""The per-article map of ingest: one source file -> what the batch stages need of it, or a Problem.

Pure and independent of every other source (its result is cached by content hash), so it runs in any
number of worker processes and in any order: :mod:`.workers` runs it on this machine's cores.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from .. import dedup
from ..core.records import JUDGEMENTS, Article, Problem, sha256_hex
from ..ingest import has_text, process
from ..ingest.read import decode_source, read_bytes
from ..organize import Facts, facts
from .cache import cache_file, load, store


@dataclass(frozen=True)
class Processed:
    """One source after the per-article stages: what the batch stages need of it."""

    article: Article  # its changes: flags and read's notes only (the others are counted in ``counts``)
    signature: dedup.Signature
    has_text: bool  # False: nothing but furniture in it
    counts: tuple[tuple[str, int], ...] = ()  # applied changes by "kind/fix"


def slimmed(found: Processed) -> Processed:
    """A duplicate that will not be its cluster's base, as the batch stages still need it: its name,
    hash, title, judgements, flags and text (the report counts its characters), without the intro,
    sections and conclusion that only a base's page reads. Without them its completeness can only be
    lower, so it never becomes a base. Half of what a 100,000-article batch held in memory."""
    return replace(found, article=replace(found.article, intro=(), sections=(), conclusion=()))


def compact(article: Article) -> tuple[Article, tuple[tuple[str, int], ...]]:
    """The article with only its flags, and its applied changes counted: a Traditional copy carries
    hundreds of pinyin repairs, and shipping every one of them from the workers (and through the
    cache) cost more than the report, which only counts them, needs. What ``read`` salvaged from a
    damaged file is kept too: the command line tells the contributor about it; and so are the relevance
    and jurisdiction judgements, which the report lists article by article."""
    counts = Counter(f"{c.kind}/{c.fix}" for c in article.changes if c.applied and c.kind not in JUDGEMENTS)
    kept = tuple(c for c in article.changes if not c.applied or c.kind == "read" or c.kind in JUDGEMENTS)
    return replace(article, changes=kept), tuple(sorted(counts.items()))


def process_source(path: Path, name: str, max_bytes: int, cache_dir: Path | None) -> Problem | Processed:
    """Read and process one source (or take it from the cache); a failure is a Problem, never raised."""
    data = read_bytes(path, name, max_bytes)
    if isinstance(data, Problem):
        return data
    # Looked up before decoding: the encoding check (a plausibility score per candidate encoding) was
    # most of the cost of a cached source, and the same bytes decode the same way under the same code.
    cached = cache_file(cache_dir, name, sha256_hex(data)) if cache_dir else None
    if cached is not None:
        hit = load(cached)
        if isinstance(hit, Processed):
            return hit
    found = decode_source(name, data)
    if isinstance(found, Problem):
        return found
    try:
        article = process(found)
        kept, counts = compact(article)
        result = Processed(kept, dedup.signature(article.text), has_text(article), counts)
    except Exception as exc:  # one broken source must not cost the others their pages
        return Problem(name, f"could not be processed ({type(exc).__name__}: {exc}), skipped; "
                             "please report this file")
    if cached is not None:
        store(cached, result)
    return result


def article_facts(article: Article, cache_dir: Path | None) -> Facts:
    """A page leader's category, tags and description under the page's question (cached like its
    processing, by the question too)."""
    cached = cache_file(cache_dir, f"{article.name}\0{article.title}", article.sha256, "facts") if cache_dir else None
    hit = load(cached) if cached is not None else None
    if isinstance(hit, Facts):
        return hit
    found = facts(article)
    if cached is not None:
        store(cached, found)
    return found
