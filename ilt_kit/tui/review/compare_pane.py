"""The review's compare tab: how each rubric's agreed levels moved, at one school or across the
district, how alike the team read each criterion in its first rounds (calibration), and, behind
``p`` only, the facilitator's private view of second rounds."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from ilt_kit.review.entry import SessionEntry
from ilt_kit.review.order import filter_entries
from ilt_kit.review.calibration import (
    CalibrationRow,
    calibrated,
    district_rows,
    left_out_text,
    rows,
    school_calibration,
)
from ilt_kit.review.second_rounds import PrivateView, second_rounds
from ilt_kit.review.trends import DistrictTrend, RubricTrend, movement, trends
from ilt_kit.tui.review.calibration_tables import calibration_table, private_parts
from ilt_kit.tui.review.trend_tables import Palette, district_table, trend_table

Movement = list[RubricTrend] | list[DistrictTrend]


@dataclass(frozen=True)
class Compared:
    """What the compare tab shows, worked out once."""

    movement: Movement
    calibration: list[tuple[str, list[CalibrationRow], str]]
    """(rubric title, rows, note) per rubric; across a district, the rows are per school."""
    district: bool
    private: PrivateView


def movement_of(entries: list[SessionEntry], schools: list[str], school: str | None) -> Compared:
    """What the compare tab shows: one school's trends and calibration, or with several schools and
    none chosen, the district's (movement pooled per term, calibration per school)."""
    if school is None and len(schools) > 1:
        moved = movement(entries)
        every = [trend for found in moved.schools.values() for trend in found]
        pooled = [(title, found, "") for title, found in district_rows(school_calibration(moved.schools))]
        return Compared(moved.district, pooled, True, second_rounds(every))
    found = trends(filter_entries(entries, school=school) if school is not None else entries)
    shown, unshown = calibrated(found)
    own = [(r.rubric_title, rows(r), left_out_text(r)) for r in shown]
    own += [(title, [], why) for title, why in unshown]  # named, with why it has no figures
    return Compared(found, own, False, second_rounds(found))


class ComparePane(VerticalScroll):
    """The trend and calibration tables, scrolled with the keys; worked out off the screen's thread
    as the review opens (a district's take a while), at once when another school is chosen."""

    BINDINGS = [
        Binding(
            "p", "private", "Private view", id="review.private",
            tooltip="For the facilitator only: did second rounds move toward the median or the principal?",
        )
    ]

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.schools: list[str] = []
        self.school: str | None = None
        self.found: Compared | None = None
        """What is shown (drawn again in a new theme's colours)."""
        self.private = False
        """Whether the private view of second rounds is shown (``p``; never as the tab opens)."""

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

    def _loaded(self, school: str | None, found: Compared) -> None:
        if school == self.school:  # else a school was chosen meanwhile, and shown
            self.show_trends(found)

    def show_school(self, entries: list[SessionEntry], school: str | None) -> None:
        """The trends of ``school`` (None: every school) among ``entries``, worked out now."""
        self.school = school
        self.show_trends(movement_of(entries, self.schools, school))

    def action_private(self) -> None:
        """Show or hide the facilitator's private view of second rounds."""
        self.private = not self.private
        if self.found is not None:
            self.show_trends(self.found)
            self.scroll_home(animate=False)

    def show_trends(self, found: Compared) -> None:
        self.found = found
        compare = self.query_one("#compare", Static)
        palette = Palette(self.app)
        parts: list[Table | Text] = private_parts(found.private, palette) + [Text("")] if self.private else []
        if not found.movement:
            parts.append(Text("No rubric has been used in two or more sessions here yet.", style="dim"))
            compare.update(Group(*parts))
            return
        if len(self.schools) > 1:
            where = self.school or f"across the district ({len(self.schools)} schools; s: one school)"
            parts.append(Text(f"Movement {'at ' if self.school else ''}{where}", style="bold"))
        parts += [district_table(t, palette) if isinstance(t, DistrictTrend) else trend_table(t, palette) for t in found.movement]
        parts += [calibration_table(title, found_rows, note, palette, found.district) for title, found_rows, note in found.calibration]
        compare.update(Group(*parts))
