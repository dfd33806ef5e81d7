"""Stage ``relevance``: on-topic, advert or off-topic, with the reason; adverts and off-topic articles are
not published unless ``--publish-all``, and the ingest report lists them.

The articles below are written for these tests, one in the style of each class (a loan advert, a
debt-settlement pitch, a warning against 征信修复 scams, …); none is taken from a source. Every
threshold of data/relevance.yaml is held at its edge: a text just at it and one just past it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from faqkit import pipeline
from faqkit.core.text import han_only
from faqkit.ingest import process, relevance
from faqkit.ingest.read import SourceText
from faqkit.publish import report
from tests.conftest import SEED_NAMES, SOURCES

LOAN_ADVERT = """急用钱找快易贷！秒批秒下款，黑户也能借，最快三分钟到账。
额度最高五万元，审批简单，当天放款，不看征信。
立即申请，下载APP注册即送七天免息券！"""

SETTLEMENT_PITCH = """信用卡逾期、网贷还不上，被催收电话打爆了？
我们的专业团队帮你和银行协商停息挂账，最长可以分六十期还款，已经帮助上万名负债人成功上岸。
现在加微信免费咨询，一对一制定方案，不成功不收费。"""

REPAIR_SCAM_WARNING = """最近有人打着“征信修复”的旗号收费，声称交钱就能删掉逾期记录。
这是骗局：征信记录由银行和贷款机构如实报送，任何公司都无权删除。
如果记录确实有错，可以免费向征信中心提出异议申请。
看到“加微信免费咨询、包过”之类的广告，不要相信，更不要交钱。"""

ANTI_COLLECTION_WARNING = """所谓反催收团队，说交钱就能帮你停催、停息挂账、减免罚息。
这类团队大多是骗局：收了服务费就失联，还会倒卖你的身份信息。
逾期以后，直接联系银行或者平台协商还款，不需要任何中介。"""

REPUTATION_ADVERT = """企业遇到负面新闻怎么办？
我们提供负面信息删除、舆情监测和危机公关服务，帮助品牌在最短时间内恢复声誉。
覆盖各大搜索引擎和社交平台，删除不成功全额退款。"""

EARTHQUAKE_SCAM = """地震发生后，有人冒充慈善机构在网上发起募捐，诱导网友扫码转账。
民政部门提醒，捐款请认准依法登记的慈善组织，通过官方渠道进行。
收到陌生链接不要点击，发现可疑募捐信息，及时向警方举报。"""

CIVIL_MEDIATION = """邻里之间为了漏水、噪音发生纠纷，可以先找人民调解委员会调解。
调解不收费，调解协议经法院确认后，可以申请强制执行。
调解不成的，再向法院起诉，诉讼需要预交诉讼费，开庭前法官还会再组织一次调解。"""

ON_TOPIC = """网贷逾期以后，先不要慌，也不要逃避。
主动联系平台，说明收入减少的情况，争取延期或者分期还款。
保留好通话录音和短信，遇到威胁恐吓的催收可以报警。"""

ARBITRATION = """收到网贷的仲裁通知怎么办？
先向仲裁委员会打电话核实案件是不是真的，再仔细看清楚仲裁请求、金额和提交材料的期限。
对仲裁管辖有异议的，要尽早书面向仲裁庭提出，并且准备好合同、还款流水这些证据。
仲裁裁决生效后还不履行，对方就可以拿着裁决书要求执行，银行卡和工资都可能被冻结。"""

GUARANTOR = """朋友借钱让我当担保人，他还不上了，我要替他还吗？
签了保证合同的担保人，要在借款人不还时承担保证责任；约定了连带责任的，出借人可以直接找担保人要钱。
担保人还款以后，可以再向借款人追偿。"""

COMMERCIAL_ARBITRATION = """两家公司签订供货合同时约定了仲裁条款。
发生质量纠纷后，买方向仲裁委员会申请仲裁，要求退货。
仲裁庭开庭审理后作出裁决，裁决是终局的，当事人不能再向法院起诉。"""


def judged(text: str) -> relevance.Relevance:
    return relevance.judge(text)[0]


@pytest.mark.parametrize(("text", "label", "reason"), [
    (LOAN_ADVERT, "advert", "立即申请"),
    (SETTLEMENT_PITCH, "advert", "加微信"),
    (REPUTATION_ADVERT, "advert", "reputation management"),
    (EARTHQUAKE_SCAM, "off-topic", "0 of"),
    (CIVIL_MEDIATION, "off-topic", "0 of"),
    (REPAIR_SCAM_WARNING, "on-topic", "征信修复"),
    (ANTI_COLLECTION_WARNING, "on-topic", "反催收"),
    (ON_TOPIC, "on-topic", "逾期"),
    # An online lender's arbitration is its lawsuit; a guarantor owes the borrower's debt; arbitration of a
    # trade dispute is no reader's debt.
    (ARBITRATION, "on-topic", "123 of 123"),
    (GUARANTOR, "on-topic", "担保人"),
    (COMMERCIAL_ARBITRATION, "off-topic", "0 of"),
])
def test_each_kind_of_article_is_judged_with_its_reason(text: str, label: str, reason: str) -> None:
    found, change = relevance.judge(text)
    assert found.label == label, found.why
    assert found.why.startswith(f"{label}: ") and reason in found.why
    assert (change.kind, change.fix, change.after) == ("relevance", label, found.why)


def test_an_advert_quoted_in_a_warning_does_not_make_it_an_advert() -> None:
    # The scammers' own words, quoted and warned against, are the advice; the same words said by the
    # page are its offer.
    assert judged(REPAIR_SCAM_WARNING).label == "on-topic"
    offer = "征信有逾期记录也不用怕，专业团队帮你处理不良记录。\n加微信免费咨询，包过，一对一服务。"
    assert judged(offer).label == "advert"


def test_a_pitch_that_reassures_is_not_a_warning() -> None:
    pitch = "网贷逾期了不要担心，专业团队帮你协商还款。\n零风险，加微信免费咨询，一对一服务。"
    assert judged(pitch).label == "advert"


def test_a_question_names_what_readers_ask_about_not_an_offer() -> None:
    asked = ("催收让我加微信还款，加微信转账是真的吗？\n催收人员不会让你把钱转到个人账户，遇到这种要求先向平台核实。\n"
             "逾期的欠款只还到平台的官方账户。")
    assert judged(asked).label == "on-topic"


def test_a_bare_menu_line_is_not_the_article_speaking() -> None:
    # 联系我们 / 在线咨询 alone on a line is the site's menu under an article about collection.
    text = ON_TOPIC + "\n联系我们\n在线咨询\n预约咨询"
    assert judged(text).label == "on-topic"


def test_the_law_an_article_quotes_does_not_dilute_it() -> None:
    statute = "《刑法》第二百四十六条规定，以暴力或者其他方法公然侮辱他人，情节严重的，处三年以下有期徒刑。\n" * 4
    found = judged("爆通讯录催收违法，可以报警。\n法律依据：\n" + statute)
    assert found.label == "on-topic" and found.why.startswith("on-topic: 12 of 12 ")
    # the same statute read as the article's own text leaves it about something else
    assert judged("爆通讯录催收违法，可以报警。\n" + statute).label == "off-topic"


def test_a_title_alone_is_judged_by_its_words() -> None:
    assert judged("信用卡逾期三个月会被起诉吗").label == "on-topic"
    assert judged("信用卡账单日可以修改吗").label == "off-topic"


# ------------------------------------------------------------------------- thresholds, at their edges

FILLER = "春"  # matches no word list


def _share_text(topic_chars: int, total_chars: int) -> str:
    """``topic_chars`` of ``total_chars`` Han characters in one passage about debt (逾期 + filler)."""
    rest = total_chars - topic_chars
    units = ["逾期" + FILLER * (topic_chars - 2), *[FILLER * 10] * (rest // 10), FILLER * (rest % 10)]
    text = "。\n".join(u for u in units if u) + "。"
    assert len(han_only(text)) == total_chars
    return text


def test_min_topic_share_edge() -> None:
    # data/relevance.yaml: min_topic_share 0.25 (dev: off-topic at 0.22 and below, on-topic at 0.31 and up)
    assert judged(_share_text(25, 100)).label == "on-topic"
    assert judged(_share_text(24, 104)).label == "off-topic"


# A guide to borrowing: its debt words are credit-record words (will applying lower my score?), and it
# speaks of getting the loan in most of its passages. A debtor's page on credit records speaks of neither.
BORROWING_GUIDE = """申请信用贷款之前，很多人担心查询会不会拉低信用评分。
每申请一家，审批时都要查一次征信报告，短期内查询太多，放款机构会觉得你很缺钱。
额度批下来以后按时还款，信用记录反而会越来越好。
想要资金周转，先比较几家的审批条件和到账速度，再决定申请哪一家。"""

CREDIT_RECORD_ADVICE = """征信报告每年可以免费查两次，在征信中心官网或者银行网点都能查。
报告里有不是本人办理的记录，可以提出异议，征信中心会在二十天内答复。
不良记录从结清之日起保留五年，到期自动删除，不需要找任何人花钱处理。"""


def test_a_guide_to_borrowing_is_not_about_the_readers_debt() -> None:
    guide = judged(BORROWING_GUIDE)
    assert guide.label == "off-topic" and "about loan-shopping" in guide.why and "0 beyond credit records" in guide.why
    assert judged(CREDIT_RECORD_ADVICE).label == "on-topic"


def _passages(*lengths: tuple[str, int]) -> str:
    """One passage per (word, Han characters): the word, then filler."""
    return "。\n".join(word + FILLER * (n - len(word)) for word, n in lengths) + "。"


def test_a_borrowing_guide_at_the_edges_of_min_topic_share() -> None:
    # min_topic_share 0.25 again: trouble beyond credit records at a quarter of the article holds its own,
    # however much of the rest is about getting a loan; and the loan talk must fill a quarter too.
    assert judged(_passages(("逾期", 25), ("审批", 60), ("征信", 15))).label == "on-topic"
    assert judged(_passages(("逾期", 24), ("审批", 61), ("征信", 15))).label == "off-topic"
    assert judged(_passages(("逾期", 20), ("审批", 24), ("征信", 36), ("", 20))).label == "on-topic"
    assert judged(_passages(("逾期", 20), ("审批", 25), ("征信", 35), ("", 20))).label == "off-topic"


def test_a_borrowing_guide_must_speak_of_borrowing_more_than_of_trouble() -> None:
    # The loan talk in more characters than the trouble, not as many.
    assert judged(_passages(("逾期", 24), ("审批", 24), ("征信", 30), ("", 22))).label == "on-topic"
    assert judged(_passages(("逾期", 24), ("审批", 25), ("征信", 30), ("", 21))).label == "off-topic"


# Written for this test, in Japanese: a page about personal bankruptcy under Japan's law.
JAPANESE = """自己破産をすると、クレジットカードはしばらく使えなくなります。
借金の返済が難しいときは、まず弁護士に相談して、任意整理や個人再生も検討しましょう。"""


def test_an_article_in_another_language_is_off_topic_whatever_it_is_about() -> None:
    found = judged(JAPANESE)
    assert found.label == "off-topic" and found.why.startswith("off-topic: written in Japanese"), found.why
    korean = judged("신용카드 연체가 계속되면 법원에서 지급명령이 올 수 있습니다. " + ON_TOPIC)
    assert korean.label == "off-topic" and "Korean" in korean.why
    # A Chinese page quoting a Japanese word stays what it is.
    assert judged(ON_TOPIC + "\n日本叫做「自己破産」，中文常说个人破产。").label == "on-topic"


def test_max_other_language_share_edge() -> None:
    # data/relevance.yaml: max_other_language_share 0.2 of kana among kana and Han (Chinese pages under 1 %,
    # Japanese ones 45 % and more).
    han = len(han_only(ON_TOPIC))
    at = -(-han // 4)  # the fewest kana with kana / (kana + Han) >= 0.2
    assert judged(ON_TOPIC + "\n" + "の" * at).label == "off-topic"
    assert judged(ON_TOPIC + "\n" + "の" * (at - 1)).label == "on-topic"


def test_min_anchor_edge() -> None:
    # Court and mediation words count for debt only with min_anchor (1) passage about debt in the article.
    court = "。\n".join(["法院会先组织调解春春春春"] * 4)
    assert judged(court).label == "off-topic"
    assert judged("欠款" + FILLER * 10 + "。\n" + court).label == "on-topic"


def test_min_subject_hits_edge() -> None:
    # min_subject_hits 3: what an article that is not about debt is about instead.
    two = "秒批和放款都很快" + "。\n" + "。\n".join([FILLER * 10] * 5)
    three = "秒批和放款都很快还有额度" + "。\n" + "。\n".join([FILLER * 10] * 5)
    assert judged(two).label == "off-topic"
    assert judged(three).label == "advert" and "sells loans" in judged(three).why


def test_min_calls_edge() -> None:
    # min_calls 2: one call to action is not yet a pitch.
    assert judged(ON_TOPIC + "\n有问题可以免费咨询我们的律师团队。").label == "on-topic"
    assert judged(ON_TOPIC + "\n有问题可以免费咨询我们的律师团队，一对一答复。").label == "advert"


def test_min_own_words_edge() -> None:
    # min_own_words 4: one call in a passage with three Han characters of its own is a menu line.
    second = "\n我们的律师提供一对一服务。"
    assert judged(ON_TOPIC + "\n点这里免费咨询" + second).label == "on-topic"
    assert judged(ON_TOPIC + "\n点这里看免费咨询" + second).label == "advert"


def test_min_service_mentions_edge() -> None:
    # min_service_mentions 2, and never once warned against.
    once = ON_TOPIC + "\n债务优化是一种合法的办法。"
    twice = ON_TOPIC + "\n债务优化是一种合法的办法。\n我们做债务优化已经十年。"
    warned = twice + "\n有些债务优化公司收了钱就失联，要警惕。"
    assert judged(once).label == "on-topic"
    assert judged(twice).label == "advert"
    assert judged(warned).label == "on-topic"


def test_a_page_speaking_as_a_debt_firm_is_its_advert() -> None:
    # Once is enough: a firm's content marketing reads like advice and asks for nothing until the end,
    # which an excerpt may have lost. Only a team or department named by its debt trade is a firm.
    firm = judged(ON_TOPIC + "\n这样的求助，我们债务规划团队几乎每天都会接到。")
    assert firm.label == "advert" and "我们债务规划团队" in firm.why
    assert judged(ON_TOPIC + "\n我们公司倒闭以后，我欠下了两张信用卡。").label == "on-topic", "a debtor's story"
    assert judged(ON_TOPIC + "\n有问题可以问我们的律师团队。").label == "on-topic", "a law firm's advice"
    warned = ON_TOPIC + "\n有人打电话说我们债务优化中心能帮你停催，这是骗局。"
    assert judged(warned).label == "on-topic", "the scammers' words, warned against"
    assert judged(ON_TOPIC + "\n我们债务优化中心能帮你停催。").label == "advert"


# ------------------------------------------------------------------------ in the pipeline and report

def _write_batch(folder: Path) -> None:
    folder.mkdir()
    (folder / "a-debt.txt").write_text("网贷逾期了怎么办？\n\n" + ON_TOPIC + "\n", encoding="utf-8")
    (folder / "b-loan.txt").write_text("三分钟到账的贷款\n\n" + LOAN_ADVERT + "\n", encoding="utf-8")
    (folder / "c-quake.txt").write_text("地震后的募捐骗局\n\n" + EARTHQUAKE_SCAM + "\n", encoding="utf-8")


def _cited(docs: Path) -> set[str]:
    from faqkit.publish.docs import read_page

    found = set()
    for path in docs.rglob("*.md"):
        page = read_page(path)
        if page and "sources" in page[0]:
            found |= {s["file"] for s in page[0]["sources"]}
    return found


def test_adverts_and_off_topic_articles_are_listed_not_published(tmp_path: Path) -> None:
    _write_batch(tmp_path / "sources")
    result = pipeline.ingest(tmp_path / "sources", tmp_path / "docs", today="2026-01-01", progress=False)
    assert _cited(tmp_path / "docs") == {"a-debt.txt"}
    assert [(w.name, w.relevance) for w in result.withheld] == [("b-loan.txt", "advert"), ("c-quake.txt", "off-topic")]
    assert not result.problems  # not published is a judgement, not a failure
    data = report.report_data(result)
    assert [w["file"] for w in data["not_published"]] == ["b-loan.txt", "c-quake.txt"]
    assert data["not_published"][0]["reason"].startswith("advert: asks the reader to act for the seller (立即申请")
    text = report.report_text(data)
    assert "not published:      2 adverts or off-topic" in text
    assert "  - c-quake.txt: off-topic: 0 of " in text
    # the judgements are listed, not counted among the repairs
    assert not any(key.startswith(("relevance/", "jurisdiction/")) for key in data["changes_by_kind"])


def test_publish_all_publishes_them_and_the_cache_keeps_the_two_apart(tmp_path: Path) -> None:
    _write_batch(tmp_path / "sources")
    cache = tmp_path / "cache"
    for _ in range(2):  # the second time from the cache, with the same list
        kept = pipeline.ingest(tmp_path / "sources", tmp_path / "kept", today="2026-01-01", progress=False,
                               cache_dir=cache)
        assert [w.name for w in kept.withheld] == ["b-loan.txt", "c-quake.txt"]
    assert kept.from_cache
    every = pipeline.ingest(tmp_path / "sources", tmp_path / "every", today="2026-01-01", progress=False,
                            cache_dir=cache, publish_all=True)
    assert not every.from_cache and not every.withheld
    assert _cited(tmp_path / "every") == {"a-debt.txt", "b-loan.txt", "c-quake.txt"}


def test_the_command_line_flag(tmp_path: Path) -> None:
    _write_batch(tmp_path / "sources")
    run = [sys.executable, "-m", "faqkit.cli", "ingest", str(tmp_path / "sources"), "--quiet", "--no-cache",
           "--date", "2026-01-01"]
    plain = subprocess.run([*run, "--docs", str(tmp_path / "plain"), "--report", str(tmp_path / "plain.txt")],
                           capture_output=True, text=True)
    assert plain.returncode == 0, plain.stderr
    assert "2 adverts or off-topic articles were not published" in plain.stderr
    assert "--publish-all" in plain.stdout
    every = subprocess.run([*run, "--publish-all", "--docs", str(tmp_path / "every"),
                            "--report", str(tmp_path / "every.txt")], capture_output=True, text=True)
    assert every.returncode == 0, every.stderr
    assert json.loads((tmp_path / "every.json").read_text(encoding="utf-8"))["not_published"] == []
    assert _cited(tmp_path / "every") == {"a-debt.txt", "b-loan.txt", "c-quake.txt"}


def test_the_seed_articles_are_on_topic() -> None:
    for name in SEED_NAMES:
        text = (SOURCES / name).read_text(encoding="utf-8")
        article = process(SourceText(name, "", text, "utf-8", is_html=False))
        assert article.relevance == "on-topic", (name, article.relevance_why)


def test_a_call_clean_takes_out_of_the_page_still_shows_the_page_is_an_advert() -> None:
    """site-cta removes a lending banner's calls from the page; relevance still counts them (furniture_evidence):
    taking furniture out must never turn an advert into a published page."""
    article = process(SourceText("b-loan.txt", "", "三分钟到账的贷款\n\n" + LOAN_ADVERT + "\n", "utf-8", is_html=False))
    assert "立即申请" not in article.text and ("boilerplate", "site-cta") in {(c.kind, c.fix) for c in article.changes}
    assert article.relevance == "advert" and "立即申请" in article.relevance_why
