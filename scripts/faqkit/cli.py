"""The ``faqkit`` command: wires the stages together, one sub-command per job.

    faqkit ingest [SOURCES] [--docs DIR]     sources/ -> docs/ (+ build/ingest-report.{txt,json})
    faqkit clean FILE|- [--explain]          one article cleaned and canonical
    faqkit clean --jsonl                     JSON lines on stdin, `text` cleaned, other fields kept
    faqkit dedup DIR --json                  clusters of duplicate files
    faqkit build [--docs DIR] [--site DIR]   docs/ -> site/ (zh-Hans) and site/zh-Hant/
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import dedup, pipeline
from .read import DEFAULT_MAX_BYTES, list_sources, read_source
from .record import Problem


def _cmd_ingest(args: argparse.Namespace) -> int:
    sources, docs = Path(args.sources), Path(args.docs)
    if not sources.is_dir():
        print(f"faqkit ingest: {sources} is not a folder of source articles", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result = pipeline.ingest(sources, docs, max_bytes=args.max_bytes, today=args.date,
                             progress=not args.quiet, workers=args.workers,
                             cache_dir=None if args.no_cache else Path(args.cache))
    text = pipeline.write_report(result, Path(args.report))
    for problem in result.problems:
        print(f"warning: {problem.name}: {problem.message}", file=sys.stderr)
    print(text, end="")
    print(f"this run: {len(result.written)} written, {len(result.unchanged)} unchanged, "
          f"{len(result.removed)} removed, {len(result.kept_edited)} kept (edited by hand) "
          f"in {time.perf_counter() - started:.1f} s; report: {Path(args.report).with_suffix('.txt')}")
    return 1 if result.problems and not result.pages else 0


def _cmd_clean(args: argparse.Namespace) -> int:
    if args.jsonl:
        for line_no, line in enumerate(sys.stdin, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"faqkit clean: line {line_no}: not JSON ({exc.msg})", file=sys.stderr)
                return 1
            if isinstance(record, dict) and isinstance(record.get("text"), str):
                record["text"], _ = pipeline.clean_text(record["text"])
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        return 0
    if args.file in (None, "-"):
        text = sys.stdin.read()
    else:
        found = read_source(Path(args.file), args.file)
        if isinstance(found, Problem):
            print(f"faqkit clean: {found.name}: {found.message}", file=sys.stderr)
            return 1
        text = found.text
    cleaned, changes = pipeline.clean_text(text)
    sys.stdout.write(cleaned)
    if args.explain:
        for change in changes:
            print(change.describe(), file=sys.stderr)
    return 0


def _cmd_dedup(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    names, texts = [], []
    for path, name in list_sources(root):
        found = read_source(path, name)
        names.append(name)
        texts.append("" if isinstance(found, Problem) else pipeline.process(found).text)
    clusters = dedup.cluster(names, texts)
    if args.json:
        print(json.dumps({"clusters": clusters}, ensure_ascii=False))
    else:
        for group in clusters:
            print(" = ".join(group))
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from . import site

    try:
        figures = site.build_site(Path(args.root), Path(args.docs), Path(args.site), strict=not args.no_strict)
    except site.SiteBuildError as error:
        print(f"faqkit build failed; fix the pages named below and build again:\n  {error}", file=sys.stderr)
        return 1
    print(f"site built: {Path(args.site).resolve()}/index.html (zh-Hans) and "
          f"{Path(args.site).resolve()}/zh-Hant/index.html (zh-Hant); {figures}")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="faqkit", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="sources/ -> docs/ and the ingest report")
    ingest.add_argument("sources", nargs="?", default="sources")
    ingest.add_argument("--docs", default="docs")
    ingest.add_argument("--report", default="build/ingest-report.txt")
    ingest.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    ingest.add_argument("--date", help="last_reviewed for new or changed pages (default: today)")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.add_argument("--workers", type=int, help="worker processes (default: one per core)")
    ingest.add_argument("--cache", default="build/cache", help="content-hash cache of processed sources")
    ingest.add_argument("--no-cache", action="store_true", help="process every source again")
    ingest.set_defaults(func=_cmd_ingest)

    clean = sub.add_parser("clean", help="print one article cleaned and canonical")
    clean.add_argument("file", nargs="?", help="a source file, or - for standard input")
    clean.add_argument("--jsonl", action="store_true", help="JSON lines with a `text` field on stdin")
    clean.add_argument("--explain", action="store_true", help="list every change on standard error")
    clean.set_defaults(func=_cmd_clean)

    dd = sub.add_parser("dedup", help="cluster duplicate articles in a folder")
    dd.add_argument("dir")
    dd.add_argument("--json", action="store_true")
    dd.set_defaults(func=_cmd_dedup)

    build = sub.add_parser("build", help="docs/ -> site/ in both scripts (mkdocs --strict)")
    build.add_argument("--root", default=".", help="the folder that holds mkdocs.yml")
    build.add_argument("--docs", default="docs")
    build.add_argument("--site", default="site")
    build.add_argument("--no-strict", action="store_true")
    build.set_defaults(func=_cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
