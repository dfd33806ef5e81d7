"""Hostile and malformed sources: nothing they carry may reach a page as markup, script or garbage,
and none of them may stop the others from being ingested."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from faqkit import pipeline
from faqkit.markup import html_to_text, strip_inline_markup
from faqkit.render import escape_markdown, plain
from faqkit.segment import align_to_outline, key_clause_question, segment
from faqkit.site import build_site
from tests.conftest import ROOT, SEED_NAMES, SOURCES

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
    assert text == "甲；乙\n\n1；2\nLatin a|b 网贷逾期怎么办，被了"
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
def test_unlabeled_sections_are_named_without_crashing(text: str) -> None:
    question = key_clause_question([text, text[::-1]], text * 3)
    assert question.endswith("？")


def test_segment_survives_empty_and_plan_only_text() -> None:
    assert segment("").sections == ()
    only_plan = segment("本文讲三点：一、起诉；二、协商；三、征信。\n")
    assert only_plan.intro and "一、起诉" in only_plan.intro[0].text


def _hostile_sources(root: Path) -> Path:
    sources = root / "sources"
    (sources / "sub" / "..dir").mkdir(parents=True)
    for name in SEED_NAMES[:2]:
        (sources / name).write_bytes((SOURCES / name).read_bytes())
    (sources / "a file with spaces 名字.txt").write_text(
        "网贷逾期{{ config }}怎么办？\n---\ntitle: x\n---\n一、先冷静 {% raw %}\n"
        "不要慌。<img src=x onerror=alert(1)>点击[这里](javascript:alert(1))。\n"
        "二、再协商 {onclick=alert(1)}\n与平台沟通，保留证据。`code` *强调* # 井号 | 竖线 \"引号\" &amp;\n"
        "三、依法维权\n遇到暴力催收可以投诉。\n", encoding="utf-8")
    (sources / "sub" / "..dir" / "page.html").write_text(
        "<html><head><title>t<body onload=evil()><h1>被起诉了怎么办？</h1><p>一、核实传票</p>"
        "<p>通过法院官网核实。<a href='javascript:evil()' onclick='evil()'>点此</a></p>"
        "<p>二、按时应诉</p><p>不要缺席开庭。<iframe src=x></iframe></p><p>三、寻求法律援助</p>"
        "<p>可以拨打法律援助热线。</p>", encoding="utf-8")
    (sources / "only-boilerplate.txt").write_text("精彩评论\n大家还看了：\n网贷逾期怎么办\n", encoding="utf-8")
    (sources / "nul-inside.txt").write_bytes(ARTICLE.encode() * 200 + b"\x00role:conclusion\n" + ARTICLE.encode())
    (sources / "long-line.txt").write_text("网贷逾期，" * 60_000 + "\n", encoding="utf-8")
    return sources


def test_hostile_sources_end_to_end(tmp_path: Path) -> None:
    sources = _hostile_sources(tmp_path)
    docs = tmp_path / "docs"
    proc = subprocess.run([sys.executable, "-m", "faqkit.cli", "ingest", str(sources), "--docs", str(docs),
                           "--report", str(tmp_path / "report.txt"), "--quiet"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "warning: only-boilerplate.txt: nothing but furniture" in proc.stderr
    assert "warning: nul-inside.txt: binary file" in proc.stderr
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    published = sorted(s for page in report["pages"] for s in page["sources"])
    assert published == sorted([*SEED_NAMES[:2], "a file with spaces 名字.txt", "long-line.txt",
                                "sub/..dir/page.html"])
    assert "boilerplate/comments-header" in report["changes_by_kind"], "a skipped file's removals are counted"
    for page in docs.rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"<[a-zA-Z/]|javascript:|\{\{|\{%|\{on|alert\(|evil\(", text), page

    site = tmp_path / "site"
    build_site(ROOT, docs, site, build_dir=tmp_path / "build")
    for html_file in site.rglob("*.html"):
        html = html_file.read_text(encoding="utf-8")
        assert not re.search(r"\son(click|error|load|mouseover)=|javascript:|<iframe|<img src=x", html, re.I), html_file
        assert "alert(" not in html and "evil(" not in html, html_file


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


def test_build_names_the_broken_page(docs_copy: Path, tmp_path: Path) -> None:
    page = next(p for p in sorted(docs_copy.rglob("*.md")) if p.name != "index.md")
    page.write_text(page.read_text(encoding="utf-8") + "\n[坏链接](nowhere.md)\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "faqkit.cli", "build", "--root", str(ROOT), "--docs",
                           str(docs_copy), "--site", str(tmp_path / "site")], capture_output=True, text=True)
    assert proc.returncode == 1
    assert "faqkit build failed" in proc.stderr and "nowhere.md" in proc.stderr
    assert "Traceback" not in proc.stderr
