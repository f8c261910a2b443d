"""The review's follow-up tab: every action of the sessions shown, as the latest follow-up of each
left it (carried over: due by its new date; done or dropped there: no longer open), overdue first,
with its evidence of impact; ``x`` marks one done in the session that planned it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.review.entry import BadEntry, SessionEntry
from ilt_kit.review.followup import FollowUpError, OpenAction, mark_done, mark_open, open_actions
from ilt_kit.review.order import filter_entries
from ilt_kit.review.scan import load_entry
from ilt_kit.tui.review.paging import PagedTable, Row
from ilt_kit.tui.widgets.text import literal, say, theme_style

if TYPE_CHECKING:
    from ilt_kit.tui.app import IltApp

COLUMNS = (("Due", "due"), ("Status", "status"), ("Owner", "owner"), ("What", "what"), ("Session", "session"))


IMPACT_WIDTH = 60
"""Characters of an impact sentence shown beside its action (all of it under the table)."""


def _short(text: str) -> str:
    return text if len(text) <= IMPACT_WIDTH else text[: IMPACT_WIDTH - 1].rstrip() + "…"


class FollowUpPane(Vertical):
    """The actions table and a status line (how many are open, how many overdue)."""

    DEFAULT_CSS = """
    FollowUpPane #actions-table {
        height: 1fr;
    }

    /* the highlighted row stays plain to see when the keys are elsewhere (the tab bar) */
    FollowUpPane #actions-table:blur > .datatable--cursor {
        background: $accent 50%;
        color: $foreground;
        text-style: bold;
    }

    FollowUpPane #actions-status, FollowUpPane #actions-note {
        height: auto;
        color: $foreground 70%;
        padding: 0 1;
    }
    """

    BINDINGS = [Binding("x", "toggle_done", "Done", id="review.done", tooltip="Mark the highlighted action done (again: open)")]

    class Saved(Message):
        """An action was marked done (or open again) in its session's file: ``entry`` is that file
        read again (a :class:`BadEntry` if it no longer reads)."""

        def __init__(self, path: Path, entry: SessionEntry | BadEntry) -> None:
            super().__init__()
            self.path = path
            self.entry = entry

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.school: str | None = None
        self.actions: list[OpenAction] = []
        """The actions in the table, in its order."""
        self._shown = False

    @property
    def ilt(self) -> IltApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield PagedTable(id="actions-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="actions-status")
        yield Static(id="actions-note")

    def on_mount(self) -> None:
        table = self.table
        for label, key in COLUMNS:
            table.add_column(label, key=key)
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._theme_changed())

    def _theme_changed(self) -> None:
        """Rich text holds colours, not theme variables: the table is drawn again."""
        if self._shown:
            self.show_actions(self.actions)

    @property
    def table(self) -> PagedTable:
        return self.query_one("#actions-table", PagedTable)

    @work(thread=True, group="actions", description="open actions")
    def load(self, entries: list[SessionEntry], school: str | None) -> None:
        """Every action of ``entries`` at ``school``, off the screen's thread: the list shows first,
        the follow-up tab just after."""
        kept = entries if school is None else filter_entries(entries, school=school)
        found = open_actions(kept, self.ilt.wall().date(), include_done=True)
        self.app.call_from_thread(self._loaded, school, found)

    def _loaded(self, school: str | None, found: list[OpenAction]) -> None:
        if school == self.school:  # else a school was chosen meanwhile, and shown
            self.show_actions(found)

    def show_school(self, entries: list[SessionEntry], school: str | None, keep_row: bool = False) -> None:
        """The actions of ``school`` (None: every school) among ``entries``, worked out now;
        ``keep_row``: the cursor stays on the row it was on."""
        self.school = school
        row = self.table.cursor_row
        kept = entries if school is None else filter_entries(entries, school=school)
        self.show_actions(open_actions(kept, self.ilt.wall().date(), include_done=True))
        if keep_row:
            self.table.move_cursor(row=row)

    def show_actions(self, found: list[OpenAction]) -> None:
        self.actions, self._shown = found, True
        today = self.ilt.wall().date()
        table = self.table
        table.clear()
        overdue = sum(1 for item in found if item.status != "done" and item.overdue(today))
        late = theme_style(self.app, "bold $warning")

        def row(item: OpenAction) -> Row:
            if item.status in ("done", "dropped"):
                status = Text("✓ done" if item.status == "done" else "– dropped", style="dim")
            elif item.overdue(today):
                status = Text(f"⚠ {item.days_overdue(today)} days late" + (" ↻" if item.carried else ""), style=late)
            else:
                status = Text("↻ carried" if item.carried else "○ open")
            what = literal(item.what)
            if item.impact:
                what.append_text(literal(f" · impact: {_short(item.impact)}", style="italic dim"))
            cells = [
                item.due.isoformat() if item.due else "—",
                status,
                literal(item.owner or "—"),
                what,
                literal(f"{item.session_date} {item.session_title}"),
            ]
            return cells, f"{item.path}#{item.segment_id}#{item.id}"

        table.fill(found, row)
        open_count = sum(1 for item in found if item.status == "open")
        self.query_one("#actions-status", Static).update(f"{open_count} open, {overdue} overdue · x marks done (writes the file)")
        self._show_note()

    def on_data_table_row_highlighted(self, _event: PagedTable.RowHighlighted) -> None:
        self._show_note()

    def _show_note(self) -> None:
        """What the latest follow-up said of the highlighted action, whole, under the table."""
        row = self.table.cursor_row
        item = self.actions[row] if 0 <= row < len(self.actions) else None
        note = item.note if item is not None else None
        text = Text()
        if note is not None and item is not None:
            said = {"carried": f"carried over to {note.new_due}", "dropped": f"dropped: {note.reason}"}.get(note.status, note.status)
            if note.status != "open":
                text.append_text(literal(f"Follow-up of {note.on}: {said}", style="bold"))
            if note.impact:
                text.append_text(literal(f"{chr(10) if text else ''}Impact: {note.impact}", style="italic"))
        say(self.query_one("#actions-note", Static), text)  # the same note (most rows have none): nothing laid out again

    def action_toggle_done(self) -> None:
        row = self.table.cursor_row
        if not self.actions or not 0 <= row < len(self.actions):
            return
        item = self.actions[row]
        if item.settled_in_follow_up:  # its session still says open: the follow-up is where it changes
            self.notify(f"{item.status.capitalize()} in the follow-up of {item.done_on}; change it there", timeout=6)
            return
        try:
            if item.status == "open":
                mark_done(item.path, item.segment_id, item.id, self.ilt.wall().date())
            else:
                mark_open(item.path, item.segment_id, item.id)
        except (FollowUpError, FileProblems, OSError) as error:  # e.g. the file changed or broke meanwhile
            self.notify(f"Could not update {item.path}: {error}", severity="error", timeout=10)
            return
        self.post_message(self.Saved(item.path, load_entry(item.path)))  # just that file, read again
        self.notify(f"Saved to {item.path.name}")
