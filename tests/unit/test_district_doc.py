"""docs/district.md: the worked example (two school clones of one repository, commits, a pull, one
review over both) runs as written, and each session is listed once, with its school."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ilt_kit.review.order import schools_in
from ilt_kit.review.scan import scan_paths
from ilt_kit.review.trends import school_trends, trends

DOC = Path(__file__).resolve().parents[2] / "docs" / "district.md"


def example_script() -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- district-example -->\n```sh\n(.*?)```", text, re.DOTALL)
    assert match, "the worked example is marked <!-- district-example -->"
    return match.group(1)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_worked_example_runs_and_lists_each_session_once(tmp_path):
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    env.update(
        GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org", GIT_COMMITTER_NAME="Test",
        GIT_COMMITTER_EMAIL="test@example.org", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1",
        ILT_KIT_CHECKOUT=str(DOC.parents[1]),
    )
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", example_script()], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stdout + done.stderr

    lincoln, roosevelt = tmp_path / "lincoln" / "sessions", tmp_path / "roosevelt" / "sessions"
    # the pull brought Roosevelt's files into Lincoln's clone: both clones hold all 22 sessions,
    # and each school's goals file
    def sessions_in(folder: Path) -> list[Path]:
        from ilt_kit.review.walk import session_files

        return session_files(folder)

    assert len(sessions_in(lincoln)) == len(sessions_in(roosevelt)) == 22
    assert len(list(lincoln.rglob("goals.toml"))) == len(list(roosevelt.rglob("goals.toml"))) == 2

    result = scan_paths([lincoln, roosevelt])
    assert not result.bad
    assert len(result.entries) == 22  # not 44: the same session through two clones is listed once
    assert all(len(entry.copies) == 1 and entry.conflict_of is None for entry in result.entries)
    assert schools_in(result.entries) == ["Lincoln Middle School", "Roosevelt Elementary"]
    assert {entry.district for entry in result.entries} == {"Riverside Unified"}

    # trends per school and across the district, for the same rubric
    district = {t.rubric_id: t for t in trends(result.entries)}
    per_school = school_trends(result.entries)
    rubric = next(iter(district))
    assert len(district[rubric].sessions) == sum(
        len(t.sessions) for ts in per_school.values() for t in ts if t.rubric_id == rubric
    )
    assert district[rubric].schools == ["Lincoln Middle School", "Roosevelt Elementary"]

    report = (tmp_path / "district.md").read_text(encoding="utf-8")
    assert report.count("\n## School: ") == 2
    assert "## Movement across the district" in report
    assert "## Goals per school" in report and report.count("\n## Goals at ") == 2
    assert report.count("- School: Lincoln Middle School (Riverside Unified)") == 11
