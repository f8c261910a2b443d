"""`shows`: a segment names earlier segments whose results appear beside its prompt.

Each id must be an earlier segment of the same scenario; anything else is one line
`path:line:col: message` at the id itself, saying which mistake it is.
"""

from __future__ import annotations

import pytest

from ilt_kit.content.library import load_library
from ilt_kit.content.models import Scenario
from ilt_kit.diagnostics.toml import read_toml
from tests.conftest import CONTENT
from tests.unit.test_content_check import GOOD_SCENARIO, check, write

# In the fixture scenario the segments are, in order:
# welcome, ideas, score, survey, futures, dots, next-steps, close.
ACTIONS = 'kind = "actions"\n'


def with_shows(after: str, shows: str, text: str = GOOD_SCENARIO) -> str:
    """The fixture scenario with ``shows = <shows>`` added to the segment whose kind line is ``after``."""
    assert text.count(after) == 1, after
    return text.replace(after, f"{after}shows = {shows}\n")


def shows_line(text: str, needle: str) -> tuple[int, int]:
    """(line, column) of ``needle`` on the first line holding both 'shows' and it."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("shows = ") and needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_shows_naming_earlier_segments_loads(tmp_path):
    text = with_shows(ACTIONS, '["dots", "survey", "score"]')
    write(tmp_path, "scenarios/test-all-kinds.toml", text)
    library = load_library([CONTENT, tmp_path], cwd=tmp_path)
    assert library.problems == []
    segments = {s.id: s for s in library.scenario("test-all-kinds").segments}
    assert segments["next-steps"].shows == ["dots", "survey", "score"]
    assert segments["welcome"].shows == []  # not given: nothing shown


def test_shows_passes_check(tmp_path, capsys):
    path = write(tmp_path, "scenarios/s.toml", with_shows(ACTIONS, '["ideas", "dots"]'))
    code, lines, _ = check(capsys, path)
    assert (code, lines) == (0, ["ok: 1 file checked, no problems"])


def test_shows_a_later_segment(tmp_path, capsys):
    text = with_shows('kind = "brainstorm"\n', '["dots"]')
    path = write(tmp_path, "scenarios/s.toml", text)
    code, lines, _ = check(capsys, path)
    line, col = shows_line(text, '"dots"')
    assert code == 1
    assert lines == [
        f"{path}:{line}:{col}: segment 'ideas' shows the results of 'dots', a later segment: "
        "it may show only the results of earlier segments"
    ]


def test_shows_an_unknown_id(tmp_path, capsys):
    text = with_shows(ACTIONS, '["ideas", "dotz"]')
    path = write(tmp_path, "scenarios/s.toml", text)
    code, lines, _ = check(capsys, path)
    line, col = shows_line(text, '"dotz"')
    assert code == 1
    assert lines == [
        f"{path}:{line}:{col}: segment 'next-steps' shows the results of 'dotz', which is not a segment of this scenario"
    ]


def test_shows_its_own_id(tmp_path, capsys):
    text = with_shows(ACTIONS, '["next-steps"]')
    path = write(tmp_path, "scenarios/s.toml", text)
    code, lines, _ = check(capsys, path)
    line, col = shows_line(text, '"next-steps"')
    assert code == 1
    assert lines == [
        f"{path}:{line}:{col}: segment 'next-steps' shows the results of 'next-steps', its own id: "
        "it may show only the results of earlier segments"
    ]


def test_shows_the_same_id_twice(tmp_path, capsys):
    text = with_shows(ACTIONS, '["dots", "dots"]')
    path = write(tmp_path, "scenarios/s.toml", text)
    code, lines, _ = check(capsys, path)
    line = shows_line(text, '"dots"')[0]
    col = text.splitlines()[line - 1].rindex('"dots"') + 1
    assert code == 1
    assert lines == [f"{path}:{line}:{col}: segment 'next-steps' shows the results of 'dots' twice"]


def test_each_bad_id_of_a_multiline_list_is_found_on_its_own_line(tmp_path, capsys):
    text = with_shows(ACTIONS, '[\n    "ideas",\n    "close",\n    "nobody",\n]')
    path = write(tmp_path, "scenarios/s.toml", text)
    code, lines, _ = check(capsys, path)
    rows = text.splitlines()
    close = next(n for n, row in enumerate(rows, 1) if row == '    "close",')
    nobody = next(n for n, row in enumerate(rows, 1) if row == '    "nobody",')
    assert code == 1
    assert lines == [
        f"{path}:{close}:5: segment 'next-steps' shows the results of 'close', a later segment: "
        "it may show only the results of earlier segments",
        f"{path}:{nobody}:5: segment 'next-steps' shows the results of 'nobody', which is not a segment of this scenario",
    ]


def test_a_bad_shows_is_reported_beside_the_files_other_problems(tmp_path, capsys):
    """A file with a structural problem too still gets its shows checked, in the same run."""
    text = with_shows(ACTIONS, '["later"]').replace('title = "Reflect"', 'titel = "Reflect"')
    path = write(tmp_path, "scenarios/s.toml", text)
    code, lines, _ = check(capsys, path)
    assert code == 1
    assert any("unknown key 'titel'" in line for line in lines)
    assert any("shows the results of 'later', which is not a segment of this scenario" in line for line in lines)


KIND_LINES = ("brainstorm", "rubric", "survey", "forecast", "prioritize", "actions", "reflection")
"""The kinds of the fixture scenario's segments after its first (each may name the briefing before it)."""


@pytest.mark.parametrize("kind", KIND_LINES)
def test_shows_on_each_kind_is_accepted_or_refused_at_its_line(tmp_path, capsys, kind):
    """Every kind whose registry entry says it can show earlier results passes `check`; one that
    cannot (a survey) is refused at its `shows` key, saying why."""
    from ilt_kit.content.kinds import KINDS

    text = GOOD_SCENARIO.replace('shows = ["dots", "survey"]\n', "")  # the reflection's own shows
    text = with_shows(f'kind = "{kind}"\n', '["welcome"]', text)
    path = write(tmp_path, "scenarios/s.toml", text)
    code, lines, _ = check(capsys, path)
    if KINDS[kind].shows:
        assert (code, lines) == (0, ["ok: 1 file checked, no problems"])
    else:
        line, _ = shows_line(text, '"welcome"')
        assert code == 1  # the fixture's segment of that kind has the kind's name as its id
        assert lines == [f"{path}:{line}:1: segment {kind!r} is {KINDS[kind].cannot_show}; leave shows out"]


def test_the_model_refuses_a_bad_shows_too(tmp_path):
    """Not only `check`: loading the scenario as a model refuses it (the run screen never sees one)."""
    path = write(tmp_path, "s.toml", with_shows(ACTIONS, '["close"]'))
    with pytest.raises(ValueError, match="a later segment"):
        Scenario.model_validate(read_toml(path)[1])


# The built-in scenarios: segments whose prompt or questions talk about earlier results name them.
BUILTIN_SHOWS = {
    ("blue-sky", "compare-today"): ["prioritize"],
    ("blue-sky", "actions"): ["prioritize"],
    ("cpl-review", "compare"): ["review-first", "review-second"],
    ("district-culture", "gaps"): ["survey"],
    ("district-culture", "actions"): ["prioritize"],
    ("forecasting", "do-differently"): ["forces", "futures"],
    ("leadership-self-evaluation", "actions"): ["prioritize"],
    ("learning-communities", "draft-statement"): ["prioritize"],
    ("pl-system-self-assessment", "weakest-link"): ["shifts", "culture-curriculum", "learning-leadership", "central-office"],
    ("shared-vision", "reality-check"): ["what-matters-most"],
    ("vision-teacher-learning", "look-across"): ["vision-beliefs", "adult-learning-culture", "systems-routines"],
    ("where-are-we-now", "debrief"): ["survey"],
    ("where-are-we-now", "actions"): ["survey"],
}


@pytest.fixture(scope="module")
def builtin(tmp_path_factory):
    return load_library(cwd=tmp_path_factory.mktemp("elsewhere"))


def test_builtin_scenarios_show_the_results_they_talk_about(builtin):
    assert builtin.problems == []
    found = {
        (scenario_id, segment.id): segment.shows
        for scenario_id, loaded in builtin.scenarios.items()
        for segment in loaded.item.segments
    }
    assert {key: found.get(key) for key in BUILTIN_SHOWS} == BUILTIN_SHOWS


def test_builtin_shows_name_segments_that_have_results(builtin):
    """A briefing or a reflection records only notes and talk time: nothing to show beside a prompt."""
    for loaded in builtin.scenarios.values():
        kinds = {segment.id: segment.kind for segment in loaded.item.segments}
        for segment in loaded.item.segments:
            for shown in segment.shows:
                assert kinds[shown] not in ("briefing", "reflection"), (loaded.item.id, segment.id, shown)
