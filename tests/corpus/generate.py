"""Build ``cases.jsonl``, the labeled repair corpus, from ``sentences.yaml`` and ``faults.py``.

    .venv/bin/python -m tests.corpus.generate      # rewrites tests/corpus/cases.jsonl

Run once and commit the output; the test reads the committed file, so a change in a mechanism or a
sentence shows up as a reviewable diff. Each line: ``{"kind", "id", "input", "expected", "note"}``;
``expected`` is what the repair stages (markup, repair, canon, clean's wording fixes) must make of
``input``. Kinds: pinyin, byte-drop, mojibake, deleted-word, spin, typography, law, and clean (sentences
that must come out unchanged).
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import yaml

from tests.corpus import faults

HERE = Path(__file__).parent
SEED = 20261123

# Farm synonym swaps (SOURCES.md class 6): (original, what the farm wrote, the context the swap needs,
# whether it breaks the sentence). A harmful swap must be reversed; a harmless one must be left alone.
SPIN_SWAPS = [
    ("第一步", "之一步", "", True),
    ("第一道", "之一道", "", True),
    ("会影响", "会作用", "", True),
    ("采取", "采纳", "措施", True),
    ("要求对方", "须要对方", "", True),
    ("有权要求", "有权须要", "", True),
    ("的要求", "的须要", "", True),
    ("催收行为", "催收表现", "", True),
    ("违规行为", "违规表现", "", True),
    ("违法行为", "违法表现", "", True),
    ("我们", "咱们", "", True),
    ("证据包括", "证据涵盖", "、", True),
    ("原因", "起因", "", False),
    ("最重要", "最关键", "", False),
    ("问题", "难题", "", False),
    ("自己的", "本人的", "", False),
]

# Words a farm's filter deleted (SOURCES.md class 5): (word, the context it is deleted in, space left).
DELETIONS = [
    ("电话", "通过电话", True),
    ("电话", "、电话", True),
    ("法律", "作为法律", True),
    ("题", "问题", False),
    ("催收", "恶意催收等", False),
    # no rule knows these: the space left behind is flagged for a reviewer
    ("法律", "法律援助", True),
    ("催收", "暴力催收", True),
    ("电话", "电话号码", True),
]

# Law and regulation titles that do not exist (SOURCES.md class 11): each must be marked for review.
INVENTED_LAWS = [
    "《中华人民共和国网络借贷催收管理办法》",
    "《网贷逾期处理条例》",
    "《个人债务减免法》",
    "《互联网贷款逾期保护规定》",
    "《中华人民共和国征信修复法》",
    "《最高人民法院关于网贷逾期不予起诉的通知》",
]
LAW_SENTENCES = [
    "根据{law}，平台不得向借款人的亲友催收。",
    "有人说{law}规定逾期三个月内不能起诉，这种说法要核实。",
]
LAW_NOTE = "（编者注：未能核实此法规名称，请以官方公布的文本为准）"


def _case(kind: str, number: int, source: str, expected: str, note: str = "") -> dict[str, str]:
    return {"kind": kind, "id": f"{kind}-{number:03d}", "input": source, "expected": expected, "note": note}


def mojibake_case(sentence: str, rng: random.Random) -> tuple[str, str, str] | None:
    """(garbled input, expected, note) for one sentence, or ``None`` when it has no place for a span.

    As in the seeds: Traditional with half-width punctuation, a span read out of step up to the next ASCII
    byte. The span starts inside a clause that ends in a comma or question mark.
    """
    farm = faults.farm_text(sentence)
    try:
        farm.encode("gbk")
    except UnicodeEncodeError:
        return None
    stops = [i for i, ch in enumerate(farm) if ch in ",?" and i >= 5]
    if not stops:
        return None
    stop = stops[0]
    start = rng.randrange(max(1, stop - 12), stop - 3)
    annotate = rng.random() < 0.6
    return faults.shift_mojibake(farm, start, annotate), sentence, f"out of step from {start} to {stop}"


def build_calibration(sentences: list[str], variants: int = 3, seed: int = SEED + 1) -> list[dict[str, str]]:
    """Mojibake cases from sentences the test corpus does not use (``calibration`` and ``fresh`` in
    sentences.yaml), several spans per sentence: a check of the margins on text they were not chosen on."""
    rng = random.Random(seed)
    cases: list[dict[str, str]] = []
    for sentence in sentences:
        for _ in range(variants):
            garbled = mojibake_case(sentence, rng)
            if garbled and garbled[0] != sentence and all(c["input"] != garbled[0] for c in cases):
                cases.append(_case("mojibake", len(cases), *garbled))
    return cases


def build(sentences: dict[str, list[str]]) -> list[dict[str, str]]:
    rng = random.Random(SEED)
    domain, clean = sentences["domain"], sentences["clean"]
    cases: list[dict[str, str]] = []

    def add(kind: str, source: str, expected: str, note: str = "") -> None:
        number = sum(1 for c in cases if c["kind"] == kind)
        if source != expected or kind in ("clean", "spin"):
            cases.append(_case(kind, number, source, expected, note))

    for sentence in domain:
        annotated = faults.annotate_pinyin(sentence)
        if "(" in annotated:
            add("pinyin", annotated, sentence, "Traditional, readings pasted after converted characters")

    for sentence in domain:
        for site in faults.byte_drop_sites(sentence):
            add("byte-drop", faults.drop_df_a3(sentence, site), sentence, f"DF A3 deleted at {site}")
            traditional = faults.to_traditional(sentence)
            if rng.random() < 0.2 and faults.byte_drop_sites(traditional) == faults.byte_drop_sites(sentence):
                add("byte-drop", faults.drop_df_a3(traditional, site), sentence, f"Traditional, DF A3 at {site}")

    for sentence in domain:
        garbled = mojibake_case(sentence, rng)
        if garbled:
            add("mojibake", *garbled)

    for sentence in domain:
        for word, context, space in DELETIONS:
            if context in sentence:
                damaged = sentence.replace(context, context.replace(word, " " if space else "", 1), 1)
                add("deleted-word", damaged, sentence, f"{word} deleted" + (", space left" if space else ""))

    for sentence in domain:
        for original, synonym, needs, harmful in SPIN_SWAPS:
            if original in sentence and needs in sentence:
                spun = faults.spin(sentence, original, synonym)
                # A harmless swap is left as the farm wrote it.
                add("spin", spun, sentence if harmful else spun,
                    f"{original} -> {synonym} ({'breaks meaning' if harmful else 'harmless, left alone'})")

    chosen = sorted(rng.sample(range(len(domain)), 70))
    for n, index in enumerate(chosen):
        sentence = domain[index]
        add("typography", faults.half_width(sentence, spaces=n % 3 == 0), sentence, "half-width punctuation")

    for n, law in enumerate(INVENTED_LAWS):
        template = LAW_SENTENCES[n % len(LAW_SENTENCES)]
        add("law", template.format(law=law), template.format(law=law + LAW_NOTE), "invented law, marked")

    for sentence in clean:
        add("clean", sentence, sentence, "must come out unchanged")
    return cases


def main() -> None:
    sentences = yaml.safe_load((HERE / "sentences.yaml").read_text(encoding="utf-8"))
    cases = build(sentences)
    calibration = build_calibration(sentences["calibration"])
    fresh = build_calibration(sentences["fresh"], seed=SEED + 2)
    for name, rows in (("cases.jsonl", cases), ("calibration.jsonl", calibration), ("fresh.jsonl", fresh)):
        with (HERE / name).open("w", encoding="utf-8") as out:
            for case in rows:
                out.write(json.dumps(case, ensure_ascii=False) + "\n")
    print(f"calibration.jsonl: {len(calibration)} mojibake cases, fresh.jsonl: {len(fresh)}")
    counts: dict[str, int] = {}
    for case in cases:
        counts[case["kind"]] = counts.get(case["kind"], 0) + 1
    print(f"{len(cases)} cases: " + ", ".join(f"{k} {n}" for k, n in counts.items()))


if __name__ == "__main__":
    main()
