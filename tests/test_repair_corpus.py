"""The labeled repair corpus (tests/corpus/cases.jsonl): precision and recall per kind of fault.

Each case is a clean sentence damaged by one of the farms' mechanisms (tests/corpus/faults.py), or a clean
sentence that must survive. The repair stages run as in the pipeline (markup, repair, canon, then clean's
wording fixes; furniture and personal-data removal are left out, since URLs and e-mail-like text in the
clean sentences would go there by policy, not by a repair). Run with ``-s`` to see the table.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from faqkit.core.furniture import Rules
from faqkit.core.records import Change
from faqkit.ingest import canon, clean, markup, repair
from faqkit.ingest.repair.reviewed import reviewed_sentences
from tests.corpus import faults

CORPUS = Path(__file__).parent / "corpus" / "cases.jsonl"
NO_FURNITURE = Rules((), (), (), (), ())
# Which Change.kind a case's kind is repaired by.
CHANGE_KIND = {"pinyin": "pinyin", "byte-drop": "byte-drop", "mojibake": "mojibake",
               "deleted-word": "deleted-word", "spin": "spin", "typography": "typography", "law": "law"}
_SENTENCE = re.compile(r"[^。！？]*[。！？]")


def repair_stages(text: str) -> tuple[str, list[Change]]:
    changes: list[Change] = []
    for stage in (markup.strip_inline_markup, repair.repair, canon.canonicalize,
                  lambda t: clean.clean(t, NO_FURNITURE)):
        text, found = stage(text)
        changes.extend(found)
    return text.strip(), changes


def load_cases() -> list[dict[str, str]]:
    return [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="module")
def results() -> list[tuple[dict[str, str], str, list[Change]]]:
    return [(case, *repair_stages(case["input"])) for case in load_cases()]


def score(results: list[tuple[dict[str, str], str, list[Change]]]) -> dict[str, dict[str, float]]:
    table: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for case, out, changes in results:
        row = table[case["kind"]]
        row["cases"] += 1
        row["exact"] += out == case["expected"]
        flagged = any(not c.applied and c.kind == CHANGE_KIND.get(case["kind"]) for c in changes)
        row["flagged"] += flagged and out != case["expected"]
        # Garbage-free: every sentence left is one of the expected sentences (a removed one is fine).
        row["garbage_free"] += set(_SENTENCE.findall(out)) <= set(_SENTENCE.findall(case["expected"]))
        for kind in {c.kind for c in changes if c.applied}:
            table[kind]["applied_in"] += 1
            table[kind]["applied_right"] += out == case["expected"]
        if case["kind"] == "clean" and out != case["input"]:
            for kind in {c.kind for c in changes if c.applied}:
                table[kind]["clean_false_positives"] += 1
    return table


def print_table(table: dict[str, dict[str, float]]) -> None:
    print(f"\n{'kind':<14}{'cases':>6}{'recall':>8}{'precision':>10}{'flagged':>8}{'garbage-free':>13}"
          f"{'FP on clean':>12}")
    for kind in ("pinyin", "byte-drop", "mojibake", "deleted-word", "spin", "typography", "law", "clean"):
        row = table[kind]
        n = row["cases"] or 1
        precision = row["applied_right"] / row["applied_in"] if row["applied_in"] else 1.0
        print(f"{kind:<14}{int(row['cases']):>6}{row['exact'] / n:>8.3f}{precision:>10.3f}"
              f"{int(row['flagged']):>8}{row['garbage_free'] / n:>13.3f}{int(row['clean_false_positives']):>12}")


def test_corpus_size() -> None:
    cases = load_cases()
    kinds = defaultdict(int)
    for case in cases:
        kinds[case["kind"]] += 1
    assert sum(n for k, n in kinds.items() if k != "clean") >= 300
    assert kinds["clean"] >= 100
    assert all(kinds[k] >= 6 for k in CHANGE_KIND), kinds


def test_precision_and_recall_per_kind(results: list[tuple[dict[str, str], str, list[Change]]]) -> None:
    table = score(results)
    print_table(table)
    misses = [(c["id"], c["input"], out) for c, out, _ in results if out != c["expected"]]
    detail = "\n".join(f"  {i}: {src!r} -> {out!r}" for i, src, out in misses[:30])
    recall = {k: table[k]["exact"] / table[k]["cases"] for k in CHANGE_KIND}
    assert recall["byte-drop"] >= 0.98, detail
    assert recall["pinyin"] >= 0.98, detail
    assert table["byte-drop"]["clean_false_positives"] == 0 and table["pinyin"]["clean_false_positives"] == 0
    assert table["mojibake"]["garbage_free"] == table["mojibake"]["cases"], detail
    assert recall["typography"] >= 0.98, detail
    assert recall["spin"] >= 0.9 and recall["law"] == 1.0, detail
    detected = (table["deleted-word"]["exact"] + table["deleted-word"]["flagged"]) / table["deleted-word"]["cases"]
    assert detected >= 0.9, detail


# Reached so far (issue 3): 47 of 138 spans, none wrong. `python -m tests.corpus.calibrate breakdown`
# splits them: 41 of the 99 spans that lost no whole byte pair (28 of 38 with the farm's reading after the
# '?', 13 of 61 without), 6 of the 39 that lost one or more (each lost pair is two unknown bytes at a
# place nothing marks). The word model cannot tell the candidates apart, nor a reading from one with a
# whole character lost, with the margin precision needs on sentences it was not tuned on; those spans
# are removed and flagged.
MOJIBAKE_RECOVERED_FLOOR = 0.34


def test_mojibake_recovery_does_not_fall_back(results: list[tuple[dict[str, str], str, list[Change]]]) -> None:
    table = score(results)
    assert table["mojibake"]["exact"] / table["mojibake"]["cases"] >= MOJIBAKE_RECOVERED_FLOOR


@pytest.mark.xfail(strict=True, reason="issue 3 target not reached (blocked): 0.9 needs a language model far "
                   "stronger than any installable offline here; 39 of 138 spans lost whole byte pairs, and jieba's "
                   "unigram word model recovers 41 of the other 99 with the margin precision needs; the rest are "
                   "removed and flagged (see the closing notes of issue 3)")
def test_mojibake_spans_fully_recovered(results: list[tuple[dict[str, str], str, list[Change]]]) -> None:
    table = score(results)
    assert table["mojibake"]["exact"] / table["mojibake"]["cases"] >= 0.9


def test_clean_sentences_come_out_unchanged(results: list[tuple[dict[str, str], str, list[Change]]]) -> None:
    changed = [(c["input"], out, [x.describe() for x in ch if x.applied])
               for c, out, ch in results if c["kind"] == "clean" and out != c["input"]]
    assert not changed, changed


def test_applied_repairs_are_right(results: list[tuple[dict[str, str], str, list[Change]]]) -> None:
    """Precision first: a repair of a kind that was applied left the case exactly as expected."""
    wrong = [(c["id"], c["input"], out) for c, out, ch in results
             if out != c["expected"] and any(x.applied and x.kind == CHANGE_KIND.get(c["kind"]) for x in ch)
             and c["kind"] in ("byte-drop", "pinyin", "mojibake", "deleted-word", "spin", "law")]
    assert not wrong, wrong


@pytest.mark.parametrize("name", ["calibration.jsonl", "fresh.jsonl"])
def test_no_wrong_realignment_on_held_out_spans(name: str) -> None:
    """The margins were set on the corpus; on spans in sentences they were not tuned on (written later), a
    realignment that is applied must still be exactly right: an unsure span is removed and flagged."""
    cases = [json.loads(line) for line in (CORPUS.parent / name).read_text("utf-8").splitlines() if line.strip()]
    wrong = []
    for case in cases:
        out, changes = repair_stages(case["input"])
        if out != case["expected"] and any(c.applied and c.kind == "mojibake" for c in changes):
            wrong.append((case["input"], case["expected"], out))
    assert not wrong, wrong


def test_the_corpus_garbles_and_counts_lost_pairs_as_seed_000_shows() -> None:
    """The mechanism the mojibake cases are made with reproduces seed 000's span, whose pair F8 B8 (而's
    trail, 感's lead) is no GBK character and vanished; the breakdown counts that pair as lost."""
    seed = "部分借款人可能會因為逾期而感到恐慌,進而選擇逃避,"
    assert faults.shift_mojibake(seed, 9, annotate=True) == "部分借款人可能會因?yàn)橛馄诙械娇只?,進而選擇逃避,"
    sentence = "部分借款人可能会因为逾期而感到恐慌，进而选择逃避。"
    assert faults.pairs_lost_in_span(sentence, "out of step from 9 to 17") == 1
    assert faults.pairs_lost_in_span("导致逾期的现象。", "out of step from 0 to 0") == 0


def test_no_corpus_case_is_read_back_by_a_person() -> None:
    """The figures are the automatic repair's: data/reviewed_sentences.yaml holds no case of the corpus."""
    flagged = [f for _, f, _ in reviewed_sentences()]
    sets = [load_cases(), *([json.loads(line) for line in (CORPUS.parent / name).read_text("utf-8").splitlines()]
                            for name in ("calibration.jsonl", "fresh.jsonl"))]
    assert not [c["id"] for cases in sets for c in cases if any(f in c["input"] for f in flagged)]
