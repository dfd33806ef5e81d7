"""Stage ``clean``: content-farm furniture, spam and personal data out of the canonical text, then the
farms' wording undone.

What counts as furniture lives in ``data/boilerplate.yaml`` so that reviewers can read and extend it;
this module only applies it. Every removal is recorded as a :class:`Change`; a heading label such as
小编导语 or 小编总结 is replaced by a role marker that ``segment`` understands.

Then, on what is left: spun phrases that break meaning are reversed (``data/spin_reversals.yaml``), and
every 《…》 citation of a law is checked against ``data/laws.yaml``; an unknown one is flagged and marked
on the page with the note that file gives, so that readers do not take it on trust.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..core.data import data
from ..core.records import Change
from ..core.text import split_sentences

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
    text = "\n".join(out).strip() + "\n"
    text, spin_changes = reverse_spin(text)
    text, law_changes = check_citations(text)
    return text, changes + spin_changes + law_changes


# ---------------------------------------------------------------------------------------------- spin

@lru_cache(maxsize=1)
def spin_rules() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    rules = (data("spin_reversals.yaml") or {}).get("reversals") or []
    return tuple((r["name"], re.compile(r["pattern"]), r["replace"]) for r in rules)


def reverse_spin(text: str) -> tuple[str, list[Change]]:
    """Undo the synonym swaps that break a sentence (之一步 -> 第一步), each in the context its rule names."""
    changes: list[Change] = []
    for name, pattern, repl in spin_rules():
        def record(m: re.Match[str], name: str = name, repl: str = repl) -> str:
            changes.append(Change("spin", name, m.start(), m.group(0), repl))
            return repl
        text = pattern.sub(record, text)
    return text, changes


# ------------------------------------------------------------------------------------------- citations

# 《…》, also with one nested title inside (关于适用《中华人民共和国民事诉讼法》的解释).
_CITATION = re.compile(r"《((?:[^《》\n]|《[^《》\n]*》){2,80})》")
_PRC = "中华人民共和国"


@dataclass(frozen=True)
class LawList:
    titles: frozenset[str]
    suffixes: tuple[str, ...]
    note: str


@lru_cache(maxsize=1)
def law_list() -> LawList:
    found = data("laws.yaml") or {}
    titles = set()
    for title in found.get("laws") or []:
        titles.add(title)
        titles.add(title.removeprefix(_PRC))
    return LawList(frozenset(titles), tuple(found.get("law_suffixes") or ()), found.get("note", ""))


def check_citations(text: str) -> tuple[str, list[Change]]:
    """Flag and mark every cited law or regulation that is not on the reviewed list.

    Only titles that name a law are checked (a book such as 《互联网金融发展报告》 is not); the mark is
    the list's note right after the citation, added once.
    """
    laws = law_list()
    changes: list[Change] = []
    out: list[str] = []
    pos = 0
    for m in _CITATION.finditer(text):
        title = re.sub(r"\s+", "", m.group(1))
        if not title.endswith(laws.suffixes) or title in laws.titles or title.removeprefix(_PRC) in laws.titles:
            continue
        out.append(text[pos:m.end()])
        pos = m.end()
        if not text.startswith(laws.note, m.end()):
            out.append(laws.note)
        changes.append(Change("law", "unverified-citation", m.start(), m.group(0), m.group(0) + laws.note,
                              applied=False))
    out.append(text[pos:])
    return "".join(out), changes
