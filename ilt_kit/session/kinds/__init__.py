"""What each kind of segment adds to a session, one module per kind (rubric and survey share one).

Each module has the session methods that work on its kind of current segment (a ``...Part``
mixed into :class:`ilt_kit.session.engine.Session`) and ``build``, which makes a new record's
segment of that kind from the scenario's segment.
"""

from __future__ import annotations

from types import ModuleType

from ilt_kit.session.kinds import actions, brainstorm, forecast, plain, prioritize, rated

MODULES: dict[str, ModuleType] = {
    "briefing": plain,
    "brainstorm": brainstorm,
    "rubric": rated,
    "survey": rated,
    "forecast": forecast,
    "prioritize": prioritize,
    "actions": actions,
    "reflection": plain,
}
"""The engine module of each segment kind."""
