"""``faqkit ingest``: sources/ -> docs/, the stages wired together.

    read -> markup -> repair -> canon -> clean -> segment    per article (:mod:`.articles`, in :mod:`.workers`)
    dedup -> organize -> render -> publish                   on the whole batch

Articles judged adverts or off-topic (:mod:`faqkit.ingest.relevance`) are not published unless
``publish_all``; the report lists them with the reason. The per-article stages (and the article's dedup
signature) run in worker processes, one source at a
time, and their result is cached under ``build/cache/`` by the source's content hash and a hash of the
code and data that made it (:mod:`.cache`). Everything after that needs the whole batch (clusters,
merged questions, related links) and runs in the main process on the results in file-name order (only
the pages' leaders are tagged, in workers again), so the output is byte-identical whatever the order of
files on disk and the number of workers. The stages are pure; :mod:`faqkit.publish.docs` alone writes
pages (atomically, never over a page a person edited).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from tqdm import tqdm

from .. import dedup, organize
from ..core.records import Change, Problem
from ..ingest.read import DEFAULT_MAX_BYTES, list_sources
from ..ingest.relevance import ON_TOPIC
from ..publish import render
from ..publish.docs import IngestResult, Withheld, previous_paths, write_docs
from .articles import Processed, slimmed
from .cache import all_cached, batch_key, load, source_digests, store
from .workers import default_workers, leader_facts, long_lived, process_all

# One record at the end of each batch stage (``faqkit ingest --timings`` prints them with the time and
# memory so far): where a large batch spends its time and reaches its peak.
stages = logging.getLogger("faqkit.stages")


def read_all(sources: Path, max_bytes: int, progress: bool, workers: int | None = None,
             cache_dir: Path | None = None, each: Callable[[Processed], Iterable[str] | None] | None = None,
             warm_up: bool = True, publish_all: bool = False, withheld: list[Withheld] | None = None
             ) -> tuple[list[Processed], list[Problem], int, dict[str, list[Change]], Counter[str]]:
    """Every source through the per-article stages; a source that fails in any way is a named Problem and never stops
    the others. The flags of skipped articles are kept for the report too, and the applied changes of all of
    them are counted by kind. An advert or off-topic article is not kept (unless ``publish_all``) but added to
    ``withheld``, with the reason, for the report. ``each`` is given every article kept, in file-name order, as
    soon as it is ready: batch work that goes article by article starts while the workers are still busy with
    the others (it is the comparison: the articles kept have no shingles in their signatures); the names it
    returns are duplicates that will not be their cluster's base, kept :func:`slimmed` from then on.
    ``warm_up=False``: every source is in the cache, so the dictionaries are not loaded before the workers start
    (a second of a re-run after a small change)."""
    files = list_sources(sources)
    processed: list[Processed] = []
    problems: list[Problem] = []
    changes: dict[str, list[Change]] = {}
    counts: Counter[str] = Counter()
    position: dict[str, int] = {}  # name -> its index in ``processed``
    results = process_all(files, max_bytes, cache_dir, workers or default_workers(), warm_up)
    for found in tqdm(results, total=len(files), desc="ingest", unit="file", disable=not progress,
                      file=sys.stderr):
        if isinstance(found, Problem):
            problems.append(found)
            continue
        changes[found.article.name] = list(found.article.changes)
        counts.update(dict(found.counts))
        if not found.has_text:
            why = next((c.before for c in found.article.changes if c.kind == "skipped"), "no answer text")
            problems.append(Problem(found.article.name, f"{why}, skipped"))
            continue
        if found.article.relevance != ON_TOPIC and not publish_all:
            if withheld is not None:
                withheld.append(Withheld(found.article.name, found.article.relevance, found.article.relevance_why))
            continue
        position[found.article.name] = len(processed)
        if each is None:
            processed.append(found)
            continue
        duplicates = each(found) or ()
        # ``each`` has compared it: its shingles (600 MB at 100,000 articles) are not carried further.
        processed.append(replace(found, signature=found.signature.without_shingles()))
        for name in duplicates:
            processed[position[name]] = slimmed(processed[position[name]])
    return processed, problems, len(files), changes, counts


def build_pages(processed: list[Processed], workers: int | None = None, cache_dir: Path | None = None,
                clusters: list[list[str]] | None = None, previous: dict[str, tuple[str, ...]] | None = None
                ) -> tuple[list[list[str]], list[render.Page], dict[str, Change], organize.Plan]:
    """Clusters of duplicate articles (unless the caller has them already: :func:`dedup.cluster_signatures`
    of ``processed``), and the pages in which every question is answered once; ``previous`` (source ->
    the pages that cited it last time) keeps pages where they were."""
    articles = [p.article for p in processed]
    by_name = {a.name: a for a in articles}
    if clusters is None:
        clusters = dedup.cluster_signatures([a.name for a in articles], [p.signature for p in processed])
    threads = workers or default_workers()
    grouped = organize.page_groups(articles, clusters, threads)
    stages.info("page groups")
    # A page's leader under the page's question: its category, tags and short answer are the page's.
    article_facts = leader_facts([replace(leader, title=title) for leader, title in zip(grouped.leaders,
                                                                                      grouped.titles, strict=True)],
                                 workers, cache_dir)
    stages.info("leader facts")
    plan = organize.plan_pages(articles, clusters, article_facts, threads=threads, previous=previous,
                               grouped=grouped)
    stages.info("plan")
    merged: dict[str, Change] = {}
    for members in clusters:
        base = max((by_name[n] for n in members), key=organize.completeness)
        for name in members:
            if name != base.name:
                merged[name] = Change("dedup", "merged-into", 0, f"{name} ({len(by_name[name].text)} characters)",
                                      base.name)
    pages = render.pages_from_plan(plan, {name: article.sha256 for name, article in by_name.items()})
    stages.info("render")
    return clusters, pages, merged, plan


def ingest(sources: Path, docs_dir: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, today: str | None = None,
           progress: bool = True, workers: int | None = None, cache_dir: Path | None = None,
           publish_all: bool = False) -> IngestResult:
    """sources/ -> docs/. With ``cache_dir``, unchanged sources are not processed again, and an unchanged
    batch is not organized again either: the pages come from the cache, byte for byte. ``publish_all``:
    adverts and off-topic articles are published too (they are listed in the report either way)."""
    digests = source_digests(sources, max_bytes)
    previous = previous_paths(docs_dir)
    batch_file = (cache_dir / "batch" / f"{batch_key(digests, max_bytes, publish_all)}.pickle"
                  if cache_dir else None)
    cached = load(batch_file) if batch_file else None
    if (isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[0], IngestResult)
            # the cached pages move none that docs/ has (else plan again, keeping those where they are)
            and {p for paths in previous.values() for p in paths} <= {page.path for page in cached[0].pages}):
        result, docs = cached
        result = replace(result, written=[], unchanged=[], kept_edited=[], removed=[], from_cache=True)
    else:
        result = IngestResult()
        # Duplicates are looked for as the articles come in, in file-name order, as build_pages would;
        # a duplicate that will not be its cluster's base is slimmed at once.
        found = dedup.SignatureClusters()

        def add(p: Processed) -> list[str]:
            return found.add(p.article.name, p.signature, organize.completeness(p.article))

        processed, result.problems, result.files_read, result.changes, result.change_counts = read_all(
            sources, max_bytes, progress, workers, cache_dir, each=add,
            warm_up=not all_cached(digests, cache_dir), publish_all=publish_all, withheld=result.withheld)
        clusters = found.clusters()
        stages.info("read and compare")
        del found  # its LSH index is large: not carried into the processes leader_facts forks
        with long_lived():
            result.clusters, result.pages, merged, plan = build_pages(processed, workers, cache_dir, clusters,
                                                                      previous)
        result.question_merges = list(plan.merges)
        result.withheld += [Withheld(name, ON_TOPIC, why) for name, why in plan.withheld]
        result.question_groups = list(plan.groups)
        for name, change in merged.items():
            result.changes[name].append(change)
        docs = render.documents(result.pages)
        stages.info("documents")
        if batch_file:
            for old in batch_file.parent.glob("*.pickle") if batch_file.parent.is_dir() else ():
                old.unlink(missing_ok=True)  # one batch is cached: the last one
            store(batch_file, (result, docs))
    docs_dir.mkdir(parents=True, exist_ok=True)
    write_docs(docs_dir, docs, today or dt.date.today().isoformat(), result)
    stages.info("write")
    return result
