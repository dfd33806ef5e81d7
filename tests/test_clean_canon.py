"""Stages canon and clean: one script, full-width punctuation, no furniture, no personal data."""

from __future__ import annotations

import pytest

from faqkit.core.script import detect_script
from faqkit.core.typography import fix_punctuation
from faqkit.ingest import clean_text
from faqkit.ingest.canon import canonicalize
from faqkit.ingest.clean import ROLE_MARKER, clean


def test_script_is_detected_from_the_whole_text() -> None:
    # The farms' converter leaves 么 and 系 Simplified: the text is still Traditional.
    assert detect_script("該怎么辦？小貸逾期有人加微信聯系訴前調解") == "Hant"
    assert detect_script("该怎么办？小贷逾期有人加微信联系诉前调解") == "Hans"
    assert detect_script("hello") == "none"


def test_canonical_form_is_simplified_with_full_width_punctuation() -> None:
    text, changes = canonicalize("隨著網貸的普及,很多人開始面臨逾期?請保持冷靜!\n第2.1條(還款方式)在10:30生效")
    assert text == "随着网贷的普及，很多人开始面临逾期？请保持冷静！\n第2.1条（还款方式）在10:30生效\n"
    assert {c.fix for c in changes} >= {"t2s", "comma", "question", "exclamation", "parentheses"}


@pytest.mark.parametrize(("text", "canonical"), [
    ("网贷逾期会坐牢吗？？", "网贷逾期会坐牢吗？"),
    ("逾期了怎么办??", "逾期了怎么办？"),
    ("这样真的有用吗？？？当然有用。", "这样真的有用吗？当然有用。"),
    ("他问：“还要等多久？？”", "他问：“还要等多久？”"),
    ("网？？贷平台", "网？？贷平台"),  # inside a word: maybe lost characters, for repair and check to judge
    # Run into an exclamation mark after a word: emphasis (答：有??!首先…), one exclamation mark.
    ("心里那个急??!别慌。", "心里那个急！别慌。"),
    ("答：有？？！！首先要量力而行。", "答：有！首先要量力而行。"),
    ("真的吗？？！", "真的吗？！"),  # after the word that asks: the question keeps its mark
    ("网？！贷平台", "网？！贷平台"),  # one question mark is no run
])
def test_a_run_of_question_marks_ending_a_question_is_one_mark(text: str, canonical: str) -> None:
    """faqkit check reads ？？ as a sign of mojibake; at a question's end it is a farm's emphasis."""
    assert fix_punctuation(text)[0] == canonical


@pytest.mark.parametrize(("text", "canonical"), [
    ("要注意按时还款,。", "要注意按时还款。"),
    ("将在报纸上公布；。", "将在报纸上公布。"),
    ("材料如下：、。下一句？", "材料如下。下一句？"),
    ("他说：“先还款，”。", "他说：“先还款，”。"),  # a quotation closes between them: its own punctuation
    ("第一，第二。", "第一，第二。"),
])
def test_a_clause_mark_right_before_a_full_stop_goes(text: str, canonical: str) -> None:
    """A comma, enumeration comma, semicolon or colon right before 。！？ ends nothing (the source's typo, or
    what an emoji removed after it left)."""
    assert fix_punctuation(text)[0] == canonical


@pytest.mark.parametrize(("text", "canonical"), [
    # Written the wrong way round: they open and close by turns again.
    ("街边常见”上门追债“”当天回款”的小广告。", "街边常见“上门追债”“当天回款”的小广告。"),
    ("”停息挂账“是什么意思？", "“停息挂账”是什么意思？"),
    # In order already, or an odd number on the line (a quotation that goes on to the next line): as is.
    ("他说“先还款”，我说“再协商”。", "他说“先还款”，我说“再协商”。"),
    ("他说：“先还本金，", "他说：“先还本金，"),
    ("”先还本金“，他说”再谈利息。", "”先还本金“，他说”再谈利息。"),
])
def test_curly_quotes_written_the_wrong_way_round_open_and_close_by_turns(text: str, canonical: str) -> None:
    fixed, changes = fix_punctuation(text)
    assert fixed == canonical
    assert [c.fix for c in changes] == (["quote-order"] if canonical != text else [])


def test_quotes_a_removed_sentence_left_out_of_order_are_put_in_order() -> None:
    """Three marks on a line stay as they are; once clean has cut away the unfinished sentence holding
    the third, the two left open and close by turns (faqkit check would find them otherwise)."""
    text, changes = clean_text("催收新套路\n要警惕”二次转接”这种做法。还有人会”冒充法院")
    assert text.strip() == "催收新套路\n要警惕“二次转接”这种做法。"
    assert "typography/quote-order" in {f"{c.kind}/{c.fix}" for c in changes}


@pytest.mark.parametrize(("text", "canonical"), [
    ("法律上称为「破产令」:\n", "法律上称为「破产令」：\n"),  # a colon after a corner bracket
    ("即『个人自愿安排』, 简称 IVA", "即『个人自愿安排』，简称 IVA"),
    ("【注意】: 不要转账", "【注意】：不要转账"),
    ('He said "no": fine', 'He said "no": fine'),  # Latin quotes are no Chinese context
])
def test_corner_and_lenticular_brackets_make_a_mark_beside_them_chinese(text: str, canonical: str) -> None:
    """Traditional pages quote with 「」 and 『』: a half-width mark after one is Chinese punctuation (a short
    answer ending …「破产令」:。 reached a page, and faqkit check named it)."""
    assert fix_punctuation(text)[0] == canonical


def test_latin_text_keeps_half_width_punctuation() -> None:
    text = "Visit https://example.org/a,b?c=1 or call, please!"
    assert fix_punctuation(text)[0] == text


def test_furniture_and_contact_spam_are_removed_and_counted() -> None:
    source = "\n".join([
        "精彩评论",
        "小编导语",
        "本站将为你提供一些实用的建议。网贷逾期后要先冷静。",
        "有问题加微信：abc_12345 或 QQ：3590931873，电话 150-7087-9527。",
        "小编总结",
        "保持冷静。",
        "内容侵权、删帖举报联系方式：15070879527 3590931873@qq.com",
        "大家还看了：",
        "网贷逾期会坐牢吗",
    ])
    text, changes = clean(source)
    assert "精彩评论" not in text and "本站" not in text and "大家还看了" not in text
    assert "坐牢" not in text, "the see-also list after the footer start goes too"
    for pii in ("abc_12345", "3590931873", "150-7087-9527", "15070879527", "@qq.com"):
        assert pii not in text
    assert "网贷逾期后要先冷静。" in text and "保持冷静。" in text
    assert ROLE_MARKER + "intro" in text and ROLE_MARKER + "conclusion" in text
    kinds = {f"{c.kind}/{c.fix}" for c in changes}
    assert {"boilerplate/comments-header", "boilerplate/site-voice", "pii/wechat-id", "pii/qq",
            "pii/mobile-phone", "boilerplate/report-contact", "boilerplate/see-also"} <= kinds


@pytest.mark.parametrize("kind, line, secret", [
    ("email", "投稿邮箱 help@example.com。", "help@example.com"),
    ("email", "投稿邮箱 help(at)example.com。", "example.com"),
    ("mobile-phone", "电话 +86 150-7087-9527。", "9527"),
    ("landline-phone", "上海办公室021-6888-8888。", "6888"),
    ("landline-phone", "办公室（021）68888888。", "68888888"),
    ("landline-phone", "客服热线4008-123-456。", "123-456"),
    ("qq", "QQ群：35909318。", "35909318"),
    ("wechat-id", "加微信 abc_12345 了解。", "abc_12345"),
    ("wechat-id", "微信号abc_12345。", "abc_12345"),
    ("wechat-id", "V：abc_12345。", "abc_12345"),
    ("url", "详见 www.example.com/loan 。", "example.com"),
    ("long-number", "身份证号110101199003077777。", "110101199003077777"),
])
def test_every_kind_of_contact_detail_is_removed(kind: str, line: str, secret: str) -> None:
    text, changes = clean(line)
    assert secret not in text
    assert f"pii/{kind}" in {f"{c.kind}/{c.fix}" for c in changes}


@pytest.mark.parametrize("advice", [
    "遇到自称律师的人让你加微信咨询，一定要先核实身份，不要转账。",
    "不要扫码领取所谓的减免名额，这是骗局。",
    "遇到暴力催收，可以向当地银保监局举报，也可以通过电话联系平台客服投诉。",
    "收到陌生人的律师函，先打法院的公开电话核实，再决定怎么联系对方。",
    "打开微信 WeChat 的设置，查看借款记录。",
    "2023年10月起，逾期超过90天的记录会上报征信。",
])
def test_advice_that_mentions_contact_channels_is_kept(advice: str) -> None:
    """Precision first: the farms' furniture rules must not take the advice the site exists to give."""
    text, changes = clean(advice)
    assert text.strip() == advice
    assert not [c for c in changes if c.kind in ("boilerplate", "pii")]


def test_clean_text_is_idempotent_on_every_seed() -> None:
    from tests.conftest import SEED_NAMES, SOURCES

    for name in SEED_NAMES:
        once, _ = clean_text((SOURCES / name).read_text(encoding="utf-8"))
        twice, _ = clean_text(once)
        assert twice == once, name


def test_every_spin_reversal_does_what_its_examples_say() -> None:
    from faqkit.core.data import data
    from faqkit.ingest.clean import reverse_spin

    for rule in data("spin_reversals.yaml")["reversals"]:
        for spun, fixed in rule["examples"]:
            text, changes = reverse_spin(spun)
            assert text == fixed, (rule["name"], spun, text)
            assert [c.fix for c in changes] == [rule["name"]] * len(changes) and changes, rule["name"]
            assert reverse_spin(fixed) == (fixed, []), rule["name"]


def test_unknown_law_is_flagged_and_marked_once_real_ones_pass() -> None:
    from faqkit.ingest.clean import check_citations, law_list

    note = law_list().note
    real = ("根据《中华人民共和国民法典》和《征信业管理条例》，以及《消费者权益保护法》。"
            "《互联网金融发展报告》是一本书。")
    assert check_citations(real) == (real, [])
    invented = "根据《网贷逾期处理条例》，平台不得催收。"
    text, changes = check_citations(invented)
    assert text == f"根据《网贷逾期处理条例》{note}，平台不得催收。"
    assert [(c.kind, c.fix, c.applied) for c in changes] == [("law", "unverified-citation", False)]
    again, flags = check_citations(text)
    assert again == text and len(flags) == 1, "marked once, still flagged for review"
    nested = "《最高人民法院关于适用《中华人民共和国民事诉讼法》的解释》"
    assert check_citations(nested) == (nested, [])
    # Taiwan's and Hong Kong's laws are laws too; a title no legislature gave stays flagged.
    elsewhere = "台湾依《消费者债务清理条例》声请更生；香港依《破产条例》申请破产，表格见《破产（表格）规则》。"
    assert check_citations(elsewhere) == (elsewhere, [])
    assert len(check_citations("依照《民间借贷法》，利息不得超过四倍。")[1]) == 1
    # Titles added once verified: a company's bankruptcy law, Taiwan's legal aid act, Hong Kong's money
    # lenders; a title cut short of its official one (no 民事 in it) stays flagged.
    verified = "见《企业破产法》、台湾《法律扶助法》和香港《放债人条例》。"
    assert check_citations(verified) == (verified, [])
    assert len(check_citations("《最高人民法院关于人民法院调解工作若干问题的规定》")[1]) == 1


def test_clean_explain_shows_every_step() -> None:
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "faqkit.cli", "clean", "-", "--explain"],
                          input="小貸逾期有人加微信聯(lián)系,咱們該怎么辦?之一步是起丝假如",
                          capture_output=True, text=True, check=True)
    # The text stops in the middle of a sentence (假如…): that unfinished end goes too.
    assert proc.stdout == "小贷逾期有人加微信联系，我们该怎么办？第一步是起诉？\n"
    steps = [line.split()[2] for line in proc.stderr.splitlines() if line.startswith("step")]
    assert steps == ["markup", "pinyin", "deleted-word", "lookalike", "mojibake", "byte-drop", "canon", "typography",
                     "boilerplate", "pii", "spin", "law", "relevance", "jurisdiction", "structure", "cut-off"]
    for shown in ("pinyin/annotation", "byte-drop/restored", "'起丝' -> '起诉？'", "spin/women-zanmen",
                  "spin/diyi-bu", "typography/comma", "relevance/on-topic", "jurisdiction/general",
                  "cut-off/unfinished-sentence @0: changed '假如'"):
        assert shown in proc.stderr



def test_a_rule_removes_from_a_line_what_its_substitution_would() -> None:
    """clean finds and removes a rule's matches in one search: the line left is ``sub``'s, the matches
    are ``finditer``'s, for every pii and in-line rule and for patterns that match nothing or the empty string."""
    import re

    from faqkit.core.furniture import load_rules
    from faqkit.ingest.clean import _without

    lines = ["客服电话13812345678，QQ：12345678，微信号：abc_12345", "协商前先算清每月能还多少[2]。[13]",
             "2025-03-10 09:30 逾期后先核对欠款金额。", "没有任何附属文字的一句话。", ""]
    rules = load_rules()
    patterns = [p for _, p in (*rules.pii, *rules.strip_inline)] + [re.compile("x*"), re.compile("不存在的词")]
    for pattern in patterns:
        for line in lines:
            left, found = _without(pattern, line)
            assert left == pattern.sub("", line), (pattern.pattern, line)
            assert [m.span() for m in found] == [m.span() for m in pattern.finditer(line)]
