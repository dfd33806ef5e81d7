"""``make bench BENCH=ingest``: ``faqkit ingest`` at scale, on a synthetic batch with ground truth.

For each size (``FAQKIT_BENCH_SIZES``, default ``1000,10000`` articles) the batch of
:mod:`bench.synth` is made (once; kept under ``build/bench/``), then ``faqkit ingest`` runs
in a fresh process, as a user runs it, with an empty cache, and once more on the same sources. Printed:

* wall time, articles/s and MB/s of the first run, and the peak memory of the ingest process *and its
  workers* together, sampled from /proc every 50 ms: the sum of their RSS (which counts the pages the
  forked workers share with the main process once per process) and of their PSS (which shares them out);
* per batch stage of the first run (the lines of ``faqkit ingest --timings``), its seconds and the peak PSS
  of the process tree while it ran: where the time goes and where the memory peaks, size by size;
* the second run's wall time (the content-hash cache) and whether it left docs/ byte-identical;
* the reference: one single-process pass of pure-Python OpenCC ``t2s`` (opencc-python-reimplemented, the
  converter loaded beforehand) over the same files, read and decoded as UTF-8, and ingest's wall time as a
  multiple of it (issue 15's target: 1,000 articles in at most 1.0 ×);
* pairwise precision/recall/F1 of the article clusters against the families of the ground truth, and of
  the question merges against the topics (over the sections of the synthetic families' base articles:
  two sections are one question exactly when they come from the same topic).

Targets (issue 4): 10,000 articles ≤ 60 s and ≤ 2 GB; 10k ≤ 11 × 1k; article-cluster F1 ≥ 0.95.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from faqkit import organize
from faqkit.core.text import bigrams
from faqkit.ingest.read import DEFAULT_MAX_BYTES
from faqkit.organize.answers import points_of
from faqkit.pipeline.articles import Processed, process_source
from faqkit.pipeline.workers import default_workers

from .synth import ROOT, Truth, cached_batch

SIZES = tuple(int(n) for n in os.environ.get("FAQKIT_BENCH_SIZES", "1000,10000").split(",") if n.strip())


# ------------------------------------------------------------------------------------------------ memory

def _descendants(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                parent = int(handle.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        found.append(pid)
        stack += children.get(pid, [])
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes (0, 0 once it is gone)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as handle:
            fields = dict(line.split(":", 1) for line in handle if ":" in line)
    except OSError:
        return 0, 0
    kb = {key: int(value.split()[0]) * 1024 for key, value in fields.items() if value.strip().endswith("kB")}
    return kb.get("Rss", 0), kb.get("Pss", 0)


_PAGE = os.sysconf("SC_PAGE_SIZE")


def tree_rss(root: int) -> int:
    """The sum of the RSS of ``root`` and its descendants, from /proc/PID/statm: cheap enough to read
    every sampling interval, where smaps_rollup (which PSS needs) costs the kernel a walk of every page
    (3 ms for a 400 MB process; at 50 ms for three processes it took a fifth of a core from the run)."""
    total = 0
    for pid in _descendants(root):
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as handle:
                total += int(handle.read().split()[1]) * _PAGE
        except (OSError, IndexError, ValueError):
            continue
    return total


def tree_memory(root: int) -> tuple[int, int]:
    """Resident memory of ``root`` and all its descendants: the sum of their RSS (counts pages that
    forked workers share with the main process once per process) and of their PSS (shares them out)."""
    rss = pss = 0
    for pid in _descendants(root):
        r, p = _memory(pid)
        rss, pss = rss + r, pss + p
    return rss, pss


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# A line of ``faqkit ingest --timings``: seconds, peak MB, the stage's name, the clock time at its end.
STAGE_LINE = re.compile(r"^stage +[\d.]+ s +\d+ MB  (?P<name>.+?)  \(at (?P<at>[\d.]+)\)$")


@dataclass
class Measured:
    seconds: float  # wall
    cpu: float  # of the process and its workers
    peak_rss: int  # of the process tree, bytes
    peak_pss: int
    stages: list[tuple[str, float, float, int]]  # (stage, seconds it took, its end since the start, peak PSS)


# The PSS is read every PSS_EVERY samples (of 50 ms), and whenever the RSS has grown past PSS_GROWTH
# times its highest so far.
PSS_EVERY = 5
PSS_GROWTH = 1.02


def run_measured(command: list[str]) -> Measured:
    """``command`` (``faqkit ingest --timings``) measured: wall and CPU seconds, peak RSS and PSS of the
    process tree, and per batch stage (the lines ``--timings`` prints) its seconds and the tree's peak PSS
    while it ran (the first, "read and compare", is the per-article map). On a shared machine the
    wall time also counts other people's work; the CPU time does not."""
    cpu_before = _children_cpu()
    started, began = time.perf_counter(), time.time()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak_rss = peak_pss = 0
    timeline: list[tuple[float, int]] = []  # (clock time, PSS of the tree)
    done = threading.Event()

    def sample() -> None:
        # RSS every interval; PSS (the costly read) when the RSS reaches a new high, and every
        # PSS_EVERY intervals: the peaks are caught, and the sampler takes ~2 % of a core, not ~20 %.
        nonlocal peak_rss, peak_pss
        tick, pss = 0, 0
        while not done.is_set():
            rss = tree_rss(proc.pid)
            if rss > peak_rss * PSS_GROWTH or tick % PSS_EVERY == 0:
                rss_now, pss = tree_memory(proc.pid)
                peak_rss, peak_pss = max(peak_rss, rss, rss_now), max(peak_pss, pss)
            timeline.append((time.time(), pss))
            tick += 1
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}):\n{err[-2000:]}")
    stages, begin = [], began
    for line in err.splitlines():
        found = STAGE_LINE.match(line)
        if not found:
            continue
        end = float(found.group("at"))
        # A stage shorter than the sampling interval: the memory at the last sample before its end.
        peak = max((pss for t, pss in timeline if begin <= t <= end),
                   default=next((pss for t, pss in reversed(timeline) if t <= end), 0))
        stages.append((found.group("name"), end - begin, end - began, peak))
        begin = end
    return Measured(seconds, _children_cpu() - cpu_before, peak_rss, peak_pss, stages)


# ----------------------------------------------------------------------------------------------- quality

def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def pairwise_scores(predicted: list[list[str]], truth: dict[str, object]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of a clustering of the keys of ``truth`` (label per key)."""
    together = sum(_pairs(n) for n in Counter((i, truth[k]) for i, g in enumerate(predicted) for k in g
                                              if k in truth).values())
    said = sum(_pairs(sum(1 for k in g if k in truth)) for g in predicted)
    true = sum(_pairs(n) for n in Counter(truth[k] for g in predicted for k in g if k in truth).values())
    precision = together / said if said else 1.0
    recall = together / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def question_truth(batch: Path, cache: Path, report: dict, truth: Truth) -> tuple[list[list[str]], dict[str, str]]:
    """Predicted groups and true topics of the question sections of the synthetic families' base articles
    (a section without a heading is part of its page's answer, not a question merged across pages).

    Each section of a base article is given the topic of its family's section it shares most
    character bigrams with (copies are spun and reordered, and headless articles are split by topic).
    The processed articles come from the cache the measured run filled.
    """
    topic_grams = {fam: [(topic, set(bigrams(text))) for topic, text in sections]
                   for fam, sections in truth.topics.items()}
    labels: dict[str, str] = {}
    for members in report["clusters"]:
        families = {truth.family.get(name) for name in members}
        if not families & set(topic_grams):
            continue
        found = [process_source(batch / n, n, DEFAULT_MAX_BYTES, cache) for n in sorted(members)]
        articles = [f.article for f in found if isinstance(f, Processed) and f.has_text]
        if not articles:
            continue
        base = max(articles, key=organize.completeness)  # as the pipeline chooses it
        family = truth.family[base.name]
        if family not in topic_grams:
            continue
        for index, section in enumerate(base.sections):
            if not section.question:
                continue  # part of its page's answer, not a question of its own: merged on its page only
            grams = set(bigrams("".join(points_of(section))))
            labels[f"{base.name}#{index}"] = max(topic_grams[family], key=lambda t: len(grams & t[1]))[0]
    groups = [[f"{a}#{i}" for a, i in group] for group in report["merged_sections"]]
    merged = {key for group in groups for key in group}
    groups += [[key] for key in labels if key not in merged]
    return groups, labels


def t2s_pass(files: list[Path]) -> float:
    """Seconds of one single-process pure-Python OpenCC ``t2s`` pass over ``files`` (read, decoded as
    UTF-8 with replacement, converted): the cost of reading the text once, ingest's yardstick."""
    import opencc

    converter = opencc.OpenCC("t2s")
    converter.convert("預熱")  # its dictionaries load on first use: not part of the pass
    started = time.perf_counter()
    for path in files:
        converter.convert(path.read_bytes().decode("utf-8", errors="replace"))
    return time.perf_counter() - started


def _prf(scores: tuple[float, float, float]) -> str:
    return "/".join(f"{x:.3f}" for x in scores)


# ---------------------------------------------------------------------------------------------------- run

def run(articles: int) -> dict:
    batch, truth = cached_batch(ROOT / "build" / "bench", articles)
    files = sorted(batch.iterdir())
    size = sum(p.stat().st_size for p in files)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        command = [sys.executable, "-m", "faqkit.cli", "ingest", str(batch), "--docs", str(work / "docs"),
                   "--report", str(work / "report.txt"), "--cache", str(work / "cache"), "--quiet",
                   "--date", "2026-01-01", "--timings"]
        first = run_measured(command)
        before = {p: p.read_bytes() for p in (work / "docs").rglob("*") if p.is_file()}
        again = run_measured(command).seconds
        identical = before == {p: p.read_bytes() for p in (work / "docs").rglob("*") if p.is_file()}
        report = json.loads((work / "report.json").read_text(encoding="utf-8"))
        a_p, a_r, a_f = pairwise_scores(report["clusters"], truth.family)
        groups, labels = question_truth(batch, work / "cache", report, truth)
        q_p, q_r, q_f = pairwise_scores(groups, labels)
    return {"articles": len(files), "mb": size / 1e6, "seconds": first.seconds, "t2s": t2s_pass(files),
            "cpu": first.cpu, "peak_mb": first.peak_rss / 1e6, "pss_mb": first.peak_pss / 1e6,
            "stages": first.stages, "again": again, "identical": identical,
            "families": len(set(truth.family.values())),
            "clusters": len(report["clusters"]), "pages": len(report["pages"]), "questions": report["questions"],
            "merges": len(report["question_merges"]), "article": (a_p, a_r, a_f), "question": (q_p, q_r, q_f)}


def main() -> int:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"faqkit ingest on synthetic batches ({default_workers()} workers, load average {load:.1f} "
          "at the start); P/R/F1 pairwise against the ground truth")
    header = (f"{'articles':>8} {'MB':>6} {'wall s':>7} {'CPU s':>6} {'art/s':>7} {'MB/s':>5} {'peak RSS/PSS MB':>15} "
              f"{'x t2s':>5} {'re-run s':>8} {'same':>4} {'clusters':>9} {'pages':>6} {'questions':>9} {'merged':>6} "
              f"{'article P/R/F1':>16} {'question P/R/F1':>16}")
    print(header)
    results = []
    for articles in SIZES:
        r = run(articles)
        results.append(r)
        print(f"{r['articles']:>8} {r['mb']:>6.1f} {r['seconds']:>7.1f} {r['cpu']:>6.0f} "
              f"{r['articles'] / r['seconds']:>7.0f} "
              f"{r['mb'] / r['seconds']:>5.2f} {r['peak_mb']:>7.0f}/{r['pss_mb']:<7.0f} "
              f"{r['seconds'] / r['t2s']:>5.2f} {r['again']:>8.2f} "
              f"{'yes' if r['identical'] else 'NO':>4} {r['clusters']:>4}/{r['families']:<4} {r['pages']:>6} "
              f"{r['questions']:>9} {r['merges']:>6} "
              f"{_prf(r['article']):>16} {_prf(r['question']):>16}", flush=True)
    print("\nthe first run's stages: seconds, and the process tree's peak PSS (MB) while each ran")
    names = [name for name, *_ in results[0]["stages"]]
    print(f"{'articles':>8} " + " ".join(f"{name:>17}" for name in names))
    for r in results:
        print(f"{r['articles']:>8} " + " ".join(f"{seconds:>7.1f} s {peak / 1e6:>5.0f} MB"
                                                 for _, seconds, _, peak in r["stages"]))
    if len(results) >= 2:
        small, large = results[0], results[-1]
        ratio = large["seconds"] / small["seconds"]
        scale = large["articles"] / small["articles"]
        print(f"time {large['articles']} / {small['articles']}: {ratio:.1f}x for {scale:.0f}x the articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
