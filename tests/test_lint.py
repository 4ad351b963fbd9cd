"""Lint and types that can fail: ruff over the whole repository and mypy over the domain packages
and the ui helper, with the rule decisions in pyproject.toml. `make lint` runs the same two
commands; here they are part of `make test`, so a finding fails CI like any other test."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    path = BIN / name
    found = str(path) if path.exists() else shutil.which(name)
    if found is None:   # the test requirements install both: their absence is a broken set-up
        pytest.fail(f"{name} is not installed; run `make setup-test`")
    return found


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing():
    result = _run(_tool("ruff"), "check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_nothing_in_the_domain_and_ui():
    result = _run(_tool("mypy"), "--no-error-summary")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_can_fail(tmp_path):
    """The check is real: a file with an unused import and an unstrict zip is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n\n\ndef pairs(a, b):\n    return list(zip(a, b))\n", "utf-8")
    result = _run(_tool("ruff"), "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"),
                  "--output-format", "concise", str(bad))
    assert result.returncode == 1
    assert "F401" in result.stdout and "B905" in result.stdout
