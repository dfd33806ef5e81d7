"""Stages canon and clean: one script, full-width punctuation, no furniture, no personal data."""

from __future__ import annotations

from faqkit.canon import canonicalize, detect_script, fix_punctuation
from faqkit.clean import ROLE_MARKER, clean
from faqkit.pipeline import clean_text


def test_script_is_detected_from_the_whole_text() -> None:
    # The farms' converter leaves 么 and 系 Simplified: the text is still Traditional.
    assert detect_script("該怎么辦？小貸逾期有人加微信聯系訴前調解") == "Hant"
    assert detect_script("该怎么办？小贷逾期有人加微信联系诉前调解") == "Hans"
    assert detect_script("hello") == "none"


def test_canonical_form_is_simplified_with_full_width_punctuation() -> None:
    text, changes = canonicalize("隨著網貸的普及,很多人開始面臨逾期?請保持冷靜!\n第2.1條(還款方式)在10:30生效")
    assert text == "随着网贷的普及，很多人开始面临逾期？请保持冷静！\n第2.1条（还款方式）在10:30生效\n"
    assert {c.fix for c in changes} >= {"t2s", "comma", "question", "exclamation", "parentheses"}


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


def test_clean_text_is_idempotent_on_every_seed() -> None:
    from tests.conftest import SEED_NAMES, SOURCES

    for name in SEED_NAMES:
        once, _ = clean_text((SOURCES / name).read_text(encoding="utf-8"))
        twice, _ = clean_text(once)
        assert twice == once, name
