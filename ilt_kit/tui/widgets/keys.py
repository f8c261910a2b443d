"""The footer of every screen: Textual's, its keys changed in place when the keys it would show change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.compose import compose
from textual.widget import Widget
from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen


@dataclass(frozen=True)
class KeyGroup(Binding.Group):
    """Keys that do one thing with different values (a level's digits, the speakers' F-keys): one
    line in the help, ``keys`` and the group's description, however many keys there are."""

    keys: str = ""
    """The keys as the help shows them ("0-9", "F1-F9")."""


class KeysFooter(Footer):
    """Textual's :class:`~textual.widgets.Footer`, its keys changed in place when they change.

    Textual's footer recomposes each time the screen says its bindings may have changed (focus
    moving to a pane, a pane's keys changing, a dialog closing), after the next frame: each time a
    widget for every key is mounted again (about 40 ms of CPU on the run screen) and the screen is
    laid out and drawn once more. Here a change that would show the same keys (the same shown
    bindings, enabled the same, with the same key display and tooltip, and the same command palette
    key) changes nothing, and a change of keys is made at once, in the frame that shows what
    changed them: the key widgets there are given the new keys' text in place (one refreshed only
    when what it says changes), the ones more are mounted and the ones fewer removed. Only keys
    shown as a group (several keys of one ``Binding.Group`` for one action), which Textual draws
    in a container with a label, are recomposed as Textual does.
    """

    _shown: tuple | None = None

    def _keys(self) -> tuple:
        """What :meth:`Footer.compose` draws from: the active bindings it shows (``show``) and the
        command palette's, as the footer would see them."""
        display = self.app.get_key_display
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, active.binding, active.enabled, active.tooltip, display(active.binding))
            for key, active in self.screen.active_bindings.items()
            if active.binding.show or key == palette
        )

    def bindings_changed(self, screen: Screen) -> None:
        """The screen's keys may have changed: the footer follows on its next turn, before the
        screen's next frame, not only once that frame is drawn (Textual's, whose own call then
        finds the keys shown already)."""
        super().bindings_changed(screen)
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self.call_next(self.recompose)

    async def recompose(self) -> None:
        if not self.is_attached:  # its screen went away before the recompose came due
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        if not self._follow():
            await super().recompose()

    def _follow(self) -> bool:
        """Show the keys :meth:`compose` makes now with the key widgets there, changed in place;
        False (nothing done) when some are in groups."""
        wanted = compose(self)
        present = list(self.children)
        if not all(_is_key(widget) for widget in (*wanted, *present)):
            return False  # keys in groups: Textual's containers and labels
        kept = 0
        for old, new in zip(present, wanted):
            if old.classes != new.classes:  # enabled differently, the palette's key
                break
            _take(old, new)
            kept += 1
        if len(present) > kept:
            self.remove_children(present[kept:])
        if len(wanted) > kept:
            self.mount_all(wanted[kept:])
        return True

    def compose(self) -> ComposeResult:
        """Textual's keys, each made compact from the start: Textual binds each key's ``compact``
        to the footer's, and the key then takes the class ``-compact`` once mounted, which styles
        it a second time (every key, at every recompose)."""
        for widget in super().compose():
            if self.compact and _is_key(widget):
                widget.add_class("-compact", update=False)
            yield widget


KEY_TEXT = ("key", "key_display", "description", "action")
"""What a footer key says and does (Textual's ``FooterKey``'s own attributes)."""


def _is_key(widget: Widget) -> bool:
    return type(widget).__name__ == "FooterKey"  # its module is private to Textual


def _take(old: Widget, new: Widget) -> None:
    """Have the key widget ``old`` say and do what ``new`` (made for the new keys, of the same
    classes) would: drawn again, and laid out again, only if it changed."""
    text = [getattr(new, name) for name in KEY_TEXT]
    if [getattr(old, name) for name in KEY_TEXT] != text:
        for name, value in zip(KEY_TEXT, text):
            setattr(old, name, value)
        old.refresh(layout=True)  # its width is its text's
    if old.tooltip != new.tooltip:
        old.tooltip = new.tooltip
