"""publish.docs at the edges of its promises (CONTRIBUTING.md, "新材料与人工修改"): a page a person edited,
or whose ``generated_hash`` was deleted, is never overwritten or removed; new material for it goes to a
review file; an unchanged page is not rewritten; a page no source makes any more goes only when nobody
edited it. Each case runs the real ``write_docs`` on a small docs/ of pages written here."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from faqkit.core.records import Block, Entry, Link, Section
from faqkit.organize import categories
from faqkit.publish import docs as publish
from faqkit.publish import render

TODAY = "2026-01-01"
LATER = "2026-03-01"


def _page(title: str, answer: str, *, category: str = "overdue") -> tuple[dict, str]:
    meta = {"title": title, "description": answer, "category": category, "tags": ["逾期"],
            "questions": [], "related": [], "sources": [{"file": "a.txt", "sha256": "0" * 64}]}
    return meta, f"# {title}\n\n{answer}\n"


FIRST = {"overdue/call.md": _page("接到催收电话怎么办？", "先核实对方身份，再说明自己的还款计划。"),
         "overdue/record.md": _page("逾期会上征信吗？", "逾期通常会被报送征信，越早还清影响越小。")}


def ingest(docs: Path, pages: dict[str, tuple[dict, str]], today: str = TODAY) -> publish.IngestResult:
    result = publish.IngestResult()
    publish.write_docs(docs, pages, today, result)
    return result


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    docs = tmp_path / "docs"
    result = ingest(docs, FIRST)
    assert result.written == sorted(FIRST) and not result.unchanged
    return docs


def _set_hash_line(path: Path, line: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^generated_hash: .*\n", line, text, count=1, flags=re.M), encoding="utf-8")


def test_a_second_run_with_the_same_material_changes_no_byte(docs: Path) -> None:
    before = {p: p.read_bytes() for p in docs.rglob("*.md")}
    result = ingest(docs, FIRST, today=LATER)
    assert result.unchanged == sorted(FIRST) and result.written == [] and result.kept_edited == []
    assert {p: p.read_bytes() for p in docs.rglob("*.md")} == before


def test_new_material_for_an_untouched_page_is_written(docs: Path) -> None:
    newer = {**FIRST, "overdue/call.md": _page("接到催收电话怎么办？", "先核实对方身份，再要求对方出示委托。")}
    result = ingest(docs, newer, today=LATER)
    assert result.written == ["overdue/call.md"] and result.unchanged == ["overdue/record.md"]
    text = (docs / "overdue/call.md").read_text(encoding="utf-8")
    assert "要求对方出示委托" in text and f"last_reviewed: '{LATER}'" in text
    assert not (docs.parent / "review").exists()


@pytest.mark.parametrize("hash_line", ["", "generated_hash: ''\n", "generated_hash:\n"],
                         ids=["line-deleted", "emptied", "null"])
def test_a_page_without_its_generated_hash_is_hand_edited_and_kept(docs: Path, hash_line: str) -> None:
    """CONTRIBUTING: deleting generated_hash marks a page as edited by hand; re-ingest must not overwrite
    it, even when its text is otherwise exactly what ingest wrote, and even when the sources change."""
    page = docs / "overdue/call.md"
    _set_hash_line(page, hash_line)
    kept = page.read_bytes()
    result = ingest(docs, FIRST, today=LATER)
    assert page.read_bytes() == kept and result.kept_edited == ["overdue/call.md"]
    assert result.written == []
    newer = {**FIRST, "overdue/call.md": _page("接到催收电话怎么办？", "先核实对方身份，再要求对方出示委托。")}
    result = ingest(docs, newer, today=LATER)
    assert page.read_bytes() == kept and result.review == ["overdue/call.md"]
    review = (docs.parent / "review/overdue/call.md").read_text(encoding="utf-8")
    assert "要求对方出示委托" in review
    # Its source gone, the page still stays (listed), as a page with a hash nobody touched would not.
    result = ingest(docs, {"overdue/record.md": FIRST["overdue/record.md"]}, today=LATER)
    assert page.read_bytes() == kept and result.removed == []
    assert result.kept_without_source == ["overdue/call.md"]


def test_a_changed_generated_hash_is_an_edit_too(docs: Path) -> None:
    page = docs / "overdue/call.md"
    _set_hash_line(page, "generated_hash: 0123456789abcdef\n")
    kept = page.read_bytes()
    result = ingest(docs, FIRST, today=LATER)
    assert page.read_bytes() == kept and result.kept_edited == ["overdue/call.md"]
    # The material is what the page was made from: the hash on the page does not name it, so it is new.
    assert result.review == ["overdue/call.md"]


def test_an_edited_body_is_kept_and_the_same_material_twice_makes_one_review_file(docs: Path) -> None:
    page = docs / "overdue/call.md"
    page.write_text(page.read_text(encoding="utf-8").replace("先核实", "请先核实"), encoding="utf-8")
    kept = page.read_bytes()
    result = ingest(docs, FIRST, today=LATER)
    # The page's generated_hash still names this material: nothing new to review.
    assert page.read_bytes() == kept and result.kept_edited == ["overdue/call.md"] and result.review == []
    newer = {**FIRST, "overdue/call.md": _page("接到催收电话怎么办？", "先核实对方身份，再要求对方出示委托。")}
    result = ingest(docs, newer, today=LATER)
    review = docs.parent / "review/overdue/call.md"
    written = review.read_bytes()
    assert result.review == ["overdue/call.md"] and page.read_bytes() == kept
    assert written.decode("utf-8").startswith(
        "---\n# faqkit ingest: new material for docs/overdue/call.md, which was edited by hand")
    ingest(docs, newer, today="2026-06-01")
    assert review.read_bytes() == written, "the same material on another day: the review file stays"
    # Accepted: the reviewer copies the review file's hash into the page and deletes the review file.
    digest = re.search(r"^generated_hash: (\S+)$", written.decode("utf-8"), re.M).group(1)
    _set_hash_line(page, f"generated_hash: {digest}\n")
    review.unlink()
    result = ingest(docs, newer, today=LATER)
    assert result.review == [] and not review.exists() and result.kept_edited == ["overdue/call.md"]


def test_a_review_file_no_longer_needed_is_removed_but_a_persons_file_stays(docs: Path) -> None:
    page = docs / "overdue/call.md"
    page.write_text(page.read_text(encoding="utf-8").replace("先核实", "请先核实"), encoding="utf-8")
    newer = {**FIRST, "overdue/call.md": _page("接到催收电话怎么办？", "先核实对方身份，再要求对方出示委托。")}
    ingest(docs, newer, today=LATER)
    notes = docs.parent / "review/overdue/notes.md"
    notes.write_text("---\ntitle: 我的笔记\n---\n", encoding="utf-8")
    ingest(docs, FIRST, today=LATER)  # the material is back to what the page was made from
    assert not (docs.parent / "review/overdue/call.md").exists() and notes.exists()


def test_a_page_no_source_makes_goes_only_when_nobody_edited_it(docs: Path) -> None:
    result = ingest(docs, {"overdue/call.md": FIRST["overdue/call.md"]}, today=LATER)
    assert result.removed == ["overdue/record.md"] and not (docs / "overdue/record.md").exists()
    (docs / "overdue/figure.svg").write_bytes(b"<svg/>")
    result = ingest(docs, {}, today=LATER)
    assert result.removed == ["overdue/call.md"]
    assert (docs / "overdue/figure.svg").read_bytes() == b"<svg/>", "a contributor's own file stays"


def test_a_page_written_by_a_person_from_scratch_is_never_touched(docs: Path) -> None:
    own = docs / "overdue/mine.md"
    own.write_text("---\ntitle: 我自己写的？\n---\n\n# 我自己写的？\n", encoding="utf-8")
    result = ingest(docs, FIRST, today=LATER)
    assert own.exists() and result.removed == [] and result.kept_without_source == []
    unreadable = docs / "overdue/broken.md"
    unreadable.write_bytes(b"\xff\xfe not text")
    ingest(docs, {}, today=LATER)
    assert own.exists() and unreadable.exists()


def test_a_generated_page_with_unreadable_bytes_is_kept_as_edited(docs: Path) -> None:
    page = docs / "overdue/call.md"
    page.write_bytes(page.read_bytes() + b"\xff")
    kept = page.read_bytes()
    result = ingest(docs, FIRST, today=LATER)
    assert page.read_bytes() == kept and result.kept_edited == ["overdue/call.md"]


def test_edited_by_hand_reads_the_hash_of_the_generated_fields_only() -> None:
    meta, body = FIRST["overdue/call.md"]
    text, digest = render.render_document(meta, body, TODAY)
    assert text.endswith(body) and f"generated_hash: {digest}" in text
    page_meta = {**meta, "last_reviewed": LATER, "generated_hash": digest}
    assert not publish.edited_by_hand((page_meta, body)), "a new review date is not an edit"
    assert publish.edited_by_hand(({**page_meta, "tags": ["征信"]}, body))
    assert publish.edited_by_hand((page_meta, body + "补充一句。\n"))
    assert publish.edited_by_hand(({k: v for k, v in page_meta.items() if k != "generated_hash"}, body))
    assert publish.edited_by_hand(None)


def test_previous_paths_name_the_pages_each_source_made(docs: Path) -> None:
    assert publish.previous_paths(docs) == {"a.txt": ("overdue/call.md", "overdue/record.md")}
    odd = docs / "overdue/odd.md"
    odd.write_text("---\ntitle: 名字要引号？\nsources:\n- file: '#1 source.txt'\n  sha256: x\n---\n", encoding="utf-8")
    (docs / "overdue/index.md").write_text("---\nsources:\n- file: index-only.txt\n---\n", encoding="utf-8")
    found = publish.previous_paths(docs)
    assert found["#1 source.txt"] == ("overdue/odd.md",) and "index-only.txt" not in found
    assert publish.previous_paths(docs.parent / "nowhere") == {}


def test_an_interrupted_swap_is_finished_by_the_next_run(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    ingest(docs, FIRST)
    staging = tmp_path / ".docs.staging-x"
    staging.mkdir()
    docs.rename(staging / "old")  # killed between the two renames: docs/ is gone, the old tree is kept
    result = ingest(docs, FIRST, today=LATER)
    assert result.unchanged == sorted(FIRST) and not staging.exists()
    assert (docs / "overdue/call.md").is_file()


# ------------------------------------------------------------------------------------------------ render

def _entry(question: str, *blocks: Block, subsections: tuple[Section, ...] = (), short: str = "") -> Entry:
    return Entry(question, Section(question, question, tuple(blocks), 2, subsections), short or question, ("a.txt",))


ITEM_LABELLED = "不要转账：对方要求转账就是骗局。"
ITEM_LONG_LABEL = "这一条的标签超过了十二个字所以不加粗：正文"
CALLS = render.Page(
    path="collection/calls.md", title="接到催收电话怎么办？", description="先核实对方身份。", category="collection",
    tags=("催收", "电话"), sources=(("a.txt", "0" * 64),), intro=(Block(text="很多人第一次接到会慌。"),),
    entries=(
        _entry("怎么核实身份？", Block(text="要求对方报出工号。"),
               subsections=(Section("怎么核实身份？", "怎么核实身份？", (Block(text="打官方客服电话。"),), 3),
                            Section("注意", "注意", (Block(items=(ITEM_LABELLED, ITEM_LONG_LABEL)),), 3))),
        _entry("接到催收电话怎么办？", Block(text="保持冷静。"), short="保持冷静。"),
        _entry("接到催收电话怎么办？", Block(text="再问一遍。")),
    ),
    conclusion=(Block(text="冷静最重要。"),),
    related=(Link("逾期会上征信吗？", "credit/record.md", "逾期会上征信吗"),),
    elsewhere=(Link("逾期会上征信吗？", "credit/record.md", "逾期会上征信吗"), Link("协商？", "credit/plan.md")),
)
RECORD = render.Page(path="credit/record.md", title="逾期会上征信吗？", description="会，越早还清越好。",
                     category="credit", tags=("征信",), sources=(("b.txt", "1" * 64),), intro=(),
                     entries=(_entry("逾期多久上征信？", Block(text="一般九十天。")),), conclusion=())


def test_a_faq_page_body_has_the_question_the_short_answer_and_each_section() -> None:
    body = render.render_body(CALLS)
    assert body.startswith("# 接到催收电话怎么办？\n\n!!! abstract \"简短回答\"\n\n"
                           "    先核实对方身份。\n\n很多人第一次接到会慌。\n\n")
    assert "## 怎么核实身份？\n\n要求对方报出工号。\n\n打官方客服电话。\n\n### 注意\n\n" in body, \
        "a sub-heading that repeats its question is left out"
    assert f"- **不要转账**：对方要求转账就是骗局。\n- {ITEM_LONG_LABEL}\n" in body
    assert ("## 小结\n\n冷静最重要。\n\n## 相关问题\n\n"
            "- [逾期会上征信吗？](../credit/record.md#逾期会上征信吗)\n\n") in body
    assert body.endswith("这些页面的文章也问到了下面的问题，答案合并在一处：\n\n- [协商？](../credit/plan.md)\n"), \
        "a link already among the related ones is not repeated"
    assert render.render_body(RECORD).endswith("一般九十天。\n") and "## 小结" not in render.render_body(RECORD)


def test_a_label_is_bold_only_when_it_closes_the_brackets_it_opens() -> None:
    assert render._list_item("（提醒：转账前先核实收款方）") == "- （提醒：转账前先核实收款方）"
    assert render._list_item("《民法典》：借款要按约定还。") == "- **《民法典》**：借款要按约定还。"
    assert render._list_item("证据（录音）：保存好。") == "- **证据（录音）**：保存好。"


def test_a_heading_without_markup_above_its_text_is_bold_and_nothing_else_is() -> None:
    blocks = (Block(text="逾期记录的保存规则"), Block(text="还清以后保留五年。"), Block(text="最后一行像标题"))
    assert render._blocks_md(blocks) == ["**逾期记录的保存规则**", "", "还清以后保留五年。", "", "最后一行像标题", ""]
    # A sentence, a line longer than a heading, or one that ends as a sentence does stays as written.
    for text in ("还清以后，保留五年", "逾期记录的保存规则与信用报告的查询方法以及异议申请的办理步骤详解", "保留五年。",
                 "查询的步骤包括以下几个："):
        assert render._blocks_md((Block(text=text), Block(text="下文。")))[0] == text


def test_question_anchors_are_mkdocs_ids_numbered_when_taken() -> None:
    assert render.question_anchors(CALLS) == ["怎么核实身份", "接到催收电话怎么办_1", "接到催收电话怎么办_2"]
    assert render.headings(CALLS)[:3] == [(1, "接到催收电话怎么办？"), (2, "怎么核实身份？"), (3, "注意")]
    assert render.headings(CALLS)[-2:] == [(2, "小结"), (2, "相关问题")]
    used: set[str] = {"x", "x_1", "y_3"}
    assert [render._unique(s, used) for s in ("x", "y_3", "", "z")] == ["x_2", "y_4", "_1", "z"]


def test_the_front_matter_lists_the_questions_with_their_anchors_and_answers() -> None:
    meta = render.faq_meta(CALLS)
    assert meta["questions"][1] == {"question": "接到催收电话怎么办？", "anchor": "接到催收电话怎么办_1",
                                    "answer": "保持冷静。"}
    assert meta["related"] == [{"title": "逾期会上征信吗？", "path": "credit/record.md", "anchor": "逾期会上征信吗"}]
    assert render.faq_meta(replace(CALLS, related=(Link("协商？", "credit/plan.md"),)))["related"] == [
        {"title": "协商？", "path": "credit/plan.md"}]
    assert meta["sources"] == [{"file": "a.txt", "sha256": "0" * 64}]
    assert list(meta)[:5] == ["title", "description", "category", "tags", "questions"]


def test_a_list_right_after_a_list_renders_as_one_list() -> None:
    """An answer's merged points follow its own list: with a blank line between them Markdown made one
    loose list of both, every item spaced as a paragraph; a paragraph between two lists keeps them apart."""
    own, merged = Block(items=("先联系平台", "说明困难")), Block(items=("申请分期",))
    assert render._blocks_md((own, merged)) == ["- 先联系平台", "- 说明困难", "- 申请分期", ""]
    assert render._blocks_md((own, Block(text="另外："), merged)) == [
        "- 先联系平台", "- 说明困难", "", "另外：", "", "- 申请分期", ""]


def test_an_ordered_list_keeps_its_numbers_and_stands_apart_from_a_list_after_it() -> None:
    steps, merged = Block(items=("先联系平台", "证据：录音和截图"), ordered=True), Block(items=("申请分期",))
    assert render._blocks_md((steps, merged)) == ["1. 先联系平台", "2. **证据**：录音和截图", "", "- 申请分期", ""]


def test_a_rendered_document_is_recognized_whatever_its_review_date() -> None:
    meta, body = render.faq_meta(CALLS), render.render_body(CALLS)
    text, digest = render.render_document(meta, body, "2026-01-01")
    assert digest == render.content_hash(meta, body) == render.content_hash({**meta, "last_reviewed": "x"}, body)
    later = text.replace("last_reviewed: '2026-01-01'", "last_reviewed: '2027-02-02'")
    assert render.is_generated_document(text, meta, body) == digest
    assert render.is_generated_document(later, meta, body) == digest
    assert render.is_generated_document(text.replace("保持冷静", "保持镇定"), meta, body) is None
    assert render.is_generated_document(text.replace(digest, "0" * 16), meta, body) is None
    assert render.is_generated_document(text, {**meta, "generated_hash": digest}, body) is None
    assert render.is_generated_document(text, {}, body) is None
    assert render.is_generated_document(text.replace("last_reviewed: '2026-01-01'\n", ""), meta, body) is None
    with_review = {**meta, "last_reviewed": "2020-01-01"}
    assert render.render_document(with_review, body, "2026-01-01")[1] == digest


def test_the_site_pages_list_every_question_by_category() -> None:
    many = [replace(RECORD, path=f"credit/q{n}.md", title=f"第{n}个征信问题？") for n in range(6)]
    docs = render.documents([CALLS, RECORD, *many])
    assert set(docs) == {"collection/calls.md", "credit/record.md", *(p.path for p in many), "collection/index.md",
                         "credit/index.md", "index.md", "questions.md"}
    meta, category = docs["credit/index.md"]
    assert meta["category"] == "credit" and "- [逾期会上征信吗？](record.md)：会，越早还清越好。" in category
    home = docs["index.md"][1]
    assert "- **刚逾期，先做什么？** [接到催收电话怎么办？](collection/calls.md)" in home
    assert "- **怎样识别骗局？** [怎么核实身份？](collection/calls.md#怎么核实身份)" in home
    assert len(re.findall(r"\]\(credit/(?:q\d|record)\.md\)", home)) == 5, "five per category"
    assert "- [本类全部 7 个问题](credit/index.md)" in home
    assert "本类全部" not in home.split("### [")[1], "collection has one page: no link to more"
    listing = docs["questions.md"]
    assert listing[0]["search"] == {"exclude": True}
    assert ("- [接到催收电话怎么办？](collection/calls.md)\n"
            "    - [怎么核实身份？](collection/calls.md#怎么核实身份)") in listing[1]


def test_an_anchor_is_the_id_mkdocs_gives_even_after_a_sub_heading_left_out() -> None:
    """A sub-heading that repeats its question is not rendered, so it takes no id: a later heading with the
    same text gets ``_1``, as MkDocs numbers it, not ``_2`` (a link to ``_2`` would lead nowhere)."""
    import markdown

    from faqkit.core.markdown import script_neutral_slugify

    question = "怎么核实身份？"
    repeated = Section(question, question, (Block(text="打官方客服电话。"),), 3)
    page = replace(RECORD, entries=(_entry(question, Block(text="要求对方报出工号。"), subsections=(repeated,)),
                                    _entry(question, Block(text="再问一遍。"))))
    html = markdown.markdown(render.render_body(page), extensions=["toc", "admonition"],
                             extension_configs={"toc": {"slugify": script_neutral_slugify}})
    assert render.question_anchors(page) == re.findall(r'<h2 id="([^"]+)"', html) == ["怎么核实身份", "怎么核实身份_1"]


TAIWAN = render.Page(
    path="credit/taiwan.md", title="台湾的债务协商怎么申请？", description="向最大债权银行提出申请。",
    category="credit", tags=("协商",), sources=(("t.txt", "2" * 64),), intro=(),
    entries=(_entry("要准备什么材料？", Block(text="身份证明和收入证明。")),
             _entry("", Block(text="没有问题的一段。"),
                    subsections=(Section("补充", "补充", (Block(text="小标题下的话。"),), 3),))),
    conclusion=(), jurisdiction="taiwan", also_asked=("台湾协商要多久？", "债务协商*找谁*？"))


def test_a_page_for_one_jurisdiction_says_whose_law_first_and_lists_its_other_phrasings() -> None:
    """A Taiwanese page opens with the notice, then the short answer, then the other headlines (escaped);
    a part of the answer without a question has no heading, and its sub-heading is an H2."""
    assert render.render_body(TAIWAN) == (
        "# 台湾的债务协商怎么申请？\n\n"
        '!!! info "适用于中国台湾地区"\n\n'
        "    本页依据的是台湾地区的法律、机构和做法；在中国大陆或香港，规定和办法不同。\n\n"
        '!!! abstract "简短回答"\n\n    向最大债权银行提出申请。\n\n'
        '??? note "这一页也回答"\n\n    - 台湾协商要多久？\n    - 债务协商\\*找谁\\*？\n\n'
        "## 要准备什么材料？\n\n身份证明和收入证明。\n\n没有问题的一段。\n\n## 补充\n\n小标题下的话。\n")
    assert render.headings(TAIWAN) == [(1, "台湾的债务协商怎么申请？"), (2, "要准备什么材料？"), (2, "补充")]
    assert render.question_anchors(TAIWAN) == ["要准备什么材料", ""]
    meta = render.faq_meta(TAIWAN)
    assert meta["jurisdiction"] == "taiwan" and list(meta)[3] == "jurisdiction"
    assert "jurisdiction" not in render.faq_meta(RECORD), "a page for everyone names no jurisdiction"
    assert render.listed_title(TAIWAN) == "台湾的债务协商怎么申请？（台湾地区）"
    assert render.listed_title(RECORD) == "逾期会上征信吗？"


def test_links_to_other_pages_alone_still_get_their_heading() -> None:
    only_elsewhere = replace(RECORD, elsewhere=(Link("协商？", "credit/plan.md"),))
    assert render.headings(only_elsewhere)[-1] == (2, "相关问题")
    assert render.render_body(only_elsewhere).endswith(
        "## 相关问题\n\n\n这些页面的文章也问到了下面的问题，答案合并在一处：\n\n- [协商？](../credit/plan.md)\n")


@pytest.mark.parametrize(("item", "line"), [
    ("十二个字的标签正好在这里：就加粗", "- **十二个字的标签正好在这里**：就加粗"),
    ("十三个字的标签已超过了上限：不加粗", "- 十三个字的标签已超过了上限：不加粗"),
    ("注意：对方说：马上转账", "- **注意**：对方说：马上转账"),
])
def test_a_list_item_label_is_bold_up_to_twelve_characters_before_the_first_colon(item: str, line: str) -> None:
    assert render._list_item(item) == line


def test_the_site_pages_are_written_out_in_full() -> None:
    docs = render.documents([TAIWAN, CALLS])
    assert docs[TAIWAN.path] == (render.faq_meta(TAIWAN), render.render_body(TAIWAN))
    assert docs["credit/index.md"] == (
        {"title": "征信与信用", "description": "逾期对征信和个人信用有什么影响，怎样查询和修复。",
         "category": "credit"},
        "# 征信与信用\n\n逾期对征信和个人信用有什么影响，怎样查询和修复。\n\n"
        "- [台湾的债务协商怎么申请？（台湾地区）](taiwan.md)：向最大债权银行提出申请。\n")
    home_meta, home = docs["index.md"]
    assert home_meta == {"title": "逾期应对指南",
                         "description": "网贷逾期、催收、诉前调解、起诉和征信问题的一问一答指南。"}
    intro = home.split("\n", 1)[0]
    collection = next(c for c in categories() if c.slug == "collection")
    assert home == (
        f"{intro}\n\n## 最要紧的几个问题\n\n"
        "- **刚逾期，先做什么？** [接到催收电话怎么办？](collection/calls.md)\n"
        "- **怎样识别骗局？** [怎么核实身份？](collection/calls.md#怎么核实身份)\n\n"
        '!!! warning "先核实，再行动"\n\n'
        "    任何自称调解员、律师或法院的人联系你，先通过平台官方客服或法院公开电话核实身份；"
        "不要向个人账户转账，不要点陌生链接。\n\n"
        "## 按分类查找\n\n"
        f"### [{collection.name}](collection/index.md)\n\n{collection.description}\n\n"
        "- [接到催收电话怎么办？](collection/calls.md)\n\n"
        "### [征信与信用](credit/index.md)\n\n逾期对征信和个人信用有什么影响，怎样查询和修复。\n\n"
        "- [台湾的债务协商怎么申请？（台湾地区）](credit/taiwan.md)\n\n"
        "[按分类列出的全部问题](questions.md)\n")
    listing_meta, listing = docs["questions.md"]
    assert listing_meta == {"title": "全部问题", "description": "按分类列出本指南回答的每一个问题。",
                            "search": {"exclude": True}}
    assert listing.startswith("# 全部问题\n\n## [")
    assert listing.endswith("\n\n## [征信与信用](credit/index.md)\n\n"
                            "- [台湾的债务协商怎么申请？（台湾地区）](credit/taiwan.md)\n"
                            "    - [要准备什么材料？](credit/taiwan.md#要准备什么材料)\n")


def test_a_category_with_exactly_the_home_pages_share_gets_no_link_to_more() -> None:
    five = [replace(RECORD, path=f"credit/q{n}.md", title=f"第{n}个征信问题？") for n in range(5)]
    assert "本类全部" not in render.documents(five)["index.md"][1]
    assert "- [本类全部 6 个问题](credit/index.md)" in render.documents([*five, RECORD])["index.md"][1]


def test_an_important_question_is_shown_once_and_a_tie_goes_to_the_first_page() -> None:
    """One title that matches two of the home page's labels serves the first only; of two equally good
    questions, the page listed first wins."""
    both = replace(RECORD, path="collection/both.md", title="收到催收短信怎么办，是不是骗局？", entries=())
    assert [label for label, *_ in render.important_questions([both])] == ["刚逾期，先做什么？"]
    first = replace(RECORD, path="collection/a.md", title="逾期后怎么办？", entries=())
    second = replace(first, path="collection/b.md")
    assert [page.path for _, page, *_ in render.important_questions([first, second])] == ["collection/a.md"]
    assert [page.path for _, page, *_ in render.important_questions([second, first])] == ["collection/b.md"]


def _sued_page(path: str, title: str, *sections: str, jurisdiction: str = "general") -> render.Page:
    entries = tuple(_entry(s, Block(text="先看清楚是哪家法院。")) for s in sections)
    return replace(RECORD, path=path, title=title, entries=entries, jurisdiction=jurisdiction)


def test_an_important_question_is_a_question_weighed_by_its_first_keywords() -> None:
    """真的会被起诉吗？ (keywords 起诉, 诉讼, 传票, 法院: 4, 3, 2, 1) goes to the question that names the
    subject best; a heading that asks nothing (法院传票送达, a step of another answer) is not offered, however
    many keywords it holds."""
    asked = _sued_page("mediation-litigation/sued.md", "网贷逾期会被起诉吗？")  # 起诉: 4
    summons = _sued_page("mediation-litigation/summons.md", "收到法院传票怎么办？")  # 传票 + 法院: 3
    step = _sued_page("mediation-litigation/steps.md", "欠款被执行了怎么办？", "法院传票送达与诉讼起诉流程")
    important = render.important_questions([summons, step, asked])
    chosen = {label: (page.path, anchor) for label, page, anchor, _ in important}
    assert chosen["真的会被起诉吗？"] == ("mediation-litigation/sued.md", "")
    lawsuit = _sued_page("mediation-litigation/lawsuit.md", "收到诉讼传票该如何处理？")  # 诉讼 + 传票: 5, just over 4
    chosen = {label: page.path for label, page, *_ in render.important_questions([asked, lawsuit])}
    assert chosen["真的会被起诉吗？"] == "mediation-litigation/lawsuit.md"


def test_an_important_question_names_the_jurisdiction_its_page_is_for() -> None:
    """The home page is read in every jurisdiction: a page for one says so there, as the category lists do."""
    taiwan = _sued_page("mediation-litigation/tw.md", "欠债会在哪个法院被起诉？", jurisdiction="taiwan")
    [(_, _, _, shown)] = [q for q in render.important_questions([taiwan]) if q[0] == "真的会被起诉吗？"]
    assert shown == "欠债会在哪个法院被起诉？（台湾地区）"
    [(_, _, _, shown)] = [q for q in render.important_questions([replace(taiwan, jurisdiction="general")])
                          if q[0] == "真的会被起诉吗？"]
    assert shown == "欠债会在哪个法院被起诉？"


def test_pages_from_a_plan_link_their_related_questions_and_those_answered_elsewhere() -> None:
    from faqkit.organize.pages import PagePlan, Plan

    def plan_page(path: str, title: str, *entries: Entry, elsewhere: tuple[int, ...] = ()) -> PagePlan:
        return PagePlan(path=path, title=title, description=f"{title}的简短回答。", category=path.split("/")[0],
                        tags=("逾期",), sources=(f"{path}.txt",), intro=(), conclusion=(), entries=entries,
                        elsewhere=elsewhere, articles=(f"{path}.txt",), jurisdiction="hongkong",
                        also_asked=("另一种问法？",))

    calls = plan_page("collection/calls.md", "接到催收电话怎么办？", _entry("怎么核实身份？"), _entry("怎么核实身份？"),
                      elsewhere=(2,))
    record = plan_page("credit/record.md", "逾期会上征信吗？", _entry("逾期多久上征信？"))
    plan = Plan(pages=(record, calls), entries=((1, 0), (1, 1), (0, 0)), merges=(), groups=(),
                related=((0, 1), (2,)))
    sha = {"collection/calls.md.txt": "c" * 64, "credit/record.md.txt": "d" * 64}
    pages = render.pages_from_plan(plan, sha)
    assert [page.path for page in pages] == ["collection/calls.md", "credit/record.md"], "sorted by path"
    calls_page, record_page = pages
    assert record_page.related == (Link("怎么核实身份？", "collection/calls.md", "怎么核实身份"),
                                   Link("怎么核实身份？", "collection/calls.md", "怎么核实身份_1"))
    assert calls_page.related == (Link("逾期多久上征信？", "credit/record.md", "逾期多久上征信"),)
    assert calls_page.elsewhere == calls_page.related and record_page.elsewhere == ()
    assert calls_page.sources == (("collection/calls.md.txt", "c" * 64),)
    assert (calls_page.title, calls_page.description, calls_page.category, calls_page.tags) == (
        "接到催收电话怎么办？", "接到催收电话怎么办？的简短回答。", "collection", ("逾期",))
    assert calls_page.entries == calls.entries and calls_page.articles == ("collection/calls.md.txt",)
    assert (calls_page.jurisdiction, calls_page.also_asked) == ("hongkong", ("另一种问法？",))
    assert (calls_page.intro, calls_page.conclusion) == ((), ())


def test_a_meta_that_has_review_fields_or_none_renders_as_the_fast_path_does() -> None:
    """render_document dumps the front matter once for a meta without review fields; one that carries
    them (a page read back) or an empty one takes the slow path, which must write the same file."""
    meta, body = render.faq_meta(CALLS), render.render_body(CALLS)
    text, digest = render.render_document(meta, body, TODAY)
    assert text.startswith("---\ntitle: 接到催收电话怎么办？\n")
    assert f"\nlast_reviewed: '{TODAY}'\ngenerated_hash: {digest}\n---\n\n# 接到催收电话怎么办？\n" in text
    for stale in ({"last_reviewed": "2020-01-01"}, {"generated_hash": "0" * 16},
                  {"last_reviewed": "2020-01-01", "generated_hash": "0" * 16}):
        assert render.render_document({**meta, **stale}, body, TODAY) == (text, digest)
    empty, empty_digest = render.render_document({}, "正文。\n", TODAY)
    assert empty == f"---\nlast_reviewed: '{TODAY}'\ngenerated_hash: {empty_digest}\n---\n\n正文。\n"
    assert empty_digest == render.content_hash({}, "正文。\n")


def test_a_page_is_recognized_only_when_it_is_byte_for_byte_what_ingest_wrote() -> None:
    meta, body = render.faq_meta(CALLS), render.render_body(CALLS)
    text = render.render_document(meta, body, TODAY)[0]
    # A title edited in the front matter only, to one of the same length: the rest still lines up.
    retitled = text.replace("title: 接到催收电话", "title: 接到催收短信", 1)
    assert render.is_generated_document(retitled, meta, body) is None
    assert render.is_generated_document(text.replace(f"'{TODAY}'", f'"{TODAY}"'), meta, body) is None, \
        "the same date quoted otherwise is not the file ingest writes"
    assert render.is_generated_document(text.replace(f"'{TODAY}'", TODAY), meta, body) is None, \
        "nor is a date YAML reads as a date, not a string"


# ------------------------------------------------------------------------------------------- docs, more

def test_an_edited_page_does_not_stop_the_pages_after_it_and_its_review_file_is_dated(docs: Path) -> None:
    page = docs / "overdue/call.md"
    page.write_text(page.read_text(encoding="utf-8").replace("先核实", "请先核实"), encoding="utf-8")
    newer = {"overdue/call.md": _page("接到催收电话怎么办？", "先核实对方身份，再要求对方出示委托。"),
             "overdue/record.md": _page("逾期会上征信吗？", "逾期通常会被报送征信，还清后五年消除。")}
    result = ingest(docs, newer, today=LATER)
    assert result.kept_edited == ["overdue/call.md"] and result.written == ["overdue/record.md"]
    assert "还清后五年消除" in (docs / "overdue/record.md").read_text(encoding="utf-8")
    review = (docs.parent / "review/overdue/call.md").read_text(encoding="utf-8")
    assert review.startswith(
        "---\n# faqkit ingest: new material for docs/overdue/call.md, which was edited by hand and was left as it is.\n"
        "# Merge what is useful into docs/overdue/call.md, copy generated_hash below into its front matter,\n"
        "# then delete this file (ingest writes it again only when the sources change again).\n"
        "title: 接到催收电话怎么办？\n")
    assert f"last_reviewed: '{LATER}'" in review


def test_a_page_whose_front_matter_a_person_only_reformatted_is_left_as_it_is(docs: Path) -> None:
    """The date unquoted (as a person might type it): not byte for byte what ingest wrote, but the same
    generated content, so it is unchanged and the pages after it are still looked at."""
    page = docs / "overdue/call.md"
    page.write_text(page.read_text(encoding="utf-8").replace(f"'{TODAY}'", TODAY), encoding="utf-8")
    kept = page.read_bytes()
    newer = {**FIRST, "overdue/record.md": _page("逾期会上征信吗？", "逾期通常会被报送征信，还清后五年消除。")}
    result = ingest(docs, newer, today=LATER)
    assert result.unchanged == ["overdue/call.md"] and result.written == ["overdue/record.md"]
    assert page.read_bytes() == kept and result.kept_edited == []


def test_an_edited_page_whose_source_is_gone_stays_even_with_its_hash(docs: Path) -> None:
    page = docs / "overdue/record.md"
    page.write_text(page.read_text(encoding="utf-8").replace("越早还清", "尽早还清"), encoding="utf-8")
    result = ingest(docs, {"overdue/call.md": FIRST["overdue/call.md"]}, today=LATER)
    assert page.exists() and result.removed == [] and result.kept_without_source == ["overdue/record.md"]


def test_the_last_page_of_a_folder_takes_the_folder_with_it(docs: Path) -> None:
    ingest(docs, {"debt/plan.md": _page("怎么制定还款计划？", "先列出每一笔欠款。", category="debt"), **FIRST})
    result = ingest(docs, FIRST, today=LATER)
    assert result.removed == ["debt/plan.md"] and not (docs / "debt").exists() and (docs / "overdue").is_dir()


def test_unchanged_files_are_hard_linked_and_a_contributors_symbolic_link_stays_a_link(docs: Path) -> None:
    shared = docs.parent / "shared.svg"
    shared.write_bytes(b"<svg/>")
    (docs / "overdue/figure.svg").symlink_to(shared)
    (docs.parent / "pictures").mkdir()
    (docs / "overdue/pictures").symlink_to(docs.parent / "pictures", target_is_directory=True)
    inode = (docs / "overdue/record.md").stat().st_ino
    newer = {**FIRST, "overdue/call.md": _page("接到催收电话怎么办？", "先核实对方身份，再要求对方出示委托。")}
    ingest(docs, newer, today=LATER)
    assert (docs / "overdue/record.md").stat().st_ino == inode, "the unchanged page is the same file"
    assert (docs / "overdue/figure.svg").is_symlink() and (docs / "overdue/pictures").is_symlink()


def test_docs_in_a_folder_that_does_not_exist_yet_and_review_files_where_asked(tmp_path: Path) -> None:
    docs = tmp_path / "new" / "site" / "docs"
    ingest(docs, FIRST)
    assert (docs / "overdue/call.md").is_file()
    page = docs / "overdue/call.md"
    page.write_text(page.read_text(encoding="utf-8").replace("先核实", "请先核实"), encoding="utf-8")
    newer = {**FIRST, "overdue/call.md": _page("接到催收电话怎么办？", "先核实对方身份，再要求对方出示委托。")}
    publish.write_docs(docs, newer, LATER, publish.IngestResult(), review_dir=tmp_path / "elsewhere")
    assert (tmp_path / "elsewhere/overdue/call.md").is_file() and not (docs.parent / "review").exists()


def test_without_the_atomic_exchange_two_renames_swap_docs(docs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where renameat2 is not available (not Linux), the old tree is moved aside and the new one in."""
    import sys

    monkeypatch.setattr(sys, "platform", "darwin")
    newer = {**FIRST, "overdue/call.md": _page("接到催收电话怎么办？", "先核实对方身份，再要求对方出示委托。")}
    result = ingest(docs, newer, today=LATER)
    assert result.written == ["overdue/call.md"]
    assert "出示委托" in (docs / "overdue/call.md").read_text(encoding="utf-8")
    assert (docs / "overdue/record.md").is_file()
    assert sorted(p.name for p in docs.parent.iterdir()) == ["docs"], "no staging folder is left"


def test_a_stale_staging_folder_beside_docs_is_removed_and_docs_kept(docs: Path) -> None:
    stale = docs.parent / ".docs.staging-old"
    (stale / "old/overdue").mkdir(parents=True)
    (stale / "old/overdue/call.md").write_text("旧的", encoding="utf-8")
    result = ingest(docs, FIRST, today=LATER)
    assert result.unchanged == sorted(FIRST) and not stale.exists()
    assert "旧的" not in (docs / "overdue/call.md").read_text(encoding="utf-8")


def test_two_edited_pages_each_get_their_review_file(docs: Path) -> None:
    for rel in FIRST:
        page = docs / rel
        page.write_text(page.read_text(encoding="utf-8").replace("。", "！", 1), encoding="utf-8")
    newer = {"overdue/call.md": _page("接到催收电话怎么办？", "先核实对方身份，再要求对方出示委托。"),
             "overdue/record.md": _page("逾期会上征信吗？", "逾期通常会被报送征信，还清后五年消除。")}
    ingest(docs, {**FIRST, "overdue/call.md": newer["overdue/call.md"]}, today=LATER)
    result = ingest(docs, newer, today=LATER)
    assert result.review == sorted(newer)
    assert (docs.parent / "review/overdue/record.md").is_file()


def test_a_persons_note_in_the_review_folder_that_opens_like_a_comment_stays(docs: Path) -> None:
    note = docs.parent / "review/overdue/note.md"
    note.parent.mkdir(parents=True)
    note.write_text("---\n# 我的审阅笔记\n---\n", encoding="utf-8")
    ingest(docs, FIRST, today=LATER)
    assert note.exists()


def test_previous_paths_read_past_an_unreadable_page_and_a_broken_name(docs: Path) -> None:
    (docs / "overdue/aaa.md").write_bytes(b"---\nsources:\n- file: \xff.txt\n---\n")
    (docs / "overdue/both.md").write_text(
        "---\ntitle: 两次引用？\nsources:\n- file: 'unterminated\n- file: b.txt\n- file: b.txt\n---\n",
        encoding="utf-8")
    found = publish.previous_paths(docs)
    assert found["a.txt"] == ("overdue/call.md", "overdue/record.md")
    assert found["b.txt"] == ("overdue/both.md",), "a page is named once per source"


def test_a_failed_atomic_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    target.mkdir()  # a folder where the file should go: os.replace fails
    with pytest.raises(OSError):
        publish.write_atomic(target, "内容")
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_the_exchange_swaps_two_folders_and_reports_a_missing_one(tmp_path: Path) -> None:
    import errno
    import os

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "a.md").write_text("一", encoding="utf-8")
    (second / "b.md").write_text("二", encoding="utf-8")
    assert publish._exchange(first, second)
    assert [p.name for p in first.iterdir()] == ["b.md"] and [p.name for p in second.iterdir()] == ["a.md"]
    missing = tmp_path / "missing"
    with pytest.raises(FileNotFoundError) as raised:
        publish._exchange(missing, second)
    assert (raised.value.errno, raised.value.strerror, raised.value.filename) == (
        errno.ENOENT, os.strerror(errno.ENOENT), str(missing))


def test_a_review_date_a_person_wrote_in_chinese_is_still_recognized() -> None:
    meta, body = render.faq_meta(CALLS), render.render_body(CALLS)
    text, digest = render.render_document(meta, body, "2026年3月1日")
    assert "last_reviewed: 2026年3月1日\n" in text
    assert render.is_generated_document(text, meta, body) == digest


def test_related_questions_are_questions_never_the_steps_of_an_answer() -> None:
    """A step kept as its heading (保存催收电话录音) is the closest entry to the page, yet the page's related
    questions are only entries that ask; the step is linked under 'answered elsewhere' only when the
    page's own articles wrote it."""
    from faqkit.organize.pages import PagePlan
    from faqkit.organize.related import relate

    def plan_page(path: str, title: str, *entries: Entry, elsewhere: tuple[int, ...] = ()) -> PagePlan:
        return PagePlan(path=path, title=title, description="", category="collection", tags=(),
                        sources=(), intro=(), conclusion=(), entries=entries, elsewhere=elsewhere)

    calls = plan_page("collection/calls.md", "催收电话太多怎么办？", _entry("催收电话太多怎么办？"), elsewhere=(1,))
    record = plan_page("collection/record.md", "怎么举报违规催收？", _entry("保存催收电话录音"),
                       _entry("怎么举报违规催收？"))
    credit = plan_page("credit/record.md", "逾期会上征信吗？", _entry("逾期会上征信吗？"))
    positions = ((0, 0), (1, 0), (1, 1), (2, 0))
    related = relate((calls, record, credit), positions)
    assert related[0] == (2, 3)
    assert 1 not in related[2] and set(related[1]) == {0, 3}


def test_a_page_for_one_jurisdiction_never_relates_another_jurisdictions_answer() -> None:
    """A mainland page sent a third of its readers' related links to Taiwan or Hong Kong pages (37 % of the
    related links on the real corpora): only pages that speak to the same readers are related."""
    from faqkit.organize.pages import PagePlan
    from faqkit.organize.related import relate

    def plan_page(path: str, title: str, jurisdiction: str, not_for: tuple[str, ...] = ()) -> PagePlan:
        return PagePlan(path=path, title=title, description="", category="collection", tags=(), sources=(),
                        intro=(), conclusion=(), entries=(_entry(title),), elsewhere=(),
                        jurisdiction=jurisdiction, not_for=not_for)

    mainland = plan_page("collection/m.md", "催收打电话骚扰家人怎么办？", "mainland")
    taiwan = plan_page("collection/t.md", "催收打电话骚扰家人怎么检举？", "taiwan")
    general = plan_page("collection/g.md", "催收打电话给家人合法吗？", "general")
    hant_only = plan_page("collection/h.md", "催收打电话骚扰家人怎么处理？", "general", not_for=("mainland",))
    related = relate((mainland, taiwan, general, hant_only), ((0, 0), (1, 0), (2, 0), (3, 0)))
    assert related[0] == (2,)  # not Taiwan's, nor a page that is not for the mainland
    assert set(related[1]) == {2, 3} and set(related[2]) == {0, 1, 3} and set(related[3]) == {1, 2}


@pytest.mark.parametrize(("question", "alone"), [("遇到这种情况怎么办？", False), ("上述方法都不行怎么办？", False),
                                                 ("以上问题该找谁？", False), ("催收打电话到单位怎么办？", True),
                                                 ("以上海为例，诉前调解要多久？", True)])
def test_a_question_that_points_back_at_the_article_does_not_stand_alone(question: str, alone: bool) -> None:
    from faqkit.core.questions import stands_alone

    assert stands_alone(question) is alone


def test_a_question_that_points_back_is_never_a_related_question_elsewhere() -> None:
    from faqkit.organize.pages import PagePlan
    from faqkit.organize.related import relate

    def plan_page(path: str, title: str, *entries: Entry) -> PagePlan:
        return PagePlan(path=path, title=title, description="", category="collection", tags=(),
                        sources=(), intro=(), conclusion=(), entries=entries, elsewhere=())

    calls = plan_page("collection/calls.md", "催收电话太多怎么办？", _entry("催收电话太多怎么办？"))
    other = plan_page("collection/other.md", "催收电话录音有用吗？", _entry("催收电话录音有用吗？"),
                      _entry("遇到这种情况怎么办？"))
    assert relate((calls, other), ((0, 0), (1, 0), (1, 1)))[0] == (1,)


def test_an_entry_asking_the_page_title_has_no_heading_and_a_link_to_it_leads_to_the_page() -> None:
    from faqkit.organize.pages import PagePlan, Plan

    def plan_page(path: str, title: str, *entries: Entry) -> PagePlan:
        return PagePlan(path=path, title=title, description=f"{title}的简短回答。", category=path.split("/")[0],
                        tags=("逾期",), sources=(f"{path}.txt",), intro=(), conclusion=(), entries=entries,
                        elsewhere=())

    step = Section("先核实身份", "先核实身份", (Block(text="问清工号。"),), 3)
    calls = plan_page("collection/calls.md", "接到催收电话怎么办？",
                      _entry("接到催收电话怎么办?", subsections=(step,)), _entry("怎么核实身份？"))
    record = plan_page("credit/record.md", "逾期会上征信吗？", _entry("逾期多久上征信？"))
    plan = Plan(pages=(calls, record), entries=((0, 0), (0, 1), (1, 0)), merges=(), groups=(),
                related=((2,), (0, 1)))
    calls_page, record_page = render.pages_from_plan(plan, {"collection/calls.md.txt": "c" * 64,
                                                            "credit/record.md.txt": "d" * 64})
    body = render.render_body(calls_page)
    assert "## 接到催收电话怎么办" not in body and "## 先核实身份" in body and "## 怎么核实身份？" in body
    assert [q["question"] for q in render.faq_meta(calls_page)["questions"]] == ["怎么核实身份？"]
    assert record_page.related[0] == Link("接到催收电话怎么办?", "collection/calls.md", "")
    assert "- [接到催收电话怎么办?](../collection/calls.md)" in render.render_body(record_page)
