"""The publish pipelines a province copies: linted, the same steps on GitHub and GitLab, and those
steps pass on this repository as it is."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO

BIN = Path(sys.executable).parent
GITHUB = REPO / ".github" / "workflows" / "publish.yml"
GITLAB = REPO / ".gitlab-ci.yml"


def run(*command: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=300,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))


def zizmor(*paths: Path, cwd: Path = REPO) -> subprocess.CompletedProcess:
    """zizmor, the GitHub Actions linter and security auditor, offline (no GitHub API)."""
    return run(str(BIN / "zizmor"), "--offline", "--no-progress", *map(str, paths), cwd=cwd)


def schema(name: str, *paths: Path) -> subprocess.CompletedProcess:
    """check-jsonschema with the schema it ships for GitHub workflows or GitLab CI."""
    return run(sys.executable, "-m", "check_jsonschema", "--builtin-schema", f"vendor.{name}", *map(str, paths))


def test_github_workflows_pass_zizmor_and_their_schema():
    workflows = sorted((REPO / ".github" / "workflows").glob("*.yml"))
    assert GITHUB in workflows
    result = zizmor(*workflows)
    assert result.returncode == 0, result.stdout + result.stderr
    result = schema("github-workflows", *workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_pipeline_passes_its_schema():
    result = schema("gitlab-ci", GITLAB)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linters_do_catch_mistakes(tmp_path):
    injected = tmp_path / "injected.yml"
    injected.write_text("on: issues\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                        "      - run: echo \"${{ github.event.issue.title }}\"\n")
    assert "template-injection" in zizmor(injected, cwd=tmp_path).stdout
    broken = tmp_path / ".gitlab-ci.yml"
    broken.write_text("build:\n  script: ocop build\n  artifacts: {paths: site}\n")
    assert schema("gitlab-ci", broken).returncode != 0


def commands(lines: list[str]) -> list[str]:
    """The ocop and pip commands of a list of shell lines, with the line's own variables left out."""
    found = []
    for line in lines:
        for part in line.split(";"):
            words = shlex.split(part.replace("then ", "").strip()) if "ocop" in part or "pip" in part else []
            if words and (words[0] == "ocop" or words[:3] == ["python", "-m", "pip"]):
                found.append(" ".join(w for w in words if not w.startswith("--disable-pip")))
    return found


def test_github_and_gitlab_run_the_same_steps():
    github = yaml.safe_load(GITHUB.read_text("utf-8"))
    github_lines = [line for step in github["jobs"]["build"]["steps"] for line in step.get("run", "").splitlines()]
    gitlab = yaml.safe_load(GITLAB.read_text("utf-8"))
    assert commands(github_lines) == commands(gitlab["build"]["script"]) == [
        "python -m pip install -r requirements.lock", "python -m pip install --no-deps .",
        "ocop validate", "ocop build --strict", "ocop check"]
    deploy = github["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "pull_request" in deploy["if"]
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert gitlab["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]


def test_the_pipeline_steps_pass_on_this_repository(tmp_path):
    """What the workflow runs, on the repository as a province forks it (the built site goes to a
    temporary folder instead of site/)."""
    github = yaml.safe_load(GITHUB.read_text("utf-8"))
    lines = [line for step in github["jobs"]["build"]["steps"] for line in step.get("run", "").splitlines()]
    for command in commands(lines):
        if command.startswith("ocop"):
            words = command.split()
            if words[1] in ("build", "check"):
                words += ["--site-dir", str(tmp_path / "site")]
            result = run(str(BIN / words[0]), *words[1:])
            assert result.returncode == 0, f"{command}\n{result.stdout}{result.stderr}"
    assert (tmp_path / "site" / "index.html").is_file()
