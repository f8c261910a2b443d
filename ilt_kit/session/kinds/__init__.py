"""What each kind of segment adds to a session, one module per kind (rubric and survey share one).

Each module has ``build``, which makes a new record's segment of that kind from the scenario's
segment, and, where its kind has session methods of its own (those that work on its kind of current
segment), ``PART``: the class that holds them, which :data:`PARTS` mixes into
:class:`ilt_kit.session.engine.Session`. Which module serves which kind is the
kind's ``engine`` in :data:`ilt_kit.content.kinds.KINDS`.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from ilt_kit.content.kinds import KINDS

MODULES: dict[str, ModuleType] = {kind.id: import_module(f"{__name__}.{kind.engine}") for kind in KINDS.values()}
"""The engine module of each segment kind."""

PARTS: tuple[type, ...] = tuple(dict.fromkeys(part for module in MODULES.values() if (part := getattr(module, "PART", None))))
"""The session methods of every kind (each engine module's ``PART``, once each), in the registry's order."""
