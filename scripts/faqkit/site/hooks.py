"""MkDocs hooks of the site (listed under `hooks:` in mkdocs.yml).

Category folders have ASCII names (mediation-litigation/), so MkDocs would
label their navigation sections "Mediation litigation". The label readers
should see is the category's Chinese name, the `title` in the front matter of
the folder's index.md; in the zh-Hant build that file is already converted,
so the same hook gives Traditional labels there.

Sections are also put in the order of the taxonomy (逾期与协商 first, as on the home page), not in
the alphabetical order of their folder names.

Each page gets its own, bounded view of the navigation (``on_page_context``): every category, but only
the open category's questions, and of those only a window around the current page. A category of 400
questions would otherwise put 400 links into every page (about 400 KB of HTML per page at 1,000 pages,
and most of the build time); the category's own page lists them all.

Related questions (``related`` in an FAQ page's front matter: title, path below docs/, optional
anchor) are resolved to the pages they name; one that names no page is a warning, which fails the
strict build, so the site never shows a dead related link. A page whose Markdown lists them itself
under the same heading (as ingest writes its pages) is not given the list a second time.

A preview build (``faqkit serve``: MkDocs' dirty build) reads only the pages edited since; ``on_env``
reads the others' front matter, so that the edited page's navigation and related links still name them.

The search index is cut into words by faqkit (``on_config`` hands Material's search plugin a
:class:`faqkit.site.search.ScriptSearchIndex`), the same way in both scripts.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from faqkit.core.data import data
from faqkit.site.search import ScriptSearchIndex


def front_matter_title(markdown_source: str) -> str | None:
    """The `title` of a Markdown document's YAML front matter, if it has one."""
    _, meta = get_data(markdown_source)
    title = str(meta.get("title") or "").strip()
    return title or None


def iter_sections(items: list) -> Iterator[Section]:
    """Every section of a navigation tree, depth first."""
    for item in items:
        if isinstance(item, Section):
            yield item
            yield from iter_sections(item.children)


def section_index_page(section: Section) -> Page | None:
    """The section's own index.md page (the one `navigation.indexes` shows as the section)."""
    for child in section.children:
        if isinstance(child, Page) and child.file.name == "index":
            return child
    return None


def taxonomy_rank(item: object) -> tuple[int, int]:
    """Pages before sections; sections in the order of ``taxonomy.yaml`` (unknown ones last)."""
    if not isinstance(item, Section):
        return (0, 0)
    order = [c["slug"] for c in data("taxonomy.yaml")["categories"]]
    index = section_index_page(item)
    folder = index.file.src_uri.split("/")[0] if index else ""
    return (1, order.index(folder) if folder in order else len(order))


def link_pages_in_order(nav: Navigation) -> None:
    """Previous/next links and ``nav.pages`` follow the (re-ordered) navigation."""
    pages = [page for page in _walk_pages(nav.items)]
    for previous, page in zip([None, *pages[:-1]], pages, strict=True):
        page.previous_page = previous
        if previous is not None:
            previous.next_page = page
    if pages:
        pages[-1].next_page = None
    nav.pages = pages


def _walk_pages(items: list) -> Iterator[Page]:
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _walk_pages(item.children)


# Search weight of pages that list questions (home, categories) against the FAQ pages that answer them.
LISTING_PAGE_SEARCH_BOOST = 0.3


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Pages without ``sources`` only list questions: they rank below the answers in search results."""
    if not page.meta.get("sources"):
        page.meta.setdefault("search", {}).setdefault("boost", LISTING_PAGE_SEARCH_BOOST)
    return markdown


@event_priority(-50)  # after Material's search plugin has made its own index
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None and getattr(search, "search_index", None) is not None:
        converted_later = bool(config.extra.get("search_index_converted"))
        search.search_index = ScriptSearchIndex(str(config.theme["language"]), converted_later, **search.config)
    return config


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    # Pages are not read yet when the navigation is built, hence the front
    # matter is read from the source file here.
    for section in iter_sections(nav.items):
        index = section_index_page(section)
        title = front_matter_title(index.file.content_string) if index else None
        if title:
            section.title = title
    nav.items.sort(key=taxonomy_rank)
    link_pages_in_order(nav)
    return nav


# Questions of the open category shown around the current page in the sidebar.
NAV_WINDOW = 9


@dataclass(frozen=True)
class PageNavigation:
    """What Material's templates read from ``nav``: the items and the home page."""

    items: list
    homepage: Page | None

    def __iter__(self) -> Iterator:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def window(pages: list[Page], current: Page | None, size: int) -> list[Page]:
    """At most ``size`` pages of ``pages``, centred on ``current`` (the first ones when it is not there)."""
    if len(pages) <= size:
        return pages
    # By identity: a Page's == compares titles, which made this quadratic in the pages of a category.
    position = next((index for index, page in enumerate(pages) if page is current), 0)
    start = min(max(0, position - size // 2), len(pages) - size)
    return pages[start : start + size]


def bounded_section(section: Section, page: Page, labels: dict[str, str] | None = None) -> Section:
    """A copy of a category section: its index page, plus a window of its questions when it is open, each
    titled with its jurisdiction's label when it has one (``labels``: extra.ui.jurisdictions)."""
    index = section_index_page(section)
    questions = [child for child in section.children if child is not index]
    shown = window(questions, page, NAV_WINDOW) if section.active else []
    view = copy.copy(section)
    # The current page stays itself: Material finds it in the sidebar by equality, which compares titles
    # (it shows its own jurisdiction notice anyway).
    view.children = ([index] if index else []) + [child if child is page else labelled(child, labels or {})
                                                  for child in shown]
    return view


def labelled(page: Page, labels: dict[str, str]) -> Page:
    """The page as the sidebar shows it: a copy titled ``question（台湾地区）`` when its advice is for one
    jurisdiction (the page itself keeps its title)."""
    label = labels.get(str((page.meta or {}).get("jurisdiction") or ""))
    if not label:
        return page
    view = copy.copy(page)
    view.title = f"{page.title}（{label}）"
    return view


def page_navigation(nav: Navigation, page: Page, labels: dict[str, str] | None = None) -> PageNavigation:
    items = [bounded_section(item, page, labels) if isinstance(item, Section) else item for item in nav.items]
    return PageNavigation(items=items, homepage=nav.homepage)


log = logging.getLogger("mkdocs.hooks.faqkit")


def pages_by_path(nav: Navigation) -> dict[str, Page]:
    """The navigation's pages by their path below docs/, made once per build (it is kept on the build's
    ``nav``): made again for every page, it cost a build of n pages n × n lookups."""
    found = getattr(nav, "_faqkit_pages_by_path", None)
    if found is None:
        found = {page.file.src_uri: page for page in nav.pages}
        nav._faqkit_pages_by_path = found  # type: ignore[attr-defined]
    return found


def related_links(page: Page, by_path: Mapping[str, Page]) -> list[tuple[str, str]]:
    """(title, URL relative to ``page``) of the page's related questions; unknown pages are warned about."""
    entries = (page.meta or {}).get("related") or []
    links = []
    for entry in entries:
        if not isinstance(entry, dict) or not entry.get("title") or not entry.get("path"):
            continue
        target = by_path.get(str(entry["path"]))
        if target is None:
            log.warning(f"{page.file.src_uri}: related question {entry['title']!r} names {entry['path']!r}, "
                        "which is not a page")
            continue
        url = target.file.url_relative_to(page.file)
        anchor = f"#{entry['anchor']}" if entry.get("anchor") else ""
        links.append((str(entry["title"]), url + anchor))
    return links


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """In a dirty build the pages not edited are not read, and have no title: read their sources (front
    matter and all; they are not rendered). In a full build every page has been read: nothing to do."""
    for file in files.documentation_pages():
        if file.page is not None and file.page.markdown is None:
            file.page.read_source(config)
    return env


def has_heading(page: Page, title: str) -> bool:
    """Whether the page's own Markdown has a heading reading ``title``, at any level."""
    def anywhere(items: list) -> bool:
        return any(item.title == title or anywhere(item.children) for item in items)
    return anywhere(list(page.toc))


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    context["nav"] = page_navigation(nav, page, config.extra["ui"].get("jurisdictions"))
    links = related_links(page, pages_by_path(nav))  # resolved even when not shown: a dead link still fails the build
    context["faq_related"] = [] if has_heading(page, config.extra["ui"]["related"]) else links
    return context
