"""What each kind of segment adds to a session, one module per kind (rubric and survey share one).

Each module has the session methods that work on its kind of current segment (a ``...Part``
mixed into :class:`ilt_kit.session.engine.Session`) and ``build``, which makes a new record's
segment of that kind from the scenario's segment. Which module serves which kind is the
kind's ``engine`` in :data:`ilt_kit.content.kinds.KINDS`.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

from ilt_kit.content.kinds import KINDS

MODULES: dict[str, ModuleType] = {kind.id: import_module(f"{__name__}.{kind.engine}") for kind in KINDS.values()}
"""The engine module of each segment kind."""
