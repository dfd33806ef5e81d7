"""The needles of a pattern (core.prefilter): strings every match holds, so that a text lacking them is
not searched. Exact or nothing: a needle that a match could lack would lose a removal or a repair."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faqkit.core import furniture, jurisdiction
from faqkit.core.prefilter import NeedleScan, characters, gated, may_match, may_match_given, needles
from faqkit.ingest import relevance
from faqkit.ingest.clean import spin_rules

SOURCES = Path(__file__).resolve().parents[1] / "sources"


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"(?<![其中])之一(?=[步道次])", {"之一"}),  # lookarounds consume nothing: the word is the needle
    (r"^\s*(首页|当前位置)\s*[>›]", {"首页", "当前位置"}),  # one needle per branch
    (r"(首页|当前位置)?\s*[>›]", {">", "›"}),  # an optional group is no needle; the class is
    (r"(?i:part)\s*\d", None),  # letters with case, matched in any case
    (r"(?i)律师函\w*", {"律师函"}),  # Han characters have no case
    (r"(?i)Line\s*@", {"@"}),
    (r"[^。]{2,}", None),  # a negated class
    (r"(报警|)电话", {"电话"}),  # a branch that may be empty gives nothing; the rest does
    (r"\d{3,}", None),
])
def test_needles_are_what_every_match_holds(pattern: str, expected: set[str] | None) -> None:
    found = needles(re.compile(pattern))
    assert (None if found is None else set(found)) == expected


def test_characters_are_those_every_needle_holds() -> None:
    assert characters(re.compile("民法第\\s*\\d+\\s*条")) == frozenset("民法第")  # the longest run
    assert characters(re.compile("(首页|当前位置)")) == frozenset()  # no character is in both
    assert characters(re.compile("(?i)abc")) == frozenset()


def _rules() -> list[re.Pattern[str]]:
    rules = furniture.load_rules()
    found = [p for name in rules.__dataclass_fields__ if isinstance(getattr(rules, name), tuple)
             for _, p in getattr(rules, name)]
    found += [p for _, p, _ in spin_rules()]
    found += [term.pattern for term in jurisdiction.load_rules().terms]
    return found


def _seed_lines() -> list[str]:
    return [line for path in sorted(SOURCES.iterdir()) if path.is_file()
            for line in path.read_text(encoding="utf-8", errors="replace").split("\n") if line.strip()]


def test_no_rule_of_the_project_matches_a_seed_line_its_needles_rule_out() -> None:
    lines = _seed_lines()
    rules = _rules()
    assert sum(needles(p) is not None for p in rules) > len(rules) // 2, "most rules give a needle"
    skipped = 0
    for pattern in rules:
        for line in lines:
            if not may_match(pattern, line):
                skipped += 1
                assert pattern.search(line) is None, (pattern.pattern, line)
    assert skipped > 0


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="首页当前位置>›之一步其中律师函PARTpart12 \n，。@", max_size=30))
def test_a_text_without_the_needles_is_never_matched(text: str) -> None:
    for pattern in (r"(?<![其中])之一(?=[步道次])", r"^\s*(首页|当前位置)\s*[>›]", r"(?i)律师函\w*",
                    r"(?i:part)\s*\d", r"(?i)Line\s*@"):
        compiled = re.compile(pattern)
        if not may_match(compiled, text):
            assert compiled.search(text) is None


# ------------------------------------------------------------------------------ first-character gate

@pytest.mark.parametrize(("pattern", "gate"), [
    (r"(?<![a-z])TU(?![a-z])", "T"),  # a lookbehind consumes nothing: the match starts with T
    (r"(?:债务|卡债)协商|征信", "债卡征"),  # each branch's first characters
    (r"还不[上起]|(?<!未)逾期", "还逾"),
    (r"a?b", "ab"),  # an optional first item: what follows it may start the match too
    (r"(?:网贷|逾期)+", "网逾"),
])
def test_the_gate_names_every_character_a_match_can_start_with(pattern: str, gate: str) -> None:
    assert gated(re.compile(pattern)).pattern == f"(?=[{gate}])(?:{pattern})"


@pytest.mark.parametrize("pattern", [r"最高人民法院", r"(债务|卡债)协商", r"征信中心|人民银行", r"[征信]中心"])
def test_a_pattern_re_scans_for_by_itself_is_not_gated(pattern: str) -> None:
    # A literal opening or a set of first characters re reads itself: a gate made these 2-4 times slower.
    compiled = re.compile(pattern)
    assert gated(compiled) is compiled


@pytest.mark.parametrize("pattern", [
    r"x*",  # may match nothing: no character starts every match
    r".{0,3}利率",  # any character
    r"[^。]+",  # a negated class
    r"\d+元",  # a category
    r"[\u4e00-\u9fff]+",  # too wide to be worth a gate
    r"(?i)abc",  # global flags must open the pattern
])
def test_a_pattern_whose_starts_cannot_be_named_is_left_as_it_is(pattern: str) -> None:
    compiled = re.compile(pattern)
    assert gated(compiled) is compiled


def test_a_case_insensitive_gate_lets_either_case_through() -> None:
    pattern = gated(re.compile(r"(?<![a-z])TU(?![a-z])", re.I))
    assert [m.group(0) for m in pattern.finditer("tu评分和TU都算，status不算")] == ["tu", "TU"]
    # Case-insensitive in a group only: the gate lets both cases of that group's letters through.
    scoped = re.compile(r"(?<!x)(?i:part)\s*\d|(?:(?i:tu)|xx)\d")
    assert gated(scoped) is not scoped
    assert [m.group(0) for m in gated(scoped).finditer("PART 1, Tu1 and xx2")] == ["PART 1", "Tu1", "xx2"]


def _every_rule() -> list[re.Pattern[str]]:
    rules = relevance.load_rules()
    return [*_rules(), rules.topic, rules.context, rules.calls, rules.services, rules.warning,
            *(subject.terms for subject in rules.subjects)]


def test_every_rule_of_the_project_finds_the_same_matches_behind_its_gate() -> None:
    # The rules are stored gated: compared with the same text compiled without its gate.
    lines = _seed_lines()
    rules = _every_rule()
    opened = 0
    for pattern in rules:
        plain = re.compile(pattern.pattern.removeprefix("(?=[").partition("])(?:")[2][:-1], pattern.flags) \
            if pattern.pattern.startswith("(?=[") else pattern
        opened += plain is not pattern
        for line in lines:
            assert [m.span() for m in pattern.finditer(line)] == [m.span() for m in plain.finditer(line)], \
                (pattern.pattern, line)
    assert opened >= 10
    assert relevance.load_rules().topic.pattern.startswith("(?=["), "the topic words, searched in every passage"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="债务卡协商网贷逾期TtUu征信修复 a-z，。\n", max_size=40))
def test_a_gated_pattern_matches_where_the_pattern_does(text: str) -> None:
    for pattern in (r"(?<![a-z])TU(?![a-z])", r"(?:债务|卡债)协商|征信", r"(?:征信修复)|(?:征信)|网贷",
                    r"a?(?:网贷|逾期)+"):
        for flags in (0, re.I):
            plain = re.compile(pattern, flags)
            assert [m.span() for m in gated(plain).finditer(text)] == [m.span() for m in plain.finditer(text)]


# ------------------------------------------------------------------------------ one scan for many needles

_OVERLAPPING = [re.compile(p) for p in (r"首页>", r"(首页|当前位置)", r"当前位置：", r"之一(?=步)", r"一步")]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="首页当前位置：>之一步 ", max_size=30))
def test_one_scan_finds_every_needle_a_text_holds_overlapping_or_not(text: str) -> None:
    # 首页 is a prefix of 首页> at the same position; 之一 and 一步 overlap in 之一步.
    assert {"首页>", "首页"} <= {n for p in _OVERLAPPING for n in needles(p) or ()}
    scan = NeedleScan.of_patterns(_OVERLAPPING)
    every = {needle for pattern in _OVERLAPPING for needle in needles(pattern) or ()}
    assert scan.present(text) == {needle for needle in every if needle in text}


def test_the_furniture_rules_narrowed_by_one_scan_are_those_each_needle_search_keeps() -> None:
    rules = furniture.load_rules()
    patterns = [p for name in rules.__dataclass_fields__ if isinstance(getattr(rules, name), tuple)
                for _, p in getattr(rules, name)]
    scan = NeedleScan.of_patterns(patterns)
    kept = 0
    for line in _seed_lines():
        present = scan.present(line)
        for pattern in patterns:
            assert may_match_given(pattern, present) == may_match(pattern, line), (pattern.pattern, line)
            kept += may_match(pattern, line)
    assert 0 < kept < len(patterns) * len(_seed_lines())
