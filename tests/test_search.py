"""Site search as readers use it: the query set of tests/search_queries.yaml in headless Chromium.

Every query (Simplified, Traditional and mixed-script) runs on both built sites; a site whose
recall@5 drops below 0.9 fails. The same runner prints recall and latency in ``make bench``.
Also unit checks of the words the index is cut into and of the script map.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.search import CHROMIUM, QUERIES, Query, load_queries, recall, run_all
from faqkit.core.data import site_text
from faqkit.site.search import compound_parts, cut_simplified, cut_traditional, to_site_script
from tests.conftest import require_chromium
from tests.conftest_site import BuiltSite

MIN_RECALL_AT_5 = 0.9


def test_query_set_is_realistic_and_names_real_pages(built_site: BuiltSite) -> None:
    queries = load_queries(QUERIES)
    assert len(queries) >= 40
    assert {q.script for q in queries} == {"hans", "hant", "mixed"}
    for query in queries:
        for page in query.pages:
            assert (built_site.docs / page).is_file(), f"{query.text}: no page {page}"


@pytest.mark.browser
def test_recall_at_5_on_both_sites(built_site: BuiltSite) -> None:
    require_chromium(CHROMIUM)
    results = run_all(built_site.site, load_queries(QUERIES))
    for script, outcomes in results.items():
        misses = [(o.query.text, list(o.found[:5])) for o in outcomes if (o.rank() or 99) > 5]
        assert recall(outcomes, 5) >= MIN_RECALL_AT_5, f"{script}: recall@5 {recall(outcomes, 5):.2f}, misses {misses}"
    # The same query in either script finds the same pages on a site.
    hans = {o.query.text: o.found[:5] for o in results["zh-Hans"]}
    hant = {o.query.text: o.found[:5] for o in results["zh-Hant"]}
    assert sum(hans[text] == hant[text] for text in hans) >= 0.9 * len(hans)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("加微信", ("加", "微信")),  # so that 微信 finds it
        ("被起诉", ("被", "起诉")),  # a userdict compound of a domain word: cut for search
        ("暴力催收", ("暴力", "催收")),
        ("诉前调解", ("诉前调解",)),  # a domain word of its own: whole
        ("停息挂账", ("停息挂账",)),
        ("微粒贷逾期", ("微粒贷", "逾期")),
        # Whole, or the worker drops 还, 不 and 上 as characters too frequent to search for, and a reader's
        # 网贷还不上怎么办 searches 网贷 怎么办 alone (an exact page title ranked 6th on the dev half).
        ("网贷还不上怎么办", ("网贷", "还不上", "怎么办")),
        ("信用卡还不起", ("信用卡", "还不起")),
    ],
)
def test_domain_words_are_indexed_as_readers_type_them(text: str, words: tuple[str, ...]) -> None:
    assert cut_simplified(text) == words


def test_compounds_are_split_only_around_domain_words() -> None:
    parts = compound_parts()
    assert parts["被起诉"] == ("被", "起诉")
    assert "诉前调解" not in parts and "停息挂账" not in parts


def test_traditional_runs_are_cut_like_their_simplified_source() -> None:
    assert cut_traditional("有人加微信說是訴前調解") == ("有人", "加", "微信", "說", "是", "訴前調解")


def test_script_map_writes_queries_in_the_site_script(built_site: BuiltSite) -> None:
    hans_map = json.loads((built_site.hans / "search" / "script_map.json").read_text(encoding="utf-8"))
    hant_map = json.loads((built_site.hant / "search" / "script_map.json").read_text(encoding="utf-8"))
    assert hans_map["script"] == "zh-Hans" and hant_map["script"] == "zh-Hant"
    for query in ("網貸逾期", "网贷逾期", "網贷逾期"):
        assert to_site_script(query, hans_map) == "网贷逾期"
        assert to_site_script(query, hant_map) == "網貸逾期"
    assert to_site_script("征信", hant_map) == "徵信"
    assert to_site_script("帳戶", hans_map) == "账户"  # a variant: 帳 folds to 帐, the site writes 账
    # The map is small next to the index it serves (the index itself does not grow).
    for tree in (built_site.hans, built_site.hant):
        index = (tree / "search" / "search_index.json").stat().st_size
        assert (tree / "search" / "script_map.json").stat().st_size < 0.6 * index


def test_search_worker_is_faqkit_wrapper_of_materials(built_site: BuiltSite) -> None:
    for tree in (built_site.hans, built_site.hant):
        html = (tree / "index.html").read_text(encoding="utf-8")
        assert "workers/faq-search.js?material=search." in html
        worker = tree / "assets" / "javascripts" / "workers" / "faq-search.js"
        assert worker.is_file()
        material = html.split("faq-search.js?material=", 1)[1].split('"', 1)[0]
        assert (worker.parent / material).is_file(), material



@pytest.mark.browser
def test_a_headline_the_page_also_answers_finds_it_first(docs_copy: Path, tmp_path: Path) -> None:
    """The other phrasings a page lists of its question ("这一页也回答", an article's own headline) are
    indexed with the weight of its title, on the page's first entry only: a reader who types such a
    headline finds the page first, in either script, though the page's title shares no word with it."""
    from faqkit.core.script import to_traditional
    from faqkit.site.build import build_site
    from faqkit.site.search import also_asked, segment
    from tests.conftest_site import ROOT

    require_chromium(CHROMIUM)
    page = next(p for p in sorted((docs_copy / "collection").glob("*.md")) if p.name != "index.md")
    text = page.read_text(encoding="utf-8")
    headline = "扣薪上限到底为何？"  # words no page of the seed docs has in its title or tags
    # An article headline that asks nothing is not listed on the page, only in its front matter.
    statement = "薪资扣押比例新制"
    block = f'??? note "{site_text()["also_asked_title"]}"\n\n    - 另一种问法\n    - {headline}\n\n'
    after_title = text.index("\n\n", text.index("\n# ")) + 2
    text = text[:after_title] + block + text[after_title:]
    page.write_text(text.replace("\nsources:", f"\nheadlines:\n- {statement}\nsources:", 1), encoding="utf-8")
    assert also_asked(page.read_text(encoding="utf-8")) == ["另一种问法", headline]

    site = tmp_path / "site"
    build_site(ROOT, docs_copy, site, strict=True, build_dir=tmp_path / "build")
    wanted = page.relative_to(docs_copy).as_posix()
    location = wanted.removesuffix(".md") + "/"
    for line in (headline, statement):
        for tree, words in ((site, segment(line)), (site / "zh-Hant", to_traditional(segment(line)))):
            index = json.loads((tree / "search" / "search_index.json").read_text(encoding="utf-8"))
            entries = [e for e in index["docs"] if e["location"].split("#")[0] == location]
            assert words in entries[0]["tags"] and all(words not in e.get("tags", []) for e in entries[1:])
    assert statement not in (site / location / "index.html").read_text(encoding="utf-8")
    queries = [Query(line, script, (wanted,)) for line in (headline, statement)
               for line, script in ((line, "hans"), (to_traditional(line), "hant"))]
    results = run_all(site, queries)
    for script, outcomes in results.items():
        assert [o.rank() for o in outcomes] == [1, 1, 1, 1], script
