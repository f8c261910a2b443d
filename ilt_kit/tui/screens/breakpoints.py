"""Screens whose breakpoint classes are right from their first style.

Textual gives a screen its ``HORIZONTAL_BREAKPOINTS`` and ``VERTICAL_BREAKPOINTS`` classes on its
first resize, after every widget on it has been styled, and a change of classes restyles the whole
screen: each screen with breakpoints was styled twice as it opened (the run screen's 55 widgets
once more, a third of its styling). A screen made with :class:`SizedFromTheStart` starts with the
classes of the terminal's size as it is made, so that first resize finds them in place and changes
nothing. Every later resize is Textual's own, but for one to the size the screen is laid out at
already: the app tells its screen the terminal's size once it starts, after the screen's first
layout at that very size, and Textual lays every widget out again and draws another frame.

A modal screen (a dialog) takes it too, with or without breakpoints of its own: its first resize,
to the size it is laid out at already, would otherwise have Textual lay the screen below out again
and draw the dialog once more, each time a dialog opens.

The first time such a screen shows, every widget on it was styled as it was mounted, with those
classes, and nothing has changed since: Textual's restyle of the whole screen as it is shown
(each time a dialog opens, a second styling of every widget on it) is left out then.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.types import NoActiveAppError


class SizedFromTheStart:
    """Put before ``Screen`` or ``ModalScreen`` in a screen's bases."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        screen: Any = self  # a Screen, by the rule above
        try:
            width, height = screen.app.size
        except NoActiveAppError:  # made before the app runs: its first resize sets them
            return
        app = screen.app
        horizontal = (app.HORIZONTAL_BREAKPOINTS if screen.HORIZONTAL_BREAKPOINTS is None else screen.HORIZONTAL_BREAKPOINTS) or []
        vertical = (app.VERTICAL_BREAKPOINTS if screen.VERTICAL_BREAKPOINTS is None else screen.VERTICAL_BREAKPOINTS) or []
        classes = [*screen._get_breakpoint_classes(width, horizontal), *screen._get_breakpoint_classes(height, vertical)]
        screen.add_class(*classes, update=False)

    _shown_once = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time the screen shows, its widgets are styled already (see above)."""
        if not self._shown_once:
            self._shown_once = True
            event.refresh_styles = False

    def on_resize(self, event: events.Resize) -> None:
        """A resize to the size the screen was last laid out at changes nothing on it: Textual's
        handling (another layout and frame, its breakpoint classes again) is left out."""
        screen: Any = self
        if event.size == screen.outer_size:
            event.prevent_default()
