"""Stage ``segment``: canonical text -> title, introduction, question sections and conclusion.

Three shapes of article are handled:

* numbered headings (``一、``, ``（一）``, ``1.``, ``2.1``): the hierarchy becomes sections and sub-sections;
* no headings but an announced plan (``一、…；二、…；三、…`` in the introduction): the paragraphs after it
  are aligned, in order, to the announced items by lexical overlap (dynamic programming);
* neither: paragraphs are grouped where the vocabulary shifts, each group a part of the answer without a
  heading (no question is made up for it).

Headings become questions through the reviewable rules in ``data/questions.yaml``; a heading no rule
makes a question stays as the article wrote it (a step of the answer). No question is made from a
template filled with an article's words.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..core.data import data
from ..core.questions import as_question, is_question, qa_labels, question_connective
from ..core.records import Block, Change, Section
from ..core.text import COMPLETE_END, LIST_BULLET, bigrams, han_only, is_bare_heading, split_sentences
from .clean import ROLE_MARKER, looks_like_headline

CN_NUM = "一二三四五六七八九十"
_H1 = re.compile(rf"^([{CN_NUM}]+)、\s*(.+)$")
_H2_PAREN = re.compile(rf"^（([{CN_NUM}]+)）\s*(.+)$")
_H2_DOTTED = re.compile(r"^(\d+)\.(\d+)\s*(.+)$")
# 第一部分：了解网贷逾期的情况, 第二章 债务重组的合法性: an article's parts by name, as its top headings.
_PART = re.compile(rf"^第([{CN_NUM}]+|\d+)(部分|章|节|篇)\s*[：:]?\s*(.+)$")
_NUMBERED = re.compile(r"^(\d+)[.、．]\s*(.+)$")
_LABELLED_ITEM = re.compile(r"^([^，。：；！？]{1,12})：(.+)$")
# A line that is an item of a list: bulleted, or numbered 1. / (1) / （1）.
_LIST_ITEM = re.compile(rf"^(?:{re.escape(LIST_BULLET)}|\d{{1,2}}[.、．]|[（(]\d{{1,2}}[)）])")
_OUTLINE_ITEM = re.compile(rf"([{CN_NUM}])、([^；;。、]+?)(?=[；;。]|[{CN_NUM}]、|$)")
MAX_HEADING = 30
# A ``1. …`` line heads a part only this short: longer, it is a list item that says something.
MAX_NUMBERED_HEADING = 20
MAX_TITLE = 40


@dataclass(frozen=True)
class Structure:
    title: str
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    conclusion: tuple[Block, ...]
    changes: tuple[Change, ...]


def _question_rules() -> dict:
    return data("questions.yaml")


@lru_cache(maxsize=1)
def _continuation() -> re.Pattern[str]:
    """A paragraph opening that continues the paragraph before it (在此基础上, 此外 …)."""
    return re.compile(_question_rules()["continuation_openings"])


def _taxonomy() -> dict:
    return data("taxonomy.yaml")


def _is_heading_text(text: str) -> bool:
    return len(text) <= MAX_HEADING and not re.search(r"[。，；！]", text) and "：" not in text[:-1]


@lru_cache(maxsize=4096)
def _heading_level(line: str) -> tuple[int, str] | None:
    # 问题1：美团月付逾期多久会给通讯录打电话？ is the page's next question (a comma may stand in it).
    label = qa_labels()[0].match(line)
    asked = line[label.end():] if label else ""
    if asked and is_question(asked) and len(asked) <= MAX_HEADING and not re.search(r"[。；！]", asked):
        return 2, asked
    for level, pattern in ((1, _H1), (2, _H2_PAREN)):
        m = pattern.match(line)
        if m and _is_heading_text(m.group(2)):
            return level, m.group(2)
    m = _PART.match(line)
    if m and _is_heading_text(m.group(3)):
        return 1, m.group(3)
    m = _H2_DOTTED.match(line)
    if m and _is_heading_text(m.group(3)):
        return 2, m.group(3)
    m = _NUMBERED.match(line)
    if m and len(m.group(2)) <= MAX_NUMBERED_HEADING and _is_heading_text(m.group(2)):
        return 3, m.group(2)
    return None


# An article without heading markup whose parts each open with a question on a line of its own
# (网贷逾期，村委会真的会介入吗？ then the answer): the questions are its headings when it asks at least
# this many. One alone may be the text asking itself something (那该怎么办呢？).
MIN_QUESTION_HEADINGS = 2


# A line says the headline again when its Han text is the headline's, or a part of it at least this long
# (信用卡催收加我微信告知上门是真的吗 below the headline …是真的吗，综述一次看明白！: 17 of 25 characters).
REPEATED_HEADLINE_SHARE = 0.6


def _repeats_headline(headline: str, line: str) -> bool:
    whole, part = han_only(headline), han_only(line)
    return bool(part) and part in whole and len(part) >= REPEATED_HEADLINE_SHARE * len(whole)


def _asks_alone(line: str) -> bool:
    """A question on a line of its own, as a heading asks it: no longer than a heading, no sentence ending
    inside it, no list item or role marker."""
    return (line.endswith("？") and len(line) <= MAX_HEADING and not re.search(r"[。；！]", line)
            and not line.startswith((LIST_BULLET, ROLE_MARKER)))


def _question_lines(body: list[str]) -> set[int]:
    """Indexes of the lines of ``body`` that ask a question as a heading does: a line of its own that ends
    with a question mark, no longer than a heading, with no sentence ending inside it, and answered by
    the line after it (which does not ask in turn)."""

    return {index for index, line in enumerate(body[:-1])
            if _asks_alone(line) and not _asks_alone(body[index + 1]) and not body[index + 1].startswith(ROLE_MARKER)}


def _without_answer_label(line: str, above: list[str], changes: list[Change]) -> str:
    """The first line under a heading without a question-and-answer page's 回答： (counted)."""
    if above:
        return line
    label = qa_labels()[1].match(line)
    if label is None or not line[label.end():].strip():
        return line
    changes.append(Change("structure", "answer-label", 0, label.group(0), ""))
    return line[label.end():]


def _outline_levels(body: list[str]) -> list[tuple[int, str] | None]:
    """Each line's :func:`_heading_level`, in the context of the article's outline: a ``三、…`` line that
    follows a ``二、…`` heading is a heading too when only its comma kept it from being one (三、非法催收的
    5 大常见套路，你必须知道; 四、面对上门催收，该如何应对？); the article numbers its parts, and the part's
    text must not go to the one before it."""
    levels = [_heading_level(line) for line in body]
    # 2. 网商贷概述 above 2.1 网商贷的定义 and 2.2 网商贷的特点: the numbered line that dotted headings number
    # under, after it, is the part they belong to (else the part's name would sit above its first point as
    # a one-item list, and its points would stand as the article's parts).
    majors_below: set[int] = set()  # the majors of the dotted headings met so far, reading upwards
    for index in range(len(body) - 1, -1, -1):
        line, level = body[index], levels[index]
        dotted = _H2_DOTTED.match(line)
        if dotted:
            if level is not None:
                majors_below.add(int(dotted.group(1)))
            continue
        m = _NUMBERED.match(line)
        if m and int(m.group(1)) in majors_below and _is_heading_text(m.group(2)):
            levels[index] = (1, m.group(2))
    last_numeral = None  # the numeral of the last 一、 heading so far
    for index, line in enumerate(body):
        m = _H1.match(line)
        if m is None:
            continue
        if levels[index] is None and last_numeral is not None and len(m.group(1)) == 1 \
                and CN_NUM.find(m.group(1)) == CN_NUM.find(last_numeral) + 1 \
                and _is_heading_text(m.group(2).replace("，", "")) \
                and not COMPLETE_END.search(m.group(2).removesuffix("？")):
            levels[index] = (1, m.group(2))
        if levels[index] is not None and levels[index][0] == 1:
            last_numeral = m.group(1)
    return levels


def _blocks(lines: list[str]) -> tuple[Block, ...]:
    """Paragraph lines to blocks; runs of numbered or ``label：text`` lines become lists, and a run numbered
    1, 2, 3 … throughout an ordered one (steps keep their numbers)."""
    blocks: list[Block] = []
    items: list[str] = []
    numbers: list[int | None] = []  # per item, its number in the source (None: a bullet or a label)

    def flush() -> None:
        if items:
            ordered = len(items) >= 2 and numbers == list(range(1, len(items) + 1))
            blocks.append(Block(items=tuple(items), ordered=ordered))
            items.clear()
            numbers.clear()

    for index, line in enumerate(lines):
        numbered = _NUMBERED.match(line)
        labelled = _LABELLED_ITEM.match(line)
        # A "label：text" line is a list item when it belongs to a run of them or follows "…：".
        next_labelled = index + 1 < len(lines) and _LABELLED_ITEM.match(lines[index + 1])
        in_list = items or (blocks and blocks[-1].text.endswith("：")) or next_labelled
        if line.startswith(LIST_BULLET):
            items.append(line[len(LIST_BULLET):].strip())
            numbers.append(None)
        elif numbered:
            items.append(numbered.group(2))
            numbers.append(int(numbered.group(1)))
        elif labelled and in_list and len(line) <= 120:
            items.append(line)
            numbers.append(None)
        else:
            flush()
            blocks.append(Block(text=line))
    flush()
    return tuple(blocks)


# ----------------------------------------------------------------------------------------------- title

# The share of a line's character bigrams that the headline above it holds, from which the line says
# the headline again (小贷逾期有人加微信说是诉前调解 under 小贷逾期有人加微信联系诉前调解该怎么办)
# rather than opening the text (一、立即收集证据, 第三章 …).
RESTATES_SHARE = 0.5


def restates(headline: str, line: str) -> bool:
    grams = set(bigrams(line))
    return bool(grams) and len(grams & set(bigrams(headline))) / len(grams) >= RESTATES_SHARE


def _first_question(paragraphs: list[str]) -> str | None:
    """The first question the opening paragraphs ask, connective taken off (那么，…); "" when it asks about
    what came before (但究竟这些公司是否可信？): the article's question, in words that do not stand alone."""
    for paragraph in paragraphs[:3]:
        for sentence in split_sentences(paragraph):
            clause = re.split(r"[。！]", sentence)[-1].strip()
            if clause.endswith("？") and 8 <= len(clause) <= MAX_TITLE:
                clause = clause[len(question_connective(clause)):]
                return "" if _continuation().match(clause) else clause
    return None


def choose_title(title_line: str | None, intro: list[str], sections: list[Section], text: str) -> str:
    if title_line:
        return as_question(title_line)
    asked = _first_question(intro)
    if asked is not None:
        # A section's question is a part of the answer: it stands for the article only when the article
        # asks nothing of its own. One that asks in words that need what came before is named by organize.
        return asked
    for section in sections:
        if section.heading and is_question(section.question) and not section.question.startswith("什么是"):
            return section.question
    return ""  # no headline and no question of its own: organize names its page


# ---------------------------------------------------------------------------------- headless articles

def align_to_outline(paragraphs: list[str], items: list[str], length_weight: float = 0.02,
                     opening_weight: float = 1.0, respect_continuations: bool = True) -> list[list[str]]:
    """Split ``paragraphs`` into ``len(items)`` consecutive groups that best match the items in order.

    A paragraph's affinity to an item is the IDF-weighted share of the item's character bigrams that it
    contains (bigrams found in most paragraphs, like the product's name, count for little). Dynamic
    programming over group boundaries maximizes the total affinity, with a mild penalty for groups much
    longer or shorter than ``len(paragraphs) / len(items)``, since articles give their points similar room.
    A group's opening paragraph counts ``opening_weight`` more (it usually restates its point), and no
    group opens with a paragraph that continues the one before it (``continuation_openings``) unless
    there is no other way to give every item a group.
    """
    n, k = len(paragraphs), len(items)
    if k == 0 or n < k:
        return [paragraphs] if paragraphs else []
    grams = [set(bigrams(p)) for p in paragraphs]
    df: Counter[str] = Counter(g for gs in grams for g in gs)
    weight = {g: math.log((n + 1) / (df[g] + 0.5)) for g in df}
    item_grams = [set(bigrams(item)) for item in items]
    item_totals = [sum(weight.get(g, math.log(n + 1)) for g in ig) or 1.0 for ig in item_grams]
    affinity = [[sum(weight[g] for g in gs & ig) / total for ig, total in zip(item_grams, item_totals, strict=True)]
                for gs in grams]
    ideal = n / k
    continues = [respect_continuations and bool(_continuation().match(p)) for p in paragraphs]
    neg = float("-inf")
    # best[j][i]: best score with items 0..j-1 covering paragraphs 0..i-1.
    best = [[neg] * (n + 1) for _ in range(k + 1)]
    start = [[0] * (n + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for j in range(1, k + 1):
        for i in range(j, n - (k - j) + 1):
            for s in range(j - 1, i):
                if best[j - 1][s] == neg:
                    continue
                if s and continues[s]:
                    continue
                score = best[j - 1][s] + sum(affinity[p][j - 1] for p in range(s, i)) \
                    + opening_weight * affinity[s][j - 1] - length_weight * (i - s - ideal) ** 2
                if score > best[j][i]:
                    best[j][i], start[j][i] = score, s
    if best[k][n] == neg:
        return align_to_outline(paragraphs, items, length_weight, opening_weight, respect_continuations=False)
    groups: list[list[str]] = []
    i = n
    for j in range(k, 0, -1):
        s = start[j][i]
        groups.insert(0, paragraphs[s:i])
        i = s
    return groups


def _weighted_bigrams(groups: list[dict[str, float]]) -> dict[str, float]:
    """The sum of paragraphs' weighted bigrams (added in the same order always: the same floats)."""
    vector: dict[str, float] = {}
    for weights in groups:
        for gram, weight in weights.items():
            vector[gram] = vector.get(gram, 0) + weight
    return vector


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    dot = sum(v * b[g] for g, v in a.items() if g in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


# 1. 提交书面声请 / 债权人向法院递交… / 2. 法院审核 / 法院收到书状后…: a list whose every item is a title above
# its own paragraph (a page's list with a heading in each item). When the titles are not the article's
# headings, each title and its paragraph are one item, 提交书面声请：债权人向法院递交…, of one list: not a
# one-item list above a paragraph, again and again. At least this many such items in a row (one title above
# one paragraph may be a list's last item and the paragraph that closes the article).
MIN_TITLED_ITEMS = 2


def _item_title(line: str) -> str:
    """The text of a list item that is only a title (核实身份, no sentence in it), else ''."""
    marker = _LIST_ITEM.match(line)
    text = line[marker.end():].strip() if marker else ""
    return text if text and is_bare_heading(text) else ""


def _titled_items(lines: list[str], changes: list[Change]) -> list[str]:
    """``lines`` with each title item of a run of :data:`MIN_TITLED_ITEMS` or more (:func:`_item_title`,
    each right above a paragraph of its own) joined to that paragraph: ``1. 法院审核：法院收到书状后…``."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        end = index
        while (end + 1 < len(lines) and _item_title(lines[end]) and not _LIST_ITEM.match(lines[end + 1])
               and not is_bare_heading(lines[end + 1])):
            end += 2
        if (end - index) // 2 < MIN_TITLED_ITEMS:
            out.append(lines[index])
            index += 1
            continue
        for at in range(index, end, 2):
            marker = lines[at][:_LIST_ITEM.match(lines[at]).end()].rstrip()
            joined = f"{marker} {_item_title(lines[at]).rstrip('：:')}：{lines[at + 1].strip()}"
            changes.append(Change("structure", "titled-item", 0, f"{lines[at]}\n{lines[at + 1]}", joined))
            out.append(joined)
        index = end
    return out


def _lone_title_items(lines: list[str], changes: list[Change]) -> list[str]:
    """``lines`` with each list item that is a title standing alone above its text (• 高昂的隐藏收费, then
    what it says, then • 非法的高利贷行为 …, or 1. 1. 1. where each was a list of its own: no item next to
    it) as the heading it is, without its marker: a one-item list above a paragraph, again and again, is
    how the page styled its headings. (A numbered line the article's outline takes for a heading keeps
    its level: only the text of the line changes.)"""
    out = list(lines)
    for index, line in enumerate(lines):
        if ((line.startswith(LIST_BULLET) or _NUMBERED.match(line)) and (title := _item_title(line))
                and index + 1 < len(lines) and not (index and _LIST_ITEM.match(lines[index - 1]))
                and not _LIST_ITEM.match(lines[index + 1]) and not is_bare_heading(lines[index + 1])):
            out[index] = title
            changes.append(Change("structure", "bulleted-heading", 0, line, title))
    return out


def _introduces(line: str) -> bool:
    """Whether ``line`` opens what follows it: a bare heading (声请支付命令流程) or a sentence that announces
    it (…分为以下三个阶段：). A cut after it leaves it closing the part before, about nothing."""
    return is_bare_heading(line) or line.endswith(("：", ":"))


def _in_one_list(line: str, following: str) -> bool:
    """Whether two lines are neighbouring items of one list: a cut between them would split the list."""
    return bool(_LIST_ITEM.match(line)) and bool(_LIST_ITEM.match(following))


def split_by_topic(paragraphs: list[str], size: int = 3, window: int = 2) -> list[list[str]]:
    """TextTiling over paragraphs: cut where the vocabulary of the neighbours on each side differs most.

    Similarity between the ``window`` paragraphs before and after each gap uses TF-IDF-weighted character
    bigrams; a gap's *depth* is how far it lies below the nearest peaks on both sides. The deepest gaps,
    at least two paragraphs apart, become cuts (about one group per ``size`` paragraphs); never before a
    paragraph that opens by continuing the previous one (在此基础上, 此外 … in ``data/questions.yaml``), nor
    between two items of one list, nor after a line that opens what follows (:func:`_introduces`).
    """
    n = len(paragraphs)
    if n <= size:
        return [paragraphs] if paragraphs else []
    grams = [Counter(bigrams(p)) for p in paragraphs]
    df: Counter[str] = Counter(g for c in grams for g in c)
    # Each paragraph's TF-IDF weights once (every paragraph is in up to 2 * window windows).
    weighted = [{gram: count * math.log(n / df[gram]) for gram, count in c.items()} for c in grams]
    sims = [_cosine(_weighted_bigrams(weighted[max(0, i - window):i]),
                    _weighted_bigrams(weighted[i:i + window])) for i in range(1, n)]
    depths = []
    for k, value in enumerate(sims):
        left = right = value
        for v in reversed(sims[:k]):
            if v < left:
                break
            left = v
        for v in sims[k + 1:]:
            if v < right:
                break
            right = v
        depths.append((left - value + right - value, k + 1))
    cuts_wanted = max(1, round(n / size)) - 1
    cuts: list[int] = []
    for depth, gap in sorted(depths, reverse=True):
        if depth <= 0 or len(cuts) == cuts_wanted:
            break
        if (_continuation().match(paragraphs[gap]) or _in_one_list(paragraphs[gap - 1], paragraphs[gap])
                or _introduces(paragraphs[gap - 1])):
            continue
        if 2 <= gap <= n - 2 and all(abs(gap - c) >= 2 for c in cuts):
            cuts.append(gap)
    bounds = [0, *sorted(cuts), n]
    return [paragraphs[a:b] for a, b in itertools.pairwise(bounds)]


# ------------------------------------------------------------------------------------------ main entry

def _split_roles(lines: list[str]) -> tuple[list[str], list[str]]:
    """Lines of the body, and the lines under a 总结-style label (the conclusion)."""
    body: list[str] = []
    conclusion: list[str] = []
    target = body
    for line in lines:
        if line.startswith(ROLE_MARKER):
            target = conclusion if line.endswith("conclusion") else body
            continue
        target.append(line)
    return body, conclusion


def _numbered_headings(body: list[str]) -> dict[int, str]:
    """``1. 标题`` lines are the article's own headings (not a list) when there are two or more, numbered
    1, 2, 3 … in order, and each is followed by a paragraph rather than by the next item: index -> heading.
    Where a comma keeps some from reading as headings (1.调整心态，稳定情绪), the same test is made again with
    the comma allowed: numbered in order and each above its own paragraph, they are the article's parts."""
    for heading_text in (_heading_level_text, _step_text):
        heads = {i: text for i, line in enumerate(body) if (text := heading_text(line))}
        numbers = [int(_NUMBERED.match(body[i]).group(1)) for i in heads]
        if len(heads) >= 2 and numbers == list(range(1, len(heads) + 1)) and all(
                i + 1 < len(body) and _heading_level(body[i + 1]) is None and not _NUMBERED.match(body[i + 1])
                for i in heads):
            return heads
    return {}


def _heading_level_text(line: str) -> str:
    found = _heading_level(line)
    return found[1] if found and found[0] == 3 else ""


def _step_text(line: str) -> str:
    """The text of a numbered line that may head a part, a comma allowed in it (not a sentence's end)."""
    m = _NUMBERED.match(line)
    text = m.group(2) if m else ""
    return text if len(text) <= MAX_NUMBERED_HEADING and _is_heading_text(text.replace("，", "")) else ""


def _outline(paragraph: str) -> tuple[str, list[str]] | None:
    items = _OUTLINE_ITEM.findall(paragraph)
    numbers = [n for n, _ in items]
    if len(items) >= 3 and numbers == list(CN_NUM[:len(items)]):
        return paragraph, [text.strip() for _, text in items]
    return None


def segment(text: str, cut_off: bool = False) -> Structure:
    """``text``'s title, introduction, sections and conclusion. ``cut_off``: the text is an excerpt whose
    end was cut away (clean dropped its unfinished sentence): its last paragraphs are where the cut fell,
    not the article's summary, so only a labeled conclusion (总结：…) is one."""
    lines = [line for line in text.split("\n") if line.strip()]
    changes: list[Change] = []
    if len(lines) > 1 and _asks_alone(lines[-1]):
        # The text ends at a question on a line of its own: its answer is not there (an excerpt cut it
        # away, or the page asks the reader to read on), and a reader would meet the question and nothing.
        kind = "cut-off" if cut_off else "structure"
        changes.append(Change(kind, "unanswered-question", len(text) - len(lines[-1]), lines[-1], ""))
        lines = lines[:-1]
    title_line = None
    if lines and not lines[0].startswith(ROLE_MARKER) and _heading_level(lines[0]) is None:
        first = lines[0]
        if looks_like_headline(first, alone=len(lines) == 1):
            title_line = first
            lines = lines[1:]
            # A short line right under the title that restates it is the farm's subtitle.
            if lines and len(lines[0]) <= MAX_TITLE and not re.search(r"[。，；？]", lines[0]) \
                    and _heading_level(lines[0]) is None and not lines[0].startswith(ROLE_MARKER) \
                    and restates(first, lines[0]):
                changes.append(Change("structure", "subtitle", 0, lines[0], ""))
                lines = lines[1:]
            # The headline printed again below the introduction (a title card above the article's body)
            # is the headline once: the page shows it as its title. Not where it heads its own answer
            # (a question on a line of its own, answered by the next): there it is the first part's heading.
            heads = _question_lines(lines)
            again = {index for index, line in enumerate(lines)
                     if _repeats_headline(first, line) and index not in heads}
            changes += [Change("structure", "headline-repeated", 0, lines[index], "") for index in sorted(again)]
            lines = [line for index, line in enumerate(lines) if index not in again]
    body, conclusion_lines = _split_roles(lines)
    levels = _outline_levels(body)
    has_headings = any(level and level[0] <= 2 for level in levels)
    steps = {} if has_headings else _numbered_headings(body)
    numbered_only = bool(steps)
    if numbered_only:
        levels = [(3, steps[index]) if index in steps else level for index, level in enumerate(levels)]
    if not has_headings and not numbered_only:
        asked = _question_lines(body)
        # One question printed twice (a slideshow's caption under each slide) is one question, not two parts.
        if len({body[index] for index in asked}) >= MIN_QUESTION_HEADINGS:
            levels = [(2, line) if index in asked else level
                      for index, (line, level) in enumerate(zip(body, levels, strict=True))]
            has_headings = True

    intro_lines: list[str] = []
    sections: list[Section] = []
    if has_headings or numbered_only:
        body = _lone_title_items(body, changes)
        top_level = 1 if any(level and level[0] == 1 for level in levels) else 2
        if numbered_only:
            top_level = 3
        current: dict | None = None
        sub: dict | None = None

        # A heading with nothing under it (its text was garbled and removed, or the excerpt lost it) goes,
        # counted: a reader would meet a heading and then the next one.
        def close_sub() -> None:
            nonlocal sub
            if sub is not None and current is not None:
                if sub["lines"]:
                    current["subs"].append(Section(sub["heading"], sub["heading"], _blocks(sub["lines"]), 3))
                else:
                    changes.append(Change("structure", "empty-heading", 0, sub["heading"], ""))
            sub = None

        def close_section() -> None:
            nonlocal current
            close_sub()
            if current is not None:
                if current["lines"] or current["subs"]:
                    sections.append(Section(current["heading"], as_question(current["heading"]),
                                            _blocks(current["lines"]), 2, tuple(current["subs"])))
                else:
                    changes.append(Change("structure", "empty-heading", 0, current["heading"], ""))
            current = None

        for line, found in zip(body, levels, strict=True):
            if found and found[0] == top_level:
                close_section()
                current = {"heading": found[1], "lines": [], "subs": []}
            elif found and current is not None and found[0] > top_level:
                close_sub()
                sub = {"heading": found[1], "lines": []}
            elif sub is not None:
                sub["lines"].append(_without_answer_label(line, sub["lines"], changes))
            elif current is not None:
                current["lines"].append(_without_answer_label(line, current["lines"], changes))
            else:
                intro_lines.append(line)
        close_section()
    else:
        outline_at = next((i for i, line in enumerate(body) if _outline(line)), None)
        plan = _outline(body[outline_at]) if outline_at is not None else None
        # A plan is followed only when at least one paragraph follows for each announced item.
        if plan is not None and len(body) - outline_at - 1 >= len(plan[1]):
            paragraph, items = plan
            intro_lines = body[:outline_at]
            # The plan sentence itself is furniture once its items are the section questions.
            rest = re.sub(r"[^。]*[一]、[^。]*。?", "", paragraph, count=1).strip()
            changes.append(Change("structure", "outline", 0, paragraph, rest))
            if rest:
                intro_lines.append(rest)
            groups = align_to_outline(body[outline_at + 1:], items)
            for item, group in zip(items, groups, strict=False):
                sections.append(Section(item, as_question(item), _blocks(group)))
        else:
            body = _lone_title_items(_titled_items(body, changes), changes)
            intro_count = 1 if len(body) < 6 else 2
            # The introduction never ends inside a list (its items stay together with the rest of it), nor
            # with a heading (its text is what follows).
            while 0 < intro_count < len(body) and (_in_one_list(body[intro_count - 1], body[intro_count])
                                                   or is_bare_heading(body[intro_count - 1])):
                intro_count -= 1
            intro_lines = body[:intro_count]
            rest = body[intro_count:]
            # Without a label, the closing paragraphs are the summary: two of them in a long article. Not
            # when they stand under a heading of their own whose markup the page lost (为何警方不受理…):
            # they answer it, and the heading would be left above 小结 with nothing under it; nor when they
            # are items of a list ((2) …, (3) …): a list goes on, a summary does not.
            keep = 2 if len(rest) >= 10 else 1
            while keep and any(_LIST_ITEM.match(line) for line in rest[-keep:]):
                keep -= 1  # the paragraph after a list's last item may close the article; the item does not
            if (keep and not cut_off and not conclusion_lines and len(rest) >= 4
                    and not any(is_bare_heading(line) and not _LIST_ITEM.match(line) for line in rest[-keep - 1:])):
                conclusion_lines, rest = rest[-keep:], rest[:-keep]
            for group in split_by_topic(rest):
                # No heading of its own: part of the answer, not under a question made for it.
                sections.append(Section("", "", _blocks(group)))

    title = choose_title(title_line, intro_lines, sections, text)
    return Structure(title=title, intro=_blocks(intro_lines), sections=tuple(sections),
                     conclusion=_blocks(conclusion_lines), changes=tuple(changes))
