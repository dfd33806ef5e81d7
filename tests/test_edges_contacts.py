"""Contact details at the edges of their patterns (``pii:`` in data/boilerplate.yaml), which ingest
removes and ``faqkit check``'s ``contact`` rule reports: every form each pattern promises, and the
near-misses it must leave alone (dates, amounts, ordinary words). The numbers are made up here."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from faqkit.check.pages import load_page
from faqkit.check.prose import check_prose
from faqkit.core.data import data
from faqkit.ingest.clean import clean


def pattern(kind: str) -> re.Pattern[str]:
    return re.compile(data("boilerplate.yaml")["pii"][kind])


def found(kind: str, text: str) -> str | None:
    m = pattern(kind).search(text)
    return m.group(0) if m else None


MOBILE_PREFIXES = [f"1{second}{third}" for second in "3456789" for third in "0123456789"]


@pytest.mark.parametrize("prefix", MOBILE_PREFIXES)
def test_every_mobile_prefix_from_13x_to_19x_is_a_mobile_number(prefix: str) -> None:
    number = prefix + "12345678"
    assert found("mobile-phone", f"催收员的手机{number}打来") == number
    assert found("mobile-phone", f"手机 {prefix}-1234-5678。") == f"{prefix}-1234-5678"


@pytest.mark.parametrize("number", ["+86 13812345678", "+8613812345678", "86-13812345678", "+86-138 1234 5678",
                                    "138 1234 5678", "138-12345678", "1381234-5678"])
def test_mobile_numbers_with_the_country_code_and_separators(number: str) -> None:
    assert found("mobile-phone", f"对方留下{number}，让你回电") == number


@pytest.mark.parametrize("text", ["编号12812345678", "号码1381234567", "号码138123456789", "订单913812345678",
                                  "号码11812345678", "138--1234-5678"])
def test_not_mobile_numbers(text: str) -> None:
    assert found("mobile-phone", text) is None


@pytest.mark.parametrize("number", ["021-68888888", "0755-12345678", "0755 1234567", "021-6888-8888",
                                    "(021)68888888", "（0755）1234-5678", "（010） 12345678", "010-1234567",
                                    "400-123-4567", "4001234567", "800-123-456", "4008-123-456", "8008123456"])
def test_landlines_and_service_numbers(number: str) -> None:
    assert found("landline-phone", f"拨打{number}咨询") == number


@pytest.mark.parametrize("text", ["2021-01-01", "2021-10-08 起", "共021-123 项", "300-123-4567", "1021-68888888",
                                  "021-688888889", "4000-12", "120-123-4567"])
def test_not_landlines(text: str) -> None:
    assert found("landline-phone", text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("QQ：12345", "QQ：12345"), ("qq 35909318", "qq 35909318"), ("QQ号:12345678901", "QQ号:12345678901"),
    ("扣扣：123456", "扣扣：123456"), ("企鹅群 987654", "企鹅群 987654"), ("QQ群35909318", "QQ群35909318"),
    ("Qq号：12345", "Qq号：12345"),
])
def test_qq_numbers(text: str, expected: str) -> None:
    assert found("qq", f"有问题加{text}了解") == expected


@pytest.mark.parametrize("text", ["QQ：1234", "QQ音乐", "扣扣子", "QQ 12 345"])
def test_not_qq_numbers(text: str) -> None:
    assert found("qq", text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("微信：abcdef", "微信：abcdef"), ("微信: abc_12345", "微信: abc_12345"),
    ("微信号：loan-help", "微信号：loan-help"),
    ("VX：abc123", "VX：abc123"), ("vx:abc123", "vx:abc123"), ("V信：abc123", "V信：abc123"),
    ("wx：abc123", "wx：abc123"), ("weixin: abc123", "weixin: abc123"), ("微信ID：abc123", "微信ID：abc123"),
    ("加微信 abc_12345", "微信 abc_12345"), ("微信号abc12345", "微信号abc12345"), ("微信 loan_help", "微信 loan_help"),
    ("V：abc_12345", "V：abc_12345"), ("V: abcdef", "V: abcdef"), ("VX abc123", "VX abc123"),
    ("微信：a1234567890123456789", "微信：a1234567890123456789"),
])
def test_wechat_ids(text: str, expected: str) -> None:
    assert found("wechat-id", f"详情{text}。") == expected


@pytest.mark.parametrize("text", ["微信：abcde", "微信：12345678", "微信 WeChat", "打开微信 loanhelp", "DV：abc_12345",
                                  "微信 _abc123", "VX abcdef"])
def test_not_wechat_ids(text: str) -> None:
    assert found("wechat-id", text) is None


@pytest.mark.parametrize(("text", "expected"), [
    ("help@example.com", "help@example.com"), ("li.ming+loan@mail.example.cn", "li.ming+loan@mail.example.cn"),
    ("help(at)example.com", "help(at)example.com"), ("help [at] example.com", "help [at] example.com"),
    ("help（AT）example.com", "help（AT）example.com"), ("help (At) example.org", "help (At) example.org"),
    ("a_b%c-d@x-y.io", "a_b%c-d@x-y.io"),
])
def test_email_addresses_and_their_at_forms(text: str, expected: str) -> None:
    assert found("email", f"投稿邮箱 {text}。") == expected


@pytest.mark.parametrize("text", ["help@example", "help@example.c", "help at example.com", "help(at)example",
                                  "@example.com"])
def test_not_email_addresses(text: str) -> None:
    assert found("email", text) is None


@pytest.mark.parametrize("number", ["123456789", "110101199003077777", "6222021234567890123"])
def test_long_numbers_of_nine_digits_and_more(number: str) -> None:
    assert found("long-number", f"卡号{number}请核对") == number


@pytest.mark.parametrize("text", ["12345678", "金额123456789.50元", "比例0.123456789", "版本1.123456789",
                                  "共 12345678 人"])
def test_not_long_numbers(text: str) -> None:
    assert found("long-number", text) is None


# ------------------------------------------------------------------------- ingest removes them

@pytest.mark.parametrize(("line", "secret", "kind"), [
    ("有事打19912345678找我。", "19912345678", "mobile-phone"),
    ("有事打13912345678找我。", "13912345678", "mobile-phone"),
    ("客服热线800-123-456。", "123-456", "landline-phone"),
    ("扣扣：123456。", "123456", "qq"),
    ("邮箱help [at] example.com。", "example.com", "email"),
])
def test_ingest_takes_them_out(line: str, secret: str, kind: str) -> None:
    text, changes = clean(line)
    assert secret not in text and f"pii/{kind}" in {f"{c.kind}/{c.fix}" for c in changes}


# ------------------------------------------------------------------------ faqkit check reports them

PAGE = """---
title: 接到催收电话怎么办？
description: 先核实对方身份。
category: collection
tags:
- 催收
questions:
- 接到催收电话怎么办？
last_reviewed: '2026-01-01'
---

# 接到催收电话怎么办？

{body}
"""


def contact_findings(tmp_path: Path, body: str) -> list[str]:
    path = tmp_path / "collection" / "page.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(body=body), encoding="utf-8")
    page = load_page(path, "collection/page.md", "docs/collection/page.md")
    check_prose(page)
    found = [f for f in page.findings if f.rule == "contact"]
    body_line = PAGE.splitlines().index("{body}") + 1
    for finding in found:
        # On the body's line, with the fix: take the contact out, name the institution instead.
        assert finding.line == body_line and finding.fix.startswith("删掉个人联系方式；需要时写机构名称")
    return [f.message for f in found]


@pytest.mark.parametrize(("body", "message"), [
    ("催收员留下19912345678。", "页面里有手机号码：19912345678"),
    ("催收员留下+86 138 1234 5678。", "页面里有手机号码：+86 138 1234 5678"),
    ("拨打021-68888888咨询。", "页面里有电话号码：021-68888888"),
    ("加QQ：35909318。", "页面里有QQ 号：QQ：35909318"),
    ("加VX：abc_12345。", "页面里有微信号：VX：abc_12345"),
    ("写信到 help(at)example.com。", "页面里有电子邮箱：help(at)example.com"),
    ("身份证号110101199003077777。", "页面里有长串数字（身份证号、银行卡号或电话号码？）：110101199003077777"),
])
def test_check_names_each_kind(tmp_path: Path, body: str, message: str) -> None:
    assert contact_findings(tmp_path, body) == [message]


def test_check_reports_a_number_once_under_its_first_kind(tmp_path: Path) -> None:
    # A mobile number is a long number too: one finding, by the more specific name.
    assert contact_findings(tmp_path, "电话13812345678。") == ["页面里有手机号码：13812345678"]
    # Each pattern is looked for once per line: the line is named, and fixed, one kind at a time.
    assert contact_findings(tmp_path, "卡号6222021234567890123，电话021-68888888。") == [
        "页面里有电话号码：021-68888888", "页面里有长串数字（身份证号、银行卡号或电话号码？）：6222021234567890123"]


def test_a_contact_right_after_another_is_reported_too(tmp_path: Path) -> None:
    assert contact_findings(tmp_path, "电话13812345678QQ：35909318。") == [
        "页面里有手机号码：13812345678", "页面里有QQ 号：QQ：35909318"]


def test_check_looks_for_e_mail_in_link_targets_but_not_for_numbers(tmp_path: Path) -> None:
    assert contact_findings(tmp_path, "[写信给我们](mailto:help@example.com)。") == [
        "页面里有电子邮箱：help@example.com"]
    assert contact_findings(tmp_path, "[判决书](https://example.com/doc/123456789012)。") == []


def test_check_leaves_advice_and_dates_alone(tmp_path: Path) -> None:
    body = "2023-10-08 起，逾期超过90天会上报征信；可以打开微信 WeChat 查看借款记录，金额12345678元。"
    assert contact_findings(tmp_path, body) == []


@pytest.mark.parametrize(("kind", "number"), [
    ("hk-phone", "2537 1910"), ("hk-phone", "+852 2537 1910"), ("hk-phone", "85225371910"),
    ("hk-phone", "+852-9123-4567"), ("hk-phone", "6123 4567"),
    ("tw-mobile", "0912-345-678"), ("tw-mobile", "0912345678"), ("tw-mobile", "+886 912 345 678"),
])
def test_hong_kong_numbers_and_taiwan_mobiles(kind: str, number: str) -> None:
    assert found(kind, f"请致电{number}查询") == number


@pytest.mark.parametrize(("kind", "text"), [
    ("hk-phone", "每月还款3000-4000元"),  # an amount range
    ("hk-phone", "2537 1910元"), ("hk-phone", "共2000 3000个"),  # amounts, however spaced
    ("hk-phone", "25371910"),  # eight digits with nothing to say they are a phone number
    ("hk-phone", "1537 1910"), ("hk-phone", "2021-01-01"),
    ("tw-mobile", "0812-345-678"), ("tw-mobile", "09123456789"),
])
def test_not_hong_kong_numbers_or_taiwan_mobiles(kind: str, text: str) -> None:
    assert found(kind, text) is None
