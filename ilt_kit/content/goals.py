"""A team's goals: what the team means to move, from where, to where, by when, and how.

A goals file (``goals.toml``, beside a team's session files) lists goals. Each goal names one
rubric criterion or one survey statement, the level the team agreed on in a session (the
baseline), the level it aims for (the target) and the date it aims for, and the actions that
serve it. An action made in a session serves a goal through its own ``goal`` key in the session
file; ``actions`` here names actions from elsewhere.

These models are the single source of truth for the file format (``ilt-kit schema goals``). They
check the file's shape only; what the file refers to (a rubric and its criterion, a target on
that rubric's scale) is checked against the content by :func:`goal_reference_problems`, which
``ilt-kit check`` runs.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Mapping

from pydantic import Field, StringConstraints, model_validator

from ilt_kit.content.loader import load_model
from ilt_kit.content.models import RULES, Id, Model, Source, Text, _dicts
from ilt_kit.diagnostics.locate import key_positions, locate
from ilt_kit.diagnostics.problems import Problem, Rule, RuleErrors

if TYPE_CHECKING:
    from ilt_kit.content.library import Library

GOALS_FILE = "goals.toml"
"""The goals file's name, in the folder of a team's session files."""

ActionRef = Annotated[
    str,
    StringConstraints(pattern=r"^[^#\s][^#]*#[1-9][0-9]*$", max_length=300),
    Field(description="An action of a session: the session file's name without '.toml', '#', the action's "
          "number, e.g. '2026-09-17-september-read#2'."),
]


class Baseline(Model):
    """Where the goal starts: the level the team agreed on in one session."""

    session: Text = Field(description="The session the level comes from: its file name (with or without '.toml').")
    level: float = Field(ge=0, le=9, allow_inf_nan=False, description="The agreed level then (a mean may have decimals, e.g. 2.4).")
    date: dt.date = Field(description="The session's date.")


class Goal(Model):
    """One goal: a rubric criterion (``rubric`` + ``criterion``) or a survey statement
    (``survey`` + ``statement``), from its baseline to a target level by a date."""

    id: Id
    title: Text = Field(description="Short name, read from across the room.")
    rubric: Id | None = Field(None, description="A rubric or continuum id (with 'criterion').")
    criterion: Id | None = Field(None, description="The criterion of that rubric the goal is about.")
    survey: Id | None = Field(None, description="A survey id (with 'statement'), instead of a rubric.")
    statement: Id | None = Field(None, description="The statement of that survey the goal is about.")
    baseline: Baseline
    target: int = Field(ge=1, le=9, description="The level the team aims for, on the rubric's or survey's scale.")
    by: dt.date = Field(description="The date the team aims to reach the target by.")
    actions: list[ActionRef] = Field(
        default_factory=list,
        description="Actions that serve this goal but do not say so themselves; an action made in a session "
        "names its goal with its own 'goal' key.",
    )
    notes: str = Field("", description="Why this goal, what the team will look at to see a difference.")

    @property
    def content_id(self) -> str:
        """The rubric, continuum or survey the goal is about."""
        return self.rubric or self.survey or ""

    @property
    def item_id(self) -> str:
        """The criterion or survey statement the goal is about."""
        return self.criterion or self.statement or ""

    @property
    def kind(self) -> Literal["rubric", "survey"]:
        return "survey" if self.survey else "rubric"


class GoalsFile(Model):
    """A team's goals for a stretch of time (a school year, say)."""

    title: str = Field("", description="e.g. 'Lincoln ILT goals 2026-27'.")
    school: str = Field("", description="The school, as in its session files.")
    team: str = Field("", description="The team, as in its session files.")
    source: Source | None = Field(None, description="Where the way of setting goals comes from.")
    goals: list[Goal] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> GoalsFile:
        RuleErrors.check(goals_rules(self.model_dump(by_alias=True, exclude_unset=True)))
        return self

    def goal(self, goal_id: str) -> Goal | None:
        return next((goal for goal in self.goals if goal.id == goal_id), None)


def goals_rules(data: Mapping[str, Any]) -> list[Rule]:
    """Rules a schema cannot say: unique goal ids, one criterion or statement per goal, a target
    date after the baseline's."""
    rules: list[Rule] = []
    seen: set[str] = set()
    for index, goal in _dicts(data.get("goals")):
        at = ("goals", index)
        gid = goal.get("id")
        if isinstance(gid, str):
            if gid in seen:
                rules.append(Rule(at + ("id",), f"goal id {gid!r} is used twice"))
            seen.add(gid)
        pairs = [pair for pair in (("rubric", "criterion"), ("survey", "statement")) if any(k in goal for k in pair)]
        if len(pairs) == 2:
            rules.append(Rule(at + ("survey",), f"goal {gid!r} names a rubric and a survey; a goal is about one of them"))
        elif not pairs:
            rules.append(Rule(at, f"goal {gid!r} needs 'rubric' and 'criterion', or 'survey' and 'statement'"))
        else:
            for key in pairs[0]:
                if key not in goal:
                    other = pairs[0][1] if key == pairs[0][0] else pairs[0][0]
                    rules.append(Rule(at + (other,), f"goal {gid!r} names a {other} but no '{key}'"))
        baseline = goal.get("baseline")
        start = baseline.get("date") if isinstance(baseline, dict) else None
        by = goal.get("by")
        # a date and time where a date goes is the schema's problem; these rules compare dates only
        if type(start) is dt.date and type(by) is dt.date and by < start:
            rules.append(Rule(
                at + ("by",),
                f"goal {gid!r} is due {by}, before its baseline was taken ({start})",
                ((at + ("baseline", "date"), "baseline"),),
            ))
    return rules


RULES[GoalsFile] = goals_rules


def load_goals(path: Path, data: dict[str, Any] | None = None, text: str | None = None) -> GoalsFile:
    """Load a goals file; raise :class:`~ilt_kit.diagnostics.problems.FileProblems` with every
    problem at ``path:line:col`` (a file that is not TOML: at the line where it breaks)."""
    return load_model(Path(path), GoalsFile, data, text)


def find_goals(folder: Path) -> Path | None:
    """The goals file of the sessions in ``folder`` (a session file: its folder), or None. Anything
    by that name counts (a folder, a broken link): loading it then names its problem, rather than
    the goals being left out in silence."""
    folder = Path(folder)
    if folder.suffix == ".toml" and not folder.is_dir():
        folder = folder.parent
    path = folder / GOALS_FILE
    return path if os.path.lexists(path) else None


def is_goals_file(path: Path, data: Mapping[str, Any] | None = None) -> bool:
    """A goals file by its name, or by its keys (``goals`` and no session header)."""
    if Path(path).name == GOALS_FILE:
        return True
    return data is not None and "goals" in data and "schema_version" not in data and "segments" not in data


def goal_reference_problems(path: Path, text: str, data: Mapping[str, Any], library: Library) -> list[Problem]:
    """What a goals file refers to, checked against the content: the rubric or survey exists and
    is of that kind, it has the criterion or statement, and the target (and the baseline's level)
    lies on its scale. Reads the file's raw data, so a file with problems of its own has these
    checked too (every problem of a file in one run)."""
    positions = key_positions(text)
    problems: list[Problem] = []

    def at(loc: tuple[Any, ...], message: str) -> None:
        line, col = locate(positions, loc)
        problems.append(Problem(str(path), line, col, message))

    for index, goal in _dicts(data.get("goals")):
        base = ("goals", index)
        gid = goal.get("id")
        field_name, item_name = ("survey", "statement") if "survey" in goal else ("rubric", "criterion")
        content_id, item_id = goal.get(field_name), goal.get(item_name)
        if not isinstance(content_id, str):
            continue
        if content_id in library.broken:
            at(base + (field_name,), f"goal '{gid}': {field_name} '{content_id}' has problems "
               f"({library.broken[content_id]})")
            continue
        loaded = library.rubrics.get(content_id)
        if loaded is None:
            at(base + (field_name,), f"goal '{gid}' names {field_name} '{content_id}', which does not exist")
            continue
        rubric = loaded.item
        if field_name == "survey" and rubric.kind != "survey":
            at(base + (field_name,), f"goal '{gid}': '{rubric.id}' is a {rubric.kind}, not a survey; "
               "use rubric and criterion")
            continue
        if field_name == "rubric" and rubric.kind == "survey":
            at(base + (field_name,), f"goal '{gid}': '{rubric.id}' is a survey; use survey and statement")
            continue
        if isinstance(item_id, str) and rubric.criterion(item_id) is None:
            at(base + (item_name,), f"goal '{gid}': {rubric.kind} '{rubric.id}' has no {item_name} '{item_id}'")
        values = rubric.scale.values
        low, high = min(values), max(values)
        target = goal.get("target")
        if isinstance(target, int) and not isinstance(target, bool) and target not in values:
            at(base + ("target",), f"goal '{gid}': target {target} is not on the scale of '{rubric.id}' ({low}-{high})")
        baseline = goal.get("baseline")
        level = baseline.get("level") if isinstance(baseline, dict) else None
        # nan and inf are told by the file's shape (not a finite number), not here
        if isinstance(level, (int, float)) and not isinstance(level, bool) and math.isfinite(level) and not low <= level <= high:
            at(base + ("baseline", "level"), f"goal '{gid}': baseline level {level:g} is not "
               f"on the scale of '{rubric.id}' ({low}-{high})")
    return problems
