"""``faqkit fix``: what needs no judgement, repaired in place.

Traditional or mixed script (:func:`faqkit.core.script.to_simplified`) and half-width punctuation in
Chinese text (:func:`faqkit.core.typography.fix_punctuation`), in front-matter prose values and Markdown
prose, never in code, link targets, HTML tags or attribute lists: the same functions and the same
shield as ``faqkit check``, so a fixed page passes its script and typography rules.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from ..core.markdown import body_lines, normalize_newlines, shield, split_document, unshield
from ..core.script import to_simplified
from ..core.typography import fix_punctuation
from .pages import prose_nodes


def _dump_scalar(value: str) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n").removesuffix("\n...").removesuffix("\n")


def fix_text(text: str, *, typography: bool = True) -> str:
    text = to_simplified(text)
    return fix_punctuation(text)[0] if typography else text


def fix_page(text: str) -> tuple[str, dict[str, int]]:
    """The page with its script and typography made canonical; counts of lines changed by kind."""
    counts = {"script": 0, "typography": 0}
    text = normalize_newlines(text)
    document = split_document(text)
    head = text[:len(text) - len(document.body)]
    if document.front is not None:
        front = document.front
        try:
            node = yaml.compose(front, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            node = None
        edits = []
        for scalar, kind in prose_nodes(node):
            new = fix_text(scalar.value, typography=kind == "prose")
            if new != scalar.value:
                counts["script" if to_simplified(scalar.value) != scalar.value else "typography"] += 1
                edits.append((scalar.start_mark.index, scalar.end_mark.index, _dump_scalar(new)))
        for start, end, replacement in sorted(edits, reverse=True):
            front = front[:start] + replacement + front[end:]
        opening = head.index("\n") + 1
        head = head[:opening] + front + head[opening + len(document.front):]
    lines = document.body.split("\n")
    prose_lines = {no - 1 for no, _ in body_lines(document.body)}
    for index, line in enumerate(lines):
        if index not in prose_lines:
            continue
        shielded, kept = shield(line)
        simplified = to_simplified(shielded)
        fixed = fix_punctuation(simplified)[0]
        if simplified != shielded:
            counts["script"] += 1
        if fixed != simplified:
            counts["typography"] += 1
        lines[index] = unshield(fixed, kept)
    return head + "\n".join(lines), counts


def fix_files(paths: list[Path], write: Callable[[Path, str], None]
              ) -> tuple[list[tuple[Path, dict[str, int]]], list[tuple[Path, str]]]:
    """Fix each page in place (through ``write``): the pages changed and what changed, and the pages
    that could not be read as text (with why), which are left as they are."""
    changed, unreadable = [], []
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            unreadable.append((path, "文件不是 UTF-8 编码，用 UTF-8 重新保存后再运行"))
            continue
        except OSError as error:
            unreadable.append((path, f"读不了这个文件（{error.strerror}）"))
            continue
        fixed, counts = fix_page(text)
        if fixed != normalize_newlines(text):
            write(path, fixed)
            changed.append((path, counts))
    return changed, unreadable
