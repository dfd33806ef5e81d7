"""Golden test of `faqkit ingest` on the five seed articles, and the command line around it."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import opencc
import pytest
import yaml

from faqkit import pipeline
from faqkit.core.data import site_text
from faqkit.core.markdown import script_neutral_slugify
from faqkit.publish import docs as publish
from faqkit.publish import render, report
from tests.conftest import ROOT, SEED_NAMES, SOURCES

RELATED_HEADING = site_text()["related_heading"]
CONCLUSION_HEADING = site_text()["conclusion_heading"]

FAULTS = {
    "pinyin annotation": re.compile(r"[\u4e00-\u9fff][(（][a-zü\u00e0-\u01dc]{1,7}[)）]"),
    "phone number": re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+\.[a-z]{2,}", re.I),
    "QQ number": re.compile(r"3590931873"),
    "mojibake": re.compile(r"[\u0400-\u04ff\ufffd\u3100-\u312f]|[?？]{2}|掠馄|梢酝|起丝|起嘶|起爽|工粳"),
    "boilerplate": re.compile(r"精彩评论|大家还看了|删帖举报|小编导语|小编总结|以上内容为示例|本站将"),
    "half-width punctuation": re.compile(r"[\u4e00-\u9fff][,?!;:]|[,?!;:][\u4e00-\u9fff]"),
    "raw html": re.compile(r"<[a-zA-Z/]"),
}


def _pages(docs: Path) -> dict[str, tuple[dict, str]]:
    pages = {}
    for path in sorted(docs.rglob("*.md")):
        found = publish.read_page(path)
        assert found is not None, f"{path} has no front matter"
        pages[path.relative_to(docs).as_posix()] = found
    return pages


def test_one_page_per_distinct_seed(ingested_docs: Path) -> None:
    faq = {rel: page for rel, page in _pages(ingested_docs).items() if "sources" in page[0]}
    cited = sorted(s["file"] for meta, _ in faq.values() for s in meta["sources"])
    assert cited == SEED_NAMES
    assert len(faq) == len(SEED_NAMES)
    for rel in faq:
        assert re.fullmatch(r"[a-z-]+/[a-z0-9-]+\.md", rel), rel


def test_no_fault_reaches_a_page(ingested_docs: Path) -> None:
    for rel, (meta, body) in _pages(ingested_docs).items():
        text = yaml.safe_dump(meta, allow_unicode=True) + body
        for fault, pattern in FAULTS.items():
            found = pattern.search(text)
            assert not found, f"{rel}: {fault}: {found.group(0)!r}"


def test_pages_are_simplified(ingested_docs: Path) -> None:
    t2s = opencc.OpenCC("t2s")
    for rel, (_, body) in _pages(ingested_docs).items():
        changed = [a for a, b in zip(body, t2s.convert(body), strict=True) if a != b]
        assert not changed, f"{rel} has Traditional characters: {''.join(changed[:20])}"


def test_page_anatomy_and_front_matter(ingested_docs: Path) -> None:
    for rel, (meta, body) in _pages(ingested_docs).items():
        if "sources" not in meta:
            continue
        jurisdiction = ["jurisdiction"] if "jurisdiction" in meta else []
        assert list(meta) == ["title", "description", "category", *jurisdiction, "tags", "questions", "related",
                              "sources", "last_reviewed", "generated_hash"], rel
        assert body.startswith(f"# {meta['title']}\n"), rel
        assert meta["title"].endswith("？"), rel
        assert 0 < len(meta["description"]) <= 120, rel
        assert rel.startswith(meta["category"] + "/")
        h2 = re.findall(r"^## (.+)$", body, re.M)
        questions = [q["question"] for q in meta["questions"]]
        closing = [CONCLUSION_HEADING] if CONCLUSION_HEADING in h2 else []
        assert h2[len(h2) - len(closing) - 1:] == [*closing, RELATED_HEADING], rel
        # The page's questions are its H2 questions, in order; an H2 that asks nothing is a step of the answer.
        assert questions == [h for h in h2 if h.endswith("？")], rel
        assert not any(re.match(r"关于.+，(需要知道什么|应该怎么做)？$", h) for h in [meta["title"], *h2]), rel
        for q in meta["questions"]:
            assert set(q) == {"question", "anchor", "answer"}, rel
            assert 0 < len(q["answer"]) <= 120 and q["answer"][-1] in "。！？”", (rel, q)
            assert not q["answer"].endswith("："), (rel, q)
            # A short answer stands alone: it does not open by linking back to a sentence it left out.
            assert not re.match(r"(此时|这时|此外|同时|因此)，", q["answer"]), (rel, q)
        notice = 4 if jurisdiction else 0  # the jurisdiction's notice comes first
        short = ['!!! abstract "简短回答"', "", f"    {meta['description']}"]
        assert body.split("\n")[2 + notice:5 + notice] == short, rel
        for source in meta["sources"]:
            digest = hashlib.sha256((SOURCES / source["file"]).read_bytes()).hexdigest()
            assert source["sha256"] == digest


def test_index_and_category_pages_link_every_page(ingested_docs: Path) -> None:
    pages = _pages(ingested_docs)
    home = pages["index.md"][1]
    for rel, (meta, _) in pages.items():
        if "sources" in meta:
            assert f"]({rel})" in home
            category_index = pages[f"{meta['category']}/index.md"][1]
            assert f"]({rel.split('/')[1]})" in category_index


def _heading_ids(html_headings: list[str]) -> list[str]:
    """The ids Python-Markdown's toc gives headings, computed the way MkDocs does it (independently of
    render.question_anchors: through markdown itself)."""
    import markdown

    md = markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"slugify": script_neutral_slugify}})
    html = md.convert("\n\n".join(html_headings))
    return re.findall(r'<h2 id="([^"]+)"', html)


def test_question_anchors_are_the_ids_mkdocs_gives(ingested_docs: Path) -> None:
    for rel, (meta, body) in _pages(ingested_docs).items():
        if "sources" not in meta:
            continue
        headings = re.findall(r"^#{1,3} .+$", body, re.M)
        ids = _heading_ids(headings)
        # Each question's anchor is the id of a heading, in the page's order (a part answering the title's
        # own question has no heading, and its sub-headings are H2s before the next question).
        positions = [ids.index(q["anchor"]) for q in meta["questions"]]
        assert positions == sorted(positions), rel
        for q in meta["questions"]:
            assert q["anchor"].startswith(script_neutral_slugify(q["question"], "-")), rel


def test_related_questions_point_at_other_pages_and_real_anchors(ingested_docs: Path) -> None:
    pages = _pages(ingested_docs)
    for rel, (meta, body) in pages.items():
        if "sources" not in meta:
            continue
        assert len(meta["related"]) == 3, rel
        assert len({r["path"] for r in meta["related"]}) == 3, f"{rel}: related links prefer different pages"
        section = body.split(f"## {RELATED_HEADING}\n", 1)[1]
        for link in meta["related"]:
            assert link["path"] != rel
            target = {q["anchor"]: q["question"] for q in pages[link["path"]][0]["questions"]}
            assert target[link["anchor"]] == link["title"], (rel, link)
            href = "../" * rel.count("/") + f"{link['path']}#{link['anchor']}"
            assert f"[{link['title']}]({href})" in section, rel


def test_report_counts_every_repair_and_flag(ingest_result: tuple[Path, pipeline.IngestResult]) -> None:
    data = report.report_data(ingest_result[1])
    counts = data["changes_by_kind"]
    assert counts["byte-drop/restored"] == 5
    assert counts["mojibake/realigned"] >= 5
    assert counts["boilerplate/report-contact"] == 1 and counts["boilerplate/see-also"] == 2
    assert counts["pinyin/annotation"] > 400
    # 000's garbled 恐慌 sentence was flagged until a person read it back (data/reviewed_sentences.yaml).
    assert counts["mojibake/reviewed"] == 1
    assert sorted((f["source"][:3], f["fix"]) for f in data["flags"]) == [("002", "dangling-conjunction")]
    assert data["files_read"] == 5 and data["duplicates_merged"] == 0


def test_ingest_twice_changes_no_byte(docs_copy: Path) -> None:
    before = {p: p.read_bytes() for p in docs_copy.rglob("*") if p.is_file()}
    result = pipeline.ingest(SOURCES, docs_copy, today="2030-12-31", progress=False)
    assert result.written == [] and result.removed == []
    assert {p: p.read_bytes() for p in docs_copy.rglob("*") if p.is_file()} == before


def test_committed_docs_match_the_sources(tmp_path: Path) -> None:
    """docs/ in the repository is what ingest makes of sources/ (or edited by hand, which is kept)."""
    import shutil

    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    result = pipeline.ingest(SOURCES, docs, progress=False)
    assert result.written == [], "run `make ingest` and commit docs/"
    assert result.removed == []


def test_hand_edited_page_is_never_overwritten(docs_copy: Path) -> None:
    page = next(p for p in sorted(docs_copy.rglob("*.md")) if p.name != "index.md")
    edited = page.read_text(encoding="utf-8").replace("## ", "## （已人工修订）", 1)
    page.write_text(edited, encoding="utf-8")
    result = pipeline.ingest(SOURCES, docs_copy, progress=False)
    assert page.read_text(encoding="utf-8") == edited
    assert page.relative_to(docs_copy).as_posix() in result.kept_edited


def test_bad_sources_are_named_and_the_rest_still_ingest(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in SEED_NAMES:
        (sources / name).write_bytes((SOURCES / name).read_bytes())
    (sources / "empty.txt").write_bytes(b"")
    (sources / "binary.bin").write_bytes(b"\x00\x01\x02" * 1000)
    (sources / "unknown.txt").write_bytes(b"\x80\xff\xfa\xfb" * 500)
    (sources / "utf16-garbage.txt").write_bytes(b"\xff\xfe" + bytes(range(0x20, 0x7f)) * 40)
    (sources / "huge.txt").write_bytes(("网贷逾期以后先冷静，再协商。" * 500_000).encode())
    (sources / "page.html").write_text(
        "<html><head><script>alert('x')</script></head><body><h1>网贷被催收加微信怎么办？</h1>"
        "<p>一、先核实身份</p><p>接到自称平台的微信，先通过官方客服核实。<script>steal()</script></p>"
        "<p>二、保留证据</p><p>保存聊天记录和通话录音。<iframe src='x'></iframe></p>"
        "<p>三、依法投诉</p><p>遇到暴力催收，可以向监管部门投诉。<a href='javascript:evil()'>点此</a></p>"
        "</body></html>", encoding="utf-8")
    docs = tmp_path / "docs"
    proc = subprocess.run([sys.executable, "-m", "faqkit.cli", "ingest", str(sources), "--docs", str(docs),
                           "--report", str(tmp_path / "report.txt"), "--quiet"],
                          capture_output=True, text=True)
    assert proc.returncode == 1, proc.stderr  # 1: some sources skipped, the rest ingested
    for name in ("empty.txt", "binary.bin", "unknown.txt", "huge.txt", "utf16-garbage.txt"):
        assert f"warning: {name}:" in proc.stderr
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert sorted(s["file"] for s in data["skipped"]) == ["binary.bin", "empty.txt", "huge.txt", "unknown.txt",
                                                                 "utf16-garbage.txt"]
    html_page = next(p for p in data["pages"] if "page.html" in p["sources"])
    text = (docs / html_page["path"]).read_text(encoding="utf-8")
    assert "核实" in text and "alert" not in text and "steal" not in text and "<" not in text
    assert "javascript" not in text


def test_clean_command_and_jsonl() -> None:
    source = SOURCES / SEED_NAMES[1]
    out = subprocess.run([sys.executable, "-m", "faqkit.cli", "clean", str(source), "--explain"],
                         capture_output=True, text=True, check=True)
    assert "网贷" in out.stdout and "15070879527" not in out.stdout and "(lián)" not in out.stdout
    assert "pinyin/annotation" in out.stderr
    lines = [json.dumps({"id": 1, "text": "隨著網貸的普及,聯(lián)系客服", "meta": {"k": "v"}}, ensure_ascii=False),
             json.dumps({"id": 2, "note": "no text"})]
    proc = subprocess.run([sys.executable, "-m", "faqkit.cli", "clean", "--jsonl"], input="\n".join(lines),
                          capture_output=True, text=True, check=True)
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert records[0] == {"id": 1, "text": "随着网贷的普及，联系客服\n", "meta": {"k": "v"}}
    assert records[1] == {"id": 2, "note": "no text"}


@pytest.mark.parametrize(("args", "said"), [
    (["ingest", "/nonexistent-folder"], "not a folder"),
    (["dedup", "/nonexistent-folder", "--json"], "not a folder"),
    (["fix", "--docs", "/nonexistent-folder"], "not a folder"),
    (["build", "--docs", "/nonexistent-folder"], "not a folder"),
    (["build", "--root", "/"], "has no mkdocs.yml"),
    (["serve", "--docs", "/nonexistent-folder"], "not a folder"),
    (["serve", "--root", "/"], "has no mkdocs.yml"),
    (["ingest", "--date", "yesterday"], "is not a date written YYYY-MM-DD"),
    (["ingest", "--date", "2026-02-30"], "is not a date written YYYY-MM-DD"),
    (["ingest", "--date", "20260131"], "is not a date written YYYY-MM-DD"),
])
def test_cli_fails_clearly(args: list[str], said: str) -> None:
    """A mistyped folder or date is a usage error (exit 2, as README says), with one clear line and no
    traceback, never an empty success: `dedup` printing no clusters would read as "no duplicates", and
    `--date yesterday` would write last_reviewed: yesterday into every page."""
    proc = subprocess.run([sys.executable, "-m", "faqkit.cli", *args], capture_output=True, text=True)
    assert proc.returncode == 2 and said in proc.stderr and "Traceback" not in proc.stderr


def test_an_untouched_page_is_recognized_without_parsing_it(ingest_result) -> None:
    """The re-run's fast path: the file as written is recognized (any last_reviewed), and any edit
    to it, in the text or in the front matter, sends the page down the full check."""
    docs_dir, result = ingest_result
    docs = render.documents(result.pages)
    assert docs
    for rel, (meta, body) in docs.items():
        text = (docs_dir / rel).read_text(encoding="utf-8")
        digest = render.is_generated_document(text, meta, body)
        assert digest == publish.read_page(docs_dir / rel)[0]["generated_hash"]
        assert render.is_generated_document(render.render_document(meta, body, "2031-05-06")[0], meta, body) == digest
        edited_body = text.replace("\n", "\n补充：", 1) if text.count("\n") else text + "x"
        assert render.is_generated_document(text[:-1] + "。" + text[-1], meta, body) is None
        assert render.is_generated_document(edited_body, meta, body) is None
        other_hash = text.replace("generated_hash: ", "generated_hash: 0", 1)
        assert render.is_generated_document(other_hash, meta, body) is None


def test_the_warm_up_before_forking_compiles_what_every_stage_needs() -> None:
    """What the workers fork from: the stages' rules already compiled, the data files already read (in a
    fresh interpreter, where nothing else has warmed them)."""
    probe = ("from faqkit.pipeline.workers import warm_up\n"
             "from faqkit.ingest import jurisdiction, relevance\n"
             "from faqkit.core.data import data\n"
             "warm_up()\n"
             "print(relevance.load_rules.cache_info().currsize, jurisdiction.load_rules.cache_info().currsize,"
             " data.cache_info().currsize)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    relevance_rules, jurisdiction_rules, data_files = map(int, out.stdout.split())
    assert (relevance_rules, jurisdiction_rules) == (1, 1)
    assert data_files >= len(list((ROOT / "scripts" / "faqkit" / "data").glob("*.yaml")))
