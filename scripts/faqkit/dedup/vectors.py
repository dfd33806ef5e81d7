"""TF-IDF vectors of character bigrams, and the most similar pairs among them.

Shared by the question clustering (:mod:`.questions`) and the related questions of ``organize``.
Bigrams found in more than a tenth of all texts carry almost no IDF weight and are left out, which keeps
the products sparse.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from ..core.text import han_only
from .unionfind import UnionFind

_COMMON_SHARE = 0.1


# Texts whose bigrams are counted at a time: the bigram arrays of a 100,000-article batch's bases (forty
# million bigrams, in int64 and sorted copies) took 1.8 GB at once.
_CHUNK = 2000


def _bigrams(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(row, bigram code) of every character bigram of the Han text of ``texts``, in text order."""
    han = "\n".join(han_only(text) for text in texts)  # a line break never is a Han character
    codes = np.frombuffer(han.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    breaks = codes == ord("\n")
    row_of = np.cumsum(breaks, dtype=np.int64)
    within = ~(breaks[:-1] | breaks[1:])
    return row_of[:-1][within], ((codes[:-1] << 21) | codes[1:])[within]  # a code point has 21 bits


def bigram_counts(texts: Sequence[str]) -> sparse.csr_matrix:
    """Rows: how often each character bigram occurs in the Han text of each of ``texts``.

    Columns are numbered in the order the bigrams first appear, text after text, as a vocabulary
    dictionary built bigram by bigram would number them: the matrices (and every sum over their rows)
    are the same as the per-bigram Python loop made, at a quarter of its cost. Counted :data:`_CHUNK`
    texts at a time, the vocabulary carried from one chunk to the next (so the numbering is the same)."""
    known = np.empty(0, dtype=np.int64)  # the bigrams met so far, sorted
    known_column = np.empty(0, dtype=np.int64)  # and their columns
    blocks = []
    for start in range(0, len(texts), _CHUNK):
        chunk = texts[start:start + _CHUNK]
        rows, grams = _bigrams(chunk)
        vocabulary, first, inverse = np.unique(grams, return_index=True, return_inverse=True)
        at = np.searchsorted(known, vocabulary)
        seen = np.zeros(len(vocabulary), dtype=bool)
        if len(known):
            seen = known[np.minimum(at, len(known) - 1)] == vocabulary
        column = np.empty(len(vocabulary), dtype=np.int64)
        column[seen] = known_column[at[seen]]
        new = np.flatnonzero(~seen)
        column[new[np.argsort(first[new], kind="stable")]] = len(known) + np.arange(len(new))
        known = np.insert(known, at[new], vocabulary[new])
        known_column = np.insert(known_column, at[new], column[new])
        # Counted now, as a chunk's matrix (a distinct bigram of a text once, in 8 bytes), not kept as
        # one (row, column) pair of 16 bytes per bigram until the last chunk: those pairs for a 100,000-
        # article batch's sections were most of the plan stage's peak.
        cols = column[inverse.ravel()]
        block = sparse.csr_matrix((np.ones(len(cols), dtype=np.float32), (rows, cols)),
                                  shape=(len(chunk), max(1, len(known))))
        block.sum_duplicates()
        blocks.append(block)
        del rows, grams, vocabulary, first, inverse, cols
    width = max(1, len(known))
    # Each chunk's columns are those known when it was counted: the same columns in the final width.
    matrices = [sparse.csr_matrix((b.data, b.indices, b.indptr), shape=(b.shape[0], width)) for b in blocks]
    return sparse.vstack(matrices, format="csr") if matrices else sparse.csr_matrix((0, width), dtype=np.float32)


def tfidf(texts: Sequence[str]) -> sparse.csr_matrix:
    """Rows: L2-normalized TF-IDF of character bigrams; bigrams in over a tenth of the texts left out."""
    matrix = bigram_counts(texts)
    shape = matrix.shape
    df = np.bincount(matrix.indices, minlength=shape[1])
    n = len(texts)
    idf = np.log((n + 1) / (df + 1)).astype(np.float32) + 1.0
    idf[df > max(50, _COMMON_SHARE * n)] = 0.0
    # Weighted and normalized in place: the copies scipy's products made (four of the section matrix at
    # once) were the plan stage's peak once the blocked products had been cut small.
    matrix.data *= idf[matrix.indices]
    matrix.eliminate_zeros()
    np.log1p(matrix.data, out=matrix.data)
    squares = sparse.csr_matrix((matrix.data * matrix.data, matrix.indices, matrix.indptr), shape=shape)
    norms = np.sqrt(np.asarray(squares.sum(axis=1)).ravel())
    del squares
    norms[norms == 0] = 1.0
    matrix.data *= np.repeat((1.0 / norms).astype(np.float32), np.diff(matrix.indptr))
    return matrix


# A row whose bigrams are shared, on average, by more than this many rows is compared with the rows
# next to it in MinHash order (:func:`_blocked_best`), not with every row: its exact comparison costs
# a product per row sharing each of its bigrams, and a batch's copies of one question share their
# bigrams by the thousand (at 100,000 articles the all-pairs product was 98% of the plan stage, and grew
# with the square of the batch). The real articles' rows share theirs with a few dozen rows at most.
SHARED_ROWS = 200
# Rows compared at a time: each such row with the BLOCK - 1 rows around it in a MinHash order, in blocks
# cut twice (the second time offset by half a block), so that a row at a block's edge still meets
# its neighbours on both sides. A row is compared with at most 2 * ORDERINGS * BLOCK others,
# whatever the batch's size.
BLOCK = 64
# Blocks multiplied in one product: the copies a product needs (its rows, their columns numbered apart,
# the transpose) then stay the size of this many blocks' rows whatever the batch's size. Multiplying
# every block of a cut at once held five copies of the section matrix at the plan stage's peak; on the
# 10,000-article batch's sections 16 to 64 blocks at a time were also the fastest (1.9 s, 2.0 s at once).
BLOCKS_PER_PRODUCT = 64
# MinHash orders: two rows share a MinHash value (and sit next to each other in its order) with the
# probability their bigram sets' Jaccard gives. In one order a question's copies fall in runs, one per
# shared least bigram, between other questions' runs: on near-copies written for the tests one order
# split each of 13 questions in two (26 groups where the exact product makes 13); two orders give 13.
ORDERINGS = 2


def shared_rows(vectors: sparse.csr_matrix) -> np.ndarray:
    """Per row: how many rows share each of its bigrams, on average over them (itself included; 0 for an
    empty row). Its exact comparison with all rows costs that many products per bigram."""
    vectors = vectors.tocsr()
    counts = np.diff(vectors.indptr)
    if not vectors.nnz:
        return np.zeros(vectors.shape[0])
    df = np.bincount(vectors.indices, minlength=vectors.shape[1])
    filled = np.flatnonzero(counts)
    work = np.zeros(vectors.shape[0], dtype=np.int64)
    work[filled] = np.add.reduceat(df[vectors.indices], vectors.indptr[filled])
    return work / np.maximum(counts, 1)


def _best(left: sparse.csr_matrix, right_t: sparse.csr_matrix, k: int, threshold: float, threads: int
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row of ``left``, column, similarity) of each row's k + 1 best products with the rows of
    ``right_t.T``: one more than k (a row finds itself), and a bound a little below the threshold (which
    side of it a float32 score falls on is decided by the caller, in float64 as everywhere else)."""
    from sparse_dot_topn import sp_matmul_topn

    best = sp_matmul_topn(left, right_t, top_n=k + 1, threshold=threshold - 1e-3, n_threads=max(1, threads)).tocsr()
    rows = np.repeat(np.arange(left.shape[0]), np.diff(best.indptr))
    return rows, best.indices.astype(np.int64), best.data.astype(np.float64)


def _blocked_best(vectors: sparse.csr_matrix, chosen: np.ndarray, k: int, threshold: float, threads: int,
                  exclusive: Sequence[frozenset[str] | None] | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, similarity): for each row in ``chosen``, its k + 1 best products among the rows it
    shares a block with (:data:`BLOCK`, :data:`ORDERINGS`). The rows are put in order by one MinHash
    value of their bigram sets (then by index) and cut into blocks; a run of :data:`BLOCKS_PER_PRODUCT`
    blocks is multiplied in one product, each block's columns numbered apart from the others' (so that
    no product crosses two blocks) and in their order (so that each score sums in the order the full
    product sums it, and is the same to the last bit). A pair met in several blocks is listed once.

    ``exclusive`` (per row, the labels it may be grouped under; None: any): the rows of one label are
    ordered and cut among the rows they may be grouped with only, so that a row of a rare label finds
    its few partners rather than a block of rows it can never join."""
    from .articles import set_minhashes

    # A bigram of one row alone cannot put two rows together: a row's place in an order is its MinHash
    # over its other bigrams (a row whose least hash fell on a word of its own sat among strangers).
    n_rows = vectors.shape[0]
    shared = np.bincount(vectors.indices, minlength=vectors.shape[1])[vectors.indices] > 1
    row_of = np.repeat(np.arange(n_rows), np.diff(vectors.indptr))
    indptr = np.concatenate([[0], np.cumsum(np.bincount(row_of[shared], minlength=n_rows))])
    minhashes = set_minhashes(indptr, vectors.indices[shared], ORDERINGS)
    del shared, row_of, indptr
    is_member = np.zeros(n_rows, dtype=bool)
    # Kept in the narrowest types that hold them exactly (a score is a product of the matrix's own type):
    # at 100,000 articles each row's list of the best is millions of entries, sorted with every cut.
    stored = (np.int32 if n_rows < 2**31 else np.int64, np.promote_types(vectors.dtype, np.float32))
    found = (np.zeros(0, dtype=stored[0]), np.zeros(0, dtype=stored[0]), np.zeros(0, dtype=stored[1]))
    for members, partners in _label_classes(chosen, n_rows, exclusive):
        is_member[:] = False
        is_member[members] = True
        n = len(partners)
        for ordering in range(ORDERINGS):
            in_order = partners[np.lexsort((partners, minhashes[partners, ordering]))]  # rows of ``vectors``
            member_in_order = is_member[in_order]
            for offset in (0, BLOCK // 2):
                block = (np.arange(n, dtype=np.int64) + offset) // BLOCK
                # Only the blocks that hold a member are multiplied (all of them unless a label is rare).
                holds_member = np.zeros(block[-1] + 1, dtype=bool)
                holds_member[block[member_in_order]] = True
                cut = [found]
                del found  # the cut's list holds it: freed once merged
                for first in range(0, block[-1] + 1, BLOCKS_PER_PRODUCT):
                    low = max(0, first * BLOCK - offset)
                    high = min(n, (first + BLOCKS_PER_PRODUCT) * BLOCK - offset)
                    kept = low + np.flatnonzero(holds_member[block[low:high]])
                    if len(kept):
                        rows, cols, sims = _product_of_blocks(vectors, in_order[kept], block[kept] - first,
                                                              member_in_order[kept], k, threshold, threads)
                        cut.append((rows.astype(stored[0]), cols.astype(stored[0]), sims.astype(stored[1])))
                # Kept as they come, each row's k + 1 best of all cuts so far (a row's list is its best
                # whatever order the blocks came in): the memory stays that of one cut's output.
                found = _each_rows_best(cut, k + 1)
    return found[0].astype(np.int64), found[1].astype(np.int64), found[2].astype(np.float64)


def _product_of_blocks(vectors: sparse.csr_matrix, rows: np.ndarray, block: np.ndarray, member: np.ndarray,
                       k: int, threshold: float, threads: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, similarity), rows and columns of ``vectors``: the k + 1 best products of each
    ``member`` among ``rows`` with the rows of its own ``block`` (non-decreasing)."""
    part = vectors[rows]
    keys = np.repeat(block, np.diff(part.indptr)) * vectors.shape[1] + part.indices
    distinct = np.unique(keys)
    columns = np.searchsorted(distinct, keys).astype(np.int32 if len(distinct) < 2**31 else np.int64)
    apart = sparse.csr_matrix((part.data, columns, part.indptr), shape=(len(rows), len(distinct)))
    del keys, distinct, columns, part
    left = np.flatnonzero(member)
    if len(left) == len(rows):  # every row is a member: no copy of the matrix
        found_rows, cols, sims = _best(apart, apart.T.tocsr(), k, threshold, threads)
    else:
        found_rows, cols, sims = _best(apart[left], apart.T.tocsr(), k, threshold, threads)
        found_rows = left[found_rows]
    return rows[found_rows], rows[cols], sims


def _each_rows_best(pieces: list[tuple[np.ndarray, np.ndarray, np.ndarray]], keep: int
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``keep`` best (row, column, similarity) entries of all ``pieces``, most similar first,
    then by column; an entry listed more than once counts once. Sorted by row. ``pieces`` is emptied as
    it is read (each copy of the entries is let go once the next is made)."""
    rows, cols, sims = (np.concatenate(column) for column in zip(*pieces, strict=True))
    pieces.clear()
    order = np.lexsort((cols, -sims, rows))
    rows, cols, sims = rows[order], cols[order], sims[order]
    del order
    again = np.zeros(len(rows), dtype=bool)
    again[1:] = (rows[1:] == rows[:-1]) & (cols[1:] == cols[:-1]) & (sims[1:] == sims[:-1])
    rows, cols, sims = rows[~again], cols[~again], sims[~again]
    rank = np.arange(len(rows)) - np.searchsorted(rows, rows)
    return rows[rank < keep], cols[rank < keep], sims[rank < keep]


def _label_classes(chosen: np.ndarray, n: int, exclusive: Sequence[frozenset[str] | None] | None
                   ) -> list[tuple[np.ndarray, np.ndarray]]:
    """(rows of ``chosen`` with one label, the rows they may be grouped with), sorted: one class of all
    rows without ``exclusive``, else one per label (the rows open to any label first, then by labels)."""
    if exclusive is None:
        return [(chosen, np.arange(n))]
    values = sorted(set(exclusive), key=lambda v: (v is not None, sorted(v) if v is not None else []))
    code = {v: c for c, v in enumerate(values)}
    codes = np.array([code[v] for v in exclusive], dtype=np.int64)
    classes = []
    for c, value in enumerate(values):
        members = chosen[codes[chosen] == c]
        if not len(members):
            continue
        suits = np.array([value is None or other is None or bool(value & other) for other in values])
        classes.append((members, np.flatnonzero(suits[codes])))
    return classes


def nearest_pairs(vectors: sparse.csr_matrix, neighbours: int, threshold: float, threads: int = 1,
                  exclusive: Sequence[frozenset[str] | None] | None = None
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) of rows with a cosine of at least ``threshold`` where j is among i's ``neighbours``
    most similar rows or i among j's: (similarity, i, j), most similar first, then by i and j.

    sparse_dot_topn multiplies and keeps each row's best in one pass (and in ``threads`` threads):
    the full product is two thirds dense on a batch, and making it, densifying it and partitioning it
    was most of the cost of organizing one. Its sums are scipy's, in the same order, so the scores
    are too, to the last bit. Rows tied for a row's last place are kept in the order the library
    meets them (the same on every run and with any number of threads).

    A row whose bigrams are shared by more than :data:`SHARED_ROWS` rows on average (one of thousands of
    copies of a question) has its most similar rows looked for among its neighbours in MinHash order
    only (:func:`_blocked_best`), and among the rows it may be grouped with (``exclusive``: see
    :func:`group_by_centroid`): its near-copies, not necessarily the very nearest of them. Every other
    row's are exact (``exclusive`` unused), as are all rows' when none is so shared."""
    vectors = vectors.tocsr()
    n = vectors.shape[0]
    k = min(neighbours, n - 1)
    shared = shared_rows(vectors) > SHARED_ROWS
    if shared.any():
        exact = np.flatnonzero(~shared)
        rows, cols, sims = _best(vectors[exact], vectors.T.tocsr(), k, threshold, threads)
        rows = exact[rows]
        blocked = _blocked_best(vectors, np.flatnonzero(shared), k, threshold, threads, exclusive)
        rows, cols, sims = (np.concatenate(pair) for pair in zip((rows, cols, sims), blocked, strict=True))
    else:
        rows, cols, sims = _best(vectors, vectors.T.tocsr(), k, threshold, threads)
    others = cols != rows
    rows, cols, sims = rows[others], cols[others], sims[others]
    order = np.lexsort((cols, -sims, rows))
    rows, cols, sims = rows[order], cols[order], sims[order]
    starts = np.searchsorted(rows, rows)  # where each row's run begins
    near = (np.arange(len(rows)) - starts < k) & (sims >= threshold)
    rows, cols, sims = rows[near], cols[near], sims[near]
    low, high = np.minimum(rows, cols), np.maximum(rows, cols)
    order = np.lexsort((high, low, -sims))
    sims, low, high = sims[order], low[order], high[order]
    repeated = np.zeros(len(sims), dtype=bool)  # a pair found from both of its rows, with the same score
    repeated[1:] = (sims[1:] == sims[:-1]) & (low[1:] == low[:-1]) & (high[1:] == high[:-1])
    return sims[~repeated], low[~repeated], high[~repeated]


def _largest_label_first(members: Sequence[int], label: dict[int, frozenset[str] | None]) -> list[int]:
    """``members`` ordered so that joining each to the first keeps the most of them together: the rows of
    the label most of them have first, then those of rarer labels, rows open to any label last (each
    label's rows in their given order: the sort is stable)."""
    counts = Counter(label.get(m) for m in members)
    first: dict[frozenset[str] | None, int] = {}
    for at, m in enumerate(members):
        first.setdefault(label.get(m), at)
    return sorted(members, key=lambda m: (label.get(m) is None, -counts[label.get(m)], first[label.get(m)]))


def group_by_centroid(vectors: sparse.csr_matrix, threshold: float, neighbours: int, threads: int = 1, *,
                      exclusive: Sequence[frozenset[str] | None] | None = None,
                      together: Sequence[Sequence[int]] = ()) -> list[list[int]]:
    """Groups of row indexes whose vectors are alike (every index in one group, groups sorted).

    Candidate pairs are each row's ``neighbours`` most similar others with a cosine of at least
    ``threshold`` (:func:`nearest_pairs`). Pairs are taken most similar first, and two groups are joined
    only when their centroids are as similar as ``threshold`` too: plain connected components would
    chain whole topics together through the odd row that covers two of them. ``exclusive``: per row, the
    labels it may be grouped under (None: any); two groups are joined only when some label suits every
    row of both. ``together``: rows
    joined before any pair is looked at (the same question written the same way). ``threads`` only
    changes how fast.
    """
    n = vectors.shape[0]
    sets = UnionFind(n)
    if n < 2:
        return [[i] for i in range(n)]
    vectors = vectors.tocsr()
    vectors.sort_indices()  # the group sums below keep their columns sorted
    label: dict[int, frozenset[str] | None] = dict(enumerate(exclusive)) if exclusive is not None else {}
    # Each group's summed vector as (sorted columns, values, squared norm); scipy's per-call overhead
    # made these few thousand small products the slowest part of organizing a batch.
    sums: dict[int, tuple[np.ndarray, np.ndarray, float]] = {}
    in_union = np.zeros(vectors.shape[1], dtype=bool)  # scratch: the columns of two groups together
    version: dict[int, int] = {}  # a group's version changes when it grows

    def group_sum(root: int) -> tuple[np.ndarray, np.ndarray, float]:
        if root in sums:
            return sums[root]
        lo, hi = vectors.indptr[root], vectors.indptr[root + 1]
        values = vectors.data[lo:hi].astype(np.float64)
        return vectors.indices[lo:hi], values, float(values @ values)

    def dot_of(a: int, b: int) -> float:
        cols_a, vals_a, _ = group_sum(a)
        cols_b, vals_b, _ = group_sum(b)
        # The shared columns, in increasing order (so the dot product sums in the same order always).
        at = np.searchsorted(cols_b, cols_a)
        at[at == len(cols_b)] = 0
        shared_a = np.flatnonzero(cols_b[at] == cols_a) if len(cols_b) else at[:0]
        return float(vals_a[shared_a] @ vals_b[at[shared_a]])

    def join(a: int, b: int, dot: float) -> None:
        cols_a, vals_a, norm_a = group_sum(a)
        cols_b, vals_b, norm_b = group_sum(b)
        sets.union(a, b)
        in_union[cols_a] = True
        in_union[cols_b] = True
        cols = np.flatnonzero(in_union)
        in_union[cols] = False
        vals = np.zeros(len(cols), dtype=np.float64)
        vals[np.searchsorted(cols, cols_a)] += vals_a
        vals[np.searchsorted(cols, cols_b)] += vals_b
        sums.pop(a, None)
        sums.pop(b, None)
        root = sets.find(a)
        sums[root] = (cols, vals, norm_a + norm_b + 2 * dot)
        version[root] = max(version.get(a, 0), version.get(b, 0)) + 1
        if label:
            label_a, label_b = label.get(a), label.get(b)
            label[root] = label_a & label_b if label_a is not None and label_b is not None else label_a or label_b

    def compatible(a: int, b: int) -> bool:
        label_a, label_b = label.get(a), label.get(b)
        return label_a is None or label_b is None or bool(label_a & label_b)

    for members in together:
        # The largest share that may be together is: rows of the label most of them have first (the rows
        # of a Hong Kong page's question before the one Taiwan row asking it too), open rows last. Joined
        # in the given order, a first row of a rare label would shut the many out.
        if label:
            members = _largest_label_first(members, label)
        for other in members[1:]:
            a, b = sets.find(members[0]), sets.find(other)
            if a != b and compatible(a, b):
                join(a, b, dot_of(a, b))
    _, first, second = nearest_pairs(vectors, neighbours, threshold, threads, exclusive)
    rejected: set[tuple[int, int, int, int]] = set()  # two groups (as they were) found too different
    for i, j in zip(first.tolist(), second.tolist(), strict=True):
        a, b = sets.find(i), sets.find(j)
        if a == b:
            continue
        key = (a, version.get(a, 0), b, version.get(b, 0)) if a < b else (b, version.get(b, 0), a, version.get(a, 0))
        if key in rejected:
            continue  # many pairs link the same two large groups: decide once until one of them grows
        if not compatible(a, b):
            rejected.add(key)
            continue
        dot = dot_of(a, b)
        norm_a, norm_b = group_sum(a)[2], group_sum(b)[2]
        if norm_a and norm_b and dot / math.sqrt(norm_a * norm_b) >= threshold:
            join(a, b, dot)
        else:
            rejected.add(key)
    return sorted((sorted(g) for g in sets.groups()), key=lambda g: g[0])
