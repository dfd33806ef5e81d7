"""Stage ``relevance``: is an article for a reader in trouble with their own debts?

Every article is judged ``on-topic``, ``advert`` or ``off-topic``, with the reason in words a reviewer
can check ("off-topic: 12 of 900 characters about personal debt; about reputation management (舆情×4)").
Adverts and off-topic articles are not published (unless ``faqkit ingest --publish-all``); the ingest
report lists them with that reason, so nothing is dropped silently.

The judgement is made on the canonical text (Simplified, cleaned) in three steps, with the word lists,
weights and thresholds of ``data/relevance.yaml``:

1. *How much of it is about personal debt*: the share of its characters in passages (sentences, list
   items) that name the reader's overdue or unaffordable debt, collection, lawsuits, credit records or
   debt relief. Below ``min_topic_share`` the article is not about that.
2. *What it is about instead*: the subject (borrowing, reputation management, …) whose words it uses most;
   a subject that is selling makes it an advert, any other leaves it off-topic.
3. *Whether an article about debt is selling*: calls to act for the seller (加微信, 免费咨询, 立即申请),
   the page speaking as a debt firm (我们债务协商部门), and a paid debt service (债务优化, 反催收, 征信修复)
   presented without a warning. A passage that warns
   (骗局, 警惕, 不要 …) and words in quotation marks do not count: an article warning against 征信修复 quotes
   the scammers' words, and that is the advice readers need.
4. *Whether it is about the debt at all beyond credit records*: a guide to borrowing asks whether applying
   lowers the score, in the words a debtor's page uses for its record. When credit-record words make up
   most of its debt passages, and another subject (getting a loan) fills more of it than the reader's
   trouble does, it is about that subject: off-topic (a guide to a score sells nothing by itself).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from ..core.data import data
from ..core.prefilter import gated
from ..core.records import Change
from ..core.text import han_only, split_sentences

ON_TOPIC, ADVERT, OFF_TOPIC = "on-topic", "advert", "off-topic"
# Quoted words are someone else's: a slogan quoted in a warning is not the page's own call.
_QUOTED = re.compile(r"“[^”\n]{0,40}”|「[^」\n]{0,40}」|‘[^’\n]{0,40}’|『[^』\n]{0,40}』|\"[^\"\n]{0,40}\"")


@dataclass(frozen=True)
class Subject:
    name: str
    why: str
    selling: bool
    terms: re.Pattern[str]


@dataclass(frozen=True)
class Rules:
    topic: re.Pattern[str]  # the reader's debt trouble and credit records
    credit: re.Pattern[str]  # credit-record words alone: a borrowing guide's words too
    context: re.Pattern[str]
    min_anchor: int
    law_heading: re.Pattern[str]
    min_topic_share: float
    subjects: tuple[Subject, ...]
    min_subject_hits: int
    calls: re.Pattern[str]
    services: re.Pattern[str]
    warning: re.Pattern[str]
    min_calls: int
    min_own_words: int
    min_service_mentions: int
    seller_voice: re.Pattern[str]
    furniture_evidence: frozenset[str] = frozenset()  # the clean rules whose removed lines are judged too
    other_languages: tuple[tuple[str, re.Pattern[str]], ...] = ()  # (language, its letters)
    max_other_language_share: float = 1.0


def _pattern(terms: list[str]) -> re.Pattern[str]:
    # Longest first: at one position the longer term is the one counted (征信修复 before 征信). Gated by the
    # characters a term can start with: re tries every term at every position of a passage otherwise.
    return gated(re.compile("|".join(f"(?:{t})" for t in sorted(terms, key=len, reverse=True)), re.I))


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    rules = data("relevance.yaml")
    subjects = tuple(Subject(name, s["why"], bool(s["selling"]), _pattern(s["terms"]))
                     for name, s in rules["subjects"].items())
    return Rules(_pattern(rules["topic"] + rules["credit"]), _pattern(rules["credit"]),
                 _pattern(rules["context"]), int(rules["min_anchor"]),
                 re.compile(rules["law_heading"]), float(rules["min_topic_share"]), subjects,
                 int(rules["min_subject_hits"]), _pattern(rules["advert"]["calls"]),
                 _pattern(rules["advert"]["services"]), _pattern(rules["advert"]["warning"]),
                 int(rules["advert"]["min_calls"]), int(rules["advert"]["min_own_words"]),
                 int(rules["advert"]["min_service_mentions"]), _pattern(rules["advert"]["seller_voice"]),
                 frozenset(rules["advert"].get("furniture_evidence") or ()),
                 tuple((name, re.compile(letters)) for name, letters in (rules.get("other_languages") or {}).items()),
                 float(rules.get("max_other_language_share", 1.0)))


@dataclass(frozen=True)
class Relevance:
    label: str  # on-topic | advert | off-topic
    why: str


def passages(text: str, law_heading: re.Pattern[str] | None = None) -> list[str]:
    """The sentences and list items of ``text``: the units a topic is counted in. After a line that
    introduces the law the article rests on (``law_heading``), the statute quoted is left out."""
    units = []
    for line in text.split("\n"):
        if law_heading is not None and law_heading.search(line):
            break
        units += [s.strip() for s in split_sentences(line) if han_only(s)]
    return units


def _is_question(unit: str) -> bool:
    """A question names what readers ask about (加微信是真的吗？): neither the page's offer nor a warning."""
    return unit.rstrip("”’」）)").endswith(("？", "?")) or "吗" in unit


def _own_words(unit: str, pattern: re.Pattern[str], least: int) -> list[str]:
    """The matches of ``pattern`` in a passage, unless it is one of them alone (fewer than ``least`` Han
    characters besides it): a bare 联系我们 or 在线咨询 line is the site's menu, not the article speaking;
    加微信免费咨询，一对一服务 stacks its calls and is a pitch."""
    found = [m.group(0) for m in pattern.finditer(unit)]
    return found if len(found) > 1 or len(han_only(pattern.sub("", unit))) >= least else []


def _other_language(text: str, rules: Rules) -> str | None:
    """The language ``text`` is written in when it is not Chinese (``other_languages``), with the share of
    its letters; None for Chinese."""
    han = len(han_only(text))
    for name, letters in rules.other_languages:
        found = len(letters.findall(text))
        if found and found >= rules.max_other_language_share * (found + han):
            return f"{name} ({found} of {found + han} letters)"
    return None


def _terms(found: Counter[str], most: int = 4) -> str:
    return ", ".join(f"{term}×{n}" for term, n in found.most_common(most))


def judge(text: str, rules: Rules | None = None, removed: Iterable[Change] = ()) -> tuple[Relevance, Change]:
    """The article's relevance and why, and the same as a Change for the report. ``removed``: what clean
    took out of the text; the lines of its ``furniture_evidence`` rules are judged with the text."""
    rules = rules or load_rules()
    language = _other_language(text, rules)
    if language is not None:
        return _result(OFF_TOPIC, f"off-topic: written in {language}", Counter())
    evidence = [c.before for c in removed if c.kind == "boilerplate" and c.fix in rules.furniture_evidence]
    units = passages("\n".join(evidence)) + passages(text, rules.law_heading)
    total = sum(len(han_only(u)) for u in units)
    # Each passage is searched once per list: the topic list is long, and searching it was most of the cost.
    topic_hits = [[m.group(0) for m in rules.topic.finditer(u)] for u in units]
    anchored = sum(1 for hits in topic_hits if hits) >= rules.min_anchor
    on_topic = [u for u, hits in zip(units, topic_hits, strict=True)
                if hits or (anchored and rules.context.search(u))]
    share_chars = sum(len(han_only(u)) for u in on_topic)
    share = share_chars / total if total else 0.0
    credit_only = {u for u, hits in zip(units, topic_hits, strict=True)
                   if hits and all(rules.credit.fullmatch(term) for term in hits)}
    trouble_chars = sum(len(han_only(u)) for u in on_topic if u not in credit_only)
    topic_terms = Counter(term for hits in topic_hits for term in hits)
    measured = f"{share_chars} of {total} characters about personal debt"

    if share < rules.min_topic_share:
        # Not about personal debt: what is it about, and is that selling?
        counts = {s.name: Counter(m.group(0) for u in units for m in s.terms.finditer(u)) for s in rules.subjects}
        best = max(rules.subjects, key=lambda s: sum(counts[s.name].values()), default=None)
        if best is not None and sum(counts[best.name].values()) >= rules.min_subject_hits:
            label = ADVERT if best.selling else OFF_TOPIC
            why = f"{label}: {best.why} ({_terms(counts[best.name])}); {measured}"
        else:
            label, why = OFF_TOPIC, f"off-topic: {measured}" + (f" ({_terms(topic_terms)})" if topic_terms else "")
        return _result(label, why, topic_terms)

    # About personal debt: is the page selling something to the reader in trouble?
    stated = [u for u in units if not _is_question(u)]
    warns = [bool(rules.warning.search(u)) for u in stated]
    own = [_QUOTED.sub("", u) for u, warning in zip(stated, warns, strict=True) if not warning]
    warned = [u for u, warning in zip(stated, warns, strict=True) if warning]
    calls = Counter(term for u in own for term in _own_words(u, rules.calls, rules.min_own_words))
    services = Counter(m.group(0) for u in own for m in rules.services.finditer(u))
    warned_services = sum(1 for u in warned if rules.services.search(u))
    if sum(calls.values()) >= rules.min_calls:
        why = f"advert: asks the reader to act for the seller ({_terms(calls)}); {measured}"
        return _result(ADVERT, why, topic_terms)
    voice = Counter(m.group(0) for u in own for m in rules.seller_voice.finditer(u))
    if voice:
        why = f"advert: speaks as a firm whose trade is the reader's debt ({_terms(voice)}); {measured}"
        return _result(ADVERT, why, topic_terms)
    if sum(services.values()) >= rules.min_service_mentions and not warned_services:
        why = f"advert: offers a paid debt service and never warns against it ({_terms(services)}); {measured}"
        return _result(ADVERT, why, topic_terms)
    # Selling or not, is the page about the reader's debt or about another subject that uses credit words?
    elsewhere = _about_something_else(units, total, trouble_chars, rules)
    if elsewhere is not None:
        # Off-topic, not an advert, whatever the subject: a guide to a credit score is not selling by itself.
        subject, subject_chars = elsewhere
        why = (f"off-topic: about {subject.name} more than the reader's debt, in {subject_chars} of {total} "
               f"characters; {measured}, of them {trouble_chars} beyond credit records")
        return _result(OFF_TOPIC, why, topic_terms)
    return _result(ON_TOPIC, f"on-topic: {measured} ({_terms(topic_terms)})", topic_terms)


def _about_something_else(units: list[str], total: int, trouble_chars: int, rules: Rules
                          ) -> tuple[Subject, int] | None:
    """The subject an article is about when its debt words are mostly credit records (a guide to borrowing
    asks whether applying lowers the score): one of ``subjects`` in at least ``min_topic_share`` of its
    characters and in more of them than the reader's own trouble is. None when the trouble holds its own."""
    if not total or trouble_chars >= rules.min_topic_share * total:
        return None
    chars = {s.name: sum(len(han_only(u)) for u in units if s.terms.search(u)) for s in rules.subjects}
    best = max(rules.subjects, key=lambda s: chars[s.name], default=None)
    if best is None or chars[best.name] < rules.min_topic_share * total or chars[best.name] <= trouble_chars:
        return None
    return best, chars[best.name]


def _result(label: str, why: str, topic_terms: Counter[str]) -> tuple[Relevance, Change]:
    evidence = _terms(topic_terms, 8)
    return Relevance(label, why), Change("relevance", label, 0, evidence, why)
