"""`faqkit check` and `faqkit fix` on real pages: the committed docs pass; every kind of broken page is
named with its file, line and a way to fix it; `fix` repairs script and punctuation and nothing else."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from faqkit import check, organize, pipeline
from faqkit.core.text import is_han
from tests.conftest import ROOT, SEED_NAMES, SOURCES


def _faq_pages(docs: Path) -> list[Path]:
    return [p for p in sorted(docs.rglob("*.md")) if p.name != "index.md"]


def _line_of(path: Path, needle: str, start: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, 1) if i > start and needle in line)


def _findings(docs: Path) -> dict[tuple[str, int, str], str]:
    """(file name, line, rule) -> every message and fix there, one per line."""
    found: dict[tuple[str, int, str], str] = {}
    for f in check.check_docs(docs, ROOT, build=False):
        key = (Path(f.file).name, f.line, f.rule)
        found[key] = (found[key] + "\n" if key in found else "") + f"{f.message} | {f.fix}"
    return found


def test_committed_docs_pass_every_check_and_both_strict_builds() -> None:
    proc = subprocess.run([sys.executable, "-m", "faqkit.cli", "check", "--format", "text"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "全部通过" in proc.stdout and "--strict" in proc.stdout


def test_schema_is_valid_and_takes_categories_from_the_taxonomy() -> None:
    schema = check.schema.page_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$defs"]["category_slug"]["enum"] == [c.slug for c in organize.categories()]
    faq = check.schema.validator_for("faq")
    base = {"title": "逾期会上征信吗？", "description": "会。", "category": "credit", "tags": ["征信"],
            "last_reviewed": "2026-01-31"}
    assert not list(faq.iter_errors({**base, "questions": ["逾期多久上征信？"]}))
    entries = [{"question": "逾期多久上征信？", "anchor": "逾期多久上征信", "answer": "通常……"}]
    related = [{"title": "网贷逾期了怎么办？", "path": "overdue/wangdai-yuqi-zenmeban.md", "anchor": "x"}]
    assert not list(faq.iter_errors({**base, "questions": entries, "related": related}))
    assert list(faq.iter_errors({**base, "questions": ["逾期多久上征信？", entries[0]]})), "shapes do not mix"
    assert list(faq.iter_errors({**base, "questions": entries, "related": [{"title": "x"}]}))


def test_broken_pages_are_named_with_file_line_and_fix(docs_copy: Path) -> None:
    pages = _faq_pages(docs_copy)
    broken_yaml, wrong_fields, prose, links, dup_target = pages[0], pages[1], pages[2], pages[3], pages[4]

    text = broken_yaml.read_text(encoding="utf-8")
    broken_yaml.write_text(text.replace("tags:\n", "tags: [未闭合\n", 1), encoding="utf-8")

    text = wrong_fields.read_text(encoding="utf-8")
    folder = wrong_fields.parent.name
    text = text.replace(f"category: {folder}", "category: loans", 1)
    text = text.replace("last_reviewed: ", "author: 某人\nlast_reviewed: '2026-02-30'\nold_reviewed: ", 1)
    text = text.replace("tags:", "labels:", 1)
    wrong_fields.write_text(text, encoding="utf-8")

    text = prose.read_text(encoding="utf-8")
    first_h2 = next(line for line in text.split("\n") if line.startswith("## "))
    insert = ("網貸逾期後，請聯繫平臺客服。\n\n逾期了,先别慌,联系客服.\n\n客服电话13812345678，邮箱 help@example.com，"
              "QQ：12345678，微信号：abc_12345\n\n大家还看了\n\n乱码锟斤拷在这里\n\n" + first_h2 + "\n")
    prose.write_text(text.replace(first_h2, first_h2 + "\n\n" + insert, 1), encoding="utf-8")

    text = links.read_text(encoding="utf-8")
    target = _faq_pages(docs_copy)[0]
    rel_target = f"../{target.parent.name}/{target.name}"
    text += (f"\n[坏链接](nowhere.md) [坏锚点]({rel_target}#没有这一节) [脚本](javascript:alert(1)) "
             f"[绝对](/overdue/index.md) [好链接]({rel_target})\n")
    links.write_text(text, encoding="utf-8")

    question = next(line for line in prose.read_text(encoding="utf-8").split("\n") if line.startswith("## "))[3:]
    text = dup_target.read_text(encoding="utf-8")
    text = text.replace("questions:\n", f"questions:\n- {question}\n- 这一节并不存在？\n", 1)
    text = text.replace("\n## ", f"\n## {question}\n\n重复回答。\n\n## ", 1)
    dup_target.write_text(text, encoding="utf-8")

    found = _findings(docs_copy)
    keys = set(found)

    yaml_error = found[(broken_yaml.name, _line_of(broken_yaml, "tags: [未闭合"), "front-matter")]
    assert "不是合法的 YAML" in yaml_error and "括号和引号是否成对" in yaml_error

    name = wrong_fields.name
    assert "分类 `loans` 不存在" in found[(name, _line_of(wrong_fields, "category: loans"), "schema")]
    assert "不是真实的日期" in found[(name, _line_of(wrong_fields, "last_reviewed:"), "schema")]
    unknown = found[(name, _line_of(wrong_fields, "author:"), "schema")]
    assert "未知字段 `author`, `labels`, `old_reviewed`" in unknown and "允许的字段" in unknown
    assert "缺少字段 `tags`" in found[(name, 2, "schema")]

    name = prose.name
    traditional = found[(name, _line_of(prose, "網貸逾期後"), "script")]
    assert "網→网" in traditional and "faqkit fix docs/" not in traditional  # shown path is the real one
    assert "faqkit fix" in traditional
    assert (name, _line_of(prose, "逾期了,先别慌"), "typography") in keys
    phone_line = _line_of(prose, "13812345678")
    contact = [v for k, v in found.items() if k[:3] == (name, phone_line, "contact")]
    assert contact and "手机号码：13812345678" in contact[0]
    contacts = " ".join(v for k, v in found.items() if k[0] == name and k[2] == "contact")
    for kind in ("手机号码", "电子邮箱", "QQ 号", "微信号"):
        assert kind in contacts, (kind, contacts)
    assert "see-also" in found[(name, _line_of(prose, "大家还看了"), "boilerplate")]
    assert "锟斤拷" in found[(name, _line_of(prose, "乱码锟斤拷"), "mojibake")]

    name = links.name
    line = _line_of(links, "[坏链接]")
    messages = found[(name, line, "link")].split("\n")
    assert any("链接目标不存在：nowhere.md" in m for m in messages)
    assert any("锚点不存在" in m and "没有这一节" in m for m in messages)
    assert any("不允许的链接：javascript:" in m for m in messages)
    assert any("绝对路径" in m for m in messages)
    assert len(messages) == 4, messages

    name = dup_target.name
    duplicate = found[(name, _line_of(dup_target, f"- {question}"), "duplicate-question")]
    assert prose.name in duplicate and "related" in duplicate
    assert "没有对应的小标题" in found[(name, _line_of(dup_target, "- 这一节并不存在？"), "questions")]



def test_furniture_ingest_removes_is_named_on_a_hand_edited_page(docs_copy: Path) -> None:
    """Every kind of furniture ingest cuts (boilerplate.yaml) is named when a contributor pastes it in;
    what looks like it but is the article's own words is not."""
    page = _faq_pages(docs_copy)[0]
    text = page.read_text(encoding="utf-8")
    first_h2 = next(line for line in text.split("\n") if line.startswith("## "))
    pasted = ("目录\n\n搜索结果：共 12 条\n\n2025-03-10 09:30 逾期后先核对欠款金额。\n\n"
              "协商前先算清每月能还多少[2]。\n\n这部规定自 2024-01-01 起施行，逾期前签的合同也适用。\n\n"
              "本文将为大家介绍协商的步骤。\n\n※※※\n\n| 办法 | 费用 |\n| --- | :-: |\n| 协商分期 | 免费 |\n")
    page.write_text(text.replace(first_h2, first_h2 + "\n\n" + pasted, 1), encoding="utf-8")
    found = {(line, message.split("|")[0]) for (name, line, rule), message in _findings(docs_copy).items()
             if name == page.name and rule == "boilerplate"}
    for needle, rule in (("目录", "contents"), ("搜索结果", "search-results"), ("2025-03-10", "leading-date"),
                         ("[2]", "citation-marker"), ("本文将", "site-voice"), ("※※※", "symbols-only")):
        line = _line_of(page, needle, _line_of(page, first_h2))
        assert any(at == line and rule in message for at, message in found), (needle, found)
    assert not any(at == _line_of(page, "起施行") for at, _ in found), "a law's date is the article's own"
    assert not any(at == _line_of(page, "| --- |") for at, _ in found), "a table's rule is Markdown's own"


def test_a_heading_with_nothing_under_it_is_named(docs_copy: Path) -> None:
    """A contributor who deletes a section's text and leaves its heading, or ends a page with a heading:
    named at the heading. A heading followed by a deeper one (a section with sub-sections) is not."""
    page = _faq_pages(docs_copy)[0]
    text = page.read_text(encoding="utf-8")
    first_h2 = next(line for line in text.split("\n") if line.startswith("## "))
    page.write_text(text.replace(first_h2, "## 先算清欠款\n\n### 列出每一笔\n\n逐笔写下金额。\n\n## 空着的小标题\n\n"
                                 + first_h2, 1) + "\n## 最后一个小标题\n", encoding="utf-8")
    found = {line for (name, line, rule) in _findings(docs_copy) if name == page.name and rule == "empty-heading"}
    assert found == {_line_of(page, "## 空着的小标题"), _line_of(page, "## 最后一个小标题")}
    assert _line_of(page, "## 先算清欠款") not in found


def test_new_question_shape_and_related_links_are_checked(docs_copy: Path) -> None:
    pages = _faq_pages(docs_copy)
    page, other = pages[0], pages[1]
    text = page.read_text(encoding="utf-8")
    meta, body = text.split("\n---\n", 1)
    meta = re.sub(r"^related:.*\n([- ] .*\n)*", "", meta + "\n", flags=re.M).rstrip("\n")
    heading = next(line for line in body.split("\n") if line.startswith("## "))[3:]
    loaded = check.load_page(page, "x/y.md", "y.md")
    heads = check.links.headings(loaded, check.links.page_html(loaded, ROOT, docs_copy)[1])
    slug = next(h.anchor for h in heads if h.level == 2 and h.name == heading)
    other_rel = f"{other.parent.name}/{other.name}"
    new_meta = re.sub(r"questions:\n([- ] .*\n)+", f"questions:\n- question: {heading}\n  anchor: {slug}\n"
                      f"  answer: 简短回答。\n- question: {heading}\n  anchor: 不存在的锚点\n", meta + "\n")
    new_meta += (f"related:\n- title: 另一页\n  path: {other_rel}\n- title: 不存在\n  path: nope/none.md\n"
                 f"- title: 坏锚点\n  path: {other_rel}\n  anchor: 没有这一节")
    page.write_text(new_meta + "\n---\n" + body, encoding="utf-8")
    found = _findings(docs_copy)
    mine = {k: v for k, v in found.items() if k[0] == page.name}
    assert (page.name, _line_of(page, "anchor: 不存在的锚点") - 1, "questions") in mine, mine
    assert "不存在：nope/none.md" in mine[(page.name, _line_of(page, "title: 不存在"), "related")]
    assert "#没有这一节" in mine[(page.name, _line_of(page, "title: 坏锚点"), "related")]
    assert len(mine) == 3, mine


def test_a_related_link_to_a_page_for_other_readers_is_a_finding(docs_copy: Path) -> None:
    """One rule (core.jurisdiction.one_audience) for ingest's related questions and for a contributor's: a
    page for the mainland never links Taiwan's answer as a related question."""
    mainland = docs_copy / "overdue" / "wangdai-yuqi-zenmeban.md"
    other = next(p for p in _faq_pages(docs_copy) if "jurisdiction:" not in p.read_text(encoding="utf-8"))
    other_rel = f"{other.parent.name}/{other.name}"
    text = mainland.read_text(encoding="utf-8")
    meta, body = text.split("\n---\n", 1)
    meta = re.sub(r"^related:.*\n([- ] .*\n)*", "", meta + "\n", flags=re.M).rstrip("\n")
    mainland.write_text(meta + f"\nrelated:\n- title: 台湾的问题\n  path: {other_rel}\n---\n" + body, encoding="utf-8")
    assert not any(k[0] == mainland.name and k[2] == "related" for k in _findings(docs_copy))  # general: fine
    other_text = other.read_text(encoding="utf-8")
    other.write_text(other_text.replace("\ncategory:", "\njurisdiction: taiwan\ncategory:", 1), encoding="utf-8")
    found = _findings(docs_copy)
    message = found[(mainland.name, _line_of(mainland, "title: 台湾的问题"), "related")]
    assert "台湾地区" in message and "中国大陆" in message


def test_duplicated_anchors_name_both_lines(docs_copy: Path) -> None:
    page = _faq_pages(docs_copy)[0]
    text = page.read_text(encoding="utf-8")
    h2 = next(line for line in text.split("\n") if line.startswith("## "))
    page.write_text(text.rstrip("\n") + f"\n\n{h2}\n\n又一次。\n", encoding="utf-8")
    found = _findings(docs_copy)
    second = _line_of(page, h2, _line_of(page, h2))
    message = found[(page.name, second, "anchor")]
    assert f"第 {_line_of(page, h2)} 行" in message


def test_missing_or_unclosed_front_matter(docs_copy: Path) -> None:
    pages = _faq_pages(docs_copy)
    pages[0].write_text("# 没有前置元数据的页面\n", encoding="utf-8")
    pages[1].write_text("---\ntitle: 没有结束？\n\n# 正文\n", encoding="utf-8")
    found = _findings(docs_copy)
    assert "缺少前置元数据" in found[(pages[0].name, 1, "front-matter")]
    assert "没有结束的 `---`" in found[(pages[1].name, 1, "front-matter")]


def test_fix_converts_script_and_punctuation_and_nothing_else(docs_copy: Path, tmp_path: Path) -> None:
    from faqkit.core.markdown import markdown_to_traditional

    page = _faq_pages(docs_copy)[0]
    original = page.read_text(encoding="utf-8")
    meta, body = original.split("\n---\n", 1)
    link = "\n见[征信页](../credit/index.md#逾期多久上征信)，代码 `a,b` 保持。\n"
    # A contributor pasted Traditional text with half-width punctuation into the body and the title.
    broken = meta.replace("title: ", "title: 網貸", 1) + "\n---\n" + markdown_to_traditional(body) + link + \
        "逾期了,先别慌!\n"
    page.write_text(broken, encoding="utf-8")
    assert {f.rule for f in check.check_docs(docs_copy, ROOT, build=False) if f.file.endswith(page.name)} >= \
        {"script", "typography"}
    proc = subprocess.run([sys.executable, "-m", "faqkit.cli", "fix", str(page)], capture_output=True, text=True)
    assert proc.returncode == 0 and f"fixed {page}" in proc.stdout.replace(str(Path.cwd()) + "/", "")
    fixed = page.read_text(encoding="utf-8")
    expected = meta.replace("title: ", "title: 网贷", 1) + "\n---\n" + body + link + "逾期了，先别慌！\n"
    # Back from Traditional, a few characters come back as another Simplified variant (账 -> 帳 -> 帐):
    # only Han characters may differ, never Markdown, links, anchors or code.
    assert len(fixed) == len(expected)
    differing = [(a, b) for a, b in zip(fixed, expected, strict=True) if a != b]
    assert all(is_han(a) and is_han(b) for a, b in differing), differing
    assert len(differing) < 5, differing
    left = [f for f in check.check_docs(docs_copy, ROOT, build=False)
            if f.file.endswith(page.name) and f.rule in ("script", "typography")]
    assert left == []


def test_cli_formats_and_exit_codes(docs_copy: Path, tmp_path: Path) -> None:
    page = _faq_pages(docs_copy)[0]
    page.write_text(page.read_text(encoding="utf-8") + "\n加我微信: abcdef123\n", encoding="utf-8")
    command = [sys.executable, "-m", "faqkit.cli", "check", "--docs", str(docs_copy), "--root", str(ROOT)]
    proc = subprocess.run([*command, "--format", "github"], capture_output=True, text=True)
    assert proc.returncode == 1
    line = _line_of(page, "加我微信")
    assert f"{page}:{line}: [contact] 页面里有微信号" in proc.stdout.replace(str(Path.cwd()) + "/", "")
    assert f"::error file={page},line={line},title=faqkit check%3A contact::" in proc.stdout
    assert "怎么改：" in proc.stdout and "2 个问题" in proc.stdout and "1 个（繁体字、标点）" in proc.stdout
    missing = subprocess.run([sys.executable, "-m", "faqkit.cli", "check", "--docs", str(tmp_path / "nope")],
                             capture_output=True, text=True)
    assert missing.returncode == 2


@pytest.mark.parametrize("nav_entry", ["missing-page.md"])
def test_a_failing_strict_build_is_a_finding(docs_copy: Path, tmp_path: Path, nav_entry: str) -> None:
    root = tmp_path / "root"
    shutil.copytree(ROOT / "overrides", root / "overrides")
    (root / "scripts" / "faqkit").mkdir(parents=True)
    shutil.copytree(ROOT / "scripts" / "faqkit" / "site", root / "scripts" / "faqkit" / "site")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (root / "mkdocs.yml").write_text(config + f"\nnav:\n  - index.md\n  - {nav_entry}\n", encoding="utf-8")
    findings = check.check_docs(docs_copy, root)
    assert findings and {f.rule for f in findings} == {"build"}
    assert any(nav_entry in f.message for f in findings), findings


def test_fix_names_a_page_that_is_not_utf8_and_fixes_the_others(docs_copy: Path) -> None:
    """`faqkit fix` on a page that is not UTF-8: one clear line naming it, exit 1, no traceback; the other
    pages are still fixed."""
    broken = docs_copy / "overdue" / "gbk-page.md"
    broken.write_bytes("---\ntitle: 逾期了怎么办？\n---\n\n# 逾期了怎么办？\n".encode("gb18030"))
    fixable = next(p for p in _faq_pages(docs_copy) if p != broken)
    fixable.write_text(fixable.read_text(encoding="utf-8").replace("。", ".", 1).replace("，", ",", 1),
                       encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "faqkit.cli", "fix", "--docs", str(docs_copy)],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "gbk-page.md" in proc.stderr and "UTF-8" in proc.stderr
    assert f"fixed {check.shown_path(fixable)}" in proc.stdout
    assert broken.read_bytes().decode("gb18030").startswith("---\ntitle: 逾期了怎么办？"), "left as it was"


def test_a_source_check_and_ingest_read_alike_is_not_rejected_by_check(tmp_path: Path) -> None:
    """OpenCC's phrase table leaves 徵调 after one t2s pass; the next pass gives 征调. Ingest and check
    use the one conversion (to its fixed point), so ingest's page passes check, and `faqkit fix` leaves it
    alone (which would otherwise mark it edited by hand for ever)."""
    sources = tmp_path / "sources"
    sources.mkdir()
    seed = (SOURCES / SEED_NAMES[1]).read_text(encoding="utf-8")
    title, rest = seed.split("\n", 1)
    (sources / "zhengdiao.txt").write_text(title + "\n平臺可能會徵調你的通話記錄。\n" + rest, encoding="utf-8")
    docs = tmp_path / "docs"
    pipeline.ingest(sources, docs, today="2026-01-01", progress=False)
    pages = sorted(docs.rglob("*.md"))
    text = "".join(p.read_text(encoding="utf-8") for p in pages)
    assert "征调" in text and "徵" not in text
    assert [f for f in check.check_docs(docs, ROOT, build=False) if f.rule == "script"] == []
    before = {p: p.read_bytes() for p in pages}
    changed, unreadable = check.fix_files(pages, lambda path, text: path.write_text(text, encoding="utf-8"))
    assert changed == [] and unreadable == [] and {p: p.read_bytes() for p in pages} == before
