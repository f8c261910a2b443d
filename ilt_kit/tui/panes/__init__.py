"""The run screen's panes: one per kind of segment, named by the kinds registry.

Each module here is named as a kind's ``pane`` in :data:`ilt_kit.content.kinds.KINDS` and defines
``PANE``, its widget class. :data:`PANES` is built from the registry, so a kind without its pane
fails at import (and in the kinds test), not when a facilitator reaches it.
"""

from __future__ import annotations

from importlib import import_module

from ilt_kit.content.kinds import KINDS
from ilt_kit.tui.panes.base import Pane


def _pane(name: str) -> type[Pane]:
    return import_module(f"{__name__}.{name}").PANE


PANES: dict[str, type[Pane]] = {name: _pane(name) for name in dict.fromkeys(kind.pane for kind in KINDS.values())}
"""Every pane, by the name the registry gives it (several kinds may share one: rubric and survey)."""
