"""What each kind of segment adds to a session, one module per kind (rubric and survey share one).

Each module has ``build``, which makes a new record's segment of that kind from the scenario's
segment, and, where its kind has session methods of its own (those that work on its kind of current
segment), ``PART``: the controller that holds them, which
:class:`ilt_kit.session.engine.Session` sets up as ``session.<name>``. Which module serves which kind is the
kind's ``engine`` in :data:`ilt_kit.content.kinds.KINDS`.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from ilt_kit.content.kinds import KINDS

MODULES: dict[str, ModuleType] = {kind.id: import_module(f"{__name__}.{kind.engine}") for kind in KINDS.values()}
"""The engine module of each segment kind."""

PARTS: dict[str, type] = {
    kind.engine: part for kind in KINDS.values() if (part := getattr(MODULES[kind.id], "PART", None)) is not None
}
"""Each engine's controller class (its module's ``PART``, a :class:`~ilt_kit.session.core.KindPart`
reached on the session by its ``name``), once per engine, in the registry's order."""
