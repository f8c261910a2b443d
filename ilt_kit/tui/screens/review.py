"""Review: browse saved sessions, open one, compare a rubric over time, and follow up open actions.

Loading runs in a worker thread with progress shown; files that cannot be read are listed with
the reason and never stop the review. All rules (what a trend is, which actions are overdue, how
an action is marked done) live in ``ilt_kit.review``.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Markdown, ProgressBar, Static, TabbedContent, TabPane

from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.review.followup import FollowUpError, OpenAction, mark_done, mark_open, open_actions
from ilt_kit.review.entry import SessionEntry
from ilt_kit.review.order import filter_entries, schools_in, sort_entries
from ilt_kit.review.scan import ScanResult, load_entry, scan, scan_paths
from ilt_kit.review.trends import DistrictTrend, RubricTrend, district_trends, trends
from ilt_kit.literal import visible
from ilt_kit.tui.widgets.keys import KeysFooter
from ilt_kit.tui.widgets.text import literal, theme_style

if TYPE_CHECKING:
    from ilt_kit.tui.app import IltApp

SORTS = ("date", "title", "scenario", "team", "school", "status")
TABS = {"tab-sessions": "Sessions", "tab-compare": "Compare", "tab-followup": "Follow-up", "tab-bad": "Unreadable"}
"""The tabs, in order: the key of each is its number, shown in its label."""
TAB_FOCUS = {"tab-sessions": "#sessions-table", "tab-compare": "#compare-box", "tab-followup": "#actions-table", "tab-bad": "#bad-box"}
"""What has the keys in each tab, so that Up/Down move its cursor or scroll it without a Tab first."""
PAGE = 100
"""Rows added to a table at a time: a DataTable measures every cell it is given, so a district's
10,000 sessions go in a page at a time (the rest follow in the background and as the cursor nears
the end), and the first page shows at once."""
PROGRESS_AFTER = 0.5
"""Seconds of loading before the progress bar shows."""
PROGRESS_EVERY = 0.25
"""Seconds between the progress bar's updates."""
FILL_PAUSE = 0.05
"""Seconds between two background pages: keys are handled in between."""

Row = tuple[Sequence[Any], str]
"""A table row's cells and its key."""
SPARK = "▁▂▃▄▅▆▇█"


TREND_STYLES = {"title": "bold $accent", "header": "bold $primary", "spark": "bold $primary", "up": "bold $success", "down": "bold $error"}
"""The styles of the trend tables, in theme variables (made into colours by :class:`Palette`)."""


class Palette(dict):
    """The trend tables' styles in the colours of a theme: ``Palette(app)``; ``Palette()`` gives
    the styles without colours (bold only), for text that is not shown in a theme."""

    def __init__(self, app: App | None = None) -> None:
        if app is None:
            super().__init__({name: "bold" for name in TREND_STYLES})
        else:
            super().__init__({name: theme_style(app, style) for name, style in TREND_STYLES.items()})


def sparkline(levels: Sequence[float | None], top: int, palette: Palette | None = None) -> Text:
    """One block per session (or term), its height the level; a gap (·) where there is none."""
    palette = palette or Palette()
    text = Text()
    for level in levels:
        if level is None or level <= 0:
            text.append("·", style="dim")
        else:
            index = min(len(SPARK) - 1, round((level / max(top, 1)) * (len(SPARK) - 1)))
            text.append(SPARK[index], style=palette["spark"])
    return text


def _trend_frame(title: str, over: str, latest: str, palette: Palette) -> Table:
    """The table a trend is shown in: criterion, its levels over time, the latest, the change."""
    # the style goes on the title's Text: Rich gives a Text title no title_style of its own
    table = Table(title=literal(title, style=palette["title"]), title_justify="left", expand=True, header_style=palette["header"])
    table.add_column("Criterion", ratio=3)
    table.add_column(over, no_wrap=True)
    table.add_column(latest, ratio=2)
    table.add_column("Change", no_wrap=True, justify="right")
    return table


def trend_table(trend: RubricTrend, palette: Palette | None = None) -> Table:
    palette = palette or Palette()
    table = _trend_frame(trend.rubric_title, "Over time", "Latest", palette)
    top = max(trend.levels or [4])
    for criterion in trend.criteria:
        levels = [point.level for point in criterion.points]
        latest = criterion.latest
        latest_text = "—" if latest is None else f"{latest.level} {latest.label} ({latest.date:%b %d})"
        table.add_row(literal(criterion.title), sparkline(levels, top, palette), literal(latest_text), change_text(criterion.change, palette))
    dates = " · ".join(f"{day:%b %d}" for day, _, _ in trend.sessions)
    table.caption = f"Sessions: {dates}"
    return table


def change_text(change: float | None, palette: Palette | None = None) -> Text:
    palette = palette or Palette()
    if change is None:
        return Text("—", style="dim")
    if change > 0:
        return Text(f"▲ +{change:g}", style=palette["up"])
    if change < 0:
        return Text(f"▼ {change:g}", style=palette["down"])
    return Text("= 0")


def district_table(trend: DistrictTrend, palette: Palette | None = None) -> Table:
    """A district trend: per criterion, the median across schools each term (see ilt_kit.review.trends)."""
    palette = palette or Palette()
    title = f"{trend.rubric_title} · {len(trend.schools)} schools"
    table = _trend_frame(title, "Per term", "Latest term", palette)
    top = max(trend.levels or [4])
    for criterion in trend.criteria:
        latest = criterion.latest
        if latest is None:
            continue
        by_period = {point.period: point.value for point in criterion.points}
        levels = [by_period.get(period) for period in trend.periods]
        latest_text = f"{latest.value:g} ({latest.period.label}, {latest.schools} of {len(trend.schools)} schools)"
        table.add_row(literal(criterion.title), sparkline(levels, top, palette), literal(latest_text), change_text(criterion.change, palette))
    table.caption = "Terms: " + " · ".join(period.label for period in trend.periods) + " · median of each school's latest agreed level"
    return table


def movement_of(entries: list[SessionEntry], schools: list[str], school: str | None) -> list[RubricTrend] | list[DistrictTrend]:
    """What the compare tab shows: one school's trends, or with several schools and none chosen,
    the district's (pooled per term)."""
    if school is not None:
        return trends(filter_entries(entries, school=school))
    return district_trends(entries) if len(schools) > 1 else trends(entries)


class SessionsTable(DataTable):
    """The list of sessions: Enter opens the highlighted one, and the footer says so while the list
    has the keys (a plain table's Enter is not shown)."""

    BINDINGS = [Binding("enter", "select_cursor", "Open", id="review.open-row", tooltip="Open the highlighted session")]


class SessionDetail(Screen):
    """Everything one session recorded, segment by segment."""

    BINDINGS = [Binding("escape,b", "app.pop_screen", "Back", id="detail.back")]

    def __init__(self, entry: SessionEntry) -> None:
        super().__init__()
        self.entry = entry

    def compose(self) -> ComposeResult:
        from ilt_kit.review.detail import detail_md

        yield Static(literal(f"{self.entry.title} · {self.entry.path}"), id="review-title")
        with VerticalScroll(id="detail-box"):
            yield Markdown(detail_md(self.entry))
        yield KeysFooter()

    def on_unmount(self) -> None:
        self.entry.release()  # the list keeps only the light entry


class ReviewScreen(Screen):
    AUTO_FOCUS = TAB_FOCUS["tab-sessions"]
    SCOPED_CSS = False  # rules for ids inside the screen, as written
    DEFAULT_CSS = """
    #review-title {
        height: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        padding: 0 1;
        text-style: bold;
        background: $primary;
        color: $background;
    }

    #progress {
        margin: 1 2;
    }

    #tabs {
        height: 1fr;
    }

    #tabs TabPane, #tabs TabPane > Vertical {
        height: 1fr;
    }

    #sessions-table, #actions-table {
        height: 1fr;
    }

    /* the highlighted row stays plain to see when the keys are elsewhere (the filter, the tab bar) */
    #sessions-table:blur > .datatable--cursor, #actions-table:blur > .datatable--cursor {
        background: $accent 50%;
        color: $foreground;
        text-style: bold;
    }

    #sessions-status, #actions-status {
        height: auto;
        color: $foreground 70%;
        padding: 0 1;
    }

    #detail-box {
        padding: 0 2;
    }
    """
    """The review list's and a session's detail (opened from it) layout."""
    BINDINGS = [
        Binding("enter", "open", "Open", id="review.open", tooltip="Open the highlighted session"),
        Binding("slash", "filter", "Filter", id="review.filter", key_display="/", tooltip="Type words to filter the list"),
        Binding("o", "sort", "Sort", id="review.sort", tooltip="Sort by date, title, scenario, team or status"),
        Binding("f", "finished", "Finished?", id="review.finished", tooltip="Show all, finished only, or in progress only"),
        Binding("s", "school", "School", id="review.school", tooltip="Show every school, or one school after another"),
        Binding("x", "toggle_done", "Done", id="review.done", tooltip="Mark the highlighted action done (again: open)"),
        Binding("escape", "back", "Back", id="review.back"),
        *(
            Binding(str(number), f"tab('{tab}')", f"{title} tab", show=False, id=f"review.tab-{number}", tooltip=f"Show the {title} tab")
            for number, (tab, title) in enumerate(TABS.items(), start=1)
        ),
    ]

    def __init__(
        self,
        folders: Path | Sequence[Path],
        *,
        use_index: bool = True,
        index_path: Path | None = None,
        school: str | None = None,
    ) -> None:
        super().__init__()
        self.folders = [Path(folders)] if isinstance(folders, (str, Path)) else [Path(f) for f in folders]
        self.folder = self.folders[0]
        self.use_index = use_index
        self.index_path = index_path
        self.result: ScanResult | None = None
        self.shown: list[SessionEntry] = []
        self.actions: list[OpenAction] = []
        self.sort_by = "date"
        self.finished_filter: bool | None = None
        self.schools: list[str] = []
        self.school_filter: str | None = school
        self._fills: dict[str, tuple[Sequence[Any], Callable[[Any], Row]]] = {}
        self._trends: list[RubricTrend] | list[DistrictTrend] | None = None
        """What the compare tab shows (drawn again in a new theme's colours)."""
        self._sessions_width: int | None = None
        """The width the sessions table's columns were last fitted to."""
        self._tab = "tab-sessions"
        """The tab shown (the first as the screen opens, with its table focused: see AUTO_FOCUS)."""

    @property
    def ilt(self) -> IltApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(literal(f"Review · {', '.join(str(f) for f in self.folders)}"), id="review-title")
        yield ProgressBar(id="progress", show_eta=False)
        label = {tab: f"{number} {title}" for number, (tab, title) in enumerate(TABS.items(), start=1)}
        with TabbedContent(id="tabs"):
            with TabPane(label["tab-sessions"], id="tab-sessions"):
                with Vertical():
                    yield Input(placeholder="Filter: words in the title, scenario or team (Enter to apply)", id="filter")
                    yield SessionsTable(id="sessions-table", cursor_type="row", zebra_stripes=True)
                    yield Static("Reading the session files…", id="sessions-status")
            with TabPane(label["tab-compare"], id="tab-compare"):
                with VerticalScroll(id="compare-box"):
                    yield Static(id="compare")
            with TabPane(label["tab-followup"], id="tab-followup"):
                with Vertical():
                    yield DataTable(id="actions-table", cursor_type="row", zebra_stripes=True)
                    yield Static(id="actions-status")
            with TabPane(label["tab-bad"], id="tab-bad"):
                with VerticalScroll(id="bad-box"):
                    yield Static(id="bad")
        yield KeysFooter()

    def on_mount(self) -> None:
        actions = self.query_one("#actions-table", DataTable)
        for label, key in (("Due", "due"), ("Status", "status"), ("Owner", "owner"), ("What", "what"), ("Session", "session")):
            actions.add_column(label, key=key)
        self.query_one("#filter", Input).display = False
        self.query_one("#progress", ProgressBar).display = False  # until loading has taken a while
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._theme_changed())
        self.load()

    def _theme_changed(self) -> None:
        """Rich text holds colours, not theme variables: what has them is drawn again."""
        if self.result is None:
            return
        self.refresh_sessions()
        if self._trends is not None:
            self.show_compare(self._trends)
        self.refresh_actions(self.actions)

    # -- loading ----------------------------------------------------------------------------
    @work(thread=True, exclusive=True)
    def load(self) -> None:
        bar = self.query_one("#progress", ProgressBar)
        # the bar shows only when loading takes a while (a district read from the index does not):
        # each update waits for the screen's thread and draws again, a few a second are enough
        shown = [time.monotonic() + PROGRESS_AFTER - PROGRESS_EVERY]

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if now - shown[0] >= PROGRESS_EVERY and done < total:
                shown[0] = now
                self.app.call_from_thread(self._progress, bar, done, total)

        index = None
        if self.use_index:
            from ilt_kit.review.index import open_index

            index = open_index(self.index_path)
        try:
            if len(self.folders) == 1:
                result = scan(self.folder, progress, index=index)
            else:
                result = scan_paths(self.folders, progress, index=index)
        finally:
            if index is not None:
                index.close()
        schools = schools_in(result.entries)
        school = None
        if self.school_filter is not None:  # a school named on the command line, in any case
            wanted = self.school_filter.casefold()
            school = next((s for s in schools if s.casefold() == wanted), None)
        self.app.call_from_thread(self._loaded, result, schools, school)

    @staticmethod
    def _progress(bar: ProgressBar, done: int, total: int) -> None:
        bar.display = True
        bar.update(total=total, progress=done)

    @work(thread=True, group="actions", description="open actions")
    def load_actions(self, entries: list[SessionEntry], school: str | None) -> None:
        """Every session's actions, off the screen's thread: the list shows first, the follow-up tab just after."""
        found = open_actions(entries, self.ilt.wall().date(), include_done=True)
        self.app.call_from_thread(self._actions_loaded, school, found)

    def _actions_loaded(self, school: str | None, found: list[OpenAction]) -> None:
        if school == self.school_filter:  # else a school was chosen meanwhile, and shown
            self.refresh_actions(found)

    @work(thread=True, group="compare", description="trends")  # no description from its 10,000 arguments
    def load_compare(self, entries: list[SessionEntry], schools: list[str], school: str | None) -> None:
        """A district's trends take a while: worked out off the screen's thread, after the list shows."""
        found = movement_of(entries, schools, school)
        self.app.call_from_thread(self._compare_loaded, school, found)

    def _compare_loaded(self, school: str | None, found: list[RubricTrend] | list[DistrictTrend]) -> None:
        if school == self.school_filter:  # else a school was chosen meanwhile, and shown
            self.show_compare(found)

    def _load_tabs(self, result: ScanResult, school: str | None) -> None:
        """Start working out the compare and follow-up tabs of ``result`` (unless the list was
        loaded again meanwhile)."""
        if result is self.result:
            self.load_compare(result.entries, self.schools, school)
            self.load_actions(self._in_school(result.entries), school)

    def _loaded(self, result: ScanResult, schools: list[str], school: str | None) -> None:
        self.result = result
        self.query_one("#progress", ProgressBar).display = False
        self.schools = schools
        if self.school_filter is not None and school is None:
            self.notify("No session of that school here; showing every school.", severity="warning")
        self.school_filter = school
        self.refresh_bindings()
        self.refresh_sessions()
        self.query_one("#compare", Static).update(Text("Working out the trends…", style="dim"))
        # the trends and the actions are worked out once the list is on the screen: their threads
        # would otherwise share the interpreter with the list's first frame
        self.call_after_refresh(self._load_tabs, result, school)
        bad = self.query_one("#bad", Static)
        if result.bad:
            text = Text()
            for item in result.bad:
                text.append(literal(f"{item.path}\n", style="bold"))
                for line in item.lines():
                    text.append(literal(f"  {line}\n", style=theme_style(self.app, "$error")))
            bad.update(text)
        else:
            bad.update(Text("Every file in the folder could be read.", style="dim"))
        if result.missing:
            self.notify(f"{self.folder} does not exist yet: no sessions saved there.", severity="warning")

    # -- sessions ---------------------------------------------------------------------------
    def refresh_sessions(self) -> None:
        if self.result is None:
            return
        text = self.query_one("#filter", Input).value
        kept = filter_entries(self.result.entries, text=text, finished=self.finished_filter, school=self.school_filter)
        self.shown = sort_entries(kept, self.sort_by)
        table = self.query_one("#sessions-table", DataTable)
        table.clear(columns=True)  # columns fit what is shown now, not the widest row ever shown
        # the school comes second, where a long title cannot push it out of sight; with one school
        # chosen the status line names it instead
        school_column = self.several_schools and self.school_filter is None
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
        widths = self._session_columns(
            {key: [visible(text) for text in values] for key, values in seen.items()},
            school_column,
            table.size.width or self.app.size.width,
        )
        labels = {"date": "Date", "school": "School", "title": "Title", "scenario": "Scenario", "team": "Team", "status": "Status"}
        for key, width in widths.items():
            table.add_column(labels[key], key=key, width=width)

        def cells_of(entry: SessionEntry) -> Row:
            cells = []
            for key in widths:
                conflict = key == "status" and entry.conflict_of is not None
                cell = literal(texts[key](entry), style=f"bold {warning}" if conflict else "")
                cell.no_wrap, cell.overflow = True, "ellipsis"  # a long text ends in … inside its column
                cells.append(cell)
            return cells, str(entry.path)

        self._fill(table, self.shown, cells_of)
        self._sessions_width = table.size.width or self.app.size.width
        which = {None: "all", True: "finished", False: "in progress"}[self.finished_filter]
        status_line = f"{len(self.shown)} of {len(self.result.entries)} sessions · {which}"
        if self.several_schools:
            status_line += f" · {self.school_filter or f'all {len(self.schools)} schools'}"
        status_line += f" · sorted by {self.sort_by}"
        conflicts = sum(1 for entry in self.result.entries if entry.conflict_of is not None)
        if conflicts:
            status_line += f" · {conflicts} conflict cop{'y' if conflicts == 1 else 'ies'}"
        if self.result.bad:
            status_line += f" · {len(self.result.bad)} unreadable (see that tab)"
        self.query_one("#sessions-status", Static).update(status_line)

    @staticmethod
    def _session_columns(texts: dict[str, list[str]], school_column: bool, available: int) -> dict[str, int]:
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
        width = self.query_one("#sessions-table", DataTable).size.width or self.app.size.width
        if self.result is not None and width != self._sessions_width:
            self.refresh_sessions()

    def refresh_compare(self) -> None:
        if self.result is None:
            return
        self.show_compare(movement_of(self.result.entries, self.schools, self.school_filter))

    def show_compare(self, found: list[RubricTrend] | list[DistrictTrend]) -> None:
        self._trends = found
        compare = self.query_one("#compare", Static)
        if not found:
            compare.update(Text("No rubric has been used in two or more sessions here yet.", style="dim"))
            return
        from rich.console import Group

        parts: list[Table | Text] = []
        if self.several_schools:
            where = self.school_filter or f"across the district ({len(self.schools)} schools; s: one school)"
            parts.append(Text(f"Movement {'at ' if self.school_filter else ''}{where}", style="bold"))
        palette = Palette(self.app)
        tables = [district_table(t, palette) if isinstance(t, DistrictTrend) else trend_table(t, palette) for t in found]
        compare.update(Group(*parts, *tables))

    @property
    def several_schools(self) -> bool:
        return len(self.schools) > 1

    def _in_school(self, entries: list[SessionEntry]) -> list[SessionEntry]:
        return entries if self.school_filter is None else filter_entries(entries, school=self.school_filter)

    def refresh_actions(self, found: list[OpenAction] | None = None) -> None:
        """The follow-up tab (``found``: its actions, when already worked out for today)."""
        if self.result is None:
            return
        today = self.ilt.wall().date()
        self.actions = found if found is not None else open_actions(self._in_school(self.result.entries), today, include_done=True)
        table = self.query_one("#actions-table", DataTable)
        table.clear()
        overdue = sum(1 for item in self.actions if item.status != "done" and item.overdue(today))
        late = theme_style(self.app, "bold $warning")

        def row(item: OpenAction) -> Row:
            if item.status == "done":
                status = Text("✓ done", style="dim")
            elif item.overdue(today):
                status = Text(f"⚠ {item.days_overdue(today)} days late", style=late)
            else:
                status = Text("○ open")
            cells = [
                item.due.isoformat() if item.due else "—",
                status,
                literal(item.owner or "—"),
                literal(item.what),
                literal(f"{item.session_date} {item.session_title}"),
            ]
            return cells, f"{item.path}#{item.segment_id}#{item.id}"

        self._fill(table, self.actions, row)
        open_count = sum(1 for item in self.actions if item.status == "open")
        self.query_one("#actions-status", Static).update(f"{open_count} open, {overdue} overdue · x marks done (writes the file)")

    # -- filling tables a page at a time ----------------------------------------------------
    def _fill(self, table: DataTable, items: Sequence[Any], row: Callable[[Any], Row]) -> None:
        """Show ``items`` in ``table`` (already cleared): the first page now, the rest page by page."""
        assert table.id is not None
        self._fills[table.id] = (items, row)
        self._fill_page(table, items)

    def _fill_page(self, table: DataTable, items: Sequence[Any], chained: bool = True) -> None:
        assert table.id is not None
        current, row = self._fills.get(table.id, ((), None))
        if current is not items or row is None:  # the table was refilled meanwhile
            return
        start = table.row_count
        for item in items[start : start + PAGE]:
            cells, key = row(item)
            table.add_row(*cells, key=key)
        if chained and table.row_count < len(items):
            self.set_timer(FILL_PAUSE, lambda: self._fill_page(table, items))

    @on(DataTable.RowHighlighted)
    def _near_the_end(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if table.id in self._fills and event.cursor_row >= table.row_count - PAGE // 4:
            self._fill_page(table, self._fills[table.id][0], chained=False)  # the cursor does not wait for the timer

    # -- keys -------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        tab = self.query_one("#tabs", TabbedContent).active
        if action == "school":
            return self.several_schools
        if action in ("open", "filter", "sort", "finished"):
            return tab == "tab-sessions"
        if action == "toggle_done":
            return tab == "tab-followup"
        return True

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id or "tab-sessions"
        if tab == self._tab:  # the first tab, shown as the screen opens: nothing changed
            return
        self._tab = tab
        self.refresh_bindings()  # each redraws the footer: a district's list shows sooner without them
        if not self.query_one("#filter", Input).has_focus:
            self.query_one(TAB_FOCUS[tab]).focus()

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_open(self) -> None:
        table = self.query_one("#sessions-table", DataTable)
        if self.shown and 0 <= table.cursor_row < len(self.shown):
            entry = self.shown[table.cursor_row]
            try:
                entry.record  # the full record is read now, from the file as it is
            except (FileProblems, OSError) as error:
                self.notify(f"Could not open {entry.path}: {error}", severity="error", timeout=10)
                return
            self.app.push_screen(SessionDetail(entry))

    @on(DataTable.RowSelected, "#sessions-table")
    def _row_selected(self) -> None:
        self.action_open()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Submitted, "#filter")
    @on(Input.Changed, "#filter")
    def _filter_changed(self) -> None:
        self.refresh_sessions()

    def action_sort(self) -> None:
        self.sort_by = SORTS[(SORTS.index(self.sort_by) + 1) % len(SORTS)]
        self.refresh_sessions()

    def action_finished(self) -> None:
        order = [None, True, False]
        self.finished_filter = order[(order.index(self.finished_filter) + 1) % 3]
        self.refresh_sessions()

    def action_school(self) -> None:
        order: list[str | None] = [None, *self.schools]
        self.school_filter = order[(order.index(self.school_filter) + 1) % len(order)]
        self.refresh_sessions()
        self.refresh_compare()
        self.refresh_actions()

    def action_toggle_done(self) -> None:
        table = self.query_one("#actions-table", DataTable)
        if not self.actions or not 0 <= table.cursor_row < len(self.actions):
            return
        item = self.actions[table.cursor_row]
        try:
            if item.status == "open":
                mark_done(item.path, item.segment_id, item.id, self.ilt.wall().date())
            else:
                mark_open(item.path, item.segment_id, item.id)
        except (FollowUpError, FileProblems, OSError) as error:  # e.g. the file changed or broke meanwhile
            self.notify(f"Could not update {item.path}: {error}", severity="error", timeout=10)
            return
        # reload just that file, keep the cursor where it was
        assert self.result is not None
        fresh = load_entry(item.path)
        entries = []
        for entry in self.result.entries:
            if entry.path != item.path:
                entries.append(entry)
            elif isinstance(fresh, SessionEntry):  # still the same place among copies and conflicts
                entries.append(replace(fresh, conflict_of=entry.conflict_of, copies=entry.copies))
        self.result.entries = entries
        row = table.cursor_row
        self.refresh_actions()
        self.refresh_compare()
        table.move_cursor(row=row)
        self.notify(f"Saved to {item.path.name}")

    def action_back(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus:
            box.display = bool(box.value)
            self.query_one("#sessions-table", DataTable).focus()
            return
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
