"""Stages segment and dedup on the seed articles and on republished copies of them."""

from __future__ import annotations

import functools
import json
import operator
import subprocess
import sys
from pathlib import Path

import opencc
import pytest

from faqkit.dedup import cluster
from faqkit.ingest import process
from faqkit.ingest.read import read_source
from faqkit.ingest.segment import align_to_outline, as_question, segment
from tests.conftest import SEED_NAMES, SOURCES


def _article(name: str):
    return process(read_source(SOURCES / name, name))


def test_headings_become_natural_questions() -> None:
    assert as_question("小贷逾期的原因") == "小贷逾期的原因有哪些？"
    assert as_question("诉前调解的概念") == "什么是诉前调解？"
    assert as_question("借款人的应对措施") == "借款人该如何应对？"
    assert as_question("如果协商不成功该怎么办") == "如果协商不成功该怎么办？"
    assert as_question("逾期对个人信用的作用及修复建议") == "逾期对个人信用有什么影响，如何修复？"


def test_numbered_headings_give_sections_and_subsections() -> None:
    article = _article(SEED_NAMES[0])
    assert article.title == "小贷逾期有人加微信联系诉前调解该怎么办？"
    assert [s.question for s in article.sections] == [
        "小贷逾期的原因有哪些？", "什么是诉前调解？", "如何看待借款人收到“诉前调解”微信？", "借款人该如何应对？"]
    assert [s.heading for s in article.sections[3].subsections] == ["验证身份", "收集证据", "理性分析", "寻求专业帮助"]
    assert article.conclusion, "the 小编总结 text is kept as the conclusion"


def test_announced_plan_is_followed_in_order() -> None:
    article = _article(SEED_NAMES[4])
    assert [s.question for s in article.sections] == [
        "微粒贷是否会因逾期起诉？", "逾期后怎样与平台协商解决？", "怎么样应对法律诉讼？",
        "怎么样避免未来再次逾期？", "逾期对个人信用有什么影响，如何修复？"]
    openings = [s.blocks[0].text[:6] for s in article.sections]
    assert openings == ["在微粒贷的使", "当发现自身已", "尽管微粒贷平", "经历过一次逾", "逾期记录会对"]


def test_articles_without_headings_are_split_by_topic_under_no_made_up_question() -> None:
    """Seed 002 has no headings: its paragraphs are grouped where the topic shifts, and no group is put
    under a question made from its words (如何迅速与…？), which reads as a question no reader asks."""
    article = _article(SEED_NAMES[2])
    assert [s.question for s in article.sections] == ["", "", "", ""]
    assert [len(s.blocks) for s in article.sections] == [3, 3, 3, 3]
    assert article.conclusion[0].text.startswith("网贷逾期并非不可逾越的障碍")


def test_alignment_keeps_order_and_every_paragraph() -> None:
    paragraphs = ["先说逾期会不会被起诉。", "起诉要看金额。", "再说怎样协商还款。", "协商时要诚恳。",
                  "最后说征信修复。"]
    groups = align_to_outline(paragraphs, ["会不会被起诉", "怎样协商还款", "征信修复"])
    assert functools.reduce(operator.iadd, groups, []) == paragraphs
    assert groups[0][0] == paragraphs[0] and groups[2] == [paragraphs[4]]


def test_title_line_and_subtitle() -> None:
    structure = segment("网贷逾期怎么办？\n网贷逾期\n一、先冷静\n不要慌。\n二、再协商\n与平台沟通。\n")
    assert structure.title == "网贷逾期怎么办？"
    assert [s.heading for s in structure.sections] == ["先冷静", "再协商"]
    assert [c.fix for c in structure.changes] == ["subtitle"]


def _republish(text: str) -> str:
    """A farm's republication: converted to Traditional, a sentence reworded, paragraphs reordered."""
    paragraphs = opencc.OpenCC("s2t").convert(text).split("\n")
    paragraphs[3], paragraphs[4] = paragraphs[4], paragraphs[3]
    return "\n".join(paragraphs).replace("借款人", "借款者", 3)


def test_cross_script_republication_clusters_with_its_original(tmp_path: Path) -> None:
    for name in SEED_NAMES:
        (tmp_path / name).write_bytes((SOURCES / name).read_bytes())
    original = (SOURCES / SEED_NAMES[2]).read_text(encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "copy-big5.txt").write_bytes(_republish(original).encode("big5", errors="ignore"))
    (tmp_path / "empty.txt").write_bytes(b"")
    out = subprocess.run([sys.executable, "-m", "faqkit.cli", "dedup", str(tmp_path), "--json"],
                         capture_output=True, text=True, check=True).stdout
    clusters = json.loads(out)["clusters"]
    names = sorted(n for c in clusters for n in c)
    assert names == sorted([*SEED_NAMES, "sub/copy-big5.txt", "empty.txt"]), "every file exactly once"
    assert [SEED_NAMES[2], "sub/copy-big5.txt"] in clusters
    assert len(clusters) == len(SEED_NAMES) + 1


def test_distinct_seeds_stay_apart() -> None:
    texts = [_article(n).text for n in SEED_NAMES]
    assert cluster(SEED_NAMES, texts) == [[n] for n in SEED_NAMES]


def test_numbered_headings_without_chinese_numerals_are_questions() -> None:
    text = ("网贷逾期怎么办？\n先说明本文讲什么。\n1. 怎样与平台协商还款？\n协商之前先算清楚收入。主动联系客服。\n"
            "2. 保留证据的方法\n通话开启录音。微信截图。\n3. 如何核实对方的身份？\n先通过官方渠道核实。\n")
    assert [s.question for s in segment(text).sections] == ["怎样与平台协商还款？", "保留证据有哪些方法？",
                                                          "如何核实对方的身份？"]
    # A numbered list under a paragraph stays a list.
    listed = segment("网贷逾期怎么办？\n可以这样做：\n1. 保持冷静\n2. 核实身份\n3. 保留证据\n"
                     "一、再说协商\n主动联系。\n")
    # A heading no rule makes a question stays the article's own step, never a template question.
    assert [s.question for s in listed.sections] == ["再说协商"]


def _seed_points() -> list[str]:
    """Every sentence and list item of the seeds' sections: a few hundred real texts to compare."""
    from faqkit.organize.answers import points_of as _points

    return [point for name in SEED_NAMES for section in _article(name).sections for point in _points(section)]


def test_tfidf_is_its_definition() -> None:
    """Columns in order of first appearance, log-scaled counts times IDF (0 for the commonest bigrams),
    rows of length one; computed here the slow way, bigram by bigram."""
    import math

    import numpy as np

    from faqkit.core.text import bigrams
    from faqkit.dedup import tfidf

    texts = [*_seed_points(), "", "abc", "一"]
    matrix = tfidf(texts)
    vocabulary: dict[str, int] = {}
    counts = [{} for _ in texts]
    for row, text in enumerate(texts):
        for gram in bigrams(text):
            column = vocabulary.setdefault(gram, len(vocabulary))
            counts[row][column] = counts[row].get(column, 0) + 1
    df = np.zeros(len(vocabulary))
    for row_counts in counts:
        df[list(row_counts)] += 1
    n = len(texts)
    idf = np.where(df > max(50, 0.1 * n), 0.0, np.log((n + 1) / (df + 1)) + 1.0)
    expected = np.zeros((n, len(vocabulary)))
    for row, row_counts in enumerate(counts):
        for column, count in row_counts.items():
            expected[row, column] = math.log1p(count * idf[column])
        norm = np.linalg.norm(expected[row])
        expected[row] /= norm or 1.0
    assert matrix.shape == expected.shape and len(vocabulary) > 1000
    assert np.allclose(matrix.toarray(), expected, atol=1e-6)
    assert matrix[n - 3:].nnz == 0, "no Han bigram, no vector"
    # Canonical rows: columns ascending (the order the products sum a row in), no stored zero (a bigram
    # left out for being common is no entry, so it never counts as shared).
    ascending = np.diff(matrix.indices) > 0
    row_starts = matrix.indptr[1:-1]
    assert ascending[np.setdiff1d(np.arange(len(ascending)), row_starts[row_starts > 0] - 1)].all()
    assert (matrix.data != 0).all()


def test_nearest_pairs_are_each_rows_most_similar() -> None:
    """sparse_dot_topn's top-k product against the full product: the same scores, every pair at or
    above the threshold among a row's k best, most similar first."""
    import numpy as np

    from faqkit.dedup import nearest_pairs, tfidf

    vectors = tfidf(_seed_points())
    full = (vectors @ vectors.T).toarray().astype(np.float64)
    np.fill_diagonal(full, -1.0)
    n, threshold = full.shape[0], 0.3
    for k in (3, n - 1):
        sims, low, high = nearest_pairs(vectors, k, threshold, threads=2)
        assert len(sims) and np.all(low < high) and np.all(np.diff(sims) <= 0)
        assert np.array_equal(sims, full[low, high]), "the scores are the full product's, bit for bit"
        found = set(zip(low.tolist(), high.tolist(), strict=True))
        assert len(found) == len(sims), "each pair once"
        for row in range(n):
            kth = np.sort(full[row])[-k]
            for other in np.flatnonzero(full[row] >= max(threshold, kth + 1e-6)):
                assert (min(row, other), max(row, other)) in found
        for i, j in found:  # among the k best of one of the two
            assert full[i, j] >= threshold and full[i, j] >= min(np.sort(full[i])[-k], np.sort(full[j])[-k])
    everything = nearest_pairs(vectors, n - 1, threshold)
    assert len(everything[0]) == np.count_nonzero(np.triu(full >= threshold, 1)), "with k = n - 1: every pair"


def test_read_all_hands_over_each_article_in_order(tmp_path: Path) -> None:
    """What ingest clusters while the workers run is what build_pages would cluster afterwards."""
    from faqkit import pipeline
    from faqkit.dedup import SignatureClusters, cluster_signatures

    for name in SEED_NAMES:
        (tmp_path / name).write_bytes((SOURCES / name).read_bytes())
    (tmp_path / "copy.txt").write_bytes(_republish((SOURCES / SEED_NAMES[2]).read_text(encoding="utf-8"))
                                        .encode("utf-8"))
    (tmp_path / "empty.txt").write_bytes(b"")
    handed, signatures = [], []
    found = SignatureClusters()

    def each(article: pipeline.Processed) -> None:
        handed.append(article.article.name)
        signatures.append(article.signature)
        found.add(article.article.name, article.signature)

    processed = pipeline.read_all(tmp_path, 10**7, progress=False, workers=1, each=each)[0]
    assert handed == [p.article.name for p in processed] == sorted([*SEED_NAMES, "copy.txt"])
    clusters = cluster_signatures(handed, signatures)
    assert found.clusters() == clusters and [SEED_NAMES[2], "copy.txt"] in clusters
    # Compared once, an article's shingles are not kept (they were most of a large batch's memory).
    assert all(s.shingles is not None for s in signatures) and all(p.signature.shingles is None for p in processed)


def test_a_duplicate_that_will_not_be_its_clusters_base_is_slimmed_as_soon_as_that_is_known(tmp_path: Path) -> None:
    """ingest keeps whole only the article each duplicate cluster will be paged from: the others lose
    their sections as soon as a more complete duplicate is in, and the pages are what the whole articles
    give (the base chosen by the same rule, the loser's text still counted)."""
    from faqkit import organize, pipeline
    from faqkit.dedup import SignatureClusters

    seed = (SOURCES / SEED_NAMES[2]).read_text(encoding="utf-8")
    (tmp_path / "a-seed.txt").write_text(seed, encoding="utf-8")
    (tmp_path / "b-copy.txt").write_text(_republish(seed), encoding="utf-8")
    (tmp_path / "c-other.txt").write_bytes((SOURCES / SEED_NAMES[0]).read_bytes())
    whole = pipeline.read_all(tmp_path, 10**7, progress=False, workers=1)[0]
    found = SignatureClusters()
    kept = pipeline.read_all(tmp_path, 10**7, progress=False, workers=1,
                             each=lambda p: found.add(p.article.name, p.signature,
                                                      organize.completeness(p.article)))[0]
    clusters = found.clusters()
    assert ["a-seed.txt", "b-copy.txt"] in clusters
    base = max((p.article for p in whole if p.article.name in ("a-seed.txt", "b-copy.txt")),
               key=organize.completeness)
    by_name = {p.article.name: p.article for p in kept}
    loser = by_name["b-copy.txt" if base.name == "a-seed.txt" else "a-seed.txt"]
    assert by_name[base.name].sections and not loser.sections and loser.text
    assert by_name["c-other.txt"].sections, "an article without duplicates is its own base"
    assert pipeline.build_pages(kept, 1, None, clusters)[1] == pipeline.build_pages(whole, 1, None, clusters)[1]


def test_the_best_of_a_cluster_is_tracked_as_signatures_come_in() -> None:
    """``add`` with a rank returns the members that stopped being their cluster's best: the highest
    rank, among equal ranks the first name in order, as ``max`` over the sorted cluster picks it."""
    from faqkit.dedup import SignatureClusters
    from faqkit.dedup.articles import signature

    seed = (SOURCES / SEED_NAMES[2]).read_text(encoding="utf-8")
    other = (SOURCES / SEED_NAMES[0]).read_text(encoding="utf-8")
    found = SignatureClusters()
    assert found.add("b", signature(seed), 1) == []
    assert found.add("a", signature(seed + "\n"), 1) == ["b"], "a tie goes to the first name"
    assert found.add("d", signature(other), 0) == [], "another cluster"
    assert found.add("c", signature(seed + "\n最后补充一句：先和平台协商。"), 5) == ["a"]
    assert found.add("e", signature(seed), 5) == ["e"], "a tie with c, which comes first"
    assert found.add("f", signature(seed)) == [], "no rank, nothing tracked"


def test_bigrams_are_counted_in_chunks_with_one_vocabulary(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted a few texts at a time (a large batch's bigrams at once took gigabytes), the matrix is the
    one counted all at once: columns numbered in the order bigrams first appear, across chunks."""
    from faqkit.dedup import vectors

    texts = ["乙丙乙丙", "甲乙，乙丙", "", "丁甲乙", "abc", "丙丁丙丁甲"]
    whole = vectors.bigram_counts(texts)
    assert whole.toarray().tolist() == [
        [2, 1, 0, 0, 0, 0, 0],  # 乙丙 ×2, 丙乙: columns 0 and 1, in the order they first appear
        [1, 0, 1, 1, 0, 0, 0],  # Han text only (甲乙乙丙): 甲乙 and 乙乙 are new, columns 2 and 3
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 1, 0, 1, 0, 0],  # 丁甲 new: column 4
        [0, 0, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 1, 2, 1],  # 丙丁 ×2 (column 5), 丁丙 (6), 丁甲
    ]
    monkeypatch.setattr(vectors, "_CHUNK", 2)
    chunked = vectors.bigram_counts(texts)
    assert (chunked != whole).nnz == 0 and chunked.shape == whole.shape
