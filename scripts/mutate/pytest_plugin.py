"""Loaded into every pytest run mutmut makes (``pytest_add_cli_args`` in pyproject.toml).

mutmut learns which tests reach a function by recording calls while it runs the tests once ("stats").
A memoized function answers a later test from its cache without being called, so only the first test
to ask would be run against its mutants: here every cache of the scoped modules is cleared before each
test of that run. (Mutant runs need nothing: each is a fresh process.)
"""

from __future__ import annotations

import fnmatch
import os
import sys

import pytest

from mutate.areas import MODULES

_SCOPED = tuple("faqkit." + pattern.removesuffix(".py").replace("/", ".") for pattern in MODULES)


def _clear_scoped_caches() -> None:
    for name, module in list(sys.modules.items()):
        if module is None or not any(fnmatch.fnmatchcase(name, pattern) for pattern in _SCOPED):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_caches_while_mutmut_records() -> None:
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        _clear_scoped_caches()
