"""The repair stage's calibrated thresholds (ingest/repair/thresholds.py) at their edges, on sentences
written here. Each case sits just inside or just outside its threshold (the margin, by the repair's own
word model, is in the comment), so moving a threshold to a plausible wrong value flips one of them."""

from __future__ import annotations

import pytest

from faqkit.ingest.repair.byte_drop import fix_byte_drop
from faqkit.ingest.repair.deleted_words import fill_gap, flag_deleted_words
from faqkit.ingest.repair.mojibake import fix_mojibake

# --------------------------------------------------------------------------------------------- byte-drop

@pytest.mark.parametrize(("collapsed", "restored"), [
    # 划走！ collapsed to 划住; restored 0.9 more likely, +1.5 for 也 opening the next clause = 2.4 >= 2.0.
    ("资金被划住也不要慌", "资金被划走！也不要慌"),
    ("资金被划住千万别相信陌生人", "资金被划走！千万别相信陌生人"),
    # 越来越高： collapsed to 越来越负: 2.6 more likely, no opener.
    ("费用越来越负很多人不知道", "费用越来越高：很多人不知道"),
])
def test_a_restoration_just_over_the_margin_is_made(collapsed: str, restored: str) -> None:
    text, changes = fix_byte_drop(collapsed)
    assert text == restored
    assert [(c.kind, c.fix, c.applied) for c in changes] == [("byte-drop", "restored", True)]


@pytest.mark.parametrize("collapsed", [
    # Restored would be only 0.9 more likely (no clause opener after it): below 2.0, left as it is.
    "资金被划住很多人不知道",
    "资金被划住影响个人征信",
    # 0.03 and 1.9 more likely.
    "利率偏负有的人选择协商",
    "罚息太富有的人选择协商",
])
def test_a_restoration_under_the_margin_is_not_made(collapsed: str) -> None:
    assert fix_byte_drop(collapsed) == (collapsed, [])


@pytest.mark.parametrize(("collapsed", "restored"), [
    # 偏高： completes no dictionary word with 偏: it must win by STANDALONE_MARGIN (4.07 here, with 也).
    ("利率偏负也不要慌", "利率偏高：也不要慌"),
    ("利率偏负先查清楚", "利率偏高：先查清楚"),
])
def test_a_standalone_character_just_over_its_own_margin_is_restored(collapsed: str, restored: str) -> None:
    assert fix_byte_drop(collapsed)[0] == restored


@pytest.mark.parametrize("collapsed", [
    "利率偏缚尤其是网贷",  # 3.94: over BYTE_DROP_MARGIN, under STANDALONE_MARGIN
    "利率偏浮尤其是网贷",  # 3.72
    "利率偏富尤其是网贷",  # 3.06
])
def test_a_standalone_character_under_its_margin_is_not(collapsed: str) -> None:
    assert fix_byte_drop(collapsed) == (collapsed, [])


@pytest.mark.parametrize("clean", ["就算全都答对不也拿不到奖励吗", "方向选对不也要一步步走吗"])
def test_a_clause_opener_tips_the_balance_only_by_its_bonus(clean: str) -> None:
    # 对策； would be 0.7 and 0.3 less likely than 对不 before 也 here; 也 opening a clause adds 1.5 (to 0.8
    # and 1.2), short of the margin. A bigger bonus, or a smaller margin, would turn this 对不 into 对策；.
    assert fix_byte_drop(clean) == (clean, [])


def test_the_collapsed_character_that_starts_a_word_with_the_next_one_stays() -> None:
    # 利率偏负 restored alone would be 0.03 more likely here, and 负有 is a word: never touched.
    assert fix_byte_drop("利率偏负有的人选择协商")[1] == []


@pytest.mark.parametrize("clean", [
    # 一爆 reads like 一边， collapsed (B1DF A3AC less DF A3); 爆卡 (maxing out a card) is a word of the
    # subject (data/userdict.txt), in either script, so the collapsed reading wins. Without it, all three
    # became 一边，卡.
    "很多人一爆卡就慌了，只会缴最低应缴金额。",
    "很多人一爆卡就慌了，只會繳最低應繳金額。",
    "卡友一爆卡就慌,只能先缴最低金额,利息越滚越多。",
])
def test_a_word_that_reads_like_a_collapse_stays(clean: str) -> None:
    assert fix_byte_drop(clean) == (clean, [])


# ----------------------------------------------------------------------------------------- deleted words

@pytest.mark.parametrize(("before", "after", "word"), [
    ("保存", "录音", "电话"),  # 电话 beats the next deleted word by 3.04
    ("拒绝", "录音", "电话"),
    ("遇到暴力", "录音", "催收"),  # 3.56
    ("家人的", "号码", "电话"),  # 3.76
])
def test_a_gap_is_filled_when_one_word_wins_by_the_margin(before: str, after: str, word: str) -> None:
    assert fill_gap(before, after) == word
    text, changes = flag_deleted_words(f"{before} {after}。")
    assert text == f"{before}{word}{after}。" and changes[0].fix == "gap-filled" and changes[0].applied


@pytest.mark.parametrize(("before", "after"), [
    ("遇到暴力", "号码"),  # 催收 by 2.85 only
    ("了解相关", "咨询"),  # 法律 by 1.6
    ("专业", "咨询"),  # 法律 by 1.6
])
def test_a_gap_is_joined_and_flagged_when_no_word_wins_by_the_margin(before: str, after: str) -> None:
    assert fill_gap(before, after) is None
    text, changes = flag_deleted_words(f"{before} {after}。")
    assert text == f"{before}{after}。" and [(c.fix, c.applied) for c in changes] == [("gap", False)]


def test_a_filled_word_takes_the_script_of_the_text_around_it() -> None:
    assert fill_gap("保存", "錄音") == "電話"
    assert fill_gap("保存", "录音") == "电话"


# ---------------------------------------------------------------------------------------------- mojibake

def test_a_question_mark_before_text_that_reads_as_words_is_kept() -> None:
    # After the '?', 先看合同条款 up to the Latin letter that would end a garbled run: two thirds of its
    # characters are in words (MAX_GARBAGE_COVERAGE 0.5), so it is text, not GBK read out of step.
    text = "为什么?先看合同条款App里写了。"
    assert fix_mojibake(text) == (text, [])


# ------------------------------------------------------------------------------- Japanese is not mojibake

def _as_gbk_mojibake(text: str) -> str:
    """Chinese UTF-8 bytes read as GBK: 两 makes 涓ゅ (a hiragana), 份 makes 浠 (its neighbour's bytes)."""
    return text.encode("utf-8").decode("gbk", errors="replace")


def test_a_japanese_sentence_is_writing_not_garbage() -> None:
    """A Japanese quotation or line keeps its kana: its sentence has hiragana runs, which Chinese bytes
    read as GBK never make (JAPANESE_HIRAGANA_RUN, 2)."""
    quoted = "有读者留言说：「返済が難しいときは早めに相談してください」。这是好建议。"
    assert fix_mojibake(quoted) == (quoted, [])
    # Its longest hiragana run is two (する): still Japanese (a rule asking for three would remove it).
    line = "东京也有类似的机构。東京都の弁護士に相談する。这只是一个例子。"
    assert fix_mojibake(line) == (line, [])


def test_one_hiragana_among_garbled_characters_is_still_mojibake() -> None:
    garbled = _as_gbk_mojibake("两份材料")
    assert "\ufffd" not in garbled and any("\u3041" <= ch <= "\u309f" for ch in garbled)
    text, changes = fix_mojibake(f"协商还款要保留记录。{garbled}。平台会回复。")
    assert text == "协商还款要保留记录。平台会回复。"
    assert [c.fix for c in changes] == ["sentence-removed"]


def test_a_dash_typed_as_two_box_drawing_lines_is_writing_but_one_box_character_is_garbage() -> None:
    dash = "想清楚两件事──欠了多少、每月能还多少，再去和银行谈。谈之前先把材料备齐。"
    assert fix_mojibake(dash) == (dash, [])
    text, changes = fix_mojibake("想清楚两件事─欠了多少。谈之前先把材料备齐。")
    assert text == "谈之前先把材料备齐。" and [c.fix for c in changes] == ["sentence-removed"]


@pytest.mark.parametrize(("line", "kept"), [
    ("网贷逾期了怎么办 三个方法教你应对", True),  # a headline and its subtitle
    ("网贷逾期 该怎么办", True),  # PHRASE_RUN (4) Chinese characters on each side: two phrases
    ("逾期后 该怎么办呢", False),  # three on one side: a word may have been cut out
    ("网贷逾期 该怎么办 先别慌张", True),  # MAX_PHRASES (3) phrases
    ("网贷逾期 该怎么办 先别慌张 看这一篇", False),  # four: a keyword list
    ("网贷逾期 该怎么办，先别慌张", False),  # punctuation: a sentence, where a space is a cut-out word
])
def test_a_space_between_the_phrases_of_a_headline_is_kept(line: str, kept: bool) -> None:
    from faqkit.ingest.repair.deleted_words import MAX_PHRASES, PHRASE_RUN

    assert (PHRASE_RUN, MAX_PHRASES) == (4, 3)
    text, changes = flag_deleted_words(f"{line}\n正文第一句。\n")
    if kept:
        assert (text, changes) == (f"{line}\n正文第一句。\n", [])
    else:
        assert " " not in text and any(c.fix == "gap" for c in changes)
