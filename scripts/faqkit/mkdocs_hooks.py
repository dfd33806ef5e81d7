"""MkDocs hooks of the site (listed under `hooks:` in mkdocs.yml).

Category folders have ASCII names (mediation-litigation/), so MkDocs would
label their navigation sections "Mediation litigation". The label readers
should see is the category's Chinese name, the `title` in the front matter of
the folder's index.md; in the zh-Hant build that file is already converted,
so the same hook gives Traditional labels there.

Sections are also put in the order of the taxonomy (逾期与协商 first, as on the home page), not in
the alphabetical order of their folder names.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from faqkit.lexicon import data


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
