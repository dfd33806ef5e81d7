"""Simplified -> Taiwan Traditional (faqkit.core.script, faqkit.core.markdown) and the zh-Hant page and config
conversion (faqkit.site.hant)."""

from __future__ import annotations

from pathlib import Path

import opencc
import pytest
from pymdownx.slugs import slugify

from faqkit.core.markdown import markdown_to_traditional, script_neutral_slugify, split_front_matter
from faqkit.core.script import (
    hant_overrides,
    simplified_only_characters,
    taiwan_to_simplified,
    to_traditional,
)
from faqkit.site.hant import page_to_traditional, traditional_config
from faqkit.site.hooks import front_matter_title

PLAIN_S2TW = opencc.OpenCC("s2tw")


@pytest.mark.parametrize(("phrase", "fixed"), sorted(hant_overrides().items()))
def test_every_override_fixes_what_plain_s2tw_gets_wrong(phrase: str, fixed: str) -> None:
    assert PLAIN_S2TW.convert(phrase) != fixed, f"{phrase}: s2tw already gives {fixed}, drop the entry"
    assert to_traditional(phrase) == fixed


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        # Real sentence from sources/000: s2tw alone writes 情況下籤署.
        ("可能在不知情的情况下签署了不利于自己的合同", "可能在不知情的情況下簽署了不利於自己的合同"),
        ("在胁迫下签订的借款合同", "在脅迫下簽訂的借款合同"),
        ("催你马上面签", "催你馬上面簽"),
        ("合同里约定的利率", "合同裡約定的利率"),
        ("为了解到真实情况", "為了解到真實情況"),
        ("已还的款项应当冲抵欠款", "已還的款項應當沖抵欠款"),
        ("不要向个人账户转账", "不要向個人帳戶轉帳"),
        # What s2tw already gets right, and must stay right around the overrides.
        ("借据上写明后续还款", "借據上寫明後續還款"),
        ("干扰正常生活的暴力催收", "干擾正常生活的暴力催收"),
        ("只要按时还款，系统不会复议", "只要按時還款，系統不會複議"),
        ("联系平台的台湾客服", "聯繫平臺的臺灣客服"),
        ("面对头发里的问题", "面對頭髮裡的問題"),
        ("制定准确的还款计划", "制定準確的還款計劃"),
    ],
)
def test_to_traditional_in_loan_and_legal_sentences(simplified: str, traditional: str) -> None:
    assert to_traditional(simplified) == traditional


def test_overrides_can_be_passed_in() -> None:
    assert to_traditional("情况下签署", overrides={}) == PLAIN_S2TW.convert("情况下签署")
    assert to_traditional("情况下签署", overrides={"签署": "簽署"}) == "情況下簽署"


def test_markdown_conversion_keeps_urls_file_names_anchors_and_code() -> None:
    source = (
        '详见[如何核实](../collection/核实.md#如何核实催款信息 "核实说明")。\n'
        "![截图](images/截图.png)\n"
        '<a href="https://例子.中国/查询?词=发">链接文字</a> <https://example.com/资料>\n'
        "运行 `faqkit build --docs 文档` 命令\n"
        "```text\n这里是代码\n```\n"
        "## 什么是诉前调解？ {#诉前调解 .重点}\n"
        "[参考资料][资料一]\n\n"
        '[资料一]: https://example.com/资料 "资料标题"\n'
        "<!-- 注释里的内容 -->\n"
    )
    converted = markdown_to_traditional(source)
    for kept in (
        "../collection/核实.md#如何核实催款信息",
        "images/截图.png",
        'href="https://例子.中国/查询?词=发"',
        "<https://example.com/资料>",
        "`faqkit build --docs 文档`",
        "这里是代码",
        "{#诉前调解 .重点}",
        "[资料一]",
        "https://example.com/资料",
        "<!-- 注释里的内容 -->",
    ):
        assert kept in converted, kept
    for prose in (
        "詳見[如何核實]",
        '"核實說明"',
        "![截圖]",
        "鏈接文字",
        "運行",
        "## 什麼是訴前調解？",
        '"資料標題"',
    ):
        assert prose in converted, prose


def test_page_conversion_converts_prose_front_matter_only() -> None:
    page = (
        "---\n"
        "title: 小贷逾期有人加微信说是诉前调解，该怎么办？\n"
        "description: 先核实对方身份。\n"
        "category: mediation-litigation\n"
        "tags: [诉前调解, 微信]\n"
        "questions:\n- {question: 什么是诉前调解？, anchor: 什么是诉前调解, answer: 诉前调解是法院立案前的调解。}\n"
        "related:\n- {title: 被起诉了怎么办？, path: mediation-litigation/beiqisu.md, anchor: 收到传票后怎么办}\n"
        "sources:\n- file: 000_fa64569ff3b9d587.txt\n  sha256: ba4eb1f4\n"
        "last_reviewed: '2026-01-01'\n"
        "generated_hash: af854f866a9b0a1a\n"
        "---\n\n# 小贷逾期有人加微信说是诉前调解，该怎么办？\n"
    )
    meta, body = split_front_matter(page_to_traditional(page))
    assert meta == {
        "title": "小貸逾期有人加微信說是訴前調解，該怎麼辦？",
        "description": "先核實對方身份。",
        "category": "mediation-litigation",
        "tags": ["訴前調解", "微信"],
        # Prose converted; anchors (script-neutral slugs) and paths never.
        "questions": [{"question": "什麼是訴前調解？", "anchor": "什么是诉前调解",
                       "answer": "訴前調解是法院立案前的調解。"}],
        "related": [{"title": "被起訴了怎麼辦？", "path": "mediation-litigation/beiqisu.md",
                     "anchor": "收到传票后怎么办"}],
        "sources": [{"file": "000_fa64569ff3b9d587.txt", "sha256": "ba4eb1f4"}],
        "last_reviewed": "2026-01-01",
        "generated_hash": "af854f866a9b0a1a",
    }
    assert body.strip() == "# 小貸逾期有人加微信說是訴前調解，該怎麼辦？"


@pytest.mark.parametrize(
    "heading",
    ["什么是诉前调解？", "怎样判断微信上的“诉前调解”是不是骗局？", "逾期后多久会被起诉", "收到传票后怎么办"],
)
def test_heading_slug_is_the_same_in_both_scripts(heading: str) -> None:
    # On Simplified headings it is pymdownx's plain Unicode slug.
    simplified_slug = script_neutral_slugify(heading, "-")
    assert simplified_slug == slugify(case="lower")(heading, "-")
    assert simplified_slug == script_neutral_slugify(to_traditional(heading), "-")


def test_to_simplified_round_trip() -> None:
    assert taiwan_to_simplified("網貸逾期後怎麼辦") == "网贷逾期后怎么办"


def test_simplified_only_characters_are_not_ambiguous() -> None:
    characters = simplified_only_characters()
    assert set("这说时对么网贷") <= characters
    assert not set("干后里台群系只面") & characters  # also correct Traditional


def test_front_matter_title_labels_sections() -> None:
    assert front_matter_title("---\ntitle: 调解与诉讼\ncategory: x\n---\n\n# 调解与诉讼\n") == "调解与诉讼"
    assert front_matter_title("# no front matter\n") is None


def test_derived_config_overrides_only_what_differs(tmp_path: Path) -> None:
    parent = {
        "site_name": "逾期应对指南",
        "theme": {"name": "material", "custom_dir": "overrides", "language": "zh-Hans"},
        "hooks": ["scripts/faqkit/site/hooks.py"],
        "plugins": [{"search": {"separator": "x"}}, "tags"],
        "extra": {"ui": {"sources": "来源"}, "script_variants": [{"name": "简体中文"}], "alternate": True},
    }
    child = traditional_config(parent, tmp_path, tmp_path / "site" / "zh-Hant")
    assert child["site_name"] == "逾期應對指南"
    assert child["theme"] == {"language": "zh-Hant", "custom_dir": str(tmp_path / "overrides")}
    assert child["hooks"] == [str(tmp_path / "scripts/faqkit/site/hooks.py")]
    assert "plugins" not in child  # inherited as they are
    assert child["extra"] == {"ui": {"sources": "來源"}, "script_variants": [{"name": "簡體中文"}], "alternate": True,
                              "search_index_converted": True}
    assert "site_url" not in child
    parent["site_url"] = "https://example.github.io/faq"
    assert (
        traditional_config(parent, tmp_path, tmp_path)["site_url"] == "https://example.github.io/faq/zh-Hant/"
    )

