"""The review's goals tab, driven by keys on the example year: each goal from its baseline to the
latest agreed level and its target, with the actions that serve it, whole at 80x24 and 120x36."""

from __future__ import annotations

from pathlib import Path

import pytest

from ilt_kit.content.goals import GOALS_FILE, load_goals
from ilt_kit.tui.screens.review import ReviewScreen
from tests.tui.conftest import driven, plain
from tests.tui.test_hostile_text import screen_cells

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


async def _goals_tab(app, pilot) -> str:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await app.workers.wait_for_complete()  # the tabs, worked out after the list
    await pilot.press("4")
    await pilot.pause()
    return plain(app.screen.query_one("#goals"))


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_goals_tab_shows_each_goal_from_baseline_to_latest_to_target(make_app, size):
    if not (EXAMPLES / GOALS_FILE).is_file():
        pytest.skip("no examples folder here")
    goals = load_goals(EXAMPLES / GOALS_FILE)
    app, _ = make_app(scenario_id=None)
    app.start = lambda a: ReviewScreen(EXAMPLES, use_index=False)
    async with driven(app, size=size) as pilot:
        text = await _goals_tab(app, pilot)
        assert app.screen.focused is app.screen.query_one("#goals-box")  # its keys scroll it
        screen = screen_cells(app)[0]
    assert "4 Goals" in screen.splitlines()[1]
    assert goals.goals[0].title in screen  # on the screen as the tab opens, not only in the widget
    flat = " ".join(text.split())
    for goal in goals.goals:
        assert goal.title in flat
        assert f"target {goal.target}" in flat and f"by {goal.by}" in flat
        assert f"({goal.baseline.date})" in flat
    assert "✓ reached" in flat and "! behind" in flat  # the example year has both
    assert "Add the picture of strong learning to the walkthrough form" in flat  # an action that serves a goal


# Without a goals file the tab says how to set goals: on the review of tests/tui/test_screens_fit.py
# that opens every tab by its key.


async def test_a_district_sees_counts_per_school_and_s_shows_one_schools_goals(make_app, tmp_path):
    import shutil

    from tests.unit.test_review_district import _as_school

    if not (EXAMPLES / GOALS_FILE).is_file():
        pytest.skip("no examples folder here")
    goals = load_goals(EXAMPLES / GOALS_FILE).goals
    (tmp_path / "roosevelt").mkdir()
    for path in sorted(EXAMPLES.glob("2*.toml"))[:6]:
        (tmp_path / "roosevelt" / path.name).write_text(_as_school(path, "Roosevelt Elementary"), encoding="utf-8")
    shutil.copy(EXAMPLES / GOALS_FILE, tmp_path / "roosevelt" / GOALS_FILE)
    app, _ = make_app(scenario_id=None)
    app.start = lambda a: ReviewScreen([EXAMPLES, tmp_path / "roosevelt"], use_index=False)
    async with driven(app, size=(120, 36)) as pilot:
        district = await _goals_tab(app, pilot)
        await pilot.press("s")  # the first school: Roosevelt Elementary
        await pilot.pause()
        school = plain(app.screen.query_one("#goals"))
    rows = [line for line in district.splitlines() if "Roosevelt" in line or "unknown" in line]
    assert len(rows) == 2 and all(f" {len(goals)} " in row for row in rows)
    assert "Dana Whitfield" not in district and goals[0].title not in district  # counts only
    assert "Roosevelt Elementary" in school and goals[0].title in school
    assert "Add the picture of strong learning" in school  # January's actions, among its six sessions


async def test_a_goal_written_as_markup_is_shown_as_written(make_app, tmp_path):
    from tests.tui.test_hostile_text import assert_literal, hostile

    if not (EXAMPLES / GOALS_FILE).is_file():
        pytest.skip("no examples folder here")
    for path in EXAMPLES.glob("2026-08-27-*.toml"):
        (tmp_path / path.name).write_text(path.read_text())
    payload = hostile(tmp_path).replace("\\", "\\\\").replace('"', '\\"')
    text = (EXAMPLES / GOALS_FILE).read_text()
    (tmp_path / GOALS_FILE).write_text(text.replace('title = "One shared picture', f'title = "{payload} One shared picture'))
    app, _ = make_app(scenario_id=None)
    app.start = lambda a: ReviewScreen(tmp_path, use_index=False)
    async with driven(app, size=(120, 36)) as pilot:
        shown = await _goals_tab(app, pilot)
        assert "[link=x]y[/link]" in shown and "One shared picture" in shown
        assert_literal(app, "goals tab")


async def test_a_goals_file_that_is_a_folder_is_named_in_the_tab(make_app, tmp_path):
    if not (EXAMPLES / GOALS_FILE).is_file():
        pytest.skip("no examples folder here")
    for path in EXAMPLES.glob("2026-08-27-*.toml"):
        (tmp_path / path.name).write_text(path.read_text())
    (tmp_path / GOALS_FILE).mkdir()
    app, _ = make_app(scenario_id=None)
    app.start = lambda a: ReviewScreen(tmp_path, use_index=False)
    async with driven(app, size=(120, 36)) as pilot:
        shown = " ".join((await _goals_tab(app, pilot)).split())
    assert "has problems, so its goals are not shown" in shown and "this is a folder" in shown
