"""Running the per-article map on this machine's cores: a process pool, forked once the dictionaries
are loaded, with the garbage collector kept off the long-lived objects.

Results come back in the order of the tasks, so nothing downstream depends on which worker was faster.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from ..core.records import Article, Problem
from ..organize import Facts
from .articles import Processed, article_facts, process_source

# Below this many sources, starting worker processes costs more than it saves.
MIN_PARALLEL = 32
# Below this many page leaders to tag, they are tagged in the main process: by then it holds the whole
# batch, and each forked worker starts with all of it resident (the batch's peak memory, counted per
# process), for less than a second of tagging at 10,000 articles (229 leaders).
MIN_PARALLEL_FACTS = 1000


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


# Run through the per-article stages once before forking, so that every rule they compile on first use
# (furniture, relevance, jurisdiction, segment, ...) is compiled once and shared.
_WARM_UP_ARTICLE = "网贷逾期了怎么办？\n一、先和平台协商\n说明收入下降的原因，申请延期或分期还款。\n".encode()


def warm_up() -> None:
    """Load the dictionaries and data files, and compile the stages' rules, once before forking, so that
    every worker shares them: done in each worker instead, they cost it about 0.3 CPU-s (its first 300
    articles took 2.55 CPU-s, 2.28 after this warm-up)."""
    from ..core import lexicon, script
    from ..core.data import DATA_DIR, data
    from ..dedup.articles import template
    from ..ingest import process, repair
    from ..ingest.read import decode_source
    from ..organize.facts import keyword_extractor

    template()  # datasketch and the MinHash permutations
    lexicon.pos_tokenizer()
    keyword_extractor()
    for config in ("t2s", "s2t"):
        script.converter(config).convert("预热")
        script.changed_characters(config)
    repair.warm_up()
    for path in sorted(DATA_DIR.glob("*.yaml")):
        data(path.name)
    found = decode_source("warm-up.txt", _WARM_UP_ARTICLE)
    if not isinstance(found, Problem):
        process(found)


@contextmanager
def long_lived() -> Iterator[None]:
    """Everything alive now is left out of the garbage collector's scans until the block ends: the
    dictionaries before the workers fork (a scan writes to every object, so each worker would copy
    every page of them), the batch's articles while the pages are built (full scans of them took
    two seconds of a 10,000-article ingest). Nothing is kept alive longer; cycles among these
    objects are found again once the block ends."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _process_task(task: tuple[str, str, int, str | None]) -> Problem | Processed:
    path, name, max_bytes, cache_dir = task
    return process_source(Path(path), name, max_bytes, Path(cache_dir) if cache_dir else None)


def process_all(files: list[tuple[Path, str]], max_bytes: int, cache_dir: Path | None,
                workers: int, warm: bool = True) -> Iterator[Problem | Processed]:
    """:func:`.articles.process_source` of every file, in the files' order."""
    tasks = [(str(path), name, max_bytes, str(cache_dir) if cache_dir else None) for path, name in files]
    if workers <= 1 or len(tasks) < MIN_PARALLEL:
        yield from map(_process_task, tasks)
        return
    if warm:
        warm_up()
    fork = multiprocessing.get_context("fork")
    with long_lived(), ProcessPoolExecutor(max_workers=workers, mp_context=fork) as pool:
        # map keeps the order of the tasks, so the results do not depend on which worker was faster.
        yield from pool.map(_process_task, tasks, chunksize=max(1, min(32, len(tasks) // (8 * workers))))


def _facts_task(task: tuple[Article, str | None]) -> Facts:
    article, cache_dir = task
    return article_facts(article, Path(cache_dir) if cache_dir else None)


def leader_facts(leaders: list[Article], workers: int | None = None, cache_dir: Path | None = None
                 ) -> dict[str, Facts]:
    """:func:`faqkit.organize.facts` of the pages' leaders, in worker processes when there are many.
    Tagging (jieba) is the costliest per-article step, and only a page's leader is ever tagged: a tenth
    or less of a batch full of republished copies."""
    tasks = [(article, str(cache_dir) if cache_dir else None) for article in leaders]
    workers = workers or default_workers()
    if workers <= 1 or len(tasks) < MIN_PARALLEL_FACTS:
        found = list(map(_facts_task, tasks))
    else:
        warm_up()
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            found = list(pool.map(_facts_task, tasks, chunksize=max(1, min(16, len(tasks) // (8 * workers)))))
    return {article.name: facts for article, facts in zip(leaders, found, strict=True)}
