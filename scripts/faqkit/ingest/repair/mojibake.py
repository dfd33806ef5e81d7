"""Fault ``mojibake``: one-byte-shift GBK garbage (``е掠馄诘默F``) read back in step.

The garbled span is re-encoded as GBK and read again one byte earlier, putting back the lost lead byte;
lost bytes are inferred only where the context makes them certain (:mod:`.gbk`, :mod:`.lost_bytes`). A
span that does not come back as plausible text is removed with its sentence and flagged: a reader must
never meet garbage.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from ...core.records import Change
from ...core.script import s2t_rewritten_characters
from ...core.text import is_han, sentence_bounds
from . import thresholds
from .gbk import CLAUSE_END, candidates, decode_pair, fill, gbk_code, with_lead, with_trail
from .lost_bytes import (
    lost_between_fits,
    lost_end_fits,
    lost_pair_fits,
    lost_start_fits,
    lost_start_with_reading,
    word_pairs,
)
from .model import CJK_PUNCT, asks, frequency, in_words, memo, score, simplified_char, word_coverage
from .pinyin import PINYIN_AFTER, PINYIN_LETTERS, is_reading

_CANON_PUNCT = "，；：？！（）"


# Characters that never occur in these articles but do when GBK bytes are read out of step: Greek,
# Cyrillic, box drawing, kana, bopomofo (GBK rows A4-A9), private use, the replacement character.
_STRONG_MARK = re.compile(r"[\u0370-\u03ff\u0400-\u04ff\u2500-\u257f\u3040-\u30ff\u3100-\u312f"
                          r"\ue000-\uf8ff\ufffd]")


_KANA = re.compile(r"[\u3040-\u30ff]")
_BOX = re.compile(r"[\u2500-\u257f]")


def _writing(text: str, pos: int) -> bool:
    """Whether the strong mark at ``pos`` is the writer's, not bytes read out of step: a kana of Japanese
    writing (its sentence has a run of hiragana, :data:`thresholds.JAPANESE_HIRAGANA_RUN`) or one of a
    run of box-drawing characters (``──``, the dash many Traditional texts type). Chinese UTF-8 read as
    GBK at every byte offset made 2,353 box-drawing characters in 830,000 characters and 1,809 hiragana
    in 500,000, never two of either in a row."""
    if _KANA.match(text, pos):
        left, right = sentence_bounds(text, pos, pos + 1)
        return re.search(f"[\u3041-\u309f]{{{thresholds.JAPANESE_HIRAGANA_RUN}}}", text[left:right]) is not None
    return _BOX.match(text, pos) is not None and (_BOX.match(text, pos + 1) is not None
                                                  or (pos > 0 and _BOX.match(text, pos - 1) is not None))


# Where a garbled span may start: a lost byte shown as '?', or a strong mark.
_SPAN_START = re.compile(rf"\?(?=[?？]*(?:\(?[{PINYIN_LETTERS}]+\))?(?:[^\x00-\x7f]|[@-Z^_`a-z{{|}}~\[\]]))"
                         rf"|{_STRONG_MARK.pattern}")


_PINYIN_JUNK = re.compile(rf"\(?[{PINYIN_LETTERS}]{{1,7}}\)")


MAX_RUN = 40

# A web address up to the point looked at: its query mark (news.aspx?n=9E7A) is the address's, not a
# lost byte. An address is ASCII without spaces, so the look back ends at the first character that is not.
_ADDRESS_SO_FAR = re.compile(r"(?:https?://|www\.)[!-~]*$")
_ADDRESS_LOOKBACK = 2048


def _in_address(text: str, pos: int) -> bool:
    """Whether ``pos`` lies inside a web address (``https://…`` or ``www.…``) written in ``text``."""
    start = pos
    while start > 0 and pos - start < _ADDRESS_LOOKBACK and "!" <= text[start - 1] <= "~":
        start -= 1
    return _ADDRESS_SO_FAR.search(text, start, pos) is not None


def script_of(text: str) -> frozenset[str]:
    """The characters a lost byte may not be read as in ``text``: when ``text`` is Traditional (it holds
    more Traditional-only than Simplified-only characters), the Simplified-only ones it does not use
    itself (the farms' converters leave a few, such as 并 and 么, and the article shows which)."""
    simplified_only = s2t_rewritten_characters()
    counts = Counter(text)
    simplified = sum(n for ch, n in counts.items() if ch in simplified_only)
    traditional = sum(n for ch, n in counts.items() if is_han(ch) and simplified_char(ch) != ch)
    if traditional <= simplified:
        return frozenset()
    return _banned(frozenset(ch for ch in counts if ch in simplified_only))


@memo(maxsize=64)
def _banned(used: frozenset[str]) -> frozenset[str]:
    # One object per set of used forms: the candidate caches then find it by identity, not by comparing sets.
    return s2t_rewritten_characters() - used


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
        encoded = gbk_code(ch)
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


def _split_fill(pairs: list[tuple[int | None, int | None]], at: int, left: str, right: str,
                reading: str = "", first_margin: float = 0.0, banned: frozenset[str] = frozenset()) -> str | None:
    """Fill the slots with one lost unit (a byte pair that decoded to nothing) inside character ``at``:
    its lead byte begins character ``at`` and its trail byte ends the character after it."""
    lead, trail = pairs[at]
    if lead is None or trail is None:
        return None
    head = fill([candidates(a, b, left, right, reading if n == 0 else "", banned)
                  for n, (a, b) in enumerate(pairs[:at])], left, "", first_margin)
    if head is None:
        return None
    tail_pairs = pairs[at + 1:]
    tail = fill([candidates(a, b, left, right, "", banned) for a, b in tail_pairs], "", right) if tail_pairs else ""
    if tail is None:
        return None
    xs, ys = with_lead(lead, banned), with_trail(trail, banned)
    before, after = left + head, tail + right
    scored = []
    for x, y in word_pairs(xs, ys, before[-2:], after[:2]):
        if decode_pair(gbk_code(x)[1], gbk_code(y)[0]) is not None:
            continue  # the lost pair decoded to something, so it would not have been lost
        scored.append((score(before, x + y, after), x + y))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] - scored[1][0] < thresholds.CERTAIN_MARGIN):
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


@memo(maxsize=4096)
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
        """Positions of recovered characters that sit in no word and are not common on their own, or
        that are neither Chinese characters nor Chinese punctuation: a full-width Latin letter read from
        GBK row A3 (``地電話ｒ通過``) is a mark and a character whose shared byte pair was lost."""
        before, after = _strip_ascii(left)[-3:], _strip_ascii(right)[:3]
        flags = in_words(before + found + after)[len(before):len(before) + len(found)]
        return [i for i, (ch, flag) in enumerate(zip(found, flags, strict=True))
                if (is_han(ch) and not flag and frequency(simplified_char(ch)) < thresholds.ORPHAN_FREQ)
                or not (is_han(ch) or ch in CJK_PUNCT)]

    # Without the farm's reading, the lost lead byte has only the words around it to go by.
    first_margin = 0.0 if span.reading else thresholds.BARE_FIRST_MARGIN
    text = fill([candidates(a, b, left, right, span.reading if n == 0 else "", banned)
                  for n, (a, b) in enumerate(pairs)], left, right, first_margin)
    lost_start = lost_start_with_reading(pairs, left, right, span.reading, banned) if span.reading else None
    if text is not None and len(text) == len(pairs):
        suspects = misfits(text)
        if not suspects:
            own = score(left, text, right)
            certain = thresholds.CERTAIN_MARGIN
            if lost_start is not None and not misfits(lost_start[1]) and lost_start[0] >= own + certain:
                return None if lost_between_fits(left, lost_start[1][:2], lost_start[1][2:] + right, 0.0,
                                                  banned) else lost_start[1]
            if lost_start is not None and lost_start[0] > own - thresholds.CERTAIN_MARGIN:
                # The farm's reading fits a lost first character about as well (工作法以後 or 工作穩定以後).
                return None
            # A full stop read from a lost lead byte is told apart by the break it makes (see fill).
            credit = (thresholds.LOST_CHAR_CREDIT if span.reading or text[0] in CLAUSE_END
                      else thresholds.BARE_LOST_CHAR_CREDIT)
            if lost_start_fits(pairs, text, left, right, credit=credit, banned=banned, reading=span.reading):
                return None
            if lost_pair_fits(pairs, text, left, right, banned, thresholds.LOST_PAIR_CREDIT):
                return None
            return None if span.lost_trail and lost_end_fits(pairs, text, left, right, banned) else text
    else:
        suspects = list(range(len(pairs)))
    if lost_start is not None and not misfits(lost_start[1]):
        # The reading in step does not read as words; one with a lost first character does.
        found = lost_start[1]
        return None if lost_between_fits(left, found[:2], found[2:] + right, 0.0, banned) else found
    # A misread character may be two characters whose shared byte pair GBK could not decode.
    best: tuple[float, str] | None = None
    for at in suspects:
        found = _split_fill(pairs, at, left, right, span.reading, first_margin, banned)
        if found is None or misfits(found):
            continue
        # A second lost pair, elsewhere in the span, may fit about as well (也覈實 or 也要核實).
        split_pairs = [*pairs[:at], (pairs[at][0], None), (None, pairs[at][1]), *pairs[at + 1:]]
        if not lost_between_fits(left, found, right, thresholds.LOST_CHAR_CREDIT, banned) \
                and not lost_pair_fits(split_pairs, found, left, right, banned, thresholds.LOST_PAIR_CREDIT):
            found_score = score(left, found, right)
            if best is None or found_score > best[0]:
                best = (found_score, found)
    return best[1] if best else None


def _strip_ascii(text: str) -> str:
    return re.sub(r"[\x00-\x7f]", "", text)


def _is_garbage(text: str, span: Span) -> bool:
    """A span is garbage on evidence the bytes leave: a strong mark; a lost byte right before an ASCII
    separator (``恐只?,``: no question mark is followed by a comma or a full stop, but a byte that could
    not pair with the ASCII one is shown as '?'); a stray Latin letter between Chinese characters (``默F(``,
    ``鹪V,``); or characters that read as almost no words and do not ask. A '?' that closes a clause
    reading as words, or one that asks (``逾期了怎么办?会被起诉吗?``, ``?有何危害?``), is the writer's
    question mark: the farms type half-width punctuation."""
    garbled = text[span.start:span.end]
    after = text[span.end:span.end + 1]
    if _STRONG_MARK.search(garbled):
        return True
    if span.lost_trail and after and after in _ASCII_SEPARATORS:
        return True
    if span.resync_trail is not None and span.units and (not after or not after.isascii() or after in ",.;:!?("):
        return True
    if word_coverage(garbled) > thresholds.MAX_GARBAGE_COVERAGE:
        return False
    return not (span.lost_trail and asks(garbled))


# No question mark is followed by one of these; the byte a lost trail byte could not pair with may be.
_ASCII_SEPARATORS = ",.;:"


def _intact_left(text: str, start: int) -> str:
    """The characters before a span, without a pinyin annotation in between."""
    return re.sub(rf"\([{PINYIN_LETTERS}]+\)", "", text[max(0, start - 24):start])[-6:]


def _without_garbage(text: str) -> str:
    """``text`` without its garbled spans, whose characters say nothing of the script it is written in
    (most of GBK's common characters are Simplified)."""
    kept, pos = [], 0
    for m in _SPAN_START.finditer(text):
        if m.start() < pos or _writing(text, m.start()) or _in_address(text, m.start()):
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
        if m.start() < pos or _writing(text, m.start()) or _in_address(text, m.start()):
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
            note = PINYIN_AFTER.match(text, end)
            if note and recovered and is_reading(note.group(1), recovered[-1]):
                end = note.end()
            changes.append(Change("mojibake", "realigned", span.start, text[span.start:end], recovered))
            out.append(text[pos:span.start])
            out.append(recovered)
            pos = end
            continue
        # Not recoverable with certainty: remove the whole sentence and flag it.
        left, end = sentence_bounds(text, m.start(), span.end if span else m.end())
        left = max(left, pos)
        changes.append(Change("mojibake", "sentence-removed", left, text[left:end], "", applied=False))
        out.append(text[pos:left])
        pos = end
    out.append(text[pos:])
    return "".join(out), changes
