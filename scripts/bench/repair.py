"""``make bench BENCH=repair``: the repair stage's speed against the canonicalization it precedes.

Target (issue 3): the whole repair stage adds no more than half the time of canonicalization on the same
text. Both stages run on the same input, after a warm-up (jieba's dictionary, OpenCC's tables and the
repair caches load once per process and are not what a batch pays per article):

* ``seeds``: the five seed articles as read (a dense sample of faults: 453 pinyin notes, 7 garbled spans,
  5 collapsed byte pairs in 32 KB), repeated to about 1 MB;
* ``faultless``: the seeds with every span the mojibake fix touches cut out, the same size, to show
  what a batch without garbled spans costs;
* ``seeds once``: the five seeds a single time with the repair caches cleared first, so that no garbled
  span is met twice (a repeated batch lets the word-model cache answer repeated spans, as it does for
  articles that several farms republished).

Prints MB/s for each stage, the ratio, and how the repair time splits over its fixes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from faqkit.ingest import canon, repair
from faqkit.ingest.repair.mojibake import fix_mojibake

ROOT = Path(__file__).resolve().parents[2]
TARGET_BYTES = 1_000_000


def _seed_texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted((ROOT / "sources").iterdir()) if p.is_file()]


def _without_garbled_spans(text: str) -> str:
    _, changes = fix_mojibake(text)
    for change in sorted(changes, key=lambda c: -c.position):
        text = text[:change.position] + text[change.position + len(change.before):]
    return text


def _batch(texts: list[str]) -> list[str]:
    size = sum(len(t.encode("utf-8")) for t in texts)
    return texts * max(1, TARGET_BYTES // size)


def _timed(stage, texts: list[str]) -> float:
    started = time.perf_counter()
    for text in texts:
        stage(text)
    return time.perf_counter() - started


def run(name: str, texts: list[str]) -> None:
    batch = _batch(texts)
    megabytes = sum(len(t.encode("utf-8")) for t in batch) / 1e6
    _timed(repair.repair, texts)
    _timed(canon.canonicalize, texts)
    repair_s = _timed(repair.repair, batch)
    canon_s = _timed(canon.canonicalize, batch)
    print(f"{name:<10} {megabytes:5.2f} MB  repair {repair_s:6.2f} s {megabytes / repair_s:6.2f} MB/s  "
          f"canon {canon_s:6.2f} s {megabytes / canon_s:6.2f} MB/s  repair/canon {repair_s / canon_s:4.2f} "
          f"(target <= 0.50)")
    parts = ", ".join(f"{fix.__name__} {_timed(fix, batch):.2f} s" for fix in repair.FIXES)
    print(f"{'':<10} repair by fix: {parts}")


def run_once_cold(texts: list[str]) -> None:
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    repair.clear_caches()
    repair_s = _timed(repair.repair, texts)
    canon_s = _timed(canon.canonicalize, texts)
    print(f"{'seeds once':<10} {megabytes:5.2f} MB  repair {repair_s:6.2f} s {megabytes / repair_s:6.2f} MB/s  "
          f"canon {canon_s:6.2f} s {megabytes / canon_s:6.2f} MB/s  repair/canon {repair_s / canon_s:4.2f} "
          f"(caches cleared first)")


def main() -> int:
    seeds = _seed_texts()
    print("repair stage vs canonicalization, same text, single process")
    run("seeds", seeds)
    run("faultless", [_without_garbled_spans(t) for t in seeds])
    run_once_cold(seeds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
