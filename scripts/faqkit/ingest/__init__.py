"""Ingest: one source file through every per-article stage, each a pure function, every change recorded.

    read -> markup -> repair -> canon -> clean -> relevance, jurisdiction -> segment

``read`` decodes the bytes (or says why it cannot), ``markup`` leaves plain text, ``repair`` undoes byte-
and character-level damage (:mod:`.repair`, one module per fault class), ``canon`` makes it Simplified
with full-width punctuation, ``clean`` takes out furniture, spam and personal data, ``relevance`` judges
whether it is for readers at all (on-topic, advert or off-topic, and why), ``jurisdiction`` whose law its
advice is for (mainland, Taiwan, Hong Kong or general, and the terms that show it), and ``segment`` finds
its title, introduction, question sections and conclusion. What needs the whole batch (duplicates,
pages) comes after, in :mod:`faqkit.dedup` and :mod:`faqkit.organize`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..core.furniture import load_rules as furniture_rules
from ..core.records import Article, Change
from ..core.script import detect_script
from . import canon, clean, jurisdiction, markup, relevance, repair, segment
from .read import SourceText


def process(source: SourceText) -> Article:
    """One source through every per-article stage, with every change recorded."""
    article = Article(name=source.name, sha256=source.sha256, text=source.text, encoding=source.encoding,
                      changes=source.changes)
    if source.is_html:
        article = article.with_text(*markup.html_to_text(article.text))
    else:
        article = article.with_text(*markup.strip_front_matter(article.text))
    article = article.with_text(*markup.strip_inline_markup(article.text))
    article = article.with_text(*repair.repair(article.text))
    as_written = article.text  # canon makes every text Simplified: the script is told from this
    article = article.with_text(*canon.canonicalize(article.text))
    article = article.with_text(*clean.clean(article.text))
    # Judged on the whole cleaned text, before segment splits it: a page's furniture is out, and the
    # title and every section count.
    judged, relevance_change = relevance.judge(article.text, removed=article.changes)
    terms = jurisdiction.evidence(article.text)
    found, jurisdiction_change = jurisdiction.detect(article.text, terms=terms)
    # Only a general article's script can rule a jurisdiction out: the others' is not looked at.
    written_in = detect_script(as_written) if found == jurisdiction.GENERAL else ""
    not_for = jurisdiction.ruled_out(found, written_in, terms)
    if not_for:
        jurisdiction_change = replace(jurisdiction_change, after=f"{jurisdiction_change.after}; written in "
                                      f"{written_in}: not for {', '.join(not_for)}")
    structure = segment.segment(article.text, cut_off=any(c.kind == "cut-off" for c in article.changes))
    article = replace(article, relevance=judged.label, relevance_why=judged.why, jurisdiction=found, not_for=not_for,
                      title=structure.title, intro=structure.intro, sections=structure.sections,
                      conclusion=structure.conclusion,
                      changes=(*article.changes, relevance_change, jurisdiction_change, *structure.changes))
    return _with_reason_for_no_page(article)


def clean_text(text: str) -> tuple[str, list[Change]]:
    """``faqkit clean``: one text cleaned and canonical (no structure)."""
    article = process(SourceText("-", "", text, "utf-8", is_html=False))
    body = article.text.replace(clean.ROLE_MARKER + "intro\n", "").replace(clean.ROLE_MARKER + "conclusion\n", "")
    return body, list(article.changes)


def has_text(article: Article) -> bool:
    """Anything left to publish once furniture, spam and garbage are out: a paragraph or an item that says
    something (:func:`clean.says_something`). Lines that only name things (a menu's 法律文章 / 线上课程, a
    contents list's entries whose text the excerpt lost) answer nothing, however many of them are left."""
    sections = [*article.sections, *(sub for s in article.sections for sub in s.subsections)]
    blocks = [*article.intro, *article.conclusion, *(b for s in sections for b in s.blocks)]
    return any(clean.says_something(line.strip())
               for block in blocks for line in (block.text, *block.items) if line.strip())


# What each kind of removal is called when an article is skipped for having nothing else in it.
_REMOVED_AS = {"boilerplate": "furniture", "pii": "personal data", "mojibake": "garbled", "cut-off": "cut-off"}


def why_nothing_to_publish(article: Article) -> str:
    """Why ``article`` gives no page, by what was found in it instead of answer text ('' when it gives
    one): a list of search results, a headline alone (a tag page, a title with its text cut away), or
    only what was removed, counted by kind."""
    if has_text(article):
        return ""
    listings = {name for name, _ in furniture_rules().listing_starts}
    listing = next((c for c in article.changes if c.kind == "boilerplate" and c.fix in listings), None)
    if listing:
        return f"a list of search results, not an article ({listing.before.splitlines()[0][:40]})"
    removed = Counter(_REMOVED_AS[c.kind] for c in article.changes
                      if c.kind in _REMOVED_AS and c.before.strip() and not c.after.strip())
    what = ", ".join(f"{count} {kind}" for kind, count in sorted(removed.items(), key=lambda kv: (-kv[1], kv[0])))
    lines = [line for line in article.text.split("\n") if line.strip() and not line.startswith(clean.ROLE_MARKER)]
    if len(lines) == 1:
        return f"only a headline ({lines[0][:40]}), no answer text" + (f"; removed: {what}" if what else "")
    return f"no answer text; removed: {what}" if what else "no answer text"


def _with_reason_for_no_page(article: Article) -> Article:
    """An article that gives no page says why, as a flag the report lists with its source."""
    reason = why_nothing_to_publish(article)
    if not reason:
        return article
    flag = Change("skipped", "no-answer-text", 0, reason, "", applied=False)
    return replace(article, changes=(*article.changes, flag))
