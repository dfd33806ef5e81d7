"""Fault ``lookalike``: a symbol typed for the Han character it looks like. Taiwanese writers often type
the bopomofo ㄧ (U+3127) for 一 (``重点之ㄧ``); mojibake would take the bopomofo for a mark of garbled
GBK and remove the sentence. The pairs are reviewed data (``data/lookalikes.yaml``); a symbol is read as
its character only inside Han text, where the symbol itself has no business: next to a Han character, in
a text that writes no other symbol of its kind (one that spells out ㄅㄆㄇ means them all as they are)."""

from __future__ import annotations

import re
from functools import lru_cache

from ...core.data import data
from ...core.records import Change
from ...core.text import HAN


@lru_cache(maxsize=1)
def _lookalikes() -> tuple[tuple[re.Pattern[str], re.Pattern[str], str, str], ...]:
    found = []
    for entry in data("lookalikes.yaml")["lookalikes"]:
        symbol, reads, kind = entry["symbol"], entry["reads"], entry["kind"]
        inside_han = re.compile(rf"(?<=[{HAN}]){re.escape(symbol)}|{re.escape(symbol)}(?=[{HAN}])")
        others = re.compile(rf"(?!{re.escape(symbol)})[{kind}]")
        found.append((inside_han, others, symbol, reads))
    return tuple(found)


def fix_lookalikes(text: str) -> tuple[str, list[Change]]:
    changes: list[Change] = []
    for pattern, others, symbol, reads in _lookalikes():
        if symbol not in text or others.search(text):
            continue
        changes += [Change("lookalike", f"{symbol}->{reads}", m.start(), symbol, reads) for m in pattern.finditer(text)]
        text = pattern.sub(reads, text)
    return text, changes
