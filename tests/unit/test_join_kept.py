"""Issue 30, finding 5: the join (link, code, port, who holds which name and what each device sent)
is kept beside the session file while joining is on, so phones survive a crash or a resume."""

from __future__ import annotations

import stat

import pytest

from ilt_kit.diagnostics.problems import FileProblems
from ilt_kit.join.kept import kept_path, read_kept, write_kept
from ilt_kit.join.room import JoinRoom
from ilt_kit.review.walk import session_files


def test_the_join_is_kept_and_read_back_whole(room, make_session, tmp_path):
    names = room.session.member_names
    cid = room.session.segment.criteria[0].id
    ana = room.claim(names[0])
    room.claim(names[1])
    room.release(names[2]) if names[2] in room.claims else room.locked.add(names[2])
    room.answer(names[0], {"kind": "rubric", "criterion": cid, "level": 2}, ana.token)
    path = kept_path(tmp_path / "sessions" / "2026-01-01-x.toml")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_kept(path, room.kept(8765))

    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds the devices' tokens
    assert path.name.startswith(".") and path not in session_files(path.parent)  # never read as a session
    kept = read_kept(path)
    again = JoinRoom(room.session, scenario=room.scenario, rubric_for=room.rubric_for, clock=room.clock)
    again.restore(kept)
    assert (again.token, again.code, kept.port) == (room.token, room.code, 8765)
    assert {name: claim.token for name, claim in again.claims.items()} == {
        name: claim.token for name, claim in room.claims.items()
    }
    assert again.member_for(ana.token) == names[0]
    assert again.claims[names[0]].sent == room.claims[names[0]].sent == {(room.session.segment.id, cid, 1): 2}
    assert again.locked == {names[2]}
    # the device is shown its own answer again, not "answered elsewhere"
    assert again.view(names[0], ana.token)["task"]["mine"] == 2


def test_no_kept_join_is_none(tmp_path):
    assert read_kept(tmp_path / ".x.toml.join") is None


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ('token = "abcdefghijklmnopqrstuv"\ncode = "ABC234"\nport = ]\n', 3, ""),
        ('token = "abcdefghijklmnopqrstuv"\ncode = "ABC234"\nport = "eighty"\n', 3, "port"),
    ],
)
def test_a_join_file_that_cannot_be_used_names_its_file_and_line(tmp_path, text, line, says):
    path = tmp_path / ".s.toml.join"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(FileProblems) as raised:
        read_kept(path)
    problem = raised.value.problems[0]
    assert problem.path == str(path) and problem.line == line
    assert says in str(raised.value)
