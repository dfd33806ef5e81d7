"""A synthetic batch of articles with ground truth, for the scale benchmark (``bench.ingest``).

Families of articles, each one distinct article and the copies farms made of it:

* distinct articles are made from ``data/bench_corpus.yaml`` (Chinese text written for this benchmark): a
  title, an introduction, six to nine topics (a question and seven of its eight sentences, in
  paragraphs) and a conclusion, in one of five shapes (``一、`` / ``1.`` / ``（一）`` headings, an
  announced plan without headings, or plain paragraphs). Each family words its text in its own
  ``dialect`` (harmless variants), so that two distinct articles never read like copies; the five seed
  articles are families too;
* copies are republications: converted to the other script (incompletely, with pinyin annotations),
  spun (``spin`` swaps), two paragraphs swapped, page furniture and contact spam added, half-width
  punctuation, HTML markup, GBK byte-drop corruption, deleted words, and saved in UTF-8 or GB18030
  (the fault classes of SOURCES.md, all but the rarer one-byte-shift mojibake).

Ground truth: the family of every file, and for every synthetic family the topic and text of each of
its sections (a topic is one question, whichever of its phrasings an article uses).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from pypinyin import Style, pinyin

from faqkit.core.script import converter

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).with_name("bench_corpus.yaml")
# Characters the farms' converters leave Simplified (SOURCES.md fault 2).
LEFT_SIMPLIFIED = "系么于后里台"
FULL_TO_HALF = {"，": ",", "？": "?", "：": ":", "！": "!", "（": "(", "）": ")"}
DELETABLE = ("电话", "催收", "法律", "问题")
GENERATOR_VERSION = "1"


@dataclass
class Truth:
    family: dict[str, int] = field(default_factory=dict)  # file name -> family
    topics: dict[int, list[tuple[str, str]]] = field(default_factory=dict)  # family -> [(topic, text)]
    seed_families: list[int] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"family": self.family, "topics": {str(k): v for k, v in self.topics.items()},
                           "seed_families": self.seed_families}, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Truth:
        raw = json.loads(text)
        return cls(raw["family"], {int(k): [tuple(t) for t in v] for k, v in raw["topics"].items()},
                   raw["seed_families"])


@cache
def corpus() -> dict:
    return yaml.safe_load(CORPUS.read_text(encoding="utf-8"))


# ------------------------------------------------------------------------------------ distinct articles

CN = "一二三四五六七八九十"


def _heading(style: str, index: int, text: str, rng: random.Random) -> str:
    text = text.rstrip("？") if rng.random() < 0.3 and not text.startswith(("什么", "为什么")) else text
    if style == "cn":
        return f"{CN[index]}、{text}"
    if style == "paren":
        return f"（{CN[index]}）{text}"
    return f"{index + 1}. {text}"


def distinct_article(rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """(text, [(topic, section text)]) of a new article, canonical Simplified, no faults."""
    data = corpus()
    product = rng.choice(data["products"])
    dialect = {forms[0]: rng.choice(forms) for forms in data["dialect"]}
    topics = rng.sample(sorted(data["topics"]), rng.randint(6, 9))
    style = rng.choice(["cn", "cn", "num", "paren", "plan", "plain"])

    def words(text: str) -> str:
        for plain_form, variant in dialect.items():
            text = text.replace(plain_form, variant)
        return text.replace("{p}", product)

    title = words(rng.choice(data["title_templates"]))
    intro = words("".join(rng.sample(data["intro"], 4)))
    lines = [title]
    sections = []
    headings = [rng.choice(data["topics"][t]["questions"]) for t in topics]
    if style == "plan":
        plan = "；".join(f"{CN[i]}、{h.rstrip('？')}" for i, h in enumerate(headings))
        lines += [intro, words(rng.choice(data["plan_leads"])) + plan + "。"]
    else:
        lines.append(intro)
    for index, topic in enumerate(topics):
        sentences = [words(s) for s in rng.sample(data["topics"][topic]["sentences"], 7)]
        paragraphs = ["".join(sentences[:4]), "".join(sentences[4:])]
        if style in ("cn", "num", "paren"):
            lines.append(_heading(style, index, headings[index], rng))
        lines += paragraphs
        sections.append((topic, "".join(paragraphs)))
    lines.append(words("".join(rng.sample(data["conclusion"], 2))))
    return "\n".join(lines) + "\n", sections


# ----------------------------------------------------------------------------------------------- faults

def _gbk(ch: str) -> bytes | None:
    try:
        return ch.encode("gbk")
    except UnicodeEncodeError:
        return None


def byte_drop(text: str, rng: random.Random, rate: float = 0.5) -> str:
    """Delete the GBK pair ``DF A3`` where a character ending in ``DF`` meets full-width punctuation."""
    out: list[str] = []
    i = 0
    while i < len(text):
        here, after = _gbk(text[i]), _gbk(text[i + 1]) if i + 1 < len(text) else None
        if here and after and len(here) == 2 and here[1] == 0xDF and after[0] == 0xA3 and rng.random() < rate:
            try:
                out.append(bytes([here[0], after[1]]).decode("gbk"))
                i += 2
                continue
            except UnicodeDecodeError:
                pass
        out.append(text[i])
        i += 1
    return "".join(out)


def incomplete_traditional(text: str, rng: random.Random, pinyin_rate: float) -> str:
    """s2t, with some characters left Simplified and readings pasted after converted ones."""
    converted = converter("s2t").convert(text)
    out = []
    for before, after in zip(text, converted, strict=False):
        if before in LEFT_SIMPLIFIED:
            out.append(before)
        elif before != after and rng.random() < pinyin_rate:
            out.append(f"{after}({pinyin(before, style=Style.TONE)[0][0]})")
        else:
            out.append(after)
    return "".join(out) + converted[len(text):]


def spin(text: str, rng: random.Random, rate: float = 0.6) -> str:
    for word, swap in corpus()["spin"].items():
        if rng.random() < rate:
            text = text.replace(word, swap)
    return text


def republish(text: str, rng: random.Random) -> str:
    """A farm's copy of ``text``: spun, two paragraphs swapped, in either script, with furniture."""
    data = corpus()
    lines = spin(text, rng).split("\n")
    body = [i for i, line in enumerate(lines[1:-2], 1) if len(line) > 40 and "一、" not in line]
    if len(body) >= 2:
        k = rng.randrange(len(body) - 1)
        a, b = body[k], body[k + 1]
        lines[a], lines[b] = lines[b], lines[a]
    out = "\n".join(lines)
    if rng.random() < 0.5:
        out = incomplete_traditional(out, rng, pinyin_rate=rng.choice([0.0, 0.1, 0.3]))
    if rng.random() < 0.5:
        out = rng.choice(data["furniture_head"]) + "\n\n" + out
    if rng.random() < 0.5:
        out += "\n" + "\n".join(rng.sample(data["furniture_foot"], 2))
    return out


def with_faults(text: str, rng: random.Random) -> str:
    """Faults any article may carry, original or copy."""
    if rng.random() < 0.3:
        text = byte_drop(text, rng)
    if rng.random() < 0.3:
        for word in rng.sample(DELETABLE, 2):
            text = text.replace(word, " " if rng.random() < 0.5 else "", 1)
    if rng.random() < 0.3:
        text = re.sub("[，？：！（）]", lambda m: FULL_TO_HALF[m.group(0)] if rng.random() < 0.3 else m.group(0), text)
    return text


def as_file(text: str, rng: random.Random) -> tuple[str, bytes]:
    """(suffix, bytes): some pages as HTML, some files in GB18030."""
    suffix = ".txt"
    if rng.random() < 0.1:
        paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n") if line.strip())
        text = f"<html><head><title>t</title><script>var a=1;</script></head><body>{paragraphs}</body></html>"
        suffix = ".html"
    encoding = "gb18030" if rng.random() < 0.2 else "utf-8"
    return suffix, text.encode(encoding)


# ------------------------------------------------------------------------------------------------ batch

def _copies(rng: random.Random) -> int:
    return rng.choice([0, 0, 1, 2, 3, 3, 4, 5, 6])


def make_batch(target: Path, articles: int, seed: int = 7) -> Truth:
    """Write about ``articles`` files into ``target`` (file names shuffled) and return the ground truth.
    Each file is written as it is made: a batch of 100,000 never sits in memory."""
    rng = random.Random(seed)
    truth = Truth()
    target.mkdir(parents=True, exist_ok=True)
    written = 0

    def write(family: int, suffix: str, data: bytes) -> None:
        nonlocal written
        # Names carry no trace of the family: a hash of the position and the seed.
        name = hashlib.sha256(f"{seed}:{written}".encode()).hexdigest()[:12] + suffix
        (target / name).write_bytes(data)
        truth.family[name] = family
        written += 1

    family = 0
    for path in sorted((ROOT / "sources").iterdir()):
        text = path.read_text(encoding="utf-8")
        truth.seed_families.append(family)
        write(family, path.suffix, text.encode("utf-8"))
        for _ in range(3):
            write(family, *as_file(with_faults(republish(text, rng), rng), rng))
        family += 1
    while written < articles:
        text, sections = distinct_article(rng)
        truth.topics[family] = sections
        for n in range(min(1 + _copies(rng), articles - written)):
            copy = with_faults(text if n == 0 else republish(text, rng), rng)
            write(family, *as_file(copy, rng))
        family += 1
    return truth


def cached_batch(root: Path, articles: int, seed: int = 7) -> tuple[Path, Truth]:
    """The batch of :func:`make_batch`, made once and kept under ``root`` (it takes a while at 10,000)."""
    key = hashlib.sha256(CORPUS.read_bytes() + f"{GENERATOR_VERSION}:{articles}:{seed}".encode()).hexdigest()[:12]
    folder = root / f"batch-{articles}-{key}"
    truth_file = root / f"batch-{articles}-{key}.truth.json"
    if truth_file.exists() and folder.is_dir():
        return folder, Truth.from_json(truth_file.read_text(encoding="utf-8"))
    truth = make_batch(folder, articles, seed)
    truth_file.write_text(truth.to_json(), encoding="utf-8")
    return folder, truth
