"""The frame hook the TUI benches share: each frame the app shows, rendered as a terminal driver
would render it, then handed to a callback with the time it was done.

    from frames import on_frames, render_frame

    on_frames(app, lambda screen, now: ...)   # after every frame (not inside a batch update)

``render_frame(app, renderable)`` is the rendering alone (for a hook patched on the App class in
a child process, before the app exists).
"""

from __future__ import annotations

import time
from typing import Any, Callable


def render_frame(app: Any, renderable: Any) -> None:
    """Turn a frame into segments, the work a terminal driver does with it (the headless driver does not)."""
    render = getattr(renderable, "render_segments", None)
    if render is not None:
        render(app.console)
    else:
        list(app.console.render(renderable))


def shown(app: Any, renderable: Any) -> bool:
    """Whether ``App._display`` got a frame that reaches the screen (not None, not inside a batch)."""
    return renderable is not None and not app._batch_count


def on_frames(app: Any, callback: Callable[[Any, float], None]) -> None:
    """Wrap ``app._display``: after each frame it shows (rendered, see :func:`render_frame`),
    ``callback(screen, now)`` with ``now`` from ``time.perf_counter()``."""
    display = app._display

    def timed_display(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if not shown(app, renderable):
            return
        render_frame(app, renderable)
        callback(screen, time.perf_counter())

    app._display = timed_display
