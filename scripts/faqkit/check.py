"""``faqkit check`` and ``faqkit fix``: every page of ``docs/`` as contributors leave it in a pull request.

``check`` reads each page and reports :class:`Finding` s, each naming the file, the line and how to fix
it: front matter against ``data/page.schema.json`` (categories from ``taxonomy.yaml``), Simplified
script, typography, contact details, boilerplate and mojibake (the patterns ingest removes, from
``boilerplate.yaml`` and ``check.yaml``), one answer per question across pages, internal links and
anchors, duplicated anchors, and finally both scripts built with ``--strict``.

``fix`` repairs what needs no judgement: Traditional or mixed script (``canon.to_canonical_script``) and
half-width punctuation in Chinese text (``canon.fix_punctuation``), in front-matter prose values and
Markdown prose, never in code, link targets, HTML tags or attribute lists.

Messages are in Chinese, as are the pages and their contributors.
"""

from __future__ import annotations

import datetime as dt
import difflib
import html
import json
import os
import posixpath
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import markdown
import yaml

from . import canon, render
from .lexicon import DATA_DIR, data
from .read import plausibility
from .textutil import is_han

SCHEMA_FILE = DATA_DIR / "page.schema.json"
# Pages of the site itself, not answers: the home page and the all-questions page (schema ``home``).
SITE_PAGES = frozenset({"index.md", render.ALL_QUESTIONS_PATH})
FIX_HINT = "运行 `faqkit fix {file}` 自动修正"


@dataclass(frozen=True)
class Finding:
    """One problem: where (file shown to the reader, 1-based line), which rule, what is wrong, how to fix."""

    file: str
    line: int
    rule: str
    message: str
    fix: str

    def as_text(self) -> str:
        return f"{self.file}:{self.line}: [{self.rule}] {self.message}\n    怎么改：{self.fix}"

    def as_github(self) -> str:
        """A GitHub Actions error annotation: the message appears on the line in the pull request."""
        def escape(value: str, extra: str = "") -> str:
            value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            for ch in extra:
                value = value.replace(ch, f"%{ord(ch):02X}")
            return value
        return (f"::error file={escape(self.file, ':,')},line={self.line},"
                f"title={escape('faqkit check: ' + self.rule, ':,')}::{escape(self.message + ' 怎么改：' + self.fix)}")


# ---------------------------------------------------------------------------------------------- pages

# Same delimiters as MkDocs' own front-matter reader (mkdocs.utils.meta).
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


@dataclass
class Page:
    rel: str  # relative to docs/, POSIX
    shown: str  # the path in messages
    text: str
    front: str | None = None  # the YAML text
    body: str = ""
    body_line: int = 1  # line number of the body's first line
    meta: dict[str, Any] | None = None
    node: yaml.Node | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.rel in SITE_PAGES:
            return "home"
        if self.rel.count("/") == 1 and self.rel.endswith("/index.md"):
            return "category"
        return "faq"

    def finding(self, line: int, rule: str, message: str, fix: str) -> None:
        self.findings.append(Finding(self.shown, line, rule, message, fix.replace("{file}", self.shown)))

    def body_lines(self) -> Iterator[tuple[int, str]]:
        """(line number, line) of the body outside fenced code blocks."""
        fence = ""
        for offset, line in enumerate(self.body.split("\n")):
            stripped = line.lstrip()
            if fence:
                if stripped.startswith(fence) and not stripped[len(fence):].strip(fence[0] + " \t"):
                    fence = ""
                continue
            opening = re.match(r"(`{3,}|~{3,})", stripped)
            if opening:
                fence = opening.group(1)
                continue
            yield self.body_line + offset, line


def load_page(path: Path, rel: str, shown: str) -> Page:
    """The page split into front matter and body; a page that cannot be split carries its finding."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        page = Page(rel, shown, "")
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        page.finding(line, "encoding", "文件不是 UTF-8 编码", "用 UTF-8 重新保存这个文件")
        return page
    page = Page(rel, shown, text.replace("\r\n", "\n"))
    match = _FRONT_MATTER.match(page.text)
    if not match:
        page.body = page.text
        if page.text.startswith("---"):
            page.finding(1, "front-matter", "前置元数据（front matter）没有结束的 `---` 行",
                         "在最后一个字段后面加一行 `---`，正文写在它下面")
        else:
            page.finding(1, "front-matter", "页面缺少前置元数据（front matter）",
                         "在文件开头加上以 `---` 开始和结束的 YAML 块（title、description、category 等，"
                         "见 CONTRIBUTING.md）")
        return page
    page.front = match.group(1)
    page.body = page.text[match.end():]
    page.body_line = page.text[: match.end()].count("\n") + 1
    try:
        page.node = yaml.compose(page.front, Loader=yaml.SafeLoader)
        meta = yaml.safe_load(page.front)
    except yaml.MarkedYAMLError as exc:
        # An unclosed bracket or quote is noticed lines later: the line where it opened is the one to fix.
        problem = 2 + exc.problem_mark.line if exc.problem_mark else 2
        line = 2 + exc.context_mark.line if exc.context_mark else problem
        where = f"（{exc.context}，YAML 在第 {problem} 行发现：{exc.problem}）" if exc.context_mark else \
            f"：{exc.problem}"
        page.finding(line, "front-matter", f"前置元数据不是合法的 YAML{where}",
                     "检查这一行的缩进、冒号后的空格，括号和引号是否成对；以符号开头或含“: ”的值请加引号")
        return page
    if not isinstance(meta, dict):
        page.finding(2, "front-matter", "前置元数据应当是“字段: 值”的列表",
                     "每行写一个字段，例如 `title: 网贷逾期了怎么办？`")
        return page
    page.meta = meta
    return page


def node_line(page: Page, path: list[Any], *, key: bool = False) -> int:
    """The file line of a value in the front matter (``key``: of its key), by YAML path."""
    node, line = page.node, 2
    for step in path:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == step), None)
            if pair is None:
                break
            node = pair[1]
            line = 2 + (pair[0] if key and step == path[-1] else pair[1]).start_mark.line
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = 2 + node.start_mark.line
        else:
            break
    if node is page.node and node is not None:
        line = 2 + node.start_mark.line
    return line


def prose_nodes(page: Page) -> Iterator[tuple[yaml.ScalarNode, str]]:
    """Scalar nodes of the front matter that readers read, with ``prose`` or ``anchor``."""
    if not isinstance(page.node, yaml.MappingNode):
        return
    keys = set(check_rules()["prose_keys"])

    def walk(node: yaml.Node, kind: str) -> Iterator[tuple[yaml.ScalarNode, str]]:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:str":
                yield node, kind
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from walk(item, kind)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value in ("question", "answer", "title"):
                    yield from walk(v, "prose")
                elif k.value == "anchor":
                    yield from walk(v, "anchor")

    for k, v in page.node.value:
        if k.value in keys:
            yield from walk(v, "prose")


# ---------------------------------------------------------------------------------------------- data

@cache
def check_rules() -> dict[str, Any]:
    return data("check.yaml")


def category_slugs() -> list[str]:
    return [c["slug"] for c in data("taxonomy.yaml")["categories"]]


@cache
def page_schema() -> dict[str, Any]:
    """The schema file with the category enum filled in from the taxonomy."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    schema["$defs"]["category_slug"]["enum"] = category_slugs()
    return schema


def validator_for(kind: str) -> jsonschema.protocols.Validator:
    schema = {**page_schema(), "$ref": f"#/$defs/{kind}"}
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# ---------------------------------------------------------------------------------------------- front matter

_FIELD_HELP = {
    "title": "加一行 `title: 读者会问的问题？`",
    "description": "加一行 `description: 一两句话的简短回答`（不超过 120 字）",
    "category": "加一行 `category: 分类目录名`，与页面所在的文件夹同名",
    "tags": "加上 `tags:`，下面每行一个关键词，如 `- 征信`",
    "questions": "加上 `questions:`，下面每行一个正文里的 `##` 问题，如 `- 逾期会上征信吗？`",
    "last_reviewed": "加一行 `last_reviewed: '2026-01-31'`（你审核这一页的日期）",
}


def _schema_message(page: Page, error: jsonschema.ValidationError) -> tuple[str, str]:
    where = ".".join(str(p) for p in error.absolute_path) or "前置元数据"
    value = error.instance
    allowed = sorted(validator_for(page.kind).schema["$defs"][page.kind]["properties"])
    if error.validator == "required":
        missing = next(k for k in error.validator_value if k not in (value or {}))
        return f"缺少字段 `{missing}`", _FIELD_HELP.get(missing, f"加上 `{missing}` 字段")
    if error.validator == "additionalProperties":
        extra = sorted(set(value) - set(error.schema.get("properties", {})))
        names = ", ".join(f"`{k}`" for k in extra)
        return f"未知字段 {names}", f"检查拼写，或删掉它；这里允许的字段：{', '.join(allowed)}"
    if error.validator == "enum" and error.absolute_path and error.absolute_path[-1] == "category":
        return (f"分类 `{value}` 不存在",
                f"改成 {', '.join(category_slugs())} 之一（分类定义在 scripts/faqkit/data/taxonomy.yaml）")
    if error.validator == "format":
        return f"`{where}` 的值 `{value}` 不是真实的日期", "写成 `'2026-01-31'` 这样的 YYYY-MM-DD 日期"
    if error.validator == "maxLength":
        return (f"`{where}` 有 {len(value)} 个字，超过 {error.validator_value} 字",
                "压缩成一两句话：先回答问题，细节放到正文")
    if error.validator == "pattern" and where == "title":
        return "标题应当是读者会问的问题，以“？”结尾", "把标题改写成问题，例如“逾期会上征信吗？”"
    if error.validator == "pattern" and where == "generated_hash":
        return "`generated_hash` 被改动过", "恢复原来的值，或删掉这一行（删掉后这一页按人工编辑的页面对待）"
    if error.validator == "pattern" and where.endswith("sha256"):
        return "来源的 sha256 不是 64 位十六进制数", "不要手改 sources，它由 faqkit ingest 写入"
    if error.validator in ("minLength",) or (error.validator == "pattern" and error.validator_value == "\\S"):
        return f"`{where}` 是空的", "写上内容，或删掉这个字段（如果它不是必填的）"
    if error.validator == "anyOf" and where.startswith("questions"):
        return ("`questions` 的格式不对",
                "写成问题列表（每行 `- 问题？`），或 `{question, anchor, answer}` 映射的列表，二者不能混用")
    if error.validator == "type":
        kinds = {"array": "列表（每行一个 `- 值`）", "string": "一段文字", "object": "“字段: 值”的映射"}
        wanted = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        return f"`{where}` 应当是{kinds.get(wanted, wanted)}", "按 CONTRIBUTING.md 里的前置元数据表改写"
    if error.validator == "uniqueItems":
        return f"`{where}` 里有重复的项", "删掉重复的那一项"
    return f"`{where}`：{error.message}", "按 CONTRIBUTING.md 里的前置元数据表改写"


def check_front_matter(page: Page, today: dt.date) -> None:
    meta = page.meta
    if meta is None:
        return
    # YAML reads an unquoted 2026-01-31 as a date: accepted, as MkDocs accepts it.
    instance = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in meta.items()}
    errors = sorted(validator_for(page.kind).iter_errors(instance), key=lambda e: list(map(str, e.absolute_path)))
    for error in errors:
        message, fix = _schema_message(page, error)
        path = list(error.absolute_path)
        line = node_line(page, path, key=error.validator == "additionalProperties")
        if error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            line = node_line(page, [*path, extra[0]], key=True)
        page.finding(line, "schema", message, fix)
    category = meta.get("category")
    folder = page.rel.split("/")[0] if "/" in page.rel else ""
    if page.kind != "home" and isinstance(category, str) and category in category_slugs() and folder != category:
        page.finding(node_line(page, ["category"]), "schema",
                     f"页面在 `{folder or 'docs'}/` 文件夹里，但 category 写的是 `{category}`",
                     f"把 category 改成 `{folder}`，或把文件移到 docs/{category}/" if folder in category_slugs()
                     else f"把文件移到 docs/{category}/")
    reviewed = instance.get("last_reviewed")
    if isinstance(reviewed, str):
        try:
            if dt.date.fromisoformat(reviewed) > today:
                page.finding(node_line(page, ["last_reviewed"]), "schema", f"最后审核日期 {reviewed} 在未来",
                             "写上你实际审核这一页的日期（今天或更早）")
        except ValueError:
            pass  # reported by the schema


# ---------------------------------------------------------------------------------------------- prose

# Spans of a Markdown line that are not prose: code, link targets, HTML, attribute lists, admonition markers.
_PROTECTED = re.compile(
    r"""
      ^[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+|\#{1,6}[ \t]+|>[ \t]?)*  # indentation and block markers (- , ## , > )
    | (?P<ticks>`+)[^`\n].*?(?P=ticks)                       # inline code
    | (?P<target>\]\([ \t]*(?:<[^>\n]*>|[^)\s]*))            # ](link target, and its "title" as prose:
      (?:(?P<open>[ \t]+")(?P<title>[^"\n]*)(?P<close>"[ \t]*\)))?  # the quotes are syntax, the title is prose
    | \]\[[^\]\n]*\]                                        # ][reference]
    | ^[ \t]{0,3}\[[^\]\n]+\]:.*$                           # [label]: reference definition
    | <!--.*?-->                                            # HTML comment
    | </?[A-Za-z][^>\n]*>                                   # HTML tag, <https://…> autolink
    | \{:?[ \t]*[#.][^}\n]*\}                               # attr_list {#id .class}
    """,
    re.VERBOSE,
)
# An admonition line: its marker and the quotes around its title are syntax, the title is prose.
_ADMONITION = re.compile(r'^([ \t]*(?:!!!|\?{3}\+?)[ \t]+[\w-]+(?:[ \t]+[\w-]+)*[ \t]*"?)(.*?)("?[ \t]*)$')
# One supplementary private-use character per shielded span: no typography or script rule reads it.
_TOKEN_BASE = 0x100000


def shield(line: str) -> tuple[str, list[str]]:
    """The line with every protected span replaced by one token character, and the spans."""
    kept: list[str] = []

    def token(span: str) -> str:
        if not span:
            return ""
        kept.append(span)
        return chr(_TOKEN_BASE + len(kept) - 1)

    def protect(match: re.Match[str]) -> str:
        if match.group("open"):
            return token(match.group("target") + match.group("open")) + match.group("title") + \
                token(match.group("close"))
        return token(match.group(0))

    admonition = _ADMONITION.match(line)
    if admonition:
        inner = _PROTECTED.sub(protect, admonition.group(2))
        return token(admonition.group(1)) + inner + token(admonition.group(3)), kept
    return _PROTECTED.sub(protect, line), kept


def unshield(text: str, kept: list[str]) -> str:
    if not kept:
        return text
    return re.sub(f"[{chr(_TOKEN_BASE)}-{chr(_TOKEN_BASE + len(kept) - 1)}]",
                  lambda m: kept[ord(m.group(0)) - _TOKEN_BASE], text)


def _changed_characters(before: str, after: str) -> str:
    if len(before) == len(after):
        pairs = sorted({f"{a}→{b}" for a, b in zip(before, after, strict=True) if a != b})
    else:
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        pairs = sorted({f"{before[i1:i2]}→{after[j1:j2]}" for op, i1, i2, j1, j2 in matcher.get_opcodes()
                        if op != "equal"})
    return "、".join(pairs[:8]) + ("……" if len(pairs) > 8 else "")


def to_simplified(text: str) -> str:
    """The page's canonical script (t2s and the reviewed phrase fixes), as ingest makes it.

    Repeated until nothing changes: OpenCC's phrase table can leave a character that its character
    table converts on a second pass (徵調 -> 徵调 -> 征调)."""
    for _ in range(3):
        converted = canon.to_canonical_script(text)[0]
        if converted == text:
            break
        text = converted
    return text


def fix_typography(text: str) -> tuple[str, list]:
    return canon.fix_punctuation(text)


def prose_items(page: Page) -> Iterator[tuple[int, str, str, str]]:
    """(line, prose, raw text, kind) of the front matter values and of the body outside code; the body's
    prose is its line with code, link targets, HTML and attribute lists shielded."""
    for node, kind in prose_nodes(page):
        yield 2 + node.start_mark.line, node.value, node.value, kind
    for line_no, line in page.body_lines():
        yield line_no, shield(line)[0], line, "body"


@cache
def _prose_rules() -> tuple[dict[str, Any], ...]:
    """Compiled once: contact details (by the name readers are told), boilerplate lines and sentences,
    mojibake signs."""
    rules, boiler = check_rules(), data("boilerplate.yaml")
    contacts = {name: (re.compile(boiler["pii"][kind]), kind in rules["contact_kinds_in_links"])
                for kind, name in rules["contact_kinds"].items()}
    lines = {name: re.compile(p, re.M) for name, p in {**boiler["drop_lines"], **boiler["footer_starts"]}.items()}
    sentences = {name: re.compile(p) for name, p in boiler["drop_sentences"].items()}
    mojibake = {name: re.compile(p) for name, p in rules["mojibake"].items()}
    return contacts, lines, sentences, mojibake


def check_prose(page: Page) -> None:
    contacts, line_rules, sentence_rules, mojibake = _prose_rules()
    garbled = check_rules()["garbled_line"]
    script_hint = FIX_HINT + "为简体（繁体站点由构建自动生成，页面只写简体）"
    for line_no, text, raw, kind in prose_items(page):
        simplified = to_simplified(text)
        if simplified != text:
            page.finding(line_no, "script", f"有繁体字：{_changed_characters(text, simplified)}", script_hint)
        if kind == "anchor":
            continue
        _, changes = fix_typography(text)
        if changes:
            shown = "；".join(f"{c.before.strip() or repr(c.before)} → {c.after or '（删除）'}" for c in changes[:4])
            page.finding(line_no, "typography", f"中文里的标点或空格不规范：{shown}",
                         FIX_HINT + "（中文用全角标点，英文、数字、网址内部保持半角）")
        reported: list[tuple[int, int]] = []
        for name, (pattern, in_links) in contacts.items():
            found = pattern.search(text) or (pattern.search(raw) if in_links else None)
            if found and not any(a <= found.start() < b for a, b in reported):
                reported.append(found.span())
                page.finding(line_no, "contact", f"页面里有{name}：{found.group(0)}",
                             "删掉个人联系方式；需要时写机构名称（如“平台官方客服”），让读者从官方渠道查询")
        plain = re.sub(r"^[ \t]*(?:#{1,6}[ \t]+|[-*+][ \t]+|\d+\\?\.[ \t]+|>[ \t]*)*", "", text).replace("**", "")
        for name, pattern in line_rules.items():
            if pattern.search(plain):
                page.finding(line_no, "boilerplate", f"内容农场的套话（{name}）：{plain.strip()[:40]}",
                             "删掉这一行；页面只写对读者有用的内容")
        for sentence in re.split(r"(?<=[。！？])", plain.strip()):
            for name, pattern in sentence_rules.items():
                if sentence and pattern.search(sentence):
                    page.finding(line_no, "boilerplate", f"内容农场的套话（{name}）：{sentence[:40]}",
                                 "删掉这句，或改成直接对读者说的话")
        for name, pattern in mojibake.items():
            found = pattern.search(raw)
            if found:
                around = raw[max(0, found.start() - 6):found.end() + 6]
                page.finding(line_no, "mojibake", f"疑似乱码（{name}）：{around}",
                             "对照来源改回正确的字；若是 faqkit ingest 生成的，请开 issue 并附上来源文件名")
        han = sum(1 for ch in text if is_han(ch))
        if han >= garbled["min_han"] and plausibility(text) < garbled["min_common_share"]:
            page.finding(line_no, "mojibake", f"这一行生僻字太多，像是用错编码解码的乱码：{text.strip()[:30]}",
                         "对照来源改回正确的字；若是 faqkit ingest 生成的，请开 issue 并附上来源文件名")


def check_body_lines(page: Page) -> None:
    """Raw lines that must not be there at all (the body's own script and HTML rules)."""
    for line_no, line in page.body_lines():
        if re.search(r"<\s*/?\s*(script|iframe|object|embed|style)\b|\son[a-z]+\s*=", line, re.I):
            page.finding(line_no, "html", "页面里有脚本、内嵌框架或事件属性（on…=）",
                         "删掉这段 HTML；页面只用 Markdown 写")


# ---------------------------------------------------------------------------------------------- anchors and links

@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    anchor: str
    name: str


@cache
def _markdown_settings(root: Path, docs_dir: Path) -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions of the site's mkdocs.yml, so anchors are computed as MkDocs computes them."""
    from mkdocs.config import load_config

    config = load_config(config_file=str(root / "mkdocs.yml"), docs_dir=str(docs_dir.resolve()))
    return list(config.markdown_extensions), dict(config.mdx_configs)


def page_html(page: Page, root: Path, docs_dir: Path) -> tuple[str, list[dict[str, Any]]]:
    extensions, configs = _markdown_settings(root.resolve(), docs_dir.resolve())
    converter = markdown.Markdown(extensions=extensions, extension_configs=configs)
    rendered = converter.convert(page.body)
    return rendered, getattr(converter, "toc_tokens", [])


def _flatten(tokens: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for token in tokens:
        yield token
        yield from _flatten(token.get("children", []))


def headings(page: Page, tokens: list[dict[str, Any]]) -> list[Heading]:
    """The page's headings with the anchors MkDocs gives them and the lines they are on."""
    lines = [(no, line) for no, line in page.body_lines() if re.match(r"^#{1,6}[ \t]", line)]
    found = []
    for index, token in enumerate(_flatten(tokens)):
        line = lines[index][0] if index < len(lines) else page.body_line
        found.append(Heading(line, token["level"], token["id"], html.unescape(token["name"])))
    return found


def check_anchors(page: Page, rendered: str, heads: list[Heading]) -> set[str]:
    """Every id on the page; a heading whose anchor another heading already has is a finding."""
    ids = re.findall(r'\sid="([^"]+)"', rendered)
    seen: dict[str, Heading] = {}
    # The page title (H1) may share its anchor with a section: a link to it lands on the title and the
    # short answer under it, which answer that question.
    for head in (h for h in heads if h.level > 1):
        base = re.sub(r"_\d+$", "", head.anchor)
        if base != head.anchor and base in seen:
            first = seen[base]
            page.finding(head.line, "anchor",
                         f"小标题“{head.name}”与第 {first.line} 行的“{first.name}”锚点相同（#{base}），"
                         f"链接只能到达第一个",
                         "改写其中一个小标题，让每个问题只出现一次；两节说的是一件事就合并")
        seen.setdefault(head.anchor, head)
    explicit = [i for i in set(ids) if ids.count(i) > 1]
    for anchor in sorted(explicit):
        line = next((no for no, text in page.body_lines() if f"#{anchor}" in text), page.body_line)
        page.finding(line, "anchor", f"锚点 #{anchor} 在这一页出现了不止一次", "给每个 `{#…}` 起不同的名字")
    return set(ids)


def _normalize_question(text: str) -> str:
    text = to_simplified(html.unescape(text))
    return re.sub(r"[\s\W_]+", "", text).lower()


def question_entries(page: Page) -> Iterator[tuple[int, str, str | None]]:
    """(line, question, anchor or None) of the front matter's questions, in either shape."""
    questions = (page.meta or {}).get("questions")
    if not isinstance(questions, list):
        return
    for index, item in enumerate(questions):
        line = node_line(page, ["questions", index])
        if isinstance(item, str):
            yield line, item, None
        elif isinstance(item, dict) and isinstance(item.get("question"), str):
            anchor = item.get("anchor")
            yield line, item["question"], anchor if isinstance(anchor, str) else None


def check_questions_on_page(page: Page, heads: list[Heading], anchors: set[str]) -> None:
    names = {_normalize_question(h.name) for h in heads}
    for line, question, anchor in question_entries(page):
        if _normalize_question(question) not in names:
            page.finding(line, "questions", f"questions 里的“{question}”在正文中没有对应的小标题",
                         f"正文里加上 `## {question}`，或让 questions 与正文的小标题一致（改标题时两处都要改）")
        if anchor is not None and anchor not in anchors:
            page.finding(line, "questions", f"questions 里的锚点 #{anchor} 在这一页不存在",
                         f"改成小标题的锚点，可用的有：{', '.join(sorted(anchors)[:6])}")


_LINK = re.compile(r"!?\[(?:[^\]\\\n]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE = re.compile(r"^[ \t]{0,3}\[[^\]\n]+\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _links(page: Page) -> Iterator[tuple[int, str]]:
    for line_no, line in page.body_lines():
        code_free = re.sub(r"(`+)[^`\n].*?\1", "", line)
        for match in _LINK.finditer(code_free):
            yield line_no, match.group(1)
        reference = _REFERENCE.match(code_free)
        if reference:
            yield line_no, reference.group(1)


def check_links(page: Page, files: set[str], anchors: dict[str, set[str]]) -> None:
    for line, target in _links(page):
        if not target:
            page.finding(line, "link", "链接没有目标", "在 `(...)` 里写上目标页面，例如 `(../overdue/xxx.md)`")
            continue
        scheme = _SCHEME.match(target)
        if scheme:
            if scheme.group(0).lower() in ("javascript:", "data:", "vbscript:", "file:"):
                page.finding(line, "link", f"不允许的链接：{target[:40]}", "删掉这个链接，只链接到网页或站内页面")
            continue
        if target.startswith("/"):
            page.finding(line, "link", f"站内链接用了绝对路径：{target}",
                         "改成相对当前页面的路径，例如 `../credit/xxx.md`")
            continue
        path, _, anchor = target.partition("#")
        path, anchor = unquote(path), unquote(anchor)
        if path:
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))
            if resolved.startswith("../") or resolved == "..":
                page.finding(line, "link", f"链接指向 docs/ 之外：{target}", "只链接 docs/ 里的页面")
                continue
            if resolved not in files:
                close = difflib.get_close_matches(resolved, sorted(files), n=1)
                hint = (f"是不是想链接 `{posixpath.relpath(close[0], posixpath.dirname(page.rel) or '.')}`？"
                        if close else "检查文件名和相对路径（链接写 .md 文件的路径）")
                page.finding(line, "link", f"链接目标不存在：{target}", hint)
                continue
        else:
            resolved = page.rel
        if anchor and resolved in anchors and anchor not in anchors[resolved]:
            close = difflib.get_close_matches(anchor, sorted(anchors[resolved]), n=1)
            hint = f"是不是 `#{close[0]}`？" if close else "锚点是小标题的文字（去掉标点），检查是否写错"
            page.finding(line, "link", f"锚点不存在：{target}（{resolved} 里没有 #{anchor}）", hint)


def check_related(page: Page, files: set[str], anchors: dict[str, set[str]]) -> None:
    """``related`` entries point at pages that exist (path from docs/, or from the page) and anchors on them."""
    related = (page.meta or {}).get("related")
    if not isinstance(related, list):
        return
    for index, item in enumerate(related):
        if not isinstance(item, dict) or not isinstance(item.get("path"), str):
            continue  # the schema reports it
        line = node_line(page, ["related", index])
        path = item["path"]
        candidates = [posixpath.normpath(path), posixpath.normpath(posixpath.join(posixpath.dirname(page.rel), path))]
        target = next((c for c in candidates if c in files), None)
        if target is None:
            page.finding(line, "related", f"related 指向的页面不存在：{path}",
                         "写 docs/ 下的路径，例如 `credit/zhengxin-xiufu.md`；页面改名或删除后请同步修改")
            continue
        anchor = item.get("anchor")
        if isinstance(anchor, str) and anchor and anchor not in anchors.get(target, set()):
            page.finding(line, "related", f"related 的锚点 #{anchor} 在 {target} 中不存在",
                         "改成目标页面小标题的锚点，或删掉 anchor")


def check_duplicate_questions(pages: list[Page]) -> None:
    """A question is answered on one page; a second page links to it instead."""
    shared = {_normalize_question(q) for q in check_rules()["shared_questions"]}
    first: dict[str, tuple[Page, int, str]] = {}
    for page in pages:
        if page.kind != "faq" or page.meta is None:
            continue
        title = page.meta.get("title")
        asked = [(node_line(page, ["title"]), title)] if isinstance(title, str) else []
        asked += [(line, question) for line, question, _ in question_entries(page)]
        on_page: set[str] = set()
        for line, question in asked:
            key = _normalize_question(question)
            if not key or key in shared or key in on_page:
                continue
            on_page.add(key)
            if key in first:
                other, other_line, _ = first[key]
                page.finding(line, "duplicate-question",
                             f"问题“{question}”已经在 {other.shown} 第 {other_line} 行回答过",
                             f"把两处的回答合并到 {other.shown}，这里删掉这一节，改为在 related 里链接过去")
            else:
                first[key] = (page, line, question)


# ---------------------------------------------------------------------------------------------- build

def check_build(docs_dir: Path, root: Path, shown_docs: str) -> list[Finding]:
    """Both scripts with ``mkdocs build --strict``; each warning becomes a finding on the page it names."""
    from . import site

    with tempfile.TemporaryDirectory(prefix="faqkit-check-") as tmp:
        try:
            site.build_site(root, docs_dir, Path(tmp) / "site", strict=True, build_dir=Path(tmp) / "build")
        except site.SiteBuildError as error:
            messages = str(error).split("\n  ")
            warnings = [m for m in messages[1:] if m.strip()] or messages[:1]
            return [_build_finding(message.strip(), docs_dir, shown_docs) for message in warnings]
    return []


def _build_finding(message: str, docs_dir: Path, shown_docs: str) -> Finding:
    """A MkDocs warning on the page and line it names (the line holding the link it complains about)."""
    named = re.search(r"[Dd]oc file '([^']+)'", message)
    if not named:
        return Finding("mkdocs.yml", 1, "build", message, "本地运行 `faqkit build` 复现，按 MkDocs 的提示修改")
    line = 1
    link = re.search(r"contains a link '([^']+)'", message)
    page = docs_dir / named.group(1)
    if link and page.is_file():
        for number, text in enumerate(page.read_text(encoding="utf-8").split("\n"), 1):
            if link.group(1) in text:
                line = number
                break
    return Finding(f"{shown_docs}/{named.group(1)}", line, "build", message,
                   "按 MkDocs 的提示修改这一页；本地运行 `faqkit build` 可以复现")


# ---------------------------------------------------------------------------------------------- the command

def shown_path(path: Path) -> str:
    """A path as the contributor sees it: relative to the working folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_pages(docs_dir: Path) -> list[Page]:
    return [load_page(path, path.relative_to(docs_dir).as_posix(), shown_path(path))
            for path in sorted(docs_dir.rglob("*.md")) if path.is_file()]


def check_docs(docs_dir: Path, root: Path, *, build: bool = True, today: dt.date | None = None) -> list[Finding]:
    """Every finding for the pages of ``docs_dir`` (the site's mkdocs.yml is in ``root``)."""
    today = today or dt.date.today()
    pages = load_pages(docs_dir)
    files = {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()}
    anchors: dict[str, set[str]] = {}
    for page in pages:
        check_front_matter(page, today)
        check_prose(page)
        check_body_lines(page)
        rendered, tokens = page_html(page, root, docs_dir)
        heads = headings(page, tokens)
        anchors[page.rel] = check_anchors(page, rendered, heads)
        if page.kind == "faq" and page.meta is not None:
            check_questions_on_page(page, heads, anchors[page.rel])
    for page in pages:
        check_links(page, files, anchors)
        check_related(page, files, anchors)
    check_duplicate_questions(pages)
    findings = [f for page in pages for f in page.findings]
    # The strict builds would mostly repeat these findings without a line: they run once the pages pass.
    if build and not findings:
        findings += check_build(docs_dir, root, shown_path(docs_dir))
    return sorted(findings, key=lambda f: (f.file, f.line, f.rule))


# ---------------------------------------------------------------------------------------------- fix

def _dump_scalar(value: str) -> str:
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1_000_000)
    return dumped.removesuffix("\n").removesuffix("\n...").removesuffix("\n")


def fix_text(text: str, *, typography: bool = True) -> str:
    text = to_simplified(text)
    return fix_typography(text)[0] if typography else text


def fix_page(text: str) -> tuple[str, dict[str, int]]:
    """The page with its script and typography made canonical; counts of lines changed by kind."""
    counts = {"script": 0, "typography": 0}
    text = text.replace("\r\n", "\n")
    match = _FRONT_MATTER.match(text)
    head, body = ("", text) if not match else (text[: match.end()], text[match.end():])
    if match:
        front = match.group(1)
        page = Page("", "", text, front=front)
        try:
            page.node = yaml.compose(front, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            page.node = None
        edits = []
        for node, kind in prose_nodes(page):
            new = fix_text(node.value, typography=kind == "prose")
            if new != node.value:
                counts["script" if to_simplified(node.value) != node.value else "typography"] += 1
                edits.append((node.start_mark.index, node.end_mark.index, _dump_scalar(new)))
        for start, end, replacement in sorted(edits, reverse=True):
            front = front[:start] + replacement + front[end:]
        head = head[: match.start(1)] + front + head[match.end(1):]
    lines = body.split("\n")
    code_lines = {no - 1 for no in range(1, len(lines) + 1)} - {no - 1 for no, _ in
                                                                 Page("", "", body, body=body).body_lines()}
    for index, line in enumerate(lines):
        if index in code_lines:
            continue
        shielded, kept = shield(line)
        simplified = to_simplified(shielded)
        fixed = fix_typography(simplified)[0]
        if simplified != shielded:
            counts["script"] += 1
        if fixed != simplified:
            counts["typography"] += 1
        lines[index] = unshield(fixed, kept)
    return head + "\n".join(lines), counts


def fix_files(paths: list[Path], write: Callable[[Path, str], None]) -> list[tuple[Path, dict[str, int]]]:
    """Fix each page in place (through ``write``); returns the pages changed and what changed."""
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        fixed, counts = fix_page(text)
        if fixed != text.replace("\r\n", "\n"):
            write(path, fixed)
            changed.append((path, counts))
    return changed


def github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"
