"""Small modal dialogs: confirm, quit with unsaved changes, type a text, agree a level, plan an action."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, OptionList, Static, TextArea

from ilt_kit.tui.screens.breakpoints import SizedFromTheStart
from ilt_kit.tui.widgets.text import literal


class Confirm(SizedFromTheStart, ModalScreen[bool]):
    """Ask a yes/no question. y / Enter answers yes, n / Escape no."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.question), classes="dialog-title")
            if self.detail:
                yield Static(literal(self.detail), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", id="yes", variant="primary")
                yield Button("No (n)", id="no")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


def quit_question(path: Path | str, finished: bool) -> Confirm:
    """Ask before quitting a session whose every change is saved: where it is, and what comes next
    (a finished session is reviewed, not continued)."""
    if finished:
        detail = f"The session is finished and saved in {path}.\nSee it later with: ilt-kit review {Path(path).parent}"
    else:
        detail = f"Everything is saved in {path}.\nContinue later with: ilt-kit resume {path}"
    return Confirm("Quit ilt-kit?", detail)


class UnsavedQuit(SizedFromTheStart, ModalScreen["str | Path | None"]):
    """Quit while the session file cannot be written. s (or Enter in the path) writes a copy to the
    path shown, y quits without it, n / Escape stays. Answers the path, "quit", or None."""

    BINDINGS = [
        Binding("s", "save", "Save a copy", id="unsaved.save"),
        Binding("y", "quit", "Quit without saving", id="unsaved.quit"),
        Binding("n,escape", "stay", "Stay", id="unsaved.stay"),
    ]

    def __init__(self, path: Path, reason: str, elsewhere: Path) -> None:
        super().__init__()
        self.path = path
        self.reason = reason
        self.elsewhere = elsewhere

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Quit? The last changes are not saved", classes="dialog-title")
            yield Static(
                literal(
                    f"{self.path} cannot be written ({self.reason}). The last changes are on screen, not in"
                    " that file. Write the whole session to another file:"
                ),
                classes="dialog-detail",
            )
            yield Input(str(self.elsewhere), id="elsewhere")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save a copy (s)", id="save", variant="primary")
                yield Button("Quit without (y)", id="quit", variant="error")
                yield Button("Stay (n)", id="stay")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    def action_save(self) -> None:
        value = self.query_one("#elsewhere", Input).value.strip()
        if value:
            self.dismiss(Path(value).expanduser())

    def action_quit(self) -> None:
        self.dismiss("quit")

    def action_stay(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        {"save": self.action_save, "quit": self.action_quit, "stay": self.action_stay}[event.button.id or "stay"]()


class TextPrompt(SizedFromTheStart, ModalScreen[str | None]):
    """Type a line (Enter saves) or a longer text (ctrl+s saves). Escape cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
        Binding("ctrl+s", "save", "Save", id="prompt.save"),
        Binding("down", "choose", "Choose", show=False, id="prompt.choose"),
    ]

    def __init__(self, title: str, value: str = "", *, multiline: bool = False, placeholder: str = "", suggestions: list[str] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.multiline = multiline
        self.placeholder = placeholder
        self.suggestions = suggestions or []
        """Answers to choose from (a line only): listed, and completed while typing (right arrow takes one)."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(literal(self.title_text), classes="dialog-title")
            if self.multiline:
                area = TextArea(self.value, id="text", soft_wrap=True, show_line_numbers=False)
                yield area
                yield Static("ctrl+s save · Escape cancel", classes="dialog-detail")
            else:
                suggester = SuggestFromList(self.suggestions, case_sensitive=False) if self.suggestions else None
                yield Input(self.value, placeholder=self.placeholder, id="text", suggester=suggester)
                if self.suggestions:
                    yield OptionList(*(literal(choice) for choice in self.suggestions), id="choices")
                    yield Static("Type or ↓ choose · Enter save · Escape cancel", classes="dialog-detail")
                else:
                    yield Static("Enter save · Escape cancel", classes="dialog-detail")

    def on_mount(self) -> None:
        self.query_one("#text").focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        widget = self.query_one("#text")
        self.dismiss(widget.text if isinstance(widget, TextArea) else widget.value)  # type: ignore[union-attr]

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    @on(OptionList.OptionSelected, "#choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.suggestions[event.option_index])

    def action_choose(self) -> None:
        choices = self.query("#choices")
        if choices:
            choices.first().focus()


class AgreeDialog(SizedFromTheStart, ModalScreen[tuple[int, str] | None]):
    """Record the agreed level and its evidence."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="agree.cancel"), Binding("ctrl+s", "save", "Save", id="agree.save")]

    def __init__(self, criterion: str, levels: list[tuple[int, str]], level: int | None, evidence: str) -> None:
        super().__init__()
        self.criterion = criterion
        self.levels = levels
        self.level = level
        self.evidence = evidence

    def compose(self) -> ComposeResult:
        choices = "   ".join(f"{value} {label}" for value, label in self.levels)
        with Vertical(classes="dialog"):
            yield Label(literal(f"Agreed level — {self.criterion}"), classes="dialog-title")
            yield Static(literal(choices), classes="dialog-detail")
            yield Input("" if self.level is None else str(self.level), placeholder="level", id="level", type="integer")
            yield Label("Evidence (what we saw that supports this level)")
            yield TextArea(self.evidence, id="evidence", soft_wrap=True)
            yield Static("ctrl+s save · Escape cancel", classes="dialog-detail")
            yield Static("", id="error", classes="dialog-error")

    def on_mount(self) -> None:
        self.query_one("#level", Input).focus()

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.query_one("#evidence", TextArea).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        raw = self.query_one("#level", Input).value.strip()
        values = [value for value, _ in self.levels]
        if not raw.isdigit() or int(raw) not in values:
            self.query_one("#error", Static).update(f"Type one of {', '.join(map(str, values))} as the level.")
            return
        self.dismiss((int(raw), self.query_one("#evidence", TextArea).text))


class ActionForm(SizedFromTheStart, ModalScreen[dict | None]):
    """Plan or edit an action: what, owner, due date, link."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="action.cancel"), Binding("ctrl+s", "save", "Save", id="action.save")]

    def __init__(self, what: str = "", owner: str = "", due: date | None = None, link: str = "", owners: list[str] | None = None) -> None:
        super().__init__()
        self.values = (what, owner, due.isoformat() if due else "", link)
        self.owners = owners or []

    def compose(self) -> ComposeResult:
        what, owner, due, link = self.values
        with Vertical(classes="dialog"):
            yield Label("Action", classes="dialog-title")
            yield Input(what, placeholder="What will be done?", id="what")
            yield Input(owner, placeholder=f"Owner (e.g. {', '.join(self.owners[:3])})", id="owner")
            yield Input(due, placeholder="Due date YYYY-MM-DD (optional)", id="due")
            yield Input(link, placeholder="Follows from (criterion, idea; optional)", id="link")
            yield Static("Enter next field · ctrl+s save · Escape cancel", classes="dialog-detail")
            yield Static("", id="error", classes="dialog-error")

    def on_mount(self) -> None:
        self.query_one("#what", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        order = ["what", "owner", "due", "link"]
        index = order.index(event.input.id or "what")
        if index == len(order) - 1:
            self.action_save()
        else:
            self.query_one(f"#{order[index + 1]}", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:
        get = lambda name: self.query_one(f"#{name}", Input).value.strip()  # noqa: E731
        if not get("what"):
            self.query_one("#error", Static).update("Say what will be done.")
            return
        due = None
        if get("due"):
            try:
                due = date.fromisoformat(get("due"))
            except ValueError:
                self.query_one("#error", Static).update("Write the due date as YYYY-MM-DD, e.g. 2026-12-15.")
                return
        self.dismiss({"what": get("what"), "owner": get("owner"), "due": due, "link": get("link")})
