"""``make bench``: figures for ingest speed and memory on a synthetic batch made from the seeds.

Each seed is republished several times the way farms do it (converted to the other script, paragraphs
swapped, a word reworded), so the batch also exercises dedup: the expected number of clusters is the
number of seeds. Prints articles/s, MB/s, peak RSS and the clusters found.
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from ..lexicon import converter
from ..pipeline import ingest

ROOT = Path(__file__).resolve().parents[3]


def republish(text: str, rng: random.Random) -> str:
    paragraphs = text.split("\n")
    if len(paragraphs) > 6:
        i = rng.randrange(2, len(paragraphs) - 2)
        paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
    out = "\n".join(paragraphs).replace("借款人", rng.choice(["借款者", "借款人", "贷款人"]), 2)
    return converter(rng.choice(["s2t", "t2s"])).convert(out)


def make_batch(target: Path, copies: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    seeds = sorted((ROOT / "sources").iterdir())
    for path in seeds:
        text = path.read_text(encoding="utf-8")
        (target / path.name).write_text(text, encoding="utf-8")
        for n in range(copies - 1):
            (target / f"{path.stem}-copy{n:03d}.txt").write_text(republish(text, rng), encoding="utf-8")
    return len(seeds)


def run(copies: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sources, docs = Path(tmp) / "sources", Path(tmp) / "docs"
        sources.mkdir()
        distinct = make_batch(sources, copies)
        size = sum(p.stat().st_size for p in sources.iterdir())
        files = len(list(sources.iterdir()))
        started = time.perf_counter()
        result = ingest(sources, docs, today="2026-01-01", progress=False)
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{files:>6} articles  {size / 1e6:6.2f} MB  {seconds:6.2f} s  {files / seconds:7.1f} articles/s  "
          f"{size / 1e6 / seconds:5.2f} MB/s  peak RSS {peak_mb:6.0f} MB  "
          f"clusters {len(result.clusters)} (expected {distinct})")


def main() -> int:
    print("faqkit ingest on seeds and their republications (single process)")
    for copies in (4, 20):
        run(copies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
