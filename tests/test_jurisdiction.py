"""Stage ``jurisdiction``: mainland, Taiwan, Hong Kong or general, from the evidence weighed, never one
word; the terms found are in the Change for the report.

The articles below are written for these tests (none is taken from a source), one in the style of each
case the stage must get right. Every threshold of data/jurisdiction.yaml is held at its edge.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from faqkit import pipeline
from faqkit.core.script import to_simplified
from faqkit.ingest import jurisdiction
from faqkit.publish import report

TAIWAN_NEGOTIATION = """在台湾，卡债族如果无力清偿，依照消费者债务清理条例，应该先向最大债权银行申请前置协商。
协商不成立的，可以向地方法院声请更生或清算，声请费是新台币一千元。
协商期间的纪录会留在联征中心。"""

HONG_KONG_IVA = """在香港欠下卡数无力偿还，可以考虑个人自愿安排（IVA）。
方案要经债权人会议通过，供款期一般五年，完成后余下的债务可以豁免。
申请的纪录会留在环联（TU）的信贷报告上。"""

MAINLAND_MENTIONS_TAIWAN = """根据民法典和最高人民法院的规定，网贷利率超过LPR四倍的部分不受法律保护。
收到人民法院的传票要按时应诉，不要缺席。
逾期记录会报送人民银行征信中心，结清五年后消除。
台湾的做法与此不同，本文不作讨论。"""

COMPARISON = """大陆和台湾处理卡债的方式很不一样。
大陆没有个人破产制度，逾期后一般与银行协商个性化分期，征信上的不良记录结清五年后消除。
台湾则有消费者债务清理条例，可以申请前置协商，协商不成再声请更生或清算。"""

GENERAL = """逾期以后，先不要慌，也不要逃避。
主动联系借钱给你的机构，说明收入减少的情况，争取延期或者分期还款。
保留好通话录音和短信，遇到威胁恐吓可以报警。"""


def detected(text: str) -> str:
    return jurisdiction.detect(text)[0]


@pytest.mark.parametrize(("text", "expected"), [
    (TAIWAN_NEGOTIATION, "taiwan"),
    (HONG_KONG_IVA, "hongkong"),
    (MAINLAND_MENTIONS_TAIWAN, "mainland"),
    (COMPARISON, "general"),
    (GENERAL, "general"),
])
def test_each_kind_of_article(text: str, expected: str) -> None:
    found, change = jurisdiction.detect(text)
    assert found == expected, change.after
    assert (change.kind, change.fix) == ("jurisdiction", expected)


def test_the_evidence_is_in_the_change() -> None:
    _, change = jurisdiction.detect(MAINLAND_MENTIONS_TAIWAN)
    assert change.after == "mainland: mainland 19, taiwan 2"
    assert change.before.startswith("mainland 民法典×1, 最高人民法院×1") and change.before.endswith("; taiwan 台湾×1")
    _, change = jurisdiction.detect(COMPARISON)
    assert change.after.startswith("general: compares taiwan and mainland")


def test_the_longest_term_counts() -> None:
    # 征信 inside Taiwan's 金融联合征信中心 is not the mainland's 征信.
    assert jurisdiction.evidence("请向金融联合征信中心申请信用报告。").keys() == {"taiwan"}
    # A word Taiwan and Hong Kong share counts for both.
    shared = jurisdiction.evidence("帐单")
    assert shared.keys() == {"taiwan", "hongkong"}


# ------------------------------------------------------------------------- thresholds, at their edges

def test_min_score_edge() -> None:
    # min_score 3: one weight-2 term (台北) is not enough, one weight-3 term (新台币) is.
    assert detected("借款人住在台北。") == "general"
    assert detected("借款金额是新台币十万元。") == "taiwan"


def test_min_term_weight_edge() -> None:
    # min_term_weight 2: regional vocabulary alone (网贷, 微信: weight 1) never decides, however often.
    vocabulary = "网贷逾期了，催收让我加微信。网贷平台天天打电话。网贷的钱还不上。"
    assert detected(vocabulary) == "general"
    assert detected(vocabulary + "后来去了派出所，又打了12315。") == "mainland"


def test_cap_edge() -> None:
    # cap 3: one term counts three times at most; a second term of the same jurisdiction counts again.
    found = jurisdiction.evidence("声请" * 10)["taiwan"]
    assert found.score(jurisdiction.load_rules().cap) == 6


def test_compare_ratio_edge() -> None:
    # compare_ratio 0.5: the runner-up at half the winner's weight makes a comparison.
    half = "新台币，前置协商。人民法院。"  # taiwan 6, mainland 3
    under = "新台币，前置协商，台北。人民法院。"  # taiwan 8, mainland 3
    assert jurisdiction.detect(half)[1].after == "general: compares taiwan and mainland (taiwan 6, mainland 3)"
    assert detected(under) == "taiwan"


def test_compare_cues() -> None:
    # 两岸 sets the two side by side: a second jurisdiction with min_score is enough then.
    text = "新台币，前置协商，更生，台北。人民法院。"  # taiwan 11, mainland 3
    assert detected(text) == "taiwan"
    assert detected("两岸对比：" + text) == "general"
    assert detected("两岸对比：新台币，前置协商，更生，台北。台北。") == "taiwan"  # no second jurisdiction


def test_the_report_lists_every_article_with_its_evidence(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "hk.txt").write_text("香港卡数还不上怎么办？\n\n" + HONG_KONG_IVA + "\n", encoding="utf-8")
    (sources / "tw.txt").write_text("卡债前置协商怎么申请？\n\n" + TAIWAN_NEGOTIATION + "\n", encoding="utf-8")
    result = pipeline.ingest(sources, tmp_path / "docs", today="2026-01-01", progress=False)
    data = report.report_data(result)
    assert [(j["file"], j["jurisdiction"]) for j in data["jurisdictions"]] == [("hk.txt", "hongkong"),
                                                                             ("tw.txt", "taiwan")]
    assert "个人自愿安排×1" in data["jurisdictions"][0]["evidence"]
    text = report.report_text(data)
    assert "jurisdiction:       1 hongkong, 1 taiwan" in text
    assert "  - tw.txt: taiwan: taiwan 31 <- taiwan 卡债×2, 前置协商×2, 声请×2" in text


def test_a_term_is_looked_for_only_in_a_text_that_holds_its_characters() -> None:
    """The speed-up is exact: the evidence found is what searching every term finds."""
    def term(pattern: str) -> jurisdiction.Term:
        return jurisdiction.Term("mainland", 1, re.compile(pattern, re.I))

    assert term("人民法院").needs == set("人民法院")
    assert term(r"(?<!\d)12378(?!\d)").needs == set("12378"), "lookarounds only narrow the match"
    assert term("LPR").needs == set(), "a letter may be found in either case"
    assert term("京东(白条|金条)").needs == set("京东"), "the words a match holds whatever its branch"
    assert term("(白条|金条)").needs == {"条"}
    assert term("[一二]线财务?").needs == set("线财"), "an optional character is not needed"
    rules = jurisdiction.load_rules()
    every_term = replace(rules, needs=tuple(frozenset() for _ in rules.terms))
    for text in (TAIWAN_NEGOTIATION, HONG_KONG_IVA, MAINLAND_MENTIONS_TAIWAN, COMPARISON, GENERAL,
                 "打12378投诉，或者拨打12321、12315；不是123780。", "消费者债务清偿条例和更生、京东白条、Iva"):
        assert jurisdiction.evidence(text, rules) == jurisdiction.evidence(text, every_term), text
    assert jurisdiction.evidence("打12378投诉", rules)["mainland"].counts == {"12378": 1}


def test_an_article_written_in_traditional_is_not_the_mainlands_though_it_names_no_law(tmp_path: Path) -> None:
    """The script rules a jurisdiction out, never in: a general article written in Traditional stays
    general (no page calls it Taiwan's on its script alone) but is not for the mainland, and the report
    says why; one that names mainland law is mainland whatever its script; Simplified rules nothing out."""
    from faqkit.ingest import process
    from faqkit.ingest.read import SourceText

    def read(text: str):
        return process(SourceText("a.txt", "a.txt", text, "utf-8", is_html=False))

    plain = "被催收騷擾怎麼辦？\n先保留通話錄音和簡訊，記下對方的姓名和時間。\n不要在壓力下答應無法負擔的還款金額。\n"
    hant = read(plain)
    assert (hant.jurisdiction, hant.not_for) == ("general", ("mainland",))
    change = next(c for c in hant.changes if c.kind == "jurisdiction")
    assert change.after.endswith("written in Hant: not for mainland")
    named = read(plain + "可以向人民法院起訴，或撥打12378投訴。\n")
    assert (named.jurisdiction, named.not_for) == ("mainland", ())
    hans = read(to_simplified(plain))
    assert (hans.jurisdiction, hans.not_for) == ("general", ())
    assert jurisdiction.ruled_out("taiwan", "Hant") == () and jurisdiction.ruled_out("general", "Hans") == ()


def test_a_traditional_article_whose_words_are_the_mainlands_is_not_ruled_out_for_the_mainland() -> None:
    """A mainland content farm's page served in Traditional names no law, yet speaks of 网贷 and 微信: its
    words are the mainland's more than any other's, so the script does not rule the mainland out. At the
    edge, one Taiwan word (簡訊) as heavy as one mainland word leaves the script's word standing."""
    from faqkit.ingest import process
    from faqkit.ingest.read import SourceText

    def read(text: str):
        return process(SourceText("a.txt", "a.txt", text, "utf-8", is_html=False))

    mainland_words = "催收會上門嗎？\n網貸逾期以後，平台一般先打電話提醒，很少真的上門。\n"
    assert (read(mainland_words).jurisdiction, read(mainland_words).not_for) == ("general", ())
    tied = mainland_words + "收到簡訊也不要慌張，先確認對方的身分。\n"
    assert read(tied).not_for == ("mainland",)
    assert jurisdiction.ruled_out("general", "Hant", jurisdiction.evidence(to_simplified(mainland_words))) == ()
    assert jurisdiction.ruled_out("general", "Hant") == ("mainland",), "no evidence given: the script's word alone"
