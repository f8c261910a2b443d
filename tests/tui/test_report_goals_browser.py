"""The html report on a phone-sized page: a goal whose title or notes hold one long word (a link
pasted whole) wraps inside its box. Skipped (with the reason) only when no Chromium is installed
and this is not CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from ilt_kit.content.goals import GOALS_FILE
from ilt_kit.review.report_command import run_report

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_a_long_word_in_a_goal_wraps_in_the_html_report(tmp_path, capsys, browsers):
    if not (EXAMPLES / GOALS_FILE).is_file():
        pytest.skip("no examples folder here")
    for path in EXAMPLES.glob("2026-08-27-*.toml"):
        (tmp_path / path.name).write_text(path.read_text())
    word = "https://example.org/" + "w" * 120
    text = (EXAMPLES / GOALS_FILE).read_text().replace('title = "One shared picture', f'title = "{word} One shared picture')
    (tmp_path / GOALS_FILE).write_text(text.replace('notes = "We will know', f'notes = "{word} We will know'))
    assert run_report([tmp_path], "html", None) == 0
    page = tmp_path / "report.html"
    page.write_text(capsys.readouterr().out)
    phone = browsers()
    phone.get(page.as_uri())
    wide = phone.execute_script(
        "return [...document.querySelectorAll('.goal > *')].filter(e => e.scrollWidth > e.clientWidth)"
        ".map(e => e.tagName + ': ' + e.textContent.slice(0, 40))"
    )
    assert phone.execute_script("return document.querySelectorAll('.goal').length") > 0
    assert wide == []
