"""``python -m mutate [--skip-code] [--skip-constants] [--max-children N]`` (from scripts/)."""

from __future__ import annotations

import sys

from mutate.run import main

sys.exit(main())
