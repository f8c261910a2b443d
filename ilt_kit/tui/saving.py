"""The app's side of saving: what the writer's threads hand back to the app's thread, the bar that
says saving fails while it does, and a change made to the session file elsewhere taken in.

The session file is written by :class:`~ilt_kit.store.files.BackgroundSaver`; :class:`Saving` is
what it calls back (``IltApp._session`` hands it these methods), and what the app's screens and
``launch`` ask why saving fails.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from ilt_kit.tui.app import IltApp


class Saving:
    """One per app: reads the app's ``saver`` (None before a session) and shows on its screens."""

    def __init__(self, app: IltApp) -> None:
        self.app = app

    def copy_later(self, delay: float, copy: Callable[[], None]) -> None:
        """The record is copied for the writer by a timer, after the key's repaint; before the
        app runs (a session made for ``ilt-kit run``) there is no timer, so it is copied at once."""
        if self.app.is_running:
            self.app.set_timer(delay, copy)
        else:
            copy()

    def after_repaint(self, fn: Callable[[], None]) -> None:
        """The journal's fsync starts once the frame is drawn (before the app runs: at once)."""
        if self.app.is_running:
            self.app.call_after_refresh(fn)
        else:
            fn()

    def from_writer(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` on the app's thread (called from the saver's threads, or from the app's own
        when the journal line of a change cannot be written)."""
        app = self.app
        if threading.get_ident() == getattr(app, "_thread_id", None):
            if app.is_running:
                app.call_later(fn)
            return
        try:
            app.call_from_thread(fn)
        except RuntimeError:  # the app has stopped
            pass

    def failed(self, error: BaseException) -> None:
        """A save or a look for changes made elsewhere failed (called from the writer's thread)."""
        from ilt_kit.store.files import ChangedOnDisk

        saver = self.app.saver
        unsaved = saver is not None and saver.problem is error
        if isinstance(error, ChangedOnDisk) or not unsaved:  # saving goes on: said once, not a bar
            message = str(error) if isinstance(error, ChangedOnDisk) else (
                f"Could not look for changes made to the session file elsewhere ({type(error).__name__}: {error}); saving goes on."
            )
            try:
                self.app.call_from_thread(self.app.notify, message, severity="warning", timeout=15)
            except RuntimeError:  # the app has stopped: say it on the terminal instead
                print(f"ilt-kit: {message}")
            return
        self.from_writer(self.show)

    def take_external(self) -> None:
        """Another program changed the session file (review marked an action done): the writer has
        merged it; take it into the screen's record now and show it."""
        app, saver = self.app, self.app.saver
        if saver is None or not saver.take_external():
            return
        from ilt_kit.tui.panes.base import SessionChanged

        app.screen.post_message(SessionChanged())
        app.notify("The session file was changed elsewhere (e.g. review); the change is taken in.", timeout=6)
        if saver.conflicts:
            fields = ", ".join(".".join(map(str, path)) for path in saver.conflicts[:3])
            app.notify(f"Changed here and elsewhere; kept what is on screen: {fields}", severity="warning", timeout=10)
            saver.conflicts.clear()

    def reason(self) -> str | None:
        """Why saving fails (None: everything on screen is in the file)."""
        saver = self.app.saver
        problem = saver.problem if saver is not None else None
        if problem is None:
            return None
        return problem.strerror if isinstance(problem, OSError) and problem.strerror else str(problem)

    def problem(self) -> str | None:
        """What the bar says while saving fails."""
        reason, saver = self.reason(), self.app.saver
        if reason is None or saver is None:
            return None
        return f"NOT SAVED: cannot write {saver.handle.path} ({reason}). Trying again; q offers to save elsewhere."

    def show(self) -> None:
        """Show (or take away) the save-problem bar on every full screen: it stays while saving fails."""
        from textual.screen import ModalScreen
        from textual.widgets import Static

        from ilt_kit.tui.widgets.text import literal, say

        problem = self.problem()
        for screen in self.app.screen_stack:
            if isinstance(screen, ModalScreen):
                continue
            bars = screen.query("#save-problem")
            if problem is None:
                bars.remove()
            elif bars:
                say(bars.first(Static), literal(problem))  # the same at each retry
            else:
                screen.mount(Static(literal(problem), id="save-problem"))
