"""The reviewable data files of ``faqkit/data/``: parsed once per process, read-only.

Knowledge lives there, not in code: word lists, patterns, thresholds a reviewer may question, the
site's own words (``site.yaml``) and the limits every stage and check shares (``limits.yaml``).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


@cache
def data(name: str) -> Any:
    """A data file of ``faqkit/data/``, parsed once per process (treat it as read-only)."""
    return yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))


def site_text() -> dict[str, Any]:
    """The site's own words: its name, description and the fixed text of the pages ingest writes."""
    return data("site.yaml")


def places(jurisdictions: Iterable[str]) -> str:
    """Jurisdictions in the site's words (site.yaml): their labels joined (中国大陆和台湾地区)."""
    words = site_text()
    return words["not_for"]["joiner"].join(str(words["jurisdictions"].get(j, {}).get("label", j))
                                           for j in jurisdictions)


def limit(name: str) -> int:
    """A limit shared by ingest, ``faqkit check`` and the page schema (``limits.yaml``)."""
    return int(data("limits.yaml")[name])


# mkdocs.yml names these (``!!python/name:faqkit.core.data.SITE_NAME``), so that the site's name and
# description have one home, data/site.yaml; read when first asked for.
_SITE_CONSTANTS = {"SITE_NAME": "name", "SITE_DESCRIPTION": "description", "RELATED_HEADING": "related_heading",
                   "JURISDICTION_LABELS": "jurisdictions"}


def __getattr__(name: str) -> Any:
    if name == "JURISDICTION_LABELS":  # jurisdiction -> its label in navigation (a copy: mkdocs.yml's to keep)
        return {key: str(value["label"]) for key, value in site_text()["jurisdictions"].items()}
    if name in _SITE_CONSTANTS:
        return str(site_text()[_SITE_CONSTANTS[name]])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
