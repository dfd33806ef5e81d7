"""Build the site in both scripts: zh-Hans from mkdocs.yml, zh-Hant derived from it.

zh-Hans is docs/ built with the repository's mkdocs.yml into ``site_dir``.
zh-Hant is generated under ``<build_dir>/zh-Hant/``:

* ``docs/``: every docs page converted with :mod:`faqkit.hant` (front matter
  prose values and Markdown prose; never file names, hashes, dates, slugs,
  anchors, URLs or code), other files copied as they are. Conversions are
  cached by content (``cache/``), so a rebuild after editing one page converts
  only that page, and only changed files are rewritten;
* ``mkdocs.yml``: INHERITs the repository's mkdocs.yml and overrides only
  site_name (and other reader-facing strings), site_url, theme.language,
  site_dir and the converted ``extra`` strings (plus the parent's relative
  paths, made absolute);

and built into ``<site_dir>/zh-Hant/``. Both builds run offline. The search
index of zh-Hans is cut into words by :mod:`faqkit.search` (through the
hooks), and zh-Hant's is that index converted word by word; each tree then
gets ``search/script_map.json``, with which its search worker answers
queries typed in either script.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing
import os
import re
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.utils import yaml_load

from . import hant
from .hant import markdown_to_traditional, to_traditional
from .search import write_script_map, write_traditional_index

HANS, HANT = "zh-Hans", "zh-Hant"

# Front matter values that are prose (see the docs/ contract); the rest are
# slugs, file names, hashes and dates and stay as they are. Inside `questions`
# and `related` entries only these keys are prose (not `anchor` or `path`).
TEXT_FRONT_MATTER_KEYS = ("title", "description", "tags", "questions", "related")
TEXT_ENTRY_KEYS = ("question", "answer", "title")
# Keys of `extra` left in the script they are written in (see mkdocs.yml).
UNCONVERTED_EXTRA_KEYS = ("own",)

# Top-level mkdocs.yml strings shown to readers.
TEXT_CONFIG_KEYS = ("site_name", "site_description", "copyright")

# Same delimiters as MkDocs' own front matter reader (mkdocs.utils.meta).
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)



# libyaml's parser and emitter when PyYAML has them (same results, many times faster)
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class SiteBuildError(RuntimeError):
    """An MkDocs build failed (in strict mode: warned); the message lists MkDocs' warnings."""


def build_site(
    root: Path,
    docs_dir: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    build_dir: Path | None = None,
) -> dict[str, Any]:
    """Build zh-Hans into ``site_dir`` and zh-Hant into ``site_dir/zh-Hant``.

    ``root`` holds mkdocs.yml; the zh-Hant sources go to ``build_dir/zh-Hant``
    (default ``root/build``). The two scripts are built at the same time, zh-Hant
    (conversion, then MkDocs) in a second process, into ``build_dir/zh-Hant/site``,
    which is then moved into place. Returns figures: pages and seconds per
    script, how many pages were converted (the others came from the cache), and
    MkDocs' warnings per script (always empty when strict, as a warning then
    fails the build).
    Raises :class:`SiteBuildError`, naming the config and MkDocs' warnings,
    when a build fails.
    """
    root, docs_dir, site_dir = root.resolve(), docs_dir.resolve(), site_dir.resolve()
    hant_dir = (build_dir.resolve() if build_dir else root / "build") / HANT
    config_file = root / "mkdocs.yml"
    started = time.perf_counter()

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        # Two processes share the work: first both convert half of the pages not in the cache, then
        # this one builds zh-Hans while the other builds zh-Hant (zh-Hans cleans site_dir, so
        # zh-Hant is moved in afterwards).
        cache_dir = hant_dir / "cache" / conversion_fingerprint()
        pending = [path for path in sorted(docs_dir.rglob("*.md")) if not cached_path(path, cache_dir).is_file()]
        other_half = pool.submit(convert_into_cache, pending[len(pending) // 2 :], cache_dir)
        converted = convert_into_cache(pending[: len(pending) // 2], cache_dir) + other_half.result()
        hant_job = pool.submit(build_traditional, config_file, docs_dir, hant_dir, strict)
        hans_started = time.perf_counter()
        hans_warnings = run_mkdocs(config_file, strict=strict, docs_dir=str(docs_dir), site_dir=str(site_dir))
        hans_seconds = time.perf_counter() - hans_started
        hant = hant_job.result()
    hant_site = site_dir / HANT
    if hant_site.exists():
        shutil.rmtree(hant_site)
    shutil.move(hant["site"], hant_site)

    hans_index, hant_index = (tree / "search" / "search_index.json" for tree in (site_dir, hant_site))
    search_started = time.perf_counter()
    if hans_index.is_file():
        compact_json(hans_index)
        write_traditional_index(hans_index, hant_index)
        write_script_map(site_dir, hans_index, hant_index, HANS)
        write_script_map(hant_site, hans_index, hant_index, HANT)
    total_seconds = time.perf_counter() - started

    return {
        "pages": {"zh-Hans": hant["pages"], HANT: count_markdown_pages(hant_dir / "docs")},
        "converted": converted + hant["converted"],
        "warnings": {"zh-Hans": hans_warnings, HANT: hant["warnings"]},
        "seconds": {"zh-Hans": round(hans_seconds, 2), HANT: hant["seconds"],
                    "search": round(time.perf_counter() - search_started, 2), "total": round(total_seconds, 2)},
    }


def build_traditional(config_file: Path, docs_dir: Path, hant_dir: Path, strict: bool) -> dict[str, Any]:
    """Convert docs_dir into ``hant_dir/docs`` and build it into ``hant_dir/site`` (run in a worker process)."""
    started = time.perf_counter()
    conversion = write_traditional_docs(docs_dir, hant_dir / "docs", hant_dir / "cache")
    hant_config = write_traditional_config(config_file, hant_dir / "mkdocs.yml", hant_dir / "site")
    warnings = run_mkdocs(hant_config, strict=strict)
    return {**conversion, "warnings": warnings, "site": str(hant_dir / "site"),
            "seconds": round(time.perf_counter() - started, 2)}


def compact_json(path: Path) -> None:
    """Rewrite a JSON file with its Chinese as UTF-8 instead of \\u escapes (about half the size)."""
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False,
                               separators=(",", ":")), encoding="utf-8")


def run_mkdocs(config_file: Path, *, strict: bool, **overrides: str) -> list[str]:
    """``mkdocs build [--strict]`` in-process, as MkDocs' own CLI does it; returns its warnings."""
    with mkdocs_warnings() as warnings:
        try:
            config = load_config(config_file=str(config_file), strict=strict, **overrides)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
        except Abort as error:
            # MkDocs' Abort is a silent SystemExit: say which build failed and why.
            raise SiteBuildError("\n  ".join([f"{config_file}: {error}", *warnings])) from error
    return warnings


class _MessageCollector(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def mkdocs_warnings() -> Iterator[list[str]]:
    """Collect the warnings MkDocs logs meanwhile (without a logging setup they would not show)."""
    collected: list[str] = []
    handler = _MessageCollector(collected)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield collected
    finally:
        logger.removeHandler(handler)


# --- zh-Hant docs -------------------------------------------------------------


def split_front_matter(source: str) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a Markdown page; empty front matter when it has none."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return {}, source
    meta = yaml.load(match.group(1), Loader=_Loader)
    return (meta if isinstance(meta, dict) else {}), source[match.end() :]


def _convert_entry(entry: Any) -> Any:
    """A `questions` / `related` entry: a plain string, or a mapping whose prose keys are converted."""
    if isinstance(entry, dict):
        return {key: to_traditional(value) if key in TEXT_ENTRY_KEYS and isinstance(value, str) else value
                for key, value in entry.items()}
    return convert_strings(entry)


def front_matter_to_traditional(meta: dict[str, Any]) -> dict[str, Any]:
    """Front matter with its prose values (title, description, tags, questions, related) converted."""
    converted: dict[str, Any] = {}
    for key, value in meta.items():
        if key in ("questions", "related") and isinstance(value, list):
            converted[key] = [_convert_entry(entry) for entry in value]
        elif key in TEXT_FRONT_MATTER_KEYS:
            converted[key] = convert_strings(value)
        else:
            converted[key] = value
    return converted


def page_to_traditional(source: str) -> str:
    """A whole docs page (front matter + Markdown) in Traditional."""
    meta, body = split_front_matter(source)
    converted = markdown_to_traditional(body)
    if not meta:
        return converted
    front = yaml.dump(front_matter_to_traditional(meta), Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                      width=1000)
    return f"---\n{front}---\n{converted}"




def conversion_fingerprint() -> str:
    """What a cached conversion depends on besides the page: the converter's code, overrides and OpenCC."""
    digest = hashlib.sha256()
    for path in (Path(hant.__file__), Path(__file__), hant.OVERRIDES_FILE):
        digest.update(path.read_bytes())
    digest.update(metadata.version("opencc-python-reimplemented").encode())
    return digest.hexdigest()[:16]


def cached_path(page: Path, cache_dir: Path) -> Path:
    return cache_dir / f"{hashlib.sha256(page.read_bytes()).hexdigest()}.md"


def cached_page_to_traditional(source: str, cache_dir: Path) -> tuple[str, bool]:
    """(converted page, whether it was converted now): OpenCC output cached by the page's content."""
    path = cache_dir / f"{hashlib.sha256(source.encode('utf-8')).hexdigest()}.md"
    if path.is_file():
        return path.read_text(encoding="utf-8"), False
    converted = page_to_traditional(source)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # two processes may convert the same text
    temporary.write_text(converted, encoding="utf-8")
    os.replace(temporary, path)
    return converted, True


def convert_into_cache(pages: list[Path], cache_dir: Path) -> int:
    """Convert these docs pages into the cache (run in both processes at once); returns how many."""
    return sum(cached_page_to_traditional(page.read_text(encoding="utf-8"), cache_dir)[1] for page in pages)


def write_traditional_docs(docs_dir: Path, target: Path, cache_root: Path) -> dict[str, int]:
    """Mirror docs_dir into target with every .md page converted.

    Only files whose content changed are written (MkDocs still builds every
    page), files that left docs_dir are removed, and conversions come from
    ``cache_root/<fingerprint>/`` when the same page was converted before
    (caches of other fingerprints are removed). Returns the number of pages
    and of pages converted now.
    """
    fingerprint = conversion_fingerprint()
    cache_dir = cache_root / fingerprint
    if cache_root.is_dir():
        for stale in cache_root.iterdir():
            if stale.name != fingerprint:
                shutil.rmtree(stale, ignore_errors=True)
    wanted: set[Path] = set()
    pages = converted = 0
    for path in sorted(docs_dir.rglob("*")):
        if path.is_dir():
            continue
        destination = target / path.relative_to(docs_dir)
        wanted.add(destination)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            text, fresh = cached_page_to_traditional(path.read_text(encoding="utf-8"), cache_dir)
            pages += 1
            converted += fresh
            if not destination.is_file() or destination.read_text(encoding="utf-8") != text:
                destination.write_text(text, encoding="utf-8")
        elif not destination.is_file() or destination.read_bytes() != path.read_bytes():
            shutil.copy2(path, destination)
    if target.is_dir():
        for stale in sorted(target.rglob("*"), reverse=True):
            if stale.is_file() and stale not in wanted:
                stale.unlink()
            elif stale.is_dir() and not any(stale.iterdir()):
                stale.rmdir()
    return {"pages": pages, "converted": converted}


def count_markdown_pages(docs_dir: Path) -> int:
    return sum(1 for _ in docs_dir.rglob("*.md"))


# --- zh-Hant config -----------------------------------------------------------


def convert_strings(value: Any, keep: tuple[str, ...] = ()) -> Any:
    """Convert every string inside a YAML value (str, list, dict values) to Traditional.

    Values under a dict key in ``keep`` are left as they are.
    """
    if isinstance(value, str):
        return to_traditional(value)
    if isinstance(value, list):
        return [convert_strings(item, keep) for item in value]
    if isinstance(value, dict):
        return {key: item if key in keep else convert_strings(item, keep) for key, item in value.items()}
    return value


def traditional_config(parent: dict[str, Any], parent_dir: Path, site_dir: Path) -> dict[str, Any]:
    """The zh-Hant overrides of a parent mkdocs.yml (which the result INHERITs).

    Paths in the parent are relative to the parent's folder, but MkDocs
    resolves an inherited config's paths from the child's: so the child
    restates them as absolute paths.
    """
    theme = parent.get("theme") or {}
    child: dict[str, Any] = {
        key: to_traditional(parent[key]) for key in TEXT_CONFIG_KEYS if isinstance(parent.get(key), str)
    }
    child["docs_dir"] = "docs"
    child["site_dir"] = str(site_dir)
    if parent.get("site_url"):  # canonical URLs and sitemap of the zh-Hant tree
        child["site_url"] = parent["site_url"].rstrip("/") + f"/{HANT}/"
    child["theme"] = {"language": HANT}
    if isinstance(theme, dict) and theme.get("custom_dir"):
        child["theme"]["custom_dir"] = str(parent_dir / theme["custom_dir"])
    if parent.get("hooks"):
        child["hooks"] = [str(parent_dir / hook) for hook in parent["hooks"]]
    # All of extra: its Chinese is UI text; its other values are ASCII (paths,
    # language codes), which conversion leaves as they are.
    child["extra"] = convert_strings(parent.get("extra") or {}, UNCONVERTED_EXTRA_KEYS)
    # faqkit build replaces this build's search index with the zh-Hans one converted (faqkit.search).
    child["extra"]["search_index_converted"] = True
    return child


def write_traditional_config(parent_file: Path, path: Path, site_dir: Path) -> Path:
    """Write the zh-Hant mkdocs.yml next to the converted docs/; returns its path."""
    with parent_file.open("rb") as stream:
        parent = yaml_load(stream)
    child = {
        "INHERIT": str(parent_file),
        **traditional_config(parent, parent_file.parent, site_dir),
    }
    header = "# Generated by faqkit.site from the mkdocs.yml it INHERITs: do not edit, `faqkit build` rewrites it.\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + yaml.safe_dump(child, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return path
