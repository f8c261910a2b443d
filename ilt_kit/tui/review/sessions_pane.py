"""The review's sessions tab: every session found, filtered, sorted, one school or all; Enter opens one."""

from __future__ import annotations

from typing import Callable

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from ilt_kit.literal import visible
from ilt_kit.review.entry import SessionEntry
from ilt_kit.review.order import filter_entries, sort_entries
from ilt_kit.review.scan import ScanResult
from ilt_kit.tui.review.paging import PagedTable, Row
from ilt_kit.tui.widgets.text import literal, theme_style

SORTS = ("date", "title", "scenario", "team", "school", "status")
"""What ``o`` sorts by, one after another."""
FINISHED = (None, True, False)
"""What ``f`` shows, one after another: every session, finished ones, those in progress."""
LABELS = {"date": "Date", "school": "School", "title": "Title", "scenario": "Scenario", "team": "Team", "status": "Status"}


class SessionsTable(PagedTable):
    """The list of sessions: Enter opens the highlighted one, and the footer says so while the list
    has the keys (a plain table's Enter is not shown)."""

    BINDINGS = [Binding("enter", "select_cursor", "Open", id="review.open-row", tooltip="Open the highlighted session")]


class SessionsPane(Vertical):
    """The sessions tab: a filter (``/``), the list, and a status line that counts what is shown."""

    DEFAULT_CSS = """
    SessionsPane #sessions-table {
        height: 1fr;
    }

    /* the highlighted row stays plain to see when the keys are elsewhere (the filter, the tab bar) */
    SessionsPane #sessions-table:blur > .datatable--cursor {
        background: $accent 50%;
        color: $foreground;
        text-style: bold;
    }

    SessionsPane #sessions-status {
        height: auto;
        color: $foreground 70%;
        padding: 0 1;
    }
    """

    BINDINGS = [
        Binding("enter", "open", "Open", id="review.open", tooltip="Open the highlighted session"),
        Binding("slash", "filter", "Filter", id="review.filter", key_display="/", tooltip="Type words to filter the list"),
        Binding("o", "sort", "Sort", id="review.sort", tooltip="Sort by date, title, scenario, team or status"),
        Binding("f", "finished", "Finished?", id="review.finished", tooltip="Show all, finished only, or in progress only"),
    ]

    class Opened(Message):
        """A session was opened from the list (its full record is read): show everything it recorded."""

        def __init__(self, entry: SessionEntry) -> None:
            super().__init__()
            self.entry = entry

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.result: ScanResult | None = None
        self.schools: list[str] = []
        self.school: str | None = None
        """The school shown (None: every school)."""
        self.shown: list[SessionEntry] = []
        """The sessions in the list, in its order."""
        self.sort_by = "date"
        self.finished: bool | None = None
        self._width: int | None = None
        """The width the columns were last fitted to."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Filter: words in the title, scenario or team (Enter to apply)", id="filter")
        yield SessionsTable(id="sessions-table", cursor_type="row", zebra_stripes=True)
        yield Static("Reading the session files…", id="sessions-status")

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.show_sessions())

    @property
    def table(self) -> SessionsTable:
        return self.query_one("#sessions-table", SessionsTable)

    def show(self, result: ScanResult, schools: list[str], school: str | None) -> None:
        """Show the sessions of ``result`` (``schools``: every school in it), of ``school`` or all."""
        self.result, self.schools, self.school = result, schools, school
        self.show_sessions()

    def show_school(self, school: str | None) -> None:
        self.school = school
        self.show_sessions()

    # -- the list ---------------------------------------------------------------------------
    def show_sessions(self) -> None:
        """The list and its status line as the filter, the sort and the school say."""
        if self.result is None:
            return
        text = self.query_one("#filter", Input).value
        kept = filter_entries(self.result.entries, text=text, finished=self.finished, school=self.school)
        self.shown = sort_entries(kept, self.sort_by)
        table = self.table
        table.clear(columns=True)  # columns fit what is shown now, not the widest row ever shown
        # the school comes second, where a long title cannot push it out of sight; with one school
        # chosen the status line names it instead
        several = len(self.schools) > 1
        warning = theme_style(self.app, "$warning")

        texts: dict[str, Callable[[SessionEntry], str]] = {
            "date": lambda entry: entry.date.isoformat(),
            "school": lambda entry: entry.school,
            "title": lambda entry: f"↳ {entry.title}" if entry.conflict_of is not None else entry.title,
            "scenario": lambda entry: entry.scenario_title,
            "team": lambda entry: entry.team_name,
            "status": lambda entry: "⚠ conflict copy" if entry.conflict_of is not None
            else "✓ finished" if entry.finished else "… in progress",
        }

        # the widths need every row's text, the cells only the rows added so far: the widths come
        # from each distinct text (a district's schools, scenarios and teams repeat)
        seen = {key: {text(entry) for entry in self.shown} for key, text in texts.items()}
        widths = self.columns(
            {key: [visible(text) for text in values] for key, values in seen.items()},
            several and self.school is None,
            table.size.width or self.app.size.width,
        )
        for key, width in widths.items():
            table.add_column(LABELS[key], key=key, width=width)

        def cells_of(entry: SessionEntry) -> Row:
            cells = []
            for key in widths:
                conflict = key == "status" and entry.conflict_of is not None
                cell = literal(texts[key](entry), style=f"bold {warning}" if conflict else "")
                cell.no_wrap, cell.overflow = True, "ellipsis"  # a long text ends in … inside its column
                cells.append(cell)
            return cells, str(entry.path)

        table.fill(self.shown, cells_of)
        self._width = table.size.width or self.app.size.width
        self.query_one("#sessions-status", Static).update(self.status_line())

    def status_line(self) -> str:
        assert self.result is not None
        which = {None: "all", True: "finished", False: "in progress"}[self.finished]
        line = f"{len(self.shown)} of {len(self.result.entries)} sessions · {which}"
        if len(self.schools) > 1:
            line += f" · {self.school or f'all {len(self.schools)} schools'}"
        line += f" · sorted by {self.sort_by}"
        conflicts = sum(1 for entry in self.result.entries if entry.conflict_of is not None)
        if conflicts:
            line += f" · {conflicts} conflict cop{'y' if conflicts == 1 else 'ies'}"
        if self.result.bad:
            line += f" · {len(self.result.bad)} unreadable (see that tab)"
        return line

    @staticmethod
    def columns(texts: dict[str, list[str]], school_column: bool, available: int) -> dict[str, int]:
        """Column widths that fit the table's width: date and status whole, school, scenario and team
        up to a cap, the title the rest; where even that leaves the title too little room, the
        scenario and then the team give way - the team first while a school column names the team's
        school (each column costs its width plus 2 cells of padding)."""
        def widest(key: str, label: str, cap: int) -> int:
            return min(cap, max([len(label)] + [cell_len(text) for text in texts[key]]))

        widths = {"date": 10}
        if school_column:
            widths["school"] = widest("school", "School", 22)
        widths["title"] = 0
        widths["scenario"] = widest("scenario", "Scenario", 26)
        widths["team"] = widest("team", "Team", 22)
        widths["status"] = widest("status", "Status", 15)
        room = available - 2  # the vertical scrollbar
        title_needs = min(24, widest("title", "Title", 200))
        for give_way in ("team", "scenario", None) if school_column else ("scenario", "team", None):
            rest = room - sum(w + 2 for k, w in widths.items() if k != "title") - 2
            if rest >= title_needs or give_way is None:
                break
            del widths[give_way]
        widths["title"] = max(12, min(rest, widest("title", "Title", 200)))
        return widths

    def on_resize(self) -> None:
        width = self.table.size.width or self.app.size.width
        if self.result is not None and width != self._width:
            self.show_sessions()

    # -- keys -------------------------------------------------------------------------------
    def action_open(self) -> None:
        row = self.table.cursor_row
        if self.shown and 0 <= row < len(self.shown):
            self.post_message(self.Opened(self.shown[row]))

    @on(PagedTable.RowSelected, "#sessions-table")
    def _row_selected(self) -> None:
        self.action_open()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    def close_filter(self) -> bool:
        """Give the keys back to the list if the filter has them (it stays shown while it filters)."""
        box = self.query_one("#filter", Input)
        if not box.has_focus:
            return False
        box.display = bool(box.value)
        self.table.focus()
        return True

    @property
    def filtering(self) -> bool:
        """The filter has the keys."""
        return self.query_one("#filter", Input).has_focus

    @on(Input.Submitted, "#filter")
    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.show_sessions()

    def action_sort(self) -> None:
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]
        self.show_sessions()

    def action_finished(self) -> None:
        self.finished = FINISHED[(FINISHED.index(self.finished) + 1) % len(FINISHED)]
        self.show_sessions()
