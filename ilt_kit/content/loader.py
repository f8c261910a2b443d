"""Load a content file (rubric, scenario, team) into its model, every mistake as ``path:line:col: message``."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ilt_kit.content.models import RULES
from ilt_kit.diagnostics.locate import key_positions
from ilt_kit.diagnostics.problems import FileProblems, RuleErrors
from ilt_kit.diagnostics.toml import read_toml
from ilt_kit.diagnostics.validation import problems_from_validation, rule_problems

M = TypeVar("M", bound=BaseModel)


def load_model(path: Path, model: type[M], data: dict[str, Any] | None = None, text: str | None = None) -> M:
    """Load ``path`` as ``model``; raise :class:`FileProblems` listing every problem with its position."""
    if data is None or text is None:
        text, data = read_toml(path)
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = problems_from_validation(path, text, data, error)
        rules_of = RULES.get(model)
        if rules_of is not None and not any(isinstance(e.get("ctx", {}).get("error"), RuleErrors) for e in error.errors()):
            # the structure has problems, so the model's own rules did not run: run them on the data
            problems += rule_problems(path, key_positions(text), (), rules_of(data))
        raise FileProblems(problems) from None
