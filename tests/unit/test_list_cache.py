"""`ilt-kit list` keeps its listing in the index: a second run over unchanged content loads no
content models (no pydantic), and a changed, added or broken file is seen at once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from tests.conftest import CONTENT

PROBE = (
    "import sys; sys.argv = ['ilt-kit'] + sys.argv[1:]\n"
    "from ilt_kit.cli import main\n"
    "code = main()\n"
    "print('PYDANTIC' if 'pydantic' in sys.modules else 'NO-PYDANTIC', file=sys.stderr)\n"
    "raise SystemExit(code)\n"
)


def _list(tmp_path, *args):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "list", "--json", "--content", str(tmp_path / "content"), *args],
        capture_output=True, text=True, cwd=tmp_path, env=dict(os.environ), timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout), done.stderr


def test_a_second_list_needs_no_models_and_sees_changes(tmp_path):
    shutil.copytree(CONTENT, tmp_path / "content")
    first, err = _list(tmp_path)
    assert "PYDANTIC" in err.split()
    second, err = _list(tmp_path)
    assert second == first and "NO-PYDANTIC" in err.split()

    rubric = next((tmp_path / "content" / "rubrics").glob("*.toml"))
    text = rubric.read_text(encoding="utf-8")
    rubric.write_text(text.replace('title = "', 'title = "Renamed: ', 1), encoding="utf-8")
    changed, err = _list(tmp_path)
    assert "PYDANTIC" in err.split()
    assert any(r["title"].startswith("Renamed: ") for r in changed["rubrics"])

    (tmp_path / "content" / "rubrics" / "broken.toml").write_text("id = [\n", encoding="utf-8")
    broken, _ = _list(tmp_path)
    assert any("broken.toml" in p for p in broken["problems"])
    again, err = _list(tmp_path)
    assert again == broken and "NO-PYDANTIC" in err.split()  # the problems are kept too

    plain, err = _list(tmp_path, "--no-index")
    assert plain == broken and "PYDANTIC" in err.split()
