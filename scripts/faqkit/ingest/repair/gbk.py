"""GBK bytes, and the characters a slot of them can hold when one of its bytes was lost.

A one-byte shift leaves a span of byte pairs read out of step; read back in step, each original
character is a *slot* of (lead, trail) bytes, ``None`` where the byte was lost. :func:`candidates` lists
what a slot can hold (likeliest first, by the words it makes with its neighbours) and :func:`fill`
chooses one character per slot, only where the choice is certain.
"""

from __future__ import annotations

from ...core.text import is_han
from . import thresholds
from .model import CJK_PUNCT, frequency, memo, score, simplified, simplified_char
from .pinyin import neutral_readings, readings


@memo(maxsize=4096)
def gbk_code(ch: str) -> bytes | None:
    try:
        encoded = ch.encode("gbk")
    except UnicodeEncodeError:
        return None
    return encoded if len(encoded) == 2 else None


@memo(maxsize=65536)
def decode_pair(lead: int, trail: int) -> str | None:
    try:
        ch = bytes([lead, trail]).decode("gbk")
    except UnicodeDecodeError:
        return None
    return ch if len(ch) == 1 else None


def plausible(ch: str | None) -> bool:
    return ch is not None and (is_han(ch) or ch in CJK_PUNCT)


@memo(maxsize=4096)
def with_lead(lead: int, banned: frozenset[str]) -> tuple[str, ...]:
    """The plausible characters (not ``banned``) whose first GBK byte is ``lead``."""
    return tuple(ch for t in range(0x80, 0xFF) if plausible(ch := decode_pair(lead, t)) and ch not in banned)


@memo(maxsize=4096)
def with_trail(trail: int, banned: frozenset[str]) -> tuple[str, ...]:
    """The plausible characters (not ``banned``) whose second GBK byte is ``trail``."""
    return tuple(ch for b in range(0x81, 0xFF) if plausible(ch := decode_pair(b, trail)) and ch not in banned)


# Trail bytes after which the next character's lead byte makes a pair GBK cannot decode (so both are lost).
LOSABLE_TRAILS = frozenset([0x80, *range(0xA1, 0xB0), *range(0xF8, 0xFF)])


@memo(maxsize=4096)
def losable_leads(lead: int, banned: frozenset[str]) -> list[str]:
    """Characters with this lead byte whose trail byte can make a pair GBK cannot decode."""
    return [ch for ch in with_lead(lead, banned) if gbk_code(ch)[1] in LOSABLE_TRAILS]


def candidates(lead: int | None, trail: int | None, left: str, right: str, reading: str = "",
                banned: frozenset[str] = frozenset()) -> list[str]:
    """The candidates for a slot (see :func:`_candidate_tuple`); only the nearest neighbours matter."""
    return list(_candidate_tuple(lead, trail, left[-1:], right[:1], reading, banned))


@memo(maxsize=1 << 14)
def _candidate_tuple(lead: int | None, trail: int | None, left: str, right: str, reading: str,
                     banned: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """Characters a slot with a lost byte can hold, the likeliest (by words with its neighbours) first;
    none of ``banned`` (the characters the text's script does not use, see :func:`script_of`).

    For the first character, ``reading`` (the pinyin the farm gave the character it misread from the
    trail byte of ``left``'s last character and the lost lead byte) narrows the lead byte down.
    """
    if lead is not None and trail is not None:
        ch = decode_pair(lead, trail)
        return (ch,) if ch else ()
    found = set()
    if lead is None and trail is not None:
        previous = gbk_code(left[-1]) if left else None
        for ch in with_trail(trail, banned):
            if reading and previous:
                misread = decode_pair(previous[1], gbk_code(ch)[0])
                if misread is None or reading not in readings(misread) | neutral_readings(misread):
                    continue
            found.add(ch)
    elif lead is not None:
        found.update(with_lead(lead, banned))
    left_s, right_s = simplified(left[-1:]), simplified(right[:1])

    def key(ch: str) -> tuple[int, str]:
        s = simplified_char(ch)
        return (frequency(left_s + s) + frequency(s + right_s) + frequency(s) // 100, ch)

    punctuation = sorted(ch for ch in found if ch in CJK_PUNCT)
    return (*punctuation, *sorted(found - set(punctuation), key=key, reverse=True)[:thresholds.CANDIDATES_PER_SLOT])


CLAUSE_END = "。"  # the only mark seen lost as a lead byte (A1 A3), at a sentence end


def fill(slots: list[list[str]], left: str, right: str, first_margin: float = 0.0) -> str | None:
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
            scored = sorted(((score(before, ch, after), ch) for ch in slots[index]), reverse=True)
            margins[index] = scored[0][0] - scored[1][0]
            if scored[0][1] != chosen[index]:
                chosen[index], changed = scored[0][1], True
        if not changed:
            break
    else:
        return None  # the choices do not settle
    for index, margin in margins.items():
        # A lost byte that was a full stop is told apart by the break it makes, not by its neighbours.
        needed = thresholds.CERTAIN_MARGIN
        if index == 0 and chosen[0] not in CLAUSE_END:
            needed = max(needed, first_margin)
        if margin < needed:
            return None
    return "".join(chosen)
