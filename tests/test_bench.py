"""The measuring instruments of the benchmarks, on cases worked out by hand (a wrong instrument would
report the wrong figures for every change measured with it)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from bench.realworld import FURNITURE, LABELS, _artifact, bcubed, load_labels


def test_bcubed_on_a_worked_example() -> None:
    # Items a, b, c of class X and d of class Y; the pages {a, b} and {c, d}.
    truth = {"a": "X", "b": "X", "c": "X", "d": "Y"}
    precision, recall, f1 = bcubed({"a": 1, "b": 1, "c": 2, "d": 2}, truth)
    # precision: a 1, b 1, c 1/2, d 1/2 -> 3/4; recall: a 2/3, b 2/3, c 1/3, d 1 -> 2/3
    assert precision == pytest.approx(0.75) and recall == pytest.approx(2 / 3)
    assert f1 == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))
    assert bcubed({k: k for k in truth}, truth)[0] == 1.0, "every item alone: perfect precision"
    assert bcubed({k: 0 for k in truth}, truth)[1] == 1.0, "all together: perfect recall"


@pytest.mark.parametrize(("line", "artifact"), [
    ("逾期以后还款(sh", True),  # a pinyin note cut in half
    ("先联系平台(xié)商还款。", True),
    ("- **• 保留证据**", True),
    ("**保留证据**：录音和截图。", False),
    ("**(ii)**：到柜台购买表格。", False),  # a numbering in Roman numerals
    ("法院可根据第12(3)(b)条撤销命令。", False),  # a statute's lettered subsection
    ("详见第(iv)-(vi)页。", False),
    ("附表见第(v)-(xvi)页及第(xx)页。", False),  # Roman numerals past ten
    ("还款(xian", True),
    ("(c) 债务人离港前须通知受托人。", False),  # a list lettered (a), (b), (c)
    ("先联系平台(xie)商还款。", True),
    ("没收到的，将在报纸上公布；。", True),  # a clause mark run into a full stop
    ("法院公告：“请于三日内应诉。”", False),
    ("- **\\# 法律程序**：银行会起诉。", True),  # a heading's mark left in a list item
    ("拨打客服电话后按\\#号键转人工。", False),  # a hash that is the text's own
    ("- ** 第二步**：沟通平台协商还款", True),  # bold opened before a space shows its asterisks
    ("- **第二步**：沟通平台协商还款", False),
])
def test_the_artifact_instrument_tells_fragments_from_numbering(line: str, artifact: bool) -> None:
    assert _artifact(line) is artifact


def test_the_committed_corpus_list_holds_labels_and_the_way_to_gather_it_again() -> None:
    labels = load_labels(LABELS)
    data = yaml.safe_load(LABELS.read_text(encoding="utf-8"))
    assert len(labels) >= 150 and {a.split for a in labels.values()} == {"dev", "heldout"}
    for entry in data["articles"]:
        assert set(entry) <= {"file", "url", "query", "rank", "script", "kind", "relevance", "why", "jurisdiction",
                              "question", "thin", "split", "headline_line"}, "labels only, never an excerpt's text"
        assert entry["relevance"] in {"on-topic", "advert", "off-topic"}
        assert entry["jurisdiction"] in {"mainland", "taiwan", "hongkong", "general"}
        assert entry["relevance"] != "on-topic" or entry["question"] in data["questions"]
        held_out = entry["file"][0] in "0123"
        assert (entry["split"] == "heldout") == held_out, "the split follows the URL's hash, never a choice"


def test_the_ingest_bench_times_each_batch_stage_of_a_real_ingest(tmp_path: Path) -> None:
    """``faqkit ingest --timings`` names each batch stage as it ends; the bench turns those lines into
    the seconds each took and the memory peak while it ran."""
    from bench.ingest import run_measured

    root = Path(__file__).resolve().parents[1]
    command = [sys.executable, "-m", "faqkit.cli", "ingest", str(root / "sources"), "--docs", str(tmp_path / "docs"),
               "--report", str(tmp_path / "report.txt"), "--no-cache", "--quiet", "--timings", "--workers", "1"]
    measured = run_measured(command)
    names = [name for name, *_ in measured.stages]
    assert names == ["read and compare", "page groups", "leader facts", "plan", "render", "documents", "write"]
    ends = [end for _, _, end, _ in measured.stages]
    # The stages end in order, the last one just before the process writes its report and exits.
    assert ends == sorted(ends) and measured.seconds - 2 < ends[-1] <= measured.seconds
    assert sum(seconds for _, seconds, _, _ in measured.stages) == pytest.approx(ends[-1])
    # Each stage is placed while the process ran: its memory, never the 0 of a process already gone.
    assert all(0 < peak <= measured.peak_pss for *_, peak in measured.stages)
    assert measured.stages[0][1] > measured.stages[1][1], "reading the articles is the longest stage here"


@pytest.mark.parametrize(("line", "furniture"), [
    ("首页 > 网贷 > 正文", True),
    ("会员登录", True),
    ("登录 | 注册", True),
    ("免费注册", True),
    ("发布时间：2024-01-02 12:30", True),
    ("09:30", True),  # a timestamp left alone on its line
    ("登录贷款账户就能核对欠款金额。", False),  # advice that logs in, not a menu
    ("没用家人的身份证注册，责任就不会落到家人身上。", False),
    ("如每日超3次或21:00-8:00来电，可以报警。", False),  # hours in a sentence, not a timestamp
])
def test_the_furniture_instrument_tells_menus_and_timestamps_from_sentences(line: str, furniture: bool) -> None:
    assert bool(FURNITURE.search(line)) is furniture
