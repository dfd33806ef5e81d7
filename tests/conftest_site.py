"""Site fixtures: the real ingested docs built once per session in both scripts.

Registered from tests/conftest.py with ``pytest_plugins = ["tests.conftest_site"]``
(needs the ``ingested_docs`` fixture defined there).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from faqkit.site.build import build_site

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class BuiltSite:
    docs: Path  # the Simplified docs/ it was built from
    site: Path  # zh-Hans at the root, zh-Hant in site/zh-Hant
    build: Path  # build/ with zh-Hant/{docs,mkdocs.yml,jieba_user_dict.txt}
    figures: dict[str, Any]

    @property
    def hans(self) -> Path:
        return self.site

    @property
    def hant(self) -> Path:
        return self.site / "zh-Hant"


@pytest.fixture(scope="session")
def built_site(ingested_docs: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """``faqkit build`` (strict) of the ingested docs into a temp folder, once per session."""
    out = tmp_path_factory.mktemp("built-site")
    site, build = out / "site", out / "build"
    figures = build_site(ROOT, ingested_docs, site, strict=True, build_dir=build)
    return BuiltSite(docs=ingested_docs, site=site, build=build, figures=figures)
