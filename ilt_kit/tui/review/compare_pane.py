"""The review's compare tab: how each rubric's agreed levels moved, at one school or across the district."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from ilt_kit.review.entry import SessionEntry
from ilt_kit.review.order import filter_entries
from ilt_kit.review.trends import DistrictTrend, RubricTrend, district_trends, trends
from ilt_kit.tui.review.trend_tables import Palette, district_table, trend_table

Movement = list[RubricTrend] | list[DistrictTrend]


def movement_of(entries: list[SessionEntry], schools: list[str], school: str | None) -> Movement:
    """What the compare tab shows: one school's trends, or with several schools and none chosen,
    the district's (pooled per term)."""
    if school is not None:
        return trends(filter_entries(entries, school=school))
    return district_trends(entries) if len(schools) > 1 else trends(entries)


class ComparePane(VerticalScroll):
    """The trend tables, scrolled with the keys; worked out off the screen's thread as the review
    opens (a district's take a while), at once when another school is chosen."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.schools: list[str] = []
        self.school: str | None = None
        self.found: Movement | None = None
        """What is shown (drawn again in a new theme's colours)."""

    def compose(self) -> ComposeResult:
        yield Static(id="compare")

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._theme_changed())

    def _theme_changed(self) -> None:
        """Rich text holds colours, not theme variables: the tables are drawn again."""
        if self.found is not None:
            self.show_trends(self.found)

    def working(self, schools: list[str], school: str | None) -> None:
        """Say the trends are being worked out (of these schools, for ``school`` or all)."""
        self.schools, self.school = schools, school
        self.query_one("#compare", Static).update(Text("Working out the trends…", style="dim"))

    @work(thread=True, group="compare", description="trends")  # no description from its 10,000 arguments
    def load(self, entries: list[SessionEntry], school: str | None) -> None:
        """Work out the trends of ``entries`` off the screen's thread (the list shows first)."""
        found = movement_of(entries, self.schools, school)
        self.app.call_from_thread(self._loaded, school, found)

    def _loaded(self, school: str | None, found: Movement) -> None:
        if school == self.school:  # else a school was chosen meanwhile, and shown
            self.show_trends(found)

    def show_school(self, entries: list[SessionEntry], school: str | None) -> None:
        """The trends of ``school`` (None: every school) among ``entries``, worked out now."""
        self.school = school
        self.show_trends(movement_of(entries, self.schools, school))

    def show_trends(self, found: Movement) -> None:
        self.found = found
        compare = self.query_one("#compare", Static)
        if not found:
            compare.update(Text("No rubric has been used in two or more sessions here yet.", style="dim"))
            return
        parts: list[Table | Text] = []
        if len(self.schools) > 1:
            where = self.school or f"across the district ({len(self.schools)} schools; s: one school)"
            parts.append(Text(f"Movement {'at ' if self.school else ''}{where}", style="bold"))
        palette = Palette(self.app)
        tables = [district_table(t, palette) if isinstance(t, DistrictTrend) else trend_table(t, palette) for t in found]
        compare.update(Group(*parts, *tables))
