"""Hostile and malformed sources: nothing they carry may reach a page as markup, script or garbage,
and none of them may stop the others from being ingested."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest

from faqkit import pipeline
from faqkit.core.data import site_text
from faqkit.core.markdown import escape_markdown, plain
from faqkit.core.records import Problem
from faqkit.ingest.markup import html_to_text, strip_inline_markup
from faqkit.ingest.read import SourceText, read_source
from faqkit.ingest.segment import align_to_outline, segment
from faqkit.publish import render
from faqkit.publish.docs import previous_paths, read_page
from faqkit.site.build import build_site
from tests.conftest import ROOT, SEED_NAMES, SOURCES

RELATED_HEADING = site_text()["related_heading"]

ARTICLE = ("网贷逾期被催收怎么办？\n一、先核实身份\n接到自称平台的微信，先通过官方客服核实。\n"
           "二、保留证据\n保存聊天记录和通话录音。\n三、依法投诉\n遇到暴力催收，可以向监管部门投诉。\n")


def test_markdown_escaping_leaves_no_syntax() -> None:
    assert escape_markdown("办 {onclick=alert(1)}") == "办 \\{onclick=alert(1)\\}"
    assert escape_markdown("1. 不是列表") == "1\\. 不是列表"
    assert escape_markdown("- 不是列表") == "\\- 不是列表"
    assert plain('"a" onmouseover="x" <b>&') == "＂a＂ onmouseover=＂x＂ ＜b＞＆"


def test_entities_cannot_become_tags_and_links_keep_their_text() -> None:
    text, _ = strip_inline_markup("&lt;img src=x onerror=alert(1)&gt;你好&amp;lt;script&amp;gt;")
    assert text == "你好"
    text, _ = strip_inline_markup("[点我](data:text/html,evil)和[站](ftp://a)及![图](x.png)")
    assert text == "点我和站及"


def test_tables_emoji_and_masks() -> None:
    text, changes = strip_inline_markup("| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\nLatin a|b 网贷😀逾期\u200b怎么办，被***了")
    assert text == "甲；乙\n• 1：2\nLatin a|b 网贷逾期怎么办，被了"
    masked = [c for c in changes if c.fix == "masked-word"]
    assert masked and not masked[0].applied, "a masked word is flagged for review"


def test_html_void_and_unclosed_elements_keep_the_text() -> None:
    text, changes = html_to_text("<html><head><title>标题<body><p>正文一</p><embed src=x><p>正文二</p>"
                                 "<script>alert(1)</script></body></html>")
    assert text == "正文一\n\n正文二\n"
    assert any(c.fix == "html-script" and "8 characters" in c.before for c in changes)


def test_alignment_when_every_boundary_is_a_continuation() -> None:
    paragraphs = ["先说起诉。", "此外还要看金额。", "此外协商也可以。", "此外征信会受影响。"]
    groups = align_to_outline(paragraphs, ["起诉", "协商", "征信"])
    assert len(groups) == 3 and all(groups) and sum(len(g) for g in groups) == 4


@pytest.mark.parametrize("text", ["网贷逾期怎么办", "甲乙丙丁戊己庚辛", "微信 借呗 花呗 征信 起诉" * 5,
                                  "abc", "。。。", "逾期" * 300])
def test_unlabeled_sections_get_no_made_up_question(text: str) -> None:
    """A section without a heading of its own is part of the answer: no question is made from its words
    (关于X和Y，应该怎么做？ read as questions no reader asks), whatever the text."""
    structure = segment("\n".join(f"{text}{n}。" for n in range(9)))
    assert all(section.question == "" for section in structure.sections if not section.heading)


def test_segment_survives_empty_and_plan_only_text() -> None:
    assert segment("").sections == ()
    only_plan = segment("本文讲三点：一、起诉；二、协商；三、征信。\n")
    assert only_plan.intro and "一、起诉" in only_plan.intro[0].text


HTML_ATTACK = (
    "<html><head><title>t<body onload=evil()><h1>被起诉了怎么办？</h1><p>一、核实传票</p>"
    "<p>通过法院官网核实。<a href='javascript:evil()' onclick='evil()'>点此</a>"
    "<a href=\"JaVaScRiPt:alert(1)\">再点</a><a href=\"&#106;avascript:alert(1)\">三点</a></p>"
    "<p>二、按时应诉</p><p>不要缺席开庭。<iframe src=x></iframe><svg onload=alert(1)><circle/></svg></p>"
    "<p>三、寻求法律援助</p><p>可以拨打法律援助热线。<img src=x onerror=alert(1)>"
    "<scr<script>ipt>alert(1)</script>&lt;script&gt;evil()&lt;/script&gt;</p>"
)
MARKDOWN_ATTACK = (
    "网贷逾期{{ config }}怎么办？\n---\ntitle: x\n---\n一、先冷静 {% raw %}\n"
    "不要慌。<img src=x onerror=alert(1)>点击[这里](javascript:alert(1))。\n"
    "二、再协商 {onclick=alert(1)}\n与平台沟通，保留证据。`code` *强调* # 井号 | 竖线 \"引号\" &amp;\n"
    "~~~\n!!! danger \"假标题\"\n<!-- 注释 -->[^1] *[HTML]: 缩写\n===\n...\n"
    "三、依法维权\n遇到暴力催收可以投诉。\n"
)


def _hostile_sources(root: Path) -> tuple[Path, dict[str, str]]:
    """Two seeds and every kind of hostile source; returns the folder and, for each hostile file that is
    skipped or salvaged, the start of the message that must name it."""
    sources = root / "sources"
    (sources / "sub" / "..dir").mkdir(parents=True)
    for name in SEED_NAMES[:2]:
        (sources / name).write_bytes((SOURCES / name).read_bytes())
    (sources / "a file with spaces 名字.txt").write_text(MARKDOWN_ATTACK, encoding="utf-8")
    (sources / "sub" / "..dir" / "page.html").write_text(HTML_ATTACK, encoding="utf-8")
    (sources / "..twodots.txt").write_text(ARTICLE.replace("被催收", "被起诉"), encoding="utf-8")
    (sources / "網貸逾期怎麼辦.txt").write_text(
        "網貸逾期怎麼辦？\n一、先確認債務\n逾期以後，先核對借款金額和利息。\n二、主動協商\n"
        "與平臺客服溝通還款方案。\n三、留存證據\n保存通話錄音和聊天記錄。\n", encoding="utf-8")
    (sources / "only-boilerplate.txt").write_text("精彩评论\n大家还看了：\n网贷逾期怎么办\n", encoding="utf-8")
    (sources / "search-listing.txt").write_text(
        "网贷逾期\n搜索结果：\n网贷逾期了怎么办？\n网贷逾期会坐牢吗？\n", encoding="utf-8")
    (sources / "nul-inside.txt").write_bytes(ARTICLE.encode() * 200 + b"\x00role:conclusion\n" + ARTICLE.encode())
    # One line of 300,000 characters (a sentence that ends: an unfinished one would be cut off).
    (sources / "long-line.txt").write_text("网贷逾期，" * 60_000 + "先冷静。\n", encoding="utf-8")
    (sources / "empty.txt").write_bytes(b"")
    (sources / "binary.bin").write_bytes(bytes(range(256)) * 64)
    (sources / "truncated.txt").write_bytes((ARTICLE + "记住：别慌").encode()[:-2])
    mixed = ARTICLE.split("\n")
    (sources / "mixed-encodings.txt").write_bytes(b"\n".join(
        line.encode("gb18030" if i in (2, 3) else "utf-8") for i, line in enumerate(mixed)).replace(
        "保留证据".encode(), "保留证据材料".encode()))
    (sources / "fifty-megabytes.txt").write_bytes("网贷逾期以后先冷静，再协商。\n".encode() * 1_209_303)
    (sources / "hundred-thousand-lines.txt").write_bytes("网贷逾期以后先冷静。\n".encode() * 100_000)
    (sources / "new\nline.txt").write_text(ARTICLE, encoding="utf-8")
    fd = os.open(os.fsencode(sources) + b"/bad-\xff-name.txt", os.O_CREAT | os.O_WRONLY)
    os.write(fd, ARTICLE.encode())
    os.close(fd)
    (sources / "link-to-passwd.txt").symlink_to("/etc/passwd")
    (sources / "linked-folder").symlink_to(SOURCES, target_is_directory=True)
    os.mkfifo(sources / "a-pipe")
    return sources, {
        "empty.txt": "empty file, skipped",
        "binary.bin": "binary file (not text), skipped",
        "nul-inside.txt": "binary file",
        "only-boilerplate.txt": "no answer text; removed: 2 furniture, skipped",
        "search-listing.txt": "a list of search results, not an article (搜索结果：",
        "fifty-megabytes.txt": "52.0 MB is over the 5 MB limit",
        "hundred-thousand-lines.txt": "100,001 lines is over the 2,000-line limit",
        "new\\nline.txt": "file name holds control characters",
        "bad-\\xff-name.txt": "file name is not valid UTF-8",
        "link-to-passwd.txt": "symbolic link, skipped",
        "linked-folder": "symbolic link, skipped",
        "a-pipe": "not a regular file",
        "truncated.txt": "the file ends inside a character (1 of its bytes",
        "mixed-encodings.txt": "mixed encodings: lines 3-4 read as GB18030",
    }


def test_hostile_sources_end_to_end(tmp_path: Path, ingested_docs: Path) -> None:
    sources, expected = _hostile_sources(tmp_path)
    docs = tmp_path / "docs"
    proc = subprocess.run([sys.executable, "-m", "faqkit.cli", "ingest", str(sources), "--docs", str(docs),
                           "--report", str(tmp_path / "report.txt"), "--quiet", "--date", "2026-01-01"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr  # some sources skipped, every other one ingested
    for name, message in expected.items():
        assert re.search(rf"^(warning|note): {re.escape(name)}: {re.escape(message)}", proc.stderr, re.M), \
            (name, proc.stderr)
    assert "12 of 21 sources skipped" in proc.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    published = sorted({s for page in report["pages"] for s in page["sources"]})  # a source may feed several
    assert published == sorted([*SEED_NAMES[:2], "a file with spaces 名字.txt", "long-line.txt",
                                "sub/..dir/page.html", "..twodots.txt", "網貸逾期怎麼辦.txt", "truncated.txt",
                                "mixed-encodings.txt"])
    assert "boilerplate/comments-header" in report["changes_by_kind"], "a skipped file's removals are counted"
    assert any(f["fix"] == "mixed-encoding" for f in report["flags"]), "the mixed file is flagged for review"
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        # Markup from a source reaches a page only as escaped, inert text (`\\<!--`, `ipt\\>alert(1)`).
        assert not re.search(r"(?<!\\)<[a-zA-Z/!]|javascript:|\{\{|\{%|\{on|^~~~|^!!! danger", text,
                             re.I | re.M), page
    # Nothing else is lost: the seeds' pages are what they are without the hostile files around them,
    # but for the links to related questions, which the hostile files' pages may now answer.
    for seed_page in ingested_docs.rglob("*.md"):
        meta, body = read_page(seed_page)
        if {s["file"] for s in meta.get("sources", [])} & set(SEED_NAMES[:2]):
            rel = seed_page.relative_to(ingested_docs)
            here_meta, here_body = read_page(docs / rel)
            assert _without_related(here_meta, here_body) == _without_related(meta, body), rel
    traditional_page = next(p for p in report["pages"] if "網貸逾期怎麼辦.txt" in p["sources"])
    assert "网贷" in (docs / traditional_page["path"]).read_text(encoding="utf-8")

    site = tmp_path / "site"
    build_site(ROOT, docs, site, build_dir=tmp_path / "build")
    for html_file in site.rglob("*.html"):
        scripts, attributes = _active_content(html_file.read_text(encoding="utf-8"))
        assert not [a for a in attributes if a[0].startswith("on")], html_file
        assert not [a for a in attributes if a[0] == "src" and a[1] == "x"], html_file
        loads = [value for name, value in attributes if name in _URL_OR_CODE_ATTRIBUTES]
        for code in [*scripts, *loads]:
            assert not re.search(r"alert\(|evil\(|javascript:", code, re.I), (html_file, code[:80])


def _without_related(meta: dict, body: str) -> tuple[dict, str]:
    meta = {k: v for k, v in meta.items() if k not in ("related", "generated_hash", "last_reviewed")}
    return meta, body.split(f"## {RELATED_HEADING}")[0]


_URL_OR_CODE_ATTRIBUTES = {"href", "src", "action", "formaction", "srcdoc", "data", "xlink:href", "style"}


class _ActiveContent(HTMLParser):
    """What a browser would run or load: the text of <script> elements and every attribute."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self.structured_data: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self._in_script = self._in_data = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [(name.lower(), value or "") for name, value in attrs]
        # Structured data (JSON-LD) is never run; it is checked as data by the caller.
        self._in_script = tag == "script" and dict(attrs).get("type") != "application/ld+json"
        self._in_data = tag == "script" and not self._in_script

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_data = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)
        elif self._in_data:
            self.structured_data.append(data)


def _active_content(html: str) -> tuple[list[str], list[tuple[str, str]]]:
    parser = _ActiveContent()
    parser.feed(html)
    for data in parser.structured_data:
        # Source text may reach JSON-LD as words, but it can never close the element or become markup.
        assert "<" not in data and ">" not in data, data[:80]
        json.loads(data)
    return parser.scripts, parser.attributes


def test_truncated_and_mixed_sources_are_salvaged_and_said(tmp_path: Path) -> None:
    cut = tmp_path / "cut.txt"
    cut.write_bytes("网贷逾期".encode()[:-1])
    found = read_source(cut, "cut.txt")
    assert isinstance(found, SourceText) and found.text == "网贷逾"
    assert [(c.kind, c.fix, c.applied) for c in found.changes] == [("read", "truncated-character", True)]
    # A fault inside the text is not a cut: nothing is guessed.
    inside = tmp_path / "inside.txt"
    inside.write_bytes("网贷".encode()[:-1] + "逾期".encode() * 20)
    assert isinstance(read_source(inside, "inside.txt"), Problem)
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("第一行是统一码\n".encode() + "第二行是国标码，协商还款\n".encode("gb18030") + "第三行".encode())
    found = read_source(mixed, "mixed.txt")
    assert isinstance(found, SourceText)
    assert found.text == "第一行是统一码\n第二行是国标码，协商还款\n第三行"
    assert found.changes[0].fix == "mixed-encoding" and not found.changes[0].applied
    assert "line 2 read as GB18030" in found.changes[0].before


def test_ingest_exit_codes(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / SEED_NAMES[0]).write_bytes((SOURCES / SEED_NAMES[0]).read_bytes())

    def ingest(docs: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "faqkit.cli", "ingest", str(sources), "--docs", str(docs),
                               "--report", str(tmp_path / "report.txt"), "--quiet"], capture_output=True, text=True)

    assert ingest(tmp_path / "docs").returncode == 0
    (tmp_path / "a-file").write_text("x")
    blocked = ingest(tmp_path / "a-file" / "docs")
    assert blocked.returncode == 2 and "cannot write" in blocked.stderr and "Traceback" not in blocked.stderr


def test_dedup_keeps_unreadable_files_apart(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.bin").write_bytes(b"\x00\x01" * 100)
    (tmp_path / "seed.txt").write_bytes((SOURCES / SEED_NAMES[0]).read_bytes())
    out = subprocess.run([sys.executable, "-m", "faqkit.cli", "dedup", str(tmp_path), "--json"],
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == {"clusters": [["binary.bin"], ["empty.txt"], ["seed.txt"]]}


def test_reingest_keeps_names_stable_when_a_source_is_added(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in SEED_NAMES:
        (sources / name).write_bytes((SOURCES / name).read_bytes())
    first = pipeline.ingest(sources, tmp_path / "docs", progress=False)
    (sources / "000_extra.txt").write_text(ARTICLE, encoding="utf-8")
    second = pipeline.ingest(sources, tmp_path / "docs", progress=False)
    assert {p.path for p in first.pages} <= {p.path for p in second.pages}
    assert second.removed == []


def test_a_republished_copy_that_leads_its_cluster_does_not_move_the_page(tmp_path: Path) -> None:
    """Readers and search engines link to a page: a farm's copy of seed 000 under another title, a little
    longer (so it now leads the cluster), leaves the page where it was."""
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in SEED_NAMES:
        (sources / name).write_bytes((SOURCES / name).read_bytes())
    first = pipeline.ingest(sources, tmp_path / "docs", progress=False)
    seed = (SOURCES / SEED_NAMES[0]).read_text(encoding="utf-8")
    copy = ("小貸逾期後有人加微信說要訴前調解怎么辦?\n" + seed.split("\n", 1)[1]
            + "\n特別提醒:法院不會通過微信添加當事人,收到這類消息先打法院公開電話覈實。\n")
    (sources / "zz_republished.txt").write_text(copy, encoding="utf-8")
    second = pipeline.ingest(sources, tmp_path / "docs", progress=False)
    page = next(p for p in second.pages if any(name == "zz_republished.txt" for name, _ in p.sources))
    assert page.title == "小贷逾期后有人加微信说要诉前调解怎么办？", "the copy leads its cluster now"
    assert {p.path for p in first.pages} == {p.path for p in second.pages}
    assert second.removed == []


def test_a_page_keeps_only_the_name_it_was_given_after_one_of_its_own_articles() -> None:
    """A source is also cited by every page that merged one of its answers: the old path a page keeps is
    the one named after one of its own articles, never such a page's."""
    from faqkit.ingest import process
    from faqkit.ingest.read import decode_source
    from faqkit.organize.facts import slug_for
    from faqkit.organize.pages import _previous_path

    seed = process(decode_source(SEED_NAMES[0], (SOURCES / SEED_NAMES[0]).read_bytes()))
    copy = replace(seed, name="zz_copy.txt", title="小贷逾期后有人加微信说要诉前调解怎么办？")
    own = f"mediation-litigation/{slug_for(seed.title)}.md"
    elsewhere = "mediation-litigation/weilidai-shibushi-yuqi-beiqisu.md"  # merged one of its answers
    new = f"mediation-litigation/{slug_for(copy.title)}.md"
    previous = {seed.name: (elsewhere, own)}
    assert _previous_path(new, copy, [seed, copy], previous, "mediation-litigation", set()) == own
    assert _previous_path(new, copy, [seed, copy], previous, "mediation-litigation", {own}) is None
    assert _previous_path(own, seed, [seed, copy], previous, "mediation-litigation", set()) is None  # its own
    assert _previous_path(new, copy, [seed, copy], {seed.name: (elsewhere,)}, "mediation-litigation", set()) is None


def test_where_each_source_was_is_read_back_from_the_pages_for_any_file_name(tmp_path: Path) -> None:
    names = ["000_a.txt", "a: b.txt", "#hash.txt", "'quote'.txt", "空 格.txt", "- dash.txt", 'x"y.txt', " lead.txt"]
    meta = {"title": "网贷逾期怎么办？", "sources": [{"file": n, "sha256": "0" * 64} for n in names]}
    (tmp_path / "overdue").mkdir()
    (tmp_path / "overdue" / "page.md").write_text(render.front_matter(meta) + "# 网贷逾期怎么办？\n", encoding="utf-8")
    (tmp_path / "overdue" / "index.md").write_text(render.front_matter(meta), encoding="utf-8")  # not a page
    assert previous_paths(tmp_path) == dict.fromkeys(names, ("overdue/page.md",))


def test_build_names_the_broken_page(docs_copy: Path, tmp_path: Path) -> None:
    page = next(p for p in sorted(docs_copy.rglob("*.md")) if p.name != "index.md")
    page.write_text(page.read_text(encoding="utf-8") + "\n[坏链接](nowhere.md)\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "faqkit.cli", "build", "--root", str(ROOT), "--docs",
                           str(docs_copy), "--site", str(tmp_path / "site")], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "faqkit build failed" in proc.stderr and "nowhere.md" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_source_that_opens_with_front_matter_is_titled_by_it(tmp_path: Path) -> None:
    """A Markdown source's front matter is metadata: never the title or text of a page, never parsed
    (aliases can expand without bound); its plain title is the headline."""
    body = (SOURCES / SEED_NAMES[4]).read_text(encoding="utf-8").split("\n", 1)[1]
    sources = tmp_path / "sources"
    sources.mkdir()
    bomb = "a: &a [\"x\", \"x\", \"x\"]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n"
    (sources / "with-bomb.md").write_text("---\n" + bomb + "---\n" + body, encoding="utf-8")
    (sources / "with-title.md").write_text("---\ntitle: '收到网贷催收短信应该怎样应对？'\nlayout: post\n---\n"
                                           "收到网贷催收短信应该怎样应对？\n" + body.replace("网贷", "小额贷款"),
                                           encoding="utf-8")
    result = pipeline.ingest(sources, tmp_path / "docs", today="2026-01-01", progress=False)
    titles = {page.title for page in result.pages}
    assert "收到网贷催收短信应该怎样应对？" in titles
    for path in (tmp_path / "docs").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        assert "&a" not in text and "*b" not in text and "layout" not in text, path
    assert result.change_counts["markup/front-matter"] == 2
