"""Writing ``docs/``: the only stage that touches pages on disk.

* A page a person has edited (its text no longer hashes to the ``generated_hash`` it was written with) is
  never overwritten or deleted. When the sources now give that page different material, the page as
  ingest would write it goes to a review file (``review/<same path>``) and into the report; the human
  text stays. To accept, a reviewer merges what is useful, copies the review file's ``generated_hash``
  into the page and deletes the review file.
* ``docs/`` changes all at once: the new tree is made in a staging folder next to it (unchanged files
  hard-linked, not copied) and swapped in with one atomic ``rename`` (Linux ``renameat2(RENAME_EXCHANGE)``),
  so a process killed at any moment leaves ``docs/`` exactly as before or exactly as after. Where the
  exchange is not available, two renames are used and the next run finishes an interrupted swap.
* A file whose generated content has not changed is left alone, so running ingest twice changes no byte.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..core.markdown import read_document, split_document
from ..core.records import Change, Problem
from . import render


@dataclass(frozen=True)
class Withheld:
    """An article that was read but not published: an advert or off-topic, and why."""

    name: str
    relevance: str
    why: str


@dataclass
class IngestResult:
    """What one ingest found, made and did to docs/: the report is made from it."""

    files_read: int = 0
    problems: list[Problem] = field(default_factory=list)
    # Adverts and off-topic articles not published (empty under --publish-all), in file-name order.
    withheld: list[Withheld] = field(default_factory=list)
    clusters: list[list[str]] = field(default_factory=list)
    pages: list[render.Page] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    # Review files written for edited pages with new material (paths relative to the review folder).
    review: list[str] = field(default_factory=list)
    # Edited pages that no source generates any more: kept, listed for a reviewer.
    kept_without_source: list[str] = field(default_factory=list)
    # The flags and the batch's own changes (merged duplicates), by source; every change the per-article
    # stages applied is counted in ``change_counts`` by "kind/fix".
    changes: dict[str, list[Change]] = field(default_factory=dict)
    change_counts: Counter[str] = field(default_factory=Counter)
    question_merges: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)
    question_groups: list[tuple[tuple[str, int], ...]] = field(default_factory=list)
    from_cache: bool = False

    @property
    def duplicates_merged(self) -> int:
        return sum(len(c) - 1 for c in self.clusters)


REVIEW_HEADER = "# faqkit ingest: new material for docs/{rel}, which was edited by hand and was left as it is.\n"
REVIEW_HELP = ("# Merge what is useful into docs/{rel}, copy generated_hash below into its front matter,\n"
               "# then delete this file (ingest writes it again only when the sources change again).\n")


def read_page(path: Path) -> tuple[dict, str] | None:
    """(front matter, body) of a page in docs/, the body as :func:`render.render_document` wrote it
    (after the blank line that follows the front matter); None for a page that cannot be read so."""
    try:
        found = read_document(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    if found is None:
        return None
    meta, body = found
    return meta, body.removeprefix("\n")


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
    """One file replaced in one step (a temporary file next to it, then ``os.replace``)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def previous_paths(docs_dir: Path) -> dict[str, tuple[str, ...]]:
    """Each source file the FAQ pages in ``docs_dir`` cite -> the pages (paths below docs/) citing it.

    Ingest keeps a page where it was while articles it was made from are still in the batch, whichever of
    them leads it now: a republished copy must not move a page readers and search engines link to.
    """
    found: dict[str, tuple[str, ...]] = {}
    if not docs_dir.is_dir():
        return found
    for path in sorted(docs_dir.rglob("*.md")):
        if path.name == "index.md":
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        front = split_document(text).front
        rel = path.relative_to(docs_dir).as_posix()
        # Only the `file:` lines: a page citing hundreds of copies made a full YAML load the slow part.
        for value in _SOURCE_FILE.findall(front or ""):
            if value[:1] in "'\"":  # a name YAML had to quote
                try:
                    value = yaml.safe_load(value)
                except yaml.YAMLError:
                    continue
            if isinstance(value, str) and rel not in found.get(value, ()):
                found[value] = (*found.get(value, ()), rel)
    return found


_SOURCE_FILE = re.compile(r"^\s*-?\s*file:[ \t]*(\S.*?)[ \t]*$", re.M)


def review_text(rel: str, document: str) -> str:
    """The page as ingest would write it now, with two comment lines that say what to do with it."""
    assert document.startswith("---\n")
    return "---\n" + REVIEW_HEADER.format(rel=rel) + REVIEW_HELP.format(rel=rel) + document[4:]


@dataclass
class Plan:
    """Everything one ingest changes: files to write and to remove in docs/, review files."""

    writes: dict[str, str] = field(default_factory=dict)
    removals: list[str] = field(default_factory=list)
    reviews: dict[str, tuple[str, str]] = field(default_factory=dict)  # rel -> (generated hash, text)


def plan_docs(docs_dir: Path, docs: dict[str, tuple[dict, str]], today: str, result: IngestResult) -> Plan:
    """Decide every change without touching the disk; the result lists what will happen to each page."""
    plan = Plan()
    for rel, (meta, body) in sorted(docs.items()):
        target = docs_dir / rel
        if target.exists():
            try:
                text = target.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = None
            if text is not None and render.is_generated_document(text, meta, body) is not None:
                result.unchanged.append(rel)  # as written last time, by the same meta and body
                continue
            found = read_page(target)
            digest = render.content_hash(meta, body)
            if edited_by_hand(found):
                result.kept_edited.append(rel)
                if not found or found[0].get("generated_hash") != digest:
                    plan.reviews[rel] = (digest, review_text(rel, render.render_document(meta, body, today)[0]))
                    result.review.append(rel)
                continue
            if found and found[0].get("generated_hash") == digest:
                result.unchanged.append(rel)
                continue
        plan.writes[rel] = render.render_document(meta, body, today)[0]
        result.written.append(rel)
    if docs_dir.is_dir():
        for path in sorted(docs_dir.rglob("*.md")):
            rel = path.relative_to(docs_dir).as_posix()
            if rel in docs:
                continue
            found = read_page(path)
            if found and found[0].get("generated_hash") and not edited_by_hand(found):
                plan.removals.append(rel)
                result.removed.append(rel)
            elif found and found[0].get("sources"):
                result.kept_without_source.append(rel)
    return plan


def write_docs(docs_dir: Path, docs: dict[str, tuple[dict, str]], today: str, result: IngestResult,
               review_dir: Path | None = None) -> None:
    """Bring ``docs_dir`` to the generated ``docs`` in one atomic step; review files go to ``review_dir``
    (default: ``review/`` next to ``docs_dir``)."""
    docs_dir = docs_dir.resolve()  # a docs/ that is a symbolic link is swapped where it really is
    recover_interrupted_swap(docs_dir)
    plan = plan_docs(docs_dir, docs, today, result)
    review_dir = review_dir if review_dir is not None else docs_dir.parent / "review"
    # docs/ first: a run killed in between leaves docs/ swapped and the review files not yet written,
    # which the next run writes (the pages are still edited by hand); never review files for a docs/
    # that did not change.
    commit_tree(docs_dir, plan.writes, plan.removals)
    write_reviews(review_dir, plan.reviews)


def write_reviews(review_dir: Path, reviews: dict[str, tuple[str, str]]) -> None:
    """Write review files for new material; one already there for the same material (same generated
    hash) stays as it is, whatever day it was written. Review files ingest wrote earlier that are no
    longer needed are removed."""
    for rel, (digest, text) in sorted(reviews.items()):
        path = review_dir / rel
        if path.is_file():
            found = read_page(path)
            if found and found[0].get("generated_hash") == digest:
                continue
        write_atomic(path, text)
    if review_dir.is_dir():
        marker = ("---\n" + REVIEW_HEADER.split("{rel}")[0]).encode("utf-8")
        for path in sorted(review_dir.rglob("*.md")):
            rel = path.relative_to(review_dir).as_posix()
            # Only files ingest wrote (they open with its header); anything else there is a person's.
            if rel not in reviews and path.is_file() and _starts_with(path, marker):
                path.unlink()


def _starts_with(path: Path, prefix: bytes) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(prefix)) == prefix
    except OSError:
        return False


# ---------------------------------------------------------------------------------------------- atomic swap

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def _staging_prefix(docs_dir: Path) -> str:
    return f".{docs_dir.name}.staging-"


def recover_interrupted_swap(docs_dir: Path) -> None:
    """Finish or undo what a killed run left: without ``docs_dir``, the old tree moves back; stale staging
    folders go."""
    parent = docs_dir.parent
    if not parent.is_dir():
        return
    for staging in sorted(parent.glob(_staging_prefix(docs_dir) + "*")):
        old = staging / "old"
        if not docs_dir.exists() and old.is_dir():
            os.rename(old, docs_dir)
        shutil.rmtree(staging, ignore_errors=True)


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def commit_tree(docs_dir: Path, writes: dict[str, str], removals: list[str]) -> None:
    """Apply all writes and removals to ``docs_dir`` at once (see the module docstring)."""
    if not writes and not removals:
        return
    docs_dir = docs_dir.absolute()
    docs_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=docs_dir.parent, prefix=_staging_prefix(docs_dir)))
    try:
        new_tree = staging / "new"
        if docs_dir.is_dir():
            # Files are never changed in place, only replaced: the new tree may share the unchanged ones.
            shutil.copytree(docs_dir, new_tree, copy_function=_link_or_copy, symlinks=True)
        else:
            new_tree.mkdir()
        for rel in removals:
            (new_tree / rel).unlink(missing_ok=True)
            folder = (new_tree / rel).parent
            while folder != new_tree and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        for rel, text in sorted(writes.items()):
            path = new_tree / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.unlink(missing_ok=True)  # a hard link to the old tree's file: never write through it
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        if not docs_dir.exists():
            os.rename(new_tree, docs_dir)
        elif not _exchange(new_tree, docs_dir):
            os.rename(docs_dir, staging / "old")
            os.rename(new_tree, docs_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
