"""Readings of a garbled span in which whole characters were lost, and the refusals they ground.

When a character's trail byte and the next one's lead byte form no GBK character, both vanish without
a mark. So a reading of a span is only taken when no such alternative, with one or two characters lost
at its start, inside it, at its end or across a pair, fits the words around it about as well (within
:data:`thresholds.CERTAIN_MARGIN`). Each ``*_fits`` function asks that question of one place where
characters can be lost; :func:`_rival_fits` is the comparison they share.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import thresholds
from .gbk import LOSABLE_TRAILS, candidates, decode_pair, fill, gbk_code, losable_leads, plausible, with_trail
from .model import (
    CJK_PUNCT,
    char_frequency,
    common_chars,
    extra_words,
    frequency,
    log_prob,
    memo,
    score,
    simplified,
    simplified_char,
    traditional_char,
    two_char_words,
    very_common,
)
from .pinyin import neutral_readings, readings


def _undecodable(first: str, second: str) -> bool:
    """The byte pair between two characters (the first one's trail, the second one's lead) forms no GBK
    character: both would have vanished together."""
    return decode_pair(gbk_code(first)[1], gbk_code(second)[0]) is None


def _rival_fits(own: float, rivals: Iterable[tuple[str, str, str, float]]) -> bool:
    """Does any rival reading (before, middle, after, the cost not charged for its extra characters)
    score within :data:`thresholds.CERTAIN_MARGIN` of ``own``? Rivals are made and scored one by one,
    the first that fits ends the search."""
    return any(score(before, middle, after) - credit >= own - thresholds.CERTAIN_MARGIN
               for before, middle, after, credit in rivals)


def lost_start_with_reading(pairs: list[tuple[int | None, int | None]], left: str, right: str, reading: str,
                             banned: frozenset[str]) -> tuple[float, str] | None:
    """The reading in which the span's first character was lost whole (see :func:`lost_start_fits`),
    when the farm's pinyin narrows that character's lead byte down: (its score, the text), or ``None``
    when it is not certain. Its trail byte and the next character's lead byte formed no GBK character;
    the next character's trail byte is the span's first byte."""
    previous = gbk_code(left[-1]) if left else None
    trail = pairs[0][1]
    if previous is None or trail is None:
        return None
    rest = fill([candidates(a, b, "", right, "", banned) for a, b in pairs[1:]], "", right) if pairs[1:] else ""
    if rest is None:
        return None
    leads = [b for b in range(0x81, 0xFF) if (misread := decode_pair(previous[1], b)) is not None
             and reading in readings(misread) | neutral_readings(misread)]
    firsts = [ch for b in leads for t in sorted(LOSABLE_TRAILS)
              if plausible(ch := decode_pair(b, t)) and ch not in banned and ch not in CJK_PUNCT]
    seconds = with_trail(trail, banned)
    scored = sorted(((score(left, first + second + rest, right), first + second + rest)
                     for first, second in word_pairs(firsts, seconds, left[-2:], rest[:2])
                     if _undecodable(first, second)), reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] - scored[1][0] < thresholds.CERTAIN_MARGIN):
        return None
    return scored[0]


def lost_start_fits(pairs: list[tuple[int | None, int | None]], text: str, left: str, right: str,
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
    seconds = candidates(None, trail, left, text[1:], "", banned)[:20]
    lefts = {simplified_char(left[-1:])} if left else set()
    # jieba's common characters are Simplified: in a Traditional text, their Traditional forms.
    commons = [traditional_char(c) for c in common_chars()] if banned else common_chars()
    firsts = [c for c in commons if c not in banned and (gbk_code(c) or b"\0\0")[1] in LOSABLE_TRAILS]
    firsts += [ch for w in extra_words() if len(w) == 2 and w[0] in lefts and (ch := w[1]) not in firsts]
    previous = gbk_code(left[-1]) if left else None
    if reading and previous:
        # The farm's reading belongs to the character misread from the byte before and the lost
        # character's lead byte: only characters with such a lead byte can have been lost.
        firsts = [c for c in firsts if (misread := decode_pair(previous[1], gbk_code(c)[0])) is not None
                  and reading in readings(misread) | neutral_readings(misread)]
    rest = text[1:]
    own = score(left, text, right)
    # A pair that would have decoded to a character did not vanish: only undecodable ones are rivals.
    if _rival_fits(own, ((left, first + second + rest, right, log_prob(simplified_char(first)) * credit)
                         for first, second in word_pairs(firsts, seconds, left[-2:], rest[:2])
                         if _undecodable(first, second))):
        return True
    if not credit:
        return False  # charged in full, two lost characters are not expected to fit where one did not
    return _rival_fits(own, ((left, first + lost + text, right, log_prob(simplified(first + lost)) * credit)
                             for first, lost in word_pairs(firsts, _losable_commons(banned), left[-2:], text[:2])
                             if _undecodable(first, lost) and _undecodable(lost, text[0])))


@memo(maxsize=64)
def _losable_commons(banned: frozenset[str]) -> list[str]:
    """Common characters (in the text's script) whose trail byte can make a pair GBK cannot decode."""
    commons = common_chars(thresholds.LOST_CHAR_POOL)
    if banned:
        commons = tuple(traditional_char(c) for c in commons)
    return [c for c in commons if c not in banned and (gbk_code(c) or b"\0\0")[1] in LOSABLE_TRAILS]


def lost_between_fits(before: str, found: str, after: str, credit: float, banned: frozenset[str]) -> bool:
    """Could a whole common character have been lost between any two characters of ``found`` (果過 for
    果超過: both pairs around 超 formed no GBK character)? Such a reading must not fit about as well."""
    for at in range(len(found) - 1):
        x, y = gbk_code(found[at]), gbk_code(found[at + 1])
        if x is None or y is None or x[1] not in LOSABLE_TRAILS:
            continue
        head, tail = before + found[:at + 1], found[at + 1:] + after
        if _rival_fits(score(head, "", tail), ((head, lost, tail, log_prob(simplified_char(lost)) * credit)
                                               for lost in _losable_commons(banned)
                                               if _undecodable(found[at], lost) and _undecodable(lost, found[at + 1]))):
            return True
    return False


def lost_pair_fits(pairs: list[tuple[int | None, int | None]], text: str, left: str, right: str,
                    banned: frozenset[str] = frozenset(), credit: float = 0.0) -> bool:
    """Could any character of the reading ``text`` be two characters whose shared byte pair formed no GBK
    character (不曏深夜 for 不會在深夜: 會's trail FE and 在's lead made nothing, and 會's lead with 在's
    trail reads as 曏)? Such a reading must not fit about as well as ``text`` does."""
    for at, (lead, trail) in enumerate(pairs):
        if lead is None or trail is None:
            continue
        xs = losable_leads(lead, banned)
        ys = with_trail(trail, banned)
        before, after = left + text[:at], text[at + 1:] + right
        if _rival_fits(score(before, text[at], after),
                       ((before, x + y, after, log_prob(simplified_char(x if y == text[at] else y)) * credit)
                        for x, y in word_pairs(xs, ys, before[-2:], after[:2]) if _undecodable(x, y))):
            return True
    return False


def lost_end_fits(pairs: list[tuple[int | None, int | None]], text: str, left: str, right: str,
                   banned: frozenset[str] = frozenset()) -> bool:
    """Could a whole character have been lost before the '?' that ends a span (儘早還清, -> 儘早還?,)?
    When the last character's trail byte was lost, the '?' is one byte; but it may as well be the trail
    byte of a character after it, the pair between them having formed no GBK character. That
    alternative must not fit about as well as ``text`` does."""
    lead = pairs[-1][0]
    if pairs[-1][1] is not None or lead is None:
        return False
    lasts = [c for c in candidates(lead, None, left, right, "", banned)
             if (gbk_code(c) or b"\0\0")[1] in LOSABLE_TRAILS]
    commons = [traditional_char(c) for c in common_chars()] if banned else list(common_chars())
    head = text[:-1]
    follows = two_char_words()
    joined = [c for last in lasts for c in sorted(follows.get(simplified_char(last), ()))]
    if banned:
        joined = [traditional_char(c) for c in joined]
    afters = list(dict.fromkeys(c for c in [*commons, *joined] if c not in banned and gbk_code(c)))
    credit = thresholds.LOST_CHAR_CREDIT
    return _rival_fits(score(left + head, text[-1], right),
                       ((left + head, last + after, right, log_prob(simplified_char(after)) * credit)
                        for last, after in word_pairs(lasts, afters, (left + head)[-2:], right[:2])
                        if _undecodable(last, after)))


def word_pairs(firsts: list[str], seconds: list[str], before: str, after: str) -> list[tuple[str, str]]:
    return list(_word_pair_tuple(tuple(firsts), tuple(seconds), before, after))


@memo(maxsize=4096)
def _word_pair_tuple(firsts: tuple[str, ...], seconds: tuple[str, ...], before: str, after: str
                     ) -> tuple[tuple[str, str], ...]:
    """Pairs of candidates worth scoring: each one in a word with a neighbour or common on its own.

    Scoring is the expensive part of inferring lost bytes; a pair in which a character joins no word
    and is not a common character cannot win, so it is not scored. ``before`` and ``after`` are up to two
    characters each: a three-character word (律师函) counts as a word with the neighbours.
    """
    common, follows = very_common(), two_char_words()
    b2, a2 = simplified(before[-2:]), simplified(after[:2])
    b, a = b2[-1:], a2[:1]
    # The pair of the most frequent characters stands for all the pairs left out: none of them can
    # score better, so a margin measured against it is a true margin.
    pairs = []
    if firsts and seconds:
        pairs.append((max(firsts, key=char_frequency),
                      max(seconds, key=char_frequency)))
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
