"""The mutation score per area: killed / total, and killed / non-equivalent (the equivalent survivors are
listed, each with its reason, in ``tests/mutation_equivalents.md``)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from mutate.areas import AREAS, area_of
from mutate.farm import ROOT

EQUIVALENTS = ROOT / "tests" / "mutation_equivalents.md"
_LISTED = re.compile(r"^- `([^`]+)`", re.M)
# mutmut's exit codes: 1 and 3 a test failed; a timeout (the mutant looped) or a crash is a kill too.
_KILLED = {1, 3, 36, -24, 24, 152, 255, -11, -9}


def equivalents() -> set[str]:
    """The mutants judged equivalent: the names in back-quotes that open a list item of the file."""
    return set(_LISTED.findall(EQUIVALENTS.read_text(encoding="utf-8"))) if EQUIVALENTS.exists() else set()


def code_results(farm: Path) -> dict[str, int | None]:
    """mutmut's exit code per mutant (None: not run), from its .meta files."""
    results: dict[str, int | None] = {}
    for meta in sorted((farm / "mutants").rglob("*.py.meta")):
        results.update(json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"])
    return results


def status(code: int | None) -> str:
    if code in _KILLED:
        return "killed"
    return {0: "survived", None: "not run", 5: "no tests", 33: "no tests"}.get(code, f"exit {code}")


def code_area(mutant: str) -> str | None:
    area = area_of(mutant)
    return area.name if area else None


def constant_area(mutant: str) -> str | None:
    return mutant.split(":", 1)[0]


def report(results: dict[str, str], title: str, area_of_mutant: Callable[[str], str | None] = code_area
           ) -> tuple[Counter[tuple[str, str]], list[str]]:
    """Print one table (results: mutant -> status); the counts per area and the survivors not listed."""
    listed = equivalents()
    counts: Counter[tuple[str, str]] = Counter()
    unexplained: list[str] = []
    for mutant, state in sorted(results.items()):
        area = area_of_mutant(mutant)
        if area is None:
            continue
        counts[area, "total"] += 1
        counts[area, state] += 1
        if state != "killed" and mutant in listed:
            counts[area, "equivalent"] += 1
        elif state != "killed":
            unexplained.append(mutant)
    print(f"\n{title}")
    print(f"{'area':<14}{'total':>7}{'killed':>8}{'equivalent':>12}{'other':>7}{'killed/total':>14}"
          f"{'killed/non-equivalent':>23}")
    rows = [area.name for area in AREAS] + ["all"]
    for name in rows:
        keys = [a.name for a in AREAS] if name == "all" else [name]
        total = sum(counts[k, "total"] for k in keys)
        if not total:
            continue
        killed = sum(counts[k, "killed"] for k in keys)
        equivalent = sum(counts[k, "equivalent"] for k in keys)
        other = total - killed - equivalent
        print(f"{name:<14}{total:>7}{killed:>8}{equivalent:>12}{other:>7}{killed / total:>14.1%}"
              f"{killed / max(1, total - equivalent):>23.1%}")
    stale = sorted(m for m in listed if m in results and results[m] == "killed")
    if stale:
        print("\nListed as equivalent but killed now (take them off the list):", *stale, sep="\n  ")
    if unexplained:
        print("\nSurvivors not listed as equivalent (for mutmut's, `mutmut show NAME` in build/mutate/ shows one):",
              *unexplained, sep="\n  ")
    return counts, unexplained
