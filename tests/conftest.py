"""Shared fixtures: the real seed articles, ingested once per test session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from faqkit import pipeline

ROOT = Path(__file__).resolve().parents[1]

pytest_plugins = ["tests.conftest_site"]
SOURCES = ROOT / "sources"
SEED_NAMES = sorted(p.name for p in SOURCES.iterdir() if p.is_file())


def require_chromium(chromium: Path) -> None:
    """Skip a real-browser test where Debian's chromium is missing, except under `make test` and CI
    (FAQKIT_REQUIRE_BROWSER=1), which install it: there a missing browser fails instead of passing quietly."""
    if chromium.is_file() and shutil.which(str(chromium)):
        return
    message = f"{chromium} is missing (`make chromium` installs Debian's chromium)"
    if os.environ.get("FAQKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)



@pytest.fixture(scope="session")
def ingest_result(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pipeline.IngestResult]:
    docs = tmp_path_factory.mktemp("ingest") / "docs"
    result = pipeline.ingest(SOURCES, docs, today="2026-01-01", progress=False)
    return docs, result


@pytest.fixture(scope="session")
def ingested_docs(ingest_result: tuple[Path, pipeline.IngestResult]) -> Path:
    """A temp docs/ tree produced by ``faqkit ingest`` from the project's sources/ (read-only: copy it)."""
    return ingest_result[0]


@pytest.fixture
def docs_copy(ingested_docs: Path, tmp_path: Path) -> Path:
    target = tmp_path / "docs"
    shutil.copytree(ingested_docs, target)
    return target
