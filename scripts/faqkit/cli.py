"""The ``faqkit`` command: wires the stages together, one sub-command per job.

    faqkit ingest [SOURCES] [--docs DIR]     sources/ -> docs/ (+ build/ingest-report.{txt,json});
                                             adverts and off-topic articles only with --publish-all
    faqkit clean FILE|- [--explain]          one article cleaned and canonical
    faqkit clean --jsonl                     JSON lines on stdin, `text` cleaned, other fields kept
    faqkit dedup DIR --json                  clusters of duplicate files
    faqkit build [--docs DIR] [--site DIR]   docs/ -> site/ (zh-Hans) and site/zh-Hant/
    faqkit serve [--docs DIR] [--port N]     build, serve both scripts, show each edit of docs/ in seconds
    faqkit check [--docs DIR] [--no-build]   every page checked; messages name file, line and the fix
    faqkit fix [PAGE ...]                    Traditional/mixed script and half-width punctuation fixed

Exit codes: 0 everything done; 1 done, but something failed (a source skipped, a page with problems,
a build that failed); 2 usage error (a folder that does not exist, a bad option), nothing done.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path

from .core.records import Change, Problem
from .ingest.read import DEFAULT_MAX_BYTES, list_sources, printable_name, read_source


def _print_stages(started: float) -> None:
    """``--timings``: a line on stderr at the end of each batch stage, with the seconds since ``started``,
    the process's peak resident memory so far (its workers not counted) and the clock time."""
    import logging
    import resource

    class StageLine(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kB on Linux
            # The clock time at the end too, so that a measuring process can place the stage exactly.
            print(f"stage {time.perf_counter() - started:8.1f} s {peak / 1e6:7.0f} MB  {record.getMessage()}"
                  f"  (at {time.time():.3f})", file=sys.stderr, flush=True)

    logger = logging.getLogger("faqkit.stages")
    logger.setLevel(logging.INFO)
    logger.addHandler(StageLine())


def _cmd_ingest(args: argparse.Namespace) -> int:
    sources, docs = Path(args.sources), Path(args.docs)
    if not sources.is_dir():
        print(f"faqkit ingest: {sources} is not a folder of source articles", file=sys.stderr)
        return 2
    try:
        docs.mkdir(parents=True, exist_ok=True)  # fail before the work, not after it
    except OSError as error:
        print(f"faqkit ingest: cannot write {docs}: {error.strerror}", file=sys.stderr)
        return 2
    from . import pipeline
    from .publish.report import write_report

    started = time.perf_counter()
    if args.timings:
        _print_stages(started)
    try:
        result = pipeline.ingest(sources, docs, max_bytes=args.max_bytes, today=args.date,
                                 progress=not args.quiet, workers=args.workers,
                                 cache_dir=None if args.no_cache else Path(args.cache),
                                 publish_all=args.publish_all)
        text = write_report(result, Path(args.report))
    except OSError as error:
        print(f"faqkit ingest: cannot write {error.filename or docs}: {error.strerror}; docs/ is as it was",
              file=sys.stderr)
        return 2
    for problem in result.problems:
        print(f"warning: {problem.name}: {problem.message}", file=sys.stderr)
    for name, changes in sorted(result.changes.items()):
        for change in changes:
            if change.kind == "read":
                print(f"note: {printable_name(name)}: {change.before}", file=sys.stderr)
    if result.withheld:
        print(f"note: {len(result.withheld)} adverts or off-topic articles were not published (listed with the "
              "reason in the report; --publish-all publishes them)", file=sys.stderr)
    print(text, end="")
    review = f", {len(result.review)} with new material in review/" if result.review else ""
    print(f"this run: {len(result.written)} written, {len(result.unchanged)} unchanged, "
          f"{len(result.removed)} removed, {len(result.kept_edited)} kept (edited by hand{review}) "
          f"in {time.perf_counter() - started:.1f} s; report: {Path(args.report).with_suffix('.txt')}")
    if result.problems:
        print(f"faqkit ingest: {len(result.problems)} of {result.files_read} sources skipped (named above); "
              "every other source was ingested", file=sys.stderr)
        return 1
    return 0



def _cmd_check(args: argparse.Namespace) -> int:
    from . import check

    docs, root = Path(args.docs), Path(args.root)
    if not docs.is_dir() or not (root / "mkdocs.yml").is_file():
        print(f"faqkit check: {docs} is not a docs folder or {root} has no mkdocs.yml", file=sys.stderr)
        return 2
    findings = check.check_docs(docs, root, build=not args.no_build)
    github = args.format == "github" or (args.format == "auto" and check.github_actions())
    for finding in findings:
        print(finding.as_text())
        if github:
            print(finding.as_github())
    pages = sum(1 for _ in docs.rglob("*.md"))
    waiting = sorted((docs.parent / "review").rglob("*.md")) if (docs.parent / "review").is_dir() else []
    if waiting:
        print(f"note: {len(waiting)} 个审核文件在 review/ 里等待处理（见 CONTRIBUTING.md“新材料与人工修改”）："
              + "、".join(p.relative_to(docs.parent / "review").as_posix() for p in waiting[:5]))
    built = "" if args.no_build else "，两种字体都能以 --strict 构建"
    if not findings:
        print(f"faqkit check: {pages} 个页面全部通过{built}。")
        return 0
    if not args.no_build and not any(f.rule == "build" for f in findings):
        print("（页面问题修好以后，check 会再以 --strict 构建两种字体。）")
    fixable = sum(1 for f in findings if f.rule in ("script", "typography"))
    files = len({f.file for f in findings})
    print(f"faqkit check: {len(findings)} 个问题，涉及 {files} 个文件。"
          + (f"其中 {fixable} 个（繁体字、标点）可以用 `faqkit fix` 自动修正。" if fixable else ""))
    return 1


def _cmd_fix(args: argparse.Namespace) -> int:
    from . import check
    from .publish.docs import write_atomic

    docs = Path(args.docs)
    if not args.pages and not docs.is_dir():
        print(f"faqkit fix: {docs} is not a folder of pages", file=sys.stderr)
        return 2
    paths = [Path(p) for p in args.pages] or sorted(docs.rglob("*.md"))
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"faqkit fix: no such page: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    changed, unreadable = check.fix_files(paths, write_atomic)
    for path, counts in changed:
        print(f"fixed {check.shown_path(path)}: {counts['script']} 行繁体转简体，{counts['typography']} 行标点")
    for path, why in unreadable:
        print(f"faqkit fix: {check.shown_path(path)}: {why}", file=sys.stderr)
    untouched = len(paths) - len(changed) - len(unreadable)
    print(f"faqkit fix: {len(changed)} 个页面已修正，{untouched} 个无需修改"
          + (f"，{len(unreadable)} 个读不了（见上）" if unreadable else "")
          + "；其余问题请运行 `faqkit check` 查看。")
    return 1 if unreadable else 0


def _cmd_clean(args: argparse.Namespace) -> int:
    from .ingest import clean_text

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
                record["text"], _ = clean_text(record["text"])
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
    cleaned, changes = clean_text(text)
    sys.stdout.write(cleaned)
    if args.explain:
        sys.stderr.write(explain(changes))
    return 0


# The text steps in the order the pipeline runs them, by the kind of change each one records.
EXPLAIN_STEPS = (
    ("markup", "leftover HTML and Markdown"),
    ("pinyin", "pinyin annotations"),
    ("deleted-word", "words a filter deleted"),
    ("lookalike", "symbols typed for the character they look like"),
    ("mojibake", "one-byte-shift GBK mojibake"),
    ("byte-drop", "GBK byte-drop (DF A3)"),
    ("canon", "canonical script (t2s)"),
    ("typography", "full-width punctuation"),
    ("boilerplate", "page furniture and spam"),
    ("pii", "personal data"),
    ("spin", "spun phrases reversed"),
    ("law", "law citations checked"),
    ("relevance", "on-topic, advert or off-topic, and why"),
    ("jurisdiction", "whose law the advice is for, and the terms that show it"),
    ("structure", "headings and structure"),
)


def explain(changes: list[Change]) -> str:
    """Every step of ``faqkit clean``, in pipeline order, with every change it made or flagged."""
    flagged = sum(1 for c in changes if not c.applied)
    lines = [f"faqkit clean: {len(changes) - flagged} changes, {flagged} flagged for review"]
    known = {kind for kind, _ in EXPLAIN_STEPS}
    steps = [*EXPLAIN_STEPS, *((k, "other") for k in dict.fromkeys(c.kind for c in changes) if k not in known)]
    for number, (kind, title) in enumerate(steps, 1):
        found = [c for c in changes if c.kind == kind]
        lines.append(f"step {number:>2} {kind:<13} {title}: {len(found)} change(s)")
        lines += [f"    {c.describe()}" for c in found]
    return "\n".join(lines) + "\n"


def _cmd_dedup(args: argparse.Namespace) -> int:
    from . import dedup
    from .ingest import process

    root = Path(args.dir)
    if not root.is_dir():  # an empty cluster list would read as "no duplicates"
        print(f"faqkit dedup: {root} is not a folder of source articles", file=sys.stderr)
        return 2
    names, texts = [], []
    for path, name in list_sources(root):
        found = read_source(path, name)
        names.append(printable_name(name))
        texts.append("" if isinstance(found, Problem) else process(found).text)
    clusters = dedup.cluster(names, texts)
    if args.json:
        print(json.dumps({"clusters": clusters}, ensure_ascii=False))
    else:
        for group in clusters:
            print(" = ".join(group))
    return 0


def _site_usage_error(command: str, args: argparse.Namespace) -> bool:
    """Says (and returns True) when ``--docs`` is no folder or ``--root`` holds no mkdocs.yml."""
    if not Path(args.docs).is_dir():
        print(f"faqkit {command}: {args.docs} is not a folder of pages", file=sys.stderr)
        return True
    if not (Path(args.root) / "mkdocs.yml").is_file():
        print(f"faqkit {command}: {args.root} has no mkdocs.yml (--root names the folder that holds it)",
              file=sys.stderr)
        return True
    return False


def _cmd_build(args: argparse.Namespace) -> int:
    from .site import build as site

    if _site_usage_error("build", args):
        return 2
    try:
        figures = site.build_site(Path(args.root), Path(args.docs), Path(args.site), strict=not args.no_strict)
    except site.SiteBuildError as error:
        print(f"faqkit build failed; fix the pages named below and build again:\n  {error}", file=sys.stderr)
        return 1
    print(f"site built: {Path(args.site).resolve()}/index.html (zh-Hans) and "
          f"{Path(args.site).resolve()}/zh-Hant/index.html (zh-Hant); {figures}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from .site import preview

    if _site_usage_error("serve", args):
        return 2
    preview.serve(Path(args.root), Path(args.docs), Path(args.site), host=args.host, port=args.port)
    return 0


def _iso_date(value: str) -> str:
    """A real calendar date written YYYY-MM-DD (argparse turns the error into exit code 2)."""
    try:
        valid = dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        valid = False
    if not valid:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date written YYYY-MM-DD, such as 2026-01-31")
    return value


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="faqkit", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="sources/ -> docs/ and the ingest report")
    ingest.add_argument("sources", nargs="?", default="sources")
    ingest.add_argument("--docs", default="docs")
    ingest.add_argument("--report", default="build/ingest-report.txt")
    ingest.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    ingest.add_argument("--date", type=_iso_date, help="last_reviewed for new or changed pages, YYYY-MM-DD "
                        "(default: today)")
    ingest.add_argument("--quiet", action="store_true", help="no progress bar")
    ingest.add_argument("--workers", type=int, help="worker processes (default: one per core)")
    ingest.add_argument("--cache", default="build/cache", help="content-hash cache of processed sources")
    ingest.add_argument("--no-cache", action="store_true", help="process every source again")
    ingest.add_argument("--timings", action="store_true",
                        help="on stderr, the seconds and peak memory (MB) at the end of each batch stage")
    ingest.add_argument("--publish-all", action="store_true",
                        help="publish adverts and off-topic articles too (the report lists them either way)")
    ingest.set_defaults(func=_cmd_ingest)

    clean = sub.add_parser("clean", help="print one article cleaned and canonical")
    clean.add_argument("file", nargs="?", help="a source file, or - for standard input")
    clean.add_argument("--jsonl", action="store_true", help="JSON lines with a `text` field on stdin")
    clean.add_argument("--explain", action="store_true",
                       help="list every step and every change it made or flagged, on standard error")
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

    srv = sub.add_parser("serve", help="build, serve both scripts and rebuild each edit of docs/ in seconds")
    srv.add_argument("--root", default=".", help="the folder that holds mkdocs.yml")
    srv.add_argument("--docs", default="docs")
    srv.add_argument("--site", default="site")
    srv.add_argument("--host", default="127.0.0.1")
    srv.add_argument("--port", type=int, default=8000)
    srv.set_defaults(func=_cmd_serve)

    chk = sub.add_parser("check", help="check every page of docs/ (what CI runs on pull requests)")
    chk.add_argument("--docs", default="docs")
    chk.add_argument("--root", default=".", help="the folder that holds mkdocs.yml")
    chk.add_argument("--no-build", action="store_true", help="skip the strict builds of both scripts")
    chk.add_argument("--format", choices=("auto", "text", "github"), default="auto",
                     help="github: also GitHub Actions annotations (auto: when running in GitHub Actions)")
    chk.set_defaults(func=_cmd_check)

    fix = sub.add_parser("fix", help="convert Traditional/mixed pages to Simplified, fix punctuation")
    fix.add_argument("pages", nargs="*", help="pages to fix (default: every page of --docs)")
    fix.add_argument("--docs", default="docs")
    fix.set_defaults(func=_cmd_fix)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
