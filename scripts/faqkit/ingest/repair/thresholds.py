"""Every calibrated threshold of the repair stage, in one place, with how it was chosen.

Tests hold each of them at its edge (``tests/test_edges_repair.py``; ``make mutate`` moves each one to
plausible wrong values and reports any the tests do not notice): a threshold that no test
notices moving is not tested. The modules read them as ``thresholds.NAME`` at call time, so that
``tests/corpus/calibrate.py`` can try other values.
"""

from __future__ import annotations

# --------------------------------------------------------------------------------------------- mojibake

# A garbled run reads as words this rarely; text a legitimate '?' precedes reads as words far more often.
MAX_GARBAGE_COVERAGE = 0.5

# A sentence with this many hiragana in a row is Japanese (a quotation, a Japanese page's line), and its
# kana are writing, not the kana GBK rows A4-A5 make of bytes read out of step: Chinese UTF-8 read as GBK,
# at every byte offset, gave 1,809 hiragana in 500,000 characters and never two in a row. Japanese writes
# its particles and endings as runs (を, によく, してください).
JAPANESE_HIRAGANA_RUN = 2

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

# How many of the most common characters are tried as a character lost whole inside or before a span,
# and how many candidates a slot with a lost byte keeps (the likeliest by the words they make).
LOST_CHAR_POOL = 1500
CANDIDATES_PER_SLOT = 40

# A character outside any word and rarer than this, in recovered text, means the reading is wrong.
ORPHAN_FREQ = 10000

# -------------------------------------------------------------------------------------------- byte-drop

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

# ---------------------------------------------------------------------------------------- deleted words

# log-probability margin by which the word put into a gap must beat every other deleted word there.
GAP_FILL_MARGIN = 3.0
