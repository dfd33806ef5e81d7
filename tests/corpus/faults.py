"""The content farms' fault mechanisms (``../shared/SOURCES.md``), applied to clean sentences.

Each function takes clean text and returns it damaged the way the farms damage it, so that the corpus
tests the general mechanism and not a table of the seeds' examples. Deterministic: no randomness here;
``generate.py`` chooses where to apply them.
"""

from __future__ import annotations

import opencc
from pypinyin import Style, pinyin

_S2T = opencc.OpenCC("s2t")

# Full-width punctuation whose GBK code starts with A3 (class 3 collapses these).
A3_PUNCTUATION = "，？；：！（）"
# Half-width forms the farms' text uses (class 8).
HALF_WIDTH = {"，": ",", "？": "?", "！": "!", "：": ":", "；": ";", "（": "(", "）": ")"}


def to_traditional(text: str) -> str:
    return _S2T.convert(text)


# ----------------------------------------------------------------------------- class 1: pinyin annotations

def annotate_pinyin(simplified: str) -> str:
    """Convert to Traditional and paste the toned reading after every character the converter changed.

    The reading is taken in context (pypinyin's phrase dictionary), as the farms' tool did: ``聯(lián)系``.
    """
    traditional = to_traditional(simplified)
    readings = pinyin(simplified, style=Style.TONE, errors=lambda chars: [None] * len(chars))
    out = []
    for before, after, reading in zip(simplified, traditional, readings, strict=True):
        out.append(after)
        if before != after and reading and reading[0]:
            out.append(f"({reading[0]})")
    return "".join(out)


# -------------------------------------------------------------------------------- class 3: GBK byte-drop

def byte_drop_sites(text: str) -> list[int]:
    """Indexes ``i`` where ``text[i]`` ends in GBK byte DF and ``text[i+1]`` is A3 punctuation."""
    sites = []
    for i in range(len(text) - 1):
        if text[i + 1] not in A3_PUNCTUATION:
            continue
        code = text[i].encode("gbk", errors="ignore")
        if len(code) == 2 and code[1] == 0xDF:
            sites.append(i)
    return sites


def drop_df_a3(text: str, index: int) -> str:
    """Delete the byte pair DF A3 across the boundary of ``text[index]`` and the punctuation after it."""
    lead = text[index].encode("gbk")[0]
    trail = text[index + 1].encode("gbk")[1]
    collapsed = bytes([lead, trail]).decode("gbk")
    return text[:index] + collapsed + text[index + 2:]


# ------------------------------------------------------------------------ class 4: one-byte-shift mojibake

def _decode_out_of_step(data: bytes) -> str:
    """GBK read from a byte that is not a lead byte, until an ASCII byte puts the decoder back in step.

    A pair that is no GBK character decodes to nothing (its bytes are lost); a lead byte followed by an
    ASCII byte shows as ``?``.
    """
    return _read_out_of_step(data)[0]


def _read_out_of_step(data: bytes) -> tuple[str, int]:
    """:func:`_decode_out_of_step`, and how many byte pairs decoded to nothing on the way."""
    out = []
    lost = 0
    i = 0
    while i < len(data):
        b = data[i]
        if b < 0x80:
            return "".join(out) + data[i:].decode("gbk"), lost  # back in step from here
        if i + 1 < len(data) and data[i + 1] >= 0x40:
            try:
                ch = data[i:i + 2].decode("gbk")
            except UnicodeDecodeError:
                ch = ""  # not a character: lost
                lost += 1
            out.append(ch)
            i += 2
        else:
            out.append("?")
            i += 1
    return "".join(out), lost


def farm_text(sentence: str) -> str:
    """A sentence as the farms publish the ones they garble: Traditional, with half-width punctuation."""
    return half_width(to_traditional(sentence))


def pairs_lost_in_span(expected: str, note: str) -> int:
    """How many whole byte pairs the garbled span of a mojibake case lost (``note`` as
    :func:`tests.corpus.generate.mojibake_case` writes it): each leaves two unknown bytes and no mark."""
    start = int(note.split()[4])
    farm = farm_text(expected)
    return _read_out_of_step(farm[start:].encode("gbk")[1:])[1]


def shift_mojibake(text: str, start: int, annotate: bool = False) -> str:
    """Garble ``text`` from character ``start``, as the seeds show it.

    The decoder fell out of step one byte early: it read the trail byte of the character before and the
    lead byte of ``text[start]`` as one character, which the farm's annotator gave its reading and a
    later encoding step turned into ``?`` (``因?yàn)``: 驗 is ``F2 9E``, 因's trail and 為's lead). The
    rest is read one byte out of step until the next ASCII byte puts the decoder back in step.
    """
    head, tail = text[:start], text[start:].encode("gbk")
    junk = "?"
    previous = head[-1:].encode("gbk", errors="ignore")
    if annotate and len(previous) == 2:
        try:
            garbled = bytes([previous[1], tail[0]]).decode("gbk")
        except UnicodeDecodeError:
            garbled = ""
        reading = pinyin(garbled, style=Style.TONE, errors="ignore") if garbled else []
        if reading and reading[0] and reading[0][0]:
            junk = f"?{reading[0][0]})"
    return head + junk + _decode_out_of_step(tail[1:])


# ------------------------------------------------------------------------------- class 5: deleted words

def delete_word(text: str, word: str, leave_space: bool) -> str:
    """Remove the first ``word``, leaving a space where it stood when the farm's filter did."""
    return text.replace(word, " " if leave_space else "", 1)


# ---------------------------------------------------------------------------------- class 6: spun text

def spin(text: str, original: str, synonym: str) -> str:
    return text.replace(original, synonym, 1)


# ------------------------------------------------------------------------ class 8: half-width punctuation

def half_width(text: str, spaces: bool = False) -> str:
    """Full-width punctuation replaced by ASCII (``spaces``: with a space after it, as some farms type)."""
    return "".join(HALF_WIDTH.get(ch, ch) + (" " if spaces and ch in "，：；" else "") for ch in text)
