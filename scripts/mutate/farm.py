"""The tree mutmut runs in: ``build/mutate/`` with the package at its top.

mutmut 3 names a module by its path from where it runs and makes only ``./``, ``src/`` and ``source/``
importable; faqkit lives in ``scripts/faqkit``. So the package is copied to ``build/mutate/faqkit`` and
the tests, sources and pyproject.toml (its ``[tool.mutmut]``) are linked beside it.

mutmut leaves decorated functions alone, and most of the repair stage is memoized (``@memo``), as are
``segment._heading_level`` and the ``contact`` rule (``@prose_rule``). In the copy, a scoped module's
top-level function is defined bare and decorated by assignment after it (``f = memo(maxsize=1)(f)``):
the same object under the same name, so mutmut mutates its body and the cache wraps mutmut's trampoline.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from mutate.areas import MODULES

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "scripts" / "faqkit"
LINKED = ("tests", "sources", "docs", "pyproject.toml")


def undecorate(source: str) -> str:
    """Every decorated top-level function of ``source`` defined bare, its decorators applied after it."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    # From the bottom up, so that the line numbers of the functions above stay right.
    for node in reversed(tree.body):
        if not isinstance(node, ast.FunctionDef) or not node.decorator_list:
            continue
        first = node.decorator_list[0].lineno - 1
        def_line = node.lineno - 1
        wrapped = node.name
        for decorator in reversed(node.decorator_list):
            wrapped = f"({ast.get_source_segment(source, decorator)})({wrapped})"
        assignment = f"{node.name} = {wrapped}\n"
        lines[node.end_lineno:node.end_lineno] = [assignment]
        del lines[first:def_line]
    return "".join(lines)


def build(farm: Path) -> Path:
    """``farm`` made anew: the package copied (scoped modules undecorated) and the rest linked."""
    if farm.exists():
        shutil.rmtree(farm)
    farm.mkdir(parents=True)
    package = farm / "faqkit"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    for pattern in MODULES:
        for path in sorted(package.glob(pattern)):
            path.write_text(undecorate(path.read_text(encoding="utf-8")), encoding="utf-8")
    for name in LINKED:
        (farm / name).symlink_to(ROOT / name)
    return farm
