"""The commands in docs/review.md work as written, from the top of a checkout: every path they name exists."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from ilt_kit.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "review.md"


def commands() -> list[list[str]]:
    """Each `ilt-kit review` and `ilt-kit report` line of the doc's code blocks, as arguments
    (a comment and a redirection of the output left out)."""
    found = []
    for block in re.findall(r"```\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S):
        for line in block.splitlines():
            if re.match(r"ilt-kit (review|report) ", line) and "PATH..." not in line:  # not the synopsis
                found.append(shlex.split(line.split("#")[0].split(">")[0])[1:])
    return found


def test_the_doc_has_review_and_report_commands():
    assert {argv[0] for argv in commands()} == {"review", "report"}


def test_every_path_the_doc_names_exists():
    if not (ROOT / "examples").is_dir():
        pytest.skip("no examples folder here (an installed package without the repository)")
    for argv in commands():
        args = build_parser().parse_args(argv)
        for path in args.folders if argv[0] == "review" else args.paths:
            assert (ROOT / path).exists(), argv


def test_the_report_commands_run_as_written(tmp_path, monkeypatch, capsys):
    if not (ROOT / "examples").is_dir():
        pytest.skip("no examples folder here (an installed package without the repository)")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    for argv in commands():
        if argv[0] == "report":
            assert main([*argv, "--no-index"]) == 0, (argv, capsys.readouterr().err)
    assert (tmp_path / "year.html").is_file() and (tmp_path / "lincoln-2026-27.html").is_file()
