"""The short answer at its edges: at most ``short_answer`` (120) characters from data/limits.yaml, for
the answer organize picks (best_answer) and for what ``faqkit check`` accepts on a page (the schema's
maxLength on description and on each question's answer): 120 passes, 121 is a finding."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from faqkit.check.pages import load_page
from faqkit.check.schema import check_front_matter
from faqkit.core.records import Article, Block, Section
from faqkit.core.text import bigrams
from faqkit.organize.answers import _answer_score, _trim, best_answer, question_answer, short_answer
from tests.conftest import ROOT

LIMIT = 120


def _sentence(length: int, *, advice: bool = True) -> str:
    """A sentence of exactly ``length`` characters that ends with 。, clauses separated by ，."""
    clause = "借款人可以主动联系平台协商还款" if advice else "这笔借款的利息一直在增加之中"
    body = ((clause + "，") * (length // len(clause) + 1))[:length - 1]
    return (body[:-1] + "款" if body.endswith("，") else body) + "。"


def _pool(*sentences: str, conclusion: bool = False) -> list[tuple[tuple[Block, ...], bool]]:
    """One paragraph of ``sentences``."""
    return [((Block(text="".join(sentences)),), conclusion)]


@pytest.mark.parametrize("length", [LIMIT, LIMIT + 1, LIMIT + 24, 2 * LIMIT])
def test_a_chosen_answer_never_exceeds_the_limit(length: int) -> None:
    sentence = _sentence(length)
    assert len(sentence) == length
    answer = best_answer("逾期了怎么和平台协商还款？", _pool(sentence), "兜底")
    assert len(answer) <= LIMIT and answer.endswith("。")
    if length <= LIMIT:
        assert answer == sentence, "a sentence that fits is kept whole"
    else:
        # Cut at the last clause that fits, never inside one.
        assert answer.removesuffix("。") + "，" in sentence or answer.removesuffix("。") in sentence


def test_a_sentence_over_twice_the_limit_is_never_chosen() -> None:
    too_long, fits = _sentence(2 * LIMIT + 1), "借款人应当主动联系平台协商。"
    assert best_answer("逾期了怎么和平台协商还款？", _pool(too_long, fits), "兜底") == fits
    at_most = _sentence(2 * LIMIT)
    assert best_answer("逾期了怎么和平台协商还款？", _pool(at_most, fits), "兜底") != fits


def test_a_sentence_needs_twelve_characters_to_answer() -> None:
    eleven, twelve = "可以先联系平台协商还。", "可以先联系平台协商还款。"
    assert (len(eleven), len(twelve)) == (11, 12)
    assert best_answer("怎么协商？", _pool(eleven), "兜底") == "兜底"
    assert best_answer("怎么协商？", _pool(twelve), "兜底") == twelve


def test_the_next_sentence_joins_only_when_both_fit() -> None:
    first = "借款人应当主动联系平台，说明自己的还款困难。"
    room = LIMIT - len(first)
    fits = _sentence(room, advice=False)
    too_long = _sentence(room + 1, advice=False)
    assert best_answer("逾期了怎么和平台协商？", _pool(first, fits), "兜底") == first + fits
    assert best_answer("逾期了怎么和平台协商？", _pool(first, too_long), "兜底") == first
    # A question or a sentence announcing a list does not join either.
    assert best_answer("逾期了怎么和平台协商？", _pool(first, "那么具体应该怎么做？"), "兜底") == first


def test_questions_and_list_announcements_answer_nothing() -> None:
    paragraphs = (Block(text="逾期以后应该主动和平台协商吗？"), Block(text="主动协商时要注意以下几点："),
                  Block(text="主动协商往往可以减少罚息。"))
    answer = best_answer("逾期了怎么和平台协商？", [(paragraphs, False)], "兜底")
    assert answer == "主动协商往往可以减少罚息。"


def test_a_linking_opening_is_dropped_from_the_answer() -> None:
    answer = best_answer("逾期了怎么协商？", _pool("此时，借款人应当主动联系平台协商。"), "兜底")
    assert answer == "借款人应当主动联系平台协商。"


def test_advice_the_questions_words_and_the_conclusion_make_the_better_answer() -> None:
    plain = "这种情况在网贷借款人中非常普遍。"
    advice = "借款人应当及时核实对方的身份。"
    assert best_answer("借款人遇到这种情况该怎么办？", _pool(plain, advice), "兜底") == advice
    on_topic = "冻结银行卡一般需要法院的裁定才行。"
    off_topic = "借款人应当保持冷静并及时还款。"
    assert best_answer("网贷逾期会冻结银行卡吗？", _pool(off_topic, on_topic), "兜底") == on_topic
    # The same sentence in the conclusion wins over its twin in the body; a connective opening loses.
    body, summary = "借款人要主动和平台沟通。", "借款者要主动和平台沟通。"
    pools = [*_pool(body), *_pool(summary, conclusion=True)]
    assert best_answer("怎么和平台沟通？", pools, "兜底") == summary
    assert best_answer("怎么和平台沟通？", _pool("而且借款人要主动和平台沟通。", "借款人要主动和平台沟通才行。"),
                       "兜底") == "借款人要主动和平台沟通才行。"


def test_list_items_answer_with_their_text_after_the_label() -> None:
    block = Block(items=("主动沟通：借款人应当主动联系平台说明情况。", "保留证据"))
    assert best_answer("逾期后怎么和平台沟通？", [((block,), False)], "兜底") == "借款人应当主动联系平台说明情况。"


def test_the_fallback_is_trimmed_to_the_limit_too() -> None:
    fallback = _sentence(LIMIT + 10)
    answer = best_answer("问题？", [], fallback)
    assert len(answer) <= LIMIT and answer.endswith("。")
    assert best_answer("问题？", [], "短的兜底") == "短的兜底"


# ------------------------------------------------------------------------------- faqkit check's limit

@pytest.fixture
def page(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of one of the committed FAQ pages, as docs/<category>/<page>.md."""
    source = next(p for p in sorted((ROOT / "docs").glob("*/*.md")) if p.name != "index.md")
    path = tmp_path / "docs" / source.parent.name / source.name
    path.parent.mkdir(parents=True)
    shutil.copyfile(source, path)
    return tmp_path / "docs", path


def _schema_findings(docs: Path) -> list[str]:
    """What the front-matter check (the page schema, maxLength from limits.yaml) says of the one page."""
    path = next(docs.glob("*/*.md"))
    page = load_page(path, path.relative_to(docs).as_posix(), path.as_posix())
    check_front_matter(page, dt.date(2100, 1, 1))
    return [f.message for f in page.findings if f.rule == "schema"]


@pytest.mark.parametrize(("length", "found"), [(LIMIT, False), (LIMIT + 1, True)])
def test_check_takes_a_description_of_120_characters_and_not_121(page: tuple[Path, Path], length: int,
                                                                  found: bool) -> None:
    docs, path = page
    text = path.read_text(encoding="utf-8")
    description = _sentence(length)
    path.write_text(re.sub(r"^description: .*$", f"description: {description}", text, count=1, flags=re.M),
                    encoding="utf-8")
    messages = _schema_findings(docs)
    assert any(f"有 {LIMIT + 1} 个字，超过 {LIMIT} 字" in m and "description" in m for m in messages) is found
    assert not [m for m in messages if "description" not in m]


@pytest.mark.parametrize(("length", "found"), [(LIMIT, False), (LIMIT + 1, True)])
def test_check_takes_a_question_answer_of_120_characters_and_not_121(page: tuple[Path, Path], length: int,
                                                                     found: bool) -> None:
    docs, path = page
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^  answer: ", text, re.M), "the page lists its questions with their answers"
    answer = _sentence(length)
    path.write_text(re.sub(r"^  answer: .*$", f"  answer: {answer}", text, count=1, flags=re.M), encoding="utf-8")
    messages = _schema_findings(docs)
    # The finding names the answer and its length, not only that `questions` has neither shape.
    assert (messages == [f"`questions.0.answer` 有 {LIMIT + 1} 个字，超过 {LIMIT} 字"]) is found
    assert not [m for m in messages if "questions.0.answer" not in m]


# ------------------------------------------------------------------------------------ how it is chosen

@pytest.mark.parametrize(("sentence", "limit", "trimmed"), [
    ("一二三，四五六，七八九。", 12, "一二三，四五六，七八九。"),  # fits: kept as it is
    ("一二三，四五六，七八九。", 9, "一二三，四五六。"),  # two clauses take 8 of the 9, and 。 the last
    ("一二三，四五六，七八九。", 8, "一二三。"),
    ("一二三；四五六，七八九。", 9, "一二三；四五六。"),
    ("一二三四五六七八九十。", 5, "一二三四。"),  # no clause fits: cut, and closed
    ("下载APPX，四五六，七八九。", 9, "下载APPX。"),  # only the clause's punctuation goes
])
def test_a_long_sentence_is_cut_after_the_last_clause_that_fits(sentence: str, limit: int, trimmed: str) -> None:
    assert _trim(sentence, limit) == trimmed
    assert len(trimmed) <= limit


def _score(sentence: str, question: str, in_conclusion: bool = False) -> float:
    return _answer_score(sentence, set(bigrams(question)), in_conclusion)


def test_the_score_adds_advice_the_questions_words_and_the_conclusion_and_takes_off_a_connective() -> None:
    question = "冻结卡吗？"  # three bigrams: 冻结 结卡 卡吗
    assert _score("借款人要先及时联系平台处理。", question) == 2  # 要 先 及时: three advice words count two
    assert _score("借款人先联系平台处理一下吧。", question) == 1
    assert _score("法院会依法冻结借款人的财产。", question) == 2  # one of three bigrams: 6 × 1/3
    assert _score("借款人先联系平台处理一下吧。", question, in_conclusion=True) == 1.5
    assert _score("而且借款人先联系平台处理吧。", question) == 0  # 而且 does not stand alone: -1
    assert _score("借款人先联系平台处理一下吧。", "？") == 1, "a question without bigrams shares none"


def test_ties_go_to_the_earlier_sentence() -> None:
    first, second = "借款人要联系平台说明情况。", "借款人要联系银行说明情况。"
    assert _score(first, "怎么办？") == _score(second, "怎么办？")
    assert best_answer("怎么办？", _pool(first, second), "兜底").startswith(first)
    assert best_answer("怎么办？", [*_pool(first), *_pool(second)], "兜底") == first
    assert best_answer("怎么办？", [*_pool("太短了。"), *_pool(first), *_pool(second)], "兜底") == first


def test_words_of_the_question_outweigh_one_advice_word_but_not_two() -> None:
    advice = "借款人要先及时联系平台处理。"  # 2
    on_topic = "法院会依法冻结借款人的财产。"  # 2: a tie, the earlier wins
    assert best_answer("冻结卡吗？", [*_pool(advice), *_pool(on_topic)], "兜底") == advice
    assert best_answer("冻结卡吗？", [*_pool(on_topic), *_pool(advice)], "兜底") == on_topic


def test_a_body_sentence_one_point_better_beats_the_conclusion() -> None:
    body, summary = "借款人先联系平台处理一下吧。", "借款人联系平台处理一下就好。"  # 1 and 0 + 0.5
    assert best_answer("怎么办？", [*_pool(summary, conclusion=True), *_pool(body)], "兜底") == body


def test_a_connective_costs_one_point() -> None:
    connective, summary = "而且借款人要先联系平台处理。", "借款人联系平台处理一下就好。"  # 2 - 1 and 0 + 0.5
    assert best_answer("怎么办？", [*_pool(summary, conclusion=True), *_pool(connective)], "兜底") == connective


@pytest.mark.parametrize("opening", ["但", "可是", "而且", "前项", "同条"])
def test_a_sentence_that_continues_another_loses_to_its_twin_standing_alone(opening: str) -> None:
    """Without the point a connective costs, the earlier of two equal sentences would win."""
    alone = "借款人要先联系平台处理。"
    assert best_answer("怎么办？", _pool(opening + alone + alone), "兜底") == alone
    assert best_answer("怎么办？", _pool("但凡" + alone + alone), "兜底").startswith("但凡"), "但凡 opens a sentence"
    assert best_answer("怎么办？", _pool("本条例" + alone + alone), "兜底").startswith("本条例"), "a law's own name"


def test_an_item_loses_only_its_label() -> None:
    block = Block(items=("第一步：借款人应当主动联系平台：说明自己的情况。",))
    assert best_answer("怎么办？", [((block,), False)], "兜底") == "借款人应当主动联系平台：说明自己的情况。"


@pytest.mark.parametrize(("text", "answer"), [
    ("借款人应当主动联系平台说明情况", "借款人应当主动联系平台说明情况。"),  # closed with 。
    ("借款人应当主动联系平台说明情况！", "借款人应当主动联系平台说明情况！"),
    ("律师说“借款人应当主动联系平台”", "律师说“借款人应当主动联系平台”"),
])
def test_an_answer_ends_like_a_sentence(text: str, answer: str) -> None:
    assert best_answer("怎么办？", [((Block(items=(text,)),), False)], "兜底") == answer


def test_the_sentence_that_follows_is_the_next_one_and_never_a_list_announcement() -> None:
    first = "借款人应当主动联系平台协商。"
    after, last = "平台一般会同意分期。", "这种情况其实很常见。"
    assert best_answer("怎么协商？", _pool(first, after, last), "兜底") == first + after
    assert best_answer("怎么协商？", _pool(first, "具体做法有以下几点："), "兜底") == first


def test_a_pages_short_answer_draws_on_its_conclusion_introduction_and_sections() -> None:
    section = Section("协商", "怎么和平台协商？", (Block(text="借款人应当主动联系平台协商还款。"),), 2,
                      (Section("材料", "材料", (Block(text="记得提前准备好收入证明等材料。"),), 3),))
    article = Article(name="a.txt", sha256="", text="", title="逾期了怎么协商还款？",
                      intro=(Block(text="逾期以后很多人不知道该怎么做。"),), sections=(section,),
                      conclusion=(Block(text="总之只要态度诚恳就有商量的余地。"),))
    assert short_answer(article) == "借款人应当主动联系平台协商还款。"
    assert question_answer("怎么准备材料？", section) == "记得提前准备好收入证明等材料。"
    assert question_answer("怎么办？", Section("空", "怎么办？", ())) == "怎么办？"
    conclusion_only = Article(name="b.txt", sha256="", text="", title="逾期了怎么协商还款？",
                              conclusion=(Block(text="借款人应当主动联系平台协商还款。"),),
                              intro=(Block(text="借款人应当主动联系平台协商还款！"),))
    assert short_answer(conclusion_only) == "借款人应当主动联系平台协商还款。", "the conclusion's wins a tie"


@pytest.mark.parametrize("never", [
    "本文由专家为你分析逾期以后的各种风险。",  # the article talking about itself
    "这篇文章会一步一步陪你走完整个协商流程。",
    "用户须自行评估本刊物所载资料是否适用于自己。",  # a publication's disclaimer
    "催收人员加我微信说要上门是真的吗。",  # a question, whatever its last mark
    "“逾期会影响孩子吗？”这个问题最近常有人问起。",
    "以官方公布的文本为准）第十一条规定借款人可以申请延期。",  # a piece of a sentence cut at a bracket
    "要探讨网贷逾期怎么办，我们得先把借款合同的性质讲清楚。",  # the writer talking about the discussion
    "今天就跟大家聊聊网贷逾期以后应该怎么办才好。",
    "在回答之前，先了解一下网贷逾期的几种常见情形。",
    "那次网贷逾期以后我被平台扣了三百元的服务费。",  # the writer's own story
    # the writer leading on to the next part
    "知道了网贷逾期有哪些后果，接下来让我们看看应该怎么办。",
    "既然我们已经了解了逾期的后果，下面说说借款人应该怎么办。",
    # the writer announcing how the answer will go
    "关于这个问题，得从支付命令的性质和异议期限两方面加以说明。",
    "对于这些问题，下面分成几种情况逐一讲清楚借款人的处境。",
])
def test_a_sentence_that_never_answers_is_not_chosen(never: str) -> None:
    answer = "借款人可以先联系平台说明情况。"
    assert best_answer("网贷逾期怎么办？", _pool(never, answer), "兜底") == answer
    assert best_answer("网贷逾期怎么办？", _pool(never), "兜底") == "兜底"


def test_an_example_is_a_weaker_answer_and_a_list_number_is_dropped() -> None:
    grams = set(bigrams("网贷逾期怎么办？"))
    example, plain = "例如，网贷逾期以后可以先联系平台。", "网贷逾期以后可以先联系平台，说明情况。"
    assert _answer_score(example, grams, False) == _answer_score(example.removeprefix("例如，"), grams, False) - 1
    assert best_answer("网贷逾期怎么办？", _pool(example, plain), "兜底") == plain
    numbered = "(2) 网贷逾期以后可以先联系平台。"
    assert best_answer("网贷逾期怎么办？", _pool(numbered), "兜底") == numbered.removeprefix("(2) ")


@pytest.mark.parametrize("narrator_free", ["我国法律规定网贷逾期应当先协商还款。",
                                           "网贷逾期以后要注意自我保护，保留证据。"])
def test_our_country_and_oneself_are_no_narrator(narrator_free: str) -> None:
    assert best_answer("网贷逾期怎么办？", _pool(narrator_free), "兜底") == narrator_free


@pytest.mark.parametrize("opening", ["他们", "而"])
def test_a_sentence_opening_with_a_pronoun_or_a_contrast_is_a_weaker_answer(opening: str) -> None:
    grams = set(bigrams("网贷逾期会坐牢吗？"))
    sentence = "会向法院起诉网贷逾期的借款人。"
    assert _answer_score(opening + sentence, grams, False) == _answer_score(sentence, grams, False) - 1


def test_the_following_sentence_joins_only_if_it_may_answer() -> None:
    first = "借款人应当主动联系平台协商。"
    assert best_answer("怎么协商？", _pool(first, "本篇接下来会讲协商的技巧。"), "兜底") == first
    assert best_answer("怎么协商？", _pool(first, "我当时就是这样谈下来的。"), "兜底") == first


def test_an_answer_left_ending_in_a_comma_ends_in_a_full_stop_and_a_bracketed_title_in_front_goes() -> None:
    """A sentence whose ending decoration clean removed ends in a comma: the short answer ends with 。, not
    ，。; the article's title in 【】 in front of its first sentence is no part of the answer."""
    comma = best_answer("收到仲裁通知怎么办？", _pool("收到仲裁通知后可以先核实通知的真假，"), "兜底")
    assert comma == "收到仲裁通知后可以先核实通知的真假。"
    titled = _pool("【714不还会怎么样】714贷款不还会被频繁催收，要尽快协商。")
    bracket = best_answer("714贷款不还会怎么样？", titled, "兜底")
    assert bracket == "714贷款不还会被频繁催收，要尽快协商。"


def test_a_sentence_with_a_gap_between_two_han_characters_is_no_short_answer() -> None:
    """资料可自网站 下载 (an address taken out) or 人生 从卡奴到救人者 (a headline's spacing): a space inside
    Chinese text marks something missing, and a short answer is read alone."""
    gapped = "破产的资料可以自网站 下载，也可以打电话索阅，应该先看清楚再申请。"
    whole = "申请破产之前应该先和银行协商，看看能不能分期还款。"
    assert best_answer("申请破产前应该怎么做？", _pool(gapped, whole), "兜底") == whole
    assert best_answer("申请破产前应该怎么做？", _pool(gapped), "兜底") == "兜底"
    spaced = gapped.replace(" ", "")
    assert best_answer("申请破产前应该怎么做？", _pool(spaced), "兜底") == spaced
