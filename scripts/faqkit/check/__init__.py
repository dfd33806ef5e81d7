"""``faqkit check``: every page of ``docs/`` as contributors leave it in a pull request.

Each page is read (:mod:`.pages`) and reported as :class:`Finding` s, each naming the file, the line and
how to fix it: front matter against the page schema (:mod:`.schema`), the prose rules (:mod:`.prose`:
Simplified script, typography, contact details, boilerplate and mojibake), headings, anchors, links and
one answer per question across pages (:mod:`.links`), and finally both scripts built with ``--strict``
(:mod:`.build`). ``faqkit fix`` (:mod:`.fix`) repairs what needs no judgement.

Messages are in Chinese, as are the pages and their contributors.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .build import check_build
from .fix import fix_files, fix_page
from .links import (
    audience,
    check_anchors,
    check_duplicate_questions,
    check_links,
    check_questions_on_page,
    check_related,
    check_repeated_steps,
    headings,
    page_html,
)
from .pages import Finding, Page, github_actions, load_page, load_pages, shown_path
from .prose import check_body_lines, check_prose
from .schema import check_front_matter

__all__ = ["Finding", "Page", "check_docs", "fix_files", "fix_page", "github_actions", "load_page", "shown_path"]


def check_docs(docs_dir: Path, root: Path, *, build: bool = True, today: dt.date | None = None) -> list[Finding]:
    """Every finding for the pages of ``docs_dir`` (the site's mkdocs.yml is in ``root``)."""
    today = today or dt.date.today()
    pages = load_pages(docs_dir)
    files = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()}
    anchors: dict[str, set[str]] = {}
    for page in pages:
        check_front_matter(page, today)
        check_prose(page)
        check_body_lines(page)
        rendered, tokens = page_html(page, root, docs_dir)
        heads = headings(page, tokens)
        anchors[page.rel] = check_anchors(page, rendered, heads)
        if page.kind == "faq" and page.meta is not None:
            check_questions_on_page(page, heads, anchors[page.rel])
            check_repeated_steps(page, heads)
    audiences = {page.rel: audience(page) for page in pages if page.kind == "faq" and page.meta is not None}
    for page in pages:
        check_links(page, files, anchors)
        check_related(page, files, anchors, audiences)
    check_duplicate_questions(pages)
    findings = [f for page in pages for f in page.findings]
    # The strict builds would mostly repeat these findings without a line: they run once the pages pass.
    if build and not findings:
        findings += check_build(docs_dir, root, shown_path(docs_dir))
    return sorted(findings, key=lambda f: (f.file, f.line, f.rule))
