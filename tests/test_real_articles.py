"""What real third-party articles bring that the seeds did not (issue 13, the ingest stages): furniture
around the headline, chrome in the text, excerpts cut off mid-sentence, the Markdown of real pages, and
excerpts with no answer in them. Every case is written for this file, in the shape the class takes on
real pages; each runs the real stage functions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from faqkit import pipeline
from faqkit.core.furniture import load_rules
from faqkit.ingest import clean_text, process, why_nothing_to_publish
from faqkit.ingest.clean import MAX_HEADLINE, clean, looks_like_headline, says_something
from faqkit.ingest.markup import LIST_BULLET, WRAPPED_MIN_LINES, WRAPPED_SHARE, strip_inline_markup
from faqkit.ingest.read import SourceText
from faqkit.ingest.segment import RESTATES_SHARE, restates


def _article(text: str):
    return process(SourceText("case.txt", "", text, "utf-8", is_html=False))


def _fixes(changes) -> set[str]:
    return {f"{c.kind}/{c.fix}" for c in changes}


# ---------------------------------------------------------------------------------------------- titles

BODY = "逾期后先别慌，主动联系平台说明情况。\n可以申请延期或者分期还款。\n"


@pytest.mark.parametrize(("furniture", "rule"), [
    ("首页 > 贷款知识 > 逾期问答 > 正文", "boilerplate/breadcrumb"),
    ("当前位置：首页 > 债务 > 正文内容", "boilerplate/breadcrumb"),
    ("李四 2024-06-01 09:15:22", "boilerplate/dateline"),
    ("2024-06-01", "boilerplate/dateline"),
    ("21 Mar, 2024", "boilerplate/dateline"),
    ("回答于：2025-01-05", "boilerplate/author-date"),
    ("发布日期：2024-03-01 10:00:00 浏览次数：", "boilerplate/author-date"),
    ("Select Page", "boilerplate/nav-menu"),
    ("会员登录 | 申请入驻", "boilerplate/nav-menu"),
    ("精华区beta DebtForum 关于我们联络资讯", "boilerplate/nav-menu"),  # a forum's bar, its Latin name inside
    ("（资料图片）", "boilerplate/image-credit"),
    ("图源：某某图库", "boilerplate/image-credit"),
    ("阅读 1532", "boilerplate/counter"),
    ("1532", "boilerplate/counter"),
    ("分享到：微信 微博", "boilerplate/share-bar"),
    ("王律师3天前（05-12）债务纠纷", "boilerplate/lawyer-byline"),
])
def test_the_headline_is_the_articles_own_line_not_the_furniture_above_it(furniture: str, rule: str) -> None:
    article = _article(f"{furniture}\n信用卡逾期三天会怎样\n{BODY}")
    assert article.title == "信用卡逾期三天会怎样？"
    assert rule in _fixes(article.changes)


@pytest.mark.parametrize("byline", ["赵六 2024-06-01 09:15:22", "作者：赵六", "王律师3天前（05-12）债务纠纷"])
def test_a_channels_labels_above_a_headline_and_its_byline_go(byline: str) -> None:
    """A news page's channel names (2026专题 / 逾期知识) above the headline the byline stands under."""
    article = _article(f"2026专题资讯\n逾期知识\n分期还款没还上会怎样\n{byline}\n{BODY}")
    assert article.title == "分期还款没还上会怎样？"
    assert sum(c.fix == "masthead" for c in article.changes) == 2
    assert "2026专题" not in article.text


def test_the_masthead_limit_is_held_at_its_edge() -> None:
    from faqkit.core.furniture import load_rules

    limit = load_rules().masthead_max_chars
    assert limit == 10
    headline = "分期还款没还上之后会有什么后果"  # longer than any label tried here
    at_limit = _article(f"{'专' * limit}\n{headline}\n赵六 2024-06-01 09:15:22\n{BODY}")
    assert at_limit.title == headline + "？"
    over = _article(f"{'专' * (limit + 1)}\n{headline}\n赵六 2024-06-01 09:15:22\n{BODY}")
    assert over.title == "专" * (limit + 1) and "masthead" not in {c.fix for c in over.changes}


@pytest.mark.parametrize("above", [
    "信用卡逾期怎么办？\n",  # a headline that asks, above its subtitle
    "网贷逾期的后果有哪些\n",  # longer than the line under it: the headline, not a label
    "逾期后先别慌，主动联系。\n",  # a sentence: the text has begun
])
def test_lines_above_a_byline_stay_when_they_are_not_only_short_labels(above: str) -> None:
    article = _article(f"{above}逾期的后果\n作者：赵六\n{BODY}")
    assert "masthead" not in {c.fix for c in article.changes}


def test_a_menus_list_item_above_a_byline_is_no_headline() -> None:
    article = _article(f"法律文章\n• 线上课程\n作者：赵六\n{BODY}")
    assert "masthead" not in {c.fix for c in article.changes}


@pytest.mark.parametrize("line", ["IVA", "DebtForum", "PTT 上很多人分享过协商经验。",
                                  "Facebook 和 Instagram 都能私信平台客服。"])
def test_latin_words_are_a_menu_only_beside_a_menu_word(line: str) -> None:
    article = _article(f"信用卡逾期三天会怎样\n{line}\n{BODY}")
    assert "boilerplate/nav-menu" not in _fixes(article.changes)


@pytest.mark.parametrize("decorated", ["【2025最新】信用卡逾期三天会怎样", "【SITE.COM】信用卡逾期三天会怎样",
                                       "标题：信用卡逾期三天会怎样", "信用卡逾期三天会怎样2025-05-15 17:40:24"])
def test_a_headlines_decoration_label_or_timestamp_goes(decorated: str) -> None:
    article = _article(f"{decorated}\n{BODY}")
    assert article.title == "信用卡逾期三天会怎样？"
    assert {c.kind for c in article.changes if c.before.strip() and not c.after} >= {"boilerplate"}


def test_a_headline_printed_again_or_restated_right_after_is_taken_once() -> None:
    article = _article("逾期会影响子女上学吗？\n逾期会影响子女上学吗？\n逾期会影响子女上学吗\n" + BODY)
    assert article.title == "逾期会影响子女上学吗？"
    intro = "".join(block.text for block in article.intro)
    assert "子女上学" not in intro and intro.startswith("逾期后先别慌")
    assert sum(c.fix == "repeated-line" for c in article.changes) == 2


def test_a_line_under_the_headline_is_a_subtitle_only_when_it_restates_it() -> None:
    restating = _article("网贷逾期被起诉怎么应对\n网贷逾期被起诉的应对办法\n" + BODY)
    assert "subtitle" in {c.fix for c in restating.changes}
    opening = _article("网贷逾期被起诉怎么应对\n一立即收集证据\n" + BODY)
    assert "subtitle" not in {c.fix for c in opening.changes}


def test_restating_is_measured_at_its_threshold() -> None:
    # 甲乙丙丁 has bigrams 甲乙 乙丙 丙丁; the headline holds two of three, or one of three.
    assert RESTATES_SHARE == 0.5
    assert restates("甲乙丙戊", "甲乙丙丁")
    assert not restates("甲乙戊己", "甲乙丙丁")
    assert restates("甲乙戊己", "甲乙丙")  # one of two: exactly the share


def test_a_long_headline_is_a_headline_up_to_its_limit() -> None:
    long_headline = "逾期" * (MAX_HEADLINE // 2)
    assert looks_like_headline(long_headline) and not looks_like_headline(long_headline + "了")
    assert not looks_like_headline("以下是一些重要的见解：") and not looks_like_headline("在一般情况下，")


# ------------------------------------------------------------------------------------ furniture lines

# Eighty characters of words without a punctuation mark are a tag cloud; seventy-nine are still text.
TAG_CLOUD = "律师车祸保险离婚继承遗嘱信托刑事民事债务催收期刊论文台商法律家事律师" * 2 + "继承律师遗嘱信托保险规划"
RUN_ON = "先冷静再核实后协商最后保留证据不要借新还旧不要逃避也不要失联更不要轻信" * 2 + "记得冷静再联系平台"
assert (len(TAG_CLOUD), len(RUN_ON)) == (80, 79)


@pytest.mark.parametrize(("line", "rule"), [
    ("首页 > 债务 > 催收 > 网贷催收合法吗", "breadcrumb"),
    ("张三 | 2023-11-02 14:05:09", "dateline"),
    ("18 MAR 2024 王五律师", "dateline"),
    ("2024 March 18", "dateline"),
    ("浏览 520 次", "counter"),
    ("20315累计借款需求", "counter"),
    ("5,120万累积放款金额", "counter"),
    ("广告载入中...", "comments-header"),
    ("• 分类导览", "nav-menu"),
    ("/ 3", "counter"),
    ("更新 发布阅读 5 分钟", "counter"),  # a reading time
    ("预计阅读时间：约 8 分钟", "counter"),
    ("字体：大 中 小", "share-bar"),
    ("打印", "share-bar"),
    ("标签：逾期 征信 协商", "keywords-line"),
    ("热门搜索：信用卡 贷款", "keywords-line"),
    ("暂无评论", "comment-count"),
    ("12条评论", "comment-count"),
    ("如题所述", "question-filler"),
    ("跳至主要内容", "page-frame"),
    ("某某网-LOGO", "page-frame"),
    ("欢迎来电咨询", "call-us"),
    ("手头紧？马上申请，最快十分钟放款", "site-cta"),
    ("立即免费注册，发布你的资金需求", "site-cta"),
    ("快速刊登您的贷款需求，让放款方找到您", "site-cta"),
    ("LINE @专人一对一回复借款问题", "site-cta"),
    ("• 返回列表", "nav-menu"),
    ("上一篇：逾期三天会怎样", "prev-next"),
    ("下一篇", "prev-next"),  # the link's label alone
    ("fbpx", "tracking-pixel"),
    ("某某法律百科12秒前3", "relative-byline"),
    ("5小时前", "relative-byline"),
    ("小张 刚刚", "relative-byline"),
    ("暂未设置文章", "empty-placeholder"),
    ("暂无相关内容", "empty-placeholder"),
    ("2023-08-09网贷协商攻略合集", "dated-listing"),
    ("2024-03-21更新2022-11-11发布", "dated-listing"),
    ("债务问答 | 评论(0) | 引用(0) | 阅读(1203)", "post-stats"),
    ("点赞(12) 收藏(3)", "post-stats"),
    ("图片由读者投稿分享", "image-credit"),
    ("Part 2:", "part-label"),
    ("• 关于我们", "nav-menu"),
    ("3. 联系我们", "nav-menu"),
    ("• 文章总览", "nav-menu"),
    ("分类", "nav-menu"),
    ("• 婚姻家事纠纷 (31)", "category-count"),
    ("Podcast（8）", "category-count"),
    ("|", "symbols-only"),  # a table's edge left without its table
    ("※ ※ ※", "symbols-only"),
    ("文/王五（执业律师）", "author-date"),
    ("原标题：", "author-date"),
    (TAG_CLOUD, "unpunctuated-run"),
    ("下面我给大家分享几个实用的小技巧：", "site-voice"),
    ("下面，小编就为你介绍一下协商的流程。", "site-voice"),
    ("下面小编告诉你几个办法。", "site-voice"),
    ("本篇文章将分享协商的流程和条件，让你做出更好的决定。", "site-voice"),
    ("在这篇文章里，我们会一步步说明怎么和平台谈分期。", "site-voice"),
    ("本网站提供的内容仅供参考，不构成任何法律意见。", "disclaimer"),
    ("本刊物所载资料的准确性，发布机构不作任何保证。", "disclaimer"),
    ("因使用本站内容而引致的任何损失，本站概不负责。", "disclaimer"),
    ("本署可随时修改本网站的内容而无须另行通知。", "disclaimer"),
    ("读者应自行核实本刊物所载资料的真确性。", "disclaimer"),
    ("FinPal 属于你的理财伙伴，陪你一起规划每一分钱。", "site-intro"),
    ("债务通网是您身边的法律顾问。", "site-intro"),
])
def test_furniture_lines_go_and_are_counted(line: str, rule: str) -> None:
    text, changes = clean(f"逾期后怎么办\n先冷静下来。\n{line}\n再联系平台协商。\n")
    assert line not in text and "先冷静下来。" in text and "再联系平台协商。" in text
    assert (("boilerplate", rule) in {(c.kind, c.fix) for c in changes}), changes


@pytest.mark.parametrize("line", [
    "三个月前我开始逾期，平台每天打电话。",  # when it began, in a sentence
    "逾期90天前要主动联系平台",  # a heading about what to do before a date
    "暂无力还款的可以先申请延期。",  # 暂无 as the start of a sentence, not an empty box
    "五年前的逾期记录已经删除了",
    "2024-05-01起，新的催收规定开始施行。",  # a date in a sentence
    "2024.05.01 新规施行",  # spaced: a dated heading of a timeline
    "这篇回答的评论(12)和转发(30)都很多，说明大家都关心。",  # counters in a sentence
    "平台修改了还款计划，却无须借款人同意，这是违规的。",  # a change made by a lender, not the site
    "这个平台是你的债权人，催收公司只是受托。",  # a lender named as the reader's creditor
    "IOU是你的欠条，要保管好。",  # an English word explained
    "MoneyHero是你的债权人吗？",  # a question about a site names it, the site does not speak
])
def test_lines_that_only_look_like_a_byline_or_an_empty_box_stay(line: str) -> None:
    text, changes = clean(f"逾期后怎么办\n先冷静下来。\n{line}\n再联系平台协商。\n")
    assert line.rstrip("。") in text, changes


@pytest.mark.parametrize(("line", "kept", "rule"), [
    ("逾期超过90天会上报征信[4]。", "逾期超过90天会上报征信。", "citation-marker"),
    ("信用是银行的一大考量。图/某某图库", "信用是银行的一大考量。", "image-credit"),
    ("date 2024-05-06 新规明确了催收的时间。", "新规明确了催收的时间。", "leading-date"),
    ("【记者张三北京报道】近日多地出现冒充催收的案件。", "近日多地出现冒充催收的案件。", "bracket-tag"),
    ("【催收/骗案】近日多地出现冒充催收的案件。", "近日多地出现冒充催收的案件。", "bracket-tag"),
    ("[2024最新] 卡债怎样和银行协商？", "卡债怎样和银行协商？", "bracket-tag"),
    ("摘要：本文说明逾期以后的几种做法。", "本文说明逾期以后的几种做法。", "label-prefix"),
    ("问题：借呗逾期会在哪里被起诉？", "借呗逾期会在哪里被起诉？", "label-prefix"),
])
def test_furniture_inside_a_line_goes_and_the_line_stays(line: str, kept: str, rule: str) -> None:
    text, changes = clean(f"逾期后怎么办\n{line}\n")
    assert kept in text and ("boilerplate", rule) in {(c.kind, c.fix) for c in changes}


def test_what_a_removal_leaves_of_a_line_goes_when_it_says_nothing() -> None:
    # The phone number goes as personal data, the brackets it emptied with it: the end mark after them
    # must not stand as a paragraph of its own.
    text, changes = clean("香港申请破产要什么条件？\n(iii) 不清楚可以向破产管理署查询，\n（电话：2345 6789）。\n"
                          "(iv) 申请前先算清欠款。\n")
    assert "。" not in text.split("\n") and "(iv) 申请前先算清欠款。" in text
    assert {"pii/hk-phone", "boilerplate/symbols-only"} <= set(_fixes(changes))


def test_furniture_that_a_removal_joins_is_found_as_if_every_rule_were_searched() -> None:
    """clean searches an article's lines only with the rules that may match in the article (Rules.within);
    a marker taken out of a line joins words the article never held, and those are searched with all."""
    text = "逾期后怎么办\n本[1]篇文章将分享协商的流程和条件，让你做出更好的决定。\n先联系平台协商还款。\n"
    assert not load_rules().within(text).drop_sentences, "the case at hand: no sentence rule may match as read"
    cleaned, changes = clean(text)
    assert cleaned == "逾期后怎么办\n先联系平台协商还款。\n"
    assert {"boilerplate/citation-marker", "boilerplate/site-voice"} <= set(_fixes(changes))


def test_a_dateline_between_a_headline_and_its_text_splits_the_line() -> None:
    text, changes = clean("网贷会爆通讯录吗？栏目 2023-01-02 03:04:05 多数正规平台不会这样做。\n")
    assert text.split("\n")[:2] == ["网贷会爆通讯录吗？栏目", "多数正规平台不会这样做。"]
    assert "boilerplate/inline-timestamp" in _fixes(changes)


@pytest.mark.parametrize("advice", [
    "2023-10-01：征信新规开始实施",
    "2023年10月起，逾期超过90天的记录会上报征信。",
    "3次累计逾期就很难再申请房贷",  # a count in a sentence, not a site's running total
    "一般来说，逾期几天不会上征信。",
    "可以咨询律师，也可以找法律援助中心。",
    "注册账户时要看清授权条款。",
    "微信",
    "举报",
    RUN_ON,
    "Read the whole contract and keep a copy of it before you sign",  # English, no Chinese
    "下面我们来看看法院怎么判。",  # the article going on, not the site talking about itself
    "催收人员出现在借款人家门口时，借款人会感到压力。",  # 现在借款 inside a sentence is no call
    "不要相信“马上申请、立即放款”的广告。",  # a warning against the call
    "申请延期还款时，要写明收入下降的原因。",  # applying, not a banner's call to apply
    "问题的关键：先和平台核对欠款金额。",  # 问题 in the text, not a Q&A page's label
    "律师的意见仅供参考，具体以法院的判决为准。",  # another's opinion, not the site's disclaimer
    "平台对催收公司的违规行为要承担责任。",
    "在本文提到的三种办法里，协商分期最常用。",  # the article's content, not the site announcing it
])
def test_lines_that_only_look_like_furniture_stay(advice: str) -> None:
    text, changes = clean(f"逾期后怎么办\n{advice}\n最后一句完整。\n")
    assert advice in text and not [c for c in changes if c.kind == "boilerplate"]


def test_a_search_result_page_is_a_listing_and_all_of_it_goes() -> None:
    text, changes = clean("搜寻结果：债务协商\n共找到 120 笔结果（第 1-10 笔）\n某某法院\n民事裁定书摘录一段。\n")
    assert text.strip() == "" and "boilerplate/search-results" in _fixes(changes)


def test_a_table_of_contents_goes_with_the_entries_the_article_repeats() -> None:
    text, changes = clean("逾期后怎么协商\n目录\n1. 逾期的后果\n2. 如何协商\n"
                          "1. 逾期的后果\n会产生罚息。\n2. 如何协商\n先联系客服。\n")
    assert text == "逾期后怎么协商\n1. 逾期的后果\n会产生罚息。\n2. 如何协商\n先联系客服。\n"
    assert sum(c.fix == "contents-entry" for c in changes) == 2


@pytest.mark.parametrize("line", [
    "逾期90天（1）",  # a number in the name: not an archive category
    "第二十三条规定的情形（含本数）不在此限",  # words in the brackets
    "民事诉讼、刑事诉讼及其他程序 (3)",  # a clause mark: a sentence's part, not a menu's name
    "台湾地区银行公会订定的债务协商机制 (2)",  # a name longer than a menu's
])
def test_a_count_in_brackets_is_a_category_only_after_a_short_bare_name(line: str) -> None:
    text, changes = clean(f"逾期后怎么办\n先冷静下来。\n{line}\n再联系平台协商。\n")
    assert line in text and "boilerplate/category-count" not in _fixes(changes)


def test_contents_entries_of_parts_an_excerpt_lost_go_with_the_others() -> None:
    """The excerpt was cut in its second part: the third entry repeats no heading below, yet it is an entry
    (the article starts again with the first one right after it), not a heading over the article's start."""
    text, changes = clean("逾期以后怎么办\n目录\n1. 先冷静\n2. 再协商\n3. 最后投诉\n1. 先冷静\n"
                          "不要慌张，先核对欠款金额和日期。\n2. 再协商\n联系平台说明情况，申请分期还款。\n")
    assert text == ("逾期以后怎么办\n1. 先冷静\n不要慌张，先核对欠款金额和日期。\n"
                    "2. 再协商\n联系平台说明情况，申请分期还款。\n")
    assert sum(c.fix == "contents-entry" for c in changes) == 3
    # Blank lines are no entries: a contents label whose list the excerpt lost keeps the heading after it.
    text, _ = clean("支付令是什么\n目录\n\n什么是支付令？\n\n支付令是法院督促还钱的文书，收到后要在期限内处理。\n\n"
                    "收到支付令怎么办？\n\n在十五日内提出书面异议。\n")
    assert "什么是支付令？" in text.split("\n")
    # A line that says something between the entries and the article's start is no entry: the list ends.
    text, _ = clean("逾期以后怎么办\n目录\n1. 先冷静\n2. 再协商\n平台一般会同意分期，但要主动联系。\n1. 先冷静\n"
                    "不要慌张，先核对欠款金额和日期。\n2. 再协商\n联系平台说明情况，申请分期还款。\n")
    assert "平台一般会同意分期，但要主动联系。" in text


def test_the_articles_own_contents_label_goes_like_any_other() -> None:
    text, changes = clean("信用卡逾期了怎么办\n本文目录导读：\n1. 逾期的后果\n1. 逾期的后果\n会产生罚息。\n")
    assert "目录" not in text and "boilerplate/contents" in _fixes(changes)


UNLABELED_CONTENTS = ("面对追债骚扰怎么办\n• 骚扰的几种情形\n• 可以求助的机构\n\n• 常见问题\n"
                      "骚扰的几种情形\n有的打电话，有的上门。\n可以求助的机构\n可以报警，也可以找社工。\n")


def test_a_table_of_contents_without_its_label_goes_when_its_first_entries_stand_again_below() -> None:
    text, changes = clean(UNLABELED_CONTENTS)
    assert text == UNLABELED_CONTENTS.replace("• 骚扰的几种情形\n• 可以求助的机构\n\n• 常见问题\n", "")
    assert sum(c.fix == "contents-list" for c in changes) == 3
    numbered = UNLABELED_CONTENTS.replace("• 骚扰的几种情形\n• 可以求助的机构\n\n• 常见问题\n",
                                          "  1. 骚扰的几种情形\n  2. 可以求助的机构\n  3. 常见问题\n")
    assert clean(numbered)[0] == text


@pytest.mark.parametrize("listing", [
    "• 骚扰的几种情形\n• 可以求助的机构\n",  # two items: too few for contents
    "• 骚扰的几种情形\n• 还有哪些办法\n• 常见问题\n",  # the second entry stands nowhere below
    "• 骚扰的几种情形\n• 可以求助的机构，比如社工\n• 常见问题\n",  # an item with a clause is a list of points
])
def test_a_list_whose_first_entries_do_not_stand_again_below_is_the_articles_own(listing: str) -> None:
    source = UNLABELED_CONTENTS.replace("• 骚扰的几种情形\n• 可以求助的机构\n\n• 常见问题\n", listing)
    text, changes = clean(source)
    assert listing.split("\n")[0] in text and not any(c.fix == "contents-list" for c in changes)


def test_a_related_news_list_ends_the_article() -> None:
    text, changes = clean("逾期后怎么办\n先冷静下来。\n相关新闻\n逾期三天会怎样\n网贷可以协商吗\n")
    assert text == "逾期后怎么办\n先冷静下来。\n" and "boilerplate/see-also" in _fixes(changes)


def test_a_url_glued_to_chinese_goes_whole() -> None:
    text, _ = clean("逾期后怎么办\n下载表格https://example.gov/form.htm 后填写。\n")
    assert "https" not in text and "example" not in text and "下载表格 后填写。" in text


def test_no_space_is_left_before_punctuation_where_an_address_was_removed() -> None:
    text, _ = clean("逾期后怎么办\n可以写信到 help@example.com ；或者打电话。\n")
    assert "可以写信到；或者打电话。" in text


# ----------------------------------------------------------------------------------------- cut endings

def test_the_sentence_an_excerpt_was_cut_in_goes_and_is_counted() -> None:
    text, changes = clean("逾期后怎么办\n先联系平台说明情况。第二步是申请延期，如果平台不\n")
    assert text == "逾期后怎么办\n先联系平台说明情况。\n"
    assert [(c.fix, c.before) for c in changes if c.kind == "cut-off"] == [
        ("unfinished-sentence", "第二步是申请延期，如果平台不")]


@pytest.mark.parametrize(("last", "cut"), [
    ("根据中国《民法典》", True),  # the law it was about to quote is named, the sentence is cut
    ("依照《个人信息保护法》", True),
    ("详见《民法典》", False),  # a pointer to the law is whole
    ("根据《民法典》，催收不得骚扰家人。", False),
])
def test_a_last_line_that_only_names_the_law_it_goes_on_to_quote_is_cut(last: str, cut: bool) -> None:
    text, changes = clean(f"逾期后怎么办\n先保存录音。\n{last}\n")
    assert (last not in text) is cut
    assert any(c.fix == "unfinished-sentence" for c in changes) is cut


def test_headings_left_without_text_and_a_sentence_announcing_what_was_cut_go() -> None:
    text, changes = clean("逾期后怎么办\n二、如何协商\n先联系平台。办法如下：\n三、注意事项\n要保留\n")
    assert text == "逾期后怎么办\n二、如何协商\n先联系平台。\n"
    assert [c.fix for c in changes if c.kind == "cut-off"] == [
        "unfinished-sentence", "dangling-heading", "announces-what-is-cut"]


def test_the_next_numbered_part_left_above_a_cut_sentence_goes_though_a_comma_is_in_it() -> None:
    """An excerpt cut in the first sentence of its part 4: the sentence goes, then the part's heading,
    numbered like part 3 (a comma inside kept it from looking like a heading); a numbered line that is the
    last line of an excerpt that was not cut, or that is numbered unlike the parts before it, stays."""
    cut = clean("熬过低谷期\n3.保持作息\n早睡早起。\n4.健康饮食，提升韧性\n营养平衡在压力\n")
    assert cut[0] == "熬过低谷期\n3.保持作息\n早睡早起。\n"
    assert [c.fix for c in cut[1] if c.kind == "cut-off"] == ["unfinished-sentence", "dangling-heading"]
    whole = clean("熬过低谷期\n3.保持作息\n早睡早起。\n4.健康饮食，提升韧性。\n")
    assert "4.健康饮食，提升韧性。" in whole[0]
    other_form = clean("熬过低谷期\n一、保持作息\n早睡早起。\n4.健康饮食，提升韧性\n营养平衡在压力\n")
    assert "4.健康饮食，提升韧性" in other_form[0]


def test_a_last_list_item_is_cut_only_where_its_list_has_end_punctuation() -> None:
    punctuated = "逾期后怎么办\n• 保留通话录音。\n• 保存短信截图。\n• 记下催收人员的\n"
    assert clean(punctuated)[0] == "逾期后怎么办\n• 保留通话录音。\n• 保存短信截图。\n"
    bare = "逾期后怎么办\n• 保留通话录音\n• 保存短信截图\n• 记下催收时间\n"
    assert clean(bare)[0] == bare


@pytest.mark.parametrize(("last", "cut"), [
    ("• 《刑法》第293条规定", True),  # announces the provision it was about to quote
    ("• 《治安管理处罚法》的规定", True),
    ("• 《刑法》第293条", False),  # names the provision, as the items before name theirs
    ("• 《刑法》中的寻衅滋事罪", False),
])
def test_a_last_item_that_announces_a_provision_is_cut_in_a_list_without_punctuation(last: str, cut: bool) -> None:
    text, changes = clean(f"催收违法吗\n可能涉及这些法律：\n• 《治安管理处罚法》第42条\n{last}\n")
    assert (last not in text) is cut
    assert any(c.fix == "unfinished-sentence" for c in changes) is cut


def test_a_tables_header_left_without_its_rows_goes_with_the_cut_row() -> None:
    table = ("逾期多久会上征信\n先查自己的征信报告。各家平台不同，大致如下：\n| 平台 | 上报时间 | 影响 |\n"
             "|---|---|---|\n")
    text, changes = clean_text(table + "| 甲平台 | 逾期第1天 | 记录保留\n")
    assert text == "逾期多久会上征信\n先查自己的征信报告。\n"
    assert [c.fix for c in changes if c.kind == "cut-off"] == [
        "unfinished-sentence", "dangling-heading", "announces-what-is-cut"]
    # With a whole row under it, the header stays.
    whole = clean_text(table + "| 甲平台 | 逾期第1天 | 记录保留五年。 |\n")[0]
    assert "平台；上报时间；影响\n• 甲平台：逾期第1天；记录保留五年。" in whole


def test_a_headline_alone_is_never_cut() -> None:
    assert clean("网贷逾期怎么办\n")[0] == "网贷逾期怎么办\n"


def test_an_excerpt_cut_inside_a_character_is_no_garbled_span() -> None:
    article = _article("逾期后怎么办\n结清以后记录保留五年。五年后会自动删\ufffd")
    assert "\ufffd" not in article.text and "自动删" not in article.text
    assert "cut-off/replacement-character" in _fixes(article.changes)
    assert not [c for c in article.changes if c.kind == "mojibake"]


def test_a_pinyin_note_cut_in_half_never_reaches_the_text() -> None:
    article = _article("逾期後怎麼辦\n結清以後記錄保留五年。五年後會自動刪除(sh")
    assert "(sh" not in article.text and "（sh" not in article.text
    assert "cut-off/unfinished-sentence" in _fixes(article.changes)


# -------------------------------------------------------------------------------- Markdown of real pages

def test_every_kind_of_list_marker_becomes_one_list_item() -> None:
    text, changes = strip_inline_markup("\n".join([
        "• 录音：保存通话录音", "· 截图：保存短信", "● 记录：写下时间", "▪ 证人：请同事作证", "- 报警：拨打110",
        "* 投诉：向监管部门", "? 核实：先查官网", "  • 2. 第二步", "•", "① 第一项", "▶ 套路：冒充法院",
        "-冥想：每天十分钟", "-5℃也要出门", "-*不是列表", "– 核实：先问村委会", "— 报警：打110", "－记录：写下号码",
        "——摘自某报", "—— 某律师", "2\ufe0f\u20e3 协商中：按时缴款", "3\u20e3 已结清", "\U0001f51f 第十条"]))
    assert text.split("\n") == [
        f"{LIST_BULLET}录音：保存通话录音", f"{LIST_BULLET}截图：保存短信", f"{LIST_BULLET}记录：写下时间",
        f"{LIST_BULLET}证人：请同事作证", f"{LIST_BULLET}报警：拨打110", f"{LIST_BULLET}投诉：向监管部门",
        f"{LIST_BULLET}核实：先查官网", "2. 第二步", "1. 第一项", f"{LIST_BULLET}套路：冒充法院",
        f"{LIST_BULLET}冥想：每天十分钟", "-5℃也要出门", "-*不是列表",  # a hyphen against Han is a bullet
        f"{LIST_BULLET}核实：先问村委会", f"{LIST_BULLET}报警：打110", f"{LIST_BULLET}记录：写下号码",
        "——摘自某报", "—— 某律师",  # a doubled dash opens an attribution, not an item
        "2. 协商中：按时缴款", "3. 已结清", "10. 第十条"]  # a keycap emoji numbers its item
    assert "markup/list-item-empty" in _fixes(changes)


def test_a_list_item_flattened_onto_the_sentence_before_it_gets_its_own_line() -> None:
    """A page's list run into one line (…。 - 第二步：…): the spaced hyphen after a sentence's end opens an
    item, counted; a hyphen inside a sentence or without a space after it is text."""
    text, changes = strip_inline_markup("先拆分公司，把债务留给子公司。 - 第二步：申请破产\n"
                                        "利率 - 年化计算。 -不是列表")
    assert text.split("\n") == ["先拆分公司，把债务留给子公司。", f"{LIST_BULLET}第二步：申请破产",
                                 "利率 - 年化计算。 -不是列表"]
    assert [c.fix for c in changes].count("list-item-flattened") == 1


def test_a_bold_heading_run_into_its_paragraph_is_a_line_of_its_own() -> None:
    """…解决方式。 **第二章 破产程序** 提起破产…: a spaced bold span between two sentences, holding no clause,
    is the heading the page's markup flattened; bold inside a sentence stays inline."""
    text, changes = strip_inline_markup("申请可能被驳回。 **第二章 破产程序** 提起破产，很多人担心。"
                                        "这是 **重点** 内容。\n结果如下。 **先核实，再还款** 然后协商。")
    assert text.split("\n") == ["申请可能被驳回。", "第二章 破产程序", "提起破产，很多人担心。这是 重点 内容。",
                                 "结果如下。 先核实，再还款 然后协商。"]
    assert [c.fix for c in changes].count("flattened-heading") == 1


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


# ---------------------------------------------------------------------------------------- no answer text

@pytest.mark.parametrize(("source", "reason"), [
    ("网贷利息国家标准是多少\n", "only a headline (网贷利息国家标准是多少), no answer text"),
    ("展开 逾期多久会上征信\n", "only a headline (展开逾期多久会上征信), no answer text"),
    ("搜寻结果：债务协商\n共找到 120 笔结果\n某某法院\n民事裁定书摘录。\n",
     "a list of search results, not an article (搜寻结果：债务协商)"),
    ("精彩评论\n暂无评论\n", "no answer text; removed: 2 furniture"),
    # A law firm's page whose article the excerpt lost: its menu, a breadcrumb's last item and a contents
    # list are left, and none of them says anything.
    ("• 法律课程\n• 影音资源\n法律文章\n• 分类\n• 民事诉讼 (12)\n2. 法律文章\n"
     "3. 某某协会关于债务委外催收规范之研究与建议第十六篇\n", "no answer text; removed: 2 cut-off, 2 furniture"),
])
def test_an_excerpt_with_no_answer_gives_no_page_and_says_what_was_in_it(source: str, reason: str) -> None:
    article = _article(source)
    assert why_nothing_to_publish(article) == reason
    flags = [c for c in article.changes if c.kind == "skipped"]
    assert [(c.fix, c.before, c.applied) for c in flags] == [("no-answer-text", reason, False)]


def test_an_excerpt_with_an_answer_says_nothing_of_the_kind() -> None:
    article = _article("网贷利息国家标准是多少\n年利率超过24%的部分，法院一般不支持。\n")
    assert why_nothing_to_publish(article) == "" and not [c for c in article.changes if c.kind == "skipped"]
    # One item that says something is an answer among bare names; so is a line longer than any headline.
    article = _article("逾期后怎么办\n• 协商\n• 分期\n• 先联系平台说明困难，再谈分期\n")
    assert why_nothing_to_publish(article) == ""
    # A line without a clause mark says something once it is longer than any headline, not before.
    long_line = ("先联系平台说明自己的困难并提出分期还款的方案然后保留好每一次沟通的记录" * 2)[:MAX_HEADLINE - 1] + "。"
    assert not says_something(long_line) and says_something("请" + long_line)
    article = _article(f"逾期后怎么办\n请{long_line}\n")
    assert why_nothing_to_publish(article) == "" and not [c for c in article.changes if c.kind == "skipped"]
    one_line = _article("逾期了怎么办？先联系平台说明情况。\n")
    assert why_nothing_to_publish(one_line) == "", "one line that answers is text, not a headline"


# ------------------------------------------------------------------------------------------- wrapped lines

WRAPPED = ("欠钱不还会坐牢吗\n一般来说，\n欠钱不还属于\n民事纠纷，不会因此\n坐牢。\n"
           "但是如果借钱的时候就打算不还，\n还虚构了用途就可能构成\n诈骗罪。\n• 保留借款合同，\n• 按时还款\n")


def test_paragraphs_a_page_broke_into_lines_of_a_few_words_are_whole_again() -> None:
    text, changes = strip_inline_markup(WRAPPED)
    assert text.split("\n")[:3] == ["欠钱不还会坐牢吗", "一般来说，欠钱不还属于民事纠纷，不会因此坐牢。",
                                     "但是如果借钱的时候就打算不还，还虚构了用途就可能构成诈骗罪。"]
    assert text.split("\n")[3:5] == ["• 保留借款合同，", "• 按时还款"], "list items stay items"
    assert sum(c.fix == "wrapped-line" for c in changes) == 5


def test_a_page_is_taken_for_wrapped_only_on_enough_lines_that_stop_mid_sentence() -> None:
    # Lines that stop mid-sentence: 一般来说， / 民事纠纷，不会因此 / …不还， — three, of seven lines of text.
    stops = ["一般来说，", "民事纠纷，不会因此", "但是如果借钱的时候就打算不还，"]
    assert len(stops) == WRAPPED_MIN_LINES
    text, _ = strip_inline_markup(WRAPPED)
    assert "一般来说，欠钱不还属于" in text
    # One fewer (the first joined back by hand) and nothing is joined: bare headings are lines too.
    fewer = WRAPPED.replace("一般来说，\n欠钱不还属于", "一般来说欠钱不还属于")
    assert strip_inline_markup(fewer)[0] == fewer
    # The same three among many whole paragraphs and bare headings: under WRAPPED_SHARE of the lines.
    whole = "".join(f"第{n}段写完整的一句话。\n" for n in range(int(WRAPPED_MIN_LINES / WRAPPED_SHARE) - 7))
    at_share = WRAPPED.replace("欠钱不还会坐牢吗\n", "欠钱不还会坐牢吗\n" + whole)
    assert "一般来说，欠钱不还属于" in strip_inline_markup(at_share)[0]
    over = at_share.replace("欠钱不还会坐牢吗\n", "欠钱不还会坐牢吗\n再写完整的一句话。\n")
    assert strip_inline_markup(over)[0] == over


def test_a_page_with_bare_headings_and_whole_paragraphs_keeps_its_lines() -> None:
    page = ("网贷逾期怎么办\n先别慌\n逾期以后先冷静，算清楚欠了多少钱。\n联系平台\n"
            "主动联系平台，说明情况，申请分期还款。\n保留证据\n通话要录音，短信要截图。\n")
    assert strip_inline_markup(page)[0] == page


# ------------------------------------------------------------------------------------------ empty headings

def test_a_heading_left_with_nothing_under_it_goes_and_is_counted() -> None:
    """The only sentence under a sub-heading was garbled and removed: the heading goes with it, and the
    next heading and its text stay."""
    article = _article("催收骚扰家人怎么投诉？\n一、投诉渠道\n先准备好证据。\n（一）向市场监管部门举报\n"
                       "可向當?shù)毓ど叹只蛲ㄟ^(guò)舉報其非法經營。\n（二）向行业协会举报\n"
                       "可以通过互联网金融协会的平台举报。\n二、保留证据\n录音和截图都要保存。\n")
    assert [s.heading for s in article.sections[0].subsections] == ["向行业协会举报"]
    assert ("structure", "empty-heading", "向市场监管部门举报") in {(c.kind, c.fix, c.before) for c in article.changes}
    assert [s.heading for s in article.sections] == ["投诉渠道", "保留证据"]


# ------------------------------------------------------------------------------------- closing paragraphs

UNMARKED = ("欠债不还会被抓吗\n很多人担心欠债会坐牢。\n其实要分清民事和刑事。\n民事纠纷靠法院解决。\n"
            "刑事案件才由警方处理。\n借钱时没有骗人就不是诈骗。\n{heading}\n警方只处理刑事案件，欠债本身不是犯罪。\n")


def test_closing_paragraphs_under_their_own_heading_are_not_taken_for_the_summary() -> None:
    """A page's headings without their markup: the last paragraph answers the line above it, so it stays
    under it rather than becoming the 小结 and leaving the heading with nothing under it."""
    article = _article(UNMARKED.format(heading="为何警方不管纯粹的欠债"))
    assert not article.conclusion
    lines = [line for s in article.sections for b in s.blocks for line in (b.text, *b.items)]
    assert lines[-2:] == ["为何警方不管纯粹的欠债", "警方只处理刑事案件，欠债本身不是犯罪。"]
    # The same paragraph after a line that ends as a sentence is the summary, as before.
    article = _article(UNMARKED.format(heading="所以警方不会管纯粹的欠债。"))
    assert [b.text for b in article.conclusion] == ["警方只处理刑事案件，欠债本身不是犯罪。"]


def test_closing_items_of_a_list_are_not_taken_for_the_summary() -> None:
    article = _article(UNMARKED.format(heading="所以警方不会管纯粹的欠债。").replace(
        "警方只处理刑事案件", "(2) 警方只处理刑事案件"))
    assert not article.conclusion


def test_the_paragraphs_an_excerpt_was_cut_after_are_not_taken_for_the_summary() -> None:
    """An excerpt cut mid-sentence ends where the cut fell, not where the writer summed up: its last
    whole paragraph stays part of the answer (a 小结 of 我当时心里很慌… read as nonsense)."""
    whole = UNMARKED.format(heading="所以警方不会管纯粹的欠债。")
    cut = whole + "另外要注意，如果借钱时就隐瞒了真实的收入和"
    article = _article(cut)
    assert "cut-off/unfinished-sentence" in _fixes(article.changes)
    assert not article.conclusion
    lines = [line for s in article.sections for b in s.blocks for line in (b.text, *b.items)]
    assert lines[-1] == "警方只处理刑事案件，欠债本身不是犯罪。"
    # A labeled conclusion is one wherever the excerpt was cut.
    labeled = _article(whole.replace("警方只处理", "总结\n警方只处理") + "另外要注意，如果借钱时就隐瞒了真实的")
    assert [b.text for b in labeled.conclusion] == ["警方只处理刑事案件，欠债本身不是犯罪。"]


@pytest.mark.parametrize(("source", "kept", "fix"), [
    # One item of a list of quoted terms lost its word: the list reads without it and its 、.
    ("这种短信常写着“”、“调解中心”等字眼，看上去很正式。", "这种短信常写着“调解中心”等字眼，看上去很正式。",
     "deleted-word/empty-quote"),
    ("這種簡訊常出現「調解中心」、「」等字眼，看上去很正式。", "这种简讯常出现「调解中心」等字眼，看上去很正式。",
     "deleted-word/empty-quote"),
    # Anywhere else the sentence cannot be read without it: it goes, flagged.
    ("骗子常冒充“”的客服打来电话。接到这种电话先挂断再核实。", "接到这种电话先挂断再核实。",
     "deleted-word/quoted-word-lost"),
    ("多张信用卡的「」像雪球越滚越大。先列出每张卡的欠款。", "先列出每张卡的欠款。", "deleted-word/quoted-word-lost"),
])
def test_quotation_marks_a_filter_emptied_never_reach_a_page(source: str, kept: str, fix: str) -> None:
    text, changes = clean_text(source)
    assert text.strip() == kept
    assert fix in _fixes(changes)


def test_quotes_that_only_look_empty_between_two_quotations_stay() -> None:
    # ”…“ wrongly turned: the “” in the middle closes one quotation and opens the next.
    text, changes = clean_text("街边常见”上门追债“”当天回款”的小广告，千万别信。")
    assert text.strip() == "街边常见“上门追债”“当天回款”的小广告，千万别信。"
    assert not {"deleted-word/empty-quote", "deleted-word/quoted-word-lost"} & _fixes(changes)


def test_a_line_broken_inside_brackets_is_joined_and_brackets_a_removal_emptied_go() -> None:
    """A page that wrapped its lines inside brackets, around an address: the address goes (counted), the
    brackets it leaves empty or holding only its label go, the words after it stay; brackets the author
    wrote, and a numbering like （一）, stay."""
    text, changes = clean_text("香港申请破产要准备什么？\n可以这样获取申请表：\n"
                               "(ii) 在网上『政府书店』 (\nhttp://shop.example.hk) 下单购买\n"
                               "(iv) 用电邮订购「电邮地址:\n[email protected]」。\n"
                               "(v) 到柜台购买（地址：见官网）。\n（一）\n先准备身份证明文件。\n")
    assert "(ii) 在网上『政府书店』 下单购买" in text and "(iv) 用电邮订购。" in text
    assert "（地址：见官网）" in text and "（一）\n先准备身份证明文件。" in text
    fixes = {(c.kind, c.fix) for c in changes}
    assert {("markup", "wrapped-in-brackets"), ("pii", "url"), ("boilerplate", "email-protected")} <= fixes


def test_a_banner_call_is_a_short_line_up_to_sixty_four_characters() -> None:
    """site-cta drops a call no longer than a headline; a longer line is an article's sentence."""
    banner = "马上申请" + "放" * 60
    assert len(banner) == 64
    assert banner not in clean(f"逾期后怎么办\n{banner}\n先冷静下来。\n")[0]
    assert banner + "款" in clean(f"逾期后怎么办\n{banner}款\n先冷静下来。\n")[0]
