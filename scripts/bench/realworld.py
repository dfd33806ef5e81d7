"""``make bench BENCH=realworld CORPUS=DIR``: ingest real third-party articles and measure what readers get.

The corpus is a folder of excerpts of public web pages, one JSON file each (``{"url", "query", "text"}``,
named by the first 12 hex digits of the SHA-1 of the URL), gathered with the search tool and never
committed (third-party text). Its list and our labels are committed in ``bench/realworld.yaml``: for
each article its URL, the query that found it, relevance (on-topic, advert, off-topic), jurisdiction,
the reader question it answers, which line is its headline, and its split (``dev`` for tuning, ``heldout`` never looked
at while tuning). ``SPLIT=dev`` (the default), ``heldout`` or ``all``.

Each article is written as a source file and ``faqkit ingest`` runs on them in a fresh process, then
``faqkit check`` on its output. Printed (issue 13, clean relevant pages):

* mojibake removals, and of them the valid sentences removed (those with no mark of garbled bytes: no ?
  inside Han text, no pinyin reading glued to a character, no U+FFFD),
  furniture titles and headings, furniture and artifact lines left in bodies (bylines, datelines,
  breadcrumbs, view counts, broken Markdown, pinyin fragments, citation markers, cut-off endings), by a
  detector written for the measurement, broader than the cleaning rules;
* relevance: precision and recall of "not published" against the advert and off-topic labels;
* jurisdiction: accuracy of the jurisdiction ingest detected (the report's ``jurisdictions``) against the
  labels, per labeled class;
* ``faqkit check`` findings on ingest's output, by rule.

and (issue 14, one reader question, one page), against the reader-question labels of the on-topic
articles with an answer: BCubed precision, recall and F1 of articles into pages (an article no page
cites is a page of its own), pages per reader question, the largest page, pages mixing jurisdictions,
duplicate-question findings; with ``SEARCH=1``, both sites are built and every headline is typed, in
Simplified and in Traditional, into each site's search: recall@1 and @5 of the page that cites it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
LABELS = Path(os.environ.get("LABELS") or Path(__file__).with_name("realworld.yaml"))
SPLITS = ("dev", "heldout")

# ------------------------------------------------------------------------------------------ the corpus


@dataclass(frozen=True)
class Labeled:
    id: str  # the JSON file's stem
    url: str
    split: str
    relevance: str  # on-topic | advert | off-topic
    jurisdiction: str  # mainland | taiwan | hongkong | general
    question: str  # a reader-question id (on-topic only)
    headline_line: int | None  # which non-empty line of the excerpt is its headline (None: it has none)
    thin: bool  # no answer text in the excerpt (a title only)


def load_labels(path: Path = LABELS) -> dict[str, Labeled]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = {}
    for entry in data["articles"]:
        stem = str(entry["file"]).removesuffix(".json")
        found[stem] = Labeled(stem, entry["url"], entry["split"], entry["relevance"],
                              entry.get("jurisdiction") or "general", entry.get("question") or "",
                              entry.get("headline_line"), bool(entry.get("thin")))
    return found


def write_sources(corpus: Path, labels: dict[str, Labeled], split: str, target: Path
                  ) -> tuple[list[str], dict[str, str]]:
    """One source file per corpus article of the split (its text exactly as gathered): their ids, and
    each labeled headline (the corpus's text, never the labels', holds it)."""
    target.mkdir(parents=True, exist_ok=True)
    ids, headlines = [], {}
    for path in sorted(corpus.glob("*.json")):
        label = labels.get(path.stem)
        if label is None or (split != "all" and label.split != split):
            continue
        text = json.loads(path.read_text(encoding="utf-8"))["text"]
        (target / f"{path.stem}.txt").write_text(text, encoding="utf-8")
        ids.append(path.stem)
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        if label.headline_line and label.headline_line <= len(lines):
            headlines[path.stem] = lines[label.headline_line - 1]
    return ids, headlines


# ------------------------------------------------------------------------------------- the detectors

# Furniture as a title or heading: what no reader question looks like. Written for the measurement, not
# shared with the cleaning rules, and broader than them.
FURNITURE = re.compile(
    r"[>›»]\s*\S|^\s*(首页|当前位置|您的位置|位置[:：])|正文内容?$|Select Page|^\s*(标题|原标题|图源|图片来源|"
    r"来源|作者|编辑|责任编辑|记者|发布|更新|回答于)\s*[:：]|\d{4}[-/.年]\s*\d{1,2}[-/.月]\s*\d{1,2}|"
    r"(?:^|\s)\d{1,2}:\d{2}(?::\d{2})?\s*$|(?:^|\s|[|/／])(?:会员|免费|立即)?(?:登录|注册)\s*(?:[|/／]|$)|"
    r"(阅读|浏览|点击|评论)(量|数|次数)?\s*[:：]?\s*\d|^\s*\d+\s*$|申请入驻|分享|收藏|打印|字体|"
    r"字号|^\s*(标签|关键词|关键字|tags?)\s*[:：]|相关(文章|阅读|推荐|内容)|猜你喜欢|大家(都在看|还看了)|目录|"
    r"搜寻结果|共找到|展开|正在加载|如题所述|问题摘要|律师回答|^\s*【[^】]*】|暂无评论|发表评论|资料图|^\s*/\s*\d|"
    r"https?://|www\.|\bJul\b|\bDec\b|\bdate\b", re.I)
# Artifacts in a page body: broken Markdown, pinyin fragments, citation markers, replacement characters, a
# clause mark run into a full stop (…公布；。), quotation marks with nothing in them (比如“”、…), a heading's
# mark left in the text (- **\# 法律程序**：…; the escaped # a reader sees as #), bold opened before a
# space (- ** 第二步**：…, which Markdown shows as asterisks).
# A numbering in Roman numerals ((ii)：…, up to (xxxix)) or letters ((a) to (h): a statute's list) and a
# statute's lettered subsection (第33(1)(b)条) are not pinyin.
# Bold is broken when it wraps a list marker (**• …**, **\- …**) or is left unpaired (see _artifact); a
# balanced **label** (what the pages write for a list item's label, - **label**：…) is Markdown.
ARTIFACT = re.compile(r"\*\*\s*(?:\\-|[-•·●▪])|\\-|•|▪|●|^\s*[-*]\s*$|"
                      r"\((?!x{0,3}(?:ix|iv|vi{0,3}|i{1,3})\)|x{1,3}\)|[a-h]\))(?<!\)\()[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}(?:\)|$)"
                      r"|\[\d{1,2}\]|\ufffd|&[a-z]+;|[，、；：][。！？]|“\s*”|「\s*」|\\#\s|^(?:- |\d+\. )?\*\*\s")


def _artifact(line: str, title: bool = False) -> bool:
    """An artifact in a body line or heading, or in a title (plain text: no ** at all)."""
    return bool(ARTIFACT.search(line)) or line.count("**") % 2 == 1 or (title and "**" in line)


# The marks of garbled bytes: a lost byte as ? between Han characters, a pinyin reading in parentheses
# glued to a character, the replacement character, private use.
GARBLED = re.compile(r"[\u4e00-\u9fff]\?|\?[\u4e00-\u9fff]|[\ufffd\ue000-\uf8ff]"
                     r"|[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
SENTENCE_END = re.compile(r"[。！？!?…”」）)：:；;.]$")


def _plain(line: str) -> str:
    """A Markdown line as a reader sees its words (markers and escapes out)."""
    line = re.sub(r"^\s*(#{1,6}\s+|[-*+]\s+|\d+\\?\.\s+|>\s*)", "", line)
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    return line.replace("\\", "").strip()


@dataclass
class PageFacts:
    path: str
    title: str
    jurisdiction: str
    sources: list[str]  # ids
    headings: list[str]
    body_lines: list[str]  # prose lines outside the page's fixed parts


def read_pages(docs: Path) -> list[PageFacts]:
    from faqkit.core.data import site_text
    from faqkit.core.markdown import split_front_matter

    fixed = {site_text()[key] for key in ("conclusion_heading", "related_heading")}
    pages = []
    for path in sorted(docs.rglob("*.md")):
        meta, body = split_front_matter(path.read_text(encoding="utf-8"))
        if not meta.get("sources"):
            continue
        sources = [str(s["file"]).removesuffix(".txt") for s in meta["sources"]]
        headings, lines, skip = [], [], False
        for line in body.split("\n"):
            heading = re.match(r"^(#{2,6})\s+(.*)$", line)
            if heading:
                text = _plain(heading.group(2))
                skip = text in fixed
                if not skip:
                    headings.append(text)
                continue
            if skip or not line.strip() or line.startswith(("# ", "!!!")):
                continue
            lines.append(_plain(line))
        pages.append(PageFacts(path.relative_to(docs).as_posix(), str(meta.get("title", "")),
                               str(meta.get("jurisdiction") or "general"), sources, headings, lines))
    return pages


# ------------------------------------------------------------------------------------------ the scores


def bcubed(assigned: dict[str, str], truth: dict[str, str]) -> tuple[float, float, float]:
    """BCubed precision, recall and F1 of ``assigned`` (item -> cluster) against ``truth`` (item -> class)."""
    members: dict[str, list[str]] = defaultdict(list)
    for item, cluster in assigned.items():
        members[cluster].append(item)
    size = Counter(truth.values())
    precision = recall = 0.0
    for item, cluster in assigned.items():
        same = sum(1 for other in members[cluster] if truth[other] == truth[item])
        precision += same / len(members[cluster])
        recall += same / size[truth[item]]
    precision, recall = precision / len(assigned), recall / len(assigned)
    return precision, recall, 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": ""})


def measure(corpus: Path, split: str, search: bool, work: Path) -> dict:
    labels = load_labels()
    sources, docs = work / "sources", work / "docs"
    ids, headlines = write_sources(corpus, labels, split, sources)
    ingest = _run([sys.executable, "-m", "faqkit.cli", "ingest", str(sources), "--docs", str(docs), "--quiet",
                   "--no-cache", "--report", str(work / "report.txt"), "--date", "2026-01-01"], ROOT)
    if ingest.returncode not in (0, 1):
        raise SystemExit(f"faqkit ingest failed:\n{ingest.stderr}")
    report = json.loads((work / "report.json").read_text(encoding="utf-8"))
    check = _run([sys.executable, "-m", "faqkit.cli", "check", "--docs", str(docs), "--no-build", "--format", "text"],
                 ROOT)
    findings = Counter(m.group(1) for m in re.finditer(r"^\S+:\d+: \[([\w-]+)\]", check.stdout, re.M))
    pages = read_pages(docs)
    by_path = {page.path: page for page in pages}
    # The page that answers each article's question (a page may also draw points from others' articles).
    cited = {name.removesuffix(".txt"): by_path[entry["path"]] for entry in report["pages"]
             for name in entry.get("articles") or entry["sources"] if entry["path"] in by_path}
    drawn = {source for page in pages for source in page.sources}
    figures: dict = {"split": split, "articles": len(ids), "pages": len(pages), "findings": findings}

    # Issue 13: what readers must never meet.
    removed = [f["text"] for f in report["flags"] if (f["kind"], f["fix"]) == ("mojibake", "sentence-removed")]
    figures["mojibake_removed"] = removed
    # Removed without any mark of garbled bytes: a valid sentence lost (a measurement, not ingest's rule).
    figures["valid_removed"] = [text for text in removed if not GARBLED.search(text)]
    figures["furniture_titles"] = [p.title for p in pages if FURNITURE.search(p.title)]
    figures["furniture_headings"] = [h for p in pages for h in p.headings if FURNITURE.search(h)]
    figures["furniture_lines"] = [(p.path, line) for p in pages for line in p.body_lines
                                  if FURNITURE.search(line) and len(line) < 60]
    figures["artifacts"] = [(p.path, line) for p in pages for line, title in
                            [(p.title, True), *((line, False) for line in [*p.headings, *p.body_lines])]
                            if _artifact(line, title)]
    figures["cut_endings"] = [(p.path, p.body_lines[-1]) for p in pages
                              if p.body_lines and not SENTENCE_END.search(p.body_lines[-1])]
    # An article with no answer text (labeled thin) gives no page whatever it is about: it says nothing of
    # the relevance stage, published or not.
    rejected = {i for i in ids if i not in drawn and not labels[i].thin}
    irrelevant = {i for i in ids if labels[i].relevance != "on-topic" and not labels[i].thin}
    true_rejections = len(rejected & irrelevant)
    figures["relevance"] = (true_rejections / len(rejected) if rejected else 1.0,
                            true_rejections / len(irrelevant) if irrelevant else 1.0,
                            sorted(irrelevant - rejected), len(rejected - irrelevant))
    figures["published_irrelevant"] = sorted(irrelevant - rejected)
    detected = {str(j["file"]).removesuffix(".txt"): j for j in report.get("jurisdictions", [])}
    figures["jurisdiction"] = {i: (labels[i].jurisdiction, detected[i]["jurisdiction"] if i in detected else "(none)")
                               for i in ids}
    figures["jurisdiction_wrong"] = [f"{i} labeled {labeled}, detected {found}: "
                                     f"{detected[i]['reason'] if i in detected else 'not read'}"
                                     for i, (labeled, found) in figures["jurisdiction"].items() if labeled != found]

    # Issue 14: one reader question, one page.
    answered = [i for i in ids if labels[i].relevance == "on-topic" and labels[i].question and not labels[i].thin]
    assigned = {i: cited[i].path if i in cited else f"(unpublished) {i}" for i in answered}
    truth = {i: labels[i].question for i in answered}
    figures["bcubed"] = bcubed(assigned, truth) if answered else (0.0, 0.0, 0.0)
    per_question: dict[str, set[str]] = defaultdict(set)
    for i in answered:
        if i in cited:
            per_question[truth[i]].add(cited[i].path)
    figures["pages_per_question"] = (sum(len(v) for v in per_question.values()) / len(per_question)
                                     if per_question else 0.0, max((len(v) for v in per_question.values()), default=0))
    figures["unpublished_answers"] = sorted(i for i in answered if i not in cited)
    # Each reader question answered on more than one page, and where: what consolidation left to do.
    figures["split_questions"] = [f"{question}: {', '.join(sorted(paths))}"
                                  for question, paths in sorted(per_question.items()) if len(paths) > 1]
    answered_by: dict[str, list[str]] = defaultdict(list)
    for article, page in cited.items():
        answered_by[page.path].append(article)
    # Each page answering more than one reader question, and which: what consolidation joined wrongly.
    figures["mixed_questions"] = [
        f"{path}: {', '.join(f'{q} x{n}' for q, n in Counter(truth[a] for a in articles if a in truth).most_common())}"
        for path, articles in sorted(answered_by.items()) if len({truth[a] for a in articles if a in truth}) > 1]
    largest = max(answered_by, key=lambda path: len(answered_by[path]), default=None)
    figures["largest_page"] = None if largest is None else (
        largest, len(answered_by[largest]), len({labels[s].question for s in answered_by[largest] if s in labels}))
    figures["mixed_jurisdictions"] = [p.path for p in pages
                                      if len({labels[s].jurisdiction for s in p.sources if s in labels} - {"general"})
                                      > 1]

    figures["duplicate_questions"] = findings.get("duplicate-question", 0)
    if search:
        figures["search"], figures["search_misses"] = headline_search(headlines, answered, cited, docs, work)
    return figures


def headline_search(headlines: dict[str, str], answered: list[str], cited: dict[str, PageFacts], docs: Path,
                    work: Path) -> tuple[dict[str, tuple[float, float, int]], list[str]]:
    """Every labeled headline of a published article, typed in Simplified and in Traditional into each
    site's search: recall@1 and @5 of a page that cites the article per site, and the queries whose page
    is not in the top 5."""
    from bench.search import Query, recall, run_all
    from faqkit.core.script import to_simplified, to_traditional
    from faqkit.site.build import build_site

    queries = []
    for i in answered:
        if i in cited and i in headlines:
            for script, form in (("hans", to_simplified), ("hant", to_traditional)):
                queries.append(Query(form(to_simplified(headlines[i])), script, (cited[i].path,)))
    site = work / "site"
    build_site(ROOT, docs, site, strict=True, build_dir=work / "build")
    results = run_all(site, queries)
    misses = [f"{script}: {o.query.text} -> {o.query.pages[0]} (rank {o.rank()}; top: {', '.join(o.found[:3])})"
              for script, outcomes in results.items() for o in outcomes if (o.rank() or 99) > 5]
    return {script: (recall(outcomes, 1), recall(outcomes, 5), len(outcomes))
            for script, outcomes in results.items()}, misses


def print_figures(figures: dict) -> None:
    precision, recall, f1 = figures["bcubed"]
    rel_p, rel_r, missed, wrongly = figures["relevance"]
    print(f"split {figures['split']}: {figures['articles']} articles -> {figures['pages']} pages")
    print(f"  mojibake removals (of them valid sentences)   {len(figures['mojibake_removed'])} "
          f"({len(figures['valid_removed'])})")
    print(f"  furniture titles / headings                   {len(figures['furniture_titles'])} / "
          f"{len(figures['furniture_headings'])}")
    print(f"  furniture lines left in bodies                {len(figures['furniture_lines'])}")
    print(f"  artifacts (Markdown, pinyin, [n], U+FFFD)     {len(figures['artifacts'])}")
    print(f"  pages ending in a cut-off sentence            {len(figures['cut_endings'])}")
    print(f"  relevance: not-published precision/recall    {rel_p:.2f} / {rel_r:.2f} "
          f"({len(missed)} adverts or off-topic published, {wrongly} on-topic articles unpublished)")
    judged = figures["jurisdiction"]
    right = sum(1 for labeled, found in judged.values() if labeled == found)
    per_class = ", ".join(f"{name} {sum(1 for lab, found in judged.values() if lab == name == found)}/"
                          f"{sum(1 for lab, _ in judged.values() if lab == name)}"
                          for name in ("mainland", "taiwan", "hongkong", "general"))
    print(f"  jurisdiction accuracy (labeled: detected)     {right / len(judged) if judged else 1.0:.2f} "
          f"({right}/{len(judged)}; {per_class})")
    print(f"  faqkit check findings                         {sum(figures['findings'].values())} "
          f"{dict(sorted(figures['findings'].items()))}")
    print(f"  BCubed P / R / F1                             {precision:.3f} / {recall:.3f} / {f1:.3f}")
    mean, most = figures["pages_per_question"]
    print(f"  pages per reader question (mean, max)         {mean:.2f}, {most}")
    if figures["largest_page"]:
        path, size, questions = figures["largest_page"]
        print(f"  largest page                                  {size} articles, {questions} questions ({path})")
    print(f"  pages mixing jurisdictions                    {len(figures['mixed_jurisdictions'])}")
    print(f"  duplicate-question findings                   {figures['duplicate_questions']}")
    for site, (at1, at5, count) in figures.get("search", {}).items():
        print(f"  headline search {site:8}    recall@1 {at1:.2f}  recall@5 {at5:.2f}  ({count} queries)")
    if os.environ.get("VERBOSE"):
        for key in ("mojibake_removed", "furniture_titles", "furniture_headings", "furniture_lines", "artifacts",
                    "cut_endings", "split_questions", "mixed_questions",
                    "published_irrelevant", "unpublished_answers", "mixed_jurisdictions", "jurisdiction_wrong",
                    "search_misses"):
            for item in figures.get(key, ()):
                print(f"    {key}: {item}")


def main() -> int:
    corpus = Path(os.environ.get("CORPUS") or ROOT / "corpus" / "articles")
    if not corpus.is_dir() or not LABELS.is_file():
        print(f"no corpus at {corpus} (CORPUS=DIR), or no labels at {LABELS}: see scripts/bench/realworld.py")
        return 1
    split = os.environ.get("SPLIT") or "dev"
    with tempfile.TemporaryDirectory(prefix="faqkit-realworld-") as tmp:
        figures = measure(corpus, split, bool(os.environ.get("SEARCH")), Path(tmp))
    print_figures(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
