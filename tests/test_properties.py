"""Properties of the text stages, checked on generated input (hypothesis).

* Idempotent: cleaning cleaned text changes nothing.
* Total: no input, however strange, makes a stage raise.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
