"""Review: browse saved sessions, open one, compare a rubric over time, follow up open actions and
see how the team's goals stand.

The screen loads the sessions in a worker thread, with progress shown, and holds the tabs: one pane
each (:mod:`ilt_kit.tui.review`), owning its keys, given the sessions and the school chosen. Files
that cannot be read are listed with the reason and never stop the review. All rules (what a trend
is, which actions are overdue, how an action is marked done) live in ``ilt_kit.review``.
"""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown, ProgressBar, Static, TabbedContent, TabPane, Tabs

from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.review.entry import SessionEntry
from ilt_kit.review.order import schools_in
from ilt_kit.review.scan import ScanResult, scan, scan_paths
from ilt_kit.tui.review.compare_pane import ComparePane
from ilt_kit.tui.review.followup_pane import FollowUpPane
from ilt_kit.tui.review.goals_pane import GoalsPane
from ilt_kit.tui.review.sessions_pane import SessionsPane
from ilt_kit.tui.review.unreadable_pane import UnreadablePane
from ilt_kit.tui.screens.breakpoints import SizedFromTheStart
from ilt_kit.tui.widgets.keys import KeysFooter
from ilt_kit.tui.widgets.text import literal

if TYPE_CHECKING:
    from ilt_kit.review.followup import OpenAction

TABS = {
    "tab-sessions": "Sessions", "tab-compare": "Compare", "tab-followup": "Follow-up", "tab-goals": "Goals",
    "tab-bad": "Unreadable",
}
"""The tabs, in order: the key of each is its number, shown in its label."""
TAB_FOCUS = {
    "tab-sessions": "#sessions-table", "tab-compare": "#compare-box", "tab-followup": "#actions-table",
    "tab-goals": "#goals-box", "tab-bad": "#bad-box",
}
"""What has the keys in each tab, so that Up/Down move its cursor or scroll it without a Tab first."""
PROGRESS_AFTER = 0.5
"""Seconds of loading before the progress bar shows."""
PROGRESS_EVERY = 0.25
"""Seconds between the progress bar's updates."""


class SessionDetail(SizedFromTheStart, Screen):
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


class ReviewScreen(SizedFromTheStart, Screen):
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

    #detail-box {
        padding: 0 2;
    }
    """
    """The review's frame (the tabs' own rules are the panes') and a session's detail (opened from it)."""
    BINDINGS = [
        Binding("s", "school", "School", id="review.school", tooltip="Show every school, or one school after another"),
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
        self.schools: list[str] = []
        self.school_filter: str | None = school
        self._tab = "tab-sessions"
        """The tab shown (the first as the screen opens, with its table focused: see AUTO_FOCUS)."""

    def compose(self) -> ComposeResult:
        yield Static(literal(f"Review · {', '.join(str(f) for f in self.folders)}"), id="review-title")
        yield ProgressBar(id="progress", show_eta=False)
        label = {tab: f"{number} {title}" for number, (tab, title) in enumerate(TABS.items(), start=1)}
        with TabbedContent(id="tabs"):
            with TabPane(label["tab-sessions"], id="tab-sessions"):
                yield SessionsPane(id="sessions-pane")
            with TabPane(label["tab-compare"], id="tab-compare"):
                yield ComparePane(id="compare-box")
            with TabPane(label["tab-followup"], id="tab-followup"):
                yield FollowUpPane(id="followup-pane")
            with TabPane(label["tab-goals"], id="tab-goals"):
                yield GoalsPane(id="goals-box")
            with TabPane(label["tab-bad"], id="tab-bad"):
                yield UnreadablePane(id="bad-box")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#progress", ProgressBar).display = False  # until loading has taken a while
        # the tabs are switched by their digits (or a click): Tab never parks the focus on the tab
        # bar, where the shown tab's own keys would do nothing
        self.query_one("#tabs", TabbedContent).query_one(Tabs).can_focus = False
        self.load()

    @property
    def sessions(self) -> SessionsPane:
        return self.query_one(SessionsPane)

    @property
    def compare(self) -> ComparePane:
        return self.query_one(ComparePane)

    @property
    def followup(self) -> FollowUpPane:
        return self.query_one(FollowUpPane)

    @property
    def goals(self) -> GoalsPane:
        return self.query_one(GoalsPane)

    @property
    def shown(self) -> list[SessionEntry]:
        """The sessions in the list, in its order."""
        return self.sessions.shown

    @property
    def actions(self) -> list[OpenAction]:
        """The actions in the follow-up tab, in its order."""
        return self.followup.actions

    @property
    def several_schools(self) -> bool:
        return len(self.schools) > 1

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

    def _load_tabs(self, result: ScanResult, school: str | None) -> None:
        """Start working out the compare and follow-up tabs of ``result`` (unless the list was
        loaded again meanwhile)."""
        if result is self.result:
            self.compare.load(result.entries, school)
            self.followup.load(result.entries, school)
            self.goals.load(result.entries, school)

    def _loaded(self, result: ScanResult, schools: list[str], school: str | None) -> None:
        self.result = result
        self.query_one("#progress", ProgressBar).display = False
        self.schools = schools
        if self.school_filter is not None and school is None:
            self.notify("No session of that school here; showing every school.", severity="warning")
        self.school_filter = school
        self.refresh_bindings()
        self.sessions.show(result, schools, school)
        self.compare.working(schools, school)
        self.followup.school = school
        self.goals.working(self.folders, schools, school)
        # the trends and the actions are worked out once the list is on the screen: their threads
        # would otherwise share the interpreter with the list's first frame
        self.call_after_refresh(self._load_tabs, result, school)
        self.query_one(UnreadablePane).show(result.bad)
        if result.missing:
            self.notify(f"{self.folder} does not exist yet: no sessions saved there.", severity="warning")

    # -- what the panes announce ------------------------------------------------------------
    @on(SessionsPane.Opened)
    def _open(self, event: SessionsPane.Opened) -> None:
        entry = event.entry
        try:
            entry.record  # the full record is read now, from the file as it is
        except (FileProblems, OSError) as error:
            self.notify(f"Could not open {entry.path}: {error}", severity="error", timeout=10)
            return
        self.app.push_screen(SessionDetail(entry))

    @on(FollowUpPane.Saved)
    def _action_saved(self, event: FollowUpPane.Saved) -> None:
        """An action was marked in its file: that session as it is now, in its place among copies
        and conflicts, in the follow-up and compare tabs."""
        assert self.result is not None
        fresh = event.entry
        entries = []
        for entry in self.result.entries:
            if entry.path != event.path:
                entries.append(entry)
            elif isinstance(fresh, SessionEntry):  # still the same place among copies and conflicts
                entries.append(replace(fresh, conflict_of=entry.conflict_of, copies=entry.copies))
        self.result.entries = entries
        self.followup.show_school(entries, self.school_filter, keep_row=True)
        self.compare.show_school(entries, self.school_filter)
        self.goals.show_school(entries, self.school_filter)

    # -- keys -------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "school":
            return self.several_schools
        return True

    @on(TabbedContent.TabActivated)
    def _tab_changed(self, event: TabbedContent.TabActivated) -> None:
        tab = event.pane.id or "tab-sessions"
        if tab == self._tab:  # the first tab, shown as the screen opens: nothing changed
            return
        self._tab = tab
        self.refresh_bindings()  # each redraws the footer: a district's list shows sooner without them
        if not self.sessions.filtering:
            self.query_one(TAB_FOCUS[tab]).focus()

    def action_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def action_school(self) -> None:
        order: list[str | None] = [None, *self.schools]
        self.school_filter = order[(order.index(self.school_filter) + 1) % len(order)]
        if self.result is None:
            return
        self.sessions.show_school(self.school_filter)
        self.compare.show_school(self.result.entries, self.school_filter)
        self.followup.show_school(self.result.entries, self.school_filter)
        self.goals.show_school(self.result.entries, self.school_filter)

    def action_back(self) -> None:
        if self.sessions.close_filter():
            return
        if len(self.app.screen_stack) > 1:  # opened from the home screen (else it is the first screen)
            self.app.pop_screen()
