"""TF-IDF vectors of character bigrams, and the most similar pairs among them.

Shared by the question clustering (:mod:`.questions`) and the related questions of ``organize``.
Bigrams found in more than a tenth of all texts carry almost no IDF weight and are left out, which keeps
the products sparse.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from ..core.text import han_only

_COMMON_SHARE = 0.1


def _bigram_columns(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, int]:
    """(row, column) of every character bigram of the Han text of ``texts``, and the number of columns.

    Columns are numbered in the order the bigrams first appear, text after text, as a vocabulary
    dictionary built bigram by bigram would number them: the matrices (and every sum over their rows)
    are the same as the per-bigram Python loop made, at a quarter of its cost."""
    han = "\n".join(han_only(text) for text in texts)  # a line break never is a Han character
    codes = np.frombuffer(han.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    breaks = codes == ord("\n")
    row_of = np.cumsum(breaks, dtype=np.int64)
    within = ~(breaks[:-1] | breaks[1:])
    grams = ((codes[:-1] << 21) | codes[1:])[within]  # a code point has 21 bits
    if not len(grams):
        return row_of[:0], grams, 0
    vocabulary, first, column_of = np.unique(grams, return_index=True, return_inverse=True)
    order = np.empty(len(vocabulary), dtype=np.int64)
    order[np.argsort(first, kind="stable")] = np.arange(len(vocabulary))
    return row_of[:-1][within], order[column_of], len(vocabulary)


def tfidf(texts: Sequence[str]) -> sparse.csr_matrix:
    """Rows: L2-normalized TF-IDF of character bigrams; bigrams in over a tenth of the texts left out."""
    rows, cols, width = _bigram_columns(texts)
    shape = (len(texts), max(1, width))
    matrix = sparse.csr_matrix((np.ones(len(cols), dtype=np.float32), (rows, cols)), shape=shape)
    matrix.sum_duplicates()  # counts
    df = np.bincount(matrix.indices, minlength=shape[1])
    n = len(texts)
    idf = np.log((n + 1) / (df + 1)).astype(np.float32) + 1.0
    idf[df > max(50, _COMMON_SHARE * n)] = 0.0
    matrix = matrix.multiply(idf).tocsr()
    matrix.data = np.log1p(matrix.data)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix, dtype=np.float32)


def nearest_pairs(vectors: sparse.csr_matrix, neighbours: int, threshold: float, threads: int = 1
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) of rows with a cosine of at least ``threshold`` where j is among i's ``neighbours``
    most similar rows or i among j's: (similarity, i, j), most similar first, then by i and j.

    sparse_dot_topn multiplies and keeps each row's best in one pass (and in ``threads`` threads):
    the full product is two thirds dense on a batch, and making it, densifying it and partitioning it
    was most of the cost of organizing one. Its sums are scipy's, in the same order, so the scores
    are too, to the last bit. Rows tied for a row's last place are kept in the order the library
    meets them (the same on every run and with any number of threads)."""
    from sparse_dot_topn import sp_matmul_topn

    n = vectors.shape[0]
    k = min(neighbours, n - 1)
    # One more than k (a row finds itself), and a bound a little below the threshold: which side of
    # it a float32 score falls on is decided below, in float64 as everywhere else.
    best = sp_matmul_topn(vectors, vectors.T.tocsr(), top_n=k + 1, threshold=threshold - 1e-3,
                          n_threads=max(1, threads)).tocsr()
    rows = np.repeat(np.arange(n), np.diff(best.indptr))
    cols, sims = best.indices.astype(np.int64), best.data.astype(np.float64)
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
