"""Choose how alike articles must be to share a page: BCubed of articles into pages on a labeled split.

    CORPUS=corpus/articles SPLIT=dev PYTHONPATH=scripts .venv/bin/python -m bench.calibrate_pages \\
        [concern weights] [title weights] [thresholds]

Each argument is a comma-separated list; every combination is tried with faqkit's own grouping
(:func:`faqkit.organize.page_groups`) on the articles of the split that ingest keeps, and BCubed
precision, recall and F1 of the labeled on-topic articles with an answer against their reader-question
labels (``bench/realworld.yaml``) are printed, as ``make bench BENCH=realworld`` measures them, best F1
among those with precision ≥ 0.9 first. Choose on ``dev``; run the chosen values once on ``heldout`` to check
them, never
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
    articles = [p.article for p in processed]
    clusters = dedup.cluster_signatures([a.name for a in articles], [p.signature for p in processed])
    cluster_of = {name: members for members in clusters for name in members}
    # Every labeled answer of the split; one ingest does not keep is a page of its own, as the bench counts it.
    truth = {f"{stem}.txt": label.question for stem, label in labels.items()
             if (split == "all" or label.split == split) and label.relevance == "on-topic" and label.question
             and not label.thin}
    rows = []
    for concern in concern_weights:
        for title in title_weights:
            for threshold in thresholds:
                pages.PAGE_CONCERN_WEIGHT, pages.PAGE_TITLE_WEIGHT, pages.PAGE_THRESHOLD = concern, title, threshold
                grouped = organize.page_groups(articles, clusters)
                assigned = {n: g for g, group in enumerate(grouped.groups) for a in group for n in cluster_of[a.name]
                            if n in truth}
                assigned |= {n: f"alone {n}" for n in truth if n not in assigned}
                precision, recall, f1 = bcubed(assigned, truth)
                rows.append((precision >= 0.9, f1, precision, recall, concern, title, threshold, len(grouped.groups)))
    print(f"{split}: {len(articles)} articles kept, {len(truth)} of them labeled on-topic with an answer, "
          f"{len(set(truth.values()))} reader questions")
    for _, f1, precision, recall, concern, title, threshold, count in sorted(rows, reverse=True):
        print(f"concern {concern:.2f}  title {title:.2f}  threshold {threshold:.2f}   "
              f"P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  pages {count}")
    return 0


if __name__ == "__main__":
    sys.exit(calibrate(sys.argv[1:]))
