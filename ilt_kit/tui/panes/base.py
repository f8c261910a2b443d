"""What every run-screen pane shares: the session, engine calls that announce the change, dialogs.

A pane shows one kind of segment (see :data:`ilt_kit.content.kinds.KINDS`, ``pane``) and owns the
keys that make sense there. Every engine call goes through :meth:`Pane.engine`: a refusal is shown
as a notification; a change posts :class:`SessionChanged` to the run screen, which redraws its
header and agenda and asks the pane to :meth:`~Pane.show` the session again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, TypeVar

from rich.console import RenderableType

from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ilt_kit.content.kinds import KINDS
from ilt_kit.session.engine import DomainError
from ilt_kit.tui.widgets.keys import KeyGroup

if TYPE_CHECKING:
    from ilt_kit.session.engine import Session
    from ilt_kit.store.results.base import SegmentBase
    from ilt_kit.tui.app import IltApp


Own = TypeVar("Own", bound="SegmentBase")


class SessionChanged(Message):
    """The session changed: an engine call, a phone's answer, a change made by another program."""


SCORE_KEYS = KeyGroup("Enter a level for the selected member (0 = no evidence); in a tally, the count", keys="0-9")
"""The rubric and survey pane's digits."""
RATE_KEYS = KeyGroup("Rate the selected item: likelihood, then impact", keys="1-5")
"""The forecast pane's digits."""


def key(
    key: str, action: str, description: str, tooltip: str = "", *, show: bool = True, key_display: str | None = None,
    bid: str | None = None, priority: bool = False, group: Binding.Group | None = None,
) -> Binding:
    """A pane's binding, with an id (for keymaps) and a tooltip (for help and the command palette);
    ``group``: one of several keys that the help shows as one (see :class:`KeyGroup`)."""
    return Binding(
        key, action, description, show=show, key_display=key_display,
        id=f"run.{bid or action.split('(')[0]}", tooltip=tooltip or description, priority=priority, group=group,
    )


class EngineCalls:
    """Engine calls and the dialogs that lead to them, for the run screen and its panes: a refusal
    is shown as a notification (the call answers False), a change is announced by :meth:`changed`."""

    def changed(self) -> None:
        raise NotImplementedError

    def engine(self, fn: Callable[..., object], *args: object, **kwargs: object) -> bool:
        """Run one engine call and announce the change; a refusal is shown instead (False)."""
        try:
            fn(*args, **kwargs)
        except DomainError as error:
            self.notify(str(error), severity="warning", timeout=4)  # type: ignore[attr-defined]
            return False
        self.changed()
        return True

    def prompt(self, title: str, value: str, save: Callable[[str], object], *, multiline: bool = False, suggestions: list[str] | None = None) -> None:
        """Ask for a text; ``save`` it through the engine."""
        from ilt_kit.tui.screens.dialogs import TextPrompt

        def done(text: str | None) -> None:
            if text is not None:
                self.engine(save, text)

        self.app.push_screen(TextPrompt(title, value, multiline=multiline, suggestions=suggestions), done)  # type: ignore[attr-defined]

    def confirm(self, question: str, detail: str, then: Callable[[], object]) -> None:
        """Ask yes or no; on yes, ``then`` runs through the engine."""
        from ilt_kit.tui.screens.dialogs import Confirm

        def done(yes: bool | None) -> None:
            if yes:
                self.engine(then)

        self.app.push_screen(Confirm(question, detail), done)  # type: ignore[attr-defined]


class Pane(EngineCalls, Vertical, can_focus=True):
    """The body of the run screen for one kind of segment."""

    SCOPED_CSS = False
    """A pane's CSS names the screen's width classes (``.-narrow PaneName …``): not scoped to the pane."""

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)  # type: ignore[arg-type]
        cls.SCOPED_CSS = False  # Textual reads it from each class's own namespace

    DEFAULT_CSS = """
    Pane {
        height: 1fr;
    }
    """

    KEYS_AT_ONCE = False
    """The app acts on the pane's keys as it gets them, while the pane holds the focus itself (see
    ``IltApp.on_event``): for a pane with no text input that keys could be meant for."""

    entered = False
    """Whether the run screen has entered the pane for a segment yet: a pane mounted when its first
    segment begins is entered once its widgets are there (see ``RunScreen._open_pane``)."""

    def __init__(self, session: Session, *, id: str) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self.session = session

    def watch_has_focus(self, has_focus: bool) -> None:
        """Restyle the pane alone when it takes or loses the focus (Textual restyles every widget
        in it): no rule styles a pane, or anything in it, by the pane's focus."""
        self.app.stylesheet.update_nodes([self], animate=True)

    @property
    def keys_at_once(self) -> bool:
        """Whether the app acts on its keys as it gets them now: once it has been entered (keys
        that come before wait in its queue, in the order typed)."""
        return self.KEYS_AT_ONCE and self.entered

    @property
    def ilt(self) -> IltApp:
        return self.app  # type: ignore[return-value]

    @property
    def segment(self) -> SegmentBase:
        return self.session.segment

    @property
    def current(self) -> bool:
        """Whether the session's current segment is one this pane shows (its kind's ``pane`` in the
        registry is this pane's id); a pane not shown keeps its last view until it is again."""
        return KINDS[self.session.segment.kind].pane == self.id

    def own(self, model: type[Own]) -> Own:
        """The current segment as the result model of the kinds this pane shows (it is shown only
        for those: see :attr:`current`)."""
        segment = self.session.segment
        if not isinstance(segment, model):
            raise TypeError(f"the {self.id} pane shows no {segment.kind} segment")
        return segment

    @property
    def show_notes(self) -> bool:
        """Whether the facilitator notes are shown (the run screen's ``f``)."""
        return bool(getattr(self.screen, "show_notes", False))

    def enter(self) -> None:
        """Its segment has become the current one: start at the top, then show it."""
        self.show()

    def show(self) -> None:
        """Show the session as it is now (called after every change)."""

    def key_state(self) -> tuple:
        """What the pane's ``check_action`` depends on: when it changes, the footer shows other keys."""
        return ()

    def leave_warning(self) -> str | None:
        """What would be left undone by moving on now (None: nothing)."""
        return None

    def device_members(self) -> frozenset[str]:
        """The members answering on their own devices now (marked ☎; the keyboard cursor passes over them)."""
        return self.ilt.device_members(self.session)

    def for_member(self, member: str, question: str, detail: str, then: Callable[[], object]) -> None:
        """A key that changes ``member``'s answer: ``then`` at once for a member at the keyboard; for
        one answering on a device, only once the facilitator says yes (the keyboard's answer would
        replace the phone's, silently otherwise)."""
        if member not in self.device_members():
            then()
            return
        from ilt_kit.tui.screens.dialogs import Confirm

        def done(yes: bool | None) -> None:
            if yes:
                then()

        self.app.push_screen(Confirm(question, detail), done)

    def changed(self) -> None:
        """Announce a change to the run screen: posted to it, not bubbled up from the pane (each
        container on the way would be another turn of the message loop before the redraw)."""
        self.screen.post_message(SessionChanged())

    def focus_default(self) -> None:
        """Take the keys when the segment starts (a pane with a list gives them to its list)."""
        self.focus()

def keyboard_step(names: list[str], current: int, step: int, devices: frozenset[str]) -> int:
    """The member ``step`` (1 or -1) from ``current`` who answers at the keyboard: members on a
    device are passed over (when every member is, the cursor moves one as usual)."""
    count = len(names)
    if not count:
        return 0
    for moved in range(1, count + 1):
        index = (current + step * moved) % count
        if names[index] not in devices:
            return index
    return (current + step) % count


class ListPane(Pane):
    """A pane whose keys act on the selected row of one list (ideas, ranking, items, actions)."""

    LIST = ""
    """The id of its :class:`ItemList`."""

    def reset(self) -> None:
        """The pane's cursor state back to the start (a segment is entered)."""

    def focus_default(self) -> None:
        self.query_one(f"#{self.LIST}").focus()

    def enter(self) -> None:
        self.reset()
        self.show()
        rows = self.query_one(f"#{self.LIST}", ItemList)
        if rows.option_count:
            rows.action_first()


class Scroll(VerticalScroll, can_focus=False):
    """A scrolling column the pane scrolls for the keyboard (the pane keeps the focus and the keys)."""


class ItemList(OptionList):
    """A pane's list (ideas, items, actions): Up/Down go in screen order, the selection stays in view,
    and a redraw keeps the selection on the same thing (by its id), wherever it has moved to."""

    DEFAULT_CSS = """
    ItemList {
        height: 1fr;
        border: none;
        padding: 0;
        background: $background;
    }
    ItemList:focus {
        border: none;
        background-tint: transparent;
    }
    ItemList > .option-list--option-highlighted {
        text-style: bold;
    }
    """

    def show_items(self, items: list[tuple[str | None, RenderableType]], select: str | None = None) -> None:
        """Show these rows (an id None is a heading, which the cursor skips); select ``select`` or keep the selection."""
        keep = select
        if keep is None and self.highlighted_option is not None:
            keep = self.highlighted_option.id
        index = self.highlighted or 0
        self.set_options(Option(prompt, id=item_id, disabled=item_id is None) for item_id, prompt in items)
        ids = [item_id for item_id, _ in items]
        if keep is not None and keep in ids:
            self.highlighted = ids.index(keep)
        elif items:
            selectable = [i for i, item_id in enumerate(ids) if item_id is not None]
            self.highlighted = min(selectable, key=lambda i: abs(i - index)) if selectable else None

    @property
    def selected_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None
