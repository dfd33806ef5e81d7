"""Preview while editing (``faqkit serve``, ``make serve``): both scripts served, an edit shown in seconds.

The site is built in full once (:func:`faqkit.site.build.build_site`); then docs/ is watched. An edit
that keeps every page's path and title is rebuilt as MkDocs' dirty build does it, for the edited pages
only: zh-Hans in this process, zh-Hant (the edited pages converted, then built) at the same time in a
worker process kept for the whole session; the search indexes of both scripts lose the old entries of
those pages and get the new ones. An edit that adds, removes or renames a page, or changes a title (the
navigation of every page shows it), or one outside the pages, rebuilds the whole site. Browsers reload
by themselves (MkDocs' LiveReload server).

A preview is for looking, not publishing: ``faqkit build`` (strict) is what CI and the site run.
``search/script_map.json`` keeps the words of the last full build (an edit changes how a query crosses
scripts only through words no other page has).
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File

from ..core.script import HANT
from .build import build_site, run_mkdocs
from .hant import cached_page_to_traditional, conversion_fingerprint
from .hooks import front_matter_title
from .search import compact_json, traditional_index

INDEX = Path("search") / "search_index.json"


@dataclass(frozen=True)
class Snapshot:
    """What docs/ holds: each file's modification time and size, and each page's title."""

    files: dict[Path, tuple[int, int]]
    titles: dict[Path, str | None]


def snapshot(docs_dir: Path, before: Snapshot | None = None) -> Snapshot:
    """docs/ as it is now; titles are read again only for the files changed since ``before``."""
    files = {}
    for path in sorted(docs_dir.rglob("*")):
        if path.is_file():
            stat = path.stat()
            files[path] = (stat.st_mtime_ns, stat.st_size)
    titles = {}
    for path, stamp in files.items():
        if path.suffix != ".md":
            continue
        if before is not None and before.files.get(path) == stamp and path in before.titles:
            titles[path] = before.titles[path]
        else:
            titles[path] = front_matter_title(path.read_text(encoding="utf-8", errors="replace"))
    return Snapshot(files, titles)


def pages_to_rebuild(before: Snapshot, after: Snapshot) -> list[Path] | None:
    """The pages an edit changed, when rebuilding them alone is enough; None when the whole site must be
    built again (a file added or removed, a title changed, a file that is not a page changed)."""
    if before.files.keys() != after.files.keys():
        return None
    changed = [path for path, stamp in after.files.items() if before.files[path] != stamp]
    if any(path.suffix != ".md" or before.titles.get(path) != after.titles.get(path) for path in changed):
        return None
    return changed


def page_url(docs_dir: Path, page: Path, use_directory_urls: bool = True) -> str:
    """The page's address below the site root, as MkDocs writes it (``credit/foo/``, ``credit/``)."""
    return File(page.relative_to(docs_dir).as_posix(), str(docs_dir), "", use_directory_urls).url


def merged_index(old: dict[str, Any], new: dict[str, Any], urls: Iterable[str]) -> dict[str, Any]:
    """``old``'s search index with every entry of the pages at ``urls`` (the page and its sections)
    replaced by ``new``'s entries."""
    urls = tuple(urls)

    def on_page(location: str) -> bool:
        return any(location == url or location.startswith(url + "#") for url in urls)

    kept = [doc for doc in old.get("docs", []) if not on_page(doc.get("location", ""))]
    return {**old, "docs": kept + [doc for doc in new.get("docs", []) if on_page(doc.get("location", ""))]}


def _read_index(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"docs": []}


def _write_index(path: Path, index: dict[str, Any]) -> None:
    path.write_text(compact_json(index), encoding="utf-8")


def rebuild_traditional(docs_dir: Path, pages: list[Path], hant_dir: Path, site_dir: Path) -> None:
    """zh-Hant of the edited ``pages``: each converted into ``hant_dir/docs`` (through the conversion
    cache), then MkDocs' dirty build of the zh-Hant config into ``site_dir`` (runs in the worker)."""
    cache_dir = hant_dir / "cache" / conversion_fingerprint()
    for page in pages:
        text, _ = cached_page_to_traditional(page.read_text(encoding="utf-8"), cache_dir)
        target = hant_dir / "docs" / page.relative_to(docs_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    run_mkdocs(hant_dir / "mkdocs.yml", strict=False, dirty=True, site_dir=str(site_dir))


def _ready() -> bool:
    """A first task for the worker: it imports MkDocs and the converter before the first edit."""
    return True


class Preview:
    """The site of ``docs_dir`` in ``site_dir``, kept up to date with docs/ (see the module docstring)."""

    def __init__(self, root: Path, docs_dir: Path, site_dir: Path, build_dir: Path | None = None,
                 say: Callable[[str], None] = print) -> None:
        self.root, self.docs_dir, self.site_dir = root.resolve(), docs_dir.resolve(), site_dir.resolve()
        self.build_dir = (build_dir.resolve() if build_dir else self.root / "build")
        self.say = say
        self.worker = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        warm: Future[bool] = self.worker.submit(_ready)
        self.full_build()
        warm.result()

    def close(self) -> None:
        self.worker.shutdown()

    def full_build(self) -> dict[str, Any]:
        started = time.perf_counter()
        figures = build_site(self.root, self.docs_dir, self.site_dir, strict=False, build_dir=self.build_dir)
        self.state = snapshot(self.docs_dir)
        self.say(f"built the whole site in {time.perf_counter() - started:.1f} s")
        return figures

    def update(self) -> dict[str, Any]:
        """Rebuild what docs/ changed since the last look; returns what was done and how long it took."""
        started = time.perf_counter()
        now = snapshot(self.docs_dir, self.state)
        pages = pages_to_rebuild(self.state, now)
        if pages is None:
            self.full_build()
            return {"rebuilt": "all", "seconds": time.perf_counter() - started}
        if not pages:
            return {"rebuilt": [], "seconds": 0.0}
        hans_index, hant_index = self.site_dir / INDEX, self.site_dir / HANT / INDEX
        old_hans, old_hant = _read_index(hans_index), _read_index(hant_index)
        hant_job = self.worker.submit(rebuild_traditional, self.docs_dir, pages, self.build_dir / HANT,
                                      self.site_dir / HANT)
        run_mkdocs(self.root / "mkdocs.yml", strict=False, dirty=True, docs_dir=str(self.docs_dir),
                   site_dir=str(self.site_dir))
        hant_job.result()
        urls = [page_url(self.docs_dir, page) for page in pages]
        new_hans = _read_index(hans_index)
        _write_index(hans_index, merged_index(old_hans, new_hans, urls))
        new_hant = json.loads(traditional_index(json.dumps(new_hans, ensure_ascii=False)))
        _write_index(hant_index, merged_index(old_hant, new_hant, urls))
        self.state = now
        seconds = time.perf_counter() - started
        self.say(f"rebuilt {', '.join(str(p.relative_to(self.docs_dir)) for p in pages)} in both scripts "
                 f"in {seconds:.1f} s")
        return {"rebuilt": pages, "seconds": seconds}


def serve(root: Path, docs_dir: Path, site_dir: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build, serve ``site_dir`` at http://host:port/ and rebuild on every edit of docs/ until Ctrl-C."""
    from mkdocs.livereload import LiveReloadServer

    preview = Preview(root, docs_dir, site_dir)

    def rebuild() -> None:
        try:
            preview.update()
        except Exception as error:  # a page mid-edit may not build: say so and keep serving the last site
            print(f"faqkit serve: could not rebuild ({type(error).__name__}: {error}); fix the page and save again")

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(preview.site_dir))
    server.watch(str(preview.docs_dir))
    try:
        print(f"Serving both scripts at http://{host}:{port}/ and http://{host}:{port}/{HANT}/ "
              "(edits in docs/ show in seconds; Ctrl-C to stop)")
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        preview.close()
