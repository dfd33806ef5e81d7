"""Stage ``repair``: byte- and character-level faults that content farms left in the text.

Each fix is a small function ``text -> (text, [Change])``; :func:`repair` runs them in order. Fixes that
would need a guess are *flagged* (``Change.applied=False``) and the doubtful text is taken out of the
article rather than published: a reader must never meet garbage.

* ``mojibake``: one-byte-shift GBK garbage (``е掠馄诘默F``) is re-aligned by re-encoding it as GBK and
  putting back the lost lead byte, which is inferred only when exactly one dictionary word fits. A span
  that does not come back as plausible text is removed with its sentence and flagged.
* ``pinyin``: ``聯(lián)`` loses ``(lián)`` only when the syllable is a reading of the character before it.
* ``byte-drop``: the GBK pair ``DF A3`` was deleted, so ``诉？`` (``CB DF A3 BF``) became ``丝``
  (``CB BF``). Restored only when the character before plus the restored one is a dictionary word and
  neither the collapsed pair nor the collapsed character with the next one is.
* ``deleted-word``: a space between two Han characters marks a word the farm's filter cut out; flagged.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import opencc
from pypinyin import Style, pinyin

from .lexicon import converter, data, to_simplified, tokenizer, word_frequency
from .record import Change
from .textutil import HAN, is_han

Fix = Callable[[str], tuple[str, list[Change]]]

PINYIN_LETTERS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"

# ------------------------------------------------------------------------------------- language model

@lru_cache(maxsize=1)
def _extra_words() -> dict[str, int]:
    return dict((data("repair_words.yaml") or {}).get("words") or {})


def frequency(word: str) -> int:
    """jieba's frequency of a Simplified word, or the one ``data/repair_words.yaml`` gives it instead."""
    return _extra_words().get(word) or word_frequency(word)


@lru_cache(maxsize=1)
def _extra_prefixes() -> frozenset[str]:
    return frozenset(w[:k] for w in _extra_words() for k in range(1, len(w) + 1))


@lru_cache(maxsize=1)
def _clause_openers() -> tuple[str, ...]:
    return tuple(sorted((data("repair_words.yaml") or {}).get("clause_openers") or [], key=len, reverse=True))


@lru_cache(maxsize=1)
def _log_total() -> float:
    return math.log(tokenizer().total)


# A punctuation mark costs about as much as a common character: a break between clauses is likely.
_PUNCT_LOG_PROB = -3.0
_CJK_PUNCT = "，。、；：？！“”‘’（）《》"
_CANON_PUNCT = "，；：？！（）"
_CLAUSE_END = "。"  # the only mark seen lost as a lead byte (A1 A3), at a sentence end


@lru_cache(maxsize=1 << 17)
def log_prob(text: str) -> float:
    """Log probability of ``text`` (Simplified) as its most likely sequence of words (jieba's unigram
    model, words of up to six characters, unknown characters at frequency 1, punctuation a fixed cost).

    The hot loop of the repairs: written with local lookups, and it stops extending a word as soon as
    no dictionary word starts with it (jieba's dictionary holds every prefix of its words).
    """
    freq, extra, prefixes = tokenizer().FREQ, _extra_words(), _extra_prefixes()
    log, log_total = math.log, _log_total()
    n = len(text)
    best = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        if text[i] in _CJK_PUNCT:
            best[i] = _PUNCT_LOG_PROB + best[i + 1]
            continue
        top = log(extra.get(text[i]) or freq.get(text[i]) or 1) - log_total + best[i + 1]
        for j in range(i + 2, min(n, i + 6) + 1):
            word = text[i:j]
            if word not in freq and word not in prefixes:
                break
            f = extra.get(word) or freq.get(word)
            if f:
                top = max(top, log(f) - log_total + best[j])
        best[i] = top
    return best[0]


@lru_cache(maxsize=65536)
def simplified_char(ch: str) -> str:
    return to_simplified(ch)


@lru_cache(maxsize=4096)
def traditional_char(ch: str) -> str:
    return converter("s2t").convert(ch)


@lru_cache(maxsize=65536)
def _char_frequency(ch: str) -> int:
    return frequency(simplified_char(ch))


def _simplified(text: str) -> str:
    """Character-by-character t2s: enough for scoring, and cheap on the short strings repairs compare."""
    return "".join(simplified_char(ch) for ch in text)


def in_words(text: str) -> list[bool]:
    """For each character of ``text``: does it fall inside a word of two or more characters (longest
    dictionary match from the left, on the Simplified form)?"""
    simplified = _simplified(text)
    flags = [False] * len(text)
    i = 0
    while i < len(simplified):
        j = next((j for j in range(min(len(simplified), i + 6), i + 1, -1)
                  if is_han(simplified[i]) and frequency(simplified[i:j])), i + 1)
        if j - i > 1:
            flags[i:j] = [True] * (j - i)
        i = j
    return flags


def word_coverage(text: str) -> float:
    """Share of Han characters in ``text`` that fall inside words of two or more characters."""
    han = [flag for ch, flag in zip(text, in_words(text), strict=True) if is_han(ch)]
    return sum(han) / len(han) if han else 0.0


# --------------------------------------------------------------------------------------------- mojibake

# Characters that never occur in these articles but do when GBK bytes are read out of step: Greek,
# Cyrillic, box drawing, kana, bopomofo (GBK rows A4-A9), private use, the replacement character.
_STRONG_MARK = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u2500-\u257f\u3040-\u30ff\u3100-\u312f"
                          r"\ue000-\uf8ff\ufffd]")
# Where a garbled span may start: a lost byte shown as '?', or a strong mark.
_SPAN_START = re.compile(rf"\?(?=[?？]*(?:\(?[{PINYIN_LETTERS}]+\))?(?:[^\x00-\x7f]|[@-Z^_`a-z{{|}}~\[\]]))"
                         rf"|{_STRONG_MARK.pattern}")
_PINYIN_JUNK = re.compile(rf"\(?[{PINYIN_LETTERS}]{{1,7}}\)")
_SENTENCE_END = re.compile(r"[。！？；\n]|[?!](?=\s|$)")
# A garbled run reads as words this rarely; text a legitimate '?' precedes reads as words far more often.
MAX_GARBAGE_COVERAGE = 0.5
# log-probability margin by which the best filling of a lost byte must beat the next best, and the same
# for the lost lead byte of a span that has no reading pasted after its '?'. Calibrated with
# tests/corpus/calibrate.py on half the labeled spans (the smallest margins that recover nothing wrong
# there, 2.5 and 4.0, plus 0.5 to spare) and checked on the other half and on sentences of its own
# (CERTAIN_MARGIN 2.5 already recovers some of those wrongly).
CERTAIN_MARGIN = 3.0
BARE_FIRST_MARGIN = 4.5
# The reading in which a whole character vanished (its pair formed no GBK character) has one character
# more, which a unigram model charges in full, so that it always prefers the shorter reading (最好不過 for
# 最好不要超過): this share of the extra character's cost is credited back when the two are compared. None
# for a span with the farm's reading (the reading pins the lost character down); half for a bare span and
# for a character that may be two with a lost pair between them. Set with tests/corpus/calibrate.py on
# calibration.jsonl, which showed those readings taken for certain; checked on fresh.jsonl.
LOST_CHAR_CREDIT = 0.0
BARE_LOST_CHAR_CREDIT = 0.5
LOST_PAIR_CREDIT = 0.5
# How many of the most common characters are tried as a character lost whole inside or before a span.
LOST_CHAR_POOL = 1500
_CANDIDATES_PER_SLOT = 40
MAX_RUN = 40
# A character outside any word and rarer than this, in recovered text, means the reading is wrong.
ORPHAN_FREQ = 10000


@lru_cache(maxsize=4096)
def _gbk(ch: str) -> bytes | None:
    try:
        encoded = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return encoded if len(encoded) == 2 else None


@lru_cache(maxsize=65536)
def _decode_pair(lead: int, trail: int) -> str | None:
    try:
        ch = bytes([lead, trail]).decode("gbk")
    except UnicodeDecodeError:
        return None
    return ch if len(ch) == 1 else None


def _plausible(ch: str | None) -> bool:
    return ch is not None and (is_han(ch) or ch in _CJK_PUNCT)


@lru_cache(maxsize=1)
def _simplified_only() -> frozenset[str]:
    """Simplified forms that OpenCC's s2t writes as another character by default (发 -> 發, 后 -> 後): a
    Traditional text holds them only where its converter left them, as the text itself shows."""
    found = set()
    for line in (Path(opencc.__file__).parent / "dictionary" / "STCharacters.txt").read_text("utf-8").splitlines():
        simplified, _, forms = line.partition("\t")
        if len(simplified) == 1 and forms.split()[:1] != [simplified]:
            found.add(simplified)
    return frozenset(found)


def script_of(text: str) -> frozenset[str]:
    """The characters a lost byte may not be read as in ``text``: when ``text`` is Traditional (it holds
    more Traditional-only than Simplified-only characters), the Simplified-only ones it does not use
    itself (the farms' converters leave a few, such as 并 and 么, and the article shows which)."""
    simplified_only = _simplified_only()
    counts = Counter(text)
    simplified = sum(n for ch, n in counts.items() if ch in simplified_only)
    traditional = sum(n for ch, n in counts.items() if is_han(ch) and simplified_char(ch) != ch)
    if traditional <= simplified:
        return frozenset()
    return _banned(frozenset(ch for ch in counts if ch in simplified_only))


@lru_cache(maxsize=64)
def _banned(used: frozenset[str]) -> frozenset[str]:
    # One object per set of used forms: the candidate caches then find it by identity, not by comparing sets.
    return _simplified_only() - used


@dataclass(frozen=True)
class Span:
    """A garbled span: ``units`` are the byte pairs read out of step; ``lost_trail`` says the last
    original character's second byte was lost (a '?' before the ASCII byte that resynchronised);
    ``resync_trail`` is that ASCII byte when it was the last character's second byte."""

    start: int
    end: int
    units: tuple[bytes, ...]
    lost_trail: bool
    resync_trail: int | None
    reading: str = ""  # the farm's pinyin for the character the lost lead byte was misread into


def parse_span(text: str, start: int) -> Span | None:
    """The garbled span that starts with the lost byte at ``start`` (a '?' or a strong mark)."""
    i = start + 1 if text[start] in "?？" else start
    junk = _PINYIN_JUNK.match(text, i)
    reading = ""
    if junk:
        i = junk.end()
        reading = unicodedata.normalize("NFC", junk.group(0).strip("()").lower())
    units: list[bytes] = []
    # Right after the lost byte, '?' marks are units that read as '？' (A3 BF) and were made ASCII.
    while i + 1 < len(text) and text[i] in "?？" and not text[i + 1].isascii():
        units.append(b"\xa3\xbf")
        i += 1
    lost_trail, resync_trail = False, None
    while i < len(text) and len(units) < MAX_RUN:
        ch = text[i]
        if ch.isascii():
            if (ch == "?" and i + 1 < len(text) and text[i + 1].isascii()) or (ch == "?" and i + 1 == len(text)):
                lost_trail = True
                i += 1
            elif 0x40 <= ord(ch) <= 0x7E:
                resync_trail = ord(ch)
                i += 1
            else:
                return None  # a byte below 0x40 right after a whole character: the text is in step
            break
        encoded = _gbk(ch)
        if encoded is None or ch in _CANON_PUNCT:
            return None  # canon writes these for ASCII marks, so they end a run as the ASCII ones do
        units.append(encoded)
        i += 1
    else:
        return None  # no byte put the decoder back in step: not a one-byte shift
    if not units and resync_trail is None:
        return None
    return Span(start, i, tuple(units), lost_trail, resync_trail, reading)


def _slots(span: Span) -> list[tuple[int | None, int | None]]:
    """The original characters as (lead, trail) byte pairs; ``None`` where the byte was lost."""
    stream: list[int | None] = [None]
    for unit in span.units:
        stream.extend(unit)
    if span.resync_trail is not None:
        stream.append(span.resync_trail)
    else:
        stream.append(None)
    if len(stream) % 2:
        return []
    return [(stream[i], stream[i + 1]) for i in range(0, len(stream), 2)]


def _candidates(lead: int | None, trail: int | None, left: str, right: str, reading: str = "",
                banned: frozenset[str] = frozenset()) -> list[str]:
    """The candidates for a slot (see :func:`_candidate_tuple`); only the nearest neighbours matter."""
    return list(_candidate_tuple(lead, trail, left[-1:], right[:1], reading, banned))


def clear_caches() -> None:
    """Forget what the word model and the candidate lists remember (benchmarks measure a cold start)."""
    log_prob.cache_clear()
    _window_log_prob.cache_clear()
    _realign_bytes.cache_clear()
    _candidate_tuple.cache_clear()
    _word_pair_tuple.cache_clear()
    _pair_rules_out.cache_clear()


@lru_cache(maxsize=1 << 14)
def _candidate_tuple(lead: int | None, trail: int | None, left: str, right: str, reading: str,
                     banned: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Characters a slot with a lost byte can hold, the likeliest (by words with its neighbours) first;
    none of ``banned`` (the characters the text's script does not use, see :func:`script_of`).

    For the first character, ``reading`` (the pinyin the farm gave the character it misread from the
    trail byte of ``left``'s last character and the lost lead byte) narrows the lead byte down.
    """
    if lead is not None and trail is not None:
        ch = _decode_pair(lead, trail)
        return (ch,) if ch else ()
    found = set()
    if lead is None and trail is not None:
        previous = _gbk(left[-1]) if left else None
        for ch in _with_trail(trail, banned):
            if reading and previous:
                misread = _decode_pair(previous[1], _gbk(ch)[0])
                if misread is None or reading not in readings(misread) | neutral_readings(misread):
                    continue
            found.add(ch)
    elif lead is not None:
        found.update(_with_lead(lead, banned))
    left_s, right_s = _simplified(left[-1:]), _simplified(right[:1])

    def key(ch: str) -> tuple[int, str]:
        s = simplified_char(ch)
        return (frequency(left_s + s) + frequency(s + right_s) + frequency(s) // 100, ch)

    punctuation = sorted(ch for ch in found if ch in _CJK_PUNCT)
    return (*punctuation, *sorted(found - set(punctuation), key=key, reverse=True)[:_CANDIDATES_PER_SLOT])


@lru_cache(maxsize=4096)
def _with_lead(lead: int, banned: frozenset[str]) -> tuple[str, ...]:
    """The plausible characters (not ``banned``) whose first GBK byte is ``lead``."""
    return tuple(ch for t in range(0x80, 0xFF) if _plausible(ch := _decode_pair(lead, t)) and ch not in banned)


@lru_cache(maxsize=4096)
def _with_trail(trail: int, banned: frozenset[str]) -> tuple[str, ...]:
    """The plausible characters (not ``banned``) whose second GBK byte is ``trail``."""
    return tuple(ch for b in range(0x81, 0xFF) if _plausible(ch := _decode_pair(b, trail)) and ch not in banned)


def _score(left: str, middle: str, right: str) -> float:
    return _window_log_prob(left[-4:] + middle + right[:4])


@lru_cache(maxsize=1 << 17)
def _window_log_prob(window: str) -> float:
    return log_prob(_simplified(window))


def _fill(slots: list[list[str]], left: str, right: str, first_margin: float = 0.0) -> str | None:
    """Choose a character for every slot (a list of candidates), each choice in the context of the whole
    span: every slot starts at its likeliest candidate by its neighbours, then each is chosen again with
    the others fixed, until nothing changes. ``None`` when a choice is not clearly better than the next
    best with all the others in place (``first_margin`` for the first slot, a lost lead byte)."""
    if any(not options for options in slots):
        return None
    chosen = [options[0] for options in slots]
    open_slots = [index for index, options in enumerate(slots) if len(options) > 1]
    margins = {}
    for _ in range(3):
        changed = False
        for index in open_slots:
            before, after = left + "".join(chosen[:index]), "".join(chosen[index + 1:]) + right
            scored = sorted(((_score(before, ch, after), ch) for ch in slots[index]), reverse=True)
            margins[index] = scored[0][0] - scored[1][0]
            if scored[0][1] != chosen[index]:
                chosen[index], changed = scored[0][1], True
        if not changed:
            break
    else:
        return None  # the choices do not settle
    for index, margin in margins.items():
        # A lost byte that was a full stop is told apart by the break it makes, not by its neighbours.
        needed = max(CERTAIN_MARGIN, first_margin) if index == 0 and chosen[0] not in _CLAUSE_END else CERTAIN_MARGIN
        if margin < needed:
            return None
    return "".join(chosen)


def _split_fill(pairs: list[tuple[int | None, int | None]], at: int, left: str, right: str,
                reading: str = "", first_margin: float = 0.0, banned: frozenset[str] = frozenset()) -> str | None:
    """Fill the slots with one lost unit (a byte pair that decoded to nothing) inside character ``at``:
    its lead byte begins character ``at`` and its trail byte ends the character after it."""
    lead, trail = pairs[at]
    if lead is None or trail is None:
        return None
    head = _fill([_candidates(a, b, left, right, reading if n == 0 else "", banned)
                  for n, (a, b) in enumerate(pairs[:at])], left, "", first_margin)
    if head is None:
        return None
    tail_pairs = pairs[at + 1:]
    tail = _fill([_candidates(a, b, left, right, "", banned) for a, b in tail_pairs], "", right) if tail_pairs else ""
    if tail is None:
        return None
    xs, ys = _with_lead(lead, banned), _with_trail(trail, banned)
    before, after = left + head, tail + right
    scored = []
    for x, y in _word_pairs(xs, ys, before[-2:], after[:2]):
        if _decode_pair(_gbk(x)[1], _gbk(y)[0]) is not None:
            continue  # the lost pair decoded to something, so it would not have been lost
        scored.append((_score(before, x + y, after), x + y))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] - scored[1][0] < CERTAIN_MARGIN):
        return None
    return head + scored[0][1] + tail


def realign(span: Span, left: str = "", right: str = "", banned: frozenset[str] = frozenset()) -> str | None:
    """Read a garbled span back in step, inferring lost bytes where the context makes them certain.

    ``left`` and ``right`` are the intact text around the span. Tried first without lost pairs; where
    that does not read as words, with one lost byte pair inside each suspicious character in turn.
    """
    # Where the span stands does not matter, only its bytes and context: republished copies of an
    # article carry the same garbled spans, and are read back once.
    return _realign_bytes(replace(span, start=0, end=0), left, right, banned)


@lru_cache(maxsize=4096)
def _realign_bytes(span: Span, left: str, right: str, banned: frozenset[str]) -> str | None:
    found = _realign(span, left, right, banned)
    return found if found is None or _pairs_balanced(left, found, right) else None


_PAIRED = {"“": "”", "‘": "’", "（": "）", "《": "》"}


def _pairs_balanced(left: str, found: str, right: str) -> bool:
    """A quotation mark or bracket read from lost bytes needs its partner in the text around it: the
    word model charges a lone mark no more than a comma, though it garbles the sentence."""
    for i, ch in enumerate(found):
        if ch in _PAIRED and _PAIRED[ch] not in found[i + 1:] + right:
            return False
        if ch in _PAIRED.values():
            opener = next(o for o, c in _PAIRED.items() if c == ch)
            if opener not in left + found[:i]:
                return False
    return True


def _realign(span: Span, left: str, right: str, banned: frozenset[str]) -> str | None:
    pairs = _slots(span)
    if not pairs:
        return None

    def misfits(found: str) -> list[int]:
        """Positions of recovered characters that sit in no word and are not common on their own."""
        before, after = _strip_ascii(left)[-3:], _strip_ascii(right)[:3]
        flags = in_words(before + found + after)[len(before):len(before) + len(found)]
        return [i for i, (ch, flag) in enumerate(zip(found, flags, strict=True))
                if is_han(ch) and not flag and frequency(simplified_char(ch)) < ORPHAN_FREQ]

    # Without the farm's reading, the lost lead byte has only the words around it to go by.
    first_margin = 0.0 if span.reading else BARE_FIRST_MARGIN
    text = _fill([_candidates(a, b, left, right, span.reading if n == 0 else "", banned)
                  for n, (a, b) in enumerate(pairs)], left, right, first_margin)
    lost_start = _lost_start_with_reading(pairs, left, right, span.reading, banned) if span.reading else None
    if text is not None and len(text) == len(pairs):
        suspects = misfits(text)
        if not suspects:
            own = _score(left, text, right)
            if lost_start is not None and not misfits(lost_start[1]) and lost_start[0] >= own + CERTAIN_MARGIN:
                return None if _lost_between_fits(left, lost_start[1][:2], lost_start[1][2:] + right, 0.0,
                                                  banned) else lost_start[1]
            if lost_start is not None and lost_start[0] > own - CERTAIN_MARGIN:
                # The farm's reading fits a lost first character about as well (工作法以後 or 工作穩定以後).
                return None
            # A full stop read from a lost lead byte is told apart by the break it makes (see _fill).
            credit = LOST_CHAR_CREDIT if span.reading or text[0] in _CLAUSE_END else BARE_LOST_CHAR_CREDIT
            if _lost_start_fits(pairs, text, left, right, credit=credit, banned=banned, reading=span.reading):
                return None
            if _lost_pair_fits(pairs, text, left, right, banned, LOST_PAIR_CREDIT):
                return None
            return None if span.lost_trail and _lost_end_fits(pairs, text, left, right, banned) else text
    else:
        suspects = list(range(len(pairs)))
    if lost_start is not None and not misfits(lost_start[1]):
        # The reading in step does not read as words; one with a lost first character does.
        found = lost_start[1]
        return None if _lost_between_fits(left, found[:2], found[2:] + right, 0.0, banned) else found
    # A misread character may be two characters whose shared byte pair GBK could not decode.
    best: tuple[float, str] | None = None
    for at in suspects:
        found = _split_fill(pairs, at, left, right, span.reading, first_margin, banned)
        if found is None or misfits(found):
            continue
        # A second lost pair, elsewhere in the span, may fit about as well (也覈實 or 也要核實).
        split_pairs = [*pairs[:at], (pairs[at][0], None), (None, pairs[at][1]), *pairs[at + 1:]]
        if not _lost_between_fits(left, found, right, LOST_CHAR_CREDIT, banned) \
                and not _lost_pair_fits(split_pairs, found, left, right, banned, LOST_PAIR_CREDIT):
            score = _score(left, found, right)
            if best is None or score > best[0]:
                best = (score, found)
    return best[1] if best else None


def _lost_start_with_reading(pairs: list[tuple[int | None, int | None]], left: str, right: str, reading: str,
                             banned: frozenset[str]) -> tuple[float, str] | None:
    """The reading in which the span's first character was lost whole (see :func:`_lost_start_fits`),
    when the farm's pinyin narrows that character's lead byte down: (its score, the text), or ``None``
    when it is not certain. Its trail byte and the next character's lead byte formed no GBK character;
    the next character's trail byte is the span's first byte."""
    previous = _gbk(left[-1]) if left else None
    trail = pairs[0][1]
    if previous is None or trail is None:
        return None
    rest = _fill([_candidates(a, b, "", right, "", banned) for a, b in pairs[1:]], "", right) if pairs[1:] else ""
    if rest is None:
        return None
    leads = [b for b in range(0x81, 0xFF) if (misread := _decode_pair(previous[1], b)) is not None
             and reading in readings(misread) | neutral_readings(misread)]
    firsts = [ch for b in leads for t in sorted(_LOSABLE_TRAILS)
              if _plausible(ch := _decode_pair(b, t)) and ch not in banned and ch not in _CJK_PUNCT]
    seconds = _with_trail(trail, banned)
    scored = sorted(((_score(left, first + second + rest, right), first + second + rest)
                     for first, second in _word_pairs(firsts, seconds, left[-2:], rest[:2])
                     if _decode_pair(_gbk(first)[1], _gbk(second)[0]) is None), reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] - scored[1][0] < CERTAIN_MARGIN):
        return None
    return scored[0]


# Trail bytes after which the next character's lead byte makes a pair GBK cannot decode (so both are lost).
_LOSABLE_TRAILS = frozenset([0x80, *range(0xA1, 0xB0), *range(0xF8, 0xFF)])


@lru_cache(maxsize=4)
def _common_chars(count: int = 300) -> tuple[str, ...]:
    """The most frequent single characters of jieba's dictionary."""
    singles = [(f, w) for w, f in tokenizer().FREQ.items() if len(w) == 1 and f and is_han(w)]
    return tuple(w for _, w in sorted(singles, reverse=True)[:count])


def _lost_start_fits(pairs: list[tuple[int | None, int | None]], text: str, left: str, right: str,
                     credit: float = 0.0, banned: frozenset[str] = frozenset(), reading: str = "") -> bool:
    """Could a whole character have been lost before the reading ``text``? When the first character's
    trail byte and the next one's lead byte formed no GBK character, the first character vanishes and
    the reading starts one character late (会不会直接 -> 会不直接). That alternative must not fit about
    as well as ``text`` does; ``credit`` is the share of the extra character's cost not charged (a span
    without the farm's reading has nothing else to tell the two apart). Two characters lost in a row
    (最好不要超過 -> 最好不?^) are tried too, with the second one joining a word with the reading."""
    trail = pairs[0][1]
    if trail is None:
        return False
    seconds = _candidates(None, trail, left, text[1:], "", banned)[:20]
    lefts = {simplified_char(left[-1:])} if left else set()
    # jieba's common characters are Simplified: in a Traditional text, their Traditional forms.
    commons = [traditional_char(c) for c in _common_chars()] if banned else _common_chars()
    firsts = [c for c in commons if c not in banned and (_gbk(c) or b"\0\0")[1] in _LOSABLE_TRAILS]
    firsts += [ch for w in _extra_words() if len(w) == 2 and w[0] in lefts and (ch := w[1]) not in firsts]
    previous = _gbk(left[-1]) if left else None
    if reading and previous:
        # The farm's reading belongs to the character misread from the byte before and the lost
        # character's lead byte: only characters with such a lead byte can have been lost.
        firsts = [c for c in firsts if (misread := _decode_pair(previous[1], _gbk(c)[0])) is not None
                  and reading in readings(misread) | neutral_readings(misread)]
    rest = text[1:]
    own = _score(left, text, right)
    for first, second in _word_pairs(firsts, seconds, left[-2:], rest[:2]):
        if _decode_pair(_gbk(first)[1], _gbk(second)[0]) is not None:
            continue  # that pair would have decoded to a character, not vanished
        extra = log_prob(simplified_char(first)) * credit
        if _score(left, first + second + rest, right) - extra >= own - CERTAIN_MARGIN:
            return True
    if not credit:
        return False  # charged in full, two lost characters are not expected to fit where one did not
    for first, lost in _word_pairs(firsts, _losable_commons(banned), left[-2:], text[:2]):
        if _decode_pair(_gbk(first)[1], _gbk(lost)[0]) is not None or _decode_pair(_gbk(lost)[1], _gbk(text[0])[0]):
            continue
        extra = log_prob(_simplified(first + lost)) * credit
        if _score(left, first + lost + text, right) - extra >= own - CERTAIN_MARGIN:
            return True
    return False


@lru_cache(maxsize=64)
def _losable_commons(banned: frozenset[str]) -> list[str]:
    """Common characters (in the text's script) whose trail byte can make a pair GBK cannot decode."""
    commons = [traditional_char(c) for c in _common_chars(LOST_CHAR_POOL)] if banned else _common_chars(LOST_CHAR_POOL)
    return [c for c in commons if c not in banned and (_gbk(c) or b"\0\0")[1] in _LOSABLE_TRAILS]


def _lost_between_fits(before: str, found: str, after: str, credit: float, banned: frozenset[str]) -> bool:
    """Could a whole common character have been lost between any two characters of ``found`` (果過 for
    果超過: both pairs around 超 formed no GBK character)? Such a reading must not fit about as well."""
    for at in range(len(found) - 1):
        x, y = _gbk(found[at]), _gbk(found[at + 1])
        if x is None or y is None or x[1] not in _LOSABLE_TRAILS:
            continue
        head, tail = before + found[:at + 1], found[at + 1:] + after
        own = _score(head, "", tail)
        for lost in _losable_commons(banned):
            code = _gbk(lost)
            if _decode_pair(x[1], code[0]) is not None or _decode_pair(code[1], y[0]) is not None:
                continue
            if _score(head, lost, tail) - log_prob(simplified_char(lost)) * credit >= own - CERTAIN_MARGIN:
                return True
    return False


def _lost_pair_fits(pairs: list[tuple[int | None, int | None]], text: str, left: str, right: str,
                    banned: frozenset[str] = frozenset(), credit: float = 0.0) -> bool:
    """Could any character of the reading ``text`` be two characters whose shared byte pair formed no GBK
    character (不曏深夜 for 不會在深夜: 會's trail FE and 在's lead made nothing, and 會's lead with 在's
    trail reads as 曏)? Such a reading must not fit about as well as ``text`` does."""
    for at, (lead, trail) in enumerate(pairs):
        if lead is None or trail is None:
            continue
        xs = _losable_leads(lead, banned)
        ys = _with_trail(trail, banned)
        before, after = left + text[:at], text[at + 1:] + right
        own = _score(before, text[at], after)
        for x, y in _word_pairs(xs, ys, before[-2:], after[:2]):
            if _decode_pair(_gbk(x)[1], _gbk(y)[0]) is not None:
                continue
            extra = log_prob(simplified_char(x if y == text[at] else y)) * credit
            if _score(before, x + y, after) - extra >= own - CERTAIN_MARGIN:
                return True
    return False


@lru_cache(maxsize=4096)
def _losable_leads(lead: int, banned: frozenset[str]) -> list[str]:
    """Characters with this lead byte whose trail byte can make a pair GBK cannot decode."""
    return [ch for ch in _with_lead(lead, banned) if _gbk(ch)[1] in _LOSABLE_TRAILS]


def _lost_end_fits(pairs: list[tuple[int | None, int | None]], text: str, left: str, right: str,
                   banned: frozenset[str] = frozenset()) -> bool:
    """Could a whole character have been lost before the '?' that ends a span (儘早還清, -> 儘早還?,)?
    When the last character's trail byte was lost, the '?' is one byte; but it may as well be the trail
    byte of a character after it, the pair between them having formed no GBK character. That
    alternative must not fit about as well as ``text`` does."""
    lead = pairs[-1][0]
    if pairs[-1][1] is not None or lead is None:
        return False
    lasts = [c for c in _candidates(lead, None, left, right, "", banned)
             if (_gbk(c) or b"\0\0")[1] in _LOSABLE_TRAILS]
    commons = [traditional_char(c) for c in _common_chars()] if banned else list(_common_chars())
    head = text[:-1]
    follows = _two_char_words()
    joined = [c for last in lasts for c in sorted(follows.get(simplified_char(last), ()))]
    if banned:
        joined = [traditional_char(c) for c in joined]
    afters = list(dict.fromkeys(c for c in [*commons, *joined] if c not in banned and _gbk(c)))
    own = _score(left + head, text[-1], right)
    for last, after in _word_pairs(lasts, afters, (left + head)[-2:], right[:2]):
        if _decode_pair(_gbk(last)[1], _gbk(after)[0]) is not None:
            continue
        extra = log_prob(simplified_char(after)) * LOST_CHAR_CREDIT
        if _score(left + head, last + after, right) - extra >= own - CERTAIN_MARGIN:
            return True
    return False


def _word_pairs(firsts: list[str], seconds: list[str], before: str, after: str) -> list[tuple[str, str]]:
    return list(_word_pair_tuple(tuple(firsts), tuple(seconds), before, after))


@lru_cache(maxsize=4096)
def _word_pair_tuple(firsts: tuple[str, ...], seconds: tuple[str, ...], before: str, after: str
                     ) -> tuple[tuple[str, str], ...]:
    """Pairs of candidates worth scoring: each one in a word with a neighbour or common on its own.

    Scoring is the expensive part of inferring lost bytes; a pair in which a character joins no word
    and is not a common character cannot win, so it is not scored. ``before`` and ``after`` are up to two
    characters each: a three-character word (律师函) counts as a word with the neighbours.
    """
    common, follows = _very_common(), _two_char_words()
    b2, a2 = _simplified(before[-2:]), _simplified(after[:2])
    b, a = b2[-1:], a2[:1]
    # The pair of the most frequent characters stands for all the pairs left out: none of them can
    # score better, so a margin measured against it is a true margin.
    pairs = []
    if firsts and seconds:
        pairs.append((max(firsts, key=_char_frequency),
                      max(seconds, key=_char_frequency)))
    by_simplified: dict[str, list[str]] = {}
    for y in seconds:
        by_simplified.setdefault(simplified_char(y), []).append(y)
    y_alone = [y for sy, ys in by_simplified.items()
               if sy in common or (a and a in follows.get(sy, ())) or (len(a2) == 2 and frequency(sy + a2))
               for y in ys]
    for x in firsts:
        sx = simplified_char(x)
        joined = [y for sy in follows.get(sx, frozenset()) & by_simplified.keys() for y in by_simplified[sy]]
        in_word = (b and sx in follows.get(b, ())) or (len(b2) == 2 and frequency(b2 + sx))
        alone = y_alone if sx in common or in_word else []
        for y in dict.fromkeys(joined + alone):
            if (x, y) != pairs[0]:
                pairs.append((x, y))
    return tuple(pairs)


@lru_cache(maxsize=1)
def _two_char_words() -> dict[str, frozenset[str]]:
    """For each character, the characters that follow it in a two-character dictionary word."""
    follows: dict[str, set[str]] = {}
    for word, freq in [*tokenizer().FREQ.items(), *_extra_words().items()]:
        if len(word) == 2 and freq:
            follows.setdefault(word[0], set()).add(word[1])
    return {first: frozenset(rest) for first, rest in follows.items()}


@lru_cache(maxsize=1)
def _very_common() -> frozenset[str]:
    return frozenset(_common_chars()[:60])


def _strip_ascii(text: str) -> str:
    return re.sub(r"[\x00-\x7f]", "", text)


def _is_garbage(text: str, span: Span) -> bool:
    """A span is garbage when it holds a strong mark, ends in a lost byte right before punctuation
    (``恐只?,``), ends in a stray Latin letter between Chinese characters (``默F(``, ``鹪V,``), or reads
    as almost no words; a '?' before ordinary text is a question mark."""
    garbled = text[span.start:span.end]
    after = text[span.end:span.end + 1]
    if _STRONG_MARK.search(garbled):
        return True
    if span.lost_trail and after and after in ",.;:!?()，。；：！？（）\n":
        return True
    if span.resync_trail is not None and span.units and (not after or not after.isascii() or after in ",.;:!?("):
        return True
    return word_coverage(garbled) <= MAX_GARBAGE_COVERAGE


_PINYIN_AFTER = re.compile(rf"[(（]([{PINYIN_LETTERS}]{{1,7}})[)）]")


def _is_reading(syllable: str, char: str) -> bool:
    syllable = unicodedata.normalize("NFC", syllable.lower())
    return syllable in readings(char) or syllable in neutral_readings(char)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    if m and m.group(0) == "\n":
        right -= 1
    return left, right


def _intact_left(text: str, start: int) -> str:
    """The characters before a span, without a pinyin annotation in between."""
    return re.sub(rf"\([{PINYIN_LETTERS}]+\)", "", text[max(0, start - 24):start])[-6:]


def _without_garbage(text: str) -> str:
    """``text`` without its garbled spans, whose characters say nothing of the script it is written in
    (most of GBK's common characters are Simplified)."""
    kept, pos = [], 0
    for m in _SPAN_START.finditer(text):
        if m.start() < pos:
            continue
        span = parse_span(text, m.start())
        end = span.end if span is not None and _is_garbage(text, span) else m.end() if _STRONG_MARK.match(
            text, m.start()) else m.start()
        kept.append(text[pos:m.start()])
        pos = max(end, m.start())
    kept.append(text[pos:])
    return "".join(kept)


def fix_mojibake(text: str) -> tuple[str, list[Change]]:
    """One-byte-shift GBK garbage read back in step; what cannot be recovered goes, with its sentence."""
    changes: list[Change] = []
    out: list[str] = []
    pos = 0
    banned: frozenset[str] | None = None  # worked out at the first garbled span: most texts have none
    for m in _SPAN_START.finditer(text):
        if m.start() < pos:
            continue
        span = parse_span(text, m.start())
        if span is None and not _STRONG_MARK.match(text, m.start()):
            continue
        if span is not None and not _is_garbage(text, span):
            continue  # a legitimate question mark before ordinary text
        recovered = None
        if span is not None:
            right = re.sub(rf"\([{PINYIN_LETTERS}]+\)", "", text[span.end:span.end + 24])[:6]
            if banned is None:
                banned = script_of(_without_garbage(text))
            recovered = realign(span, _intact_left(text, span.start), right, banned)
        if span is not None and recovered is not None:
            end = span.end
            # The farm's reading of the last character, pasted after the byte that resynchronised (現(xiàn)).
            note = _PINYIN_AFTER.match(text, end)
            if note and recovered and _is_reading(note.group(1), recovered[-1]):
                end = note.end()
            changes.append(Change("mojibake", "realigned", span.start, text[span.start:end], recovered))
            out.append(text[pos:span.start])
            out.append(recovered)
            pos = end
            continue
        # Not recoverable with certainty: remove the whole sentence and flag it.
        left, end = _sentence_bounds(text, m.start(), span.end if span else m.end())
        left = max(left, pos)
        changes.append(Change("mojibake", "sentence-removed", left, text[left:end], "", applied=False))
        out.append(text[pos:left])
        pos = end
    out.append(text[pos:])
    return "".join(out), changes


# ----------------------------------------------------------------------------------------------- pinyin

_PINYIN_NOTE = re.compile(rf"(?<=[{HAN}])[(（]([{PINYIN_LETTERS}]{{1,7}})[)）]")
_TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ")


@lru_cache(maxsize=8192)
def readings(ch: str) -> frozenset[str]:
    """Toned pinyin readings of a character, in either script."""
    found: set[str] = set()
    for variant in {ch, to_simplified(ch)}:
        for options in pinyin(variant, style=Style.TONE, heteronym=True, errors="ignore"):
            found.update(unicodedata.normalize("NFC", o.lower()) for o in options)
    return frozenset(found)


@lru_cache(maxsize=8192)
def neutral_readings(ch: str) -> frozenset[str]:
    """Readings without tone marks: the farms write a neutral tone bare (們(men), 個(ge))."""
    stripped = (unicodedata.normalize("NFD", r) for r in readings(ch))
    return frozenset("".join(c for c in r if not unicodedata.combining(c)).replace("u\u0308", "ü") for r in stripped)


def fix_pinyin(text: str) -> tuple[str, list[Change]]:
    changes: list[Change] = []

    def replace(m: re.Match[str]) -> str:
        syllable = unicodedata.normalize("NFC", m.group(1).lower())
        char = m.string[m.start() - 1]
        if syllable in readings(char) or (not _TONE_MARKS & set(syllable) and syllable in neutral_readings(char)):
            changes.append(Change("pinyin", "annotation", m.start(), char + m.group(0), char))
            return ""
        if _TONE_MARKS & set(syllable):
            changes.append(Change("pinyin", "unverified-annotation", m.start(), char + m.group(0),
                                  char + m.group(0), applied=False))
        return m.group(0)

    return _PINYIN_NOTE.sub(replace, text), changes


# -------------------------------------------------------------------------------------------- byte-drop

# Full-width punctuation whose GBK code is A3 xx, by its second byte.
_A3_PUNCT = {0xAC: "，", 0xBF: "？", 0xBB: "；", 0xBA: "：", 0xA1: "！", 0xA8: "（", 0xA9: "）"}
# How much more likely (natural log of the ratio, by jieba's unigram model) the restored text must be
# than the collapsed one. Chosen on tests/corpus: the smallest margin that leaves every clean sentence
# alone with room to spare.
BYTE_DROP_MARGIN = 2.0
# A restored character that completes no word with the one before it (走 in 转走，) must be a common
# word on its own and win by more.
STANDALONE_FREQ = 1000
STANDALONE_MARGIN = 4.0
# Bonus (log) for a restored punctuation mark that stands before a word that opens clauses (也, 更, 千万 …).
OPENER_BONUS = 1.5


_HAN_TAIL = re.compile(rf"[{HAN}]*$")
_HAN_HEAD = re.compile(rf"[{HAN}]*")


@lru_cache(maxsize=1)
def collapse_table() -> dict[str, tuple[str, str]]:
    """Every character a DF A3 deletion can produce -> (the character ending in DF, the punctuation)."""
    table = {}
    for lead in range(0x81, 0xFF):
        try:
            original = bytes([lead, 0xDF]).decode("gbk")
        except UnicodeDecodeError:
            continue
        if not is_han(original):
            continue
        for trail, punct in _A3_PUNCT.items():
            try:
                collapsed = bytes([lead, trail]).decode("gbk")
            except UnicodeDecodeError:
                continue
            table[collapsed] = (original, punct)
    return table


@lru_cache(maxsize=1)
def _collapsed_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?<=[{HAN}])[{''.join(sorted(collapse_table()))}]")


@lru_cache(maxsize=1)
def _word_endings() -> frozenset[str]:
    """The last two characters of every dictionary word of two or more characters."""
    return frozenset(word[-2:] for word, freq in [*tokenizer().FREQ.items(), *_extra_words().items()]
                     if len(word) >= 2 and freq)


def _ends_a_word(left: str, original: str) -> bool:
    """Does ``original`` end a dictionary word with the characters before it (or stand as a word)?"""
    # Most candidates end no word at all: one set lookup settles them before any longer word is tried.
    if simplified_char(left[-1]) + simplified_char(original) not in _word_endings():
        return False
    return any(frequency(_simplified(left[-k:] + original)) for k in range(1, min(3, len(left)) + 1))


def warm_up() -> None:
    """Build the tables the repairs look words up in (before worker processes fork, to share them)."""
    _two_char_words()
    _word_endings()


@lru_cache(maxsize=1 << 16)
def _pair_rules_out(previous: str, ch: str) -> bool:
    """The tests of :func:`fix_byte_drop` that need only the collapsed character and the one before it:
    the two make a word as they stand (决不, 宅子 after 老, 肉脯), or the restored character ends no
    word after ``previous`` and is too rare to stand alone."""
    original = collapse_table()[ch][0]
    before, current = simplified_char(previous), simplified_char(ch)
    if current in _two_char_words().get(before, ()):
        return True
    ends_a_word = before + simplified_char(original) in _word_endings()
    return not ends_a_word and word_frequency(simplified_char(original)) < STANDALONE_FREQ


def fix_byte_drop(text: str) -> tuple[str, list[Change]]:
    """Restore ``诉？`` from ``丝`` where the restored text is far more likely than the collapsed one.

    The collapsed pair must not be a word itself (决不 stays: it may be 决不 or 决策；), the restored
    character must end a dictionary word with what precedes it, and the text with the character and the
    punctuation restored must beat the collapsed text by :data:`BYTE_DROP_MARGIN` under jieba's model.
    """
    changes: list[Change] = []
    out: list[str] = []
    pos = 0
    follows = _two_char_words()
    for m in _collapsed_pattern().finditer(text):
        i = m.start()
        ch = m.group(0)
        # Most candidates are ordinary characters (一, 不, 定 …) in ordinary words: settled by the pair alone.
        if _pair_rules_out(text[i - 1], ch):
            continue
        original, punct = collapse_table()[ch]
        current = simplified_char(ch)
        left = _HAN_TAIL.search(text, max(0, i - 4), i).group(0)
        completes_word = _ends_a_word(left, original)
        if not completes_word:
            if word_frequency(simplified_char(original)) < STANDALONE_FREQ:
                continue
            if i + 1 < len(text) and simplified_char(text[i + 1]) in follows.get(current, ()):
                continue  # 被告, 报告, 住房: the collapsed character starts a word with the next one
        right = _HAN_HEAD.match(text, i + 1, i + 5).group(0)
        collapsed = log_prob(_simplified(left + ch + right))
        restored = log_prob(_simplified(left + original)) + log_prob(_simplified(right))
        if _simplified(right).startswith(_clause_openers()):
            restored += OPENER_BONUS
        if restored - collapsed < (BYTE_DROP_MARGIN if completes_word else STANDALONE_MARGIN):
            continue
        out.append(text[pos:i])
        out.append(original + punct)
        pos = i + 1
        changes.append(Change("byte-drop", "restored", i, text[max(0, i - 1):i + 1],
                              text[max(0, i - 1):i] + original + punct))
    out.append(text[pos:])
    return "".join(out), changes


# ----------------------------------------------------------------------------------------- deleted word

_GAP = re.compile(rf"(?<=[{HAN}])[ \u3000]+(?=[{HAN}])")


# A space between a Chinese character and punctuation: usually a typing slip (canon removes it), but
# where a filter cut out a word at a clause's end (遇到暴力 ，) the word is put back when certain.
_GAP_BEFORE_PUNCT = re.compile(rf"(?<=[{HAN}])[ \u3000]+(?=[，。、；：？！,.;:?!])")


# A conjunction right before sentence punctuation lost the word it joined (记录和。 <- 记录和征信。).
_DANGLING = re.compile(rf"(?<=[{HAN}])(和|与|與|及|以及|或)(?=[。，；！？,.;!?])")


def flag_deleted_words(text: str) -> tuple[str, list[Change]]:
    """Where a filter cut a word out: a space inside Chinese text (joined), or a conjunction left
    dangling before punctuation (dropped, unless it ends a word such as 温和 or 参与). Both flagged.

    A space that splits a word (逾 期) is a typing slip, not a deleted word: it is joined as typography.
    """
    changes: list[Change] = []

    def filled(m: re.Match[str]) -> str | None:
        """The deleted word put back into the space ``m`` (recorded), when :func:`fill_gap` is certain."""
        word = fill_gap(m.string[max(0, m.start() - 6):m.start()], m.string[m.end():m.end() + 6])
        if word is not None:
            changes.append(Change("deleted-word", "gap-filled", m.start(), m.group(0), word))
        return word

    def gap(m: re.Match[str]) -> str:
        around = m.string[m.start() - 1] + m.string[m.end()]
        if frequency(_simplified(around)):
            changes.append(Change("typography", "space-in-word", m.start(), m.group(0), ""))
        elif word := filled(m):
            return word
        else:
            changes.append(Change("deleted-word", "gap", m.start(), m.string[max(0, m.start() - 4):m.end() + 4],
                                  "", applied=False))
        return ""

    text = _GAP.sub(gap, text)

    text = _GAP_BEFORE_PUNCT.sub(lambda m: filled(m) or m.group(0), text)

    def dangling(m: re.Match[str]) -> str:
        if word_frequency(to_simplified(m.string[m.start() - 1] + m.group(1))):
            return m.group(0)
        changes.append(Change("deleted-word", "dangling-conjunction", m.start(),
                              m.string[max(0, m.start() - 6):m.end() + 1], "", applied=False))
        return ""

    return _DANGLING.sub(dangling, text), changes


# log-probability margin by which the word put into a gap must beat every other deleted word there.
GAP_FILL_MARGIN = 3.0


@lru_cache(maxsize=1)
def _deleted_words() -> tuple[str, ...]:
    return tuple((data("deleted_words.yaml") or {}).get("words", ()))


def _joins_a_word(before: str, word: str, after: str) -> bool:
    """Does ``word`` make a dictionary word with up to three characters on either side (暴力 + 催收)?"""
    b, w, a = _simplified(before[-3:]), _simplified(word), _simplified(after[:3])
    return any(frequency(b[len(b) - i:] + w + a[:j]) for i in range(len(b) + 1) for j in range(len(a) + 1) if i or j)


def fill_gap(before: str, after: str) -> str | None:
    """The deleted word a filter cut out between ``before`` and ``after``, when it is certain: of the
    words the farms delete (``data/deleted_words.yaml``), the one that reads best there by
    :data:`GAP_FILL_MARGIN` and makes a dictionary word with its neighbours; ``None`` otherwise."""
    words = _deleted_words()
    if not words:
        return None
    scored = sorted(((_score(before, w, after), w) for w in words), reverse=True)
    best, runner_up = scored[0], scored[1] if len(scored) > 1 else None
    if runner_up is not None and best[0] - runner_up[0] < GAP_FILL_MARGIN:
        return None
    if not _joins_a_word(before, best[1], after):
        return None
    # In the script of the text around it (canon makes everything Simplified later; --explain shows this).
    return best[1] if _simplified(before + after) != before + after else _simplified(best[1])


@lru_cache(maxsize=1)
def _restore_rules() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    rules = data("restore_words.yaml") or []
    return tuple((r["name"], re.compile(r["pattern"]), r["replace"]) for r in rules)


def restore_deleted_words(text: str) -> tuple[str, list[Change]]:
    """Curated, reviewable rules for words a farm's filter cut out (``data/restore_words.yaml``)."""
    changes: list[Change] = []
    for name, pattern, repl in _restore_rules():
        def record(m: re.Match[str], name: str = name, repl: str = repl) -> str:
            after = m.expand(repl)
            changes.append(Change("deleted-word", name, m.start(), m.group(0), after))
            return after
        text = pattern.sub(record, text)
    return text, changes


@lru_cache(maxsize=1)
def reviewed_sentences() -> tuple[tuple[str, str, str], ...]:
    """(kind, flagged, reads) of data/reviewed_sentences.yaml: flagged sentences a person read back."""
    entries = (data("reviewed_sentences.yaml") or {}).get("sentences") or []
    return tuple((e["kind"], e["flagged"], e["reads"]) for e in entries)


def apply_reviewed(text: str) -> tuple[str, list[Change]]:
    """Put in the reviewed reading of every flagged sentence a person has read back (counted, per kind,
    as <kind>/reviewed); the automatic repairs never see those sentences."""
    changes: list[Change] = []
    for kind, flagged, reads in reviewed_sentences():
        start = text.find(flagged)
        while start != -1:
            changes.append(Change(kind, "reviewed", start, flagged, reads))
            text = text[:start] + reads + text[start + len(flagged):]
            start = text.find(flagged, start + len(reads))
    return text, changes


# Pinyin first (a restore rule must see 聯系, not 聯(lián)系); deleted words before mojibake (a space left
# by a deleted word must not hide a garbled span until the space is gone); mojibake before byte-drop
# (garbage is read back in step before any of its characters is taken for a collapsed pair). Reviewed
# sentences right before mojibake: the report shows a flagged sentence as that step met it.
FIXES: tuple[Fix, ...] = (fix_pinyin, restore_deleted_words, flag_deleted_words, apply_reviewed, fix_mojibake,
                          fix_byte_drop)


def repair(text: str) -> tuple[str, list[Change]]:
    changes: list[Change] = []
    for fix in FIXES:
        text, found = fix(text)
        changes.extend(found)
    return text, changes
