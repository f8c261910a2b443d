"""`ilt-kit resume FILE` of a session made from own content finds that content again, from any
folder and without --content, and says clearly when it has moved."""

from __future__ import annotations

import shutil

from ilt_kit.content.library import load_library
from ilt_kit.store.files import load_record
from ilt_kit.tui.app import IltApp
from tests.conftest import CONTENT, FakeClock
from tests.tui.conftest import driven, plain

SIZE = (120, 36)


def _made_from_own_content(tmp_path, team):
    """A session started in school/ with --content mycontent; returns its file."""
    content = tmp_path / "mycontent"
    shutil.copytree(CONTENT, content)
    school = tmp_path / "school"
    school.mkdir()
    library = load_library([content], cwd=school)
    clock = FakeClock()
    app = IltApp(library, sessions_dir=school / "sessions", team=team, clock=clock, wall=clock.wall)
    session, handle = app.new_session(library.scenario("test-all-kinds"), team, "Own content", "Dana Whitfield")
    app.close_session()  # that ilt-kit is done with it: another may resume it
    return handle.path, content


def _resume_elsewhere(tmp_path, path, done: int = 0):
    """The app resuming ``path`` from another folder, without --content; its first ``done``
    segments closed as ``n`` closes them (the screen opens on the next one)."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    clock = FakeClock()
    app = IltApp(load_library([], cwd=elsewhere), sessions_dir=path.parent, clock=clock, wall=clock.wall)
    opened = app.open_session(path)
    for _ in range(done):
        opened[0].next()
    app.start = lambda a: a.run_screen(*opened)
    return app


def test_the_record_says_where_own_content_came_from(tmp_path, team):
    path, _ = _made_from_own_content(tmp_path, team)
    record = load_record(path)
    assert record.scenario_file == "../../mycontent/scenarios/test-all-kinds.toml"
    rated = [s for s in record.segments if getattr(s, "rubric_id", None)]
    assert {s.rubric_id: s.rubric_file for s in rated} == {
        "test-rubric": "../../mycontent/rubrics/test-rubric.toml",
        "test-survey": "../../mycontent/rubrics/test-survey.toml",
    }


async def test_resume_finds_own_content_again_from_another_folder(tmp_path, team):
    path, _ = _made_from_own_content(tmp_path, team)
    app = _resume_elsewhere(tmp_path, path, done=2)  # welcome -> ideas -> score
    assert app.content_notes == []
    assert app.rubric_for("test-rubric") is not None and "test-all-kinds" in app.library.scenarios
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        assert app.session.segment.id == "score"
        shown = plain(app.screen.query_one("#criterion"))
        assert "not loaded" not in shown
        assert "Meeting notes that cite student work" in shown  # its look-fors, from the rubric file


async def test_resume_says_clearly_when_own_content_has_moved(tmp_path, team):
    path, content = _made_from_own_content(tmp_path, team)
    content.rename(tmp_path / "moved-content")
    app = _resume_elsewhere(tmp_path, path, done=2)  # welcome -> ideas -> score
    assert len(app.content_notes) == 3
    rubric_note = next(n for n in app.content_notes if "rubric 'test-rubric'" in n)
    assert "mycontent/rubrics/test-rubric.toml" in rubric_note and "has moved or is gone" in rubric_note
    assert "--content" in rubric_note
    async with driven(app, size=SIZE) as pilot:
        await pilot.pause()
        notes = [n.message for n in app._notifications]
        assert any("has moved or is gone" in n for n in notes), notes
        assert app.session.segment.id == "score"
        shown = plain(app.screen.query_one("#criterion"))
        assert "not loaded" in shown and "test-rubric.toml" in shown
