"""Goals across sessions: from a goal's baseline to the latest agreed level, against its target.

:func:`goal_progress` is the one place that relates a team's goals (``goals.toml``, see
:mod:`ilt_kit.content.goals`) to its sessions. It reads the light list entries only, through
:func:`~ilt_kit.review.trends.trends` (the criterion's levels over time) and
:func:`~ilt_kit.review.followup.actions_of` (the actions that serve a goal), so the review's goals
tab, the reports and the district view all say the same.

A goal's **latest** figure is the level agreed in the latest session after its baseline that agreed
one on its criterion (a survey statement that is never agreed: the median of its latest revealed
round). Its **state**:

- ``reached``: the latest figure is at or above the target;
- ``on track``: not yet, but at or above the straight line from the baseline (on its date) to the
  target (on the target date), at the date of the latest figure;
- ``behind``: below that line, or the target date has passed (``today``) without reaching it;
- ``not measured``: no session after the baseline has a figure for it yet.

An action's **evidence of impact**, and whether a follow-up found it done, carried it over or
dropped it, come from the team's follow-up segments (:class:`FollowUpNote`, read from the entries
by :func:`~ilt_kit.review.followup.follow_up_notes`); an action its own session marks done is done.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Iterable, Literal, Mapping

from ilt_kit.content.goals import Goal, GoalsFile, find_goals, load_goals
from ilt_kit.diagnostics.problems import FileProblems, Problem
from ilt_kit.review.entry import ActionItem, SessionEntry, Step
from ilt_kit.review.followup import FollowUpNote, action_ref, actions_of, follow_up_notes, latest_status
from ilt_kit.review.order import primary
from ilt_kit.review.trends import CriterionTrend, RubricTrend, trends

GoalState = Literal["reached", "on track", "behind", "not measured"]
STATES: tuple[GoalState, ...] = ("reached", "on track", "behind", "not measured")


@dataclass(frozen=True)
class GoalAction:
    """An action that serves a goal, with what its follow-up said."""

    ref: str
    session_title: str
    session_date: date
    path: Path
    action: ActionItem
    note: FollowUpNote | None = None

    @property
    def status(self) -> str:
        """'done' or 'open' as the session says; a follow-up's 'done', 'carried' or 'dropped' over 'open'."""
        return latest_status(self.action, self.note)

    @property
    def impact(self) -> str:
        return self.note.impact if self.note is not None else ""


@dataclass(frozen=True)
class Reading:
    """One figure of a goal's criterion in one session."""

    date: date
    title: str
    path: Path
    value: float
    agreed: bool
    """An agreed level (True) or the median of the ballots (False)."""


@dataclass(frozen=True)
class GoalProgress:
    goal: Goal
    criterion_title: str
    """The criterion's or statement's title as the sessions name it ('' if no session rated it)."""
    scale: tuple[Step, ...]
    readings: tuple[Reading, ...]
    """The figures after the baseline, oldest first."""
    state: GoalState
    actions: tuple[GoalAction, ...] = ()
    missing: tuple[str, ...] = ()
    """Actions the goals file names that no session given has."""

    @property
    def baseline(self) -> float:
        return self.goal.baseline.level

    @property
    def latest(self) -> Reading | None:
        return self.readings[-1] if self.readings else None

    @property
    def target(self) -> int:
        return self.goal.target

    def label(self, value: float) -> str:
        """'3 Established' for a level on the scale; '2.5' between two."""
        if float(value).is_integer():
            for step in self.scale:
                if step.value == int(value):
                    return f"{int(value)} {step.label}"
        return f"{value:.1f}".rstrip("0").rstrip(".")

    @property
    def done(self) -> int:
        return sum(1 for a in self.actions if a.status == "done")


def _criterion(found: list[RubricTrend], goal: Goal) -> tuple[CriterionTrend | None, tuple[Step, ...]]:
    for trend in found:
        if trend.rubric_id == goal.content_id:
            for criterion in trend.criteria:
                if criterion.id == goal.item_id:
                    return criterion, tuple(trend.scale)
            return None, tuple(trend.scale)
    return None, ()


def _readings(criterion: CriterionTrend | None, goal: Goal) -> tuple[Reading, ...]:
    if criterion is None:
        return ()
    base = goal.baseline
    after = [
        p for p in criterion.points
        if p.date > base.date or (p.date == base.date and p.path.stem != Path(base.session).stem)
    ]
    if criterion.uses_agreed:
        return tuple(Reading(p.date, p.title, p.path, float(p.level), True) for p in after if p.level)
    return tuple(Reading(p.date, p.title, p.path, float(p.median), False) for p in after if p.median is not None)


def state_of(goal: Goal, latest: Reading | None, today: date | None = None) -> GoalState:
    """Where a goal stands (see the module text)."""
    if latest is not None and latest.value >= goal.target:
        return "reached"
    if today is not None and today > goal.by:
        return "behind"
    if latest is None:
        return "not measured"
    start, level = goal.baseline.date, goal.baseline.level
    span = (goal.by - start).days
    share = 1.0 if span <= 0 else min(max((latest.date - start).days / span, 0.0), 1.0)
    expected = level + (goal.target - level) * share
    return "on track" if latest.value >= expected - 1e-9 else "behind"


def goal_progress(
    goals: GoalsFile | Iterable[Goal],
    entries: Iterable[SessionEntry],
    notes: Mapping[str, FollowUpNote] | None = None,
    today: date | None = None,
) -> list[GoalProgress]:
    """Each goal from its baseline to its latest figure, its state and the actions that serve it.

    ``entries``: the team's sessions (those beside its goals file); ``notes``: follow-ups of actions
    by :func:`action_ref`, by default what the follow-ups among ``entries`` say
    (:func:`~ilt_kit.review.followup.follow_up_notes`); ``today``: a target date before it counts as missed."""
    listed = primary(entries)
    goal_list = list(goals.goals if isinstance(goals, GoalsFile) else goals)
    found = trends(listed, min_sessions=1)
    items = actions_of(listed, include_done=True, notes=follow_up_notes(listed, per_segment=True) if notes is None else None)
    by_ref = {action_ref(i.path, i.id): i for i in items}
    result = []
    for goal in goal_list:
        criterion, scale = _criterion(found, goal)
        readings = _readings(criterion, goal)
        serving = [i for i in items if i.action.goal == goal.id]
        named = [by_ref[ref] for ref in goal.actions if ref in by_ref and by_ref[ref] not in serving]
        actions = tuple(
            GoalAction(action_ref(i.path, i.id), i.session_title, i.session_date, i.path, i.action,
                       i.note if notes is None else notes.get(action_ref(i.path, i.id)))
            for i in sorted([*serving, *named], key=lambda i: (i.session_date, str(i.path), i.id))
        )
        result.append(GoalProgress(
            goal=goal,
            criterion_title=criterion.title if criterion is not None else "",
            scale=scale,
            readings=readings,
            state=state_of(goal, readings[-1] if readings else None, today),
            actions=actions,
            missing=tuple(ref for ref in goal.actions if ref not in by_ref),
        ))
    return result


# ----------------------------------------------------------------------- goals files of sessions


@dataclass
class TeamGoals:
    """A goals file and the sessions beside it (in its folder and the folders under it)."""

    path: Path
    goals: GoalsFile | None
    problems: list[Problem] = field(default_factory=list)
    entries: list[SessionEntry] = field(default_factory=list)

    @property
    def school(self) -> str:
        """The school of its sessions (as reports and review group them), else the one the goals
        file names."""
        found = next((e.school for e in self.entries if e.school), "")
        return found or (self.goals.school if self.goals is not None else "")


def team_goals(roots: Iterable[Path], entries: Iterable[SessionEntry]) -> list[TeamGoals]:
    """The goals files of the sessions given: each session belongs to the nearest ``goals.toml``
    in its folder or a folder above it, up to the folder it was found in (``roots``). A goals file
    with problems is listed with them (and no goals)."""
    tops = [os.path.abspath(r if os.path.isdir(r) else os.path.dirname(os.path.abspath(r))) for r in roots]
    files: dict[str, TeamGoals] = {}
    nearest: dict[str, str | None] = {}

    def goals_above(folder: str) -> str | None:
        if folder in nearest:
            return nearest[folder]
        path = find_goals(Path(folder))
        found: str | None = str(path) if path is not None else None
        if found is None and folder not in tops:
            parent = os.path.dirname(folder)
            if parent != folder and any(parent == t or parent.startswith(t.rstrip(os.sep) + os.sep) for t in tops):
                found = goals_above(parent)
        nearest[folder] = found
        return found

    for entry in primary(entries):
        found = goals_above(os.path.dirname(os.path.abspath(entry.path)))
        if found is None:
            continue
        if found not in files:
            try:
                files[found] = TeamGoals(Path(found), load_goals(Path(found)))
            except FileProblems as error:
                files[found] = TeamGoals(Path(found), None, list(error.problems))
        files[found].entries.append(entry)
    # one school's goals file reached through two clones (or copies) is one team's goals
    teams: dict[tuple[str, object], TeamGoals] = {}
    for path, team in files.items():
        key: tuple[str, object] = (team.school, team.goals.model_dump_json() if team.goals is not None else path)
        if key in teams:
            teams[key].entries.extend(team.entries)
        else:
            teams[key] = team
    return sorted(teams.values(), key=lambda t: (t.school.casefold(), str(t.path)))


def state_counts(progress: Iterable[GoalProgress]) -> dict[GoalState, int]:
    """How many goals are in each state (every state, in :data:`STATES` order)."""
    counts: dict[GoalState, int] = dict.fromkeys(STATES, 0)
    for item in progress:
        counts[item.state] += 1
    return counts


# ------------------------------------------------------------------- the words every view uses

STATE_MARK: dict[GoalState, str] = {"reached": "✓", "on track": "↗", "behind": "!", "not measured": "·"}


def figure_text(progress: GoalProgress, value: float) -> str:
    """A level as the scale names it ('3 Established'), a median between two levels as '2.5'."""
    return progress.label(value)


def path_text(progress: GoalProgress) -> str:
    """'1 Beginning (2026-08-27) → 3 Established (2027-05-20) → target 3 by 2027-06-15'."""
    goal = progress.goal
    start = f"{figure_text(progress, goal.baseline.level)} ({goal.baseline.date})"
    latest = progress.latest
    now = f"{figure_text(progress, latest.value)} ({latest.date})" if latest is not None else "not measured since"
    if latest is not None and not latest.agreed:
        now = f"median {now}"
    return f"{start} → {now} → target {figure_text(progress, goal.target)} by {goal.by}"


def about_text(progress: GoalProgress) -> str:
    """What the goal is about: 'criterion Shared vision of A vision… (vision-teacher-learning)'."""
    goal = progress.goal
    what = "statement" if goal.kind == "survey" else "criterion"
    return f"{what} {progress.criterion_title or goal.item_id} ({goal.content_id})"


def school_counts(
    progress: Iterable[tuple[TeamGoals, list[GoalProgress]]],
) -> list[tuple[str, int, dict[GoalState, int]]]:
    """Per school: how many goals, and how many in each state (what a district sees: no names)."""
    rows: dict[str, tuple[int, dict[GoalState, int]]] = {}
    for team, items in progress:
        school = team.school or "unknown"
        total, counts = rows.get(school, (0, dict.fromkeys(STATES, 0)))
        for state, n in state_counts(items).items():
            counts[state] += n
        rows[school] = (total + len(items), counts)
    return [(school, total, counts) for school, (total, counts) in rows.items()]


@dataclass
class GoalsReport:
    """What a report says of goals: every goals file found (with problems, if any) and each loaded
    one's goals as they stand."""

    teams: list[TeamGoals] = field(default_factory=list)
    progress: list[tuple[TeamGoals, list[GoalProgress]]] = field(default_factory=list)

    def of_school(self, school: str) -> list[GoalProgress]:
        return [item for team, items in self.progress if team.school == school for item in items]


def goals_report(roots: Iterable[Path], entries: Iterable[SessionEntry], today: date | None = None) -> GoalsReport:
    """The goals of the sessions given (see :func:`team_goals`), each worked out once."""
    teams = team_goals(roots, entries)
    # no notes given: goal_progress reads the follow-ups among each team's sessions itself
    return GoalsReport(teams, [(t, goal_progress(t.goals, t.entries, today=today)) for t in teams if t.goals])
