"""Questions answered once across articles, determinism, the content-hash cache and the benchmark's
ground truth, on articles made from the benchmark corpus (real Chinese text in data/bench_corpus.yaml)."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import opencc
import pytest

from bench import synth
from bench.ingest import pairwise_scores
from faqkit import pipeline
from faqkit.core.data import site_text
from faqkit.core.script import converter
from faqkit.core.text import han_only, split_sentences
from faqkit.pipeline import cache, workers
from faqkit.publish import report
from faqkit.publish.docs import read_page
from tests.conftest import SEED_NAMES, SOURCES

RELATED_HEADING = site_text()["related_heading"]


def _article(title: str, topics: list[str], picks: list[list[int]]) -> str:
    data = synth.corpus()["topics"]
    lines = [title, "最近不少读者问到这些问题，下面逐一说明，供大家参考。"]
    for number, (topic, chosen) in enumerate(zip(topics, picks, strict=True)):
        lines.append(f"{'一二三四五'[number]}、{data[topic]['questions'][0].rstrip('？')}")
        lines.append("".join(data[topic]["sentences"][i] for i in chosen))
    lines.append("总之，遇到问题先冷静，核实信息，保留证据，再想办法解决。")
    return "\n".join(lines) + "\n"


def _faq_pages(docs: Path) -> dict[str, tuple[dict, str]]:
    pages = {}
    for path in sorted(docs.rglob("*.md")):
        found = read_page(path)
        if found and "sources" in found[0]:
            pages[path.relative_to(docs).as_posix()] = found
    return pages


def _section(body: str, question: str) -> str:
    return body.split(f"## {question}\n", 1)[1].split("\n## ", 1)[0]


def test_a_question_asked_in_two_articles_is_answered_once(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    # Both articles answer 逾期后为什么要保留证据？ with sentences 0-4 and 2-7 of that topic.
    (sources / "a.txt").write_text(_article("微粒贷逾期了怎么办？", ["verify", "evidence", "negotiate"],
                                            [[0, 1, 2, 3], [0, 1, 2, 3, 4], [0, 1, 2, 3]]), encoding="utf-8")
    (sources / "b.txt").write_text(_article("借呗逾期会被起诉吗？", ["sued", "evidence", "credit"],
                                            [[0, 1, 2, 3], [2, 3, 4, 5, 6, 7], [0, 1, 2, 3]]), encoding="utf-8")
    result = pipeline.ingest(sources, tmp_path / "docs", today="2026-01-01", progress=False)
    pages = _faq_pages(tmp_path / "docs")
    question = synth.corpus()["topics"]["evidence"]["questions"][0]
    owners = [rel for rel, (meta, _) in pages.items() if question in [q["question"] for q in meta["questions"]]]
    assert len(owners) == 1, "no two pages answer the same question"
    assert [(q, s) for _, q, s in result.question_merges] == [(question, ("a.txt", "b.txt"))]
    meta, body = pages[owners[0]]
    assert {s["file"] for s in meta["sources"]} == {"a.txt", "b.txt"}
    answer = _section(body, question)
    sentences = [han_only(s) for s in split_sentences(answer.replace("\n", "")) if len(han_only(s)) > 8]
    assert len(sentences) == len(set(sentences)), "no sentence repeated"
    for sentence in synth.corpus()["topics"]["evidence"]["sentences"]:
        assert han_only(answer).count(han_only(sentence)) == 1, f"every point kept once: {sentence}"
    other = next(rel for rel in pages if rel != owners[0])
    anchor = next(q["anchor"] for q in meta["questions"] if q["question"] == question)
    related = pages[other][1].split(f"## {RELATED_HEADING}\n", 1)[1]
    assert f"{owners[0]}#{anchor})" in related, "the other page links to the one answer"


def _batch(tmp_path: Path, articles: int = 40) -> tuple[Path, synth.Truth]:
    return tmp_path / "batch", synth.make_batch(tmp_path / "batch", articles, seed=3)


def _files(docs: Path) -> dict[str, bytes]:
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in sorted(docs.rglob("*")) if p.is_file()}


def test_output_does_not_depend_on_workers_or_file_order(tmp_path: Path) -> None:
    batch, truth = _batch(tmp_path)
    assert len(list(batch.iterdir())) >= workers.MIN_PARALLEL, "large enough to use the worker pool"
    one = pipeline.ingest(batch, tmp_path / "one", today="2026-01-01", progress=False, workers=1)
    pipeline.ingest(batch, tmp_path / "two", today="2026-01-01", progress=False, workers=2)
    # The same files written in another order (directory order differs), read by two workers again.
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    names = sorted(p.name for p in batch.iterdir())
    random.Random(5).shuffle(names)
    for name in names:
        shutil.copyfile(batch / name, shuffled / name)
    pipeline.ingest(shuffled, tmp_path / "three", today="2026-01-01", progress=False, workers=2)
    assert _files(tmp_path / "one") == _files(tmp_path / "two") == _files(tmp_path / "three")
    # And the clusters are the families of the ground truth.
    assert pairwise_scores(one.clusters, truth.family) == (1.0, 1.0, 1.0)


def test_cache_makes_a_rerun_byte_identical_and_reprocesses_only_what_changed(tmp_path: Path) -> None:
    batch, _ = _batch(tmp_path, 36)
    cache, docs = tmp_path / "cache", tmp_path / "docs"
    first = pipeline.ingest(batch, docs, today="2026-01-01", progress=False, cache_dir=cache)
    before = _files(docs)
    again = pipeline.ingest(batch, docs, today="2027-01-01", progress=False, cache_dir=cache)
    assert again.from_cache and not first.from_cache
    assert again.written == [] and _files(docs) == before
    assert report.report_data(again) == report.report_data(first)
    cached = set((cache / "articles").rglob("*.pickle"))
    changed = sorted(batch.iterdir())[0]
    changed.write_bytes(changed.read_bytes() + "\n如果还有疑问，可以向平台的官方客服咨询。\n".encode())
    third = pipeline.ingest(batch, docs, today="2026-01-01", progress=False, cache_dir=cache)
    assert not third.from_cache
    assert len(set((cache / "articles").rglob("*.pickle")) - cached) == 1, "only the changed source processed"
    fresh = tmp_path / "fresh"
    pipeline.ingest(batch, fresh, today="2026-01-01", progress=False)
    assert _files(fresh) == _files(docs), "cached and uncached runs give the same pages"


def test_cache_key_changes_with_code_data_and_library_versions(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A cached article is reused only if this code, these data files and these library versions made it."""
    package = Path(pipeline.__file__).parent.parent
    copy = tmp_path / "faqkit"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert cache.version_of(copy) == cache.code_version()
    rules = copy / "data" / "boilerplate.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "# a reviewer's note\n", encoding="utf-8")
    assert cache.version_of(copy) != cache.code_version()
    code = copy / "ingest" / "repair" / "thresholds.py"
    code.write_text(code.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    rules.write_text(rules.read_text(encoding="utf-8").removesuffix("# a reviewer's note\n"), encoding="utf-8")
    assert cache.version_of(copy) != cache.code_version(), "a change in a stage's subpackage re-processes"
    installed = cache.metadata.version
    monkeypatch.setattr(cache.metadata, "version", lambda name: "9.9" if name == "jieba" else installed(name))
    assert cache.version_of(package) != cache.code_version(), "a new jieba pin re-processes the batch"


@pytest.mark.parametrize("config", ["t2s", "s2t", "s2tw", "tw2s"])
def test_remembering_converter_gives_exactly_opencc_output(config: str) -> None:
    reference = opencc.OpenCC(config)
    for name in SEED_NAMES:
        text = (SOURCES / name).read_text(encoding="utf-8")
        assert converter(config).convert(text) == reference.convert(text)
        assert converter(config).convert(text) == reference.convert(text), "and again, from memory"


def test_pairwise_scores() -> None:
    truth = {"a": 1, "b": 1, "c": 2, "d": 2}
    assert pairwise_scores([["a", "b"], ["c", "d"]], truth) == (1.0, 1.0, 1.0)
    precision, recall, f1 = pairwise_scores([["a", "b", "c"], ["d"]], truth)
    assert (precision, recall) == (1 / 3, 1 / 2) and f1 == pytest.approx(0.4)


def test_synthetic_batch_carries_the_source_faults(tmp_path: Path) -> None:
    batch, truth = _batch(tmp_path, 60)
    raw = [p.read_bytes() for p in sorted(batch.iterdir())]
    texts = [b.decode("utf-8", errors="replace") for b in raw]
    assert sorted(truth.family.values())[-1] >= 10 and set(truth.seed_families) <= set(truth.family.values())
    assert any(re.search(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔù]+\)", t) for t in texts), "pinyin"
    assert any("15070879527" in t for t in texts), "contact spam"
    assert any(p.suffix == ".html" for p in batch.iterdir()), "HTML pages"
    assert any(b"\xa3\xac" in b for b in raw), "GB18030 files"
    for sections in truth.topics.values():
        assert 6 <= len(sections) <= 9
