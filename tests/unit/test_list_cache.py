"""`ilt-kit list` keeps its listing in the index: a second run over unchanged content loads no
content models (no pydantic), and a changed, added or broken file is seen at once."""

from __future__ import annotations

import json
import shutil

from tests.conftest import CONTENT
from tests.forked import fresh_probes

STDLIB = ("argparse", "json", "sqlite3", "tomllib")
"""What the new interpreter imports before it forks a child for each run (none of it is pydantic:
the entry "" of the probes says so)."""


def _run(out: str, args: tuple[str, ...] = (), before: str = "") -> str:
    """Code for one `ilt-kit list --json` run in a child of its own: ``before`` first (a change to
    the content), then the command, its output written to ``out``."""
    return (
        before
        + "import io, sys\n"
        + f"sys.argv = ['ilt-kit', 'list', '--json', '--content', 'content', *{list(args)!r}]\n"
        + "from ilt_kit.cli import main\n"
        + "sys.stdout = io.StringIO()\n"
        + "assert main() == 0\n"
        + f"open({out!r}, 'w', encoding='utf-8').write(sys.stdout.getvalue())\n"
    )


def test_a_second_list_needs_no_models_and_sees_changes(tmp_path):
    """Each run in a new interpreter's child of its own, in turn (each starts with no ilt-kit
    module and no pydantic loaded, as a new `ilt-kit list` does); the changes between runs are
    made by the child of the run that follows them."""
    shutil.copytree(CONTENT, tmp_path / "content")
    rubric = next((tmp_path / "content" / "rubrics").glob("*.toml")).relative_to(tmp_path)
    rename = (
        f"from pathlib import Path\nrubric = Path({str(rubric)!r})\n"
        "rubric.write_text(rubric.read_text(encoding='utf-8').replace('title = \"', 'title = \"Renamed: ', 1), encoding='utf-8')\n"
    )
    break_one = "open('content/rubrics/broken.toml', 'w', encoding='utf-8').write('id = [\\n')\n"
    runs = {
        "first": _run("first.json"),
        "second": _run("second.json"),
        "changed": _run("changed.json", before=rename),
        "broken": _run("broken.json", before=break_one),
        "again": _run("again.json"),
        "plain": _run("plain.json", ("--no-index",)),
    }
    found = fresh_probes(runs, watch=["pydantic"], preload=STDLIB, cwd=tmp_path)
    assert found[""] == {"loaded": [], "error": None, "ilt_kit": []}  # the preloading loaded neither
    assert all(found[run]["error"] is None for run in runs), {run: found[run]["error"] for run in runs}
    listed = {run: json.loads((tmp_path / f"{run}.json").read_text(encoding="utf-8")) for run in runs}
    pydantic = {run: "pydantic" in found[run]["loaded"] for run in runs}

    assert pydantic["first"]
    assert listed["second"] == listed["first"] and not pydantic["second"]

    assert pydantic["changed"]
    assert any(r["title"].startswith("Renamed: ") for r in listed["changed"]["rubrics"])

    assert any("broken.toml" in p for p in listed["broken"]["problems"])
    assert listed["again"] == listed["broken"] and not pydantic["again"]  # the problems are kept too

    assert listed["plain"] == listed["broken"] and pydantic["plain"]
