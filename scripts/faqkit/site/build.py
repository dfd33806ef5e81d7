"""Build the site in both scripts: zh-Hans from mkdocs.yml, zh-Hant derived from it (:mod:`.hant`).

zh-Hans is docs/ built with the repository's mkdocs.yml into ``site_dir``; zh-Hant is docs/ and
mkdocs.yml converted under ``<build_dir>/zh-Hant/`` and built into ``<site_dir>/zh-Hant/``. Both builds
run offline. The search index of zh-Hans is cut into words by :mod:`.search` (through the hooks), and
zh-Hant's is that index converted word by word; each tree then gets ``search/script_map.json``, with
which its search worker answers queries typed in either script.
"""

from __future__ import annotations

import logging
import multiprocessing
import shutil
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from ..core.script import HANS, HANT
from .hant import (
    count_markdown_pages,
    write_traditional_config,
    write_traditional_docs,
)
from .search import search_files, write_search_files


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
        # Two processes share the work: this one builds zh-Hans while the other converts the pages not
        # in the cache and builds zh-Hant (zh-Hans cleans site_dir, so zh-Hant is moved in afterwards).
        # zh-Hans also makes both scripts' search files, so the conversion is the other's alone: shared
        # half and half, it kept zh-Hans, the longer of the two, waiting.
        hant_job = pool.submit(build_traditional, config_file, docs_dir, hant_dir, strict)
        hans_started = time.perf_counter()
        hans_warnings = run_mkdocs(config_file, strict=strict, docs_dir=str(docs_dir), site_dir=str(site_dir))
        hans_seconds = time.perf_counter() - hans_started
        # Both scripts' search files come from zh-Hans's index: made while zh-Hant may still be building.
        search_started = time.perf_counter()
        hans_index = site_dir / "search" / "search_index.json"
        search = search_files(hans_index.read_text(encoding="utf-8")) if hans_index.is_file() else None
        search_seconds = time.perf_counter() - search_started
        hant = hant_job.result()
    hant_site = site_dir / HANT
    if hant_site.exists():
        shutil.rmtree(hant_site)
    shutil.move(hant["site"], hant_site)
    if search is not None:
        write_search_files({HANS: site_dir, HANT: hant_site}, search)
    total_seconds = time.perf_counter() - started

    return {
        "pages": {"zh-Hans": hant["pages"], HANT: count_markdown_pages(hant_dir / "docs")},
        "converted": hant["converted"],
        "warnings": {"zh-Hans": hans_warnings, HANT: hant["warnings"]},
        "seconds": {"zh-Hans": round(hans_seconds, 2), HANT: hant["seconds"],
                    "search": round(search_seconds, 2), "total": round(total_seconds, 2)},
    }


def build_traditional(config_file: Path, docs_dir: Path, hant_dir: Path, strict: bool) -> dict[str, Any]:
    """Convert docs_dir into ``hant_dir/docs`` and build it into ``hant_dir/site`` (run in a worker process)."""
    started = time.perf_counter()
    conversion = write_traditional_docs(docs_dir, hant_dir / "docs", hant_dir / "cache")
    hant_config = write_traditional_config(config_file, hant_dir / "mkdocs.yml", hant_dir / "site")
    warnings = run_mkdocs(hant_config, strict=strict)
    return {**conversion, "warnings": warnings, "site": str(hant_dir / "site"),
            "seconds": round(time.perf_counter() - started, 2)}


def run_mkdocs(config_file: Path, *, strict: bool, dirty: bool = False, **overrides: str) -> list[str]:
    """``mkdocs build [--strict] [--dirty]`` in-process, as MkDocs' own CLI does it; returns its warnings.
    ``dirty``: only the pages whose source is newer than their HTML are built (a preview's)."""
    with mkdocs_warnings() as warnings:
        try:
            config = load_config(config_file=str(config_file), strict=strict, **overrides)
            config.plugins.on_startup(command="build", dirty=dirty)
            try:
                mkdocs_build(config, dirty=dirty)
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


