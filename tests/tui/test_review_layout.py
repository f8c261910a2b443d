"""The review list fits its screen: every column it shows is inside the table at 80x24 and 120x36,
Status included, with long titles, team names and scenarios cut with an ellipsis, not pushed out."""

from __future__ import annotations

import re

import pytest
from textual.widgets import DataTable

from ilt_kit.tui.screens.review import ReviewScreen
from tests.tui.test_home_and_review import _two_schools
from tests.tui.conftest import driven

LONG = "Professional learning system: end-of-year review of every grade's shared vision and its evidence"


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
async def test_every_column_of_the_review_list_is_on_screen_for_all_schools_and_for_one(make_app, make_session, size):
    folder = _two_schools(make_session)
    for path in folder.glob("*.toml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r'^title = "(.*)"$', rf'title = "\1: {LONG}"', text, count=1, flags=re.M), encoding="utf-8")
    app, _ = make_app(scenario_id=None)
    app.start = lambda a: ReviewScreen([folder], use_index=False)
    async with driven(app, size=size) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_columns_fit(app, one_school=False)
        await pilot.press("s")  # one school: its column goes
        await pilot.pause()
        assert_columns_fit(app, one_school=True)


def assert_columns_fit(app, one_school: bool) -> None:  # noqa: ANN001
    """Every column of the review list inside the table, School shown only for every school."""
    table = app.screen.query_one("#sessions-table", DataTable)
    labels = [str(c.label) for c in table.columns.values()]
    assert labels[:1] == ["Date"] and "Title" in labels and labels[-1] == "Status"
    assert ("School" in labels) is not one_school
    used = sum(column.get_render_width(table) for column in table.columns.values())
    assert used <= table.scrollable_content_region.width, (labels, used, table.scrollable_content_region.width)
    assert table.virtual_size.width <= table.scrollable_content_region.width  # nothing to scroll sideways
    widths = {str(c.label): c.width for c in table.columns.values()}
    assert min(widths.values()) >= 10, widths
    assert widths["Title"] >= 24, widths
    shown = [str(table.get_row_at(r)[labels.index("Title")]) for r in range(table.row_count)]
    assert any(LONG in title for title in shown)  # the cell holds the whole title; the column cuts it with …
