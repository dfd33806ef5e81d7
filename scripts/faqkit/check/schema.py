"""Front matter against ``data/page.schema.json``, with messages that say how to fix it.

The schema is the contract; what it leaves to other data is filled in when it is loaded: the category
enum from ``taxonomy.yaml``, the short answer's maxLength from ``limits.yaml``.
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache
from typing import Any

import jsonschema

from ..core.data import data, limit
from ..core.markdown import page_schema as written_schema
from .pages import Page, node_line


def category_slugs() -> list[str]:
    return [c["slug"] for c in data("taxonomy.yaml")["categories"]]


@cache
def page_schema() -> dict[str, Any]:
    """The schema file with what other data says filled in: the category enum (``taxonomy.yaml``) and
    the short answer's maxLength (``limits.yaml``)."""
    schema = copy.deepcopy(written_schema())
    schema["$defs"]["category_slug"]["enum"] = category_slugs()
    schema["$defs"]["short_answer"]["maxLength"] = limit("short_answer")
    return schema


def validator_for(kind: str) -> jsonschema.protocols.Validator:
    schema = {**page_schema(), "$ref": f"#/$defs/{kind}"}
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


# ---------------------------------------------------------------------------------------------- front matter

_FIELD_HELP = {
    "title": "加一行 `title: 读者会问的问题？`",
    "description": "加一行 `description: 一两句话的简短回答`（不超过 {short_answer} 字）",
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
        hint = _FIELD_HELP.get(missing, f"加上 `{missing}` 字段").format(short_answer=limit("short_answer"))
        return f"缺少字段 `{missing}`", hint
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


def _item_errors(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """A `questions` list of {question, anchor, answer} mappings with a bad item: that item's own errors (an
    answer over the limit, a missing anchor), where the anyOf alone says only that the list has neither
    shape. Any other error as it is."""
    items = error.instance
    if error.validator != "anyOf" or not isinstance(items, list) or not items \
            or not all(isinstance(item, dict) for item in items):
        return [error]
    # The second branch of `questions` is the mappings' (page.schema.json: question_texts, question_entries).
    own = [e for e in error.context or () if e.relative_schema_path and e.relative_schema_path[0] == 1]
    return own or [error]


def check_front_matter(page: Page, today: dt.date) -> None:
    meta = page.meta
    if meta is None:
        return
    # YAML reads an unquoted 2026-01-31 as a date: accepted, as MkDocs accepts it.
    instance = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in meta.items()}
    found = [e for error in validator_for(page.kind).iter_errors(instance) for e in _item_errors(error)]
    errors = sorted(found, key=lambda e: list(map(str, e.absolute_path)))
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
