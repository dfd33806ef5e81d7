"""``make bench BENCH=search``: the reader query set (tests/search_queries.yaml) in headless Chromium.

Builds docs/ in both scripts, serves the site on 127.0.0.1, types every query into Material's search
box on each site and reads the result list. Prints recall@1, recall@5 and the median latency (query
typed -> results shown) per site, and the size of the search index and of the script map that lets a
query cross scripts. tests/test_search.py runs the same code and fails below recall@5 = 0.9.
"""

from __future__ import annotations

import functools
import gzip
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "tests" / "search_queries.yaml"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LOCAL_HOST = "127.0.0.1"
SITES = {"zh-Hans": "", "zh-Hant": "zh-Hant/"}  # script -> its tree below the site root
TIMEOUT_MS = 30_000

# Counts what Material's page sends its search worker and what comes back, before any page script runs.
# Material posts one QUERY (type 2) per new value of the box and the worker answers each with one
# RESULT (type 3), in order: the list shows a query's results once every query posted has been
# answered and the last one posted is that query. (Waiting for the list alone once read a late answer
# to the previous query as this one's: a flaky rank.)
_WORKER_LOG_JS = """
(() => {
  const log = window.__searchLog = { posted: 0, answered: 0, last: null }
  const Native = window.Worker
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args)
      // Registered before Material's own listener: counted before the list is rendered from it.
      this.addEventListener("message", event => {
        if (event.data && event.data.type === 3)
          log.answered += 1
      })
    }
    postMessage(message, ...rest) {
      if (message && message.type === 2) {
        log.posted += 1
        log.last = message.data
      }
      return super.postMessage(message, ...rest)
    }
  }
})()
"""

# Clears the box, types the query, and resolves with the result pages once Material shows that query's.
_SEARCH_JS = """
async (query) => {
  const box = document.querySelector("input[data-md-component=search-query]")
  const list = document.querySelector(".md-search-result__list")
  const log = window.__searchLog
  const type = value => {
    box.value = value
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }))
  }
  const answered = value => new Promise((resolve, reject) => {
    const deadline = performance.now() + 10000
    const check = () => {
      if (log.last === value && log.answered === log.posted) return resolve()
      if (performance.now() > deadline) return reject(new Error("search timed out: " + value))
      requestAnimationFrame(check)
    }
    check()
  })
  type("")
  if (log.last !== null)  // before the first query the box is empty already: nothing is posted
    await answered("")
  const started = performance.now()
  type(query)
  await answered(query)
  const elapsed = performance.now() - started
  const links = [...list.querySelectorAll(".md-search-result__item > a.md-search-result__link")]
  return { elapsed, hrefs: links.map(link => link.href) }
}
"""


@dataclass(frozen=True)
class Query:
    text: str
    script: str
    pages: tuple[str, ...]  # below docs/, e.g. collection/foo.md


@dataclass(frozen=True)
class Outcome:
    query: Query
    found: tuple[str, ...]  # result pages in order, as docs paths
    milliseconds: float

    def rank(self) -> int | None:
        """1-based rank of the first expected page among the results, None when it is not there."""
        for position, page in enumerate(self.found, 1):
            if page in self.query.pages:
                return position
        return None


def load_queries(path: Path = QUERIES) -> list[Query]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]
    return [Query(str(e["query"]), str(e["script"]), tuple(e["pages"])) for e in entries]


def recall(outcomes: list[Outcome], k: int) -> float:
    return sum(1 for o in outcomes if (r := o.rank()) is not None and r <= k) / len(outcomes)


def docs_path(url: str, tree: str, prefix: str = "/") -> str:
    """The docs page of a result URL: /zh-Hant/collection/foo/#x -> collection/foo.md."""
    path = unquote(urlsplit(url).path).lstrip("/")
    path = path.removeprefix(prefix.lstrip("/")).removeprefix(tree).strip("/")
    if not path:
        return "index.md"
    return f"{path}/index.md" if "/" not in path else f"{path}.md"


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site below ``base_path`` (e.g. /yuqi-guide/), as a project's Pages site is served."""

    base_path = "/"

    def log_message(self, format: str, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.base_path):
            return str(Path(self.directory) / "\0-outside-the-site")  # not found
        return super().translate_path("/" + path[len(self.base_path) :])


def base_path(site_dir: Path) -> str:
    """The path of the site on its host (from site_url, which the zh-Hans sitemap's first URL starts with)."""
    sitemap = (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    first = sitemap.split("<loc>", 1)[1].split("</loc>", 1)[0] if "<loc>" in sitemap else "/"
    return urlsplit(first).path or "/"


@contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (a free port), at its published path; yields its root URL."""
    prefix = base_path(site_dir)
    handler = type("Handler", (_QuietHandler,), {"base_path": prefix})
    server = ThreadingHTTPServer((LOCAL_HOST, 0), functools.partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{LOCAL_HOST}:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def run_queries(browser: object, root_url: str, script: str, queries: list[Query]) -> list[Outcome]:
    """Every query in Material's search on the ``script`` site (a Playwright ``Browser``)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == LOCAL_HOST
                  else route.abort())
    context.add_init_script(_WORKER_LOG_JS)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        page.goto(root_url + SITES[script])
        page.locator("label[for=__search]").first.click()
        # The worker loads the index and the script map once: wait for a first real answer.
        page.evaluate(_SEARCH_JS, "逾期")
        outcomes = []
        for query in queries:
            result = page.evaluate(_SEARCH_JS, query.text)
            found: list[str] = []
            for href in result["hrefs"]:
                path = docs_path(href, SITES[script], urlsplit(root_url).path)
                if path not in found:
                    found.append(path)
            outcomes.append(Outcome(query, tuple(found), float(result["elapsed"])))
        return outcomes
    finally:
        context.close()


def run_all(site_dir: Path, queries: list[Query]) -> dict[str, list[Outcome]]:
    from playwright.sync_api import sync_playwright

    with serve(site_dir) as root_url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            return {script: run_queries(browser, root_url, script, queries) for script in SITES}
        finally:
            browser.close()


def report(results: dict[str, list[Outcome]], site_dir: Path) -> None:
    print("site      queries  recall@1  recall@5  median ms  index.json.gz KB  script_map.json.gz KB  map/index")
    for script, outcomes in results.items():
        tree = site_dir / SITES[script]
        index = len(gzip.compress((tree / "search" / "search_index.json").read_bytes()))
        mapping = len(gzip.compress((tree / "search" / "script_map.json").read_bytes()))
        median = statistics.median(o.milliseconds for o in outcomes)
        print(f"{script:8}  {len(outcomes):7}  {recall(outcomes, 1):8.2f}  {recall(outcomes, 5):8.2f}  "
              f"{median:9.1f}  {index / 1024:16.1f}  {mapping / 1024:21.1f}  {1 + mapping / index:8.2f}x")
        for outcome in outcomes:
            rank = outcome.rank()
            if rank is None or rank > 1:
                print(f"    {outcome.query.text} ({outcome.query.script}): rank {rank}, "
                      f"first {list(outcome.found[:3])}")


def main() -> int:
    from faqkit.site.build import build_site

    if not CHROMIUM.is_file():
        print(f"{CHROMIUM} is missing (make chromium installs it)")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = Path(tmp) / "site"
        build_site(ROOT, ROOT / "docs", site_dir, strict=True, build_dir=Path(tmp) / "build")
        started = time.perf_counter()
        results = run_all(site_dir, load_queries())
        print(f"{len(load_queries())} queries per site in {time.perf_counter() - started:.1f} s")
        report(results, site_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
