"""Stage ``dedup``: exact and near-duplicate articles, across scripts.

Articles are compared in their canonical form (Simplified, cleaned), so a Traditional republication of a
Simplified article is an exact or near duplicate of it. Near-duplicates are found with MinHash over
character 5-grams of the Han text and datasketch's LSH index, then confirmed on the MinHash Jaccard
estimate; clusters are the connected components (union-find), so a chain of republications with small
edits stays one cluster.

Why 5-grams and 0.5: a spun copy (synonym swaps every ten to twenty characters) keeps roughly half of its
5-grams, while two different articles on the same topic share well under a tenth.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from datasketch import MinHash, MinHashLSH

from .textutil import HAN

SHINGLE = 5
NUM_PERM = 128
THRESHOLD = 0.5


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    han = re.sub(f"[^{HAN}0-9A-Za-z]", "", text)
    if len(han) <= size:
        return {han.encode("utf-8")} if han else set()
    return {han[i:i + size].encode("utf-8") for i in range(len(han) - size + 1)}


def minhash(grams: set[bytes]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch(sorted(grams))
    return m


def cluster(names: Sequence[str], texts: Sequence[str], threshold: float = THRESHOLD) -> list[list[str]]:
    """Groups of ``names`` whose ``texts`` are duplicates; every name in exactly one group, sorted."""
    parent = list(range(len(names)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    exact: dict[str, int] = {}
    grams = [shingles(t) for t in texts]
    for i, text in enumerate(texts):
        if not grams[i]:
            continue  # nothing to compare: an unreadable or empty file is a cluster of its own
        digest = hashlib.sha256(re.sub(r"\s+", "", text).encode("utf-8")).hexdigest()
        if digest in exact:
            union(i, exact[digest])
        else:
            exact[digest] = i
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    hashes = [minhash(g) for g in grams]
    for i, m in enumerate(hashes):
        if not grams[i]:
            continue
        for key in lsh.query(m):
            j = int(key)
            if m.jaccard(hashes[j]) >= threshold:
                union(i, j)
        lsh.insert(str(i), m)
    groups: dict[int, list[str]] = {}
    for i, name in enumerate(names):
        groups.setdefault(find(i), []).append(name)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])
