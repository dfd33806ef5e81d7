"""The constants and data pass: what mutmut cannot mutate, bent one way at a time.

mutmut mutates function bodies only; the calibrated thresholds are module-level constants and the
contact patterns and the short answer's limit live in YAML. Each mutant here is one plausible mistake
(a threshold set to a value someone could have chosen, a pattern narrowed or widened the way a slip
would), applied to build/mutate's copy of the package; the area's tests then run against it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from mutate.areas import AREAS


@dataclass(frozen=True)
class Mutant:
    area: str
    path: str  # below faqkit/
    old: str  # found exactly once in the file
    new: str

    @property
    def name(self) -> str:
        return f"{self.area}: {self.path}: {self.old.strip()} -> {self.new.strip()}"


def _threshold(area: str, path: str, name: str, value: str, *wrong: str) -> list[Mutant]:
    return [Mutant(area, path, f"\n{name} = {value}\n", f"\n{name} = {other}\n") for other in wrong]


def _pattern(kind: str, old: str, *new: str) -> list[Mutant]:
    """A slip in the ``pii`` pattern ``kind`` of boilerplate.yaml (``old`` must occur once in its line)."""
    return [_PatternMutant("contacts", "data/boilerplate.yaml", old, replacement, kind) for replacement in new]


@dataclass(frozen=True)
class _PatternMutant(Mutant):
    kind: str = ""

    @property
    def name(self) -> str:
        return f"contacts: pii {self.kind}: {self.old} -> {self.new or '(removed)'}"

    def apply(self, text: str) -> str:
        prefix = f"  {self.kind}: '"
        start = text.index(prefix)
        end = text.index("\n", start)
        line = text[start:end]
        assert line.count(self.old) == 1, (self.kind, self.old)
        return text[:start] + line.replace(self.old, self.new) + text[end:]


REPAIR = "ingest/repair/thresholds.py"

MUTANTS: list[Mutant] = [
    *_threshold("repair", REPAIR, "MAX_GARBAGE_COVERAGE", "0.5", "0.3", "0.7"),
    *_threshold("repair", REPAIR, "CERTAIN_MARGIN", "3.0", "2.0", "4.0"),
    *_threshold("repair", REPAIR, "BARE_FIRST_MARGIN", "4.5", "3.0", "6.0"),
    *_threshold("repair", REPAIR, "LOST_CHAR_CREDIT", "0.0", "0.5"),
    *_threshold("repair", REPAIR, "BARE_LOST_CHAR_CREDIT", "0.5", "0.0", "1.0"),
    *_threshold("repair", REPAIR, "LOST_PAIR_CREDIT", "0.5", "0.0", "1.0"),
    *_threshold("repair", REPAIR, "LOST_CHAR_POOL", "1500", "300"),
    *_threshold("repair", REPAIR, "CANDIDATES_PER_SLOT", "40", "10"),
    *_threshold("repair", REPAIR, "ORPHAN_FREQ", "10000", "1000", "100000"),
    *_threshold("repair", REPAIR, "BYTE_DROP_MARGIN", "2.0", "0.5", "3.0"),
    *_threshold("repair", REPAIR, "STANDALONE_FREQ", "1000", "100", "10000"),
    *_threshold("repair", REPAIR, "STANDALONE_MARGIN", "4.0", "3.0", "5.0"),
    *_threshold("repair", REPAIR, "OPENER_BONUS", "1.5", "0.0", "3.0"),
    *_threshold("repair", REPAIR, "GAP_FILL_MARGIN", "3.0", "2.0", "4.0"),
    *_threshold("repair", "ingest/repair/mojibake.py", "MAX_RUN", "40", "10"),
    *_threshold("dedup", "dedup/articles.py", "THRESHOLD", "0.5", "0.3", "0.8"),
    *_threshold("dedup", "dedup/articles.py", "SHINGLE", "5", "4", "6"),
    *_threshold("dedup", "dedup/points.py", "SAME_POINT", "0.6", "0.5", "0.7"),
    *_threshold("dedup", "dedup/questions.py", "QUESTION_THRESHOLD", "0.45", "0.35", "0.55"),
    *_threshold("dedup", "dedup/questions.py", "QUESTION_WEIGHT", "0.1", "0.0", "0.3"),
    *_threshold("headings", "ingest/segment.py", "MAX_HEADING", "30", "20", "40"),
    *_threshold("headings", "ingest/segment.py", "MAX_TITLE", "40", "30", "50"),
    Mutant("short answer", "data/limits.yaml", "\nshort_answer: 120\n", "\nshort_answer: 144\n"),
    Mutant("short answer", "data/limits.yaml", "\nshort_answer: 120\n", "\nshort_answer: 100\n"),
    *_pattern("mobile-phone", "1[3-9]", "1[3-8]", "1[4-9]", "1[35-9]"),
    *_pattern("mobile-phone", "(?<!\\d)", ""),
    *_pattern("mobile-phone", "(?!\\d)", ""),
    *_pattern("mobile-phone", "\\+?86", "86", "\\+86"),
    *_pattern("mobile-phone", "\\d[- ]?\\d{4}", "\\d-?\\d{4}"),
    *_pattern("landline-phone", "0\\d{2,3}[)）]", "0\\d{2}[)）]"),
    *_pattern("landline-phone", "0\\d{2,3}[- ]", "0\\d{3}[- ]", "0\\d{2,3}-"),
    *_pattern("landline-phone", "\\d{3,4}[- ]?\\d{4}(?!\\d)|", "\\d{4}[- ]?\\d{4}(?!\\d)|"),
    *_pattern("landline-phone", "[48]00", "400"),
    *_pattern("landline-phone", "[（(]0", "[(]0"),
    *_pattern("landline-phone", "\\d{3}[- ]?\\d{3,4}(?!\\d)", "\\d{3}[- ]?\\d{4}(?!\\d)"),
    *_pattern("qq", "\\d{5,11}", "\\d{6,11}", "\\d{5,10}"),
    *_pattern("qq", "(?i)", ""),
    *_pattern("qq", "扣扣|", ""),
    *_pattern("qq", "(?:号|群)?", "(?:号)?"),
    *_pattern("wechat-id", "{5,19}|(?:微信", "{6,19}|(?:微信"),
    *_pattern("wechat-id", "(?i)", ""),
    *_pattern("wechat-id", "VX|V信|wx|weixin)", "VX|V信|weixin)"),
    *_pattern("wechat-id", "(?=[A-Za-z-]*[\\d_])", ""),
    *_pattern("wechat-id", "(?<![A-Za-z])", ""),
    *_pattern("email", "(?i:at)", "at"),
    *_pattern("email", "[A-Za-z]{2,}", "[A-Za-z]{3,}", "[A-Za-z]+"),
    *_pattern("email", "[(（\\[]", "[(\\[]"),
    *_pattern("email", "[A-Za-z0-9._%+-]+(?:", "[A-Za-z0-9._-]+(?:"),
    *_pattern("long-number", "\\d{9,}", "\\d{10,}", "\\d{8,}"),
    *_pattern("long-number", "(?<![\\d.])", "(?<!\\d)"),
    *_pattern("long-number", "(?![\\d.])", "(?!\\d)"),
]


def apply(mutant: Mutant, text: str) -> str:
    if isinstance(mutant, _PatternMutant):
        return mutant.apply(text)
    assert text.count(mutant.old) == 1, mutant.name
    return text.replace(mutant.old, mutant.new)


def _tests(area: str) -> list[str]:
    return list(next(a for a in AREAS if a.name == area).tests)


def run_tests(farm: Path, tests: list[str]) -> int:
    """The tests against the package in ``farm`` (its copy goes first on the path); their exit code."""
    env = {**os.environ, "PYTHONPATH": str(farm)}
    return subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                          cwd=farm, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode


def run(farm: Path, areas: list[str]) -> dict[str, str]:
    """Every mutant of ``areas`` against its area's tests (one at a time: each changes the one copy of the
    package): mutant name -> killed or survived."""
    package = farm / "faqkit"
    every_test = sorted({test for area in AREAS for test in area.tests})
    if run_tests(farm, every_test) != 0:
        raise SystemExit("the tests fail on the package as it is: fix them before mutating it")
    results: dict[str, str] = {}
    for mutant in (m for m in MUTANTS if m.area in areas):
        path = package / mutant.path
        original = path.read_text(encoding="utf-8")
        path.write_text(apply(mutant, original), encoding="utf-8")
        try:
            code = run_tests(farm, _tests(mutant.area))
        finally:
            path.write_text(original, encoding="utf-8")
        results[mutant.name] = "killed" if code == 1 else "survived" if code == 0 else f"exit {code}"
        print(f"  {results[mutant.name]:<9} {mutant.name}", flush=True)
    return results
