"""``faqkit ingest``: wires the stages together; ``publish`` writes ``docs/``, this module the report.

    read -> markup -> repair -> canon -> clean -> segment -> dedup -> organize -> render

The per-article stages (read … segment, plus the article's dedup signature) run in worker processes,
one source at a time, and their result is cached under ``build/cache/`` by the source's content hash and
a hash of the code and data that made it. Everything after that needs the whole batch (clusters, merged
questions, related links) and runs in the main process on the results in file-name order (only the
pages' leaders are tagged, in workers again), so the output is byte-identical whatever the order of
files on disk and the number of workers. The stages are pure; ``publish`` alone writes pages
(atomically, never over a page a person edited).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import pickle
import stat
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from tqdm import tqdm

from . import render
from .publish import IngestResult, previous_paths, write_atomic, write_docs
from .read import DEFAULT_MAX_BYTES, SourceText, decode_source, list_sources, read_bytes
from .record import Article, Change, Link, Problem, sha256_hex

if TYPE_CHECKING:
    from . import dedup, organize

# The stage modules are imported where they are used: loading their dictionaries takes seconds, and a
# re-run on unchanged sources needs none of them (its pages come from the cache).

SITE_NAME = "逾期应对指南"
# Below this many sources, starting worker processes costs more than it saves.
MIN_PARALLEL = 32
# Below this many page leaders to tag, they are tagged in the main process: by then it holds the whole
# batch, and each forked worker starts with all of it resident (the batch's peak memory, counted per
# process), for less than a second of tagging at 10,000 articles (229 leaders).
MIN_PARALLEL_FACTS = 1000


def process(source: SourceText) -> Article:
    """One source through every per-article stage, with every change recorded."""
    from . import canon, clean, markup, repair, segment

    article = Article(name=source.name, sha256=source.sha256, text=source.text, encoding=source.encoding,
                      changes=source.changes)
    if source.is_html:
        article = article.with_text(*markup.html_to_text(article.text))
    article = article.with_text(*markup.strip_inline_markup(article.text))
    article = replace(article, script=canon.detect_script(article.text))
    article = article.with_text(*repair.repair(article.text))
    article = article.with_text(*canon.canonicalize(article.text))
    article = article.with_text(*clean.clean(article.text))
    structure = segment.segment(article.text)
    return replace(article, title=structure.title, intro=structure.intro, sections=structure.sections,
                   conclusion=structure.conclusion, changes=article.changes + structure.changes)


def clean_text(text: str) -> tuple[str, list[Change]]:
    """``faqkit clean``: one text cleaned and canonical (no structure)."""
    from . import clean

    article = process(SourceText("-", "", text, "utf-8", is_html=False))
    body = article.text.replace(clean.ROLE_MARKER + "intro\n", "").replace(clean.ROLE_MARKER + "conclusion\n", "")
    return body, list(article.changes)


def _has_text(article: Article) -> bool:
    sections = [*article.sections, *(sub for s in article.sections for sub in s.subsections)]
    blocks = [*article.intro, *article.conclusion, *(b for s in sections for b in s.blocks)]
    return any(block.text.strip() or block.items for block in blocks)


# ------------------------------------------------------------------------------- per-article, parallel

@dataclass(frozen=True)
class Processed:
    """One source after the per-article stages: what the batch stages need of it."""

    article: Article  # its changes: flags and read's notes only (the others are counted in ``counts``)
    signature: dedup.Signature
    has_text: bool  # False: nothing but furniture in it
    counts: tuple[tuple[str, int], ...] = ()  # applied changes by "kind/fix"


def _compact(article: Article) -> tuple[Article, tuple[tuple[str, int], ...]]:
    """The article with only its flags, and its applied changes counted: a Traditional copy carries
    hundreds of pinyin repairs, and shipping every one of them from the workers (and through the
    cache) cost more than the report, which only counts them, needs. What ``read`` salvaged from a
    damaged file is kept too: the command line tells the contributor about it."""
    counts = Counter(f"{c.kind}/{c.fix}" for c in article.changes if c.applied)
    kept = tuple(c for c in article.changes if not c.applied or c.kind == "read")
    return replace(article, changes=kept), tuple(sorted(counts.items()))


# The libraries whose output is in a cached article: a new pin must not serve the old results.
OUTPUT_LIBRARIES = ("jieba", "opencc-python-reimplemented", "pypinyin", "datasketch", "sparse_dot_topn", "numpy",
                    "scipy", "PyYAML")


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the package's code and data and of the libraries' versions: a cached result is reused only
    if they made it."""
    return version_of(Path(__file__).parent)


def version_of(root: Path, libraries: tuple[str, ...] = OUTPUT_LIBRARIES) -> str:
    digest = hashlib.sha256(f"python {sys.version_info[0]}.{sys.version_info[1]}\0".encode())
    for name in libraries:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}=={version}\0".encode())
    for path in sorted([*root.glob("*.py"), *(p for p in (root / "data").rglob("*") if p.is_file())]):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _cache_file(cache_dir: Path, name: str, sha256: str, kind: str = "articles") -> Path:
    key = hashlib.sha256(f"{code_version()}\0{name}\0{sha256}".encode()).hexdigest()
    return cache_dir / kind / key[:2] / f"{key}.pickle"


def _load(path: Path) -> object | None:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        return None  # missing or from another version: compute again


def _store(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def process_source(path: Path, name: str, max_bytes: int, cache_dir: Path | None) -> Problem | Processed:
    """Read and process one source (or take it from the cache); a failure is a Problem, never raised."""
    from . import dedup

    data = read_bytes(path, name, max_bytes)
    if isinstance(data, Problem):
        return data
    # Looked up before decoding: the encoding check (a plausibility score per candidate encoding) was
    # most of the cost of a cached source, and the same bytes decode the same way under the same code.
    cached = _cache_file(cache_dir, name, sha256_hex(data)) if cache_dir else None
    if cached is not None:
        hit = _load(cached)
        if isinstance(hit, Processed):
            return hit
    found = decode_source(name, data)
    if isinstance(found, Problem):
        return found
    try:
        article = process(found)
        compact, counts = _compact(article)
        result = Processed(compact, dedup.signature(article.text), _has_text(article), counts)
    except Exception as exc:  # one broken source must not cost the others their pages
        return Problem(name, f"could not be processed ({type(exc).__name__}: {exc}), skipped; "
                             "please report this file")
    if cached is not None:
        _store(cached, result)
    return result


def _process_task(task: tuple[str, str, int, str | None]) -> Problem | Processed:
    path, name, max_bytes, cache_dir = task
    return process_source(Path(path), name, max_bytes, Path(cache_dir) if cache_dir else None)


def _article_facts(article: Article, cache_dir: Path | None) -> organize.Facts:
    """A page leader's category, tags and description (cached like its processing)."""
    from . import organize

    cached = _cache_file(cache_dir, article.name, article.sha256, "facts") if cache_dir else None
    hit = _load(cached) if cached is not None else None
    if isinstance(hit, organize.Facts):
        return hit
    found = organize.facts(article)
    if cached is not None:
        _store(cached, found)
    return found


def _facts_task(task: tuple[Article, str | None]) -> organize.Facts:
    article, cache_dir = task
    return _article_facts(article, Path(cache_dir) if cache_dir else None)


def leader_facts(leaders: list[Article], workers: int | None = None, cache_dir: Path | None = None
                 ) -> dict[str, organize.Facts]:
    """:func:`organize.facts` of the pages' leaders, in worker processes when there are many. Tagging
    (jieba) is the costliest per-article step, and only a page's leader is ever tagged: a tenth or
    less of a batch full of republished copies."""
    tasks = [(article, str(cache_dir) if cache_dir else None) for article in leaders]
    workers = workers or default_workers()
    if workers <= 1 or len(tasks) < MIN_PARALLEL_FACTS:
        found = list(map(_facts_task, tasks))
    else:
        _warm_up()
        import multiprocessing

        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            found = list(pool.map(_facts_task, tasks, chunksize=max(1, min(16, len(tasks) // (8 * workers)))))
    return {article.name: facts for article, facts in zip(leaders, found, strict=True)}


def _warm_up() -> None:
    """Load the dictionaries once before forking, so that every worker shares them."""
    from . import dedup, lexicon, organize, repair

    dedup._template()  # datasketch and the MinHash permutations
    lexicon.pos_tokenizer()
    organize._keyword_extractor()
    for config in ("t2s", "s2t"):
        lexicon.converter(config).convert("预热")
        lexicon.changed_characters(config)
    repair.warm_up()


@contextmanager
def _long_lived() -> Iterator[None]:
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


def _process_all(files: list[tuple[Path, str]], max_bytes: int, cache_dir: Path | None,
                 workers: int, warm_up: bool = True) -> Iterator[Problem | Processed]:
    tasks = [(str(path), name, max_bytes, str(cache_dir) if cache_dir else None) for path, name in files]
    if workers <= 1 or len(tasks) < MIN_PARALLEL:
        yield from map(_process_task, tasks)
        return
    if warm_up:
        _warm_up()
    import multiprocessing

    fork = multiprocessing.get_context("fork")
    with _long_lived(), ProcessPoolExecutor(max_workers=workers, mp_context=fork) as pool:
        # map keeps the order of the tasks, so the results do not depend on which worker was faster.
        yield from pool.map(_process_task, tasks, chunksize=max(1, min(32, len(tasks) // (8 * workers))))


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def read_all(sources: Path, max_bytes: int, progress: bool, workers: int | None = None,
             cache_dir: Path | None = None, each: Callable[[Processed], None] | None = None, warm_up: bool = True
             ) -> tuple[list[Processed], list[Problem], int, dict[str, list[Change]], Counter[str]]:
    """Every source through the per-article stages; a source that fails in any way is a named Problem
    and never stops the others. The flags of skipped articles are kept for the report too, and the
    applied changes of all of them are counted by kind. ``each`` is given every article kept, in
    file-name order, as soon as it is ready: batch work that goes article by article starts while the
    workers are still busy with the others. ``warm_up=False``: every source is in the cache, so the
    dictionaries are not loaded before the workers start (a second of a re-run after a small change)."""
    files = list_sources(sources)
    processed: list[Processed] = []
    problems: list[Problem] = []
    changes: dict[str, list[Change]] = {}
    counts: Counter[str] = Counter()
    results = _process_all(files, max_bytes, cache_dir, workers or default_workers(), warm_up)
    for found in tqdm(results, total=len(files), desc="ingest", unit="file", disable=not progress,
                      file=sys.stderr):
        if isinstance(found, Problem):
            problems.append(found)
            continue
        changes[found.article.name] = list(found.article.changes)
        counts.update(dict(found.counts))
        if not found.has_text:
            problems.append(Problem(found.article.name, "nothing but furniture, spam or garbage in it, skipped"))
            continue
        processed.append(found)
        if each is not None:
            each(found)
    return processed, problems, len(files), changes, counts


# ------------------------------------------------------------------------------------ the whole batch

@dataclass
class IngestRun(IngestResult):
    """An ingest's result with what question merging did (for the report and the benchmark)."""

    # ``changes`` holds the flags and the batch's own changes (merged duplicates); every change the
    # per-article stages applied is counted here by "kind/fix".
    change_counts: Counter[str] = field(default_factory=Counter)
    question_merges: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    question_groups: list[tuple[tuple[str, int], ...]] = field(default_factory=list)
    from_cache: bool = False


def build_pages(processed: list[Processed], workers: int | None = None, cache_dir: Path | None = None,
                clusters: list[list[str]] | None = None, previous: dict[str, tuple[str, ...]] | None = None
                ) -> tuple[list[list[str]], list[render.Page], dict[str, Change], organize.Plan]:
    """Clusters of duplicate articles (unless the caller has them already: :func:`dedup.cluster_signatures`
    of ``processed``), and the pages in which every question is answered once; ``previous`` (source ->
    the pages that cited it last time) keeps pages where they were."""
    from . import dedup, organize

    articles = [p.article for p in processed]
    by_name = {a.name: a for a in articles}
    if clusters is None:
        clusters = dedup.cluster_signatures([a.name for a in articles], [p.signature for p in processed])
    article_facts = leader_facts(organize.page_leaders(articles, clusters), workers, cache_dir)
    plan = organize.plan_pages(articles, clusters, article_facts, threads=workers or default_workers(),
                               previous=previous)
    merged: dict[str, Change] = {}
    for members in clusters:
        base = max((by_name[n] for n in members), key=organize.completeness)
        for name in members:
            if name != base.name:
                merged[name] = Change("dedup", "merged-into", 0, f"{name} ({len(by_name[name].text)} characters)",
                                      base.name)
    drafts = [render.Page(path=p.path, title=p.title, description=p.description, category=p.category,
                          tags=p.tags, sources=tuple((n, by_name[n].sha256) for n in p.sources),
                          intro=p.intro, entries=p.entries, conclusion=p.conclusion) for p in plan.pages]
    anchors = [render.question_anchors(page) for page in drafts]
    links = [Link(plan.pages[page].entries[position].question, plan.pages[page].path, anchors[page][position])
             for page, position in plan.entries]
    page_texts = [p.title + "".join(e.question for e in p.entries) + "".join(links[e].title for e in p.elsewhere)
                  for p in plan.pages]
    entry_texts = [link.title + plan.pages[page].entries[pos].short_answer
                   for link, (page, pos) in zip(links, plan.entries, strict=True)]
    related = organize.related_entries(page_texts, entry_texts, [page for page, _ in plan.entries],
                                       [list(p.elsewhere) for p in plan.pages])
    pages = [replace(draft, related=tuple(links[e] for e in related[i]),
                     elsewhere=tuple(links[e] for e in plan.pages[i].elsewhere))
             for i, draft in enumerate(drafts)]
    pages.sort(key=lambda p: p.path)
    return clusters, pages, merged, plan


def documents(pages: list[render.Page]) -> dict[str, tuple[dict, str]]:
    """Every generated file: FAQ pages, a page per category, and the home page."""
    from . import organize

    docs: dict[str, tuple[dict, str]] = {}
    for page in pages:
        docs[page.path] = (render.faq_meta(page), render.render_body(page))
    groups = []
    for cat in organize.categories():
        members = [p for p in pages if p.category == cat.slug]
        groups.append((cat.slug, cat.name, cat.description, members))
        if members:
            meta = {"title": cat.name, "description": cat.description, "category": cat.slug}
            docs[f"{cat.slug}/index.md"] = (meta, render.category_body(cat.name, cat.description, members))
    home_meta = {"title": SITE_NAME, "description": "网贷逾期、催收、诉前调解、起诉和征信问题的一问一答指南。"}
    docs["index.md"] = (home_meta, render.home_body(SITE_NAME, groups))
    all_meta = {"title": render.ALL_QUESTIONS_TITLE, "description": "按分类列出本指南回答的每一个问题。",
                "search": {"exclude": True}}
    docs[render.ALL_QUESTIONS_PATH] = (all_meta, render.all_questions_body(groups))
    return docs


def source_digests(sources: Path, max_bytes: int) -> list[tuple[str, str | None, str]]:
    """(name, SHA-256 of its bytes or None, what was found) of every source, as ``read`` will see them."""
    found: list[tuple[str, str | None, str]] = []
    for path, name in list_sources(sources):
        try:
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
                # read_source skips it without reading it (a pipe would block, a link may lead anywhere)
                found.append((name, None, f"skipped {info.st_mode} {info.st_size}"))
                continue
            with path.open("rb") as handle:
                digest = (hashlib.file_digest(handle, "sha256") if hasattr(hashlib, "file_digest")
                          else hashlib.sha256(handle.read())).hexdigest()
            found.append((name, digest, digest))
        except OSError:
            found.append((name, None, "unreadable"))
    return found


def _batch_key(digests: list[tuple[str, str | None, str]], max_bytes: int) -> str:
    """Hash of every source's name and bytes, and of the code: equal keys give equal output."""
    key = hashlib.sha256(f"{code_version()}\0{max_bytes}\0".encode())
    for name, _, found in digests:
        key.update(name.encode("utf-8", "surrogateescape") + b"\0" + found.encode() + b"\0")
    return key.hexdigest()


def _all_cached(digests: list[tuple[str, str | None, str]], cache_dir: Path | None) -> bool:
    """Every source's processing is in the cache: the workers will need none of the dictionaries."""
    return cache_dir is not None and all(
        digest is not None and _cache_file(cache_dir, name, digest).is_file() for name, digest, _ in digests)


def ingest(sources: Path, docs_dir: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, today: str | None = None,
           progress: bool = True, workers: int | None = None, cache_dir: Path | None = None) -> IngestRun:
    """sources/ -> docs/. With ``cache_dir``, unchanged sources are not processed again, and an unchanged
    batch is not organized again either: the pages come from the cache, byte for byte."""
    digests = source_digests(sources, max_bytes)
    previous = previous_paths(docs_dir)
    batch_file = cache_dir / "batch" / f"{_batch_key(digests, max_bytes)}.pickle" if cache_dir else None
    cached = _load(batch_file) if batch_file else None
    if (isinstance(cached, tuple) and len(cached) == 2 and isinstance(cached[0], IngestRun)
            # the cached pages move none that docs/ has (else plan again, keeping those where they are)
            and {p for paths in previous.values() for p in paths} <= {page.path for page in cached[0].pages}):
        result, docs = cached
        result = replace(result, written=[], unchanged=[], kept_edited=[], removed=[], from_cache=True)
    else:
        from . import dedup

        result = IngestRun()
        # Duplicates are looked for as the articles come in, in file-name order, as build_pages would.
        found = dedup.SignatureClusters()
        processed, result.problems, result.files_read, result.changes, result.change_counts = read_all(
            sources, max_bytes, progress, workers, cache_dir, each=lambda p: found.add(p.article.name, p.signature),
            warm_up=not _all_cached(digests, cache_dir))
        clusters = found.clusters()
        del found  # its LSH index is large: not carried into the processes leader_facts forks
        with _long_lived():
            result.clusters, result.pages, merged, plan = build_pages(processed, workers, cache_dir, clusters,
                                                                      previous)
        result.question_merges = list(plan.merges)
        result.question_groups = list(plan.groups)
        for name, change in merged.items():
            result.changes[name].append(change)
        docs = documents(result.pages)
        if batch_file:
            for old in batch_file.parent.glob("*.pickle") if batch_file.parent.is_dir() else ():
                old.unlink(missing_ok=True)  # one batch is cached: the last one
            _store(batch_file, (result, docs))
    docs_dir.mkdir(parents=True, exist_ok=True)
    write_docs(docs_dir, docs, today or dt.date.today().isoformat(), result)
    return result


# ---------------------------------------------------------------------------------------------- report

def report_data(result: IngestRun) -> dict:
    counts: Counter[str] = Counter(result.change_counts)
    flags = []
    for name, changes in sorted(result.changes.items()):
        for change in changes:
            key = f"{change.kind}/{change.fix}"
            if change.applied:
                counts[key] += 1
            else:
                counts[f"flagged:{key}"] += 1
                flags.append({"source": name, "kind": change.kind, "fix": change.fix,
                              "position": change.position, "text": change.before})
    return {
        "files_read": result.files_read,
        "articles": sum(len(c) for c in result.clusters),
        "skipped": [{"file": p.name, "reason": p.message} for p in result.problems],
        "clusters": result.clusters,
        "duplicates_merged": result.duplicates_merged,
        "changes_by_kind": dict(sorted(counts.items())),
        "flags": flags,
        "kept_edited": result.kept_edited,
        "review": result.review,
        "kept_without_source": result.kept_without_source,
        "pages": [{"path": p.path, "title": p.title, "questions": len(p.entries),
                   "sources": [s for s, _ in p.sources]} for p in result.pages],
        "questions": sum(len(p.entries) for p in result.pages),
        "question_merges": [{"page": path, "question": question, "sources": list(sources)}
                            for path, question, sources in result.question_merges],
        # Every section that was merged with another one: (article, index of its section in the article).
        "merged_sections": [[list(member) for member in group]
                            for group in result.question_groups if len(group) > 1],
    }


def report_text(data: dict) -> str:
    """The report as text; like the JSON, it depends only on the sources, never on the run."""
    lines = [
        "faqkit ingest report",
        f"files read:         {data['files_read']}",
        f"articles ingested:  {data['articles']}",
        f"files skipped:      {len(data['skipped'])}",
    ]
    lines += [f"  - {s['file']}: {s['reason']}" for s in data["skipped"]]
    lines.append(f"duplicates merged:  {data['duplicates_merged']} "
                 f"({len(data['clusters'])} clusters)")
    lines.append("repairs and removals by kind:")
    lines += [f"  {key:<40} {n}" for key, n in data["changes_by_kind"].items()]
    lines.append(f"flagged for review: {len(data['flags'])}")
    lines += [f"  - {f['source']} [{f['kind']}/{f['fix']}] {f['text'][:60]!r}" for f in data["flags"]]
    lines.append(f"pages:              {len(data['pages'])} FAQ pages, {data['questions']} questions")
    lines += [f"  - {p['path']}: {p['title']} ({p['questions']} questions) <- {', '.join(p['sources'])}"
              for p in data["pages"]]
    lines.append(f"questions merged:   {len(data['question_merges'])} answered once from several articles")
    lines += [f"  - {m['page']}: {m['question']} <- {', '.join(m['sources'])}" for m in data["question_merges"]]
    if data["kept_edited"]:
        lines.append("edited by hand, left as they are (review the new material by hand):")
        lines += [f"  - {rel}" + (f" (new material: review/{rel})" if rel in data["review"] else "")
                  for rel in data["kept_edited"]]
    if data["kept_without_source"]:
        lines.append("edited by hand, kept though no source makes them any more:")
        lines += [f"  - {rel}" for rel in data["kept_without_source"]]
    return "\n".join(lines) + "\n"


def write_report(result: IngestRun, report_path: Path) -> str:
    data = report_data(result)
    text = report_text(data)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(report_path.with_suffix(".json"),
                 json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
    write_atomic(report_path.with_suffix(".txt"), text)
    return text
