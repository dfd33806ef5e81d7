"""Stage ``clean``: content-farm furniture, spam and personal data out of the canonical text.

What counts as furniture lives in ``data/boilerplate.yaml`` so that reviewers can read and extend it;
this module only applies it. Every removal is recorded as a :class:`Change`; a heading label such as
小编导语 or 小编总结 is replaced by a role marker that ``segment`` understands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import data
from .record import Change
from .textutil import split_sentences

ROLE_MARKER = "\x00role:"  # a line "\x00role:intro" marks where the farm's 导语/总结 label stood


@dataclass(frozen=True)
class Rules:
    drop_lines: tuple[tuple[str, re.Pattern[str]], ...]
    footer_starts: tuple[tuple[str, re.Pattern[str]], ...]
    heading_labels: tuple[tuple[str, re.Pattern[str]], ...]
    drop_sentences: tuple[tuple[str, re.Pattern[str]], ...]
    pii: tuple[tuple[str, re.Pattern[str]], ...]


def _compile(section: dict[str, str] | None) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(pattern)) for name, pattern in (section or {}).items())


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    rules = data("boilerplate.yaml")
    return Rules(*(_compile(rules.get(key)) for key in
                   ("drop_lines", "footer_starts", "heading_labels", "drop_sentences", "pii")))


def _clean_line(line: str, rules: Rules, offset: int, changes: list[Change]) -> str:
    for name, pattern in rules.pii:
        for m in pattern.finditer(line):
            changes.append(Change("pii", name, offset + m.start(), m.group(0), ""))
        line = pattern.sub("", line)
    kept = []
    for sentence in split_sentences(line):
        hit = next((name for name, p in rules.drop_sentences if p.search(sentence)), None)
        if hit and sentence:
            changes.append(Change("boilerplate", hit, offset, sentence, ""))
        else:
            kept.append(sentence)
    return "".join(kept).strip()


def _starts_footer(lines: list[str], index: int) -> bool:
    """相关阅读 and the like end an article when they stand in its last part or only a list follows."""
    after = [line for line in lines[index + 1:] if line.strip()]
    return index >= 0.6 * len(lines) or all(len(line) <= 40 for line in after)


def clean(text: str, rules: Rules | None = None) -> tuple[str, list[Change]]:
    rules = rules or load_rules()
    changes: list[Change] = []
    out: list[str] = []
    offset = 0
    lines = text.split("\n")
    for index, line in enumerate(lines):
        here = offset
        offset += len(line) + 1
        footer = next((name for name, p in rules.footer_starts if p.search(line)), None)
        if footer and _starts_footer(lines, index):
            rest = "\n".join(lines[index:]).strip()
            changes.append(Change("boilerplate", footer, here, rest, ""))
            break
        if footer:
            # The same words inside the article: only the line itself is furniture.
            changes.append(Change("boilerplate", f"{footer}-line", here, line, ""))
            continue
        dropped = next((name for name, p in rules.drop_lines if p.search(line)), None)
        if dropped:
            changes.append(Change("boilerplate", dropped, here, line, ""))
            continue
        role = next((name for name, p in rules.heading_labels if p.search(line)), None)
        if role:
            changes.append(Change("boilerplate", f"label-{role}", here, line, ""))
            out.append(ROLE_MARKER + role)
            continue
        cleaned = _clean_line(line, rules, here, changes)
        if line.strip() and not cleaned:
            continue
        out.append(cleaned)
    return "\n".join(out).strip() + "\n", changes
