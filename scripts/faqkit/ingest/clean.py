"""Stage ``clean``: content-farm furniture, spam and personal data out of the canonical text, then the
farms' wording undone.

What counts as furniture lives in ``data/boilerplate.yaml`` so that reviewers can read and extend it;
this module only applies it: whole lines (breadcrumbs, bylines, datelines, counters, menus …), furniture
inside a line (citation markers, image credits, a dateline glued to a headline), footers and listings
that end the article where they start, tables of contents. Every removal is recorded as a
:class:`Change`; a heading label such as 小编导语 or 小编总结 is replaced by a role marker that
``segment`` understands. A line that says again what the line before it said is taken once, and the end
of an excerpt cut mid-sentence goes (``cut-off``), never the headline.

Then, on what is left: spun phrases that break meaning are reversed (``data/spin_reversals.yaml``), and
every 《…》 citation of a law is checked against ``data/laws.yaml``; an unknown one is flagged and marked
on the page with the note that file gives, so that readers do not take it on trust.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..core.data import data
from ..core.furniture import Patterns, Rules, load_rules
from ..core.prefilter import may_match
from ..core.records import Change
from ..core.text import COMPLETE_END, LIST_BULLET, MAX_HEADING_LINE, is_bare_heading, split_sentences
from ..core.typography import order_quotes

ROLE_MARKER = "\x00role:"  # a line "\x00role:intro" marks where the farm's 导语/总结 label stood


# The space a removed address or number stood after, left before the punctuation that followed it.
_SPACE_BEFORE_PUNCT = re.compile(r"[ \t]+(?=[，。、；：？！）”])")
# Brackets a removal emptied, or left holding only the label of what was removed (「电邮地址：」).
_EMPTIED_BRACKETS = re.compile(r"[ \t]*(?:[（(][^（()）]{0,8}[:：]?[ \t]*[)）]|「[^「」]{0,8}[:：]?[ \t]*」|"
                               r"『[^『』]{0,8}[:：]?[ \t]*』|【[ \t]*】|“[ \t]*”)")


def _emptied_brackets(line: str, before: str) -> str:
    """``line`` without the brackets a removal emptied: where ``before`` had more inside them."""
    return _EMPTIED_BRACKETS.sub(lambda m: "" if m.group(0).strip() not in before else m.group(0), line)


def _without(pattern: re.Pattern[str], line: str) -> tuple[str, list[re.Match[str]]]:
    """``line`` without the matches of ``pattern`` (as ``pattern.sub("", line)``), and the matches: one
    search where finding them and then removing them took two."""
    found = list(pattern.finditer(line))
    if not found:
        return line, found
    ends = [0, *(end for m in found for end in (m.start(), m.end())), len(line)]
    return "".join(line[ends[i]:ends[i + 1]] for i in range(0, len(ends), 2)), found


def _remove_each(line: str, rules: Patterns, here: Patterns, kind: str, offset: int,
                 changes: list[Change]) -> tuple[str, bool]:
    """``line`` without the matches of each of ``rules`` in turn, and whether any went. While nothing has
    gone the line is a part of the article and only ``here``'s rules (those that may match in it:
    :meth:`Rules.within`) are searched; a removal joins text anew, so every rule after it is searched."""
    possible = {name for name, _ in here}
    removed = False
    for name, pattern in rules:
        if not removed and name not in possible:
            continue
        line, found = _without(pattern, line)
        if found:
            changes += [Change(kind, name, offset + m.start(), m.group(0), "") for m in found]
            removed = True
    return line, removed


def _clean_line(line: str, rules: Rules, offset: int, changes: list[Change], here: Rules | None = None) -> str:
    """``line`` without personal data and furniture sentences. ``here``: ``rules`` narrowed to the article
    that ``line`` is an unchanged part of (:meth:`Rules.within`), or None."""
    here = here or rules
    line, removed = _remove_each(line, rules.pii, here.pii, "pii", offset, changes)
    if removed:
        line = _SPACE_BEFORE_PUNCT.sub("", line)
    sentence_rules = rules.drop_sentences if removed else here.drop_sentences
    kept = []
    for sentence in split_sentences(line):
        hit = sentence_rules.first(sentence)
        if hit and sentence:
            changes.append(Change("boilerplate", hit, offset, sentence, ""))
        else:
            kept.append(sentence)
    return "".join(kept).strip()


def _strip_inline(line: str, rules: Rules, offset: int, changes: list[Change], here: Rules | None = None) -> str:
    return _remove_each(line, rules.strip_inline, (here or rules).strip_inline, "boilerplate", offset, changes)[0]


_SPLIT_MARK = "\x00split:"


def _furniture_line(line: str, rules: Rules, seen: dict[str, str | None]) -> str | None:
    """The drop_lines rule ``line`` matches, as itself or without its list marker; ``seen`` holds the lines
    already looked at (each is looked at while splitting lines and again while cleaning them)."""
    if line not in seen:
        seen[line] = rules.drop_lines.first(line, _unmarked(line))
    return seen[line]


def _split_lines(text: str, rules: Rules, changes: list[Change], seen: dict[str, str | None]) -> list[str]:
    """The text's lines, a line split where a dateline stands between a headline and its text. A line
    that is furniture as a whole (发布日期：2025-03-10 09:30 浏览次数：) is left whole, for the line rules."""
    lines: list[str] = []
    offset = 0
    for line in text.split("\n"):
        here, offset = offset, offset + len(line) + 1
        if _furniture_line(line, rules, seen):
            lines.append(line)
            continue
        for name, pattern in rules.split_at:
            found = next((m for m in pattern.finditer(line)
                          if line[:m.start()].strip() and line[m.end():].strip()), None)
            if found:
                changes.append(Change("boilerplate", name, here + found.start(), found.group(0), "\n"))
                lines += [line[:found.start()], _SPLIT_MARK + line[found.end():]]
                break
        else:
            lines.append(line)
    return lines


def _starts_footer(lines: list[str], index: int) -> bool:
    """相关阅读 and the like end an article when they stand in its last part or only a list follows."""
    after = [line for line in lines[index + 1:] if line.strip()]
    return index >= 0.6 * len(lines) or all(len(line) <= 40 for line in after)


def _without_bullet(line: str) -> str:
    return line[len(LIST_BULLET):] if line.startswith(LIST_BULLET) else line


_LIST_NUMBER = re.compile(r"^\d{1,2}[.、．]\s*")


def _unmarked(line: str) -> str:
    """A line without the marker of the list item it is (• or 1.): a menu's entries are often a list."""
    return _LIST_NUMBER.sub("", _without_bullet(line))


_NOT_WORDS = re.compile(r"[\s。，、；：？！…“”‘’（）《》「」【】.,;:?!()\-*•]|^\d{1,2}[.、．]")


def _key(line: str) -> str:
    """A line as its words: two lines with the same key say the same thing."""
    return _NOT_WORDS.sub("", _without_bullet(line))


# A list is the page's table of contents without its label when it holds at least CONTENTS_MIN_ITEMS
# short items (no sentence in them) and its first CONTENTS_MIN_REPEATED items each stand again further
# down as a line of their own (the headings they point to; an excerpt cut short may hold only those).
CONTENTS_MIN_ITEMS = 3
CONTENTS_MIN_REPEATED = 2
_CONTENTS_ITEM = re.compile(rf"^\s*(?:{re.escape(LIST_BULLET)}|\d{{1,2}}[.、．]\s*)")


def _unlabeled_contents(lines: list[str], start: int) -> int:
    """How many lines from ``start`` (blank ones between items included) are a table of contents that
    no label announces, or 0."""
    if (start and _CONTENTS_ITEM.match(lines[start - 1])) or not _CONTENTS_ITEM.match(lines[start]):
        return 0
    items, end = [], start
    for index in range(start, len(lines)):
        if _CONTENTS_ITEM.match(lines[index]):
            items.append(index)
            end = index + 1
        elif lines[index].strip():
            break
    entries = [_CONTENTS_ITEM.sub("", lines[i]).strip() for i in items]
    if len(entries) < CONTENTS_MIN_ITEMS or any(len(e) > MAX_HEADING_LINE or re.search(r"[。，；！？]", e)
                                                for e in entries):
        return 0
    later = {_key(line) for line in lines[end:] if not _CONTENTS_ITEM.match(line)}
    return end - start if all(_key(e) in later for e in entries[:CONTENTS_MIN_REPEATED]) else 0


def _contents_entries(lines: list[str], start: int) -> int:
    """How many lines from ``start`` list entries of a table of contents: each repeats a line further
    down (the heading it points to); the first line that does not ends the list, unless the article
    starts again with the first entry further down and only entry-like lines (that say nothing: no clause
    ends in them) stand before it: the entries of the parts an excerpt was cut before (4.2 信用影响 …
    7. 小编总结 above 1. 小编导语) are entries too."""
    index = start
    while index < len(lines):
        key = _key(lines[index])
        if key and not any(_key(later) == key for later in lines[index + 1:]):
            break
        index += 1
    # The first entry, if any line before ``index`` was one (blank lines have no key and are no entry).
    first = next((key for key in map(_key, lines[start:index]) if key), "")
    if first and index < len(lines):
        body = next((j for j in range(index + 1, len(lines)) if _key(lines[j]) == first), None)
        if body is not None and not any(says_something(line.strip()) for line in lines[index:body]):
            index = body
    return index - start


def clean(text: str, rules: Rules | None = None) -> tuple[str, list[Change]]:
    rules = rules or load_rules()
    # The rules that may match in this article at all: every line and sentence cut from it unchanged is
    # searched with these only; what a removal changed, with all of them.
    here_rules = rules.within(text)
    changes: list[Change] = []
    out: list[str] = []
    offset = 0
    seen: dict[str, str | None] = {}
    lines = _split_lines(text, here_rules, changes, seen)
    skip_until = 0
    for index, line in enumerate(lines):
        here = offset
        offset += len(line) + 1
        if line.startswith(_SPLIT_MARK):
            # The second part of a line split at a dateline (see _split_lines).
            line = line[len(_SPLIT_MARK):]
        if index < skip_until:
            if line.strip():
                changes.append(Change("boilerplate", "contents-entry", here, line, ""))
            continue
        bare = _without_bullet(line)
        listing = here_rules.listing_starts.first(bare)
        if listing:
            changes.append(Change("boilerplate", listing, here, "\n".join(lines[index:]).strip(), ""))
            break
        footer = here_rules.footer_starts.first(bare)
        if footer and _starts_footer(lines, index):
            rest = "\n".join(lines[index:]).strip()
            changes.append(Change("boilerplate", footer, here, rest, ""))
            break
        if footer:
            # The same words inside the article: only the line itself is furniture.
            changes.append(Change("boilerplate", f"{footer}-line", here, line, ""))
            continue
        dropped = _furniture_line(line, here_rules, seen)
        if dropped:
            changes.append(Change("boilerplate", dropped, here, line, ""))
            if dropped in rules.headline_anchors:
                out = _without_masthead(out, rules.masthead_max_chars, changes)
            continue
        listed = _unlabeled_contents(lines, index)
        if listed:
            changes += [Change("boilerplate", "contents-list", here, entry, "")
                        for entry in lines[index:index + listed] if entry.strip()]
            skip_until = index + listed
            continue
        contents = here_rules.contents_labels.first(bare)
        if contents:
            changes.append(Change("boilerplate", contents, here, line, ""))
            skip_until = index + 1 + _contents_entries(lines, index + 1)
            continue
        role = here_rules.heading_labels.first(line)
        if role:
            changes.append(Change("boilerplate", f"label-{role}", here, line, ""))
            out.append(ROLE_MARKER + role)
            continue
        stripped = _strip_inline(line, rules, here, changes, here_rules)
        if stripped != line:
            dropped = _furniture_line(stripped, rules, seen)
            if dropped or not _without_bullet(stripped).strip():
                changes.append(Change("boilerplate", dropped or "emptied-line", here, stripped, ""))
                continue
        cleaned = _clean_line(stripped, rules, here, changes, here_rules if stripped == line else None)
        if cleaned != line:
            cleaned = _emptied_brackets(cleaned, line)
            # What a removal left may be furniture itself: the end mark after a phone number (（电话：…）。).
            dropped = _furniture_line(cleaned, rules, seen) if cleaned else None
            if dropped:
                changes.append(Change("boilerplate", dropped, here, cleaned, ""))
                continue
        if line.strip() and not cleaned:
            continue
        out.append(cleaned)
    out = _without_repeats(out, changes)
    out = drop_cut_ending(out, changes)
    text = "\n".join(out).strip() + "\n"
    text, spin_changes = reverse_spin(text)
    text, law_changes = check_citations(text)
    text, quote_changes = order_quotes(text)
    return text, changes + spin_changes + law_changes + quote_changes


def _without_masthead(lines: list[str], max_chars: int, changes: list[Change]) -> list[str]:
    """``lines`` (what is kept above a byline or dateline) without the channel labels above the headline:
    when they are only short lines, the last is the headline (a menu's list item is not) and those above
    it go if each is at most ``max_chars`` long, shorter than the headline and asks nothing. Otherwise
    ``lines`` as they are."""
    kept = [i for i, line in enumerate(lines) if line.strip()]
    if len(kept) < 2 or any(lines[i].startswith(ROLE_MARKER) or says_something(lines[i]) for i in kept):
        return lines
    headline = lines[kept[-1]].strip()
    labels = [lines[i].strip() for i in kept[:-1]]
    if lines[kept[-1]].startswith(LIST_BULLET) or not all(
            len(label) <= max_chars and len(label) < len(headline) and not re.search(r"[？?]", label)
            for label in labels):
        return lines
    changes += [Change("boilerplate", "masthead", 0, label, "") for label in labels]
    return lines[kept[-1]:]


def _without_repeats(lines: list[str], changes: list[Change]) -> list[str]:
    """A line that says again what the line before it said (a headline printed twice or three times, or
    restated with a question mark) is taken once."""
    out: list[str] = []
    previous = ""
    for line in lines:
        key = _key(line) if not line.startswith(ROLE_MARKER) else ""
        if key and key == previous:
            changes.append(Change("structure", "repeated-line", 0, line, ""))
            continue
        if line.strip():
            previous = key
        out.append(line)
    return out


# ---------------------------------------------------------------------------------------- cut endings

_COMPLETE = COMPLETE_END
# A last line that only names the law it goes on to quote (根据中国《民法典》): the closing 》 ends the
# name, not the sentence, which the excerpt cut.
_NAMES_ITS_SOURCE_ONLY = re.compile(r"^(根据|依据|按照|依照|参照)[^，。；！？：]{0,12}《[^》]+》$")
# A last line or list item that names a law's article as what it goes on to say (《刑法》第293条规定):
# unfinished however the list around it is punctuated.
_ANNOUNCES_A_PROVISION = re.compile(r"《[^》]+》(第[0-9一二三四五六七八九十百零]+条)?(的)?(规定|明确规定|指出)$")
# A table's header row as markup writes it (逾期天数；征信影响；修复难度): short cells joined by ；. Left last
# once the rows under it were cut, it heads nothing.
_TABLE_HEADER = re.compile(r"^[^。，！？：；]{1,16}(；[^。，！？：；]{1,16})+$")
_SENTENCE_ENDS = re.compile(r"[。！？!?…]+[”」』）)]?")
MAX_HEADLINE = 64


def looks_like_headline(line: str, alone: bool = False) -> bool:
    """A first line that can be the article's headline: short, and not a sentence of its text. A line
    that is ``alone`` in its article is a headline (a tag page's) only if no sentence ends inside it."""
    return (len(line) <= MAX_HEADLINE and not re.search(r"[。；]", line) and not line.endswith(("：", ":", "，", "、"))
            and not line.startswith(LIST_BULLET) and not (alone and re.search(r"[！？!?](?=.)", line)))


def says_something(line: str) -> bool:
    """A line that can be part of an answer: a clause ends inside it, or it is longer than any headline.
    A line that only names things (a menu's 法律文章, a breadcrumb's last item, a contents entry) cannot."""
    return len(line) > MAX_HEADLINE or bool(re.search(r"[。，；！？!?,;]", line.rstrip("？?！!。")))


def drop_cut_ending(lines: list[str], changes: list[Change]) -> list[str]:
    """The end of an excerpt cut mid-way: the unfinished last sentence goes (what comes before it in its
    line stays), then a sentence that announces what no longer follows (…如下：) and the headings left
    with nothing under them (a table's header row among them). Never the headline. A last list item
    without end punctuation is taken for cut only where the items before it have end punctuation (lists
    are often written without), or where it names a law's article as what it goes on to say."""
    body = [i for i, line in enumerate(lines) if line.strip() and not line.startswith(ROLE_MARKER)]
    if not body or (len(body) == 1 and looks_like_headline(lines[body[0]], alone=True)):
        return lines
    protected = body[0] if len(body) > 1 and looks_like_headline(lines[body[0]]) else -1
    last = body[-1]
    line = lines[last]
    unfinished = not _COMPLETE.search(line) or _NAMES_ITS_SOURCE_ONLY.search(line)
    cut = ((unfinished and not _items_unpunctuated(lines, last))
           or bool(_ANNOUNCES_A_PROVISION.search(_without_bullet(line))))
    if cut:
        lines = [*lines[:last], *_keep_finished(line, "unfinished-sentence", changes)]
    while True:
        body = [i for i, line in enumerate(lines) if line.strip() and not line.startswith(ROLE_MARKER)]
        if not body or body[-1] == protected:
            return lines
        last = body[-1]
        line = lines[last]
        if line.endswith(("：", ":")):
            lines = [*lines[:last], *_keep_finished(line[:-1], "announces-what-is-cut", changes, line)]
        elif is_bare_heading(line) or (cut and (_numbered_like_the_headings(lines, last) or _TABLE_HEADER.match(line))):
            changes.append(Change("cut-off", "dangling-heading", 0, line, ""))
            lines = lines[:last]
        else:
            return lines


# A part's number: 3. / 3、 / 三、 at the start of a line.
_PART_NUMBER = re.compile(r"^(?:(\d{1,2})[.、．]|([一二三四五六七八九十]{1,3})、)\s*\S")


def _numbered_like_the_headings(lines: list[str], last: int) -> bool:
    """``lines[last]`` is the next numbered part of an article cut under it: numbered in the form of an
    earlier line (4.健康饮食与规律生活，提升… after 3.保持作息), short, and ending as no sentence does (a
    comma inside keeps it from looking like a heading otherwise)."""
    line = lines[last]
    found = _PART_NUMBER.match(line)
    if found is None or _COMPLETE.search(line) or len(line) > MAX_HEADING_LINE:
        return False
    arabic = found.group(1) is not None
    return any((m := _PART_NUMBER.match(earlier)) and (m.group(1) is not None) == arabic for earlier in lines[:last])


_A_WORD = re.compile(r"[^\W_]")


def _keep_finished(line: str, fix: str, changes: list[Change], whole: str = "") -> list[str]:
    """What of ``line`` ends in a finished sentence (as a one-line list, or none), the rest recorded."""
    ends = list(_SENTENCE_ENDS.finditer(line))
    kept = line[:ends[-1].end()] if ends else ""
    if not _A_WORD.search(kept):
        kept = ""  # end marks without a word before them (。 of 。网) finish no sentence
    changes.append(Change("cut-off", fix, 0, (whole or line)[len(kept):], ""))
    return [kept] if kept else []


def _items_unpunctuated(lines: list[str], last: int) -> bool:
    """``lines[last]`` is a list item in a list whose other items have no end punctuation either."""
    if not lines[last].startswith(LIST_BULLET):
        return False
    siblings = []
    for line in reversed(lines[:last]):
        if not line.startswith(LIST_BULLET):
            break
        siblings.append(line)
    return bool(siblings) and not any(_COMPLETE.search(item) for item in siblings)


# ---------------------------------------------------------------------------------------------- spin

@lru_cache(maxsize=1)
def spin_rules() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    rules = (data("spin_reversals.yaml") or {}).get("reversals") or []
    return tuple((r["name"], re.compile(r["pattern"]), r["replace"]) for r in rules)


def reverse_spin(text: str) -> tuple[str, list[Change]]:
    """Undo the synonym swaps that break a sentence (之一步 -> 第一步), each in the context its rule names."""
    changes: list[Change] = []
    for name, pattern, repl in spin_rules():
        if not may_match(pattern, text):
            continue

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
