"""``make bench``: the benchmarks, outside the installed package; each module with a ``main`` is one
(``synth`` only makes batches). ``python -m bench`` runs them all, ``python -m bench ingest`` one, and
each prints its figures (none of them is a timed test).
"""

from __future__ import annotations

import importlib
import pkgutil
import sys


def available() -> list[str]:
    """The benchmarks: modules of ``bench`` with a ``main`` (``synth`` only makes batches)."""
    return sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")
                  if hasattr(importlib.import_module(f"{__name__}.{m.name}"), "main"))


def main(argv: list[str] | None = None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or available()
    unknown = sorted(set(names) - set(available()))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available())}", file=sys.stderr)
        return 2
    for name in names:
        print(f"== {name} ==", flush=True)
        importlib.import_module(f"{__name__}.{name}").main()
        print(flush=True)
    return 0

