"""Both scripts built with ``mkdocs build --strict``; each warning a finding on the page it names."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from .pages import Finding


def check_build(docs_dir: Path, root: Path, shown_docs: str) -> list[Finding]:
    """Both scripts with ``mkdocs build --strict``; each warning becomes a finding on the page it names."""
    from ..site import build as site

    with tempfile.TemporaryDirectory(prefix="faqkit-check-") as tmp:
        try:
            site.build_site(root, docs_dir, Path(tmp) / "site", strict=True, build_dir=Path(tmp) / "build")
        except site.SiteBuildError as error:
            messages = str(error).split("\n  ")
            warnings = [m for m in messages[1:] if m.strip()] or messages[:1]
            return [_build_finding(message.strip(), docs_dir, shown_docs) for message in warnings]
    return []


def _build_finding(message: str, docs_dir: Path, shown_docs: str) -> Finding:
    """A MkDocs warning on the page and line it names (the line holding the link it complains about)."""
    named = re.search(r"[Dd]oc file '([^']+)'", message)
    if not named:
        return Finding("mkdocs.yml", 1, "build", message, "本地运行 `faqkit build` 复现，按 MkDocs 的提示修改")
    line = 1
    link = re.search(r"contains a link '([^']+)'", message)
    page = docs_dir / named.group(1)
    if link and page.is_file():
        for number, text in enumerate(page.read_text(encoding="utf-8").split("\n"), 1):
            if link.group(1) in text:
                line = number
                break
    return Finding(f"{shown_docs}/{named.group(1)}", line, "build", message,
                   "按 MkDocs 的提示修改这一页；本地运行 `faqkit build` 可以复现")
