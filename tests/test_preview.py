"""``faqkit serve``'s preview: an edit of one page rebuilt alone, in both scripts, exactly as a full build
would make it; any edit that changes the navigation rebuilds everything. Real builds of the seed pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

from faqkit.site.build import build_site
from faqkit.site.preview import INDEX, Preview, merged_index, pages_to_rebuild, snapshot
from tests.conftest import ROOT


def _entries(index_file: Path) -> set[str]:
    return {json.dumps(doc, sort_keys=True, ensure_ascii=False)
            for doc in json.loads(index_file.read_text(encoding="utf-8"))["docs"]}


def _faq_page(docs: Path) -> Path:
    return next(p for p in sorted(docs.rglob("*.md")) if "\nsources:" in p.read_text(encoding="utf-8"))


def test_an_edited_page_is_rebuilt_alone_and_reads_as_a_full_build_would_make_it(docs_copy: Path,
                                                                              tmp_path: Path) -> None:
    said: list[str] = []
    preview = Preview(ROOT, docs_copy, tmp_path / "site", build_dir=tmp_path / "build", say=said.append)
    try:
        page = _faq_page(docs_copy)
        page.write_text(page.read_text(encoding="utf-8") + "\n预览里新写的一句话：先核实再还款。\n", encoding="utf-8")
        done = preview.update()
        assert done["rebuilt"] == [page] and "in both scripts" in said[-1]
        assert preview.update() == {"rebuilt": [], "seconds": 0.0}, "nothing changed since"
        full = tmp_path / "full"
        build_site(ROOT, docs_copy, full, strict=True, build_dir=tmp_path / "full-build")
        html = Path(page.relative_to(docs_copy).with_suffix("").as_posix()) / "index.html"
        for tree in ("", "zh-Hant"):
            shown = (tmp_path / "site" / tree / html).read_text(encoding="utf-8")
            assert shown == (full / tree / html).read_text(encoding="utf-8")
            assert _entries(tmp_path / "site" / tree / INDEX) == _entries(full / tree / INDEX)
        assert "先核实再还款" in (tmp_path / "site" / html).read_text(encoding="utf-8")
        assert "先核實再還款" in (tmp_path / "site" / "zh-Hant" / html).read_text(encoding="utf-8")

        # A new title changes every page's navigation: the whole site is built again.
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"^title: .*$", "title: 预览时改过的标题？", text, count=1, flags=re.M),
                        encoding="utf-8")
        assert preview.update()["rebuilt"] == "all"
        category = tmp_path / "site" / html.parent.parent / "index.html"  # lists all its questions
        assert "预览时改过的标题" in category.read_text(encoding="utf-8")
    finally:
        preview.close()


def test_what_an_edit_changed_decides_between_one_page_and_the_whole_site(docs_copy: Path) -> None:
    before = snapshot(docs_copy)
    page = _faq_page(docs_copy)
    page.write_text(page.read_text(encoding="utf-8") + "\n多一句。\n", encoding="utf-8")
    assert pages_to_rebuild(before, snapshot(docs_copy, before)) == [page]
    (docs_copy / "new.md").write_text("---\ntitle: 新问题？\n---\n\n# 新问题？\n", encoding="utf-8")
    assert pages_to_rebuild(before, snapshot(docs_copy, before)) is None, "a page added"
    (docs_copy / "new.md").unlink()
    (docs_copy / "extra.css").write_text("a{}", encoding="utf-8")
    assert pages_to_rebuild(before, snapshot(docs_copy, before)) is None, "a file that is not a page"


def test_the_search_index_loses_the_old_entries_of_a_rebuilt_page_only() -> None:
    old = {"config": {"lang": ["zh"]}, "docs": [
        {"location": "credit/foo/", "text": "旧"}, {"location": "credit/foo/#a", "text": "旧节"},
        {"location": "credit/foo-2/", "text": "别的页"}, {"location": "credit/", "text": "分类"}]}
    new = {"config": {"lang": ["zh"]}, "docs": [{"location": "credit/foo/", "text": "新"}]}
    merged = merged_index(old, new, ["credit/foo/"])
    assert [d["text"] for d in merged["docs"]] == ["别的页", "分类", "新"]
