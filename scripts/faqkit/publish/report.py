"""The ingest report: every repair, removal and flag counted, every page and merge listed, and every
article's relevance and jurisdiction with the evidence (the articles not published with the reason).

``build/ingest-report.txt`` for people, ``.json`` for tools; like the pages, it depends only on the
sources, never on the run.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..core.records import JUDGEMENTS
from .docs import IngestResult, write_atomic


def report_data(result: IngestResult) -> dict[str, Any]:
    counts: Counter[str] = Counter(result.change_counts)
    flags = []
    jurisdictions = []
    for name, changes in sorted(result.changes.items()):
        for change in changes:
            key = f"{change.kind}/{change.fix}"
            if change.kind == "jurisdiction":
                jurisdictions.append({"file": name, "jurisdiction": change.fix, "reason": change.after,
                                      "evidence": change.before})
            if change.kind in JUDGEMENTS:
                continue
            if change.applied:
                counts[key] += 1
            else:
                counts[f"flagged:{key}"] += 1
                flags.append({"source": name, "kind": change.kind, "fix": change.fix,
                              "position": change.position, "text": change.before})
    return {
        "files_read": result.files_read,
        "articles": sum(len(c) for c in result.clusters),
        "skipped": [{"file": p.name, "reason": p.message} for p in result.problems],
        # Read, judged advert or off-topic, and not published (empty under --publish-all).
        "not_published": [{"file": w.name, "relevance": w.relevance, "reason": w.why} for w in result.withheld],
        "jurisdictions": jurisdictions,
        "clusters": result.clusters,
        "duplicates_merged": result.duplicates_merged,
        "changes_by_kind": dict(sorted(counts.items())),
        "flags": flags,
        "kept_edited": result.kept_edited,
        "review": result.review,
        "kept_without_source": result.kept_without_source,
        "pages": [{"path": p.path, "title": p.title, "questions": len(p.entries),
                   "sources": [s for s, _ in p.sources], "articles": list(p.articles)} for p in result.pages],
        "questions": sum(len(p.entries) for p in result.pages),
        "question_merges": [{"page": path, "question": question, "sources": list(sources)}
                            for path, question, sources in result.question_merges],
        # Every section that was merged with another one: (article, index of its section in the article).
        "merged_sections": [[list(member) for member in group]
                            for group in result.question_groups if len(group) > 1],
    }


def report_text(data: dict[str, Any]) -> str:
    """The report as text; like the JSON, it depends only on the sources, never on the run."""
    lines = [
        "faqkit ingest report",
        f"files read:         {data['files_read']}",
        f"articles ingested:  {data['articles']}",
        f"files skipped:      {len(data['skipped'])}",
    ]
    lines += [f"  - {s['file']}: {s['reason']}" for s in data["skipped"]]
    lines.append(f"not published:      {len(data['not_published'])} adverts or off-topic "
                 "(faqkit ingest --publish-all publishes them)")
    lines += [f"  - {w['file']}: {w['reason']}" for w in data["not_published"]]
    found = Counter(j["jurisdiction"] for j in data["jurisdictions"])
    lines.append("jurisdiction:       " + (", ".join(f"{found[name]} {name}" for name in sorted(found)) or "none"))
    lines += [f"  - {j['file']}: {j['reason']}" + (f" <- {j['evidence']}" if j["evidence"] else "")
              for j in data["jurisdictions"]]
    lines.append(f"duplicates merged:  {data['duplicates_merged']} "
                 f"({len(data['clusters'])} clusters)")
    lines.append("repairs and removals by kind:")
    lines += [f"  {key:<40} {n}" for key, n in data["changes_by_kind"].items()]
    lines.append(f"flagged for review: {len(data['flags'])}")
    lines += [f"  - {f['source']} [{f['kind']}/{f['fix']}] {f['text'][:60]!r}" for f in data["flags"]]
    lines.append(f"pages:              {len(data['pages'])} FAQ pages, {data['questions']} questions")
    lines += [f"  - {p['path']}: {p['title']} ({p['questions']} questions) <- {', '.join(p['sources'])}"
              for p in data["pages"]]
    lines.append(f"questions merged:   {len(data['question_merges'])} answered once from several articles")
    lines += [f"  - {m['page']}: {m['question']} <- {', '.join(m['sources'])}" for m in data["question_merges"]]
    if data["kept_edited"]:
        lines.append("edited by hand, left as they are (review the new material by hand):")
        lines += [f"  - {rel}" + (f" (new material: review/{rel})" if rel in data["review"] else "")
                  for rel in data["kept_edited"]]
    if data["kept_without_source"]:
        lines.append("edited by hand, kept though no source makes them any more:")
        lines += [f"  - {rel}" for rel in data["kept_without_source"]]
    return "\n".join(lines) + "\n"


def write_report(result: IngestResult, report_path: Path) -> str:
    data = report_data(result)
    text = report_text(data)
    report_path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(report_path.with_suffix(".json"),
                 json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n")
    write_atomic(report_path.with_suffix(".txt"), text)
    return text
