"""The ingest cache: each source's processing, and the last batch's pages, kept by content hash.

A cached result is reused only when the same bytes were processed by the same code, data and libraries
(:func:`code_version`); the batch is reused only when every source and the code are the same
(:func:`batch_key`). Files are written atomically, so a killed run never leaves half a pickle.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from ..ingest.read import list_sources

# The libraries whose output is in a cached article: a new pin must not serve the old results.
OUTPUT_LIBRARIES = ("jieba", "opencc-python-reimplemented", "pypinyin", "datasketch", "sparse_dot_topn", "numpy",
                    "scipy", "PyYAML")
# The parts of faqkit whose code shapes what ingest writes (the site and the contributor checks do not).
INGEST_PACKAGES = ("core", "ingest", "dedup", "organize", "publish", "pipeline", "data")


@lru_cache(maxsize=1)
def code_version() -> str:
    """Hash of the code and data ingest runs and of the libraries' versions: a cached result is reused
    only if they made it."""
    return version_of(Path(__file__).resolve().parent.parent)


def version_of(root: Path, libraries: tuple[str, ...] = OUTPUT_LIBRARIES) -> str:
    digest = hashlib.sha256(f"python {sys.version_info[0]}.{sys.version_info[1]}\0".encode())
    for name in libraries:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}=={version}\0".encode())
    files = [p for package in INGEST_PACKAGES for p in (root / package).rglob("*")
             if p.is_file() and (package == "data" or p.suffix == ".py")]
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def cache_file(cache_dir: Path, name: str, sha256: str, kind: str = "articles") -> Path:
    key = hashlib.sha256(f"{code_version()}\0{name}\0{sha256}".encode()).hexdigest()
    return cache_dir / kind / key[:2] / f"{key}.pickle"


def load(path: Path) -> object | None:
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, ImportError):
        return None  # missing or from another version: compute again


def store(path: Path, value: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def source_digests(sources: Path, max_bytes: int) -> list[tuple[str, str | None, str]]:
    """(name, SHA-256 of its bytes or None, what was found) of every source, as ``read`` will see them."""
    found: list[tuple[str, str | None, str]] = []
    for path, name in list_sources(sources):
        try:
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > max_bytes:
                # read_source skips it without reading it (a pipe would block, a link may lead anywhere)
                found.append((name, None, f"skipped {info.st_mode} {info.st_size}"))
                continue
            with path.open("rb") as handle:
                digest = (hashlib.file_digest(handle, "sha256") if hasattr(hashlib, "file_digest")
                          else hashlib.sha256(handle.read())).hexdigest()
            found.append((name, digest, digest))
        except OSError:
            found.append((name, None, "unreadable"))
    return found


def batch_key(digests: list[tuple[str, str | None, str]], max_bytes: int, publish_all: bool = False) -> str:
    """Hash of every source's name and bytes, of the code and of the options that change the pages:
    equal keys give equal output."""
    key = hashlib.sha256(f"{code_version()}\0{max_bytes}\0{int(publish_all)}\0".encode())
    for name, _, found in digests:
        key.update(name.encode("utf-8", "surrogateescape") + b"\0" + found.encode() + b"\0")
    return key.hexdigest()


def all_cached(digests: list[tuple[str, str | None, str]], cache_dir: Path | None) -> bool:
    """Every source's processing is in the cache: the workers will need none of the dictionaries."""
    return cache_dir is not None and all(
        digest is not None and cache_file(cache_dir, name, digest).is_file() for name, digest, _ in digests)
