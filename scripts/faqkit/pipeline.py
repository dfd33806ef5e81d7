"""``faqkit ingest``: wires the stages together; ``publish`` writes ``docs/``, this module the report.

    read -> markup -> repair -> canon -> clean -> segment -> dedup -> organize -> render

The stages are pure; ``publish`` alone writes pages (atomically, never over a page a person edited).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

from tqdm import tqdm

from . import canon, clean, dedup, markup, organize, render, repair, segment
from .publish import IngestResult, write_atomic, write_docs
from .read import DEFAULT_MAX_BYTES, SourceText, list_sources, read_source
from .record import Article, Change, Problem

SITE_NAME = "逾期应对指南"


def process(source: SourceText) -> Article:
    """One source through every per-article stage, with every change recorded."""
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
    article = process(SourceText("-", "", text, "utf-8", is_html=False))
    body = article.text.replace(clean.ROLE_MARKER + "intro\n", "").replace(clean.ROLE_MARKER + "conclusion\n", "")
    return body, list(article.changes)


def _completeness(article: Article) -> tuple[int, int, int]:
    """Prefer the member with the most structure and text and the fewest flags as a cluster's base."""
    return (len(article.sections), len(article.text) - 200 * len(article.flags), -len(article.name))


def _has_text(article: Article) -> bool:
    sections = [*article.sections, *(sub for s in article.sections for sub in s.subsections)]
    blocks = [*article.intro, *article.conclusion, *(b for s in sections for b in s.blocks)]
    return any(block.text.strip() or block.items for block in blocks)


def read_all(sources: Path, max_bytes: int, progress: bool
             ) -> tuple[list[Article], list[Problem], int, dict[str, list[Change]]]:
    """Every source through the per-article stages; a source that fails in any way is a named Problem
    and never stops the others. The changes of skipped articles are kept for the report too."""
    files = list_sources(sources)
    articles: list[Article] = []
    problems: list[Problem] = []
    changes: dict[str, list[Change]] = {}
    for path, name in tqdm(files, desc="ingest", unit="file", disable=not progress, file=sys.stderr):
        found = read_source(path, name, max_bytes)
        if isinstance(found, Problem):
            problems.append(found)
            continue
        try:
            article = process(found)
        except Exception as exc:  # one broken source must not cost the others their pages
            problems.append(Problem(name, f"could not be processed ({type(exc).__name__}: {exc}), skipped; "
                                          "please report this file"))
            continue
        changes[name] = list(article.changes)
        if not _has_text(article):
            problems.append(Problem(name, "nothing but furniture, spam or garbage in it, skipped"))
            continue
        articles.append(article)
    return articles, problems, len(files), changes


def build_pages(articles: list[Article]) -> tuple[list[list[str]], list[render.Page], dict[str, Change]]:
    """One page per cluster, built from its most complete member; the others are recorded as merged."""
    by_name = {a.name: a for a in articles}
    clusters = dedup.cluster([a.name for a in articles], [a.text for a in articles])
    pages: list[render.Page] = []
    merged: dict[str, Change] = {}
    used: set[str] = set()
    for members in clusters:
        base = max((by_name[n] for n in members), key=_completeness)
        for name in members:
            if name != base.name:
                merged[name] = Change("dedup", "merged-into", 0, f"{name} ({len(by_name[name].text)} characters)",
                                      base.name)
        category = organize.choose_category(base)
        slug = organize.slug_for(base.title)
        path = f"{category}/{slug}.md"
        if path in used:
            # Two different articles with one title: the base's own hash keeps the name stable across runs.
            path = f"{category}/{slug}-{base.sha256[:6]}.md"
        used.add(path)
        pages.append(render.Page(
            path=path, title=base.title, description=organize.short_answer(base), category=category,
            tags=tuple(organize.choose_tags(base)),
            sources=tuple((n, by_name[n].sha256) for n in members),
            intro=base.intro, sections=base.sections, conclusion=base.conclusion))
    pages.sort(key=lambda p: p.path)
    return clusters, pages, merged


def documents(pages: list[render.Page]) -> dict[str, tuple[dict, str]]:
    """Every generated file: FAQ pages, a page per category, and the home page."""
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


def ingest(sources: Path, docs_dir: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, today: str | None = None,
           progress: bool = True) -> IngestResult:
    result = IngestResult()
    articles, result.problems, result.files_read, result.changes = read_all(sources, max_bytes, progress)
    result.clusters, result.pages, merged = build_pages(articles)
    for name, change in merged.items():
        result.changes[name].append(change)
    docs_dir.mkdir(parents=True, exist_ok=True)
    write_docs(docs_dir, documents(result.pages), today or dt.date.today().isoformat(), result)
    return result


# ---------------------------------------------------------------------------------------------- report

def report_data(result: IngestResult) -> dict:
    counts: Counter[str] = Counter()
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
        "pages": [{"path": p.path, "title": p.title, "sources": [s for s, _ in p.sources]}
                  for p in result.pages],
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
    lines.append(f"pages:              {len(data['pages'])} FAQ pages")
    lines += [f"  - {p['path']}: {p['title']} <- {', '.join(p['sources'])}" for p in data["pages"]]
    if data["kept_edited"]:
        lines.append("edited by hand, left as they are (review the new material by hand):")
        lines += [f"  - {rel}" + (f" (new material: review/{rel})" if rel in data["review"] else "")
                  for rel in data["kept_edited"]]
    if data["kept_without_source"]:
        lines.append("edited by hand, kept though no source makes them any more:")
        lines += [f"  - {rel}" for rel in data["kept_without_source"]]
    return "\n".join(lines) + "\n"


def write_report(result: IngestResult, report_path: Path) -> str:
    data = report_data(result)
    text = report_text(data)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(report_path.with_suffix(".json"),
                 json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
    write_atomic(report_path.with_suffix(".txt"), text)
    return text
