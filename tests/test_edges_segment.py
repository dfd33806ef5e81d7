"""segment's headings at their edges: what makes a line a heading (MAX_HEADING, no sentence punctuation,
a colon only at its end), the numbered forms and their levels, ``1.`` lines as headings only when they
number the whole article, the title line (MAX_TITLE), and headings turned into questions. The articles
are written here; each case sits just inside or just outside a rule."""

from __future__ import annotations

import pytest

from faqkit.ingest.segment import MIN_QUESTION_HEADINGS, as_question, segment

INTRO = "网贷逾期并不可怕，关键是弄清楚自己的处境。"
PARAGRAPH = "借款人应当先冷静下来，核对自己的借款合同和还款记录。"
OTHER = "如果确实无力还款，可以主动联系平台说明情况，申请延期或分期。"


def _sections(*lines: str) -> list[tuple[str, str, list[str]]]:
    """(heading, question, sub-headings) of each section of an article with a title line and ``lines``."""
    # An introduction first: a short line right under the title would be taken for the farm's subtitle.
    structure = segment("\n".join(["网贷逾期以后怎么办", INTRO, *lines]))
    return [(s.heading, s.question, [sub.heading for sub in s.subsections]) for s in structure.sections]


def _text(length: int) -> str:
    """A heading text of exactly ``length`` characters, without punctuation."""
    base = "借款人遇到暴力催收时应当如何保存证据并向有关部门投诉和举报以维护自身合法权益不受侵害"
    assert len(base) >= length
    return base[:length]


def test_the_heading_length_limit_is_thirty_characters() -> None:
    at_limit, over = _text(30), _text(31)
    assert [h for h, _, _ in _sections(f"一、{at_limit}", PARAGRAPH, "二、协商还款", OTHER)] == [at_limit, "协商还款"]
    # One character more and the line is a paragraph of the introduction: only 二 remains a section.
    structure = segment("\n".join(["网贷逾期以后怎么办", INTRO, f"一、{over}", PARAGRAPH, "二、协商还款", OTHER]))
    assert [s.heading for s in structure.sections] == ["协商还款"]
    assert [b.text for b in structure.intro] == [INTRO, f"一、{over}", PARAGRAPH]


@pytest.mark.parametrize("mark", ["，", "。", "；", "！"])
def test_a_line_with_sentence_punctuation_is_not_a_heading(mark: str) -> None:
    line = f"一、逾期以后{mark}先别慌"
    assert [h for h, _, _ in _sections(line, PARAGRAPH, "二、协商还款", OTHER)] == ["协商还款"]


def test_a_colon_may_end_a_heading_but_not_stand_inside_it() -> None:
    found = _sections("一、逾期的后果：", PARAGRAPH, "二、注意：别借新还旧", OTHER, "三、协商还款", OTHER,
                      "四、注意：别", PARAGRAPH)
    assert [h for h, _, _ in found] == ["逾期的后果：", "协商还款"]
    assert found[0][1] == "逾期会有什么后果？", "the question drops the colon"


def test_headings_with_a_question_mark_or_a_comma_free_clause_are_kept_whole() -> None:
    found = _sections("一、逾期会上征信吗？", PARAGRAPH, "二、协商还款", OTHER)
    assert found[0][:2] == ("逾期会上征信吗？", "逾期会上征信吗？")


def test_chinese_numerals_are_sections_and_parenthesised_ones_their_subsections() -> None:
    found = _sections("一、逾期的原因", PARAGRAPH, "（一）收入下降", OTHER, "（二）借款过多", PARAGRAPH,
                      "二、应对方法", OTHER)
    assert found == [("逾期的原因", "逾期的原因有哪些？", ["收入下降", "借款过多"]),
                     ("应对方法", "应对方法", [])]


def test_without_chinese_numerals_parenthesised_numerals_and_dotted_numbers_are_the_sections() -> None:
    found = _sections("（一）收入下降", PARAGRAPH, "1.1 工资被拖欠", OTHER, "（二）借款过多", PARAGRAPH)
    assert [(h, subs) for h, _, subs in found] == [("收入下降", []), ("工资被拖欠", []), ("借款过多", [])]
    # Under a chinese-numeral heading, a dotted number is a subsection.
    found = _sections("一、逾期的原因", PARAGRAPH, "1.1 工资被拖欠", OTHER)
    assert [(h, subs) for h, _, subs in found] == [("逾期的原因", ["工资被拖欠"])]
    # A dotted number's text obeys the heading rules too.
    found = _sections("（一）收入下降", PARAGRAPH, "1.1 工资被拖欠，房租也涨了", OTHER)
    assert [(h, subs) for h, _, subs in found] == [("收入下降", [])]


def test_numbered_lines_are_headings_only_when_they_number_the_article() -> None:
    # 1. 2. 3. in order, each followed by a paragraph: the article's own headings.
    found = _sections("1. 核实身份", PARAGRAPH, "2. 保存证据", OTHER, "3. 协商还款", PARAGRAPH)
    assert [h for h, _, _ in found] == ["核实身份", "保存证据", "协商还款"]
    # Out of order, a lone one, or one followed by the next item: a list, not headings.
    for lines in (("1. 核实身份", PARAGRAPH, "3. 保存证据", OTHER),
                  ("1. 核实身份", PARAGRAPH, OTHER),
                  ("1. 核实身份", "2. 保存证据", PARAGRAPH, OTHER),
                  ("1. 核实身份", PARAGRAPH, "2. 保存证据")):  # the last one ends the article
        assert all(h != "核实身份" for h, _, _ in _sections(*lines)), lines


def test_a_long_numbered_line_before_a_numbered_heading_is_a_paragraph_of_the_section() -> None:
    long_item = "3. 这一行带着编号却超过了二十个字所以只是正文里的一段话而已"
    found = _sections("1. 核实身份", PARAGRAPH, long_item, "2. 保存证据", OTHER)
    assert [h for h, _, _ in found] == ["核实身份", "保存证据"]


def test_a_numbered_heading_is_at_most_twenty_characters() -> None:
    twenty, over = _text(20), _text(21)
    found = _sections(f"1. {twenty}", PARAGRAPH, "2. 保存证据", OTHER)
    assert [h for h, _, _ in found] == [twenty, "保存证据"]
    found = _sections(f"1. {over}", PARAGRAPH, "2. 保存证据", OTHER)
    assert all(h != over for h, _, _ in found)


def test_the_title_line_is_at_most_sixty_four_characters_and_not_a_sentence() -> None:
    title = "网贷逾期以后" + _text(38) + "，" + _text(19)
    assert len(title) == 64
    assert segment(f"{title}\n一、协商还款\n{PARAGRAPH}").title == as_question(title)
    longer = title + "吗"
    assert segment(f"{longer}\n一、协商还款\n{PARAGRAPH}").title != as_question(longer)
    # A first line that is a sentence is the introduction, not a title; no section asks a question, so
    # the article has no title of its own (organize names its page), never one made from a template.
    assert segment(f"网贷逾期以后怎么办。\n一、协商还款\n{PARAGRAPH}").title == ""
    assert segment(f"网贷逾期以后怎么办。\n一、逾期会上征信吗？\n{PARAGRAPH}").title == "逾期会上征信吗？"


def _titled(*intro: str) -> str:
    """The title of an article with no title line, introduction ``intro`` and one section."""
    return segment("\n".join([*intro, "一、协商还款", PARAGRAPH])).title


def test_a_question_in_the_first_three_paragraphs_is_the_title_when_it_is_eight_to_forty_characters() -> None:
    eight = "逾期以后会被起诉吗？"[-8:]
    assert len(eight) == 8
    assert _titled(f"前言一句话，没有标题。{eight}", OTHER) == eight
    assert _titled(f"前言一句话，没有标题。{eight[1:]}", OTHER) == ""
    forty = _text(39) + "？"
    assert _titled(f"前言一句话。{forty}") == forty
    assert _titled(f"前言一句话。{_text(40)}？") == ""
    assert _titled("开头一段。", "第二段。", f"第三段。{eight}") == eight
    assert _titled("开头一段。", "第二段。", "第三段。", f"第四段。{eight}") == ""


def test_a_title_question_loses_the_word_that_linked_it_to_the_sentence_before() -> None:
    assert _titled("前言一句话。那么，逾期以后会被起诉吗？") == "逾期以后会被起诉吗？"
    assert _titled("前言一句话。其实逾期以后会被起诉吗？") == "逾期以后会被起诉吗？"
    assert _titled("前言一句话。那逾期以后会被起诉吗？") == "逾期以后会被起诉吗？"


def test_a_demonstrative_that_asks_which_is_no_linking_word() -> None:
    """那一种对我比较有利？ (那 for 哪, as pages write it) lost its 那 as if it were 那么, and a page listed
    一种对我比较有利？ among the questions it answers."""
    from faqkit.core.questions import question_connective

    for asked in ("那一种对我比较有利？", "那个平台还能借吗？", "那些催收电话是真的吗？"):
        assert question_connective(asked) == "", asked
    assert question_connective("那逾期以后会被起诉吗？") == "那"


def test_a_title_question_that_asks_about_what_came_before_is_no_title() -> None:
    # 这些平台 and 它们 need the sentence before them: the article asks its question in words that do not
    # stand alone, so neither they nor a section's question (a part of the answer) title it.
    assert _titled("前言一句话。但是这些平台真的合法吗？") == ""
    assert _titled("前言一句话。但究竟它们能不能帮忙？") == ""
    assert _titled("前言一句话。但到底逾期以后会被起诉吗？") == "逾期以后会被起诉吗？"
    asks_back = segment("\n".join(["前言一句话。但是这些平台真的合法吗？", "一、网贷平台合法吗？", PARAGRAPH]))
    assert asks_back.title == ""
    asks_nothing = segment("\n".join(["前言一句话，不问什么。", "一、网贷平台合法吗？", PARAGRAPH]))
    assert asks_nothing.title == "网贷平台合法吗？"


def test_only_a_question_is_a_title() -> None:
    # A paragraph that ends without punctuation is no question, however long it is.
    assert _titled("前言一句话。", "逾期以后先别慌冷静下来处理") == ""


@pytest.mark.parametrize(("heading", "question"), [
    ("2. 逾期的后果：", "逾期会有什么后果？"),
    # a verb before 的后果 / 的风险 takes them as its object: no 会有 wedged after it
    ("逾期以后可能面临的后果", "逾期以后可能面临哪些后果？"),
    ("拖欠网贷带来的风险", "拖欠网贷带来哪些风险？"),
    ("拖欠网贷的风险", "拖欠网贷有哪些风险？"),
    ("逾期多久会被起诉", "逾期多久会被起诉？"),
    ("逾期会上征信吗？", "逾期会上征信吗？"),
    ("什么是诉前调解", "什么是诉前调解？"),
    ("什么是X", "什么是X？"),
    ("协商还款", "协商还款"),  # a step of the answer: no question is made from a template
    # A heading's own number goes; digits that are part of its words stay.
    ("2、收集证据", "收集证据"),
    ("2.1 收集证据", "收集证据"),
    ("5大官方投诉渠道", "5大官方投诉渠道"),
    ("12378投诉流程", "12378投诉流程"),
    ("2.5万元网贷逾期怎么办", "2.5万元网贷逾期怎么办？"),
])
def test_a_heading_becomes_a_question(heading: str, question: str) -> None:
    assert as_question(heading) == question


def test_a_numbered_part_after_its_predecessor_is_a_heading_despite_a_comma() -> None:
    """An article numbering its parts 一、二、三 makes 二、… a heading even with a comma in it; its text
    must not go to part 一. A comma line out of sequence, or ending as a sentence, stays text."""
    found = _sections("一、逾期的后果", PARAGRAPH, "二、协商的套路，你必须知道", OTHER, "三、协商还款", PARAGRAPH)
    assert [h for h, _, _ in found] == ["逾期的后果", "协商的套路，你必须知道", "协商还款"]
    skipped = _sections("一、逾期的后果", PARAGRAPH, "三、协商的套路，你必须知道", OTHER)
    assert [h for h, _, _ in skipped] == ["逾期的后果"]
    sentence = _sections("一、逾期的后果", PARAGRAPH, "二、先别慌，联系平台。", OTHER)
    assert [h for h, _, _ in sentence] == ["逾期的后果"]
    # A part that asks is a part too: a question ends as no sentence does.
    asked = _sections("一、逾期的后果", PARAGRAPH, "二、遇到上门催收，应该怎样应对？", OTHER)
    assert [h for h, _, _ in asked] == ["逾期的后果", "遇到上门催收，应该怎样应对？"]


def test_a_question_and_answer_page_has_its_questions_as_headings_without_their_labels() -> None:
    """问题1：…？ / 回答：… is a page of questions: each labeled question is a heading (a comma may stand in
    it), its answer's label goes and is counted; a label before no question, an over-long question or an
    answer label later in a section stay as written."""
    structure = segment("\n".join([
        "网贷逾期以后怎么办", INTRO,
        "问题1:逾期了，平台多久会打电话？", "回答：一般在逾期几天后开始电话提醒。", "答：这一句不是第一句，标签留着。",
        "问：逾期多久算违约？", "答：通常超过一个月。",
        "问题3：说明", PARAGRAPH,
        f"Q4：{_text(30)}？", OTHER]))
    sections = [(s.heading, [b.text for b in s.blocks]) for s in structure.sections]
    assert sections[0] == ("逾期了，平台多久会打电话？",
                           ["一般在逾期几天后开始电话提醒。", "答：这一句不是第一句，标签留着。"])
    assert sections[1][0] == "逾期多久算违约？" and sections[1][1] == ["通常超过一个月。", "问题3：说明", PARAGRAPH,
                                                                 f"Q4：{_text(30)}？", OTHER]
    assert [c.before for c in structure.changes if c.fix == "answer-label"] == ["回答：", "答："]


def test_an_article_without_heading_markup_takes_its_question_lines_as_headings() -> None:
    """Many farm pages lost their heading markup: each part opens with a question on a line of its own.
    With MIN_QUESTION_HEADINGS of them they are the sections; one alone, or questions in a row (a list of
    what readers ask, nothing answering each), are text."""
    parts = ["网贷逾期后，村委会会来家里吗？", PARAGRAPH, "村委会在什么情况下会出面？", OTHER]
    structure = segment("\n".join(["网贷逾期后村委会找上门是真的吗", INTRO, *parts]))
    assert [(s.heading, [b.text for b in s.blocks]) for s in structure.sections] == [
        (parts[0], [PARAGRAPH]), (parts[2], [OTHER])]
    assert MIN_QUESTION_HEADINGS == 2
    alone = segment("\n".join(["网贷逾期后村委会找上门是真的吗", INTRO, parts[0], PARAGRAPH, OTHER]))
    assert not any(s.heading for s in alone.sections)
    in_a_row = segment("\n".join(["网贷逾期后村委会找上门是真的吗", INTRO, parts[0], parts[2], PARAGRAPH, OTHER]))
    assert not any(s.heading for s in in_a_row.sections)


# ------------------------------------------------------------------------------------- lists stay whole

REASONS = ["• 金额：欠得越多，平台越可能走法律程序", "• 时长：拖了半年以上的，起诉的可能大很多",
           "• 平台：持牌机构更常直接起诉", "• 态度：一直失联的人更容易被起诉"]
STEPS = ["1. 先停下借新还旧", "2. 把还款记录和聊天记录都存好", "3. 主动提出分期或延期", "4. 收到传票一定要去应诉"]


def _lists(structure) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    blocks = [*structure.intro, *(b for s in structure.sections for b in s.blocks), *structure.conclusion]
    return [b.items for b in blocks if b.items]


def test_a_list_right_after_the_introduction_is_not_cut_between_intro_and_sections() -> None:
    """Without headings the first two lines of a long article were its introduction, even when the second
    was a list's first item: the list began in the introduction and went on in the first section."""
    structure = segment("\n".join(["网贷逾期会不会被起诉", "会不会被起诉要看几件事，下面一条条说：", *REASONS,
                                   "应对建议：", *STEPS, "注：平台要在三年诉讼时效内起诉。"]))
    assert [b.text for b in structure.intro] == ["会不会被起诉要看几件事，下面一条条说："]
    assert [len(items) for items in _lists(structure)] == [4, 4]


def test_a_list_in_a_long_article_without_headings_is_never_split_into_two_sections() -> None:
    # Twelve lines of topic text around a list: the cuts between topics fall outside it.
    talk = [f"催收打来第{n}次电话时要保留录音证据，必要时向监管部门投诉，别被吓住。" for n in range(1, 5)]
    court = [f"法院立案以后第{n}周会寄出传票，按时到庭答辩，可以请求分期履行。" for n in range(1, 5)]
    structure = segment("\n".join(["网贷逾期以后会发生什么", INTRO, *talk, *STEPS, *court]))
    assert [len(items) for items in _lists(structure)] == [4]
    assert len(structure.sections) >= 2  # it was still split by topic, elsewhere


def test_the_paragraph_after_a_closing_list_is_the_summary() -> None:
    # Eleven lines after the introduction: the last two would be the summary, but one of them is an item.
    structure = segment("\n".join(["网贷逾期会不会被起诉", INTRO, PARAGRAPH, OTHER, PARAGRAPH + "再说一遍。",
                                   OTHER + "再说一遍。", "还有几步：", *STEPS, "5. 按判决分期还",
                                   "总的来说，及早沟通比什么都重要。"]))
    assert [b.text for b in structure.conclusion] == ["总的来说，及早沟通比什么都重要。"]
    assert [len(items) for items in _lists(structure)] == [5]


def test_a_run_numbered_one_two_three_is_an_ordered_list_and_nothing_else_is() -> None:
    def lists(*lines: str) -> list[tuple[int, bool]]:
        structure = segment("\n".join(["网贷逾期以后怎么办", INTRO, "可以这样做：", *lines, PARAGRAPH]))
        return [(len(b.items), b.ordered) for b in [*structure.intro, *(b for s in structure.sections
                                                                         for b in s.blocks)] if b.items]

    assert lists(*STEPS) == [(4, True)]
    assert lists(*STEPS[1:]) == [(3, False)]  # 2, 3, 4: the excerpt lost the first step, or it is no sequence
    assert lists(STEPS[0], STEPS[2], STEPS[1], STEPS[3]) == [(4, False)]
    assert lists(*STEPS, REASONS[0]) == [(5, False)]  # a bullet in the run


def test_numbered_parts_whose_headings_hold_a_comma_are_still_the_articles_parts() -> None:
    """1.先稳住情绪，别慌 above its own paragraph, 2.… above its own: the article's parts, though a comma
    alone would make a line a sentence rather than a heading."""
    parts = ["1.先稳住情绪，别慌", "焦虑解决不了问题，先把欠款一笔笔写下来。", "2.再算清欠款，排好顺序",
             "利息高的先还，能协商的先协商。", "3.最后找人帮忙，别硬扛", "家人和法律援助都可以求助。"]
    structure = segment("\n".join(["负债累累怎么熬过去", INTRO, *parts]))
    assert [s.heading for s in structure.sections] == [
        "先稳住情绪，别慌", "再算清欠款，排好顺序", "最后找人帮忙，别硬扛"]
    # The same lines one after another are a list, not headings; and out of order they are no parts.
    listed = segment("\n".join(["负债累累怎么熬过去", INTRO, *parts[0::2], PARAGRAPH]))
    assert not any(s.heading for s in listed.sections)
    shuffled = segment("\n".join(["负债累累怎么熬过去", INTRO, *parts[2:4], *parts[0:2], *parts[4:]]))
    assert not any(s.heading for s in shuffled.sections)


def test_a_numbered_heading_with_a_comma_is_at_most_twenty_characters_too() -> None:
    twenty, over = _text(10) + "，" + _text(9), _text(10) + "，" + _text(10)
    assert len(twenty) == 20 and len(over) == 21
    found = _sections(f"1. {twenty}", PARAGRAPH, "2. 再算清欠款，排好顺序", OTHER)
    assert [h for h, _, _ in found] == [twenty, "再算清欠款，排好顺序"]
    found = _sections(f"1. {over}", PARAGRAPH, "2. 再算清欠款，排好顺序", OTHER)
    assert all(h != over for h, _, _ in found)


def test_one_question_printed_twice_is_not_two_question_headings() -> None:
    """A slideshow prints its caption under every slide: the same question line twice is one question,
    below MIN_QUESTION_HEADINGS, so the article gets no sections named after it."""
    asked = "你分得出真假吗？"
    once_more = segment("\n".join(["真假法律援助", INTRO, asked, PARAGRAPH, asked, OTHER]))
    assert not any(s.heading for s in once_more.sections)
    two = segment("\n".join(["真假法律援助", INTRO, asked, PARAGRAPH, "收费的还能叫法律援助吗？", OTHER]))
    assert [s.heading for s in two.sections] == [asked, "收费的还能叫法律援助吗？"]


@pytest.mark.parametrize("mark", ["部分：", "章 ", "节", "部分:"])
def test_parts_named_first_second_are_the_articles_top_headings(mark: str) -> None:
    """第一部分：… 第二部分：… (or 第一章, 第一节) head an article's parts as 一、 二、 do."""
    found = _sections(f"第一{mark}先弄清欠款情况", PARAGRAPH, f"第二{mark}再和平台协商", OTHER)
    assert [h for h, _, _ in found] == ["先弄清欠款情况", "再和平台协商"]
    # A sentence that opens with 第一部分 is not a heading.
    assert not any(h for h, _, _ in _sections("第一部分的钱已经还了，剩下的还在协商。", PARAGRAPH, OTHER))


def test_a_numbered_line_that_dotted_headings_number_under_is_their_part() -> None:
    """2. 原因 above 2.1 … and 2.2 …: a two-level outline. The numbered line heads the part, the dotted
    lines are its subsections; without it, the part's name sat above its first point as a one-item list
    and the points stood as the article's parts."""
    found = _sections("1. 基本概念", "1.1 什么是停息挂账", PARAGRAPH, "1.2 谁可以申请", OTHER,
                      "2. 办理流程", "2.1 准备材料", PARAGRAPH, "2.2 联系银行", OTHER)
    assert [(h, subs) for h, _, subs in found] == [("基本概念", ["什么是停息挂账", "谁可以申请"]),
                                                 ("办理流程", ["准备材料", "联系银行"])]
    # The numbered line must come before the dotted ones of its number, and be short enough to head.
    after = _sections("1.1 什么是停息挂账", PARAGRAPH, "1. 基本概念", OTHER)
    assert [h for h, _, _ in after] == ["什么是停息挂账"]
    long_line = "1. " + _text(31)
    assert all(h != long_line[3:] for h, _, _ in _sections(long_line, "1.1 什么是停息挂账", PARAGRAPH))
    # Dotted headings of another number leave a numbered line where it was.
    other = _sections("1. 基本概念", PARAGRAPH, "2.1 准备材料", OTHER)
    assert all(h != "基本概念" for h, _, _ in other)


@pytest.mark.parametrize("label", ["1. 小编导语", "1、导语", "一、小编导语"])
def test_a_numbered_intro_label_is_the_farms_label_not_a_part(label: str) -> None:
    """A content farm numbers its 导语 as the outline's first part: the label goes, the text is the intro."""
    from faqkit.ingest import process
    from faqkit.ingest.read import decode_source

    text = "\n".join(["网贷逾期收到支付令怎么办", label, INTRO, "2. 支付令是什么", "2.1 支付令的定义", PARAGRAPH,
                      "2.2 支付令的效力", OTHER])
    article = process(decode_source("a.txt", text.encode()))
    assert [s.heading for s in article.sections] == ["支付令是什么"]
    assert "导语" not in article.text


def test_titles_each_above_its_own_paragraph_are_one_list_of_labelled_items() -> None:
    """A page's list with a heading in each item came out as 1. 提交材料 / its paragraph / 2. 等待审核 / its
    paragraph: where those titles are not the article's headings (numbered 1, 2, 1, 2 they are not), each
    title and its paragraph are one item of one list."""
    from faqkit.ingest.segment import MIN_TITLED_ITEMS

    assert MIN_TITLED_ITEMS == 2
    pairs = ["1. 准备材料", "把借款合同、还款记录和收入证明都复印一份带上。",
             "2. 联系银行", "打银行的官方客服电话，说明自己暂时还不上的原因。",
             "1. 同意分期", "银行同意以后会寄来新的还款协议，签字前看清每期金额。",
             "2. 不同意", "银行不同意的话可以过一个月再申请，或者找调解组织帮忙。"]
    structure = segment("\n".join(["信用卡还不上怎样和银行协商", INTRO, *pairs, OTHER]))
    lists = [b for s in (*structure.sections,) for b in s.blocks if b.items]
    assert [item.split("：")[0] for b in lists for item in b.items] == ["准备材料", "联系银行", "同意分期", "不同意"]
    assert len(lists) == 1, "one list, never cut between its items"
    assert lists[0].items[0] == "准备材料：把借款合同、还款记录和收入证明都复印一份带上。"


def test_one_title_above_one_paragraph_is_left_as_it_was() -> None:
    """Below MIN_TITLED_ITEMS: a list's last item and the paragraph that follows it are not joined."""
    lines = ["• 保留证据", "• 及时报警", "• 向银保监投诉", "总之，遇到暴力催收不要怕，法律站在你这边，该维权就维权。"]
    structure = segment("\n".join(["遇到暴力催收怎么办", INTRO, PARAGRAPH, *lines]))
    items = [i for s in structure.sections for b in s.blocks for i in b.items]
    assert "向银保监投诉" in items and not any("：" in i for i in items)


def test_a_line_that_opens_what_follows_is_never_cut_from_it() -> None:
    """TextTiling cut where the words change most: right after a bare heading in the words of the paragraphs
    before it (征信报告逾期记录), or after a sentence announcing what follows (…分以下几步：), which were then
    left closing the part before, about nothing."""
    from faqkit.ingest.segment import split_by_topic

    before = ["征信报告上的逾期记录会保留五年，五年后自动删除。", "征信报告可以在人民银行征信中心免费查询两次。",
              "征信报告上的查询记录太多，也会影响银行审批。", "征信报告上的逾期记录和查询记录都要定期核对。"]
    after = ["和银行协商分期还款时，先打电话说明收入下降。", "和银行协商分期还款时，再提交收入证明和计划。",
             "和银行协商分期还款成功后，签订新的还款协议。", "和银行协商分期还款失败时，可以申请调解。"]
    for opener in ("征信报告逾期记录", "征信报告上的逾期记录和查询记录，分以下三步："):
        groups = split_by_topic([*before, opener, *after])
        assert len(groups) > 1 and all(group[-1] != opener for group in groups), groups


@pytest.mark.parametrize(("line", "item"), [
    ("- # 法律程序：逾期金额较大时银行会起诉。", "法律程序：逾期金额较大时银行会起诉。"),
    ("1. ## 上门催收：银行会派人核实情况。", "上门催收：银行会派人核实情况。"),
])
def test_a_headings_marks_inside_a_list_item_go(line: str, item: str) -> None:
    """A farm wrote its items as - # 法律程序：…; the marks reached the page as \\#. A tag written
    #网贷逾期# (no space after the mark) is not a heading's mark and stays."""
    from faqkit.ingest.markup import strip_inline_markup

    text, changes = strip_inline_markup(f"{line}\n")
    assert "#" not in text and item in text and any(c.fix == "markdown-heading" for c in changes)
    tagged, _ = strip_inline_markup("- #网贷逾期#话题下的讨论很多。\n")
    assert "#网贷逾期#" in tagged


def test_a_bulleted_title_alone_above_its_text_is_a_heading() -> None:
    """• 隐藏收费 / what it says / • 高利贷陷阱 / …: one-item lists above paragraphs are how the page styled
    its headings; each loses its bullet and stands as a bare heading (shown in bold). A title next to
    another item is a list's item and stays one."""
    lines = ["一、债务公司的陷阱", "• 隐藏收费", PARAGRAPH, OTHER, "• 高利贷陷阱", PARAGRAPH, OTHER,
             "二、怎样选择正规机构", "• 看牌照", "• 看收费", OTHER]
    structure = segment("\n".join(["找公司处理债务要注意什么", INTRO, *lines]))
    first, second = structure.sections
    assert [b.text for b in first.blocks][:2] == ["隐藏收费", PARAGRAPH]
    assert "高利贷陷阱" in [b.text for b in first.blocks] and not any(b.items for b in first.blocks)
    assert second.blocks[0].items == ("看牌照", "看收费")


def test_numbered_titles_that_are_no_outline_are_headings_when_alone_above_their_text() -> None:
    """1. 1. 1. (each item its own list on the page) above two paragraphs each: no outline (the numbers do
    not count up), no run of one title and one paragraph; each title is a heading above its text, and the
    introduction does not end with the first of them."""
    lines = ["1. 隐藏收费", PARAGRAPH, OTHER, "1. 高利贷陷阱", PARAGRAPH, OTHER, "1. 虚假宣传", PARAGRAPH, OTHER]
    structure = segment("\n".join(["找公司处理债务要注意什么", INTRO, *lines]))
    texts = [b.text for s in structure.sections for b in s.blocks]
    assert {"隐藏收费", "高利贷陷阱", "虚假宣传"} <= set(texts)
    assert not any(b.items for s in structure.sections for b in s.blocks)
    assert [b.text for b in structure.intro] == [INTRO]


def test_a_list_item_keeps_no_space_its_bullet_left() -> None:
    """•  第二步：… (two spaces after the bullet) gave the label ' 第二步', and the page wrote ** 第二步**,
    which Markdown shows as asterisks."""
    steps = ["•  第一步：核实通知的真假", "•  第二步：联系平台协商"]
    structure = segment("\n".join(["仲裁通知怎么处理", INTRO, *steps, OTHER]))
    items = [i for s in structure.sections for b in s.blocks for i in b.items]
    assert items == ["第一步：核实通知的真假", "第二步：联系平台协商"]


def test_a_headline_printed_again_below_the_introduction_is_taken_once() -> None:
    """A title card: the headline again between the introduction and the first part. The page shows it as
    its title; in the text it said nothing new. Where it heads its own answer (the next line answers it)
    it is the first part's heading and stays."""
    headline = "网贷逾期了，催收公司能怎么追你？"
    card = segment("\n".join([headline, INTRO, headline, "催收公司从哪来的？", PARAGRAPH,
                              "催收公司能做什么？", OTHER]))
    assert card.title == headline
    assert headline not in [b.text for b in (*card.intro, *(b for s in card.sections for b in s.blocks))]
    assert [s.heading for s in card.sections] == ["催收公司从哪来的？", "催收公司能做什么？"]
    assert ("structure", "headline-repeated") in {(c.kind, c.fix) for c in card.changes}
    heading = segment("\n".join([headline, INTRO, headline, PARAGRAPH, "催收公司能做什么？", OTHER]))
    assert [s.heading for s in heading.sections] == [headline, "催收公司能做什么？"]


@pytest.mark.parametrize(("question", "alone"), [
    ("那一种对我比较有利？", False),  # which of the two the article just named
    ("这种说法到底是不是真的？", False),
    ("听朋友讲了很多：这些平台还能借吗？", False),  # the clause after the colon points back
    ("一种新的催收骗局是真的吗？", True),
    ("催收说的这种话可信吗？", True),  # 这种 inside the question names what follows it
])
def test_a_question_opening_with_a_demonstrative_does_not_stand_alone(question: str, alone: bool) -> None:
    from faqkit.core.questions import stands_alone

    assert stands_alone(question) is alone


def test_a_question_the_text_ends_on_is_dropped_and_counted() -> None:
    """An excerpt cut right after a question heading (法律怎样保护孩子？ and its answer gone) ended the page
    on a question and nothing: it goes, counted as a cut-off when the excerpt was cut, else as structure.
    A question inside a paragraph, or one longer than a heading, ends a text as its last sentence."""
    asked = "法律怎样保护孩子？"
    cut = segment("\n".join(["网贷逾期会影响孩子吗", INTRO, PARAGRAPH, OTHER, asked]), cut_off=True)
    texts = [b.text for b in (*cut.intro, *(b for s in cut.sections for b in s.blocks), *cut.conclusion)]
    assert asked not in texts and ("cut-off", "unanswered-question") in {(c.kind, c.fix) for c in cut.changes}
    whole = segment("\n".join(["网贷逾期会影响孩子吗", INTRO, PARAGRAPH, asked]))
    assert ("structure", "unanswered-question") in {(c.kind, c.fix) for c in whole.changes}
    for last in (f"{OTHER}{asked}", _text(30) + "？"):
        kept = segment("\n".join(["网贷逾期会影响孩子吗", INTRO, PARAGRAPH, last]))
        assert not any(c.fix == "unanswered-question" for c in kept.changes), last
    assert len(_text(29) + "？") == 30
    at_limit = segment("\n".join(["网贷逾期会影响孩子吗", INTRO, PARAGRAPH, _text(29) + "？"]))
    assert any(c.fix == "unanswered-question" for c in at_limit.changes)


def test_a_part_of_the_headline_said_again_is_the_headline_again_from_sixty_percent() -> None:
    """信用卡催收上门是真的吗 below the headline 信用卡催收上门是真的吗，一篇讲清楚！ says the headline again: a
    line whose Han text is a part of the headline's, at least REPEATED_HEADLINE_SHARE of it. Shorter, it
    is the article's own line (a heading naming part of the subject)."""
    from faqkit.core.text import han_only
    from faqkit.ingest.segment import REPEATED_HEADLINE_SHARE

    headline = "催收打电话说要上门是真的吗，一篇文章讲清楚！"
    whole = han_only(headline)
    assert len(whole) == 20 and REPEATED_HEADLINE_SHARE == 0.6
    at_edge, below = whole[:12], whole[:11]
    for line, repeats in ((at_edge, True), (below, False)):
        structure = segment("\n".join([headline, INTRO, line, PARAGRAPH, OTHER]))
        found = ("structure", "headline-repeated") in {(c.kind, c.fix) for c in structure.changes}
        assert found is repeats, line
