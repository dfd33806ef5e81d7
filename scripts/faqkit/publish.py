"""Writing ``docs/``: the only stage that touches pages on disk.

It never overwrites or deletes a page a person has edited (its text no longer matches the
``generated_hash`` it was written with), writes each file atomically, and leaves a file alone when its
generated content has not changed, so that running ingest twice changes no byte.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import render
from .record import Change, Problem


@dataclass
class IngestResult:
    files_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    clusters: list[list[str]] = field(default_factory=list)
    pages: list[render.Page] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changes: dict[str, list[Change]] = field(default_factory=dict)

    @property
    def duplicates_merged(self) -> int:
        return sum(len(c) - 1 for c in self.clusters)


_FRONT = re.compile(r"^---\n(.*?)\n---\n\n?(.*)$", re.S)


def read_page(path: Path) -> tuple[dict, str] | None:
    m = _FRONT.match(path.read_text(encoding="utf-8"))
    if not m:
        return None
    try:
        # libyaml's loader when PyYAML has it: pages that cite hundreds of sources made this most of a re-run.
        meta = yaml.load(m.group(1), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError:
        return None
    return (meta, m.group(2)) if isinstance(meta, dict) else None


def edited_by_hand(found: tuple[dict, str] | None) -> bool:
    """A page whose text no longer hashes to its ``generated_hash`` was changed by a person."""
    if found is None:
        return True
    meta, body = found
    recorded = meta.get("generated_hash")
    if not recorded:
        return True
    stable = {k: v for k, v in meta.items() if k not in ("last_reviewed", "generated_hash")}
    return render.content_hash(stable, body) != recorded


def write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_docs(docs_dir: Path, docs: dict[str, tuple[dict, str]], today: str, result: IngestResult) -> None:
    for rel, (meta, body) in sorted(docs.items()):
        target = docs_dir / rel
        if target.exists():
            found = read_page(target)
            if edited_by_hand(found):
                result.kept_edited.append(rel)
                continue
            if found and found[0].get("generated_hash") == render.content_hash(meta, body):
                result.unchanged.append(rel)
                continue
        text, _ = render.render_document(meta, body, today)
        write_atomic(target, text)
        result.written.append(rel)
    for path in sorted(docs_dir.rglob("*.md")):
        rel = path.relative_to(docs_dir).as_posix()
        if rel in docs:
            continue
        found = read_page(path)
        if found and found[0].get("generated_hash") and not edited_by_hand(found):
            path.unlink()
            result.removed.append(rel)


