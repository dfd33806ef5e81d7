"""Build the tree, run mutmut on the scoped functions and the constants pass, print the scores."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from mutate import constants, farm, score
from mutate.areas import AREAS, area_of

FARM = farm.ROOT / "build" / "mutate"


def _mutmut(*args: str) -> None:
    mutmut = Path(sys.executable).with_name("mutmut")
    # The package is imported from mutmut's copy; mutate.pytest_plugin from scripts/.
    env = {**os.environ, "PYTHONPATH": str(farm.ROOT / "scripts")}
    subprocess.run([str(mutmut), "run", *args], cwd=FARM, env=env, check=True)


def run_mutmut(max_children: int, areas: list[str], sample: dict[str, int]) -> dict[str, str]:
    """mutmut on the functions of ``areas``: every mutant, or every ``sample[area]``-th of an area's (in
    mutmut's order, the same on every run of the same code)."""
    chosen = [area for area in AREAS if area.name in areas]
    # A first run makes every mutant and learns which tests reach which function, on one cheap mutant.
    _mutmut("--max-children", str(max_children), "faqkit.check.prose.x__contact__mutmut_1")
    names = [name for name in score.code_results(FARM) if area_of(name) in chosen]
    picked = [name for area in chosen for name in [n for n in names if area_of(n) is area][::sample[area.name]]]
    _mutmut("--max-children", str(max_children), *picked)
    results = score.code_results(FARM)
    return {name: score.status(results[name]) for name in picked}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mutate", description=__doc__)
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--areas", nargs="+", default=[area.name for area in AREAS],
                        choices=[area.name for area in AREAS], metavar="AREA")
    parser.add_argument("--sample", type=int, default=1, help="mutmut: every Nth mutant of each area (default all)")
    # repair has 2,458 mutants at about two seconds each on two cores: every 5th keeps the run under an hour.
    parser.add_argument("--repair-sample", type=int, default=5, help="mutmut: every Nth mutant of repair's")
    parser.add_argument("--skip-code", action="store_true", help="only the constants and data pass")
    parser.add_argument("--skip-constants", action="store_true", help="only mutmut's pass")
    args = parser.parse_args(argv)
    farm.build(FARM)
    missed = 0
    if not args.skip_code:
        sample = {area.name: args.sample for area in AREAS} | {"repair": max(args.sample, args.repair_sample)}
        results = run_mutmut(args.max_children, args.areas, sample)
        sampled = ", ".join(f"{name}: every {n}th mutant" for name, n in sample.items() if n > 1 and name in args.areas)
        sampled = f"; {sampled}" if sampled else ""
        missed += len(score.report(results, f"mutmut (function bodies{sampled}):")[1])
    if not args.skip_constants:
        results = constants.run(FARM, args.areas)
        missed += len(score.report(results, "constants and data (calibrated thresholds, contact patterns):",
                                   score.constant_area)[1])
    return 1 if missed else 0
