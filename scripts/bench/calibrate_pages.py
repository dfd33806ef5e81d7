"""Choose how alike articles must be to share a page: BCubed of articles into pages on a labeled split.

    CORPUS=corpus/articles SPLIT=dev PYTHONPATH=scripts .venv/bin/python -m bench.calibrate_pages \\
        [concern weights] [title weights] [thresholds]

Each argument is a comma-separated list; every combination is tried with faqkit's own grouping
(:func:`faqkit.organize.page_groups`) on the articles of the split as ingest processes them (adverts,
off-topic and thin articles left out, as ingest leaves them out), and BCubed precision, recall and F1
against the reader-question labels of ``bench/realworld.yaml`` are printed, best F1 among those with
precision ≥ 0.9 first. Choose on ``dev``; run the chosen values once on ``heldout`` to check them, never
to choose. Not a benchmark (``make bench`` does not run it): a calibration tool.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from bench.realworld import ROOT, bcubed, load_labels, write_sources


def calibrate(argv: list[str]) -> int:
    from faqkit import dedup, organize, pipeline
    from faqkit.organize import pages

    corpus = Path(os.environ.get("CORPUS") or ROOT / "corpus" / "articles")
    split = os.environ.get("SPLIT") or "dev"
    current = [str(v) for v in (pages.PAGE_CONCERN_WEIGHT, pages.PAGE_TITLE_WEIGHT, pages.PAGE_THRESHOLD)]
    values = [*argv, *current[len(argv):]]
    concern_weights, title_weights, thresholds = ([float(x) for x in value.split(",")] for value in values[:3])
    labels = load_labels()
    with tempfile.TemporaryDirectory() as tmp:
        write_sources(corpus, labels, split, Path(tmp))
        processed = pipeline.read_all(Path(tmp), 10**7, progress=False)[0]
    kept = [p for p in processed if labels[p.article.name.removesuffix(".txt")].relevance == "on-topic"
            and not labels[p.article.name.removesuffix(".txt")].thin]
    articles = [p.article for p in kept]
    clusters = dedup.cluster_signatures([a.name for a in articles], [p.signature for p in kept])
    cluster_of = {name: members for members in clusters for name in members}
    truth = {a.name: labels[a.name.removesuffix(".txt")].question for a in articles}
    rows = []
    for concern in concern_weights:
        for title in title_weights:
            for threshold in thresholds:
                pages.PAGE_CONCERN_WEIGHT, pages.PAGE_TITLE_WEIGHT, pages.PAGE_THRESHOLD = concern, title, threshold
                grouped = organize.page_groups(articles, clusters)
                assigned = {n: g for g, group in enumerate(grouped.groups) for a in group for n in cluster_of[a.name]}
                precision, recall, f1 = bcubed(assigned, truth)
                rows.append((precision >= 0.9, f1, precision, recall, concern, title, threshold, len(grouped.groups)))
    print(f"{split}: {len(articles)} on-topic articles with an answer, {len(set(truth.values()))} reader questions")
    for _, f1, precision, recall, concern, title, threshold, count in sorted(rows, reverse=True):
        print(f"concern {concern:.2f}  title {title:.2f}  threshold {threshold:.2f}   "
              f"P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  pages {count}")
    return 0


if __name__ == "__main__":
    sys.exit(calibrate(sys.argv[1:]))
