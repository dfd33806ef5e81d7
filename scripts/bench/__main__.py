"""``python -m bench [NAME ...]`` (from scripts/): run the benchmarks and print their figures."""

from __future__ import annotations

import sys

from bench import main

sys.exit(main())
