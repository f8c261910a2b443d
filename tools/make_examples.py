"""Make the example sessions: one school year of the Lincoln Middle School ILT.

    python tools/make_examples.py [--replace] [--school NAME [--district NAME]] OUTDIR

``python tools/make_examples.py --replace examples`` makes the committed examples again
(``--replace``: the session files already in OUTDIR are removed first; without it, the generator
stops before writing anything if a file it would write exists).

Every file is produced by driving the real session engine with the built-in scenarios, with a
fake clock set to each meeting's date and time — the same calls the TUI makes when a facilitator
presses keys — so the examples always match what ilt-kit writes. Afterwards some actions are
marked done on later dates with :func:`ilt_kit.review.followup.mark_done_all`, as a leader does in
review. The year shows the same rubric rated three times with levels rising, surveys (one split
by role, with a central-office member on the team), brainstorms with dot votes, a forecast, and
actions both open and done. Random choices use a fixed seed: the output is the same every run.

It never overwrites: if any file it would write already exists, it stops before writing anything.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Sequence

if __package__ in (None, ""):  # run as a script (python tools/make_examples.py): find tools/ as a package
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ilt_kit.content.library import Library, load_library
from ilt_kit.content.models import Member, Scenario, Team
from ilt_kit.store.files import SessionFile, session_filename
from tools.example_follow_up import earlier_work_for, follow_up
from tools.example_goals import GOAL_OF_ACTION, goals_of_example, write_goals
from tools.session_driver import ScriptedClock, start_session
from ilt_kit.store.record import SessionRecord
from ilt_kit.store.results.actions import ActionsResult
from ilt_kit.store.results.brainstorm import BrainstormResult
from ilt_kit.store.results.forecast import ForecastResult
from ilt_kit.store.results.prioritize import PrioritizeResult
from ilt_kit.store.results.rated import RatedBase
from ilt_kit.store.results.survey import SurveyResult
from ilt_kit.store.results.follow_up import FollowUpResult

SEED = 20262027

TEAM = Team(
    name="Lincoln Middle School ILT",
    facilitator="Dana Whitfield",
    members=[
        Member(name="Dana Whitfield", role="principal"),
        Member(name="Keisha Brown", role="assistant principal"),
        Member(name="Marcus Chen", role="teacher leader"),
        Member(name="Tom Novak", role="teacher leader"),
        Member(name="Ana Sousa", role="teacher leader"),
        Member(name="Priya Raman", role="coach"),
        Member(name="Luis Ortega", role="central office"),
    ],
)
DANA, KEISHA, MARCUS, TOM, ANA, PRIYA, LUIS = (m.name for m in TEAM.members)


def local_time(day: date, hour: int, minute: int) -> datetime:
    """Eastern time with daylight saving (US rules for 2026-27), as a fixed-offset aware datetime."""
    summer = date(2026, 3, 8) <= day < date(2026, 11, 1) or date(2027, 3, 14) <= day < date(2027, 11, 7)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone(timedelta(hours=-4 if summer else -5)))


# --------------------------------------------------------------------------------- the plan


@dataclass
class Meeting:
    day: date
    scenario: str
    title: str
    levels: dict[str, int] = field(default_factory=dict)
    """Rubric criterion id -> the level the team agrees (0: no evidence yet)."""
    evidence: dict[str, str] = field(default_factory=dict)
    survey: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Survey statement id -> (building mean, central office mean); missing: the mood below."""
    mood: tuple[float, float] = (3.0, 3.6)
    ideas: dict[str, list[tuple[str, str, str, float]]] = field(default_factory=dict)
    """Brainstorm segment id -> (text, author, theme, appeal) per idea; appeal weights the dots."""
    merges: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    """Brainstorm segment id -> (idea kept, idea merged into it), done after the ideas are in."""
    forecast: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    """Forecast segment id -> item id -> agreed (likelihood, impact)."""
    new_items: dict[str, list[tuple[str, str, int, int]]] = field(default_factory=dict)
    actions: list[tuple[str, str, date | None, str, date | None]] = field(default_factory=list)
    """(what, owner, due, link, done on) — done on: marked done in review on that date."""
    decisions: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    skip: set[str] = field(default_factory=set)
    pace: dict[str, float] = field(default_factory=dict)
    """Segment id -> share of its planned time actually used (default around 1.0)."""
    extra: dict[str, int] = field(default_factory=dict)
    """Segment id -> minutes added during the meeting."""
    balance: float = 0.5
    """0: the principal does most of the talking; 1: talk is shared evenly."""


VISION_AUG = {
    "shared-vision": 1, "efficacy": 2, "collaboration": 2, "getting-better": 1,
    "problem-solving": 1, "name-and-solve": 2, "take-action": 0,
}
VISION_JAN = {
    "shared-vision": 2, "efficacy": 2, "collaboration": 3, "getting-better": 2,
    "problem-solving": 2, "name-and-solve": 3, "take-action": 1,
}
VISION_MAY = {
    "shared-vision": 3, "efficacy": 3, "collaboration": 3, "getting-better": 3,
    "problem-solving": 2, "name-and-solve": 3, "take-action": 2,
}
VISION_EVIDENCE_AUG = {
    "shared-vision": "Asked separately, three teachers described three different pictures of strong learning "
    "(quiet on-task rooms, test scores, student talk). No common document or exemplar exists.",
    "efficacy": "Some teams name what they changed and what students did differently (7th math). Talk about "
    "students who are behind often turns to home circumstances rather than to our instruction.",
    "collaboration": "PLCs meet weekly but the August agendas we sampled were about logistics and field trips; "
    "student work came up in one of six.",
    "getting-better": "Few teachers have tried a new strategy in front of colleagues. Two said it does not "
    "feel safe to have a lesson not work during an observation year.",
    "problem-solving": "Problems are raised by administrators; teachers rarely bring their own puzzles of "
    "practice. Reading gaps in 6th grade are described as a feeder-school issue.",
    "name-and-solve": "We have a data protocol for benchmark scores; it is used three times a year and points "
    "at the same groups of students each time without a next step.",
    "take-action": "Nobody could point to an example where a team tried something after a data meeting and "
    "looked at the effect. Recorded as no evidence yet: Priya will collect examples.",
}
VISION_EVIDENCE_JAN = {
    "shared-vision": "Draft 'picture of strong student learning' went to all staff in October; 41 comments. "
    "Used in two of six PLCs so far, not yet in walkthroughs.",
    "efficacy": "More examples of teachers linking a change to student results, but still mostly in math. "
    "No change in how we talk about the lowest quartile.",
    "collaboration": "Five of six PLCs now start from student work using the 7th grade math protocol. Agendas "
    "collected by Priya show the shift since September.",
    "getting-better": "Peer-visit pairs running in 6th and 7th grade (nine visits so far). Teachers volunteered "
    "lessons they were unsure about.",
    "problem-solving": "Two teams picked their own problem of practice (academic vocabulary, lab write-ups). "
    "Still framed by leaders in the other teams.",
    "name-and-solve": "Student-work protocol is the default in PLCs; monthly rather than three times a year. "
    "Central office curriculum staff joined one 7th grade cycle.",
    "take-action": "First examples: 7th math re-taught fractions with number lines and re-checked exit "
    "tickets two weeks later. Other teams stop at the discussion.",
}
VISION_EVIDENCE_MAY = {
    "shared-vision": "The picture of strong learning is in every PLC agenda template and in our walkthrough "
    "form since February. Student focus-group answers matched it in 4 of 5 groups.",
    "efficacy": "Teams now present results as 'we changed X and these students did Y'. Spring benchmark "
    "gains in 6th reading are credited to the vocabulary routine, not to the cohort.",
    "collaboration": "All six PLCs use the protocol; the team holds the level because specials and electives "
    "teachers still have no shared team time.",
    "getting-better": "Peer visits spread to 8th grade (31 visits this year). Teachers asked for the visit "
    "schedule to continue next year.",
    "problem-solving": "Teachers bring problems of practice, but the 8th grade team still attributes the "
    "math gap to students. Kept at Developing after a second round.",
    "name-and-solve": "Routine holds; student voice data added in April. Team wants to rate 4 next year once "
    "it runs without Priya facilitating.",
    "take-action": "Four of six teams ran at least one try-and-check cycle with a re-look at student work "
    "within three weeks. Not yet every team, not yet every cycle.",
}

PL_NOV = {
    "learning-stance": 2, "social-conditions": 2, "instructional-materials": 1, "student-evidence": 2,
    "models-student-learning": 1, "practice-feedback": 1, "leaders-create-conditions": 2,
    "content-expertise": 2, "central-office-support": 1, "human-capital": 0,
    "teaching-is-complex": 3, "materials-at-center": 2, "judged-by-students": 2, "school-based": 2,
    "leaders-build-conditions": 3, "expert-led-differentiated": 2, "equity-every-classroom": 2,
    "collaborative-change": 3,
}
PL_JUN = {
    "learning-stance": 3, "social-conditions": 3, "instructional-materials": 2, "student-evidence": 3,
    "models-student-learning": 2, "practice-feedback": 2, "leaders-create-conditions": 3,
    "content-expertise": 2, "central-office-support": 2, "human-capital": 1,
    "teaching-is-complex": 4, "materials-at-center": 3, "judged-by-students": 3, "school-based": 4,
    "leaders-build-conditions": 4, "expert-led-differentiated": 3, "equity-every-classroom": 3,
    "collaborative-change": 4,
}
PL_EVIDENCE_NOV = {
    "learning-stance": "Dana shared her own coaching goal at the October staff meeting; few others have.",
    "social-conditions": "Peer-visit pairs just started; staff survey shows trust is high within grade teams, "
    "low across them.",
    "instructional-materials": "PD days this fall were generic (engagement strategies). Nothing built on the "
    "new math and ELA units teachers are teaching.",
    "student-evidence": "Benchmark data reviewed three times a year; PLCs beginning to use student work.",
    "models-student-learning": "Most adult learning is sit-and-get; the PLC protocol is the exception.",
    "practice-feedback": "Feedback comes almost only from evaluation observations.",
    "leaders-create-conditions": "Wednesday PLC time protected since November; principal still spends most "
    "observation time on evaluation.",
    "content-expertise": "Strong in math (Marcus, Priya); thin in science and for students with IEPs.",
    "central-office-support": "Curriculum office offers a menu of workshops; it has not asked what we need.",
    "human-capital": "Nobody on the team could describe how hiring or evaluation treats learning. Luis will "
    "bring the new-teacher induction plan.",
}
PL_EVIDENCE_JUN = {
    "learning-stance": "Leaders' own learning goals posted in the office; three teacher leaders shared theirs.",
    "social-conditions": "31 peer visits; cross-grade visits started in April.",
    "instructional-materials": "Two spring PD days rebuilt around the ELA units; math next year.",
    "student-evidence": "Student work and student voice in every PLC cycle.",
    "models-student-learning": "PLC cycles feel like the learning we want for students; PD days less so.",
    "practice-feedback": "Rehearsal added to the vocabulary routine rollout; peer feedback is still optional.",
    "leaders-create-conditions": "Schedule for next year keeps PLC time and adds cross-grade time monthly.",
    "content-expertise": "Science lead teacher named; special education co-planning still depends on Ana.",
    "central-office-support": "Curriculum office joined three PLC cycles and changed its spring offer after "
    "asking schools.",
    "human-capital": "Induction plan now pairs new teachers with a peer-visit partner; evaluation unchanged.",
}

LD_MAR = {"own-perspectives": 2, "across-perspectives": 1, "all-learners-needs": 2}
LD_EVIDENCE = {
    "own-perspectives": "Identity and assumptions come up in PLCs only when Ana raises them. The book study "
    "in the fall reached a third of staff.",
    "across-perspectives": "Talk-time data from our own meetings: the principal and the two math teachers "
    "take more than half the time. Families' views are absent from PL decisions.",
    "all-learners-needs": "Student-work protocol now asks which students the work does not reach; adults' "
    "learning needs are not asked about at all.",
}

WHERE_SEP = {
    "pl-vision": (2.2, 3.5), "pl-definition": (1.8, 3.2), "leaders-aligned": (2.6, 3.8),
    "everyone-learns-daily": (2.0, 3.0), "learning-communities": (3.2, 3.8), "values-adult-learning": (2.4, 4.0),
    "aligned-to-outcomes": (2.8, 3.6), "continuous-improvement": (3.4, 4.0), "precise-feedback": (2.0, 3.2),
    "scale-and-sustain": (2.2, 3.0), "innovation": (3.0, 3.8), "celebrate-success": (3.6, 4.0),
    "shared-leadership": (2.6, 3.4), "shared-vision": (2.4, 3.6), "collective-learning": (2.8, 3.4),
    "peer-visits": (1.6, 2.6),
}
WHERE_APR = {
    key: (min(5.0, b + bump), min(5.0, c + bump / 2))
    for (key, (b, c)), bump in zip(WHERE_SEP.items(), [0.4, 0.2, 0.6, 0.5, 0.8, 0.7, 0.5, 0.3, 0.9, 0.4, 0.3, 0.2, 0.6, 1.0, 0.8, 1.6])
}
DISTRICT_OCT = {
    "trust-intentions": (3.2, 4.6), "trust-across-departments": (2.2, 3.0), "safe-to-raise-problems": (2.4, 4.2),
    "partner-not-control": (2.0, 4.4), "clear-division-of-labor": (1.8, 3.4), "school-voice": (2.0, 4.0),
    "listens-first": (1.8, 4.2), "removes-distractions": (1.6, 3.0), "same-vision": (2.8, 4.0),
    "vision-built-together": (1.8, 3.6), "goals-fit-together": (3.0, 4.2), "two-way": (2.0, 4.4),
    "explains-why": (2.6, 3.8), "one-message": (1.6, 2.8), "school-as-center": (2.8, 4.6),
    "resources-follow": (2.2, 4.0), "builds-capacity": (2.6, 4.2), "central-office-learns": (2.0, 2.4),
}


def _d(year: int, month: int, day: int) -> date:
    return date(year, month, day)


MEETINGS: list[Meeting] = [
    Meeting(
        day=_d(2026, 8, 27),
        scenario="vision-teacher-learning",
        title="August baseline: a vision for teacher learning",
        levels=VISION_AUG,
        evidence=VISION_EVIDENCE_AUG,
        actions=[
            ("Collect one month of PLC agendas and notes from every grade team", PRIYA, _d(2026, 9, 25), "collaboration", _d(2026, 9, 24)),
            ("Draft a one-page picture of strong student learning for staff comment", DANA, _d(2026, 10, 2), "shared-vision", _d(2026, 10, 1)),
            ("Pilot a student-work protocol in the 7th grade math PLC", MARCUS, _d(2026, 10, 16), "name-and-solve", _d(2026, 10, 15)),
            ("Find two examples of a team acting on data and checking the effect", PRIYA, _d(2026, 11, 6), "take-action", _d(2026, 11, 19)),
        ],
        decisions=[
            "We will re-rate the same seven criteria in January and in May, with the same protocol.",
            "Focus for the fall: shared vision and routines to name and solve problems.",
        ],
        notes={
            "look-across": "Routines (2) score above vision and culture (1-2): we run structures without a shared "
            "picture behind them. Leverage is the shared vision.",
            "closing": "The outliers were teachers both times. Hearing them first changed two administrators' votes.",
        },
        pace={"adult-learning-culture": 1.15, "closing": 0.8},
        extra={"adult-learning-culture": 5},
        balance=0.25,
    ),
    Meeting(
        day=_d(2026, 9, 17),
        scenario="where-are-we-now",
        title="September read: where are we now?",
        survey=WHERE_SEP,
        actions=[
            ("Share the survey results with staff at the October faculty meeting", KEISHA, _d(2026, 10, 7), "", _d(2026, 10, 7)),
            ("Ask the district for its written definition of professional learning", LUIS, _d(2026, 10, 30), "pl-definition", None),
        ],
        notes={
            "debrief": "Largest gaps between us: adults' learning valued (central office agrees, teachers do not) "
            "and peer visits (nearly everyone disagrees).",
            "closing": "Words: honest, uneven, early, hopeful.",
        },
        balance=0.35,
    ),
    Meeting(
        day=_d(2026, 10, 8),
        scenario="district-culture",
        title="District culture check with central office",
        survey=DISTRICT_OCT,
        ideas={
            "stronger-partnership": [
                ("Curriculum office staff join a full PLC cycle before planning PD", LUIS, "Support for school-based learning", 3.0),
                ("One shared calendar of district requests, published a month ahead", TOM, "Fewer, better requirements", 2.5),
                ("Drop the monthly walkthrough report that duplicates our PLC notes", KEISHA, "Fewer, better requirements", 2.0),
                ("Quarterly listening visit: central office asks before it plans", ANA, "Listening and feedback loops", 2.2),
                ("Agree in writing which decisions are the school's", DANA, "Roles and decisions", 1.5),
                ("Principals and district staff learn in one learning community", PRIYA, "Shared learning across schools", 1.2),
                ("Explain the why with every new district initiative", MARCUS, "Trust and communication", 1.0),
                ("A named district partner for each school, not a department maze", TOM, "Trust and communication", 1.4),
            ]
        },
        actions=[
            ("Invite curriculum office staff into one 7th grade PLC cycle", LUIS, _d(2026, 11, 13), "idea 1", _d(2026, 11, 12)),
            ("List every district request that took PLC time this fall", TOM, _d(2026, 11, 6), "idea 2", _d(2026, 11, 9)),
            ("Propose a single request calendar to the assistant superintendent", LUIS, _d(2027, 1, 15), "idea 2", _d(2027, 2, 3)),
        ],
        notes={
            "gaps": "Central office sees itself as a partner that listens (4+); building members disagree (about 2). "
            "Both sides agree the central office does not learn together yet.",
            "closing": "Luis: 'I did not know the walkthrough report costs each PLC a meeting a month.'",
        },
        pace={"survey": 1.1, "gaps": 1.2},
        extra={"gaps": 5},
        balance=0.45,
    ),
    Meeting(
        day=_d(2026, 10, 29),
        scenario="blue-sky",
        title="Blue sky: Lincoln as a learning school",
        ideas={
            "capture": [
                ("Students explain what they are learning and why, in every room", MARCUS, "Student experience", 3.0),
                ("Teachers visit each other's classes every month, by choice", PRIYA, "Teacher learning", 3.2),
                ("PLC time is never taken for other meetings", TOM, "Time and structures", 2.4),
                ("Families see student work, not only grades", ANA, "Families and community", 1.6),
                ("Every student has an adult who knows how they learn best", ANA, "Equity and belonging", 2.6),
                ("The principal's calendar shows more coaching than compliance", KEISHA, "School leadership", 1.8),
                ("Central office staff are regulars in our PLCs", LUIS, "Central office partnership", 1.0),
                ("Feedback on teaching comes weekly, from peers, not once a year", DANA, "Feedback and evidence", 2.0),
                ("Student voice data is read as seriously as test scores", MARCUS, "Feedback and evidence", 1.4),
                ("Special education and general education teachers plan together", ANA, "Equity and belonging", 1.8),
                ("Teachers watch each other teach, often", TOM, "Teacher learning", 1.0),
            ]
        },
        merges={"capture": [(2, 11)]},  # the same picture twice: folded into idea 2
        actions=[
            ("Set up two peer-visit pairs per grade, with a simple visit form", PRIYA, _d(2026, 12, 11), "idea 2", _d(2026, 12, 10)),
            ("Protect Wednesday PLC time: no other meetings scheduled", DANA, _d(2026, 11, 20), "idea 3", _d(2026, 11, 16)),
            ("Ask students in each grade what they are learning and why; bring quotes", MARCUS, _d(2027, 1, 8), "idea 1", _d(2027, 1, 14)),
        ],
        notes={
            "compare-today": "Student explanation of learning: happens in 7th math, rarely elsewhere. Peer visits: "
            "none this year. PLC time: taken twice this month for testing logistics.",
        },
        balance=0.5,
    ),
    Meeting(
        day=_d(2026, 11, 19),
        scenario="pl-system-self-assessment",
        title="Professional learning system: fall self-assessment",
        levels=PL_NOV,
        evidence=PL_EVIDENCE_NOV,
        actions=[
            ("Rebuild the two spring PD days around the ELA units teachers use", TOM, _d(2027, 2, 26), "instructional-materials", _d(2027, 3, 4)),
            ("Bring the district's new-teacher induction plan to the ILT", LUIS, _d(2027, 1, 14), "human-capital", _d(2027, 1, 14)),
            ("Add five minutes of rehearsal to every PLC protocol cycle", PRIYA, _d(2027, 1, 29), "practice-feedback", None),
        ],
        decisions=["Weakest link to work on first: learning built on our instructional materials."],
        notes={
            "weakest-link": "Materials (1) and feedback on practice (1): our PD is generic and feedback comes only "
            "from evaluation.",
        },
        pace={"shifts": 1.1, "culture-curriculum": 1.05, "central-office": 0.9},
        skip={"assessment-roles"},
        balance=0.5,
    ),
    Meeting(
        day=_d(2027, 1, 14),
        scenario="vision-teacher-learning",
        title="January re-rating: a vision for teacher learning",
        levels=VISION_JAN,
        evidence=VISION_EVIDENCE_JAN,
        actions=[
            ("Add the picture of strong learning to the PLC agenda template", KEISHA, _d(2027, 2, 5), "shared-vision", _d(2027, 2, 4)),
            ("Add the picture of strong learning to the walkthrough form", DANA, _d(2027, 2, 12), "shared-vision", _d(2027, 2, 12)),
            ("Coach two more teams through a try-and-check cycle", PRIYA, _d(2027, 3, 26), "take-action", _d(2027, 4, 1)),
            ("Student focus groups on the picture of strong learning", ANA, _d(2027, 4, 30), "shared-vision", _d(2027, 5, 6)),
        ],
        decisions=["Keep the same two focus criteria; add 'routines that lead to action' for the spring."],
        notes={
            "look-across": "Collaboration and routines moved up a level; vision still lags behind. The outliers "
            "were more often administrators this time.",
        },
        pace={"vision-beliefs": 1.05, "adult-learning-culture": 0.95},
        balance=0.55,
    ),
    Meeting(
        day=_d(2027, 2, 11),
        scenario="forecasting",
        title="Forecasting: planning for next year",
        forecast={
            "forces": {
                "staffing": (5, 5), "enrollment-budget": (4, 4), "ai-tools": (5, 3),
                "changing-students": (4, 4), "wellbeing": (4, 5), "new-expectations": (3, 3),
            },
            "futures": {"school-as-hub": (3, 5), "thin-staffing": (4, 5), "learning-anywhere": (2, 3), "status-quo": (3, 2)},
        },
        new_items={"forces": [("State science assessment redesign", "New performance tasks from 2028.", 4, 3)]},
        ideas={
            "do-differently": [
                ("Grow our own teacher leaders: a second-year fellowship", PRIYA, "Change how adults learn", 3.0),
                ("Stop one-off PD days that are not tied to our units", TOM, "Stop", 2.6),
                ("Co-plan with special education in every PLC", ANA, "Change structures and time", 2.4),
                ("Pair every new teacher with a peer-visit partner from day one", KEISHA, "Start", 2.8),
                ("Use AI tools for drafting feedback, with a shared norm", MARCUS, "Start", 1.2),
                ("A district hiring fair with our own teachers presenting", LUIS, "Central office and schools", 1.4),
                ("Wellbeing check-ins in advisory, tracked monthly", DANA, "Partnerships", 1.6),
            ]
        },
        actions=[
            ("Write a one-page proposal for a teacher-leader fellowship", PRIYA, _d(2027, 3, 19), "idea 1", _d(2027, 3, 18)),
            ("Pair each new hire for 2027-28 with a peer-visit partner", KEISHA, _d(2027, 8, 20), "idea 4", None),
            ("Cut the June PD day that is not tied to our units", TOM, _d(2027, 4, 2), "idea 2", None),
        ],
        notes={"closing": "Assumption shaken: that next year's staff will be this year's staff."},
        pace={"forces": 1.1, "futures": 0.85},
        balance=0.6,
    ),
    Meeting(
        day=_d(2027, 3, 11),
        scenario="learning-drivers",
        title="Learning drivers: whose perspective shapes our learning?",
        levels=LD_MAR,
        evidence=LD_EVIDENCE,
        actions=[
            ("Rotate the PLC facilitator role so every teacher leads once", MARCUS, _d(2027, 4, 30), "across-perspectives", _d(2027, 5, 3)),
            ("Add a 'which students does this not reach?' step to the protocol", ANA, _d(2027, 3, 26), "all-learners-needs", _d(2027, 3, 25)),
            ("Invite two parents to a PLC showcase in May", KEISHA, _d(2027, 5, 14), "across-perspectives", None),
        ],
        notes={
            "across-perspectives": "Talk time today: Dana, Marcus and Priya took most of it; Luis and Ana under 10% "
            "each. Agreed to watch this at every meeting.",
            "closing": "Our guesses about who talks most were right; our guesses about how much were not.",
        },
        pace={"own-beliefs": 1.25, "all-learners": 0.9},
        extra={"own-beliefs": 3},
        balance=0.4,
    ),
    Meeting(
        day=_d(2027, 4, 15),
        scenario="where-are-we-now",
        title="Spring read: where are we now?",
        survey=WHERE_APR,
        actions=[
            ("Write next year's peer-visit schedule into the master calendar", PRIYA, _d(2027, 6, 4), "peer-visits", None),
            ("Share the fall-to-spring comparison with staff and the district", KEISHA, _d(2027, 5, 7), "", _d(2027, 5, 6)),
        ],
        notes={"debrief": "Biggest movement: peer visits and shared vision. Still low: a formal definition of PL."},
        skip={"next-cycle"},
        balance=0.65,
    ),
    Meeting(
        day=_d(2027, 5, 20),
        scenario="vision-teacher-learning",
        title="May re-rating: a vision for teacher learning",
        levels=VISION_MAY,
        evidence=VISION_EVIDENCE_MAY,
        actions=[
            ("Give specials and electives teachers a shared team time next year", DANA, _d(2027, 8, 14), "collaboration", None),
            ("Train two teacher leaders to facilitate the student-work protocol", PRIYA, _d(2027, 9, 30), "name-and-solve", None),
            ("Summer reading for 8th grade team on math identity", MARCUS, None, "problem-solving", None),
        ],
        decisions=[
            "Next year's focus: problem solving and routines that lead to action.",
            "Keep the three ratings a year; add a student focus group before each.",
        ],
        notes={
            "look-across": "Every criterion but problem solving has moved at least one level since August. Problem "
            "solving stayed at 2 after two rounds: the 8th grade math conversation is the work for next year.",
            "closing": "Outliers again changed the result: problem solving was 3 until Ana and Tom spoke.",
        },
        pace={"systems-routines": 1.05},
        balance=0.7,
    ),
    Meeting(
        day=_d(2027, 6, 3),
        scenario="pl-system-self-assessment",
        title="Professional learning system: end-of-year review",
        levels=PL_JUN,
        evidence=PL_EVIDENCE_JUN,
        actions=[
            ("Rebuild the fall math PD days around the new math units", MARCUS, _d(2027, 8, 28), "instructional-materials", None),
            ("Ask HR to add peer feedback to the new-teacher evaluation cycle", LUIS, _d(2027, 10, 1), "human-capital", None),
            ("Draft next year's ILT calendar with the three rating meetings", DANA, _d(2027, 6, 18), "", None),
        ],
        notes={
            "weakest-link": "Still materials and talent systems, but both moved. Talent systems sit mostly with the "
            "district: Luis to carry it.",
            "assessment-roles": "Teachers own day-to-day checks; the school owns the student-work cycle; the district "
            "owns the benchmark calendar and should ask us before changing it.",
        },
        pace={"shifts": 0.9, "learning-leadership": 1.1},
        balance=0.7,
    ),
]


# ------------------------------------------------------------------------------ the driver


class Driver:
    """Runs one meeting through a :class:`Session`, the way a facilitator would."""

    def __init__(self, library: Library, meeting: Meeting, rng: random.Random, team: Team = TEAM, earlier=None) -> None:  # noqa: ANN001
        self.library = library
        self.meeting = meeting
        self.rng = rng
        self.scenario: Scenario = library.scenario(meeting.scenario)
        self.clock = ScriptedClock(local_time(meeting.day, 15, 30), whole_seconds=True)
        self.session, _ = start_session(library, meeting.scenario, team, meeting.title, self.clock, earlier=earlier)
        self.session.actions.set_goals(goals_of_example(team))
        self.names = [m.name for m in TEAM.members]
        self.roles = {m.name: m.role for m in TEAM.members}

    # -- helpers ------------------------------------------------------------------------------
    def pause(self, low: float, high: float) -> None:
        self.clock.advance(self.rng.uniform(low, high))

    def talk_weights(self) -> dict[str, float]:
        """Early in the year the principal and the math teachers dominate; later it evens out."""
        heavy = {DANA: 3.0, MARCUS: 1.8, PRIYA: 1.6, KEISHA: 1.2, TOM: 1.0, ANA: 0.6, LUIS: 0.5}
        b = self.meeting.balance
        return {name: (1 - b) * heavy[name] + b * 1.0 for name in self.names}

    def discuss(self, seconds: float, first: Sequence[str] = ()) -> None:
        """Members speak in turn for about ``seconds`` (those in ``first`` open)."""
        if seconds <= 0:
            return
        weights = self.talk_weights()
        spent = 0.0
        queue = list(first)
        while spent < seconds:
            if queue:
                speaker = queue.pop(0)
            else:
                speaker = self.rng.choices(list(weights), weights=list(weights.values()))[0]
            turn = min(self.rng.uniform(25, 110) * (1.2 if speaker == DANA else 1.0), seconds - spent)
            if self.session.speaker != speaker:
                self.session.speak(speaker)
            self.clock.advance(turn)
            spent += turn
        if self.session.speaker is not None:
            self.session.speak(None)

    def tracks_talk(self, segment_id: str) -> bool:
        for seg in self.scenario.segments:
            if seg.id == segment_id:
                return seg.talk_time
        return False

    # -- segment kinds ------------------------------------------------------------------------
    def ballots(self, target: int, scale: list[int], spread_wide: bool) -> dict[str, int]:
        rated = [v for v in scale if v != 0]
        centre = target if target != 0 else min(rated)
        votes = {}
        for name in self.names:
            roll = self.rng.random()
            if target == 0 and roll < 0.55 and 0 in scale:
                votes[name] = 0
                continue
            if spread_wide and roll < 0.16:
                level = centre + self.rng.choice((-2, 2))
            elif roll < 0.40:
                level = centre + 1 if self.roles[name] in ("principal", "central office") else centre - 1
            elif roll < 0.58:
                level = centre + self.rng.choice((-1, 1))
            else:
                level = centre
            votes[name] = min(max(level, min(rated)), max(rated))
        return votes

    def rate_rubric(self, segment: RatedBase, budget: float) -> None:
        values = [level.value for level in segment.scale]
        per = budget / max(len(segment.criteria), 1)
        talk = self.tracks_talk(segment.id)
        for criterion in segment.criteria:
            start = self.clock.now
            target = self.meeting.levels.get(criterion.id, 2)
            votes = read_alike(self.ballots(target, values, spread_wide=True), target, values, self.meeting.day, criterion.id)
            for name, level in votes.items():
                self.session.rated.cast(criterion.id, name, level)
                self.pause(4, 12)
            stats = self.session.rated.reveal(criterion.id)
            outliers = [name for name, level in stats.outliers if name] if stats.outliers else []
            if not outliers and stats.low is not None:
                outliers = [n for n, v in votes.items() if v in (stats.low, stats.high) and v != 0][:2]
            if talk:
                self.discuss(per * 0.45, first=outliers)
            else:
                self.pause(per * 0.3, per * 0.45)
            if stats.spread is not None and stats.spread >= 2:
                self.session.rated.new_round(criterion.id)
                for name in self.names:
                    roll = self.rng.random()
                    base = target if target != 0 else min(v for v in values if v)
                    level = target if roll < 0.7 else base + self.rng.choice((-1, 1))
                    level = min(max(level, min(values)), max(values))
                    self.session.rated.cast(criterion.id, name, level)
                    self.pause(3, 8)
                self.session.rated.reveal(criterion.id)
                if talk:
                    self.discuss(per * 0.15)
            self.session.rated.agree(criterion.id, target, self.meeting.evidence.get(criterion.id, ""))
            self.clock.advance(max(0.0, per - (self.clock.now - start)))

    def answer_survey(self, segment: SurveyResult, budget: float) -> None:
        per = budget / max(len(segment.criteria), 1)
        default_building, default_central = self.meeting.mood
        for criterion in segment.criteria:
            start = self.clock.now
            building, central = self.meeting.survey.get(criterion.id, (default_building, default_central))
            for name in self.names:
                mean = central if self.roles[name] == "central office" else building
                level = round(self.rng.gauss(mean, 0.7))
                self.session.rated.cast(criterion.id, name, min(max(level, 1), 5))
                self.pause(2, 6)
            self.session.rated.reveal(criterion.id)
            self.clock.advance(max(0.0, per - (self.clock.now - start)))

    def brainstorm(self, segment: BrainstormResult, budget: float) -> None:
        ideas = self.meeting.ideas.get(segment.id, [])
        per = budget / max(len(ideas), 1)
        talk = self.tracks_talk(segment.id)
        for text, author, theme, _ in ideas:
            if talk:
                self.discuss(per * 0.6, first=[author])
            else:
                self.pause(per * 0.5, per * 0.8)
            self.session.brainstorm.add(text, author, theme)
        for keep, other in self.meeting.merges.get(segment.id, []):
            self.pause(10, 30)
            self.session.brainstorm.merge(keep, other)

    def prioritize(self, segment: PrioritizeResult) -> None:
        appeal = {}
        for source_ideas in self.meeting.ideas.values():
            for text, _, _, weight in source_ideas:
                appeal[text] = weight
        ideas = self.session.dots.source_ideas(segment)
        if not ideas:
            return
        weights = [appeal.get(idea.text.split(" / ")[0], 1.0) ** 2 for idea in ideas]  # a merged idea: its first text
        for name in self.names:
            for _ in range(segment.budget):
                idea = self.rng.choices(ideas, weights=weights)[0]
                self.session.dots.place(name, idea.id)
                self.pause(3, 9)
        if not segment.shown:  # the dots were hidden while members placed them: the facilitator reveals them
            self.pause(10, 30)
            self.session.dots.reveal()

    def forecast(self, segment: ForecastResult, budget: float) -> None:
        agreed = dict(self.meeting.forecast.get(segment.id, {}))
        for title, description, likelihood, impact in self.meeting.new_items.get(segment.id, []):
            item_id = self.session.forecast.add_item(title, description)
            agreed[item_id] = (likelihood, impact)
        per = budget / max(len(segment.items), 1)
        talk = self.tracks_talk(segment.id)
        for item in list(segment.items):
            start = self.clock.now
            likelihood, impact = agreed.get(item.id, (3, 3))
            for name in self.names:
                jitter_l = self.rng.choice((-1, 0, 0, 1))
                jitter_i = self.rng.choice((-1, 0, 0, 0, 1))
                self.session.forecast.rate(
                    item.id, name, min(max(likelihood + jitter_l, 1), 5), min(max(impact + jitter_i, 1), 5)
                )
                self.pause(3, 8)
            if talk:
                self.discuss(per * 0.5)
            self.session.forecast.rate(item.id, "team", likelihood, impact)
            self.clock.advance(max(0.0, per - (self.clock.now - start)))

    def plan_actions(self, budget: float) -> None:
        per = budget / max(len(self.meeting.actions), 1)
        for what, owner, due, link, _ in self.meeting.actions:
            self.pause(per * 0.6, per * 0.9)
            self.session.actions.add(what, owner, due, link, goal=GOAL_OF_ACTION.get(what, ""))

    # -- the meeting --------------------------------------------------------------------------
    def run(self) -> SessionRecord:
        session = self.session
        meeting = self.meeting
        self.pause(60, 240)  # people arrive; the facilitator opens the session
        session.start()
        last = len(session.segments) - 1
        while True:
            segment = session.segment
            planned = session.planned(segment)
            target = planned * meeting.pace.get(segment.id, self.rng.uniform(0.85, 1.05))
            target += meeting.extra.get(segment.id, 0) * 60 * 0.8
            start = self.clock.now
            if segment.id in meeting.skip and session.index < last:
                self.pause(20, 60)
                session.skip()
                continue
            work = target * 0.9
            if isinstance(segment, SurveyResult):
                self.answer_survey(segment, work)
            elif isinstance(segment, RatedBase):
                self.rate_rubric(segment, work)
            elif isinstance(segment, BrainstormResult):
                self.brainstorm(segment, work)
            elif isinstance(segment, PrioritizeResult):
                self.prioritize(segment)
            elif isinstance(segment, ForecastResult):
                self.forecast(segment, work)
            elif isinstance(segment, FollowUpResult):
                follow_up(session, segment, MEETINGS, self.clock.advance, work)
            elif isinstance(segment, ActionsResult):
                self.plan_actions(work)
                for decision in meeting.decisions:
                    session.add_decision(decision)
            elif self.tracks_talk(segment.id):
                self.discuss(work)
            if segment.id in meeting.extra:
                session.adjust(meeting.extra[segment.id])
            if segment.id in meeting.notes:
                session.set_notes(meeting.notes[segment.id])
            self.clock.advance(max(0.0, target - (self.clock.now - start)))
            if session.index >= last:
                session.finish()
                break
            session.next()
        return session.record


def read_alike(votes: dict[str, int], target: int, scale: list[int], day: date, criterion_id: str) -> dict[str, int]:
    """The year's calibration: as the team works with the rubrics, its members read them more alike,
    so more first-round ballots land on the level the team then agrees (the review's and the
    reports' calibration figures converge). Early in the school year (from 1 August) a ballot on
    that level is read a level off with a chance of 55 %, falling to none by its end; a ballot off
    it is moved onto it with a chance rising from 5 % to 95 %. It draws its own random numbers (from
    the day and the criterion), none from the year's shared generator."""
    if target == 0:  # 'no evidence yet' is not a reading of the scale
        return votes
    start = date(day.year if day.month >= 8 else day.year - 1, 8, 1)
    progress = min(max((day - start).days / 334, 0.0), 1.0)
    rng = random.Random(f"{day.isoformat()} {criterion_id}")
    rated = [value for value in scale if value != 0]
    read: dict[str, int] = {}
    for name, level in votes.items():
        roll = rng.random()
        if level == target and roll < 0.55 * (1 - progress):
            level = min(max(level + rng.choice((-1, 1)), min(rated)), max(rated))
        elif level not in (0, target) and roll < 0.05 + 0.9 * progress:
            level = target
        read[name] = level
    return read


# ---------------------------------------------------------------------------- public API


def build_year(
    library: Library | None = None, meetings: Sequence[Meeting] = MEETINGS, team: Team = TEAM
) -> tuple[list[tuple[Meeting, SessionRecord]], list[str]]:
    """Drive every meeting whose scenario exists. Returns (meeting, record) pairs and warnings."""
    library = library or load_library()
    rng = random.Random(SEED)
    built: list[tuple[Meeting, SessionRecord]] = []
    warnings: list[str] = []
    for meeting in meetings:
        if meeting.scenario not in library.scenarios:
            warnings.append(f"skipped {meeting.day} {meeting.title!r}: scenario {meeting.scenario!r} is not available")
            continue
        try:
            record = Driver(library, meeting, rng, team, earlier_work_for(meeting, built, team)).run()
        except Exception as error:  # noqa: BLE001 - content may be mid-edit; say which meeting failed
            warnings.append(f"skipped {meeting.day} {meeting.title!r}: {type(error).__name__}: {error}")
            continue
        built.append((meeting, record))
    return built, warnings


def school_team(school: str, district: str = "") -> Team:
    """The example team as the ILT of another school (its name says which), for a district's examples."""
    return TEAM.model_copy(update={"name": f"{school} ILT", "school": school, "district": district})


def write_year(outdir: Path, library: Library | None = None, team: Team = TEAM) -> tuple[list[Path], list[str]]:
    """Write the example year into ``outdir`` (created if needed), its sessions and their goals file;
    refuses if any target file exists. Returns the session files and warnings."""
    from ilt_kit.review.followup import mark_done_all

    built, warnings = build_year(library, team=team)
    from ilt_kit.content.goals import GOALS_FILE

    targets = [outdir / session_filename(record.date, record.title) for _, record in built] + [outdir / GOALS_FILE]
    clashes = [path for path in targets if path.exists()]
    if clashes:
        more = f" and {len(clashes) - 1} more" if len(clashes) > 1 else ""
        raise FileExistsError(
            f"will not overwrite existing files: {clashes[0]}{more}; remove them or choose another folder"
        )
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Meeting, Path, SessionRecord]] = []
    for meeting, record in built:
        handle = SessionFile.create(outdir, record)
        written.append((meeting, handle.path, record))
    # follow-up, as a leader does it in review weeks later: each session's marks in one write
    for meeting, path, record in written:
        segment = next((s for s in record.segments if isinstance(s, ActionsResult)), None)
        if segment is None:
            continue
        by_what = {a.what: a.id for a in segment.actions}
        marks = [(segment.id, by_what[what], done_on) for what, _, _, _, done_on in meeting.actions
                 if done_on is not None and what in by_what]
        if marks:
            _, errors = mark_done_all(path, marks)
            warnings.extend(f"{path}: {error}" for error in errors)
    write_goals(outdir, written, team)
    return [path for _, path, _ in written], warnings





def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    replace = "--replace" in args
    args = [arg for arg in args if arg != "--replace"]
    team = TEAM
    if len(args) >= 3 and args[0] == "--school":  # the same year, as another school's team
        school, args = args[1], args[2:]
        district = ""
        if len(args) >= 3 and args[0] == "--district":
            district, args = args[1], args[2:]
        team = school_team(school, district)
    if len(args) != 1 or args[0].startswith("-"):
        print("usage: python tools/make_examples.py [--replace] [--school NAME [--district NAME]] OUTDIR", file=sys.stderr)
        return 2
    outdir = Path(args[0])
    if outdir.exists() and not outdir.is_dir():
        print(f"examples: {outdir} is not a folder", file=sys.stderr)
        return 2
    if replace and outdir.is_dir():
        for old in outdir.glob("*.toml"):
            old.unlink()
    try:
        paths, warnings = write_year(outdir, team=team)
    except FileExistsError as error:
        print(f"examples: {error}", file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"examples: {warning}", file=sys.stderr)
    for path in paths:
        print(path)
        if replace:  # the folder is committed as it is: no lock files left beside the sessions
            path.with_name(f".{path.name}.lock").unlink(missing_ok=True)
    print(f"wrote {len(paths)} example sessions and their goals file (goals.toml) to {outdir}", file=sys.stderr)
    return 0 if paths else 1


if __name__ == "__main__":
    raise SystemExit(main())
