"""Rebuild a real-article corpus folder from saved search answers and a committed list.

The search tool (corpus ``pages``) answers a query with JSON: ``{"query", "results": [{"rank", "url",
"excerpt"}, ...]}``. Save each answer verbatim as one ``*.json`` file in a folder (RAW), then::

    PYTHONPATH=scripts python -m bench.gather LIST RAW OUT

writes, for every result whose URL the list names under that query, ``OUT/<sha1(url)[:12]>.json`` holding
``{"url", "query", "text"}`` (the excerpt exactly as returned), and prints the listed articles still
missing. LIST is ``bench/realworld.yaml``, ``bench/realworld_extra.yaml`` or ``bench/probe.yaml``.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import yaml


def article_id(url: str) -> str:
    return hashlib.sha1(url.encode("utf-8")).hexdigest()[:12]


def listed(list_path: Path) -> dict[tuple[str, str], str]:
    """(query, url) -> file id, for every article of a committed list."""
    articles = yaml.safe_load(list_path.read_text(encoding="utf-8"))["articles"]
    return {(a["query"], a["url"]): article_id(a["url"]) for a in articles}


def gather(wanted: dict[tuple[str, str], str], raw: Path, out: Path) -> list[tuple[str, str]]:
    """Write the ``wanted`` articles (:func:`listed`) found in the saved answers; return the (query, url)
    still missing."""
    out.mkdir(parents=True, exist_ok=True)
    found: set[tuple[str, str]] = set()
    for answer_path in sorted(raw.glob("*.json")):
        answer = json.loads(answer_path.read_text(encoding="utf-8"))
        query = answer["query"]
        for result in answer.get("results", []):
            key = (query, result.get("url"))  # a result whose address is unknown has none
            if key not in wanted:
                continue
            record = {"url": result["url"], "query": query, "text": result["excerpt"]}
            (out / f"{wanted[key]}.json").write_text(
                json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
            )
            found.add(key)
    return sorted(set(wanted) - found)


def cli(argv: list[str]) -> int:
    # not named main: bench's runner treats a module with main as a benchmark
    if len(argv) != 3:
        print(__doc__)
        return 2
    wanted = listed(Path(argv[0]))
    missing = gather(wanted, Path(argv[1]), Path(argv[2]))
    total = len(wanted)
    print(f"{total - len(missing)} of {total} listed articles written to {argv[2]}")
    for query, url in missing:
        print(f"missing: {query}\t{url}")
    return 0


if __name__ == "__main__":
    sys.exit(cli(sys.argv[1:]))
