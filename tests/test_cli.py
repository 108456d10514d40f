"""The command line a researcher types: discoverable, and one clear line when the input is wrong."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=cwd)


def test_help_lists_the_pipeline_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("extract", "check", "analyse", "notebooks", "site", "build", "verify"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["extract", "build", "extract-all", "check", "analyse", "notebooks", "site", "verify", "list"])
def test_every_command_has_its_own_help(command):
    from typer.testing import CliRunner

    from analysis.cli import app

    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


@pytest.mark.parametrize(
    ("make_input", "message"),
    [
        (lambda d: d / "missing.pdf", "no such file"),
        (lambda d: (d / "notes.txt").write_text("Bu bir performans programı değil.") and d / "notes.txt", "not a performance program"),
        (lambda d: (d / "fake.pdf").write_bytes(b"hello") and d / "fake.pdf", "not a PDF"),
        (lambda d: (d / "broken.pdf").write_bytes(b"%PDF-1.4\n%garbage\n%%EOF\n") and d / "broken.pdf", "not a readable PDF"),
        (lambda d: (d / "cut.pdf").write_bytes(b"%PDF-1.4\n%garbage") and d / "cut.pdf", "truncated"),
        (lambda d: (d / "cp1254.txt").write_bytes("Kocaeli Büyükşehir".encode("cp1254")) and d / "cp1254.txt", "not a performance program"),
        (lambda d: (d / "noise.txt").write_bytes(bytes(range(0x80, 0x100)) * 20) and d / "noise.txt", "cannot tell its encoding"),
    ],
)
def test_bad_input_gives_one_clear_line_and_no_output(tmp_path, make_input, message):
    path = make_input(tmp_path)
    out = tmp_path / "out"
    result = run("extract", str(path), "--out", str(out))
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert message in lines[0] and path.name in lines[0]
    assert not out.exists()


def test_list_shows_the_catalog(project_root):
    result = run("list", cwd=project_root)
    assert "kocaeli-2021" in result.stdout and "kucukcekmece-2021" in result.stdout


def test_verify_accepts_the_shipped_raw_files(project_root):
    result = run("verify", cwd=project_root)
    assert result.returncode == 0, result.stderr
    assert "match their checksums" in result.stderr
