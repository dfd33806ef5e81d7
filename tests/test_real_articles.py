"""What real third-party articles bring that the seeds did not (issue 13, the ingest stages): furniture
around the headline, chrome in the text, excerpts cut off mid-sentence, the Markdown of real pages, and
excerpts with no answer in them. Every case is written for this file, in the shape the class takes on
real pages; each runs the real stage functions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from faqkit import pipeline
from faqkit.ingest.markup import LIST_BULLET, strip_inline_markup


def _fixes(changes) -> set[str]:
    return {f"{c.kind}/{c.fix}" for c in changes}


# -------------------------------------------------------------------------------- Markdown of real pages

def test_every_kind_of_list_marker_becomes_one_list_item() -> None:
    text, changes = strip_inline_markup("\n".join([
        "• 录音：保存通话录音", "· 截图：保存短信", "● 记录：写下时间", "▪ 证人：请同事作证", "- 报警：拨打110",
        "* 投诉：向监管部门", "? 核实：先查官网", "  • 2. 第二步", "•", "① 第一项", "▶ 套路：冒充法院"]))
    assert text.split("\n") == [
        f"{LIST_BULLET}录音：保存通话录音", f"{LIST_BULLET}截图：保存短信", f"{LIST_BULLET}记录：写下时间",
        f"{LIST_BULLET}证人：请同事作证", f"{LIST_BULLET}报警：拨打110", f"{LIST_BULLET}投诉：向监管部门",
        f"{LIST_BULLET}核实：先查官网", "2. 第二步", "1. 第一项", f"{LIST_BULLET}套路：冒充法院"]
    assert "markup/list-item-empty" in _fixes(changes)


@pytest.mark.parametrize(("source", "expected"), [
    ("**重点**：先核实", "重点：先核实"),
    ("**没有收尾的粗体", "没有收尾的粗体"),
    ("被***了", "被了"),  # a masked word still goes (flagged), not read as bold
    (":::\n正文\n:::", "\n正文\n"),
    ("> 建议先报警", "建议先报警"),
    ("【法律依据】", "法律依据"),
    ("二、【核实真实性】", "二、核实真实性"),
    ("一收集证据\n先录音。\n二投诉渠道\n再投诉。", "一、收集证据\n先录音。\n二、投诉渠道\n再投诉。"),
    ("一般来说要冷静\n二线城市也一样", "一般来说要冷静\n二线城市也一样"),
])
def test_emphasis_containers_quotes_and_heading_marks_become_plain_text(source: str, expected: str) -> None:
    assert strip_inline_markup(source)[0] == expected


def test_a_table_without_outer_pipes_becomes_a_header_line_and_labelled_items() -> None:
    text, _ = strip_inline_markup("项目 | 正规渠道 | 收费机构 |\n---|---|---|\n费用 | 免费 | 高额 |\n"
                                  "时间 | 20天 | 不确定 |")
    assert text == f"项目；正规渠道；收费机构\n{LIST_BULLET}费用：免费；高额\n{LIST_BULLET}时间：20天；不确定"
    assert strip_inline_markup("信用卡协商|注意事项")[0] == "信用卡协商|注意事项", "a title and its site"


def test_list_items_of_a_real_page_are_markdown_list_items(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "list.txt").write_text(
        "收到催收电话怎么办\n遇到催收，先做好这几件事：\n  • **录音截图**：保存通话录音和短信截图。\n"
        "  • **记录信息**：写下来电时间和号码。\n  - 核实身份：要求对方说明所属公司。\n"
        "如果对方威胁恐吓，可以直接报警。\n", encoding="utf-8")
    docs = tmp_path / "docs"
    pipeline.ingest(sources, docs, today="2026-01-01", progress=False)
    page = next(p for p in docs.rglob("*.md") if "list.txt" in p.read_text(encoding="utf-8"))
    body = page.read_text(encoding="utf-8")
    assert "- **录音截图**：保存通话录音和短信截图。" in body
    assert "- **核实身份**：要求对方说明所属公司。" in body
    assert "•" not in body and "\\-" not in body and "**•" not in body
