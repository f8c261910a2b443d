"""The footer of every screen: Textual's, drawn again only when the keys it would show change."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding
from textual.app import ComposeResult
from textual.widgets import Footer


@dataclass(frozen=True)
class KeyGroup(Binding.Group):
    """Keys that do one thing with different values (a level's digits, the speakers' F-keys): one
    line in the help, ``keys`` and the group's description, however many keys there are."""

    keys: str = ""
    """The keys as the help shows them ("0-9", "F1-F9")."""


class KeysFooter(Footer):
    """Textual's :class:`~textual.widgets.Footer`, recomposed only when its keys change.

    Textual's footer recomposes each time the screen says its bindings may have changed: focus
    moving to a pane, a pane's keys changing, a dialog closing, the app getting focus back. When a
    segment opens several of these come together, and each recompose mounts a widget for every key
    again (about 40 ms of CPU on the run screen, against well under 1 ms to look at the keys). Here
    a recompose that would show the same keys (the same shown bindings, enabled the same, with the
    same key display and tooltip, and the same command palette key) keeps the footer as it is: the
    hidden keys that come and go with the focus (a list's own) change nothing it draws.
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

    async def recompose(self) -> None:
        if not self.is_attached:  # its screen went away before the recompose came due
            return
        keys = self._keys()
        if keys == self._shown:
            return
        self._shown = keys
        await super().recompose()

    def compose(self) -> ComposeResult:
        """Textual's keys, each made compact from the start: Textual binds each key's ``compact``
        to the footer's, and the key then takes the class ``-compact`` once mounted, which styles
        it a second time (every key, at every recompose)."""
        for widget in super().compose():
            if self.compact and type(widget).__name__ == "FooterKey":  # its module is private to Textual
                widget.add_class("-compact", update=False)
            yield widget
