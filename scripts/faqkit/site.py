"""Build the site in both scripts: zh-Hans from mkdocs.yml, zh-Hant derived from it.

zh-Hans is docs/ built with the repository's mkdocs.yml into ``site_dir``.
zh-Hant is generated under ``<build_dir>/zh-Hant/``:

* ``docs/``: every docs page converted with :mod:`faqkit.hant` (front matter
  text values and Markdown prose; never file names, hashes, dates, slugs,
  URLs or code), other files copied as they are;
* ``jieba_user_dict.txt``: the words jieba finds in the Simplified docs, in
  their Traditional form, so that Material's build-time segmentation cuts the
  Traditional pages into the same words (jieba's dictionary is Simplified);
* ``mkdocs.yml``: INHERITs the repository's mkdocs.yml and overrides only
  site_name (and other reader-facing strings), theme.language, site_dir,
  the converted ``extra`` strings and the search plugin's
  ``jieba_dict_user`` (plus the parent's relative paths, made absolute);

and built into ``<site_dir>/zh-Hant/``. Both builds run offline.
"""

from __future__ import annotations

import logging
import re
import shutil
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jieba
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.utils import yaml_load

from .hant import markdown_to_traditional, to_traditional

HANT = "zh-Hant"

# Front matter values that are prose (see the docs/ contract); the rest are
# slugs, file names, hashes and dates and stay as they are.
TEXT_FRONT_MATTER_KEYS = ("title", "description", "tags", "questions")

# Top-level mkdocs.yml strings shown to readers.
TEXT_CONFIG_KEYS = ("site_name", "site_description", "copyright")

# Same delimiters as MkDocs' own front matter reader (mkdocs.utils.meta).
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)

# Runs of Han characters: what Material hands to jieba.
_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


class SiteBuildError(RuntimeError):
    """An MkDocs build failed (in strict mode: warned); the message lists MkDocs' warnings."""


def build_site(
    root: Path,
    docs_dir: Path,
    site_dir: Path,
    *,
    strict: bool = True,
    build_dir: Path | None = None,
) -> dict[str, Any]:
    """Build zh-Hans into ``site_dir`` and zh-Hant into ``site_dir/zh-Hant``.

    ``root`` holds mkdocs.yml; the zh-Hant sources go to ``build_dir/zh-Hant``
    (default ``root/build``). Returns figures: pages and seconds per script,
    the jieba user-dictionary size, and MkDocs' warnings per script (always
    empty when strict, as a warning then fails the build).
    Raises :class:`SiteBuildError`, naming the config and MkDocs' warnings,
    when a build fails.
    """
    root, docs_dir, site_dir = root.resolve(), docs_dir.resolve(), site_dir.resolve()
    hant_dir = (build_dir.resolve() if build_dir else root / "build") / HANT
    config_file = root / "mkdocs.yml"
    started = time.perf_counter()

    # zh-Hans first: it cleans site_dir, which holds the zh-Hant tree.
    hans_warnings = run_mkdocs(config_file, strict=strict, docs_dir=str(docs_dir), site_dir=str(site_dir))
    hans_seconds = time.perf_counter() - started

    hant_docs = hant_dir / "docs"
    pages = write_traditional_docs(docs_dir, hant_docs)
    user_dict = hant_dir / "jieba_user_dict.txt"
    words = write_jieba_user_dict(iter_markdown_texts(docs_dir), user_dict)
    hant_config = write_traditional_config(config_file, hant_dir / "mkdocs.yml", site_dir / HANT, user_dict)
    hant_warnings = run_mkdocs(hant_config, strict=strict)
    total_seconds = time.perf_counter() - started

    return {
        "pages": {"zh-Hans": pages, HANT: count_markdown_pages(hant_docs)},
        "jieba_user_words": words,
        "warnings": {"zh-Hans": hans_warnings, HANT: hant_warnings},
        "seconds": {
            "zh-Hans": round(hans_seconds, 2),
            HANT: round(total_seconds - hans_seconds, 2),
            "total": round(total_seconds, 2),
        },
    }


def run_mkdocs(config_file: Path, *, strict: bool, **overrides: str) -> list[str]:
    """``mkdocs build [--strict]`` in-process, as MkDocs' own CLI does it; returns its warnings."""
    with mkdocs_warnings() as warnings:
        try:
            config = load_config(config_file=str(config_file), strict=strict, **overrides)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
        except Abort as error:
            # MkDocs' Abort is a silent SystemExit: say which build failed and why.
            raise SiteBuildError("\n  ".join([f"{config_file}: {error}", *warnings])) from error
    return warnings


class _MessageCollector(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


@contextmanager
def mkdocs_warnings() -> Iterator[list[str]]:
    """Collect the warnings MkDocs logs meanwhile (without a logging setup they would not show)."""
    collected: list[str] = []
    handler = _MessageCollector(collected)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield collected
    finally:
        logger.removeHandler(handler)


# --- zh-Hant docs -------------------------------------------------------------


def split_front_matter(source: str) -> tuple[dict[str, Any], str]:
    """(front matter, body) of a Markdown page; empty front matter when it has none."""
    match = _FRONT_MATTER.match(source)
    if not match:
        return {}, source
    meta = yaml.safe_load(match.group(1))
    return (meta if isinstance(meta, dict) else {}), source[match.end() :]


def front_matter_to_traditional(meta: dict[str, Any]) -> dict[str, Any]:
    """Front matter with its prose values (title, description, tags, questions) converted."""
    return {key: convert_strings(value) if key in TEXT_FRONT_MATTER_KEYS else value for key, value in meta.items()}


def page_to_traditional(source: str) -> str:
    """A whole docs page (front matter + Markdown) in Traditional."""
    meta, body = split_front_matter(source)
    converted = markdown_to_traditional(body)
    if not meta:
        return converted
    front = yaml.safe_dump(front_matter_to_traditional(meta), allow_unicode=True, sort_keys=False, width=1000)
    return f"---\n{front}---\n{converted}"


def write_traditional_docs(docs_dir: Path, target: Path) -> int:
    """Mirror docs_dir into target with every .md page converted; returns the number of pages."""
    if target.exists():
        shutil.rmtree(target)
    pages = 0
    for path in sorted(docs_dir.rglob("*")):
        destination = target / path.relative_to(docs_dir)
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
        elif path.suffix == ".md":
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_text(page_to_traditional(path.read_text(encoding="utf-8")), encoding="utf-8")
            pages += 1
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, destination)
    return pages


def count_markdown_pages(docs_dir: Path) -> int:
    return sum(1 for _ in docs_dir.rglob("*.md"))


def iter_markdown_texts(docs_dir: Path) -> Iterable[str]:
    for path in sorted(docs_dir.rglob("*.md")):
        yield path.read_text(encoding="utf-8")


# --- zh-Hant search -----------------------------------------------------------


def traditional_word_frequencies(texts: Iterable[str]) -> dict[str, int | None]:
    """Traditional form of every word jieba cuts from the Simplified texts -> jieba frequency.

    The frequency is the Simplified word's, so jieba weighs the Traditional
    word the same way; None (jieba then suggests one) for words that its
    HMM found and its dictionary lacks.
    """
    jieba.initialize()
    words = {word for text in texts for run in _HAN_RUN.findall(text) for word in jieba.cut(run)}
    frequencies: dict[str, int | None] = {}
    for word in sorted(words):  # each distinct word converted once
        traditional = to_traditional(word)
        frequency = jieba.dt.FREQ.get(word) or None
        known = frequencies.get(traditional)
        frequencies[traditional] = max(filter(None, (known, frequency)), default=None)
    return frequencies


def format_jieba_user_dict(frequencies: dict[str, int | None]) -> str:
    """jieba user-dictionary lines: ``word [frequency]``."""
    lines = (word if frequency is None else f"{word} {frequency}" for word, frequency in sorted(frequencies.items()))
    return "".join(f"{line}\n" for line in lines)


def write_jieba_user_dict(texts: Iterable[str], path: Path) -> int:
    """Write the zh-Hant jieba user dictionary for these Simplified texts; returns its number of words."""
    frequencies = traditional_word_frequencies(texts)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_jieba_user_dict(frequencies), encoding="utf-8")
    return len(frequencies)


# --- zh-Hant config -----------------------------------------------------------


def convert_strings(value: Any) -> Any:
    """Convert every string inside a YAML value (str, list, dict values) to Traditional."""
    if isinstance(value, str):
        return to_traditional(value)
    if isinstance(value, list):
        return [convert_strings(item) for item in value]
    if isinstance(value, dict):
        return {key: convert_strings(item) for key, item in value.items()}
    return value


def with_search_option(plugins: list[Any] | dict[str, Any], option: str, value: Any) -> list[Any]:
    """The plugins list with ``option`` set on the search plugin (added when it is missing)."""
    entries = (
        list(plugins.items())
        if isinstance(plugins, dict)
        else [next(iter(entry.items())) if isinstance(entry, dict) else (entry, None) for entry in plugins]
    )
    result: list[Any] = []
    for name, options in entries:
        if name in ("search", "material/search"):
            options = {**(options or {}), option: value}
        result.append({name: options} if options else name)
    if not any(name in ("search", "material/search") for name, _ in entries):
        result.append({"search": {option: value}})
    return result


def traditional_config(parent: dict[str, Any], parent_dir: Path, site_dir: Path, user_dict: Path) -> dict[str, Any]:
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
    child["plugins"] = with_search_option(parent.get("plugins") or ["search"], "jieba_dict_user", str(user_dict))
    # All of extra: its Chinese is UI text; its other values are ASCII (paths,
    # language codes), which conversion leaves as they are.
    child["extra"] = convert_strings(parent.get("extra") or {})
    return child


def write_traditional_config(parent_file: Path, path: Path, site_dir: Path, user_dict: Path) -> Path:
    """Write the zh-Hant mkdocs.yml next to the converted docs/; returns its path."""
    with parent_file.open("rb") as stream:
        parent = yaml_load(stream)
    child = {
        "INHERIT": str(parent_file),
        **traditional_config(parent, parent_file.parent, site_dir, user_dict),
    }
    header = "# Generated by faqkit.site from the mkdocs.yml it INHERITs: do not edit, `faqkit build` rewrites it.\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + yaml.safe_dump(child, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return path
