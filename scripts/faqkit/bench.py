"""``make bench``: runs every benchmark in ``faqkit.benchmarks`` (or the ones named) and prints figures.

    python -m faqkit.bench              # all of them
    python -m faqkit.bench ingest       # one
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

from . import benchmarks


def available() -> list[str]:
    """The benchmarks: modules of ``faqkit.benchmarks`` with a ``main`` (``synth`` only makes batches)."""
    return sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__)
                  if hasattr(importlib.import_module(f"{benchmarks.__name__}.{m.name}"), "main"))


def main(argv: list[str] | None = None) -> int:
    names = (argv if argv is not None else sys.argv[1:]) or available()
    unknown = sorted(set(names) - set(available()))
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available())}", file=sys.stderr)
        return 2
    for name in names:
        print(f"== {name} ==", flush=True)
        importlib.import_module(f"{benchmarks.__name__}.{name}").main()
        print(flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
