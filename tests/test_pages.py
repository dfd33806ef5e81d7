"""One reader question, one page: articles grouped by the question they answer, never across
jurisdictions, titled by their most representative headline, with no question made from a template.

The articles are written for these tests (in the style of the sites the pipeline reads), never copied.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from faqkit import check, organize
from faqkit.core.questions import (
    SAME_QUESTION_MIN_WORDS,
    SAME_STEP_MIN_TERM,
    SAME_STEP_MIN_WORDS,
    is_hook,
    is_question,
    question_form,
    question_identity,
    question_kinds,
    question_signature,
    same_step,
    step_words,
)
from faqkit.core.records import Article, Block, Entry, Section
from faqkit.ingest import process
from faqkit.ingest.read import SourceText
from faqkit.organize.answers import points_of
from faqkit.organize.facts import concern_questions
from faqkit.organize.pages import (
    MAX_ALSO_ASKED,
    _join_taken,
    _other_headlines,
    _representative,
    _unique_titles,
    _without_repeated_headings,
    headline_question,
    same_question_pairs,
)
from faqkit.publish import render
from tests.conftest import ROOT

SUED_A = """网贷逾期不还会被起诉吗？
很多借款人担心逾期以后马上被起诉。其实平台起诉要花时间和费用，一般先催收，逾期时间长、金额大才可能起诉。
如果收到法院的传票，要按时应诉，不要逃避。起诉之前先和平台协商，很多时候可以避免诉讼。
"""
SUED_B = """网贷逾期一定会被起诉吗？
不一定。平台向法院起诉要付出时间和诉讼费，一般欠款金额较大、逾期时间较长时才会起诉。
被起诉以后法院会判决借款人还款，拒不履行的可能被强制执行。所以逾期后要主动联系平台，争取协商还款。
"""
SUED_C = """网贷逾期了真的会被法院起诉吗？答案在这里
网贷逾期是不是一定会被起诉，要看逾期时间和金额。小额逾期平台通常先催收，长期不还才会起诉到法院。
一旦被起诉，法院判决后仍不还款，就可能被列为失信被执行人。建议尽早和平台沟通，避免走到诉讼这一步。
"""
SUED_TITLES = {"网贷逾期不还会被起诉吗？", "网贷逾期一定会被起诉吗？", "网贷逾期了真的会被法院起诉吗？"}
REPAIR_SCAM = """征信修复是骗局吗？
有人打电话说可以花钱修复征信、洗白逾期记录，这是骗局。征信报告上真实的逾期记录不能删除，只能在还清以后等五年自动消除。
凡是声称收费修复征信的，都不要相信，更不要把身份证号和银行卡号交给对方。
"""
CARD_NEGOTIATION = """信用卡欠款还不起怎么和银行协商？
信用卡欠款还不起，可以主动联系发卡银行，说明收入下降的情况，申请分期还款或者减免部分利息。
协商时准备好收入证明，提出每月能还的金额，达成协议后按时还款，银行一般不会再催收。
"""


def _article(name: str, text: str, jurisdiction: str = "general") -> Article:
    article = process(SourceText(name, name, text, "utf-8", is_html=False))
    return replace(article, jurisdiction=jurisdiction)


def _groups(articles: list[Article]) -> list[set[str]]:
    grouped = organize.page_groups(articles, [[a.name] for a in articles])
    return [{a.name for a in group} for group in grouped.groups]


def test_articles_asking_one_question_in_other_words_share_a_page() -> None:
    articles = [_article("a.txt", SUED_A), _article("b.txt", SUED_B), _article("c.txt", SUED_C),
                _article("d.txt", REPAIR_SCAM)]
    assert sorted(map(sorted, _groups(articles))) == [["a.txt", "b.txt", "c.txt"], ["d.txt"]]


def test_articles_for_two_jurisdictions_never_share_a_page() -> None:
    taiwan = _article("tw.txt", CARD_NEGOTIATION, "taiwan")
    mainland = _article("cn.txt", CARD_NEGOTIATION.replace("发卡银行", "银行的信用卡中心"), "mainland")
    general = _article("any.txt", CARD_NEGOTIATION.replace("收入证明", "工资流水"))
    assert {frozenset(g) for g in _groups([taiwan, mainland])} == {frozenset({"tw.txt"}), frozenset({"cn.txt"})}
    # An article particular to no jurisdiction may join either, but one group never holds two.
    for group in _groups([taiwan, mainland, general]):
        assert not {"tw.txt", "cn.txt"} <= group


def test_a_page_is_titled_by_its_most_representative_headline_as_a_question() -> None:
    assert headline_question("网贷逾期怎么协商还款？完整协商流程与应对策略") == "网贷逾期怎么协商还款？"
    assert headline_question("卡债协商流程说明|信用卡协商要注意什么？") == "信用卡协商要注意什么？"
    assert headline_question("小贷逾期的原因") == "小贷逾期的原因有哪些？"
    articles = [_article("a.txt", SUED_A), _article("b.txt", SUED_B), _article("c.txt", SUED_C)]
    clusters = [[a.name] for a in articles]
    grouped = organize.page_groups(articles, clusters)
    assert grouped.titles[0] in SUED_TITLES


def _pages(articles: list[Article]) -> list[render.Page]:
    clusters = [[a.name] for a in articles]
    grouped = organize.page_groups(articles, clusters)
    facts = {leader.name: organize.facts(replace(leader, title=title))
             for leader, title in zip(grouped.leaders, grouped.titles, strict=True)}
    plan = organize.plan_pages(articles, clusters, facts, grouped=grouped)
    return render.pages_from_plan(plan, {a.name: a.sha256 for a in articles})


def test_one_page_answers_the_question_once_in_one_text_and_names_its_other_phrasings() -> None:
    [page] = _pages([_article("a.txt", SUED_A), _article("b.txt", SUED_B), _article("c.txt", SUED_C)])
    body = render.render_body(page)
    assert "其他文章补充的要点" not in body and "##" not in body.split("## 相关问题")[0]
    others = SUED_TITLES - {page.title}
    assert set(page.also_asked) == others
    assert body.count("被强制执行") == 1, "a point two articles make is made once"
    assert set(page.articles) == {"a.txt", "b.txt", "c.txt"}


def test_no_question_is_made_from_a_template() -> None:
    headless = "逾期以后平台先发短信提醒。\n" * 3 + "接着会有人打电话催收，语气越来越重。\n" * 3 + \
        "最后可以向监管部门投诉暴力催收。\n" * 3
    pages = _pages([_article("x.txt", headless), _article("y.txt", "一、先核实对方身份\n" + REPAIR_SCAM)])
    for page in pages:
        for text in (page.title, *(e.question for e in page.entries)):
            assert not re.match(r"^(关于.+，(需要知道什么|应该怎么做)|如何.+)？$", text), text


def test_a_page_for_one_jurisdiction_says_so_on_the_page_in_lists_and_in_front_matter(tmp_path: Path) -> None:
    [page] = _pages([_article("tw.txt", CARD_NEGOTIATION, "taiwan")])
    body = render.render_body(page)
    assert body.split("\n")[2] == '!!! info "适用于中国台湾地区"'
    assert render.faq_meta(page)["jurisdiction"] == "taiwan"
    assert render.listed_title(page) == f"{page.title}（台湾地区）"
    docs = render.documents([page])
    assert f"[{page.title}（台湾地区）]" in docs["index.md"][1]
    general = _pages([_article("any.txt", CARD_NEGOTIATION)])[0]
    assert "jurisdiction" not in render.faq_meta(general) and "适用于" not in render.render_body(general)


def test_a_page_for_no_jurisdiction_says_whose_readers_its_articles_were_not_written_for(tmp_path: Path) -> None:
    """A general article written in Traditional is not the mainland's (Article.not_for): its page records it
    (front matter not_for), tells the reader, and asks its questions for other readers than a mainland
    page does; faqkit check then finds no duplicate, and one without not_for is one."""
    not_mainland = replace(_article("hant.txt", CARD_NEGOTIATION), not_for=("mainland",))
    [page] = _pages([not_mainland])
    assert page.jurisdiction == "general" and page.not_for == ("mainland",)
    assert render.faq_meta(page)["not_for"] == ["mainland"]
    assert '!!! info "不针对中国大陆"' in render.render_body(page).split("\n")
    assert "not_for" not in render.faq_meta(_pages([_article("any.txt", CARD_NEGOTIATION)])[0])
    general = replace(page, path="overdue/general.md")
    mainland = replace(_pages([_article("cn.txt", CARD_NEGOTIATION, "mainland")])[0], path="overdue/cn.md")
    docs = tmp_path / "docs"
    for pages, expected in (([general, mainland], 0), ([replace(general, not_for=()), mainland], 1),
                            ([general, replace(mainland, path="overdue/cn2.md", jurisdiction="general")], 1)):
        for path in docs.rglob("*.md") if docs.exists() else ():
            path.unlink()
        for rel, (meta, text) in render.documents(pages).items():
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / rel).write_text(render.render_document(meta, text, "2026-01-01")[0], encoding="utf-8")
        findings = check.check_docs(docs, ROOT, build=False)
        # (The helper's articles carry no real sha256: the only schema finding is about that.)
        assert not [f for f in findings if f.rule == "schema" and "sha256" not in f.message], findings
        assert len([f for f in findings if f.rule == "duplicate-question"]) == expected, (expected, findings)


def test_the_same_question_under_two_jurisdictions_is_not_a_duplicate(tmp_path: Path) -> None:
    """`faqkit check`: a question answered once per jurisdiction is answered once; twice for one is not."""
    taiwan = replace(_pages([_article("tw.txt", CARD_NEGOTIATION, "taiwan")])[0], path="overdue/tw.md")
    mainland = replace(_pages([_article("cn.txt", CARD_NEGOTIATION, "mainland")])[0], path="overdue/cn.md")
    docs = tmp_path / "docs"
    for pages, expected in (([taiwan, mainland], 0), ([taiwan, replace(mainland, jurisdiction="taiwan")], 1)):
        for path in docs.rglob("*.md") if docs.exists() else ():
            path.unlink()
        for rel, (meta, text) in render.documents(pages).items():
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / rel).write_text(render.render_document(meta, text, "2026-01-01")[0], encoding="utf-8")
        findings = [f for f in check.check_docs(docs, ROOT, build=False) if f.rule == "duplicate-question"]
        assert len(findings) == expected, findings



def test_a_group_that_can_only_ask_a_question_already_asked_joins_the_page_that_asks_it() -> None:
    """Two pages asking one question for one jurisdiction would answer it twice: a group whose every
    candidate title is taken joins the page that took its first; for another jurisdiction it stands."""
    def group(name: str, jurisdiction: str) -> list[Article]:
        return [_article(name, SUED_A, jurisdiction)]

    asks = [["网贷逾期会被起诉吗？"], ["网贷逾期会被起诉吗？", "被起诉了怎么办？"], ["网贷逾期会被起诉吗？"]]
    titles = _unique_titles([group("a", "mainland"), group("b", "mainland"), group("c", "mainland")], asks)
    assert titles == [("网贷逾期会被起诉吗？", None), ("被起诉了怎么办？", None), ("网贷逾期会被起诉吗？", 0)]
    titles = _unique_titles([group("a", "mainland"), group("b", "mainland"), group("c", "taiwan")], asks)
    assert titles[2] == ("网贷逾期会被起诉吗？", None)
    titles = _unique_titles([group("a", "taiwan"), group("b", "mainland"), group("c", "general")], asks)
    assert titles[2] == ("网贷逾期会被起诉吗？", 0), "a page for every jurisdiction conflicts with each"


def test_headlines_asking_one_question_in_other_words_start_on_one_page() -> None:
    """Same question in other words: at least 0.6 of the character bigrams shared, each headline with at
    least four of them; the pairs are found among each headline's nearest, never by comparing all."""
    def joined(a: str, b: str) -> bool:
        return same_question_pairs([a, "征信报告上的逾期记录多久消除？", b]) == [[0, 2]]

    assert joined("信用卡还不上怎么办？", "信用卡还不起怎么办？")  # 0.6 exactly
    assert not joined("网贷被起诉吗？", "网贷会被起诉吗？")  # 4 of 7, 0.57: left to the text to decide
    assert joined("网贷坐牢吗？", "网贷坐牢么？")  # four bigrams each
    assert not joined("该怎么办？", "我该怎么办？"), "three bigrams say too little (0.75 shared)"
    assert not joined("网贷逾期会坐牢吗", "网贷逾期会坐牢")  # headlines that do not ask
    # Fewer bigrams in common, the same things asked the same way: one question (its signature's words).
    assert joined("网贷逾期不还会被起诉吗？", "网贷逾期一定会被起诉吗？")  # 0.54 of bigrams, 3 words each
    assert not joined("网贷逾期不还会被起诉吗？", "网贷逾期被起诉了怎么办？"), "yes or no, or what to do"
    assert not joined("网贷逾期了怎么办？", "网贷逾期以后该怎么办？"), "two words name too little to tell"
    articles = [_article("a.txt", SUED_A.replace("网贷逾期不还会被起诉吗？", "信用卡还不上怎么办？")),
                _article("b.txt", CARD_NEGOTIATION.replace("信用卡欠款还不起怎么和银行协商？", "信用卡还不起怎么办？")),
                _article("c.txt", REPAIR_SCAM)]
    assert sorted(map(sorted, _groups(articles))) == [["a.txt", "b.txt"], ["c.txt"]]


def test_one_question_is_known_however_it_is_worded() -> None:
    """question_identity, the one key organize and check tell questions apart by: the things a question
    names and what it asks for, once it names SAME_QUESTION_MIN_WORDS of them; below that, its wording."""
    one = question_identity
    assert one("信用卡逾期会被银行起诉吗？") == one("信用卡逾期真的会被银行起诉吗？")  # an adverb more
    assert one("信用卡逾期会被银行起诉吗？") != one("信用卡逾期被银行起诉了怎么应对？"), "yes or no, or how"
    assert one("香港申请IVA需要什么条件？") != one("香港申请DRP需要什么条件？"), "Latin words name things"
    assert one("逾期3天会上征信吗？") != one("逾期90天会上征信吗？"), "so do numbers"
    # At the edge: three words (逾期, 征信, 3) are enough, two (网贷, 逾期) are not.
    assert len(question_signature("逾期3天会上征信吗？")[0]) == SAME_QUESTION_MIN_WORDS
    assert one("逾期3天会上征信吗？") == one("逾期3天真的会上征信吗？")
    assert len(question_signature("网贷逾期了怎么办？")[0]) == SAME_QUESTION_MIN_WORDS - 1
    assert one("网贷逾期了怎么办？") != one("网贷逾期以后该怎么办？")
    assert one("网贷逾期了怎么办？") == one("网贷逾期了，怎么办?")  # the same words, other punctuation
    assert one("2. 收集证据") == one("收集证据：") != one("保留证据")  # a step's number is its place
    # Another name of one thing is that thing (signature_synonyms); a narrower thing is not.
    assert one("网络贷款逾期会被起诉吗？") == one("网贷逾期会被起诉吗？") == one("网贷平台逾期会被起诉吗？")
    assert one("网贷逾期会上个人征信吗？") == one("网贷逾期会上征信吗？")
    assert one("助学贷款逾期会被起诉吗？") != one("网贷逾期会被起诉吗？")


CREDIT_REPAIR_WITH_A_LAWSUIT_SECTION = """征信修复是骗局吗？
一、征信修复是怎么骗人的？
有人打电话说可以花钱修复征信、洗白逾期记录，这是骗局。征信报告上真实的逾期记录不能删除，只能在还清以后等五年自动消除。
二、网贷逾期真的一定会被起诉吗？
不一定会。平台起诉要花诉讼费和时间，通常是欠得多、拖得久才走到法院这一步，先催收是常态。
"""


def test_a_section_asking_another_pages_title_in_other_words_is_answered_on_that_page() -> None:
    """Two pages answering one question is what the reader must never meet: a section whose question
    another page's title asks, however worded, is answered on that page, and its own page links there."""
    pages = _pages([_article("a.txt", SUED_A), _article("b.txt", CREDIT_REPAIR_WITH_A_LAWSUIT_SECTION)])
    by_title = {page.title: page for page in pages}
    sued, scam = by_title["网贷逾期不还会被起诉吗？"], by_title["征信修复是骗局吗？"]
    assert "网贷逾期真的一定会被起诉吗？" in [entry.question for entry in sued.entries]
    assert [entry.question for entry in scam.entries] == ["征信修复是怎么骗人的？"]
    assert [link.path for link in scam.elsewhere] == [sued.path]
    assert "b.txt" in dict(sued.sources), "the page cites the article its answer drew from"


def test_check_reports_two_pages_asking_one_question_in_other_words(tmp_path: Path) -> None:
    """`faqkit check` uses the same key as ingest: a contributor's page titled 网贷逾期真的会被起诉吗？ next
    to one titled 网贷逾期不还会被起诉吗？ is one question answered twice; for two jurisdictions it is not."""
    sued = replace(_pages([_article("a.txt", SUED_A, "mainland")])[0], path="overdue/a.md")
    scam = replace(_pages([_article("b.txt", REPAIR_SCAM, "mainland")])[0], path="overdue/b.md")
    docs = tmp_path / "docs"
    for retitled, expected in (("网贷逾期真的会被起诉吗？", 1), ("网贷逾期被起诉了怎么应对？", 0)):
        for jurisdiction, expected_here in (("mainland", expected), ("taiwan", 0)):
            other = replace(scam, title=retitled, jurisdiction=jurisdiction)
            for path in docs.rglob("*.md") if docs.exists() else ():
                path.unlink()
            for rel, (meta, text) in render.documents([sued, other]).items():
                (docs / rel).parent.mkdir(parents=True, exist_ok=True)
                (docs / rel).write_text(render.render_document(meta, text, "2026-01-01")[0], encoding="utf-8")
            findings = [f for f in check.check_docs(docs, ROOT, build=False) if f.rule == "duplicate-question"]
            assert len(findings) == expected_here, (retitled, jurisdiction, findings)


def test_a_page_for_hong_kong_or_taiwan_asks_a_reviewed_question_in_its_own_words() -> None:
    """The reviewed questions are worded for the mainland (网贷): a concern asked in other words in Hong Kong
    or Taiwan (``asked_in`` of taxonomy.yaml) is asked in those on a page for that jurisdiction; a page for
    every jurisdiction keeps the mainland's."""
    sued = ("被财务公司入禀区域法院追讨欠款，收到传票之后应该点做？\n"
            "收到区域法院的传票，唔好置之不理，要在限期内递交认收送达书，否则法院会缺席判决。\n"
            "如果真系还唔到，可以同财务公司商讨分期，或者申请破产，由破产管理署处理。\n")
    headless = replace(_article("hk.txt", sued, "hongkong"), title="")
    reviewed = concern_questions([headless])
    assert "网贷逾期会被起诉吗？" in reviewed, "the case at hand"
    for jurisdiction, own_words in (("hongkong", "欠债不还会被入禀追讨吗？"), ("taiwan", "欠债不还会被告吗？")):
        _, candidates = _representative([replace(headless, jurisdiction=jurisdiction)])
        assert own_words in candidates and not [q for q in candidates if "网贷" in q], jurisdiction
    _, general = _representative([replace(headless, jurisdiction="general")])
    assert general == reviewed


def test_a_headless_article_on_a_lenders_collapse_is_titled_by_the_readers_question() -> None:
    """A platform that went under (倒闭, 跑路, 暴雷) leaves its borrowers asking whether they still owe: a
    concern of its own, not the broad 逾期了怎么办？ that a page of no dominant concern is given. A company
    that closed (公司倒闭) is no lender's collapse: the reader lost a job, and asks how to repay."""
    collapsed = ("有的网贷平台倒闭了，老板也不见了，这种平台暴雷以后，借款合同仍然有效。\n"
                 "出借人的债权还在，可能转给别的机构，所以平台倒闭不等于不用还。\n"
                 "要留好合同和还款记录，等接手的机构公布新的还款渠道。\n")
    headless = replace(_article("collapse.txt", collapsed, "mainland"), title="")
    assert concern_questions([headless])[0] == "网贷平台倒闭了，借的钱还要还吗？"
    laid_off = ("去年公司倒闭了，我失业以后信用卡和网贷都还不上。\n"
                "还不上的时候先联系平台说明情况，申请延期或者分期还款。\n")
    other = replace(_article("laid-off.txt", laid_off, "mainland"), title="")
    from faqkit.organize.facts import concern_counts, taxonomy
    collapse = [c["name"] for c in taxonomy()["reader_concerns"]].index("platform-collapse")
    assert concern_counts(headless)[collapse] > 0 and concern_counts(other)[collapse] == 0


def test_a_headless_page_no_concern_dominates_is_titled_in_a_readers_words() -> None:
    """The broad question of the most specific term its articles repeat: 网贷逾期了怎么办？ from the template,
    but 遇到催收怎么办？ where the template would say 催收了怎么办？ (taxonomy.yaml title_questions)."""
    mixed = ("催收打来电话的时候，先核实对方身份和欠款金额。\n"
             "催收要求转账到个人账户的不要转，合同和还款记录都要留好。\n"
             "还不上的时候联系平台申请延期，别让记录上征信，也可以咨询律师。\n")
    headless = replace(_article("calls.txt", mixed, "mainland"), title="")
    assert concern_questions([headless])[0] == "遇到催收怎么办？"
    online = replace(_article("online.txt", mixed.replace("催收", "网贷逾期以后"), "mainland"), title="")
    assert concern_questions([online])[0] == "网贷逾期了怎么办？"


def test_a_headless_page_that_repeats_no_subject_term_asks_what_it_speaks_of_first() -> None:
    """A news item on crooks posing as a collection firm never says 逾期 or 催收: the broad 逾期了怎么办？
    does not fit it, and the concerns it speaks of come first (no single one dominates here); the broad
    question stays as a last resort. One that repeats a term still opens with that term's question."""
    from faqkit.organize.facts import taxonomy

    posing = ("有人冒充追数公司职员打电话，自称律师，说要上门，要求把钱转到私人户口。\n"
              "接到这类电话先挂断，再打给银行或财务公司的官方热线核实，不要转账。\n"
              "如果对方恐吓威胁，保留录音和短信截图，然后报警。\n")
    headless = replace(_article("posing.txt", posing, "hongkong"), title="")
    assert not any(headless.text.count(term) >= 2 for term in taxonomy()["title_terms"]), "the case at hand"
    asked = concern_questions([headless])
    assert asked[0] != "逾期了怎么办？" and asked[-1] == "逾期了怎么办？" and len(asked) > 1
    once_more = replace(headless, text=headless.text + "催收公司这样做违法。催收电话可以录音。")
    assert concern_questions([once_more])[0] == "遇到催收怎么办？"


def test_a_headless_article_on_credit_inquiries_is_titled_by_the_readers_question() -> None:
    """Excerpts about how often a credit report was looked up (查询次数, 硬查询) had no concern of their own:
    a page of four was titled 逾期了怎么办？, though none of them spoke of being overdue."""
    inquiries = ("半年里在好几个软件上点了查看额度，每点一次都是一次机构查询。\n"
                 "硬查询太多，银行会以为你很缺钱，查询次数多了贷款可能被拒。\n"
                 "想要申请房贷的人，三个月内的查询记录最好不要超过四次。\n")
    headless = replace(_article("inquiries.txt", inquiries, "mainland"), title="")
    assert concern_questions([headless])[0] == "征信查询次数多会影响贷款吗？"
    _, candidates = _representative([replace(headless, jurisdiction="taiwan")])
    assert candidates[0] == "联征查询次数多会影响贷款吗？"


def test_a_page_for_hong_kong_takes_a_question_in_the_mainland_s_words_last() -> None:
    """A concern with no wording of Hong Kong's own (诉前调解 is the mainland's procedure) comes after the
    questions in no other jurisdiction's words: only a page nothing else can title takes it."""
    mediated = ("财务公司提出调解，调解员约我去调解中心，调解通知是真的吗？\n"
                "调解员会先核实身份，调解不成可以申请破产，由破产管理署处理，调解中心不收费。\n"
                "调解员不会叫你转账，调解通知要打去调解中心核实。\n")
    headless = replace(_article("hk.txt", mediated, "hongkong"), title="")
    reviewed = concern_questions([headless], jurisdiction="hongkong")
    mainland_worded = [q for q in reviewed if "诉前调解" in q]
    assert mainland_worded and reviewed.index(mainland_worded[0]) < len(reviewed) - 1, "the case at hand"
    _, candidates = _representative([headless])
    assert candidates[-len(mainland_worded):] == mainland_worded
    assert candidates[:-len(mainland_worded)] == [q for q in reviewed if q not in mainland_worded]


def test_a_word_that_is_furniture_on_its_own_line_is_never_a_tag() -> None:
    """求助 on a line of its own is a forum's filler; as a keyword ingest chose, check flagged ingest's page."""
    from faqkit.organize.facts import choose_tags

    text = ("负债求助怎么办？\n负债以后去哪里求助？很多人求助无门，求助平台也不一定可靠。\n"
            "求助之前先算清债务，向银行和法律援助中心求助最稳妥，求助时保留好证据。\n")
    tags = choose_tags(_article("help.txt", text))
    assert tags and "求助" not in tags


def test_an_article_not_for_a_jurisdiction_never_lands_on_its_page() -> None:
    """A general article written in Traditional (not for the mainland) never groups with a mainland
    article however alike their text, may group with a Taiwan one; when it can only ask a question a
    mainland page asks, the mainland page keeps the title and it is withheld and reported, never merged."""
    mainland = _article("b.txt", SUED_A, "mainland")
    not_mainland = replace(_article("a.txt", SUED_A), not_for=("mainland",))
    taiwan = _article("c.txt", SUED_B, "taiwan")
    assert sorted(map(sorted, _groups([not_mainland, mainland]))) == [["a.txt"], ["b.txt"]]
    assert sorted(map(sorted, _groups([not_mainland, taiwan]))) == [["a.txt", "c.txt"]]
    # It chooses its title last although its name comes first.
    asks = [["网贷逾期不还会被起诉吗？"], ["网贷逾期不还会被起诉吗？"]]
    titles = _unique_titles([[not_mainland], [mainland]], asks)
    assert titles == [("网贷逾期不还会被起诉吗？", 1), ("网贷逾期不还会被起诉吗？", None)]
    groups = [[not_mainland], [mainland]]
    withheld = _join_taken(groups, titles)
    assert groups[1] == [mainland] and [name for name, _ in withheld] == ["a.txt"]
    assert "answered on a mainland page, and it is not for mainland" in withheld[0][1]
    general = _article("d.txt", SUED_B)
    groups = [[general], [mainland]]
    assert _join_taken(groups, titles) == [] and groups[1] == [mainland, general]


RECORD_DURATION = """征信上的逾期记录多久能消除？
逾期记录在欠款还清之日起保留五年，五年以后征信系统自动删除，不用找任何人处理。
还没还清的逾期记录会一直显示，所以先把欠款还清，记录才会开始计算五年的时间。
期间按时还款，新的良好记录会慢慢覆盖过去的不良记录。
"""
MORTGAGE = """征信有逾期记录还能贷款买房吗？
有逾期记录不一定办不了房贷。银行审批房贷时主要看最近两年的征信，连续三个月逾期或者累计六次逾期的，房贷很难批下来。
偶尔一两次逾期且已还清的，可以向银行说明原因，多付首付或者找人担保，也有机会批贷。
买房前先打一份征信报告，看清楚自己的逾期记录，再决定什么时候申请房贷。
"""
DEBT_FIRM = """找债务重组公司办个人自愿安排靠谱吗？
个人自愿安排（IVA）是香港破产条例下的债务重组方式，要由代名人向债权人提出还款建议，债权人同意后每月还款。
有些债务重组公司声称可以帮你办个人自愿安排，先收顾问费和手续费，之后就失去联系；也有中介公司把虚假破产服务包装成债务重组。
签约前先查清楚债务重组公司的背景，不要先付前期费用。
"""
IVA = """个人自愿安排（IVA）是怎样进行的？
个人自愿安排是香港破产条例下的债务重组方式，债务人通过代名人向债权人提出还款建议。
债权人会议上，代表债务总额百分之七十五以上的债权人同意，方案就成立，债务人按方案每月还款，一般还五年。
完成方案以后，余下的债务获得豁免，不用宣布破产。
"""


def test_related_reader_concerns_stay_on_pages_of_their_own() -> None:
    """A record's duration and a mortgage with that record, or an IVA and the fee-taking firms that sell
    it, are each other's neighbours, not one question: each concern (taxonomy.yaml) keeps its page."""
    credit = [_article("record.txt", RECORD_DURATION), _article("house.txt", MORTGAGE)]
    assert sorted(map(sorted, _groups(credit))) == [["house.txt"], ["record.txt"]]
    relief = [_article("iva.txt", IVA, "hongkong"), _article("firm.txt", DEBT_FIRM, "hongkong")]
    assert sorted(map(sorted, _groups(relief))) == [["firm.txt"], ["iva.txt"]]


def test_the_credit_report_itself_is_no_consequence_but_landing_on_it_is() -> None:
    """征信 is the subject of every credit article (repair, a record's duration, a mortgage); only 上征信,
    landing on the report, is what overdue leads to."""
    from faqkit.organize.facts import _concerns, concern_counts

    consequences = [name for name, _ in _concerns()].index("consequences")
    about_the_report = _article("r.txt", "征信报告怎么查？\n打开征信中心的网站，注册以后就能查自己的征信报告。\n")
    landing_on_it = _article("l.txt", "逾期多久会上征信？\n一般逾期超过三个月就会上征信，影响以后贷款。\n")
    assert concern_counts(about_the_report)[consequences] == 0
    assert concern_counts(landing_on_it)[consequences] > 0


def test_concern_counts_count_every_word_of_every_concern_as_a_search_for_each_would() -> None:
    """Only the words a scan finds are counted; the counts are those of counting each word everywhere, words
    inside longer ones included (协商 inside 协商还款, 停息 inside 停息挂账)."""
    from faqkit.organize.facts import HEADING_WEIGHT, HEADLINE_WEIGHT, _concerns, concern_counts

    text = ("网贷逾期还不上，可以协商还款吗？\n一、申请停息挂账\n"
            "先和平台协商，说明还不起的原因，申请停息挂账或个性化分期。\n"
            "二、收到传票怎么办\n按时应诉，别缺席判决。催收的人加微信也别理。\n")
    for article in [_article("n.txt", text), *(_article(p.name, p.read_bytes().decode("utf-8", "replace"))
                                               for p in sorted((ROOT / "sources").glob("*.txt")))]:
        headings = "".join(section.question for section in article.sections)
        expected = [sum(HEADLINE_WEIGHT * article.title.count(w) + HEADING_WEIGHT * headings.count(w)
                        + article.text.count(w) for w in words) for _, words in _concerns()]
        assert concern_counts(article) == expected
        assert sum(1 for count in expected if count) >= 3


SUED_LABELED = """法律知识
网贷逾期以后平台会不会起诉，主要看欠款金额和逾期时间。金额小、时间短的，平台多数先催收，不急着起诉。
长期不还、金额较大的，平台可能向法院起诉，判决后不履行的会被强制执行。尽早和平台协商还款，可以避免被起诉。
"""


def test_a_headline_that_asks_nothing_is_not_listed_as_another_wording_of_the_page_question() -> None:
    """A portal's channel label standing where the headline goes (法律知识) asks no question: the page lists
    the other articles' headlines that ask, not it."""
    [page] = _pages([_article("a.txt", SUED_A), _article("b.txt", SUED_B), _article("l.txt", SUED_LABELED)])
    assert set(page.articles) == {"a.txt", "b.txt", "l.txt"}
    assert page.also_asked == tuple(SUED_TITLES - {page.title, "网贷逾期了真的会被法院起诉吗？"})
    # Search still finds the page by it (front matter, not shown).
    assert page.headlines == ("法律知识",)
    assert render.faq_meta(page)["headlines"] == list(page.headlines)


@pytest.mark.parametrize("headline", ["收到诉前调解短信是真是假", "催收说要上门是真的假的", "逾期了还能不能贷款买房"])
def test_a_question_asked_without_a_question_word_of_the_usual_kind_is_a_question(headline: str) -> None:
    assert is_question(headline) and question_form(headline) == headline + "？"
    assert "yes-no" in question_kinds(headline)


def test_a_page_keeps_its_articles_other_headlines_up_to_the_limit_asking_or_not() -> None:
    base = _article("a.txt", SUED_A)
    # The page's own title, written with other punctuation, is not listed again.
    titled = replace(base, name="t.txt", title="网贷逾期不还会被起诉吗?")
    others = [replace(base, name=f"o{i}.txt", title=f"网贷逾期{chr(0x4E00 + 100 + i)}问" + "吗？" * (i % 2))
              for i in range(MAX_ALSO_ASKED + 1)]
    asking, unasked = _other_headlines("网贷逾期不还会被起诉吗？", [titled, *others])
    kept = [headline_question(o.title) for o in others[:MAX_ALSO_ASKED]]
    assert asking == tuple(k for k in kept if k.endswith("？")) and unasked == tuple(k for k in kept if "？" not in k)
    assert len(asking) + len(unasked) == MAX_ALSO_ASKED and asking and unasked


def test_a_sales_hook_among_a_pages_headlines_is_kept_for_search_not_shown_as_asked() -> None:
    base = _article("a.txt", SUED_A)
    hook = replace(base, name="h.txt", title="欠款越滚越多，夜夜失眠，是不是让您走投无路？")
    plain = replace(base, name="p.txt", title="网贷逾期一定会被起诉吗？")
    asking, unasked = _other_headlines("网贷逾期不还会被起诉吗？", [hook, plain])
    assert asking == ("网贷逾期一定会被起诉吗？",)
    assert unasked == ("欠款越滚越多，夜夜失眠，是不是让您走投无路？",)


def test_a_headline_pointing_back_at_its_article_is_kept_for_search_not_shown_as_asked() -> None:
    """遇到这种情况该找谁？ needs the article it opened: shown among a page's other questions, it asks nothing."""
    base = _article("a.txt", SUED_A)
    back = replace(base, name="b.txt", title="遇到这种情况，该去哪里投诉？")
    plain = replace(base, name="p.txt", title="网贷逾期一定会被起诉吗？")
    asking, unasked = _other_headlines("网贷逾期不还会被起诉吗？", [back, plain])
    assert asking == ("网贷逾期一定会被起诉吗？",) and unasked == ("遇到这种情况，该去哪里投诉？",)


CALLS_OUTLINE = """催收电话的应对
一、催收电话打来时
先核实对方的身份和所属机构，记下工号，不要在电话里透露家人和同事的信息。
二、遇到这种情况怎么办？
保存通话录音和短信截图，向借款平台的客服投诉，必要时向监管部门反映。
三、催收打电话到单位怎么办？
告诉对方你会主动联系平台协商，要求停止拨打单位电话，骚扰不停的可以报警。
"""


def test_a_section_question_that_points_back_never_titles_a_page() -> None:
    article = _article("calls.txt", CALLS_OUTLINE)
    assert "遇到这种情况怎么办？" in [s.question for s in article.sections]
    _, titles = _representative([article])
    assert "遇到这种情况怎么办？" not in titles and "催收打电话到单位怎么办？" in titles


@pytest.mark.parametrize(("headline", "question"), [
    ("催收说要上门是真的吗，一次看明白！", "催收说要上门是真的吗？"),
    ("网贷逾期了，怎么办，这篇讲清楚", "网贷逾期了，怎么办？"),
    ("收到律师函是真的吗，如何应对？", "收到律师函是真的吗，如何应对？"),  # the last clause asks too
    ("逾期了，怎么办？", "逾期了，怎么办？"),
    ("五天要紧吗，看这里", "五天要紧吗？"),  # five Han characters ask: enough
    ("真要紧吗，看这里", "真要紧吗，看这里？"),  # four are too few to stand for the headline
    # a list of topics after the asking part
    ("征信小知识：查询多了会影响贷款吗、查询记录、审批关键一次讲清楚", "征信小知识：查询多了会影响贷款吗？"),
    ("逾期会上征信吗、会被起诉吗？", "逾期会上征信吗、会被起诉吗？"),  # the last item asks too
    ("问题2：逾期会被起诉吗？", "逾期会被起诉吗？"),  # a question-and-answer page's label
    ("问：逾期会上门吗？", "逾期会上门吗？"),
    # a subtitle after a colon goes when the part before it asks
    ("怎样看穿冒充法院的调解短信：五种常见手法与应对", "怎样看穿冒充法院的调解短信？"),
    ("催收上门怎么办：家人会被连累吗？", "催收上门怎么办：家人会被连累吗？"),  # the part after asks too
    ("该怎么办：催收上门的三种应对", "该怎么办：催收上门的三种应对？"),  # four Han characters ask: too few
    # a label (at most MAX_LEAD_IN Han characters) or a lead-in pointing back, before a colon and a question
    ("执业律师解读：收到支付令后怎么办？", "收到支付令后怎么办？"),  # six Han characters: a label
    ("执业律师来解读：收到支付令后怎么办？", "执业律师来解读：收到支付令后怎么办？"),  # seven: not only a label
    ("面对这种情况，很多人都想知道：催收公司上门合法吗？", "催收公司上门合法吗？"),
    # the lead-in names what the question is about: it stays
    ("平台突然倒闭了，借款人最关心：是否还要继续还款？", "平台突然倒闭了，借款人最关心：是否还要继续还款？"),
    # a lead-in before a question that opens with a connective
    ("不少人借了好几笔网贷，那么逾期以后家里人会知道吗？", "逾期以后家里人会知道吗？"),
    ("逾期了，那么怎么办？", "逾期了，那么怎么办？"),  # four Han characters after it: too few to stand alone
])
def test_a_headline_that_asks_and_then_adds_a_subtitle_asks_its_question(headline: str, question: str) -> None:
    assert headline_question(headline) == question


@pytest.mark.parametrize(("headline", "question"), [
    ("信用卡逾期 银行会起诉吗", "信用卡逾期，银行会起诉吗？"),  # the space between two phrases is a comma
    ("网贷逾期了怎么办 三个方法教你应对", "网贷逾期了怎么办？"),  # and a subtitle after the asking part goes
])
def test_a_headline_whose_phrases_a_space_separates_asks_its_question(headline: str, question: str) -> None:
    assert headline_question(headline) == question


@pytest.mark.parametrize(("headline", "question"), [
    ("哈喽，家人们，网贷逾期了家里人会知道吗？", "网贷逾期了家里人会知道吗？"),  # a greeting
    ("必看！征信花了还能贷款买房吗", "征信花了还能贷款买房吗？"),  # a short exclamation
    ("别慌！要起诉吗？", "别慌！要起诉吗？"),  # what is left (4 Han characters) is too short to stand alone
    ("别慌！会被起诉吗？", "会被起诉吗？"),  # MIN_ASKING_PART (5) is enough
])
def test_a_headline_opener_is_no_part_of_its_question(headline: str, question: str) -> None:
    assert headline_question(headline) == question


def test_a_rule_makes_a_question_of_a_heading_never_of_a_longer_headline() -> None:
    from faqkit.core.text import MAX_HEADING_LINE

    heading = "网贷逾期协商注意事项"
    longest = "年" * (MAX_HEADING_LINE - len(heading)) + heading  # as long as a heading may be
    assert question_form(longest) == longest.removesuffix("注意事项") + "要注意什么？"
    assert question_form("年" + longest) is None
    asking = "年" * MAX_HEADING_LINE + "会被起诉吗"  # a text that asks gets its mark at any length
    assert question_form(asking) == asking + "？"


@pytest.mark.parametrize("step", ["了解网贷的基本知识", "认识起诉函的内容"])
def test_a_heading_that_says_learn_about_it_stays_a_step_not_a_template_question(step: str) -> None:
    """了解X was made 'X有哪些要点？', a question no reader asks; linked from other pages it read as one."""
    from faqkit.ingest.segment import as_question

    assert question_form(step) is None and as_question(step) == step


# Two articles of one page (the same headline) whose steps name one step in other words. Written here.
HARASSMENT_STEPS_A = """催收打电话骚扰家人怎么办？
一、立即收集证据
把催收电话录音，短信和聊天记录截图保存好，记下每次来电的时间和号码。
二、投诉渠道与流程
可以拨打12378向金融监管部门反映，也可以在互联网金融协会的网站提交材料。
三、有平台名称的短信
正规短信会写明平台名称和客服电话，内容只提醒还款，不带威胁。
"""
HARASSMENT_STEPS_B = """催收打电话骚扰家人怎么办？
一、收集证据与初步处理
亲属接听时请开启录制功能，并明确告诉对方此事与亲属无关，要求停止联系。
二、投诉渠道
向放贷机构所在城市的地方金融管理部门写信反映，列明骚扰次数，附上音频材料。
三、没有平台名称的短信
不写平台名称、只留个人手机号的短信，多半是违规催收，不要按短信里的要求转账。
四、投诉
把录音和截图交给派出所，说明对方多次骚扰家人，请求民警出面制止。
"""


def test_one_step_in_other_words_is_one_section_of_the_page_each_point_once(tmp_path: Path) -> None:
    """收集证据与初步处理 is 立即收集证据 and 投诉渠道 is 投诉渠道与流程 (every content word of one is the
    other's): one section each, under the first article's heading, with the other's points in it; a step
    saying 没有 is not the step saying 有, and one word (投诉) is too little to be the same step."""
    [page] = _pages([_article("a.txt", HARASSMENT_STEPS_A), _article("b.txt", HARASSMENT_STEPS_B)])
    headings = [entry.question for entry in page.entries]
    # The leader (b.txt, the more complete) comes first: its headings stand.
    assert headings == ["收集证据与初步处理", "投诉渠道", "没有平台名称的短信", "投诉", "有平台名称的短信"]
    for step, other_words in (("收集证据与初步处理", "截图保存好"), ("投诉渠道", "12378")):
        entry = next(entry for entry in page.entries if entry.question == step)
        assert other_words in "".join(points_of(entry.answer)) and entry.sources == ("a.txt", "b.txt")

    docs = tmp_path / "docs"
    for rel, (meta, body) in render.documents([page]).items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(render.render_document(meta, body, "2026-01-01")[0], encoding="utf-8")
    assert not [f for f in check.check_docs(docs, ROOT, build=False) if f.rule == "duplicate-step"]


def test_check_names_a_step_said_twice_on_a_page_in_other_words(tmp_path: Path) -> None:
    """`faqkit check` holds a contributor's page to what ingest does: a section, or a part under a question,
    headed with a step the page has in other words is reported; a part under another question, a step
    saying 没有, and a step of one word are not."""
    [page] = _pages([_article("a.txt", HARASSMENT_STEPS_A)])
    docs = tmp_path / "docs"
    for rel, (meta, body) in render.documents([page]).items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        text = render.render_document(meta, body, "2026-01-01")[0]
        if rel == page.path:
            text += ("\n## 没有平台名称的短信\n\n不写平台名称的短信多半违规。\n\n"
                     "## 收集证据\n\n保存录音。\n\n## 投诉\n\n向监管部门投诉。\n")
        (docs / rel).write_text(text, encoding="utf-8")
    findings = [f for f in check.check_docs(docs, ROOT, build=False) if f.rule == "duplicate-step"]
    assert len(findings) == 1 and "收集证据" in findings[0].message and "立即收集证据" in findings[0].message


@pytest.mark.parametrize(("a", "b", "same"), [
    ("收集证据", "立即收集证据", True),
    ("投诉渠道", "最有效的投诉渠道", True),
    ("收集证据", "保留证据", True),  # one action in other verbs (step_synonyms)
    ("保存证据", "立即收集证据", True),
    ("收集证据", "提交证据", False),  # other words
    ("法律依据", "关键法律依据", True),  # one term of SAME_STEP_MIN_TERM characters says enough
    ("公安局", "向公安局报案", False),  # one term shorter than that does not
    ("有平台名称", "无平台名称", False),  # saying not
    ("投诉", "向消费者协会投诉", False),  # one word says too little
    ("如何收集证据？", "收集证据", False),  # a question is no step
])
def test_two_headings_name_one_step_when_one_holds_every_content_word_of_the_other(a: str, b: str,
                                                                                     same: bool) -> None:
    assert same_step(a, b) is same and same_step(b, a) is same
    if a == "收集证据":
        assert len(step_words(a)) == SAME_STEP_MIN_WORDS
    if a in ("法律依据", "公安局"):
        assert [len(word) for word in step_words(a)] == [SAME_STEP_MIN_TERM if same else SAME_STEP_MIN_TERM - 1]


def test_a_part_naming_a_step_of_the_page_joins_it_and_parts_under_two_questions_stay() -> None:
    """A part (###) under a question that names one of the page's own steps in other words joins that
    step; two parts under two questions that name one step stay each under its question."""
    def part(heading: str, text: str) -> Section:
        return Section(heading, heading, (Block(text),), level=3)

    evidence = Section("立即收集证据", "立即收集证据", (Block("通话要录音，短信要截图保存。"),))
    step = Entry("立即收集证据", evidence, "", ("a",))
    first = Entry("家人被骚扰怎么办？", Section("", "家人被骚扰怎么办？", (), subsections=(
        part("收集证据", "请家人也把接到的来电录下来，留作证据。"),
        part("及时联系借款平台", "先打平台客服电话说明情况。"))), "", ("b",))
    second = Entry("还不上怎么协商？", Section("", "还不上怎么协商？", (), subsections=(
        part("积极主动联系借款平台", "主动联系平台说明收入变化。"),)), "", ("c",))
    merged = _without_repeated_headings([step, first, second])
    assert [p.heading for p in merged[1].answer.subsections] == ["及时联系借款平台"]
    assert [p.heading for p in merged[2].answer.subsections] == ["积极主动联系借款平台"]
    assert "请家人也把接到的来电录下来，留作证据。" in points_of(merged[0].answer)


def test_a_title_of_numbers_and_small_words_is_named_by_its_words_not_page() -> None:
    """A file name comes from the title's content words; a title with none (a number and small words) is
    named by all its words, so two such pages are not page.md and page-<hash>.md."""
    from faqkit.organize.facts import slug_for

    assert slug_for("714不还会怎么样？") == "714-bu-hai-hui-zenmeyang"
    assert slug_for("网贷逾期会被起诉吗？") == "wangdai-yuqi-beiqisu"  # content words, as before
    assert slug_for("？") == "page"


def test_the_colon_subtitle_is_kept_when_asked_for() -> None:
    headline = "怎样看穿冒充法院的调解短信：五种常见手法与应对"
    assert headline_question(headline, colon_subtitle=True) == headline + "？"


@pytest.mark.parametrize(("headline", "hook"), [
    ("卡债压得人抬不起头，是不是让您喘不过气？", True),
    ("你是否每晚都为还款焦虑得睡不着？", True),
    ("网贷逾期压力大，该怎么办？", False),  # distress, but nobody is spoken to: a reader asks this
    ("你知道网贷逾期会被起诉吗？", False),  # the reader is spoken to about the debt, not their distress
])
def test_a_headline_speaking_to_the_readers_distress_is_a_hook(headline: str, hook: bool) -> None:
    assert is_hook(headline) is hook


HOOK_CARD = """欠了一身卡债，是不是让你每天焦虑得睡不着？
信用卡欠款还不起的时候，可以先打电话给发卡银行，说明收入减少，请银行把欠款改成分期。
和银行谈的时候带上收入证明，说清每个月能还多少，银行同意以后按约定还款。
"""


def test_a_hook_headline_titles_a_page_only_when_nothing_else_can() -> None:
    hook, plain = _article("hook.txt", HOOK_CARD), _article("plain.txt", CARD_NEGOTIATION)
    leader, titles = _representative([hook, plain])
    assert leader.name == "plain.txt" and titles[0] == "信用卡欠款还不起怎么和银行协商？"
    assert titles[-1] == "欠了一身卡债，是不是让你每天焦虑得睡不着？"
    _, alone = _representative([hook])
    assert alone[-1] == "欠了一身卡债，是不是让你每天焦虑得睡不着？"


# Twelve things to do about collection calls, each its own advice, and one sentence about something else.
_CALL_ADVICE = ("接到催收电话先问清对方的工号。", "催收电话里说的话都录下来。",
                "催收短信要截图留底。", "对方辱骂就挂断电话再报警。",
                "催收打电话给家人可以向银保监投诉。", "在电话里核实平台的全称和合同编号。",
                "催收电话里承诺的减免要对方发书面确认。", "不要在电话里答应转账到个人账户。",
                "催收要你加私人微信就拒绝。", "一天打来十几次电话属于骚扰可以举报。",
                "催收冒充法院工作人员时打官方电话核实。", "把每次催收来电的时间记在本子上。")
_AWAY = "周末天气晴朗适合带孩子去公园散步。"


def _answer(*points: str) -> Section:
    return Section("", "", (Block(items=points),))


def test_other_articles_add_at_most_a_dozen_points_the_least_shared_left_out() -> None:
    """Past MAX_ADDED_POINTS an answer's merged list is the same advice in other words; what is left out is
    what the answers least agree on, and what is added keeps the order the articles wrote it in."""
    from faqkit.organize.answers import MAX_ADDED_POINTS, merge_answers

    assert len(_CALL_ADVICE) == MAX_ADDED_POINTS
    base = _answer("催收电话要留存录音。")
    merged, added = merge_answers(base, [_answer(*_CALL_ADVICE[:6], _AWAY, *_CALL_ADVICE[6:])])
    assert added == MAX_ADDED_POINTS and merged.blocks[-1].items == _CALL_ADVICE  # the walk in the park goes
    merged, added = merge_answers(base, [_answer(*_CALL_ADVICE[:11], _AWAY)])
    assert added == 12 and merged.blocks[-1].items == (*_CALL_ADVICE[:11], _AWAY)  # room for it: kept


def test_a_step_label_out_of_its_sequence_is_no_point_to_add() -> None:
    """第二步：… from another article's steps means nothing under this answer (there is no 第一步 here); a
    label that names a thing (证据：…) or a step written as a sentence still adds its point."""
    from faqkit.organize.answers import merge_answers

    base = _answer("催收电话要留存录音。")
    other = _answer("第二步：先弄清楚调解的性质", "第四招：不要轻易转账给个人", "步骤3：打官方电话核实调解员",
                    "证据：通话录音和短信截图都要留", "第五步：把来电时间记在本子上。")
    merged, _ = merge_answers(base, [other])
    assert merged.blocks[-1].items == ("证据：通话录音和短信截图都要留", "第五步：把来电时间记在本子上。")


def test_a_point_that_leans_on_its_own_article_is_not_added_to_another_answer() -> None:
    """A sentence lifted out of another article and put in this answer's list loses what came before it:
    然而… / 这个过程… / 其… point back at nothing here and are left out; a linking word that only joins
    (此外，其次，) goes, and the point it opened is added."""
    from faqkit.organize.answers import merge_answers

    base = _answer("催收电话要留存录音。")
    other = _answer("然而，并不是每一次逾期都会走到法院起诉那一步。",
                    "这个过程一般需要三到六个月的时间才能完成。",
                    "其主要目的是让借款人感到害怕从而尽快还钱。",
                    "此外，还可以向当地银保监分局投诉催收公司。",
                    "其次，要主动联系平台说明自己的实际困难。",
                    "对方辱骂威胁的时候直接挂断电话再报警。")
    merged, added = merge_answers(base, [other])
    assert merged.blocks[-1].items == ("还可以向当地银保监分局投诉催收公司。", "要主动联系平台说明自己的实际困难。",
                                       "对方辱骂威胁的时候直接挂断电话再报警。")
    assert added == 3


def test_a_point_opening_with_a_linking_word_joined_without_a_comma_still_leans_back() -> None:
    """因此对于… has no comma to drop with the word: the link stays, so the point stays out."""
    from faqkit.organize.answers import merge_answers

    base = _answer("催收电话要留存录音。")
    merged, added = merge_answers(base, [_answer("因此对于小额欠款平台通常不会花钱去起诉借款人。")])
    assert added == 0 and merged == base


@pytest.mark.parametrize(("headline", "question"), [
    ("「信用卡还不起，我是不是要破产？」三个办法帮你渡过难关", "信用卡还不起，我是不是要破产？"),
    ("“网贷逾期会坐牢吗？”律师这样回答", "网贷逾期会坐牢吗？"),
    ("《民法典》说了什么？高利贷不用还", "《民法典》说了什么？"),  # a pair kept whole stays
])
def test_a_headline_cut_at_its_question_keeps_no_bracket_it_cannot_close(headline: str, question: str) -> None:
    from faqkit.organize.pages import headline_question

    assert headline_question(headline) == question


def test_unmatched_brackets_go_and_matched_ones_stay() -> None:
    from faqkit.core.text import without_unmatched_brackets

    assert without_unmatched_brackets("「卡数供唔起？") == "卡数供唔起？"
    assert without_unmatched_brackets("催收）怎么办（") == "催收怎么办"
    assert without_unmatched_brackets("（一）「逾期」和“催收”") == "（一）「逾期」和“催收”"
    assert without_unmatched_brackets("((a)") == "(a)"


@pytest.mark.parametrize(("text", "category"), [
    # Relief by agreement is negotiation, even where the page warns against the firms that sell it.
    ("个人自愿安排（IVA）适合我吗？\nIVA要由持牌人士办理，收费中介很多是骗局。\n做了IVA以后每月按时供款，五年后余债豁免。\n",
     "overdue"),
    # Relief by the courts is litigation, not a scam because the page names one.
    ("申请破产有什么后果？\n破产期间出境要先通知受托人，有人冒充受托人诈骗，要当心。\n破产四年后可以解除破产。\n",
     "mediation-litigation"),
])
def test_debt_relief_pages_sit_with_negotiation_or_the_courts_not_with_scams(text: str, category: str) -> None:
    from faqkit.organize.facts import choose_category

    assert choose_category(_article("relief.txt", text)) == category


@pytest.mark.parametrize(("headline", "question"), [
    ("芝麻分六百怎样选择合适的贷款产品指南", "芝麻分六百怎样选择合适的贷款产品？"),
    ("信用卡逾期怎么办全攻略", "信用卡逾期怎么办？"),
    ("如何申请停息挂账的详细教程", "如何申请停息挂账？"),
])
def test_a_headline_naming_a_guide_asks_what_comes_before_the_genre_word(headline: str, question: str) -> None:
    from faqkit.core.questions import question_form

    assert question_form(headline) == question
