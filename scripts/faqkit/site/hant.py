"""The zh-Hant site's sources: docs/ and mkdocs.yml, converted to Taiwan Traditional.

* ``docs/``: every page converted (front matter prose values, as the page schema marks them, and
  Markdown prose; never file names, hashes, dates, slugs, anchors, URLs or code), other files copied as
  they are. Conversions are cached by content, so a rebuild after editing one page converts only that
  page, and only changed files are rewritten.
* ``mkdocs.yml``: INHERITs the repository's mkdocs.yml and overrides only site_name (and other
  reader-facing strings), site_url, theme.language, site_dir and the converted ``extra`` strings (plus
  the parent's relative paths, made absolute).

The conversion itself is :func:`faqkit.core.script.to_traditional` and
:func:`faqkit.core.markdown.markdown_to_traditional`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from mkdocs.utils import yaml_load

from ..core import markdown, script
from ..core.markdown import dump_meta, load_meta, markdown_to_traditional, prose_fields, split_document
from ..core.script import HANT, to_traditional

# Keys of `extra` left in the script they are written in (see mkdocs.yml).
UNCONVERTED_EXTRA_KEYS = ("own",)
# Top-level mkdocs.yml strings shown to readers.
TEXT_CONFIG_KEYS = ("site_name", "site_description", "copyright")


def _convert_entry(entry: Any) -> Any:
    """An entry of a prose list: a plain string, or a mapping whose prose keys are converted."""
    if isinstance(entry, dict):
        keys = prose_fields().entry
        return {key: to_traditional(value) if key in keys and isinstance(value, str) else value
                for key, value in entry.items()}
    return convert_strings(entry)


def front_matter_to_traditional(meta: dict[str, Any]) -> dict[str, Any]:
    """Front matter with its prose values (title, description, tags, questions, related) converted."""
    converted: dict[str, Any] = {}
    for key, value in meta.items():
        if key not in prose_fields().top:
            converted[key] = value
        elif isinstance(value, list):
            converted[key] = [_convert_entry(entry) for entry in value]
        else:
            converted[key] = convert_strings(value)
    return converted


def page_to_traditional(source: str) -> str:
    """A whole docs page (front matter + Markdown) in Traditional."""
    document = split_document(source)
    converted = markdown_to_traditional(document.body)
    if document.front is None:
        return converted
    meta = load_meta(document.front)
    if meta is None:  # not a mapping: left as it is, as the zh-Hans build meets it
        return f"---\n{document.front}---\n{converted}"
    if not meta:
        return converted
    return f"---\n{dump_meta(front_matter_to_traditional(meta))}---\n{converted}"


def conversion_fingerprint() -> str:
    """What a cached conversion depends on besides the page: the converter's code, overrides and OpenCC."""
    digest = hashlib.sha256()
    for path in (Path(script.__file__), Path(markdown.__file__), Path(__file__), script.HANT_OVERRIDES_FILE,
                 markdown.SCHEMA_FILE):
        digest.update(path.read_bytes())
    digest.update(metadata.version("opencc-python-reimplemented").encode())
    return digest.hexdigest()[:16]


def cached_page_to_traditional(source: str, cache_dir: Path) -> tuple[str, bool]:
    """(converted page, whether it was converted now): OpenCC output cached by the page's content."""
    path = cache_dir / f"{hashlib.sha256(source.encode('utf-8')).hexdigest()}.md"
    if path.is_file():
        return path.read_text(encoding="utf-8"), False
    converted = page_to_traditional(source)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # two processes may convert the same text
    temporary.write_text(converted, encoding="utf-8")
    os.replace(temporary, path)
    return converted, True


def write_traditional_docs(docs_dir: Path, target: Path, cache_root: Path) -> dict[str, int]:
    """Mirror docs_dir into target with every .md page converted.

    Only files whose content changed are written (MkDocs still builds every
    page), files that left docs_dir are removed, and conversions come from
    ``cache_root/<fingerprint>/`` when the same page was converted before
    (caches of other fingerprints are removed). Returns the number of pages
    and of pages converted now.
    """
    fingerprint = conversion_fingerprint()
    cache_dir = cache_root / fingerprint
    if cache_root.is_dir():
        for stale in cache_root.iterdir():
            if stale.name != fingerprint:
                shutil.rmtree(stale, ignore_errors=True)
    wanted: set[Path] = set()
    pages = converted = 0
    for path in sorted(docs_dir.rglob("*")):
        if path.is_dir():
            continue
        destination = target / path.relative_to(docs_dir)
        wanted.add(destination)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".md":
            text, fresh = cached_page_to_traditional(path.read_text(encoding="utf-8"), cache_dir)
            pages += 1
            converted += fresh
            if not destination.is_file() or destination.read_text(encoding="utf-8") != text:
                destination.write_text(text, encoding="utf-8")
        elif not destination.is_file() or destination.read_bytes() != path.read_bytes():
            shutil.copy2(path, destination)
    if target.is_dir():
        for stale in sorted(target.rglob("*"), reverse=True):
            if stale.is_file() and stale not in wanted:
                stale.unlink()
            elif stale.is_dir() and not any(stale.iterdir()):
                stale.rmdir()
    return {"pages": pages, "converted": converted}


def count_markdown_pages(docs_dir: Path) -> int:
    return sum(1 for _ in docs_dir.rglob("*.md"))


def convert_strings(value: Any, keep: tuple[str, ...] = ()) -> Any:
    """Convert every string inside a YAML value (str, list, dict values) to Traditional.

    Values under a dict key in ``keep`` are left as they are.
    """
    if isinstance(value, str):
        return to_traditional(value)
    if isinstance(value, list):
        return [convert_strings(item, keep) for item in value]
    if isinstance(value, dict):
        return {key: item if key in keep else convert_strings(item, keep) for key, item in value.items()}
    return value


def traditional_config(parent: dict[str, Any], parent_dir: Path, site_dir: Path) -> dict[str, Any]:
    """The zh-Hant overrides of a parent mkdocs.yml (which the result INHERITs).

    Paths in the parent are relative to the parent's folder, but MkDocs
    resolves an inherited config's paths from the child's: so the child
    restates them as absolute paths.
    """
    theme = parent.get("theme") or {}
    child: dict[str, Any] = {
        key: to_traditional(parent[key]) for key in TEXT_CONFIG_KEYS if isinstance(parent.get(key), str)
    }
    child["docs_dir"] = "docs"
    child["site_dir"] = str(site_dir)
    if parent.get("site_url"):  # canonical URLs and sitemap of the zh-Hant tree
        child["site_url"] = parent["site_url"].rstrip("/") + f"/{HANT}/"
    child["theme"] = {"language": HANT}
    if isinstance(theme, dict) and theme.get("custom_dir"):
        child["theme"]["custom_dir"] = str(parent_dir / theme["custom_dir"])
    if parent.get("hooks"):
        child["hooks"] = [str(parent_dir / hook) for hook in parent["hooks"]]
    # All of extra: its Chinese is UI text; its other values are ASCII (paths,
    # language codes), which conversion leaves as they are.
    child["extra"] = convert_strings(parent.get("extra") or {}, UNCONVERTED_EXTRA_KEYS)
    # faqkit build replaces this build's search index with the zh-Hans one converted (faqkit.site.search).
    child["extra"]["search_index_converted"] = True
    return child


def write_traditional_config(parent_file: Path, path: Path, site_dir: Path) -> Path:
    """Write the zh-Hant mkdocs.yml next to the converted docs/; returns its path."""
    with parent_file.open("rb") as stream:
        parent = yaml_load(stream)
    child = {
        "INHERIT": str(parent_file),
        **traditional_config(parent, parent_file.parent, site_dir),
    }
    header = ("# Generated by faqkit.site.hant from the mkdocs.yml it INHERITs: do not edit, "
              "`faqkit build` rewrites it.\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + yaml.safe_dump(child, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return path
