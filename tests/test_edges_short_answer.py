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
from faqkit.core.records import Block
from faqkit.organize.answers import best_answer
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
    assert any(m.startswith("`questions") for m in messages) is found
