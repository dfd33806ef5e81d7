"""End to end in headless Chromium: search in both scripts, the 简/繁 switch, no third-party requests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from bench.search import serve
from faqkit.core.markdown import split_front_matter
from faqkit.core.script import to_traditional
from tests.conftest import require_chromium
from tests.conftest_site import BuiltSite

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOST = "127.0.0.1"
SCRIPTS = {"zh-Hans": "", "zh-Hant": "zh-Hant/"}  # script -> path below the site root
TIMEOUT_MS = 30_000  # generous for a loaded CI machine; passing runs take well under a second


@dataclass
class RequestLog:
    """Every URL the browser asked for (non-local requests are also aborted: tests stay on the machine)."""

    urls: list[str] = field(default_factory=list)

    @property
    def third_party(self) -> list[str]:
        # data: and blob: URLs have no host; everything else must be the local test server.
        return [url for url in self.urls if urlsplit(url).hostname not in (None, LOCAL_HOST)]


@pytest.fixture(scope="module")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (random free port), at its published path (site_url's)."""
    with serve(built_site.site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require_chromium(CHROMIUM)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page_and_log(browser: Browser) -> Iterator[tuple[Page, RequestLog]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    log = RequestLog()

    def record(route: Route) -> None:
        log.urls.append(route.request.url)
        if urlsplit(route.request.url).hostname == LOCAL_HOST:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", record)
    # Also the plain request event: it reports what routing may not see (e.g. from the search worker).
    context.on("request", lambda request: log.urls.append(request.url))
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        yield page, log
    finally:
        context.close()


def pages_titled_with(built_site: BuiltSite, word: str) -> list[str]:
    """Site-relative URLs (collection/foo/) of the FAQ pages whose title contains ``word``."""
    urls = []
    for markdown in sorted(built_site.docs.rglob("*.md")):
        meta, _ = split_front_matter(markdown.read_text(encoding="utf-8"))
        if meta.get("sources") and word in str(meta.get("title", "")):
            urls.append(markdown.relative_to(built_site.docs).with_suffix("").as_posix() + "/")
    return urls


def search(page: Page, query: str) -> list[str]:
    """Type ``query`` into Material's search box and return the result links once they are shown."""
    box = page.locator("input[data-md-component=search-query]")
    box.click()
    box.press_sequentially(query)
    box.press("End")  # Material queries on keyup; typed CJK text arrives as input without one
    # The worker loads and indexes search_index.json asynchronously: wait for real results.
    try:
        page.locator(".md-search-result__item a.md-search-result__link").first.wait_for(state="attached")
    except PlaywrightTimeoutError:
        meta = page.locator(".md-search-result__meta").inner_text()
        pytest.fail(f"no search results for {box.input_value()!r} (search box says {meta!r})")
    # Each typed character starts a query and the list is drawn again: read it in one step, and only once
    # two readings a moment apart agree (reading link by link raced a redraw).
    selector = ".md-search-result__item > a.md-search-result__link"
    read = "links => links.map(link => link.getAttribute('href') || '')"
    links = page.eval_on_selector_all(selector, read)
    for _ in range(20):
        page.wait_for_timeout(250)
        again = page.eval_on_selector_all(selector, read)
        if again == links and links:
            break
        links = again
    return links


@pytest.mark.parametrize("script", list(SCRIPTS))
@pytest.mark.parametrize("query", ["诉前调解", "起诉"])
def test_search_finds_the_page_in_both_scripts(
    built_site: BuiltSite,
    site_url: str,
    page_and_log: tuple[Page, RequestLog],
    script: str,
    query: str,
) -> None:
    expected = pages_titled_with(built_site, query)
    assert expected, f"the seeds give a page with {query} in its title"
    page, log = page_and_log
    typed = query if script == "zh-Hans" else to_traditional(query)
    page.goto(site_url + SCRIPTS[script])
    assert page.locator("html").get_attribute("lang") == script

    results = search(page, typed)

    found = {urlsplit(href).path for href in results}
    wanted = {f"{urlsplit(site_url).path}{SCRIPTS[script]}{url}" for url in expected}
    assert found & wanted, f"{typed}: expected one of {wanted} among {found}"
    assert page.locator(".md-search-result__meta").inner_text().strip()
    assert any(url.endswith(f"/{SCRIPTS[script]}search/search_index.json") for url in log.urls)
    assert not log.third_party, log.third_party


@pytest.mark.parametrize("script", list(SCRIPTS))
def test_switch_opens_the_same_page_in_the_other_script(
    built_site: BuiltSite, site_url: str, page_and_log: tuple[Page, RequestLog], script: str
) -> None:
    faq = pages_titled_with(built_site, "")[0]
    other = next(name for name in SCRIPTS if name != script)
    page, log = page_and_log
    page.goto(site_url + SCRIPTS[script] + faq)
    assert page.locator("html").get_attribute("lang") == script

    page.locator(f"a.faq-script-switch__link[hreflang={other}]").click()
    page.wait_for_url(site_url + SCRIPTS[other] + faq)

    assert page.locator("html").get_attribute("lang") == other
    assert page.locator(".faq-provenance").count() == 1
    assert not log.third_party, log.third_party


# --- screenshots at phone and desktop size ------------------------------------------------------------

SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def screenshot_pages(built_site: BuiltSite) -> dict[str, str]:
    """name -> site-relative URL of the pages a reader meets first."""
    faq = pages_titled_with(built_site, "诉前调解")[0]
    return {"home": "", "faq": faq, "category": faq.split("/")[0] + "/", "questions": "questions/",
            "404": "404.html"}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("script", list(SCRIPTS))
def test_pages_fit_the_screen_and_are_saved_as_screenshots(
    built_site: BuiltSite, site_url: str, browser: Browser, script: str, viewport: str
) -> None:
    """Every page fits a 390 px phone without sideways scrolling; the PNGs are for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORTS[viewport], service_workers="block")
    context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == LOCAL_HOST
                  else route.abort())
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    try:
        for name, url in screenshot_pages(built_site).items():
            page.goto(site_url + SCRIPTS[script] + url)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{script} {name} at {viewport}: {overflow}px wider than the screen"
            page.screenshot(path=str(SCREENSHOTS / f"{script}-{name}-{viewport}.png"), full_page=False)
        # The home page's search box opens Material's search with results.
        page.goto(site_url + SCRIPTS[script])
        page.locator("#faq-home-query").fill("起诉" if script == "zh-Hans" else "起訴")
        page.locator("#faq-home-query").press("Enter")
        page.locator(".md-search-result__item").first.wait_for(state="visible")
        page.screenshot(path=str(SCREENSHOTS / f"{script}-search-{viewport}.png"), full_page=False)
    finally:
        context.close()
