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
from collections.abc import Callable
from functools import lru_cache

from pypinyin import Style, pinyin

from .lexicon import data, to_simplified, tokenizer, word_frequency
from .record import Change
from .textutil import HAN, is_han

Fix = Callable[[str], tuple[str, list[Change]]]

PINYIN_LETTERS = "a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"

# --------------------------------------------------------------------------------------------- mojibake

# Characters that never occur in these articles but do appear when GBK bytes are read out of step.
_MOJIBAKE_MARK = re.compile(r"[\u0400-\u04ff\ufffd\u3100-\u312f\ue000-\uf8ff]"
                            rf"|[?？]{{2,}}(?=[{HAN}])"
                            rf"|\?[{PINYIN_LETTERS}]+\)"
                            rf"|(?<=[{HAN}])[\^A-Z](?=[(（{HAN}])"
                            rf"|(?<=[{HAN}])\?(?=[,，、])")
# What a garbled run is made of: Han, Cyrillic, bopomofo, private use, stray ASCII letters and symbols.
_RUN_CHAR = re.compile(rf"[{HAN}\u0400-\u04ff\u3100-\u312f\ue000-\uf8ff\ufffd^?？A-Za-z]")
# The junk a garbled run starts with: lost bytes shown as '?' and fragments of pinyin annotations.
_RUN_PREFIX = re.compile(rf"^(?:[?？]+|\([{PINYIN_LETTERS}]+\)|[{PINYIN_LETTERS}]+\))+")
# The ASCII byte at which a shifted decoder falls back in step shows as a trail byte (0x40-0x7E).
_RESYNC = re.compile(r"[@-Z\[\]^_`{|}~](?![a-z])")
# The intact character before a garbled span, looking past its own pinyin annotation.
_LAST_HAN = re.compile(rf"([{HAN}])(?:\([{PINYIN_LETTERS}]+\))?$")
_SENTENCE_END = re.compile(r"[。！？；\n]|[?!](?=\s|$)")
MIN_WORD_COVERAGE = 0.6


@lru_cache(maxsize=4096)
def _gbk(ch: str) -> bytes | None:
    try:
        return ch.encode("gbk")
    except UnicodeEncodeError:
        return None


def _word_coverage(text: str) -> float:
    """Share of Han characters in ``text`` that jieba puts inside words of two or more characters."""
    simplified = to_simplified(text)
    han = sum(1 for ch in simplified if is_han(ch))
    if not han:
        return 0.0
    covered = sum(len(w) for w in tokenizer().lcut(simplified, HMM=False)
                  if len(w) > 1 and word_frequency(w) > 0)
    return covered / han


def _infer_lead_byte(trail: int, prev_char: str, next_char: str) -> str | None:
    """The one character ending in byte ``trail`` that makes a dictionary word with a neighbour."""
    scored = []
    for lead in range(0x81, 0xFF):
        try:
            ch = bytes([lead, trail]).decode("gbk")
        except UnicodeDecodeError:
            continue
        freq = max(word_frequency(to_simplified(ch + next_char)),
                   word_frequency(to_simplified(prev_char + ch)) if prev_char else 0)
        if freq:
            scored.append((freq, ch))
    scored.sort(reverse=True)
    if len(scored) == 1 or (len(scored) > 1 and scored[0][0] >= 20 * scored[1][0]):
        return scored[0][1]
    return None


def realign(run: str, prev_char: str = "") -> str | None:
    """Read a one-byte-shifted run of GBK text back in step, or ``None`` when that is not certain.

    ``run`` ends at the ASCII character where the decoder fell back in step (``F`` in ``е掠馄诘默F``);
    ``prev_char`` is the intact character before the garbled span, which helps infer the lost one.
    """
    data = bytearray()
    for ch in run:
        encoded = _gbk(ch)
        if encoded is None or ch in "?？":
            return None
        data += encoded
    if len(data) < 3 or data[0] < 0x40:
        return None
    try:
        rest = bytes(data[1:]).decode("gbk")
    except UnicodeDecodeError:
        return None
    if not rest:
        return None
    first = _infer_lead_byte(data[0], prev_char, rest[0])
    if first is None:
        return None
    text = first + rest
    if not all(is_han(ch) for ch in text[:-1]):
        return None
    return text


def _run_bounds(text: str, start: int) -> tuple[int, int]:
    end = start
    while end < len(text) and _RUN_CHAR.match(text[end]):
        end += 1
    return start, end


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = 0
    for m in _SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    m = _SENTENCE_END.search(text, end)
    right = m.end() if m else len(text)
    if m and m.group(0) == "\n":
        right -= 1
    return left, right


def fix_mojibake(text: str) -> tuple[str, list[Change]]:
    changes: list[Change] = []
    out: list[str] = []
    pos = 0
    while True:
        mark = _MOJIBAKE_MARK.search(text, pos)
        if mark is None:
            break
        # The garbled run starts at the first marker junk and, after its prefix, must be re-aligned up to
        # the ASCII character where decoding fell back in step.
        start = mark.start()
        prefix = _RUN_PREFIX.match(text[start:])
        body_start = start + (prefix.end() if prefix else 0)
        resync = _RESYNC.search(text, body_start, body_start + 40)
        before = _LAST_HAN.search(text, 0, start)
        prev_char = before.group(1) if before else ""
        recovered = None
        if resync and resync.start() > body_start:
            run = text[body_start:resync.end()]
            if not re.search(r"[?？]", run):
                recovered = realign(run, prev_char)
        if recovered is not None and _word_coverage(recovered) >= MIN_WORD_COVERAGE:
            lost = text[start:body_start]
            repl = recovered
            # Lost bytes between a finished clause and a new one were sentence punctuation in every case
            # seen so far; a pinyin fragment in ``lost`` belonged to the lost character and goes with it.
            if re.search(r"[?？]{2}", lost) and prev_char and is_han(prev_char):
                repl = "。" + recovered
                changes.append(Change("mojibake", "inferred-punctuation", start, lost, "。"))
            changes.append(Change("mojibake", "realigned", start, text[start:resync.end()], repl))
            out.append(text[pos:start])
            out.append(repl)
            pos = resync.end()
            continue
        # Not recoverable with certainty: remove the whole sentence and flag it.
        left, right = _sentence_bounds(text, start, _run_bounds(text, mark.end())[1])
        left = max(left, pos)
        changes.append(Change("mojibake", "sentence-removed", left, text[left:right], "", applied=False))
        out.append(text[pos:left])
        pos = right
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
def _extra_words() -> dict[str, int]:
    return dict((data("repair_words.yaml") or {}).get("words") or {})


def frequency(word: str) -> int:
    """jieba's frequency of a Simplified word, or the one ``data/repair_words.yaml`` gives it."""
    return max(word_frequency(word), _extra_words().get(word, 0))


@lru_cache(maxsize=1)
def _clause_openers() -> tuple[str, ...]:
    return tuple(sorted((data("repair_words.yaml") or {}).get("clause_openers") or [], key=len, reverse=True))


@lru_cache(maxsize=1)
def _log_total() -> float:
    return math.log(tokenizer().total)


def log_prob(text: str) -> float:
    """Log probability of ``text`` (Simplified) as its most likely sequence of words (jieba's unigram
    model, words of up to six characters, unknown characters at frequency 1)."""
    n = len(text)
    best = [0.0] * (n + 1)
    for i in range(n - 1, -1, -1):
        options = []
        for j in range(i + 1, min(n, i + 6) + 1):
            freq = frequency(text[i:j])
            if freq or j == i + 1:
                options.append(math.log(freq or 1) - _log_total() + best[j])
        best[i] = max(options)
    return best[0]


def _ends_a_word(left: str, original: str) -> bool:
    """Does ``original`` end a dictionary word with the characters before it (or stand as a word)?"""
    return any(frequency(to_simplified(left[-k:] + original)) for k in range(1, min(3, len(left)) + 1))


def fix_byte_drop(text: str) -> tuple[str, list[Change]]:
    """Restore ``诉？`` from ``丝`` where the restored text is far more likely than the collapsed one.

    The collapsed pair must not be a word itself (决不 stays: it may be 决不 or 决策；), the restored
    character must end a dictionary word with what precedes it, and the text with the character and the
    punctuation restored must beat the collapsed text by :data:`BYTE_DROP_MARGIN` under jieba's model.
    """
    changes: list[Change] = []
    out: list[str] = []
    pos = 0
    for m in _collapsed_pattern().finditer(text):
        i = m.start()
        ch = m.group(0)
        original, punct = collapse_table()[ch]
        left, right = text[max(0, i - 4):i], text[i + 1:i + 5]
        right = re.split(rf"[^{HAN}]", right, maxsplit=1)[0]
        left = re.split(rf"[^{HAN}]", left)[-1]
        if frequency(to_simplified(left[-1:] + ch)):
            continue  # 决不, 宅子 after 老, 肉脯: the text as it stands is a word
        completes_word = _ends_a_word(left, original)
        if not completes_word and word_frequency(to_simplified(original)) < STANDALONE_FREQ:
            continue
        collapsed = log_prob(to_simplified(left + ch + right))
        restored = log_prob(to_simplified(left + original)) + log_prob(to_simplified(right))
        if to_simplified(right).startswith(_clause_openers()):
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


# A conjunction right before sentence punctuation lost the word it joined (记录和。 <- 记录和征信。).
_DANGLING = re.compile(rf"(?<=[{HAN}])(和|与|與|及|以及|或)(?=[。，；！？,.;!?])")


def flag_deleted_words(text: str) -> tuple[str, list[Change]]:
    """Where a filter cut a word out: a space inside Chinese text (joined), or a conjunction left
    dangling before punctuation (dropped, unless it ends a word such as 温和 or 参与). Both flagged."""
    changes = [Change("deleted-word", "gap", m.start(), text[max(0, m.start() - 4):m.end() + 4], "",
                      applied=False) for m in _GAP.finditer(text)]
    text = _GAP.sub("", text)

    def dangling(m: re.Match[str]) -> str:
        if word_frequency(to_simplified(m.string[m.start() - 1] + m.group(1))):
            return m.group(0)
        changes.append(Change("deleted-word", "dangling-conjunction", m.start(),
                              m.string[max(0, m.start() - 6):m.end() + 1], "", applied=False))
        return ""

    return _DANGLING.sub(dangling, text), changes


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


FIXES: tuple[Fix, ...] = (fix_mojibake, fix_pinyin, fix_byte_drop, restore_deleted_words,
                          flag_deleted_words)


def repair(text: str) -> tuple[str, list[Change]]:
    changes: list[Change] = []
    for fix in FIXES:
        text, found = fix(text)
        changes.extend(found)
    return text, changes
