"""Property tests (hypothesis): front matter survives the round trip through every reader of it (publish,
the zh-Hant converter and MkDocs itself); the Simplified -> Traditional converter keeps Markdown
structure, link targets, code and anchors; `faqkit fix` undoes it without touching any of those."""

from __future__ import annotations

import re
from functools import cache

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from faqkit import check
from faqkit.core.markdown import markdown_to_traditional, split_front_matter
from faqkit.core.script import to_simplified, to_traditional
from faqkit.publish import docs as publish
from faqkit.publish import render
from tests.conftest import ROOT

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


@cache
def _docs_characters() -> str:
    """Every character the committed pages use: realistic Simplified text, punctuation included."""
    text = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").rglob("*.md")))
    return "".join(sorted({ch for ch in text if ch.isprintable() and not ch.isascii()}))


chinese = st.text(alphabet=st.sampled_from(_docs_characters()), min_size=1, max_size=24)
# Anything a field could hold on one line, including YAML and Markdown syntax.
one_line = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40)
prose = st.one_of(chinese, one_line, st.sampled_from(["---", "...", "- x", "a: b", "'q'", '"q"', "# h", "{{ x }}",
                                                      "null", "true", "2026-01-01", "&a *b !c |d >e %f @g"]))


@st.composite
def front_matter(draw: st.DrawFn) -> dict:
    meta = {"title": draw(prose), "description": draw(prose), "category": "overdue",
            "tags": draw(st.lists(prose, max_size=4)),
            "questions": draw(st.one_of(
                st.lists(prose, min_size=1, max_size=4),
                st.lists(st.fixed_dictionaries({"question": prose, "anchor": chinese, "answer": prose}),
                         min_size=1, max_size=3))),
            "sources": [{"file": draw(one_line), "sha256": "0" * 64}]}
    if draw(st.booleans()):
        meta["related"] = [{"title": draw(prose), "path": "credit/index.md", "anchor": draw(chinese)}]
    return meta


body_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200)


@SETTINGS
@given(meta=front_matter(), body=body_text)
def test_front_matter_round_trips_through_every_reader(meta: dict, body: str, tmp_path_factory) -> None:
    body = body.replace("\r", "") + "\n"
    text, digest = render.render_document(meta, body, "2026-01-01")
    full = {**meta, "last_reviewed": "2026-01-01", "generated_hash": digest}
    page = tmp_path_factory.mktemp("page") / "page.md"
    page.write_text(text, encoding="utf-8", newline="\n")
    found = publish.read_page(page)
    assert found is not None and found[0] == full
    assert not publish.edited_by_hand(found), "a generated page reads as generated"
    assert split_front_matter(text)[0] == full
    mkdocs_body, mkdocs_meta = get_data(text)
    assert mkdocs_meta == full
    assert mkdocs_body.lstrip("\n") == body.lstrip("\n")
    # One changed character of the body makes the page hand-edited.
    assert publish.edited_by_hand((found[0], found[1] + "改"))


# ---------------------------------------------------------------------------------------------- converter

@cache
def _markdown() -> markdown.Markdown:
    extensions, configs = check.links._markdown_settings(ROOT, ROOT / "docs")
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


def _render(text: str) -> str:
    converter = _markdown()
    converter.reset()
    return converter.convert(text)


anchor_words = st.text(alphabet=st.sampled_from("网贷逾期协商征信调解诉讼什么怎么办还款"), min_size=1, max_size=6)


@st.composite
def markdown_document(draw: st.DrawFn) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["heading", "paragraph", "list", "admonition", "code", "link"]))
        words = draw(chinese).replace("\\", "").replace("`", "").replace("#", "").replace("*", "").strip() or "网贷"
        if kind == "heading":
            attr = f" {{#{draw(anchor_words)}}}" if draw(st.booleans()) else ""
            blocks.append(f"{'#' * draw(st.integers(1, 3))} {words}{attr}")
        elif kind == "paragraph":
            blocks.append(f"{words}，`code 代码`，**{draw(anchor_words)}**。")
        elif kind == "list":
            blocks.append("\n".join(f"- {w}" for w in [words, draw(anchor_words)]))
        elif kind == "admonition":
            blocks.append(f'!!! note "{draw(anchor_words)}"\n\n    {words}')
        elif kind == "code":
            blocks.append(f"```text\n{words} 里面的后台\n```")
        else:
            target = f"../credit/{draw(st.sampled_from(['index', 'a-b', 'x1']))}.md#{draw(anchor_words)}"
            blocks.append(f"见[{words}]({target} \"{draw(anchor_words)}\")和<https://example.com/{draw(anchor_words)}>")
    return "\n\n".join(blocks) + "\n"


_PROTECTED_SPANS = re.compile(r"```.*?```|`[^`\n]+`|\]\([^)\s]*|<https?://[^>]+>|\{#[^}]+\}", re.S)


def _structure(html: str) -> list[str]:
    return re.findall(r"<(/?[a-z0-9]+)", html)


@SETTINGS
@given(document=markdown_document())
def test_converter_keeps_structure_links_code_and_anchors(document: str) -> None:
    converted = markdown_to_traditional(document)
    assert converted.count("\n") == document.count("\n")
    assert _PROTECTED_SPANS.findall(converted) == _PROTECTED_SPANS.findall(document)
    hans, hant = _render(document), _render(converted)
    assert _structure(hant) == _structure(hans)
    assert re.findall(r'\sid="([^"]*)"', hant) == re.findall(r'\sid="([^"]*)"', hans), "anchors are script-neutral"
    assert re.findall(r'href="([^"]*)"', hant) == re.findall(r'href="([^"]*)"', hans)


@SETTINGS
@given(text=chinese)
def test_plain_text_conversion_keeps_everything_but_han(text: str) -> None:
    """Only Han characters change, and the quotes, which zh-Hant writes the Taiwan way (“” -> 「」)."""
    converted = to_traditional(text)
    quotes = str.maketrans("“”‘’", "「」『』")
    assert [ch for ch in converted if ch.isascii() or not ch.isalpha()] == \
        [ch for ch in text.translate(quotes) if ch.isascii() or not ch.isalpha()]


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(document=markdown_document())
def test_fix_undoes_the_conversion_and_leaves_markdown_alone(document: str) -> None:
    fixed, _ = check.fix_page(markdown_to_traditional(document))
    assert fixed.count("\n") == document.count("\n")
    assert _PROTECTED_SPANS.findall(fixed) == _PROTECTED_SPANS.findall(document)
    assert _structure(_render(fixed)) == _structure(_render(document))
    assert to_simplified(fixed) == fixed, "nothing Traditional is left"


def test_the_committed_pages_survive_fix_unchanged() -> None:
    for path in sorted((ROOT / "docs").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert check.fix_page(text)[0] == text, path


