"""The example year's goals (see tools/make_examples.py and docs/cycle.md).

After the August baseline and the September read the Lincoln team set three goals (goals.toml
beside the sessions): the later meetings tie their actions to them, and review shows each goal from
its baseline to the latest agreed level. The baselines are read from the records once they are made.
"""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from ilt_kit.content.goals import GOALS_FILE, Goal, GoalsFile
from ilt_kit.content.models import Team
from ilt_kit.review.entry import last_revealed_median
from ilt_kit.store.atomic import atomic_write
from ilt_kit.store.record import ActionsResult, RatedBase, SessionRecord

GOALS = [
    # id, title, rubric or survey, criterion or statement, the baseline's meeting, target, by, notes
    ("shared-vision", "One shared picture of strong learning", ("rubric", "vision-teacher-learning"), "shared-vision",
     date(2026, 8, 27), 3, date(2027, 6, 15), "We will know it when students describe learning the way our picture does."),
    ("problem-solving", "Teams solve problems of practice together", ("rubric", "vision-teacher-learning"),
     "problem-solving", date(2026, 8, 27), 3, date(2027, 6, 15), "Look at the 8th grade math team's notes each month."),
    ("peer-visits", "Teachers visit each other's classes", ("survey", "where-are-we-now"), "peer-visits",
     date(2026, 9, 17), 4, date(2027, 12, 17), "Count visits per month on the shared form."),
]
GOAL_OF_ACTION = {
    "Set up two peer-visit pairs per grade, with a simple visit form": "peer-visits",
    "Add the picture of strong learning to the PLC agenda template": "shared-vision",
    "Add the picture of strong learning to the walkthrough form": "shared-vision",
    "Student focus groups on the picture of strong learning": "shared-vision",
    "Pair each new hire for 2027-28 with a peer-visit partner": "peer-visits",
    "Write next year's peer-visit schedule into the master calendar": "peer-visits",
    "Summer reading for 8th grade team on math identity": "problem-solving",
    "Train two teacher leaders to facilitate the student-work protocol": "problem-solving",
}
"""The actions the later meetings tie to a goal as they plan them (the action's own goal key)."""
GOAL_NAMES_ACTION = {"shared-vision": "Draft a one-page picture of strong student learning for staff comment"}
"""An action planned before the goals were set, which the goals file names itself."""


def example_goals(team: Team, baselines: dict[str, tuple[str, float]] | None = None, actions: dict[str, str] | None = None) -> str:
    """The goals file's text; ``baselines``: goal id -> (session file name, level) read from the records."""
    baselines = baselines or {}
    actions = actions or {}
    lines = [
        f"title = {json.dumps(team.name + ' goals 2026-27', ensure_ascii=False)}",  # a TOML string as JSON writes it
        *([f"school = {json.dumps(team.school, ensure_ascii=False)}"] if team.school else []),
        f"team = {json.dumps(team.name, ensure_ascii=False)}",
        "",
        "[source]",
        'framework = "Becoming a Learning System"',
        'part = "the six-step cycle of continuous improvement: from data and shared goals to evidence of results"',
        'publisher = "Learning Forward"',
        'note = "The goals are ours; the cycle they follow is the framework\'s."',
    ]
    for gid, title, (kind, content), item, day, target, by, notes in GOALS:
        session, level = baselines.get(gid, (f"{day.isoformat()}-baseline", 1.0))
        item_key = "criterion" if kind == "rubric" else "statement"
        lines += ["", "[[goals]]", f'id = "{gid}"', f'title = "{title}"', f'{kind} = "{content}"',
                  f'{item_key} = "{item}"', f"target = {target}", f"by = {by.isoformat()}", f'notes = "{notes}"']
        if gid in actions:
            lines.append(f'actions = ["{actions[gid]}"]')
        lines += ["", "[goals.baseline]", f'session = "{session}"', f"level = {level:g}", f"date = {day.isoformat()}"]
    return "\n".join(lines) + "\n"


def goal_baselines(written: Sequence[tuple[Any, Path, SessionRecord]]) -> tuple[dict[str, tuple[str, float]], dict[str, str]]:
    """Each goal's baseline (its meeting's session file and agreed level, or a survey's median) and
    the actions the goals file names ('<session file>#<number>'), read from the records made."""
    baselines: dict[str, tuple[str, float]] = {}
    named: dict[str, str] = {}
    for gid, _, _, item, day, *_ in GOALS:
        for meeting, path, record in written:
            if meeting.day != day:
                continue
            for segment in record.segments:
                if isinstance(segment, RatedBase):
                    for criterion in segment.criteria:
                        if criterion.id == item:
                            figure = criterion.agreed if criterion.agreed is not None else last_revealed_median(criterion)
                            baselines[gid] = (path.stem, float(figure or 0))
                if isinstance(segment, ActionsResult) and gid in GOAL_NAMES_ACTION:
                    for action in segment.actions:
                        if action.what == GOAL_NAMES_ACTION[gid]:
                            named[gid] = f"{path.stem}#{action.id}"
    return baselines, named


def goals_of_example(team: Team) -> list[Goal]:
    """The goals as the engine takes them while the meetings are driven (baselines filled in later)."""
    return list(GoalsFile.model_validate(tomllib.loads(example_goals(team))).goals)


def write_goals(outdir: Path, written: Sequence[tuple[Any, Path, SessionRecord]], team: Team) -> Path:
    """The team's goals file beside its sessions (never over an existing one); ``written``: each
    meeting, its session file and its record."""
    path = outdir / GOALS_FILE
    baselines, named = goal_baselines(written)
    atomic_write(path, example_goals(team, baselines, named).encode("utf-8"), exclusive=True)
    return path
