"""dedup's thresholds at their edges, on articles, answers and points written here: near-duplicate
articles at a shingle Jaccard of 0.5 (``articles.THRESHOLD``), the same point at a bigram Jaccard of 0.5
(``points.SAME_POINT``), the same question at a cosine of 0.45 (``questions.QUESTION_THRESHOLD``). Each
pair is just inside or just outside, so moving a threshold to a plausible wrong value flips a case."""

from __future__ import annotations

import numpy as np
import opencc
import pytest

from faqkit.core.text import bigrams
from faqkit.dedup import PointSet, cluster, cluster_questions
from faqkit.dedup.articles import shingle_hashes, signature
from faqkit.dedup.points import SAME_POINT

# Sixteen sentences of one article's length, none sharing five characters in a row with another.
SENTENCES = [
    "网贷逾期以后最要紧的是先弄清楚自己到底欠了多少钱", "把每一笔借款的本金利息和罚息都列在一张表格里面",
    "然后按照利率从高到低的顺序安排好还款的先后次序", "接到催收电话的时候要保持冷静不要和对方发生争吵",
    "可以要求对方说出工号以及委托他催收的具体机构名称", "所有的通话最好都录音并且保存好相关的短信和截图",
    "如果对方威胁要联系你的家人朋友可以向监管部门投诉", "主动和平台协商延期或者分期往往比一直躲着更有用处",
    "协商的时候要说明收入下降的真实原因并提供证明材料", "千万不要为了还旧债去借新的网贷那样只会越滚越大",
    "逾期记录会上报征信系统影响以后办理房贷和信用卡", "还清欠款以后不良记录会在五年之后从征信报告中消失",
    "收到法院传票时要按时出庭不要以为不理就能躲过去", "遇到自称律师要求私下转账的人一定要先核实其身份",
    "保持良好的作息和心态才能一步一步走出债务的困境", "家人的理解和支持对于度过这段艰难时期非常重要呢",
]
ORIGINAL = "。".join(SENTENCES[:10]) + "。"


def copy_sharing(shared: int) -> str:
    """An article that keeps the first ``shared`` of the original's ten sentences and replaces the rest."""
    return "。".join(SENTENCES[:shared] + SENTENCES[10:10 + 10 - shared]) + "。"


def shingle_jaccard(a: str, b: str) -> float:
    x, y = set(shingle_hashes(a).tolist()), set(shingle_hashes(b).tolist())
    return len(x & y) / len(x | y)


def test_a_copy_sharing_just_over_half_of_its_shingles_is_a_duplicate() -> None:
    copy = copy_sharing(7)
    assert 0.5 < shingle_jaccard(ORIGINAL, copy) < 0.56, "the case sits just above the threshold"
    assert cluster(["original", "copy"], [ORIGINAL, copy]) == [["copy", "original"]]


def test_a_copy_sharing_well_under_half_is_another_article() -> None:
    copy = copy_sharing(6)
    assert 0.4 < shingle_jaccard(ORIGINAL, copy) < 0.45, "the case sits just below the threshold"
    assert cluster(["original", "copy"], [ORIGINAL, copy]) == [["copy"], ["original"]]


def test_a_chain_of_republications_is_one_cluster_and_order_does_not_matter() -> None:
    first, second = copy_sharing(8), "。".join(SENTENCES[:6] + SENTENCES[10:14]) + "。"
    names, texts = ["a", "b", "c"], [ORIGINAL, first, second]
    expected = [["a", "b", "c"]]
    assert cluster(names, texts) == expected
    assert cluster(names[::-1], texts[::-1]) == expected


def test_exact_and_cross_script_copies_are_duplicates_and_empty_texts_are_alone() -> None:
    traditional = opencc.OpenCC("s2t").convert(ORIGINAL)
    spaced = ORIGINAL.replace("。", "。\n\n ")
    found = cluster(["a", "b", "c", "d", "e"], [ORIGINAL, spaced, "", "！？", "。".join(SENTENCES[10:]) + "。"])
    assert found == [["a", "b"], ["c"], ["d"], ["e"]]
    assert signature(ORIGINAL).digest == signature(spaced).digest
    assert signature("").hashvalues is None and signature("   ").hashvalues is None
    # A Traditional republication is compared in the canonical (Simplified) form ingest gives it.
    assert shingle_jaccard(ORIGINAL, traditional) < 0.5


def test_shingles_are_five_characters_of_han_digits_and_latin_letters() -> None:
    assert len(shingle_hashes("一二三四五")) == 1
    assert len(shingle_hashes("一二三四五六")) == 2
    assert len(shingle_hashes("一二，三四 五")) == 1, "punctuation and spaces are not text"
    assert len(shingle_hashes("abc12")) == 1 and len(shingle_hashes("一二三")) == 1
    assert len(shingle_hashes("一二三四五一二三四五")) == 5, "distinct shingles only"
    assert len(shingle_hashes("")) == 0


# ------------------------------------------------------------------------------------------- points

POINT = "借款人应当主动联系平台说明自己的还款困难"


def bigram_jaccard(a: str, b: str) -> float:
    x, y = set(bigrams(a)), set(bigrams(b))
    return len(x & y) / len(x | y)


@pytest.mark.parametrize(("other", "jaccard", "repeats"), [
    ("借款人应当主动联系贷款平台说明目前的还款困难", 0.6, True),
    ("借款人最好主动联系平台说清自己的还款困难", 0.583, True),
    ("借款人可以主动联系平台告知自己的还款困难", 0.52, True),
    ("借款人需要主动联系平台告诉他们自己的还款困难", 0.481, False),
    ("借款人可以主动联系贷款平台告知自己的还款困难", 0.429, False),
])
def test_a_point_repeats_another_from_a_bigram_jaccard_of_one_half(other: str, jaccard: float,
                                                                    repeats: bool) -> None:
    assert SAME_POINT == 0.5
    assert round(bigram_jaccard(POINT, other), 3) == jaccard
    points = PointSet()
    assert points.add(POINT)
    assert points.add(other) is not repeats


def test_the_same_han_text_repeats_and_text_without_han_is_no_point() -> None:
    points = PointSet()
    assert points.add("先核实对方的身份。")
    assert not points.add("先核实对方的身份！"), "the same Han text with other punctuation"
    assert not points.add("123 abc")
    assert points.add("再保留好通话录音。", set(bigrams("再保留好通话录音。")))


# ---------------------------------------------------------------------------------------- questions

ANSWER_CLAUSES = [
    "接到催收电话时要保持冷静", "要求对方说出工号和所属机构",
    "所有通话最好全程录音", "保存好相关短信和截图",
    "对方威胁家人时可以投诉", "不要向陌生账户转账",
    "主动和平台协商还款计划", "说明收入下降的真实原因",
    "申请延期或者分期还款", "不要借新的网贷来还旧债",
]
QUESTIONS = ["接到催收电话怎么办？", "接到催收电话该怎么应对？"]


def answer_sharing(shared: int, extra: int = 0) -> str:
    return "，".join(ANSWER_CLAUSES[:shared] + ANSWER_CLAUSES[5:10 - shared + extra]) + "。"


def test_two_answers_of_one_question_at_a_cosine_just_over_the_threshold_are_merged() -> None:
    # Cosine 0.47 on these two sections (question bigrams weigh 0.1, answer bigrams 0.9).
    answers = [answer_sharing(5), answer_sharing(3, extra=1)]
    assert cluster_questions(QUESTIONS, answers) == [[0, 1]]


def test_two_answers_at_a_cosine_just_under_the_threshold_stay_apart() -> None:
    # Cosine 0.43: one more clause of their own.
    answers = [answer_sharing(5), answer_sharing(3, extra=2)]
    assert cluster_questions(QUESTIONS, answers) == [[0], [1]]


def test_the_same_question_tips_a_pair_of_answers_over_the_threshold() -> None:
    # The answers alone are at a cosine of 0.42; the same question's bigrams (weight 0.1) bring it to 0.48.
    answers = [answer_sharing(5), answer_sharing(3, extra=2)]
    assert cluster_questions(QUESTIONS[:1] * 2, answers) == [[0, 1]]
    assert cluster_questions(QUESTIONS, answers) == [[0], [1]]


def test_the_answer_weighs_more_than_the_question() -> None:
    same_answer = answer_sharing(5)
    assert cluster_questions(["逾期了怎么办？", "如何保存证据？"], [same_answer, same_answer]) == [[0, 1]]
    different = [answer_sharing(5), "，".join(ANSWER_CLAUSES[5:]) + "。"]
    assert cluster_questions(QUESTIONS[:1] * 2, different) == [[0], [1]]


def test_no_question_or_one_question_is_its_own_group() -> None:
    assert cluster_questions([], []) == []
    assert cluster_questions(QUESTIONS[:1], [answer_sharing(5)]) == [[0]]


def test_a_group_joins_another_only_when_their_centroids_are_close() -> None:
    """A section that covers two topics must not chain them into one group."""
    calls = "，".join(ANSWER_CLAUSES[:5]) + "。"
    plan = "，".join(ANSWER_CLAUSES[5:]) + "。"
    both = "，".join(ANSWER_CLAUSES[:3] + ANSWER_CLAUSES[5:8]) + "。"
    groups = cluster_questions(["接到催收电话怎么办？", "接到催收电话怎么办？", "怎么协商还款？", "怎么协商还款？",
                                "催收和协商怎么办？"], [calls, calls, plan, plan, both])
    assert [0, 1] in [g[:2] for g in groups] and any(g[:2] == [2, 3] for g in groups)
    assert not any({0, 2} <= set(g) for g in groups)


def _groups_by_definition(questions: list[str], answers: list[str], threshold: float = 0.45) -> list[list[int]]:
    """cluster_questions as its docstring defines it, densely: the candidate pairs most similar first, two
    groups joined when the cosine of their summed vectors reaches the threshold."""
    import math

    import numpy as np
    from scipy import sparse

    from faqkit.dedup import nearest_pairs, tfidf

    vectors = sparse.hstack([math.sqrt(0.1) * tfidf(questions), math.sqrt(0.9) * tfidf(answers)]).tocsr()
    dense = vectors.toarray().astype(np.float64)
    _, first, second = nearest_pairs(vectors, 30, threshold)
    group = list(range(len(questions)))
    for i, j in zip(first.tolist(), second.tolist(), strict=True):
        a, b = group[i], group[j]
        if a == b:
            continue
        sum_a = dense[[k for k, g in enumerate(group) if g == a]].sum(axis=0)
        sum_b = dense[[k for k, g in enumerate(group) if g == b]].sum(axis=0)
        if sum_a @ sum_b / math.sqrt((sum_a @ sum_a) * (sum_b @ sum_b)) >= threshold:
            group = [min(a, b) if g in (a, b) else g for g in group]
    found: dict[int, list[int]] = {}
    for index, g in enumerate(group):
        found.setdefault(g, []).append(index)
    return sorted(found.values())


def test_question_groups_are_their_definition() -> None:
    """Sections made of overlapping runs of the clauses and sentences above: chains, groups that grow and
    groups too far apart to join, as in a batch."""
    pool = ANSWER_CLAUSES + SENTENCES
    for step, length in ((1, 3), (2, 5)):
        answers = ["，".join(pool[s:s + length]) + "。" for s in range(0, len(pool) - length + 1, step)]
        questions = [QUESTIONS[i % 2] for i in range(len(answers))]
        expected = _groups_by_definition(questions, answers)
        assert 1 < len(expected) < len(answers), "some sections join, not all"
        assert any(len(g) > 2 for g in expected), "some groups grow past a pair"
        assert cluster_questions(questions, answers) == expected


def _copy(keep: list[int], others: list[int], cut: int) -> str:
    """An article with the original's sentences ``keep`` and the other sentences ``others``, its last one
    shortened by ``cut`` characters (to set the Jaccard finely)."""
    sentences = [SENTENCES[i] for i in keep + others]
    sentences[-1] = sentences[-1][:-cut]
    return "。".join(sentences) + "。"


def _estimate_and_exact(a: str, b: str) -> tuple[float, float]:
    from datasketch import LeanMinHash

    x, y = signature(a), signature(b)
    estimate = LeanMinHash(seed=1, hashvalues=x.hashvalues, scheme=x.scheme).jaccard(
        LeanMinHash(seed=1, hashvalues=y.hashvalues, scheme=y.scheme))
    return estimate, shingle_jaccard(a, b)


def test_the_exact_jaccard_decides_not_the_minhash_estimate() -> None:
    """The estimate (128 values) is off by about 0.04 at 0.5: among a hundred thousand articles, the many
    pairs near 0.45 it lets over the threshold chained unrelated articles into one cluster."""
    over = _copy([1, 2, 4, 6, 7, 8, 9], [15, 12, 13, 14], 5)
    estimate, exact = _estimate_and_exact(ORIGINAL, over)
    assert estimate > 0.5 > exact, "the estimate says duplicate, the shingles say not"
    assert cluster(["original", "copy"], [ORIGINAL, over]) == [["copy"], ["original"]]
    under = _copy([0, 1, 2, 3, 4, 5, 6], [11, 12, 10, 14], 9)
    estimate, exact = _estimate_and_exact(ORIGINAL, under)
    assert estimate < 0.5 < exact, "the estimate says apart, the shingles say duplicate"
    assert cluster(["original", "copy"], [ORIGINAL, under]) == [["copy", "original"]]


def test_a_copy_whose_exact_jaccard_is_one_half_is_a_duplicate() -> None:
    """The threshold is "at least 0.5"."""
    copy = _copy([0, 1, 2, 3, 4, 7, 9], [14, 11, 13], 5)
    assert _estimate_and_exact(ORIGINAL, copy)[1] == 0.5
    assert cluster(["original", "copy"], [ORIGINAL, copy]) == [["copy", "original"]]


def test_a_signature_without_its_shingles_cannot_be_clustered() -> None:
    """Ingest drops an article's shingles once it is compared; comparing it again would be a bug."""
    from faqkit.dedup import cluster_signatures

    stripped = signature(ORIGINAL).without_shingles()
    with pytest.raises(ValueError, match="without its shingles"):
        cluster_signatures(["a", "b"], [signature(ORIGINAL), stripped])


def test_a_threshold_given_to_cluster_is_the_one_used() -> None:
    copy = copy_sharing(6)  # a shingle Jaccard of 0.42: another article at the default threshold
    assert cluster(["original", "copy"], [ORIGINAL, copy], threshold=0.35) == [["copy", "original"]]
    assert cluster(["original", "copy"], [ORIGINAL, copy]) == [["copy"], ["original"]]


def test_a_signature_is_datasketchs_minhash_with_seed_one_so_cached_ones_stay_comparable() -> None:
    """Signatures are cached with their article across runs: the permutations must be the same in every
    process (datasketch's, seed 1, 128 of them), or a cached signature would compare as noise."""
    from datasketch import MinHash

    expected = MinHash(num_perm=128, seed=1, hashfunc=int)
    expected.update_batch(shingle_hashes(ORIGINAL).tolist())
    assert (signature(ORIGINAL).hashvalues == expected.hashvalues).all()


def test_every_name_needs_its_signature() -> None:
    from faqkit.dedup import cluster_signatures

    with pytest.raises(ValueError):
        cluster_signatures(["a", "b"], [signature(ORIGINAL)])


def test_a_one_character_point_repeats_itself() -> None:
    """A point of one Han character has no bigram to compare: only its text says it is the same."""
    points = PointSet()
    assert points.add("是。")
    assert not points.add("是！")
    assert points.add("否。")


# ------------------------------------------------------------------------------------- vectors, pairs

def _with_common_bigram(n: int, sharing: int) -> list[str]:
    """``n`` texts of two bigrams each, none shared, except 逾期 at the head of the first ``sharing``."""
    return [("逾期" if i < sharing else "") + chr(0x4E00 + 2 * i) + chr(0x4E01 + 2 * i + 1000) for i in range(n)]


@pytest.mark.parametrize(("n", "sharing", "weighs"), [
    (100, 50, True), (100, 51, False),  # up to 1,000 texts: more than 50 of them
    (600, 60, True), (600, 61, False),  # beyond: more than a tenth
])
def test_a_bigram_in_more_than_a_tenth_of_the_texts_and_over_fifty_carries_no_weight(n: int, sharing: int,
                                                                                     weighs: bool) -> None:
    from faqkit.dedup import tfidf

    first = tfidf(_with_common_bigram(n, sharing))[0].toarray()[0]
    assert bool(first[0] > 0) is weighs  # column 0: 逾期, the first bigram met
    assert np.isfinite(first).all() and first[1:].max() > 0


def test_texts_without_a_bigram_or_with_common_ones_only_are_zero_vectors() -> None:
    from faqkit.dedup import tfidf

    empty = tfidf(["一", "二"])
    assert empty.dtype == np.float32 and empty.shape[0] == 2 and empty.nnz == 0
    common = tfidf(["逾期"] * 60 + [chr(0x4E00 + i) + chr(0x4F00 + i) for i in range(40)])
    assert common.dtype == np.float32
    assert np.isfinite(common.toarray()).all() and not common[0].toarray().any()
    assert cluster_questions(["是？", "否？"], ["好", "行"]) == [[0], [1]]


def test_pairs_are_each_rows_nearest_at_least_the_threshold_and_each_pair_once() -> None:
    from faqkit.dedup import nearest_pairs, tfidf

    vectors = tfidf(["催收电话要录音", "催收电话要录音", "催收电话别慌张", "协商还款要趁早"])
    sims, low, high = nearest_pairs(vectors, 30, 0.1)
    # Two equal rows: the pairs (0, 2) and (1, 2) have the same score, and each is kept.
    assert list(zip(low.tolist(), high.tolist(), strict=True)) == [(0, 1), (0, 2), (1, 2)]
    assert sims[1] == sims[2] and 0.3 < sims[1] < 0.4 and sims[0] > 0.99
    # One neighbour each: row 2's nearest is row 0 or row 1 (tied: the one the library's product meets
    # first, which its rows' bigram order decides, the same on every run), and only one of them.
    sims_1, low_1, high_1 = nearest_pairs(vectors, 1, 0.1)
    assert list(zip(low_1.tolist(), high_1.tolist(), strict=True)) == [(0, 1), (1, 2)]
    assert sims_1.tolist() == sims[:2].tolist(), "(1, 2) is found from row 2 only, and keeps its score"
    # Four equal rows, one neighbour each: each row keeps one other (ties broken as the library meets them).
    _, low_4, high_4 = nearest_pairs(tfidf(["催收电话要录音"] * 4), 1, 0.1)
    assert list(zip(low_4.tolist(), high_4.tolist(), strict=True)) == [(0, 2), (1, 2), (2, 3)]
    # The threshold is "at least": a pair at exactly its score stays, just above it goes.
    at = float(sims[1])
    assert len(nearest_pairs(vectors, 30, at)[0]) == 3
    assert len(nearest_pairs(vectors, 30, float(np.nextafter(at, 1.0)))[0]) == 1


def test_one_row_or_none_is_its_own_group() -> None:
    from faqkit.dedup import tfidf
    from faqkit.dedup.vectors import group_by_centroid

    assert group_by_centroid(tfidf(["催收电话"]), 0.45, 30) == [[0]]
    assert group_by_centroid(tfidf([]), 0.45, 30) == []


# ------------------------------------------------------------------------------- exclusive, together

SAME = "，".join(ANSWER_CLAUSES[:5]) + "。"
TAIWAN = frozenset({"taiwan"})  # the jurisdictions a section may be grouped under
OTHER = "，".join(ANSWER_CLAUSES[5:]) + "。"


@pytest.mark.parametrize("labels", [(None, "taiwan", "mainland"), ("taiwan", None, "mainland")])
def test_sections_for_two_jurisdictions_never_merge_even_through_a_general_one(labels: tuple) -> None:
    """The same answer for everyone, for Taiwan and for the mainland: the general section joins the first
    it meets and takes its jurisdiction, so the third stays apart; two other sections still join after."""
    near = ["，".join(SENTENCES[:4]) + "。", "，".join(SENTENCES[:3] + SENTENCES[5:6]) + "。"]  # after the others
    groups = cluster_questions([QUESTIONS[0]] * 3 + [QUESTIONS[1]] * 2, [SAME, SAME, SAME, *near],
                               exclusive=[*(frozenset({j}) if j else None for j in labels), None, None])
    assert groups == [[0, 1], [2], [3, 4]]


def test_sections_of_one_jurisdiction_merge() -> None:
    assert cluster_questions(QUESTIONS, [SAME, SAME], exclusive=[TAIWAN, TAIWAN]) == [[0, 1]]
    assert cluster_questions(QUESTIONS, [SAME, SAME], exclusive=[TAIWAN, frozenset({"hongkong"})]) == [[0], [1]]


def test_sections_asked_the_same_way_are_one_question_whatever_their_answers() -> None:
    """``together``: joined before any pair is compared, however different their answers (or empty)."""
    questions = ["怎么办？", "协商？", "怎么办？", "怎么办？", "是？", "否？"]
    answers = [SAME, OTHER, "，".join(SENTENCES[:3]) + "。", "，".join(SENTENCES[5:8]) + "。", "好的", "行"]
    assert cluster_questions(questions, answers) == [[0], [1], [2], [3], [4], [5]]
    assert cluster_questions(questions, answers, together=[[0, 2, 3]]) == [[0, 2, 3], [1], [4], [5]]
    assert cluster_questions(questions, answers, together=[[4, 0], [1, 4]]) == [[0, 1, 4], [2], [3], [5]]
    # A section of one bigram, and one of none, joined to a larger one.
    assert cluster_questions(questions, answers, together=[[0, 4], [0, 5]]) == [[0, 4, 5], [1], [2], [3]]
    assert cluster_questions(questions, answers, together=[[5, 1]]) == [[0], [1, 5], [2], [3], [4]]
    # Two jurisdictions are never together, even asked the same way.
    exclusive = [TAIWAN, None, frozenset({"mainland"}), None, None, None]
    assert cluster_questions(questions, answers, together=[[0, 2]], exclusive=exclusive) == [[i] for i in range(6)]


@pytest.mark.parametrize(("runs", "asking", "expected"), [
    ([(16, 4), (5, 2), (15, 2), (4, 6), (19, 5), (14, 6), (7, 2), (14, 2), (3, 2), (20, 3), (0, 5)],
     (0, 0, 1, 1, 2, 1, 1, 1, 2, 0, 0), [[0, 2, 5, 7], [1], [3, 6], [4, 9], [8, 10]]),
    # Here a pair of the same two groups comes again before they change, and later pairs still count.
    ([(19, 3), (14, 5), (14, 2), (11, 6), (6, 5), (16, 2), (16, 3), (0, 5), (5, 6), (6, 5), (9, 4), (13, 6),
      (19, 5), (16, 4)],
     (0, 0, 2, 0, 1, 2, 0, 1, 2, 1, 1, 0, 2, 0), [[0, 12], [1, 3, 5, 6, 11, 13], [2], [4, 8, 9, 10], [7]]),
])
def test_a_group_turned_down_once_is_looked_at_again_after_it_grows(runs: list, asking: tuple,
                                                                    expected: list) -> None:
    """Two groups found too different are not compared again until one of them grows; here section 7 is
    turned down by the group that ends as 0, 2 and 5 while it is smaller, and joins it once it has grown
    (as the definition does; a group that kept its first verdict after growing would leave 7 alone)."""
    pool = ANSWER_CLAUSES + SENTENCES
    answers = ["，".join(pool[start:start + length]) + "。" for start, length in runs]
    asked = ["接到催收电话该怎么应对？", "怎么协商还款？", "接到催收电话怎么办？"]
    questions = [asked[i] for i in asking]
    assert _groups_by_definition(questions, answers) == expected
    assert cluster_questions(questions, answers) == expected

def test_a_group_takes_only_rows_that_suit_every_label_it_holds() -> None:
    """``exclusive`` holds, per row, the labels it may be grouped under: a row open to Taiwan and Hong
    Kong joins a Taiwan row, and the group they make no longer takes a Hong Kong row; None joins any."""
    from scipy import sparse

    from faqkit.dedup.vectors import group_by_centroid

    same = sparse.csr_matrix([[1.0, 0.0]] * 4)
    open_to = [frozenset({"taiwan", "hongkong"}), frozenset({"taiwan"}), frozenset({"hongkong"}), None]
    groups = group_by_centroid(same, 0.9, 5, exclusive=open_to)
    with_two = next(g for g in groups if 2 in g)
    assert any({0, 1} <= set(g) for g in groups) and not {0, 1} & set(with_two)
    assert group_by_centroid(same, 0.9, 5, exclusive=[frozenset({"taiwan"}), frozenset({"hongkong"})] * 2) \
        == [[0, 2], [1, 3]]
