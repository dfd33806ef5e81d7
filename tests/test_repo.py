"""The repository's own promises: the README's two commands exist, CI runs the same test command, and
the workflows parse, pin their actions and ask for least privilege."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT


def test_readme_commands_are_make_targets_and_ci_runs_the_tests() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("site", "test"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.M), target
    assert re.search(r"^make test$", (ROOT / ".ci" / "run").read_text(encoding="utf-8"), re.M)


def test_workflows_pin_actions_and_limit_permissions() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert {w.name for w in workflows} >= {"ci.yml", "pages.yml"}
    for path in workflows:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow["permissions"] == {"contents": "read"}, path.name
        for job in workflow["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
                assert "${{" not in step.get("run", ""), "no expressions inside run: scripts"


BIN = Path(sys.executable).parent
WORKFLOWS = ROOT / ".github" / "workflows"


def _run(*command: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_workflows_are_valid_against_githubs_schema(tmp_path: Path) -> None:
    """check-jsonschema ships GitHub's workflow schema: no network needed."""
    workflows = sorted(WORKFLOWS.glob("*.yml"))
    valid = _run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)
    assert valid.returncode == 0, valid.stdout + valid.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text((WORKFLOWS / "ci.yml").read_text(encoding="utf-8").replace("runs-on:", "runs_on:", 1),
                      encoding="utf-8")
    invalid = _run(BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", broken)
    assert invalid.returncode == 1 and "runs-on" in invalid.stdout + invalid.stderr


def test_workflows_and_hooks_have_no_zizmor_findings(tmp_path: Path) -> None:
    """zizmor, offline, with its most thorough persona: pinned actions, least privilege, no injection."""
    clean = _run(BIN / "zizmor", "--offline", "--persona", "auditor", "--collect=workflows,pre-commit", "--", ROOT)
    assert clean.returncode == 0 and "No findings" in clean.stdout, clean.stdout + clean.stderr
    risky = tmp_path / ".github" / "workflows" / "risky.yml"
    risky.parent.mkdir(parents=True)
    risky.write_text("on: pull_request_target\npermissions: write-all\njobs:\n  greet:\n    runs-on: ubuntu-24.04\n"
                     "    steps:\n      - uses: actions/checkout@v4\n"
                     "      - run: echo \"${{ github.event.pull_request.title }}\"\n", encoding="utf-8")
    found = _run(BIN / "zizmor", "--offline", risky)
    assert found.returncode != 0 and "template-injection" in found.stdout, found.stdout + found.stderr


def test_pull_requests_run_faqkit_check_and_pre_commit_runs_the_same_checks() -> None:
    ci = yaml.safe_load((WORKFLOWS / "ci.yml").read_text(encoding="utf-8"))
    assert "pull_request" in ci[True]  # YAML 1.1 reads the key `on` as True
    runs = [step.get("run", "") for job in ci["jobs"].values() for step in job["steps"]]
    assert "make check" in runs and "bash .ci/run" in runs
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^check:.*\n\t\$\(FAQKIT\) check\b", makefile, re.M)

    config = ROOT / ".pre-commit-config.yaml"
    assert _run(BIN / "pre-commit", "validate-config", config).returncode == 0
    hooks = {hook["id"]: hook for repo in yaml.safe_load(config.read_text(encoding="utf-8"))["repos"]
             for hook in repo["hooks"]}
    assert hooks["faqkit-check"]["entry"] == ".venv/bin/faqkit check"
    assert hooks["zizmor"]["entry"].endswith("--offline")
    for hook in hooks.values():
        tool = Path(hook["entry"].split()[0]).name
        assert (BIN / tool).exists(), f"{tool} is installed by `make .venv/.installed`"

    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert "faqkit check" in template and "faqkit fix" in template and "review/" in template


def test_make_bench_runs_every_benchmark_and_only_benchmarks(capsys: pytest.CaptureFixture[str]) -> None:
    """`make bench` with no name runs `available()`: a helper module of the package (synth) is not one."""
    import bench

    assert bench.available() == ["ingest", "realworld", "repair", "search", "site"], "calibrate_pages is a tool"
    assert bench.main(["no-such-benchmark"]) == 2
    assert "available: ingest, realworld, repair, search, site" in capsys.readouterr().err


def test_make_test_fails_rather_than_skips_without_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import require_chromium

    missing = Path("/nonexistent/chromium")
    monkeypatch.setenv("FAQKIT_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception):
        require_chromium(missing)
    monkeypatch.delenv("FAQKIT_REQUIRE_BROWSER")
    with pytest.raises(pytest.skip.Exception):
        require_chromium(missing)
    recipe = re.search(r"^test:.*\n\t(.*)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    assert recipe.startswith("FAQKIT_REQUIRE_BROWSER=1 ")


# Which subpackages of faqkit each one may import (scripts/README.md draws the same map): data flows
# one way, and no subpackage reaches back up.
ALLOWED_IMPORTS = {
    "core": {"core"},
    "ingest": {"core", "ingest"},
    "dedup": {"core", "dedup"},
    "organize": {"core", "dedup", "organize"},
    "publish": {"core", "organize", "publish"},
    "pipeline": {"core", "ingest", "dedup", "organize", "publish", "pipeline"},
    "site": {"core", "site"},
    "check": {"core", "site", "check"},
}


def _faqkit_imports(path: Path, package: Path) -> set[str]:
    """The subpackages of faqkit that a module imports (absolutely or relatively), anywhere in it."""
    import ast

    module = path.relative_to(package.parent).with_suffix("").parts
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                # "__init__" is the last part of a package's own module, so one level up is the package.
                parts = [*module[:len(module) - node.level], *(node.module.split(".") if node.module else [])]
                names = [parts] if node.module else [[*parts, alias.name] for alias in node.names]
            else:
                names = [node.module.split(".")] if node.module else []
        elif isinstance(node, ast.Import):
            names = [alias.name.split(".") for alias in node.names]
        else:
            continue
        found |= {parts[1] for parts in names if len(parts) > 1 and parts[0] == "faqkit"}
    return found


def test_data_flows_one_way_between_subpackages() -> None:
    package = ROOT / "scripts" / "faqkit"
    subpackages = {p.name for p in package.iterdir() if (p / "__init__.py").is_file()}
    assert subpackages == set(ALLOWED_IMPORTS), "a new subpackage needs its place in the map"
    for path in sorted(package.rglob("*.py")):
        owner = path.relative_to(package).parts[0]
        if owner not in ALLOWED_IMPORTS:
            continue  # cli.py wires everything together
        reached = _faqkit_imports(path, package) & set(ALLOWED_IMPORTS)
        beyond = sorted(reached - ALLOWED_IMPORTS[owner])
        assert not beyond, f"{path.relative_to(package)} imports {beyond}"
    assert _faqkit_imports(package / "ingest" / "canon.py", package) == {"core"}, "the walk sees relative imports"
    assert _faqkit_imports(package / "pipeline" / "__init__.py", package) >= {"dedup", "organize", "publish"}


def test_contributors_are_told_the_limit_ingest_and_check_use() -> None:
    from faqkit.core.data import limit

    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert f"不超过 {limit('short_answer')} 字" in contributing


def test_contributors_are_told_every_front_matter_field_a_page_may_have() -> None:
    from faqkit.core.markdown import page_schema

    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    defs = page_schema()["$defs"]
    fields = {field for kind in ("faq", "category", "home") for field in defs[kind]["properties"]}
    assert {"headlines", "sources", "search"} <= fields
    assert [field for field in sorted(fields) if f"| `{field}` |" not in contributing] == []
