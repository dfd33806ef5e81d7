"""A page of docs/ as ``faqkit check`` reads it: front matter (with its YAML nodes, for line numbers)
and body, and where each finding about it goes (file, line, rule, message, fix)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..core.data import site_text
from ..core.markdown import body_lines, normalize_newlines, prose_fields, split_document

# Pages of the site itself, not answers: the home page and the all-questions page (schema ``home``).
SITE_PAGES = frozenset({"index.md", site_text()["all_questions"]["path"]})
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
        return body_lines(self.body, self.body_line)


def load_page(path: Path, rel: str, shown: str) -> Page:
    """The page split into front matter and body; a page that cannot be split carries its finding."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        page = Page(rel, shown, "")
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        page.finding(line, "encoding", "文件不是 UTF-8 编码", "用 UTF-8 重新保存这个文件")
        return page
    document = split_document(text)
    page = Page(rel, shown, normalize_newlines(text))
    if document.front is None:
        page.body = page.text
        if page.text.startswith("---"):
            page.finding(1, "front-matter", "前置元数据（front matter）没有结束的 `---` 行",
                         "在最后一个字段后面加一行 `---`，正文写在它下面")
        else:
            page.finding(1, "front-matter", "页面缺少前置元数据（front matter）",
                         "在文件开头加上以 `---` 开始和结束的 YAML 块（title、description、category 等，"
                         "见 CONTRIBUTING.md）")
        return page
    page.front, page.body, page.body_line = document.front, document.body, document.body_line
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


def prose_nodes(front: yaml.Node | None) -> Iterator[tuple[yaml.ScalarNode, str]]:
    """Scalar nodes of a front matter that readers read (``prose``) or that are heading anchors
    (``anchor``), as the page schema marks them."""
    if not isinstance(front, yaml.MappingNode):
        return
    fields = prose_fields()

    def walk(node: yaml.Node, kind: str) -> Iterator[tuple[yaml.ScalarNode, str]]:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:str":
                yield node, kind
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from walk(item, kind)
        elif isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if k.value in fields.entry:
                    yield from walk(v, "prose")
                elif k.value in fields.anchor:
                    yield from walk(v, "anchor")

    for k, v in front.value:
        if k.value in fields.top:
            yield from walk(v, "prose")


def shown_path(path: Path) -> str:
    """A path as the contributor sees it: relative to the working folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_pages(docs_dir: Path) -> list[Page]:
    return [load_page(path, path.relative_to(docs_dir).as_posix(), shown_path(path))
            for path in sorted(docs_dir.rglob("*.md")) if path.is_file()]


def github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"
