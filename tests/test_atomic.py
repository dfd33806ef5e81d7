"""Re-ingest never loses work: a SIGKILL at any moment leaves docs/ exactly as before or exactly as after
(byte for byte), the next run finishes the job, hand-edited pages survive with their new material in a
review file, ingest twice changes nothing, and neither the order nor the names of files on disk change
the pages."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from faqkit import pipeline
from faqkit.publish import docs as publish
from faqkit.publish import render, report
from tests.conftest import ROOT, SEED_NAMES, SOURCES

TODAY = "2026-01-01"


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file (bytes) and folder (None) below root; {} when root does not exist."""
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): (p.read_bytes() if p.is_file() else None) for p in root.rglob("*")}


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """docs/ from four seeds with one page edited by hand; then the sources change: one removed, one added,
    the edited page's source extended (new material for it). ``after`` is what one clean run makes."""
    root = tmp_path_factory.mktemp("atomic")
    first = root / "first-sources"
    first.mkdir()
    for name in SEED_NAMES[:4]:
        (first / name).write_bytes((SOURCES / name).read_bytes())
    before_docs = root / "before" / "docs"
    pipeline.ingest(first, before_docs, today=TODAY, progress=False)
    edited = next(p for p in sorted(before_docs.rglob("*.md")) if p.name != "index.md"
                  and SEED_NAMES[1] in p.read_text(encoding="utf-8"))
    edited.write_text(edited.read_text(encoding="utf-8").replace("## ", "## （人工修订）", 1), encoding="utf-8")
    (before_docs / "overdue" / "figure.svg").write_bytes(b"<svg/>")  # a contributor's non-page file

    second = root / "second-sources"
    second.mkdir()
    for name in SEED_NAMES[1:]:
        (second / name).write_bytes((SOURCES / name).read_bytes())
    with (second / SEED_NAMES[1]).open("ab") as handle:
        handle.write("\n总之，逾期以后最重要的是主动和平台沟通，并保留每一次沟通的记录。\n".encode())
    articles = pipeline.read_all(second, 10**7, progress=False)[0]
    pages = pipeline.build_pages(articles)[1]
    documents = render.documents(pages)

    after_docs = root / "after" / "docs"
    shutil.copytree(before_docs, after_docs)
    result = publish.IngestResult()
    publish.write_docs(after_docs, documents, TODAY, result)
    assert result.written and result.removed and result.review, "the scenario changes, removes and reviews"
    edited_rel = edited.relative_to(before_docs).as_posix()
    assert result.kept_edited == [edited_rel] and result.review == [edited_rel]
    plan = publish.plan_docs(before_docs, documents, TODAY, publish.IngestResult())
    return {"root": root, "before": snapshot(before_docs), "after": snapshot(after_docs), "plan": plan,
            "before_docs": before_docs, "documents": documents, "edited": edited_rel,
            "review": snapshot(after_docs.parent / "review"), "sources": second}


def _fresh(scenario: dict, name: str) -> Path:
    work = scenario["root"] / name
    if work.exists():
        shutil.rmtree(work)
    shutil.copytree(scenario["before_docs"], work / "docs")
    return work / "docs"


def _in_child(work: callable) -> int:
    """Run ``work`` in a forked child; returns its wait status."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            work()
        finally:
            os._exit(0)
    return os.waitpid(pid, 0)[1]


def _write(scenario: dict, docs: Path) -> None:
    publish.write_docs(docs, scenario["documents"], TODAY, publish.IngestResult())


def _profile_write(scenario: dict, docs: Path, from_commit: bool, on_event: callable) -> None:
    """Write docs/ calling ``on_event`` at each Python call or return: of the whole write, or (when
    ``from_commit``) from ``commit_tree`` on, where docs/ starts to change. Runs in a forked child."""
    def profile(frame: object, event: str, arg: object) -> None:
        on_event()

    if from_commit:
        commit = publish.commit_tree

        def profiled_commit(*args: object) -> None:
            sys.setprofile(profile)
            commit(*args)

        publish.commit_tree = profiled_commit  # only in this child
    else:
        sys.setprofile(profile)
    _write(scenario, docs)
    sys.setprofile(None)


def _count_events(scenario: dict, docs: Path, from_commit: bool) -> int:
    read_end, write_end = os.pipe()

    def count() -> None:
        events = [0]
        _profile_write(scenario, docs, from_commit, lambda: events.__setitem__(0, events[0] + 1))
        os.write(write_end, str(events[0]).encode())

    _in_child(count)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        return int(pipe.read())


def _kill_at(scenario: dict, docs: Path, event: int, from_commit: bool) -> int:
    """Write docs/ in a child that SIGKILLs itself at its ``event``-th Python call or return."""
    def killed() -> None:
        seen = [0]

        def on_event() -> None:
            seen[0] += 1
            if seen[0] == event:
                os.kill(os.getpid(), signal.SIGKILL)

        _profile_write(scenario, docs, from_commit, on_event)

    return _in_child(killed)


def _commit_in_child(scenario: dict, docs: Path, event: int | None, counter: list[int] | None = None) -> int:
    """``commit_tree`` (where docs/ changes) in a forked child, SIGKILLed at its ``event``-th Python call or
    return; with ``counter``, counts the events instead (reported through a pipe)."""
    plan = scenario["plan"]
    read_end, write_end = os.pipe()

    def commit() -> None:
        seen = [0]

        def profile(frame: object, name: str, arg: object) -> None:
            seen[0] += 1
            if seen[0] == event:
                os.kill(os.getpid(), signal.SIGKILL)

        sys.setprofile(profile)
        publish.commit_tree(docs, plan.writes, plan.removals)
        sys.setprofile(None)
        os.write(write_end, str(seen[0]).encode())

    status = _in_child(commit)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        reported = pipe.read()
    if counter is not None:
        counter.append(int(reported))
    return status


def test_sigkill_at_any_point_leaves_before_or_after(scenario: dict) -> None:
    """Kills at random Python calls of a whole ingest write, and densely inside ``commit_tree``, the only
    code that changes docs/; after each, docs/ is before or after, and the next run finishes the job."""
    rng = random.Random(6)
    outcomes = {"before": 0, "after": 0}

    def judge(docs: Path, event: int, recover: bool) -> None:
        state = snapshot(docs)
        assert state in (scenario["before"], scenario["after"]), f"half-written docs/ (kill at {event})"
        outcomes["before" if state == scenario["before"] else "after"] += 1
        if recover:  # the next run finishes the job and leaves no staging folder behind
            assert _in_child(lambda: _write(scenario, docs)) == 0
            assert snapshot(docs) == scenario["after"]
            assert not list(docs.parent.glob(".docs.staging-*"))
            assert snapshot(docs.parent / "review") == scenario["review"]

    docs = _fresh(scenario, "trial")
    whole = _count_events(scenario, docs, from_commit=False)
    assert snapshot(docs) == scenario["after"], "an uninterrupted run makes the after tree"
    for event in sorted(rng.sample(range(1, whole + 1), 6)):
        docs = _fresh(scenario, "trial")
        status = _kill_at(scenario, docs, event, from_commit=False)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, event
        judge(docs, event, recover=True)

    counted: list[int] = []
    _commit_in_child(scenario, _fresh(scenario, "trial"), None, counted)
    total = counted[0]
    events = sorted({1, total, *rng.sample(range(1, total + 1), min(total, 40))})
    for index, event in enumerate(events):
        docs = _fresh(scenario, "trial")
        status = _commit_in_child(scenario, docs, event)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, event
        judge(docs, event, recover=index % 5 == 0)
    print(f"{6 + len(events)} kills (6 over {whole} events of the write, {len(events)} over {total} of "
          f"commit_tree): {outcomes}")
    assert outcomes["before"] and outcomes["after"], outcomes


def test_without_an_atomic_exchange_the_next_run_repairs_a_kill(scenario: dict, monkeypatch: pytest.MonkeyPatch
                                                                 ) -> None:
    """Systems without renameat2 swap with two renames; a kill between them is undone by the next run."""
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    docs = _fresh(scenario, "fallback")
    total = _count_events(scenario, docs, from_commit=True)
    for event in random.Random(7).sample(range(1, total + 1), min(total, 20)):
        docs = _fresh(scenario, "fallback")
        _kill_at(scenario, docs, event, from_commit=True)
        publish.recover_interrupted_swap(docs)
        assert snapshot(docs) in (scenario["before"], scenario["after"]), event


def _sources_and_docs(scenario: dict, name: str) -> tuple[Path, Path]:
    return scenario["sources"], _fresh(scenario, name)


def test_sigkill_of_the_real_commands_at_random_moments(scenario: dict) -> None:
    """`faqkit ingest` and `faqkit build` killed from outside at random moments of their run."""
    rng = random.Random(66)
    sources, docs = _sources_and_docs(scenario, "cli")
    command = [sys.executable, "-m", "faqkit.cli", "ingest", str(sources), "--docs", str(docs), "--quiet",
               "--date", TODAY, "--report", str(docs.parent / "report.txt")]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    duration = time.perf_counter() - started
    assert snapshot(docs) == scenario["after"]
    for _ in range(2):
        sources, docs = _sources_and_docs(scenario, "cli")
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert snapshot(docs) in (scenario["before"], scenario["after"])
    docs = _fresh(scenario, "build")
    for delay in (rng.uniform(0.5, 2.5),):
        proc = subprocess.Popen([sys.executable, "-m", "faqkit.cli", "build", "--root", str(ROOT), "--docs",
                                 str(docs), "--site", str(docs.parent / "site")],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=docs.parent)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert snapshot(docs) == scenario["before"], "building never writes docs/"


def test_edited_page_is_kept_and_its_new_material_goes_to_review(scenario: dict) -> None:
    docs = _fresh(scenario, "review")
    result = pipeline.ingest(scenario["sources"], docs, today=TODAY, progress=False)
    edited = scenario["edited"]
    assert (docs / edited).read_bytes() == scenario["before"][edited], "the human text stays"
    review = docs.parent / "review" / edited
    text = review.read_text(encoding="utf-8")
    assert text.startswith("---\n# faqkit ingest: new material for docs/" + edited)
    assert "保留每一次沟通的记录" in text and "保留每一次沟通的记录" not in (docs / edited).read_text(encoding="utf-8")
    written = review.read_bytes()
    pipeline.ingest(scenario["sources"], docs, today="2031-12-31", progress=False)
    assert review.read_bytes() == written, "the same material on another day: the review file stays"
    summary = report.report_text(report.report_data(result))
    assert f"{edited} (new material: review/{edited})" in summary
    # The seed that left sources/ took its generated page with it; the contributor's file stays.
    assert (docs / "overdue" / "figure.svg").read_bytes() == b"<svg/>"
    # Accepting the material: the reviewer merges, takes the new generated_hash and deletes the file.
    new_hash = next(line for line in text.splitlines() if line.startswith("generated_hash: "))
    page = (docs / edited).read_text(encoding="utf-8")
    old_hash = next(line for line in page.splitlines() if line.startswith("generated_hash: "))
    (docs / edited).write_text(page.replace(old_hash, new_hash), encoding="utf-8")
    review.unlink()
    again = pipeline.ingest(scenario["sources"], docs, today=TODAY, progress=False)
    assert again.review == [] and not review.exists() and again.kept_edited == [edited]
    assert again.written == [] and again.removed == []


def test_a_removed_source_never_deletes_an_edited_page(scenario: dict) -> None:
    docs = _fresh(scenario, "orphan")
    only = scenario["root"] / "only-one-source"
    only.mkdir(exist_ok=True)
    (only / SEED_NAMES[3]).write_bytes((SOURCES / SEED_NAMES[3]).read_bytes())
    result = pipeline.ingest(only, docs, today=TODAY, progress=False)
    assert (docs / scenario["edited"]).read_bytes() == scenario["before"][scenario["edited"]]
    assert result.kept_without_source == [scenario["edited"]]
    assert "kept though no source makes them" in report.report_text(report.report_data(result))


def test_ingest_twice_is_byte_identical_and_order_and_names_do_not_matter(tmp_path: Path) -> None:
    folders = {"forward": tmp_path / "forward", "reverse": tmp_path / "reverse", "renamed": tmp_path / "renamed"}
    for folder in folders.values():
        folder.mkdir()
    for name in SEED_NAMES:  # created in order
        (folders["forward"] / name).write_bytes((SOURCES / name).read_bytes())
    for name in reversed(SEED_NAMES):  # created in reverse order (another order in the folder's entries)
        (folders["reverse"] / name).write_bytes((SOURCES / name).read_bytes())
    renamed = {f"{index}-{name[::-1]}": name for index, name in enumerate(reversed(SEED_NAMES))}
    for new, old in renamed.items():  # names that sort the other way round
        (folders["renamed"] / new).write_bytes((SOURCES / old).read_bytes())
    trees = {}
    for key, sources in folders.items():
        docs = tmp_path / f"docs-{key}"
        pipeline.ingest(sources, docs, today=TODAY, progress=False)
        trees[key] = snapshot(docs)
        mtimes = {p: p.stat().st_mtime_ns for p in docs.rglob("*")}
        result = pipeline.ingest(sources, docs, today="2031-01-01", progress=False)
        assert result.written == [] and snapshot(docs) == trees[key], "ingest twice changes no byte"
        assert {p: p.stat().st_mtime_ns for p in docs.rglob("*")} == mtimes, "nor touches a file"
    assert trees["reverse"] == trees["forward"]

    def without_names(tree: dict[str, bytes | None], names: list[str]) -> dict[str, bytes | None]:
        """Pages with the cited file names and the hash over them left out."""
        out = {}
        for rel, data in tree.items():
            if data is not None:
                for name in names:
                    data = data.replace(name.encode(), b"NAME")
                data = re.sub(rb"generated_hash: \w+", b"", data)
            out[rel] = data
        return out

    assert without_names(trees["renamed"], list(renamed)) == without_names(trees["forward"], SEED_NAMES)


def test_review_files_follow_the_swap_and_a_strange_review_folder_is_left_alone(
        scenario: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    """Review files are written once docs/ has been swapped: a swap that fails leaves no review file for
    material docs/ never took. A file in review/ that ingest did not write (not UTF-8 here) is neither
    read as text nor removed."""
    docs = _fresh(scenario, "review-order")
    review = docs.parent / "review"
    stray = review / "notes" / "gbk.md"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes("审核笔记".encode("gb18030"))

    def swap_fails(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish, "commit_tree", swap_fails)
    with pytest.raises(OSError):
        pipeline.ingest(scenario["sources"], docs, today=TODAY, progress=False)
    assert not (review / scenario["edited"]).exists(), "no review file for a docs/ that did not change"
    monkeypatch.undo()
    result = pipeline.ingest(scenario["sources"], docs, today=TODAY, progress=False)
    assert result.review == [scenario["edited"]] and (review / scenario["edited"]).is_file()
    assert stray.read_bytes() == "审核笔记".encode("gb18030")
