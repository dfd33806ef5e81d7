"""``make bench BENCH=site``: build time, HTML per page and search index size of large generated sites.

Generates 1,000 and then 2,000 FAQ pages from the seed articles (each page a seed's page under a new
title and path, its sections rotated, spread over every category), builds both scripts with
``faqkit.site.build.build_site`` from a cold cache, and prints wall time, average HTML per page and the gzipped
search index of each script. Then it edits one page and rebuilds, to show that only that page is
converted to Traditional again, and previews the same edit as ``faqkit serve`` does (the page
rebuilt alone in both scripts; issue 15's target: ≤ 3 s at 1,000 pages). Targets: 1,000 pages in both
scripts in ≤ 10 s (issue 15; issue 5 asked ≤ 20 s), ≤ 60 KB HTML per page, and 2,000 pages in ≤ 2.2 × the
time and size of 1,000.
"""

from __future__ import annotations

import gzip
import os
import resource
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from faqkit import organize, pipeline
from faqkit.core.records import Link
from faqkit.core.script import HANT
from faqkit.publish import render
from faqkit.site.build import build_site
from faqkit.site.preview import Preview

ROOT = Path(__file__).resolve().parents[2]


def seed_pages() -> list[render.Page]:
    with tempfile.TemporaryDirectory() as tmp:
        return pipeline.ingest(ROOT / "sources", Path(tmp) / "docs", today="2026-01-01", progress=False).pages


def generated_pages(count: int, seeds: list[render.Page]) -> list[render.Page]:
    """``count`` FAQ pages made from the seed pages, round robin over seeds and categories; each links
    to the three pages made before it as its related questions (the seeds' own links point at pages
    that are not in the generated site)."""
    slugs = [category.slug for category in organize.categories()]
    pages: list[render.Page] = []
    for number in range(count):
        seed = seeds[number % len(seeds)]
        category = slugs[number % len(slugs)]
        shift = number % max(1, len(seed.entries))
        entries = seed.entries[shift:] + seed.entries[:shift]
        title = f"{seed.title.rstrip('？')}（第{number + 1}例）？"
        stem = seed.path.rsplit("/", 1)[-1].removesuffix(".md")
        related = tuple(Link(page.title, page.path) for page in pages[-3:])
        pages.append(replace(seed, path=f"{category}/{stem}-{number:05d}.md", title=title, category=category,
                             entries=entries, related=related, elsewhere=()))
    return pages


def write_docs(docs_dir: Path, pages: list[render.Page]) -> None:
    for relative, (meta, body) in render.documents(pages).items():
        target = docs_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render.render_document(meta, body, "2026-01-01")[0], encoding="utf-8")


def tree_figures(tree: Path, skip: Path | None) -> tuple[int, int, int]:
    """(HTML pages, HTML bytes, gzipped search index bytes) of one script's tree."""
    pages = [p for p in tree.rglob("*.html") if skip is None or skip not in p.parents]
    html = sum(p.stat().st_size for p in pages)
    index = gzip.compress((tree / "search" / "search_index.json").read_bytes(), 6)
    return len(pages), html, len(index)


def run(count: int, seeds: list[render.Page], work: Path) -> dict[str, float]:
    docs, site, build = work / f"docs-{count}", work / f"site-{count}", work / f"build-{count}"
    write_docs(docs, generated_pages(count, seeds))
    started, cpu, child_cpu = time.perf_counter(), time.process_time(), _children_cpu()
    figures = build_site(ROOT, docs, site, strict=True, build_dir=build)
    seconds = time.perf_counter() - started
    cpu, child_cpu = time.process_time() - cpu, _children_cpu() - child_cpu
    hans = tree_figures(site, site / HANT)
    hant = tree_figures(site / HANT, None)
    pages = hans[0] + hant[0]
    row = {"pages": count, "seconds": seconds, "html_kb": (hans[1] + hant[1]) / pages / 1024,
           "index_hans_kb": hans[2] / 1024, "index_hant_kb": hant[2] / 1024}
    row["cpu"] = max(cpu, child_cpu)
    print(f"{count:>9}  {seconds:6.1f}  {figures['seconds']['zh-Hans']:7.1f}  {figures['seconds'][HANT]:7.1f}  "
          f"{figures['seconds']['search']:6.1f}  {cpu:7.1f}  {child_cpu:8.1f}  {row['html_kb']:12.1f}  "
          f"{row['index_hans_kb']:8.0f}  {row['index_hant_kb']:7.0f}  {figures['converted']:9}", flush=True)

    # One page edited by hand: only it is converted again.
    edited = next(path for path in sorted(docs.rglob("*.md")) if path.name != "index.md")
    edited.write_text(edited.read_text(encoding="utf-8") + "\n编辑后新增的一句话。\n", encoding="utf-8")
    started = time.perf_counter()
    again = build_site(ROOT, docs, site, strict=True, build_dir=build)
    print(f"{'':>9}  rebuild after editing one page: {time.perf_counter() - started:.1f} s, "
          f"{again['converted']} page(s) converted", flush=True)

    # The same edit previewed (faqkit serve): the page rebuilt alone, in both scripts.
    preview = Preview(ROOT, docs, work / f"preview-{count}", build_dir=work / f"preview-build-{count}",
                      say=lambda _: None)
    try:
        times = []
        for n in range(3):
            edited.write_text(edited.read_text(encoding="utf-8") + f"\n预览时第{n + 1}次新增的一句话。\n",
                              encoding="utf-8")
            times.append(preview.update()["seconds"])
    finally:
        preview.close()
    row["preview"] = min(times)
    print(f"{'':>9}  preview of a one-page edit (faqkit serve), both scripts: "
          f"{' / '.join(f'{t:.1f}' for t in times)} s (target ≤ 3 s at 1,000 pages)", flush=True)
    return row


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    seeds = seed_pages()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} (other work slows the wall time)")
    print("Wall seconds: total, zh-Hans build (this process), zh-Hant conversion + build (second process, at the\n"
          "same time), search indexes and maps after both. CPU seconds per process: on an idle 2-core machine the\n"
          "wall time is about the larger of the two plus the search step.")
    print("FAQ pages  wall s  zh-Hans  zh-Hant  search  CPU main  CPU 2nd  HTML KB/page  idx.gz KB  zh-Hant  converted")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        small = run(1000, seeds, work)
        large = run(2000, seeds, work)
    print(f"2k / 1k: wall time {large['seconds'] / small['seconds']:.2f}x, CPU (larger process) "
          f"{large['cpu'] / small['cpu']:.2f}x, HTML per page "
          f"{large['html_kb'] / small['html_kb']:.2f}x (targets: 1k ≤ 10 s, ≤ 60 KB/page, 2k ≤ 2.2 × 1k)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
