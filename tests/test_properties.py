"""Properties of the text stages, checked on generated input (hypothesis).

* Idempotent: cleaning cleaned text changes nothing.
* Total: no input, however strange, makes a stage raise.
"""

from __future__ import annotations

import opencc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faqkit.core import typography
from faqkit.core.script import Converter, converter
from faqkit.ingest import canon, clean, clean_text, markup, repair

# Deterministic, so that the suite gives the same answer on every run; enough examples to find the
# cases that broke the stages while they were written, few enough to keep the suite fast.
PROPERTIES = settings(max_examples=120, deadline=None, derandomize=True,
                      suppress_health_check=[HealthCheck.too_slow])

# Text that looks like the farms' articles: Han characters of both scripts (including those that
# byte-drop collapse and mojibake produce), full- and half-width punctuation, pinyin, Latin, digits,
# spaces and newlines, Cyrillic and bopomofo from garbled spans, the markup the sources carry.
_PIECES = [*"网贷逾期诉具高者走边线七策爽丝嘶粳宅赚脯被不一問題電話聯系調解該怎么辦會為現導",
           *"，。？！：；、（）《》“”,.?!:;()\"' \n\u3000", "(lián)", "(shí)", "qū)", "?", "??",
           "е掠", "ㄟ^", "馄诙", "F", "J", "abc", "2024", "10:30", "https://a.cn/x?y=1", "<b>", "**", "&amp;",
           "《中华人民共和国民法典》", "《网贷逾期处理条例》", "之一步", "咱们", "作用", "采纳措施", "通过 联系"]
farm_text = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


def _stages(text: str) -> str:
    for stage in (markup.strip_inline_markup, repair.repair, canon.canonicalize, clean.clean):
        text, _ = stage(text)
    return text


@PROPERTIES
@given(farm_text)
def test_cleaning_cleaned_farm_text_changes_nothing(text: str) -> None:
    once, _ = clean_text(text)
    twice, _ = clean_text(once)
    assert twice == once


@PROPERTIES
@given(farm_text)
def test_repair_of_repaired_text_changes_nothing(text: str) -> None:
    once, _ = repair.repair(text)
    twice, changes = repair.repair(once)
    assert twice == once
    assert not [c for c in changes if c.applied]


@PROPERTIES
@given(st.text(max_size=200))
def test_no_unicode_input_makes_a_stage_raise(text: str) -> None:
    out = _stages(text)
    assert isinstance(out, str)
    again, _ = clean_text(text)
    assert isinstance(again, str)


# ------------------------------------------------------------------------- exact shortcuts, proved

_CONFIGS = ("t2s", "s2t", "s2tw", "tw2s")


@pytest.mark.parametrize("config", _CONFIGS)
def test_every_dictionary_entry_that_changes_text_holds_a_character_the_converter_looks_for(config: str) -> None:
    """The converter leaves a piece to OpenCC only if it holds one of ``rewritten``: exact only if every
    entry that writes its text differently has one of them in its text (the first of several forms is
    the one OpenCC writes)."""
    found = converter(config)
    tables = [table for group in found._opencc._dict_chain_data for _, _, table in group]
    changing = [key for table in tables for key, value in table.items() if value.split(" ")[0] != key]
    assert len(changing) > 1000
    assert all(not found.rewritten.isdisjoint(key) for key in changing)
    assert len(found.rewritten) < len(changing), "phrases add no character already converted on its own"


# Pieces around the shortcut's edges: a phrase whose change is at a character that is not converted
# on its own (么麼 -> 幺麽, 什么 stays), Traditional and Simplified forms, separators OpenCC splits at.
_SCRIPT_PIECES = ["么", "麼", "么麼", "什么", "著", "著名", "著急", "乾", "乾隆", "干", "後", "后", "這", "这",
                  "台", "臺", "覆", "復", "里", "裡", "發", "发", "網貸", "网贷", "調解", "调解", "，", " ", "\n", "a1"]


@PROPERTIES
@given(st.lists(st.sampled_from(_SCRIPT_PIECES), max_size=30).map("".join))
def test_converter_gives_exactly_what_opencc_gives(text: str) -> None:
    for config in _CONFIGS:
        assert Converter(config).convert(text) == opencc.OpenCC(config).convert(text)


_PUNCT_PIECES = [*"网贷逾期a1 \t\u3000\n", *",?!;:.\"()，。：；！？（）《》“”"]
_PUNCT_TEXT = st.lists(st.sampled_from(_PUNCT_PIECES), max_size=40).map("".join)


@PROPERTIES
@given(_PUNCT_TEXT)
def test_a_punctuation_rule_matches_only_text_holding_one_of_its_marks(text: str) -> None:
    """fix_punctuation skips a rule whose marks the text lacks: exact only if the rule cannot match then."""
    for name, pattern, _, needs in typography._PUNCT_RULES:
        if pattern.search(text):
            assert any(mark in text for mark in needs), name
