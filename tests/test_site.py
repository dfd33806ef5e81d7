"""The built site, on the real ingested docs: both scripts, switch, anchors, provenance, no third parties."""

from __future__ import annotations

import html as html_module
import json
import posixpath
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from faqkit.core.data import site_text
from faqkit.core.markdown import split_front_matter
from faqkit.core.script import (
    hant_overrides,
    simplified_only_characters,
    to_traditional,
    traditional_only_characters,
)
from faqkit.site.build import SiteBuildError, build_site
from faqkit.site.hant import convert_strings
from tests.conftest_site import ROOT, BuiltSite

RELATED_HEADING = site_text()["related_heading"]

HANT = "zh-Hant"
LEGAL_NOTICE = "本页内容仅为一般信息，不构成法律意见；如涉及诉讼等具体问题，请咨询律师或当地法律援助机构。"
# Common Simplified characters. 后 is also Traditional (皇后), so it is not
# in simplified_only_characters(), but these pages never use it that way.
COMMON_SIMPLIFIED = frozenset("这说时对么后网贷")
HAN = re.compile(r"[\u3400-\u9fff]")
# Attributes whose values readers see (tooltips, screen readers, placeholders).
VISIBLE_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder")
# Where an HTML attribute makes the browser load something.
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data"}
# <link> relations that only name a URL (canonical, hreflang alternates, prev/next): nothing is loaded.
NAMING_LINK_RELATIONS = {"canonical", "alternate", "prev", "next"}
THIRD_PARTY_MARKERS = ("googleapis", "gstatic", "jsdelivr", "unpkg", "cdnjs", "github.com/api", "api.github")


# --- reading the built HTML ---------------------------------------------------------------------------


class PageParser(HTMLParser):
    """Visible text (minus subtrees in another language), links, ids and loaded URLs of a page."""

    VOID = frozenset(
        {
            "area",
            "base",
            "br",
            "col",
            "embed",
            "hr",
            "img",
            "input",
            "link",
            "meta",
            "source",
            "track",
            "wbr",
        }
    )
    HIDDEN = frozenset({"script", "style", "svg", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_lang: str | None = None
        self.text: list[str] = []
        self.switch_links: list[tuple[str, str]] = []  # (hreflang, href)
        self.heading_ids: list[str] = []
        self.fragment_links: list[str] = []
        self.loaded_urls: list[str] = []
        self.link_hrefs: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skip subtree)

    @property
    def _skipping(self) -> bool:
        return any(skip for _, skip in self._stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "html":
            self.html_lang = attributes.get("lang")
        self._collect_urls(tag, attributes)
        if "faq-script-switch__link" in attributes.get("class", ""):
            self.switch_links.append((attributes.get("hreflang", ""), attributes["href"]))
        if re.fullmatch(r"h[1-6]", tag) and "id" in attributes:
            self.heading_ids.append(attributes["id"])
        if tag == "a" and attributes.get("href", "").startswith("#"):
            self.fragment_links.append(unquote(attributes["href"][1:]))
        foreign = "lang" in attributes and tag != "html" and attributes["lang"] != self.html_lang
        if not (self._skipping or foreign):
            self.text.extend(attributes[name] for name in VISIBLE_ATTRIBUTES if attributes.get(name))
            if tag == "meta" and attributes.get("name") == "description":
                self.text.append(attributes.get("content", ""))
        if tag not in self.VOID:
            self._stack.append((tag, tag in self.HIDDEN or foreign))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._stack) - 1, -1, -1):
            if self._stack[index][0] == tag:
                del self._stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.text.append(data)

    def _collect_urls(self, tag: str, attributes: dict[str, str]) -> None:
        for name in LOADING_ATTRIBUTES & attributes.keys():
            self.loaded_urls.extend(part.strip().split(" ")[0] for part in attributes[name].split(","))
        if tag == "link" and "href" in attributes and attributes.get("rel") not in NAMING_LINK_RELATIONS:
            self.loaded_urls.append(attributes["href"])
        if tag == "a" and "href" in attributes:
            self.link_hrefs.append(attributes["href"])
        self.loaded_urls.extend(re.findall(r"url\(['\"]?([^'\")]+)", attributes.get("style", "")))

    @property
    def visible_text(self) -> str:
        return " ".join(self.text)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(tree: Path) -> Iterator[Path]:
    """The pages of one script's tree (the zh-Hans tree minus the nested zh-Hant tree)."""
    for path in sorted(tree.rglob("*.html")):
        if tree.name != HANT and path.relative_to(tree).parts[0] == HANT:
            continue
        yield path


def html_for(markdown: Path, docs: Path, tree: Path) -> Path:
    """The built page of a docs page (use_directory_urls: foo.md -> foo/index.html)."""
    relative = markdown.relative_to(docs).with_suffix("")
    return tree / (relative.parent if relative.name == "index" else relative) / "index.html"


def docs_pages(docs: Path) -> list[Path]:
    return sorted(docs.rglob("*.md"))


def faq_pages(docs: Path) -> list[tuple[Path, dict]]:
    pages = [(path, split_front_matter(path.read_text(encoding="utf-8"))[0]) for path in docs_pages(docs)]
    return [(path, meta) for path, meta in pages if meta.get("sources")]


def is_third_party(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme not in ("", "data", "blob")


# --- tests -------------------------------------------------------------------------------------------------


def test_both_scripts_are_built_from_every_docs_page(built_site: BuiltSite) -> None:
    pages = docs_pages(built_site.docs)
    assert pages, "the ingest produced no pages"
    assert built_site.figures["pages"] == {"zh-Hans": len(pages), HANT: len(pages)}
    assert built_site.figures["warnings"] == {"zh-Hans": [], HANT: []}
    for markdown in pages:
        assert html_for(markdown, built_site.docs, built_site.hans).is_file(), markdown
        assert html_for(markdown, built_site.docs, built_site.hant).is_file(), markdown
    assert (built_site.hans / "search" / "search_index.json").is_file()
    assert (built_site.hant / "search" / "search_index.json").is_file()


def test_strict_build_fails_on_a_broken_anchor_and_says_why(ingested_docs: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ingested_docs, docs)
    page = docs_pages(docs)[-1]
    page.write_text(page.read_text(encoding="utf-8") + "\n[见上文](#没有这个标题)\n", encoding="utf-8")
    with pytest.raises(SiteBuildError, match="'#没有这个标题', but there is no such anchor"):
        build_site(ROOT, docs, tmp_path / "site", strict=True, build_dir=tmp_path / "build")


def test_html_lang_names_the_script(built_site: BuiltSite) -> None:
    for tree, lang in ((built_site.hans, "zh-Hans"), (built_site.hant, HANT)):
        for page in html_pages(tree):
            assert parse(page).html_lang == lang, page


def test_hant_pages_contain_no_simplified_text(built_site: BuiltSite) -> None:
    simplified_only = simplified_only_characters() | COMMON_SIMPLIFIED
    for page in html_pages(built_site.hant):
        text = parse(page).visible_text
        assert HAN.search(text), page
        wrong = sorted({char for char in text if char in simplified_only})
        assert not wrong, f"{page}: Simplified characters {wrong}"


def test_hans_pages_contain_no_traditional_text(built_site: BuiltSite) -> None:
    traditional_only = traditional_only_characters()
    for page in html_pages(built_site.hans):
        text = parse(page).visible_text
        assert not COMMON_SIMPLIFIED.isdisjoint(text), f"{page} does not read as Simplified"
        wrong = sorted({char for char in text if char in traditional_only})
        assert not wrong, f"{page}: Traditional characters {wrong}"


def test_switch_leads_to_the_same_page_in_the_other_script(built_site: BuiltSite) -> None:
    trees = {"zh-Hans": built_site.hans, HANT: built_site.hant}
    for lang, tree in trees.items():
        other_lang, other_tree = next((key, value) for key, value in trees.items() if key != lang)
        for page in html_pages(tree):
            if page.name == "404.html":  # MkDocs renders it with an absolute base URL
                continue
            links = parse(page).switch_links
            assert [hreflang for hreflang, _ in links] == [other_lang], page
            href = links[0][1]
            assert not urlsplit(href).netloc and not href.startswith("/"), f"{page}: {href} is not relative"
            target = Path(posixpath.normpath(posixpath.join(page.parent.as_posix(), href)))
            target = target / "index.html" if href.endswith("/") else target
            assert target.is_file(), f"{page}: {href} -> missing {target}"
            assert target.relative_to(other_tree) == page.relative_to(tree)


def test_related_questions_are_listed_once(built_site: BuiltSite) -> None:
    """Ingest writes a 相关问题 section into the Markdown; the template's list from the front matter must
    not add a second one."""
    for markdown, meta in faq_pages(built_site.docs):
        if not meta.get("related"):
            continue
        for tree, heading in ((built_site.hans, RELATED_HEADING), (built_site.hant, to_traditional(RELATED_HEADING))):
            html = html_for(markdown, built_site.docs, tree).read_text(encoding="utf-8")
            found = re.findall(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", html, re.S)
            headings = [html_module.unescape(re.sub(r"<[^>]+>", "", h)).strip(" ¶\n") for h in found]
            assert headings.count(heading) == 1, (markdown, tree, headings)


def test_anchors_are_unicode_slugs_identical_in_both_scripts(built_site: BuiltSite) -> None:
    for markdown in docs_pages(built_site.docs):
        hans = parse(html_for(markdown, built_site.docs, built_site.hans))
        hant = parse(html_for(markdown, built_site.docs, built_site.hant))
        assert hans.heading_ids, markdown
        assert all(not re.fullmatch(r"_\d+", anchor) for anchor in hans.heading_ids), hans.heading_ids
        assert all(HAN.search(anchor) for anchor in hans.heading_ids), hans.heading_ids
        assert hant.heading_ids == hans.heading_ids, markdown
        for parsed in (hans, hant):
            assert set(parsed.fragment_links) <= set(parsed.heading_ids) | {"__drawer", "__search"}


def test_no_page_loads_anything_from_a_third_party(built_site: BuiltSite) -> None:
    for page in html_pages(built_site.site):
        parsed = parse(page)
        outside = [url for url in parsed.loaded_urls if is_third_party(url)]
        assert not outside, f"{page} loads {outside}"
        html = page.read_text(encoding="utf-8")
        assert not [marker for marker in THIRD_PARTY_MARKERS if marker in html], page
    for stylesheet in built_site.site.rglob("extra.css"):
        assert not re.search(r"url\(|@import|https?://", stylesheet.read_text(encoding="utf-8"))


def test_nav_sections_show_chinese_category_names(built_site: BuiltSite) -> None:
    categories = [path for path in built_site.docs.glob("*/index.md")]
    assert categories
    hans_home = parse(built_site.hans / "index.html").visible_text
    hant_home = parse(built_site.hant / "index.html").visible_text
    for index in categories:
        title = split_front_matter(index.read_text(encoding="utf-8"))[0]["title"]
        assert title in hans_home
        assert to_traditional(title) in hant_home
        folder_label = index.parent.name.replace("-", " ").capitalize()
        assert folder_label not in hans_home and folder_label not in hant_home


def test_nav_sections_follow_the_taxonomy_order(built_site: BuiltSite) -> None:
    from faqkit.core.data import data

    names = [c["name"] for c in data("taxonomy.yaml")["categories"]
             if (built_site.docs / c["slug"] / "index.md").exists()]
    html = (built_site.hans / "overdue" / "index.html").read_text(encoding="utf-8")
    primary = html[html.index("md-nav--primary"):]
    positions = [primary.index(name) for name in names]
    assert positions == sorted(positions), names


def test_faq_pages_end_with_sources_review_date_and_notice(built_site: BuiltSite) -> None:
    pages = faq_pages(built_site.docs)
    assert pages, "no FAQ page has sources"
    notices = {"zh-Hans": LEGAL_NOTICE, HANT: to_traditional(LEGAL_NOTICE)}
    labels = {"zh-Hans": ("来源", "最后更新"), HANT: ("來源", "最後更新")}
    for markdown, meta in pages:
        for lang, tree in (("zh-Hans", built_site.hans), (HANT, built_site.hant)):
            text = parse(html_for(markdown, built_site.docs, tree)).visible_text
            assert notices[lang] in text, markdown
            assert all(label in text for label in labels[lang]), markdown
            assert str(meta["last_reviewed"]) in text
            for source in meta["sources"]:
                assert source["file"] in text
                assert source["sha256"][:12] in text
    for index in built_site.docs.glob("*/index.md"):
        assert LEGAL_NOTICE not in parse(html_for(index, built_site.docs, built_site.hans)).visible_text


def test_hant_docs_convert_prose_but_not_technical_front_matter(built_site: BuiltSite) -> None:
    hant_docs = built_site.build / HANT / "docs"
    for markdown in docs_pages(built_site.docs):
        hans_meta, hans_body = split_front_matter(markdown.read_text(encoding="utf-8"))
        hant_meta, hant_body = split_front_matter(
            (hant_docs / markdown.relative_to(built_site.docs)).read_text(encoding="utf-8")
        )
        assert hant_meta["title"] == to_traditional(hans_meta["title"])
        assert hant_meta.get("tags") == convert_strings(hans_meta.get("tags"))
        if hans_meta.get("sources"):
            assert len(hant_meta["questions"]) == len(hans_meta["questions"]), markdown
        for hans_entry, hant_entry in zip(hans_meta.get("questions") or [], hant_meta.get("questions") or [],
                                          strict=True):
            assert hant_entry["question"] == to_traditional(hans_entry["question"])
            assert hant_entry["anchor"] == hans_entry["anchor"]  # anchors are script-neutral, never converted
            if "answer" in hans_entry:
                assert hant_entry["answer"] == to_traditional(hans_entry["answer"])
        for hans_entry, hant_entry in zip(hans_meta.get("related") or [], hant_meta.get("related") or [],
                                          strict=True):
            assert hant_entry == {**hans_entry, "title": to_traditional(hans_entry["title"])}
        for key in ("category", "sources", "last_reviewed", "generated_hash"):
            assert hant_meta.get(key) == hans_meta.get(key), (markdown, key)
        # Link targets (file names, anchors) come through unchanged.
        assert re.findall(r"\]\(([^)\s]*)", hant_body) == re.findall(r"\]\(([^)\s]*)", hans_body)


def test_hant_overrides_win_over_plain_opencc(built_site: BuiltSite) -> None:
    hans_text = " ".join(parse(page).visible_text for page in html_pages(built_site.hans))
    hant_text = " ".join(parse(page).visible_text for page in html_pages(built_site.hant))
    exercised = {phrase: fixed for phrase, fixed in hant_overrides().items() if phrase in hans_text}
    assert exercised, "no override phrase occurs in the real pages"
    for phrase, fixed in exercised.items():
        assert fixed in hant_text, phrase
    # The error that started the override list (sources/000): 情况下签署 must not become 情況下籤署.
    if "情况下签署" in hans_text:
        assert "情況下簽署" in hant_text and "籤署" not in hant_text


def test_hant_config_is_derived_from_mkdocs_yml(built_site: BuiltSite) -> None:
    config = yaml.safe_load((built_site.build / HANT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "逾期應對指南"
    assert config["theme"]["language"] == HANT
    assert Path(config["site_dir"]) == built_site.build / HANT / "site"  # built there, then moved into site/
    assert config["extra"]["ui"]["legal_notice"] == to_traditional(LEGAL_NOTICE)
    assert [variant["name"] for variant in config["extra"]["script_variants"]] == ["簡體中文", "繁體中文"]
    assert "<title>" in (built_site.hant / "index.html").read_text(encoding="utf-8")
    assert "逾期應對指南" in parse(built_site.hant / "index.html").visible_text


def test_hant_search_index_is_segmented_like_hans(built_site: BuiltSite) -> None:
    def tokens(tree: Path) -> dict[str, list[str]]:
        docs = json.loads((tree / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        return {
            doc["location"]: [word for word in f"{doc['title']}\u200b{doc['text']}".split("\u200b") if HAN.search(word)]
            for doc in docs
        }

    hans, hant = tokens(built_site.hans), tokens(built_site.hant)
    assert hans.keys() == hant.keys()
    # The zh-Hant index is the zh-Hans one converted word by word: the same words in the other script.
    for location, hans_words in hans.items():
        assert hant[location] == [to_traditional(word) for word in hans_words], location
    words = [word for found in hans.values() for word in found]
    assert "诉前调解" in words and "被起诉" not in words and "起诉" in words  # domain words, cut for search


@pytest.mark.parametrize("query_word", ["诉前调解", "起诉", "征信"])
def test_search_index_finds_key_words_in_both_scripts(built_site: BuiltSite, query_word: str) -> None:
    def indexed_text(tree: Path) -> str:
        docs = json.loads((tree / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        return "".join(doc["title"] + doc["text"] for doc in docs).replace("\u200b", "")

    assert query_word in indexed_text(built_site.hans)
    assert to_traditional(query_word) in indexed_text(built_site.hant)


# --- page anatomy, structured data, alternates, sitemap, 404, home, all questions -------------------------


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def site_url(built_site: BuiltSite) -> str:
    config = yaml.safe_load((built_site.build / HANT / "mkdocs.yml").read_text(encoding="utf-8"))
    return config["site_url"].removesuffix(f"{HANT}/")


def test_faq_pages_carry_faqpage_json_ld_from_front_matter(built_site: BuiltSite) -> None:
    pages = faq_pages(built_site.docs)
    for markdown, meta in pages:
        # The title question once (a section asking it again is not listed twice).
        expected = [meta["title"]] + [q["question"] for q in meta["questions"]
                                      if q.get("answer") and q["question"] != meta["title"]]
        for lang, tree in (("zh-Hans", built_site.hans), (HANT, built_site.hant)):
            blocks = json_ld(html_for(markdown, built_site.docs, tree).read_text(encoding="utf-8"))
            assert len(blocks) == 1, markdown
            data = blocks[0]
            assert data["@context"] == "https://schema.org" and data["@type"] == "FAQPage"
            assert data["inLanguage"] == lang
            names = [entity["name"] for entity in data["mainEntity"]]
            assert names == (expected if lang == "zh-Hans" else [to_traditional(name) for name in expected])
            assert len(set(names)) == len(names), names
            for entity in data["mainEntity"]:
                assert entity["@type"] == "Question" and entity["acceptedAnswer"]["@type"] == "Answer"
                assert entity["acceptedAnswer"]["text"].strip()
    for index in built_site.docs.glob("*/index.md"):
        assert not json_ld(html_for(index, built_site.docs, built_site.hans).read_text(encoding="utf-8"))


def test_front_matter_anchors_are_the_heading_ids(built_site: BuiltSite) -> None:
    for markdown, meta in faq_pages(built_site.docs):
        for tree in (built_site.hans, built_site.hant):
            ids = parse(html_for(markdown, built_site.docs, tree)).heading_ids
            assert all(q["anchor"] in ids for q in meta["questions"]), (markdown, ids)


def test_sitemaps_list_every_page_with_its_hreflang_alternates(built_site: BuiltSite) -> None:
    root = site_url(built_site)
    for tree, prefix in ((built_site.hans, root), (built_site.hant, f"{root}{HANT}/")):
        sitemap = (tree / "sitemap.xml").read_text(encoding="utf-8")
        entries = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
        assert len(entries) == len(docs_pages(built_site.docs))
        for entry in entries:
            location = re.search(r"<loc>([^<]+)</loc>", entry).group(1)
            assert location.startswith(prefix)
            path = location.removeprefix(prefix)
            alternates = dict(re.findall(r'<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/>', entry))
            assert alternates == {"zh-Hans": root + path, HANT: f"{root}{HANT}/{path}", "x-default": root + path}
            local = (built_site.hans / path / "index.html") if path else built_site.hans / "index.html"
            assert local.is_file() and (built_site.hant / path / "index.html").is_file(), path
        assert (tree / "sitemap.xml.gz").is_file()


def test_pages_have_no_alternate_links_that_material_would_fetch(built_site: BuiltSite) -> None:
    for page in html_pages(built_site.site):
        assert '<link rel="alternate"' not in page.read_text(encoding="utf-8"), page


def test_404_pages_help_in_both_scripts(built_site: BuiltSite) -> None:
    hans = parse(built_site.hans / "404.html")
    hant = parse(built_site.hant / "404.html")
    assert hans.html_lang == "zh-Hans" and hant.html_lang == HANT
    assert "找不到这个页面" in hans.visible_text and "找不到這個頁面" in hant.visible_text
    for tree, other in ((built_site.hans, "找不到這個頁面"), (built_site.hant, "找不到这个页面")):
        html = (tree / "404.html").read_text(encoding="utf-8")
        assert 'name="q"' in html  # a search box
        assert other in html  # one line in the other script, marked with its lang
        assert re.search(r'<p lang="zh-Han[st]" class="faq-404__other">', html)


def test_home_page_puts_the_search_box_first_then_the_important_questions(built_site: BuiltSite) -> None:
    for tree in (built_site.hans, built_site.hant):
        html = (tree / "index.html").read_text(encoding="utf-8")
        article = html[html.index('<article class="md-content__inner'):]
        assert article.index("faq-home-search") < article.index('name="q"') < article.index("<h2")
    for tree, name in ((built_site.hans, "逾期应对指南"), (built_site.hant, "逾期應對指南")):
        assert re.findall(r"<title>(.*?)</title>", (tree / "index.html").read_text(encoding="utf-8")) == [name]
    text = parse(built_site.hans / "index.html").visible_text
    assert "最要紧的几个问题" in text
    for label in ("刚逾期，先做什么？", "怎样识别骗局？", "真的会被起诉吗？"):
        assert label in text
    hrefs = parse(built_site.hans / "index.html").link_hrefs
    for index in built_site.docs.glob("*/index.md"):
        assert f"{index.parent.name}/" in hrefs
    assert "questions/" in hrefs


def test_all_questions_page_lists_every_question_by_category(built_site: BuiltSite) -> None:
    page = built_site.hans / "questions" / "index.html"
    parsed = parse(page)
    for _, meta in faq_pages(built_site.docs):
        assert meta["title"] in parsed.visible_text
        for question in meta["questions"]:
            assert question["question"] in parsed.visible_text
    for href in parsed.link_hrefs:
        if href.startswith("../") and "#" in href:
            target, anchor = href.split("#", 1)
            target_page = (page.parent / target / "index.html").resolve()
            assert unquote(anchor) in parse(target_page).heading_ids, href
    front = split_front_matter((built_site.docs / "questions.md").read_text(encoding="utf-8"))[0]
    assert front["search"] == {"exclude": True}  # it would match every query


def test_every_page_links_to_its_simplified_source_for_editing(built_site: BuiltSite) -> None:
    edit_base = yaml.safe_load((built_site.build / HANT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"][
        "edit_base"]
    assert edit_base.startswith("https://") and edit_base.endswith("/docs/")
    for markdown in docs_pages(built_site.docs):
        source = markdown.relative_to(built_site.docs).as_posix()
        for tree in (built_site.hans, built_site.hant):
            assert edit_base + source in parse(html_for(markdown, built_site.docs, tree)).link_hrefs
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not re.search(r"^repo_url:", config, re.M)  # Material would ask the code host's API on every load


def test_related_questions_and_rebuilding_after_one_edit(docs_copy: Path, tmp_path: Path) -> None:
    """Related questions link to real pages (a dead one fails the build); a rebuild converts only the edit."""
    site, build = tmp_path / "site", tmp_path / "build"
    first_build = build_site(ROOT, docs_copy, site, strict=True, build_dir=build)
    assert first_build["converted"] == len(docs_pages(docs_copy))

    pages = faq_pages(docs_copy)
    (first, meta), (second, second_meta) = pages[0], pages[1]
    anchor = second_meta["questions"][0]["anchor"]
    meta = {**meta, "related": [{"title": second_meta["title"], "path": second.relative_to(docs_copy).as_posix(),
                                 "anchor": anchor}]}
    # A page written by hand, with no 相关问题 section of its own: the site lists the front matter's.
    body = split_front_matter(first.read_text(encoding="utf-8"))[1].split(f"## {RELATED_HEADING}\n")[0]
    body += "\n补充一句：先核实对方身份。\n"
    first.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body,
                     encoding="utf-8")
    again = build_site(ROOT, docs_copy, site, strict=True, build_dir=build)
    assert again["converted"] == 1  # the OpenCC output of every other page came from the cache
    assert "補充一句：先核實對方身份。" in parse(html_for(first, docs_copy, site / HANT)).visible_text
    for tree, title in ((site, second_meta["title"]), (site / HANT, to_traditional(second_meta["title"]))):
        page = html_for(first, docs_copy, tree)
        html = page.read_text(encoding="utf-8")
        related = html[html.index('class="faq-related"'):]
        href = re.search(r'<a href="([^"]+)">', related).group(1)
        assert title in related
        linked, fragment = href.split("#")
        assert unquote(fragment) in parse((page.parent / linked / "index.html").resolve()).heading_ids

    meta["related"] = [{"title": "不存在的问题", "path": "collection/no-such-page.md"}]
    first.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body,
                     encoding="utf-8")
    with pytest.raises(SiteBuildError, match=r"no-such-page\.md"):
        build_site(ROOT, docs_copy, tmp_path / "site2", strict=True, build_dir=build)


def test_sidebar_shows_the_open_category_only_around_the_page() -> None:
    from faqkit.site.hooks import window

    pages = list(range(30))
    assert window(pages, 0, 9) == list(range(9))
    assert window(pages, 15, 9) == list(range(11, 20))
    assert window(pages, 29, 9) == list(range(21, 30))
    assert window(pages[:5], 3, 9) == pages[:5]


def test_listing_pages_rank_below_the_pages_that_answer(built_site: BuiltSite) -> None:
    docs = json.loads((built_site.hans / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    boosts = {doc["location"].split("#")[0]: doc.get("boost") for doc in docs}
    for markdown in docs_pages(built_site.docs):
        location = html_for(markdown, built_site.docs, built_site.hans).parent.relative_to(built_site.hans).as_posix()
        location = "" if location == "." else f"{location}/"
        if location == "questions/":
            assert location not in boosts  # excluded: it would match every query
        elif split_front_matter(markdown.read_text(encoding="utf-8"))[0].get("sources"):
            assert boosts[location] is None, location
        else:
            assert boosts[location] < 1, location


def test_related_question_links_are_not_indexed_for_search(built_site: BuiltSite) -> None:
    """A page's 相关问题 links are navigation: indexed, every page linking to a question competed with the
    page that answers it. The pages still show them."""
    from faqkit.site.search import segment

    heading = RELATED_HEADING
    for tree, title in ((built_site.hans, segment(heading)), (built_site.hant, to_traditional(segment(heading)))):
        docs = json.loads((tree / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        assert docs and all(doc["title"] != title for doc in docs)
    faq = next(p for p in sorted(built_site.docs.rglob("*.md")) if f"## {heading}" in p.read_text(encoding="utf-8"))
    page = built_site.hans / faq.relative_to(built_site.docs).with_suffix("") / "index.html"
    assert heading in page.read_text(encoding="utf-8")
