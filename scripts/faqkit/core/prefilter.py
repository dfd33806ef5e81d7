"""What any match of a regular expression must contain: a search is skipped on a text without it.

Ingest searches every article with each spin reversal and with each jurisdiction's terms; nearly all of
those searches find nothing, and many of these rules open with a lookbehind, which keeps ``re`` from
scanning for their words itself. (The furniture rules, searched line by line, are not prefiltered: on a
short line the search costs less than looking for the needles in Python.) :func:`needles` reads a compiled pattern
(``re``'s own parser) for strings of which every match holds at least one (``之一`` for ``(?<![其中])之一(?=
[步道次])``, ``首页`` or ``当前位置`` or ... for the breadcrumb rule); ``str.__contains__`` finds them faster
than the search finds nothing. Exact: where nothing can be read with certainty (a class like ``\\d``, an
optional group, a letter that has case in a case-insensitive part), no needle is given and the pattern is
always searched.

:func:`gated` puts a pattern behind a lookahead for the characters its matches can start with: the same
matches, but ``re`` skips the positions no match can start at instead of trying every alternative there
(the relevance word lists, the furniture rules that open with a lookbehind).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

try:  # Python 3.11+
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

_REPEATS = tuple(op for op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT,
                                getattr(sre_constants, "POSSESSIVE_REPEAT", None)) if op is not None)
# A class of more characters than this is no needle worth the lookups.
MAX_CLASS = 16

Needles = frozenset[str]


def _better(a: Needles | None, b: Needles | None) -> Needles | None:
    """The more selective of two needle sets: the longer shortest needle, then the fewer needles."""
    if a is None or b is None:
        return a if b is None else b
    return max(a, b, key=lambda s: (min(map(len, s)), -len(s)))


def _caseless(char: str) -> bool:
    return char.lower() == char.upper()


def _class(items: list, fold: bool) -> Needles | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre_constants.LITERAL and not (fold and not _caseless(chr(av))):
            chars.add(chr(av))
        elif op is sre_constants.RANGE and av[1] - av[0] < MAX_CLASS and not (
                fold and not all(_caseless(chr(c)) for c in range(av[0], av[1] + 1))):
            chars.update(map(chr, range(av[0], av[1] + 1)))
        else:  # a negated class, a category (\d, \s), a wide range
            return None
    return frozenset(chars) if 0 < len(chars) <= MAX_CLASS else None


def _item(op: object, av: object, fold: bool) -> Needles | None:
    if op is sre_constants.IN:
        return _class(av, fold)
    if op is sre_constants.SUBPATTERN:
        _, add_flags, del_flags, body = av
        return _sequence(body, (fold or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE)
    if op in _REPEATS:
        low, _, body = av
        return _sequence(body, fold) if low >= 1 else None
    if op is sre_constants.BRANCH:
        options = [_sequence(branch, fold) for branch in av[1]]
        return None if any(o is None for o in options) else frozenset().union(*options)
    if op is getattr(sre_constants, "ATOMIC_GROUP", None):
        return _sequence(av, fold)
    return None  # a lookaround, an anchor, a backreference: nothing consumed for certain


def _sequence(items: object, fold: bool) -> Needles | None:
    """The best needle set of a sequence: a run of literal characters (without the letters that have
    case where ``fold``: case-insensitive), or one item's own set."""
    best: Needles | None = None
    run = ""
    for op, av in items:
        if op is sre_constants.LITERAL and not (fold and not _caseless(chr(av))):
            run += chr(av)
            continue
        if run:
            best = _better(best, frozenset({run}))
            run = ""
        if op is not sre_constants.LITERAL:
            best = _better(best, _item(op, av, fold))
    if run:
        best = _better(best, frozenset({run}))
    return best


@cache
def needles(pattern: re.Pattern[str]) -> Needles | None:
    """Strings of which every match of ``pattern`` holds at least one, or None when none can be named."""
    return _sequence(sre_parse.parse(pattern.pattern, pattern.flags), bool(pattern.flags & re.IGNORECASE))


def characters(pattern: re.Pattern[str]) -> frozenset[str]:
    """Characters every match of ``pattern`` holds (those every needle holds); empty when none can be
    named. A text lacking one of them is not searched: ``set(text)`` once, then a subset test per rule."""
    found = needles(pattern)
    return frozenset.intersection(*map(frozenset, found)) if found else frozenset()


class NeedleScan:
    """The needles of many patterns (or any strings) found in a text in one scan (one regular expression of them all),
    instead of a substring search per needle: furniture's 53 rules hold some 300 needles, and looking for
    each in every article cost more than the scan. Exact: where needles overlap, the scan finds the longest
    at each position, and every needle that is a prefix of it is in the text too."""

    def __init__(self, strings: Iterable[str]) -> None:
        """A scan for ``strings`` (non-empty); :meth:`of_patterns` for the needles of patterns."""
        found = {string for string in strings if string}
        self._prefixes = {n: frozenset(m for m in found if n.startswith(m)) for n in found}
        ordered = sorted(found, key=lambda n: (-len(n), n))  # the longest at a position is taken
        starts = "".join(re.escape(c) for c in sorted({n[0] for n in found}))
        self._scan = (re.compile(f"(?=[{starts}])(?=({'|'.join(map(re.escape, ordered))}))")
                      if found else None)

    @classmethod
    def of_patterns(cls, patterns: Iterable[re.Pattern[str]]) -> NeedleScan:
        return cls(needle for pattern in patterns for needle in needles(pattern) or ())

    def present(self, text: str) -> frozenset[str]:
        """The strings scanned for that ``text`` holds."""
        if self._scan is None:
            return frozenset()
        prefixes = self._prefixes
        # findall (the one group) in C, each distinct string once: an article names 逾期 dozens of times.
        return frozenset().union(*(prefixes[found] for found in set(self._scan.findall(text))))


def may_match_given(pattern: re.Pattern[str], present: frozenset[str]) -> bool:
    """:func:`may_match`, given the needles a text holds (:meth:`NeedleScan.present` of a scan of
    ``pattern`` among others)."""
    found = needles(pattern)
    return found is None or not found.isdisjoint(present)


def may_match(pattern: re.Pattern[str], text: str) -> bool:
    """False only when ``pattern`` cannot match anywhere in ``text`` (it lacks every needle)."""
    found = needles(pattern)
    return found is None or any(needle in text for needle in found)


# ------------------------------------------------------------------------------ first-character gate

# A class of more characters than this is not worth building for a gate: a wide range (\u4e00-\u9fff) or a
# category starts nearly everywhere anyway.
MAX_GATE_CHARS = 512


def _starts(items: object, fold: bool) -> tuple[frozenset[str] | None, bool]:
    """(the characters a match of the sequence ``items`` can start with, whether it can match nothing);
    None for the set when they cannot be named."""
    chars: set[str] = set()
    for op, av in items:
        found, empty = _starts_item(op, av, fold)
        if found is None:
            return None, False
        chars |= found
        if not empty:
            return frozenset(chars), False
    return frozenset(chars), True


def _either_case(chars: set[str]) -> frozenset[str]:
    return frozenset(c for char in chars for c in (char, char.lower(), char.upper(), char.swapcase()))


def _starts_item(op: object, av: object, fold: bool) -> tuple[frozenset[str] | None, bool]:
    """As :func:`_starts`, for one item. ``fold``: the item is case-insensitive where the pattern as a whole
    is not (``(?i:part)``), so its letters start a match in either case and the gate must let both through
    (the gate is compiled with the pattern's own flags, which a globally case-insensitive pattern covers)."""
    if op is sre_constants.LITERAL:
        return (_either_case if fold else frozenset)({chr(av)}), False
    if op is sre_constants.IN:
        chars: set[str] = set()
        for item_op, item_av in av:
            if item_op is sre_constants.LITERAL:
                chars.add(chr(item_av))
            elif item_op is sre_constants.RANGE and item_av[1] - item_av[0] < MAX_GATE_CHARS:
                chars.update(map(chr, range(item_av[0], item_av[1] + 1)))
            else:  # a negated class, a category, a wide range
                return None, False
        return (_either_case if fold else frozenset)(chars), False
    if op is sre_constants.SUBPATTERN:
        _, add_flags, del_flags, body = av
        return _starts(body, (fold or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE)
    if op in _REPEATS:
        low, _, body = av
        found, empty = _starts(body, fold)
        return found, empty or low == 0
    if op is sre_constants.BRANCH:
        options = [_starts(branch, fold) for branch in av[1]]
        if any(found is None for found, _ in options):
            return None, False
        return frozenset().union(*(found for found, _ in options)), any(empty for _, empty in options)
    if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.AT):
        return frozenset(), True  # consumes nothing: the match starts with what follows
    return None, False  # any character (.), a backreference, ...


def _scans_itself(parsed: object, flags: int) -> bool:
    """Whether ``re`` finds where a match can start by itself (a literal prefix, a set of first characters:
    its compiler's own reading, a gate only slows it down); True where that reading is not available."""
    try:
        from re import _compiler
        literal, _, _ = _compiler._get_literal_prefix(parsed, flags)
        return bool(literal) or _compiler._get_charset_prefix(parsed, flags) is not None
    except (ImportError, AttributeError, TypeError, ValueError):  # another Python: leave patterns as they are
        return True


@cache
def gated(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` behind a lookahead for the characters its matches can start with: the same matches,
    found faster where ``re`` cannot skip ahead itself (an alternation of many words, a rule opening with
    a lookbehind: the topic words of relevance were searched 5 times faster so). ``pattern`` itself when
    those characters cannot be named or a match may be empty."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    if _scans_itself(parsed, pattern.flags):
        return pattern  # re skips ahead to a literal opening or a set of first characters itself, faster
    found, empty = _starts(parsed, False)  # a globally case-insensitive pattern's gate is too
    if found is None or empty or not found or len(found) > MAX_GATE_CHARS:
        return pattern
    # The class is read under the pattern's own flags, so a case-insensitive pattern's gate is too.
    gate = "".join(re.escape(char) for char in sorted(found))
    try:
        return re.compile(f"(?=[{gate}])(?:{pattern.pattern})", pattern.flags)
    except re.error:  # global inline flags ((?i)...) must open the pattern: leave it as it is
        return pattern
