"""Calibrate the mojibake margins (``thresholds.CERTAIN_MARGIN``, ``thresholds.BARE_FIRST_MARGIN`` of
:mod:`faqkit.ingest.repair.thresholds`) on half the
labeled spans and check them on the other half, so that the thresholds are not fitted to the test.

    .venv/bin/python -m tests.corpus.calibrate            # the default grid
    .venv/bin/python -m tests.corpus.calibrate 2,2.5,3 5,4.5,4,3.5,3

For each pair of margins it prints, for the even-numbered and the odd-numbered mojibake cases of the
test corpus, for ``calibration.jsonl`` (spans in sentences the test corpus does not use, written after
the margins were chosen) and for ``fresh.jsonl`` (written after every threshold was set), how many spans
came back exactly and how many were recovered wrongly (a realignment applied, the sentence not as
expected). Choose on one half (the smallest margins with nothing wrong), add some room, confirm on the
other half and on the new and the fresh sentences.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

from faqkit.ingest import repair
from faqkit.ingest.repair import mojibake, thresholds
from tests.corpus.faults import pairs_lost_in_span
from tests.test_repair_corpus import load_cases, repair_stages


def run(cases: list[dict[str, str]]) -> tuple[int, int]:
    exact = wrong = 0
    for case in cases:
        out, changes = repair_stages(case["input"])
        if out == case["expected"]:
            exact += 1
        elif any(c.applied and c.kind == "mojibake" for c in changes):
            wrong += 1
    return exact, wrong


def _sets() -> tuple[list[dict[str, str]], list[dict[str, str]], list[dict[str, str]]]:
    """The corpus's mojibake cases, calibration.jsonl and fresh.jsonl."""
    here = Path(__file__).parent
    new, fresh = ([json.loads(line) for line in (here / name).read_text("utf-8").splitlines()]
                  for name in ("calibration.jsonl", "fresh.jsonl"))
    return [c for c in load_cases() if c["kind"] == "mojibake"], new, fresh


def _reading_after_mark(garbled: str) -> bool:
    spans = (mojibake.parse_span(garbled, m.start()) for m in mojibake._SPAN_START.finditer(garbled))
    return any(span.reading for span in spans if span)


def breakdown(sets: dict[str, list[dict[str, str]]]) -> None:
    """Spans recovered exactly, by whole byte pairs lost (0, 1, 2 or more) and by the farm's reading."""
    print(f"{'set':<12}{'pairs lost':>11}{'reading':>9}{'spans':>7}{'exact':>7}{'wrong':>7}")
    for name, cases in sets.items():
        rows: dict[tuple[int, bool], list[int]] = {}
        for case in cases:
            exact, wrong = run([case])
            key = (min(pairs_lost_in_span(case["expected"], case["note"]), 2), _reading_after_mark(case["input"]))
            row = rows.setdefault(key, [0, 0, 0])
            row[0] += 1
            row[1] += exact
            row[2] += wrong
        for (lost, reading), (spans, exact, wrong) in sorted(rows.items()):
            print(f"{name:<12}{str(lost) + ('+' if lost == 2 else ''):>11}{'yes' if reading else 'no':>9}"
                  f"{spans:>7}{exact:>7}{wrong:>7}")


def main(argv: list[str]) -> None:
    if argv[:1] == ["breakdown"]:
        cases, new, fresh = _sets()
        breakdown({"corpus": cases, "calibration": new, "fresh": fresh})
        return
    certain = [float(x) for x in (argv[0] if argv else "2,2.5,3").split(",")]
    bare = [float(x) for x in (argv[1] if len(argv) > 1 else "5,4.5,4,3.5,3").split(",")]
    cases, new, fresh = _sets()
    halves = {"even": cases[0::2], "odd": cases[1::2], "new": new, "fresh": fresh}
    saved = thresholds.CERTAIN_MARGIN, thresholds.BARE_FIRST_MARGIN
    print(f"{'certain':>8}{'bare':>6}" + "".join(f"{name + ' exact/wrong':>20}" for name in halves)
          + "  (of " + ", ".join(str(len(h)) for h in halves.values()) + ")")
    try:
        for c, b in itertools.product(certain, bare):
            thresholds.CERTAIN_MARGIN, thresholds.BARE_FIRST_MARGIN = c, b
            repair.clear_caches()
            row = [run(half) for half in halves.values()]
            print(f"{c:>8}{b:>6}" + "".join(f"{f'{e}/{w}':>20}" for e, w in row), flush=True)
    finally:
        thresholds.CERTAIN_MARGIN, thresholds.BARE_FIRST_MARGIN = saved


if __name__ == "__main__":
    main(sys.argv[1:])
