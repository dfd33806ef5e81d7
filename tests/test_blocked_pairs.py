"""nearest_pairs on rows shared by many others (``vectors.SHARED_ROWS``): such a row is compared only with
its neighbours in MinHash order (``vectors.BLOCK``, ``vectors.ORDERINGS``), and the question groups come
out as the exact all-pairs product makes them. Texts generated here from a seeded random generator."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy import sparse

from faqkit.dedup import articles as articles_module
from faqkit.dedup import cluster_questions
from faqkit.dedup import vectors as vectors_module
from faqkit.dedup.articles import set_minhashes, template
from faqkit.dedup.vectors import (
    BLOCK,
    ORDERINGS,
    SHARED_ROWS,
    _blocked_best,
    group_by_centroid,
    nearest_pairs,
    shared_rows,
)

# Characters the generated sentences are drawn from: a topic's sentences use its own slice of them.
HAN = "".join(chr(c) for c in range(0x4E00, 0x4E00 + 2400))


def test_set_minhashes_are_datasketchs_minhashes() -> None:
    from datasketch import MinHash

    sets = [[3, 17, 4000], [], [9], [2**31 + 5, 1, 2]]
    indptr = np.cumsum([0] + [len(s) for s in sets])
    members = np.array([m for s in sets for m in s], dtype=np.int64)
    values = set_minhashes(indptr, members, 5)
    empty = template()
    for row, members_of in zip(values, sets, strict=True):
        one = MinHash(num_perm=len(empty.hashvalues), seed=1, hashfunc=int, permutations=empty.permutations,
                      scheme=empty.scheme)
        one.update_batch(members_of)
        assert row.tolist() == one.hashvalues[:5].tolist()


@pytest.mark.parametrize("at_once", [1, 2, 3, 4, 7])
def test_set_minhashes_are_the_same_hashed_a_few_members_at_a_time(monkeypatch: pytest.MonkeyPatch,
                                                                    at_once: int) -> None:
    """Sets hashed whole, about ``_HASHED_AT_ONCE`` members at a time: a set larger than that, one that
    ends exactly at it, and empty sets between them have the values of hashing everything at once."""
    rng = np.random.default_rng(at_once)
    sizes = [0, 5, 3, 0, 1, 4, 0, 0, 2, 9, 3, 1]
    indptr = np.cumsum([0, *sizes])
    members = rng.integers(0, 2**40, indptr[-1])
    whole = set_minhashes(indptr, members, 3)
    monkeypatch.setattr(articles_module, "_HASHED_AT_ONCE", at_once)
    assert np.array_equal(set_minhashes(indptr, members, 3), whole)


def _identical(rows: int) -> sparse.csr_matrix:
    return sparse.csr_matrix(np.ones((rows, 4), dtype=np.float32) / 2)


def test_shared_rows_at_its_edge() -> None:
    """SHARED_ROWS identical rows are still compared exactly (every pair found); one more and they are
    compared block by block: the first row meets the BLOCK - 1 rows after it, no other."""
    assert shared_rows(_identical(SHARED_ROWS)).max() == SHARED_ROWS
    _, low, high = nearest_pairs(_identical(SHARED_ROWS), SHARED_ROWS, 0.5)
    assert len(low) == SHARED_ROWS * (SHARED_ROWS - 1) // 2
    _, low, high = nearest_pairs(_identical(SHARED_ROWS + 1), SHARED_ROWS + 1, 0.5)
    assert len(low) < (SHARED_ROWS + 1) * SHARED_ROWS // 2
    assert sorted(high[low == 0].tolist()) == list(range(1, BLOCK))
    # The second cut, half a block later, joins the two halves of neighbouring blocks.
    assert sorted(high[low == BLOCK - 1].tolist()) == list(range(BLOCK, BLOCK + BLOCK // 2))


def test_rows_not_shared_keep_their_exact_neighbours() -> None:
    """Rows under SHARED_ROWS in a matrix that also holds shared ones have the exact product's pairs."""
    rng = np.random.default_rng(3)
    crowd = np.zeros((SHARED_ROWS + 40, 60), dtype=np.float32)
    crowd[:, :30] = 1.0  # thirty bigrams every row of the crowd has, and a few of twenty others
    crowd[:, 30:50] = rng.random((len(crowd), 20)) < 0.1
    loners = np.zeros((30, 60), dtype=np.float32)
    loners[:, 50:] = rng.random((30, 10)) < 0.5
    matrix = sparse.csr_matrix(np.vstack([crowd, loners]))
    matrix = sparse.csr_matrix(sparse.diags(1 / np.sqrt(matrix.multiply(matrix).sum(axis=1).A.ravel() + 1e-9))
                               @ matrix, dtype=np.float32)
    shared = shared_rows(matrix) > SHARED_ROWS
    assert shared[:len(crowd)].all() and not shared[len(crowd):].any()
    found = nearest_pairs(matrix, 5, 0.2)
    keep = ~shared
    exact = nearest_pairs(matrix[keep], 5, 0.2)  # the loners among themselves: nothing else is near them
    loner = len(crowd)
    got = {(a - loner, b - loner) for a, b in zip(found[1].tolist(), found[2].tolist(), strict=True)
           if a >= loner and b >= loner}
    assert got == set(zip(exact[1].tolist(), exact[2].tolist(), strict=True))


def test_each_row_meets_its_neighbours_in_exactly_orderings_orders() -> None:
    rng = np.random.default_rng(5)
    rows = 3 * BLOCK
    dense = np.zeros((rows, 400), dtype=np.float32)
    dense[:, :2] = 1.0  # a bigram every row has
    dense[:, 2:] = rng.random((rows, 398)) < 0.05
    matrix = sparse.csr_matrix(dense / np.linalg.norm(dense, axis=1, keepdims=True))
    shared = (dense[:, (dense > 0).sum(axis=0) > 1] > 0)  # a row's order: its MinHash over bigrams it shares
    minhashes = set_minhashes(np.concatenate([[0], np.cumsum(shared.sum(axis=1))]), np.flatnonzero(
        (dense > 0).sum(axis=0) > 1)[np.nonzero(shared)[1]], ORDERINGS + 1)

    def partners(orders: int) -> set[tuple[int, int]]:
        met = set()
        for ordering in range(orders):
            order = np.lexsort((np.arange(rows), minhashes[:, ordering]))
            for offset in (0, BLOCK // 2):
                block = (np.arange(rows) + offset) // BLOCK
                for b in np.unique(block):
                    members = order[block == b].tolist()
                    met |= {(i, j) for i in members for j in members if i != j}
        return met

    r, c, _ = _blocked_best(matrix, np.arange(rows), rows, 0.0, 1)
    found = set(zip(r.tolist(), c.tolist(), strict=True)) - {(i, i) for i in range(rows)}
    assert found == partners(ORDERINGS)
    assert found != partners(ORDERINGS - 1) and found != partners(ORDERINGS + 1)


def _near_copies(topics: int, copies: int, seed: int) -> tuple[list[str], list[str], list[int]]:
    """``copies`` sections per topic: each topic has eight sentences of its own characters; a copy keeps
    seven of them in a shuffled order and changes a character in two of them (as farms reword)."""
    rng = random.Random(seed)
    questions, answers, topic_of = [], [], []
    for topic in range(topics):
        pool = HAN[topic * 150:(topic + 1) * 150]
        sentences = ["".join(rng.choice(pool) for _ in range(18)) for _ in range(8)]
        asked = ["".join(rng.choice(pool) for _ in range(8)) + "？" for _ in range(3)]
        for _ in range(copies):
            kept = rng.sample(sentences, 7)
            for _ in range(2):
                s = rng.randrange(7)
                at = rng.randrange(18)
                kept[s] = kept[s][:at] + rng.choice(pool) + kept[s][at + 1:]
            questions.append(rng.choice(asked))
            answers.append("。".join(kept) + "。")
            topic_of.append(topic)
    return questions, answers, topic_of


@pytest.mark.parametrize("seed", [1, 2])
def test_near_copies_group_as_the_exact_product_groups_them(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """Thirteen topics of 300 near-copies each (a tenth of the rows or less, so that their bigrams keep
    their weight): every row is shared by more than SHARED_ROWS rows, and the groups are the exact ones."""
    questions, answers, topic_of = _near_copies(13, 300, seed)
    together = [[i for i, q in enumerate(questions) if q == asked and i % 5 == 0] for asked in sorted(set(questions))]
    exclusive = [frozenset({"taiwan"}) if i % 97 == 0 else None for i in range(len(questions))]
    blocked = cluster_questions(questions, answers, exclusive=exclusive, together=together, threads=2)
    monkeypatch.setattr(vectors_module, "SHARED_ROWS", 10**9)
    exact = cluster_questions(questions, answers, exclusive=exclusive, together=together)
    assert blocked == exact
    assert all(len({topic_of[i] for i in group}) == 1 for group in blocked)


@pytest.mark.parametrize("blocks", [1, 2, 3])
def test_blocked_pairs_do_not_depend_on_blocks_per_product(monkeypatch: pytest.MonkeyPatch, blocks: int) -> None:
    """A run of BLOCKS_PER_PRODUCT blocks is multiplied at a time (its columns numbered apart): the pairs
    and their scores are those of one product over all blocks, to the last bit, with a rare label too."""
    questions, answers, _ = _near_copies(5, 60, 4)
    vectors = sparse.hstack([vectors_module.tfidf(questions), vectors_module.tfidf(answers)]).tocsr()
    exclusive = [frozenset({"taiwan"}) if i % 7 == 0 else None for i in range(len(questions))]
    chosen = np.arange(0, len(questions), 2)
    monkeypatch.setattr(vectors_module, "BLOCKS_PER_PRODUCT", 10**6)
    whole = _blocked_best(vectors, chosen, 10, 0.1, 1, exclusive)
    assert len(whole[0]) > len(chosen)
    monkeypatch.setattr(vectors_module, "BLOCKS_PER_PRODUCT", blocks)
    for got, expected in zip(_blocked_best(vectors, chosen, 10, 0.1, 1, exclusive), whole, strict=True):
        assert got.dtype == expected.dtype and np.array_equal(got, expected)


def test_blocked_pairs_do_not_depend_on_threads() -> None:
    questions, answers, _ = _near_copies(13, 300, 3)
    assert cluster_questions(questions, answers, threads=1) == cluster_questions(questions, answers, threads=2)


def test_a_row_of_a_rare_label_is_compared_with_the_rows_it_may_join() -> None:
    """Two Taiwan rows among more than SHARED_ROWS mainland rows that are each more like them than they
    are like each other: compared by blocks among the rows they may be grouped with, they still meet
    (and the exact product, which ranks every mainland row first, would not have them among the 30)."""
    rows = SHARED_ROWS + 40
    dense = np.zeros((rows + 2, 12), dtype=np.float32)
    dense[:rows, :10] = 1.0
    dense[rows:, :10] = 1.0
    dense[rows, 10] = dense[rows + 1, 11] = 2.0  # the two Taiwan rows differ in one bigram each
    matrix = sparse.csr_matrix(dense / np.linalg.norm(dense, axis=1, keepdims=True))
    labels = [frozenset({"mainland"})] * rows + [frozenset({"taiwan"})] * 2
    _, low, high = nearest_pairs(matrix, 30, 0.3, exclusive=labels)
    assert (rows, rows + 1) in set(zip(low.tolist(), high.tolist(), strict=True))
    _, low, high = nearest_pairs(matrix, 30, 0.3)
    assert (rows, rows + 1) not in set(zip(low.tolist(), high.tolist(), strict=True))
    assert group_by_centroid(matrix, 0.3, 30, exclusive=labels)[-1] == [rows, rows + 1]


def test_rows_asking_one_question_stay_together_as_many_as_their_labels_allow() -> None:
    """``together`` rows (one question in the same words) of several jurisdictions: the Taiwan row listed
    first must not shut out the Hong Kong rows that most of them are; the rows open to both join those."""
    matrix = sparse.csr_matrix(np.eye(5, dtype=np.float32))  # nothing alike: only ``together`` joins
    labels = [frozenset({"taiwan"}), frozenset({"hongkong"}), frozenset({"taiwan", "hongkong"}),
              frozenset({"hongkong"}), None]
    groups = group_by_centroid(matrix, 0.9, 5, exclusive=labels, together=[[0, 1, 2, 3, 4]])
    assert sorted(groups) == [[0], [1, 2, 3, 4]]
    # Without labels every row is one group, in the order given.
    assert group_by_centroid(matrix, 0.9, 5, together=[[0, 1, 2, 3, 4]]) == [[0, 1, 2, 3, 4]]
