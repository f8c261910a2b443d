"""`ilt-kit check` as an author uses it: the files named are content for each other, from any
folder; every problem of every file in one run; each problem at the key it is about."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import CONTENT
from tests.forked import run_ilt

DOC = Path(__file__).resolve().parents[2] / "docs" / "authoring.md"


def ilt(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "ILT_KIT_CONTENT"}
    return run_ilt(args, cwd=cwd, env=env)


def own_content(root: Path) -> Path:
    """mycontent/ with the fixture rubrics and scenario under new ids (no built-in has them)."""
    folder = root / "mycontent"
    shutil.copytree(CONTENT, folder)
    for path in folder.rglob("*.toml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace('"test-rubric"', '"my-rubric"').replace('"test-survey"', '"my-survey"'), encoding="utf-8")
    return folder


def line_of(path: Path, needle: str, after: int = 0) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if n > after and needle in line)


# ----------------------------------------------------------------------------- 1. sources


def test_files_named_together_resolve_each_other_from_another_folder(tmp_path):
    folder = own_content(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    rubric = os.path.relpath(folder / "rubrics" / "test-rubric.toml", elsewhere)
    survey = os.path.relpath(folder / "rubrics" / "test-survey.toml", elsewhere)
    scenario = os.path.relpath(folder / "scenarios" / "test-all-kinds.toml", elsewhere)
    done = ilt(elsewhere, "check", rubric, survey, scenario)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok: 3 files checked" in done.stdout


def test_a_content_folder_checks_from_another_folder(tmp_path):
    own_content(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = ilt(elsewhere, "check", "../mycontent")
    assert done.returncode == 0, done.stdout + done.stderr
    # and a scenario alone still needs its rubric from somewhere
    alone = ilt(elsewhere, "check", "../mycontent/scenarios/test-all-kinds.toml")
    assert alone.returncode == 1 and "rubric 'my-rubric', which does not exist" in alone.stdout


def test_the_same_id_in_two_named_files_is_a_duplicate(tmp_path):
    folder = own_content(tmp_path)
    shutil.copy(folder / "rubrics" / "test-rubric.toml", folder / "rubrics" / "copy.toml")
    done = ilt(tmp_path, "check", "mycontent")
    assert done.returncode == 1
    assert "duplicate id 'my-rubric'" in done.stdout


def test_the_authoring_walkthrough_passes_as_written_in_a_new_folder(tmp_path):
    """docs/authoring.md: put the files where it says, run its commands as written."""
    doc = DOC.read_text(encoding="utf-8")
    rubric, scenario, team = re.findall(r"```toml\n(.*?)```", doc, flags=re.S)
    (tmp_path / "rubrics").mkdir()
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "rubrics" / "my-rubric.toml").write_text(rubric, encoding="utf-8")
    (tmp_path / "scenarios" / "my-scenario.toml").write_text(scenario, encoding="utf-8")
    (tmp_path / "team.toml").write_text(team, encoding="utf-8")
    commands = [
        line
        for block in re.findall(r"```sh\n(.*?)```", doc, flags=re.S)
        for line in block.splitlines()
        if line.startswith(("ilt-kit check", "ilt-kit schema", "mkdir", "for "))
    ]
    assert any(c.startswith("ilt-kit check") for c in commands) and any("schema" in c for c in commands)
    bin_dir = Path(sys.executable).parent
    env = {k: v for k, v in os.environ.items() if k != "ILT_KIT_CONTENT"}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    for command in commands:
        done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert (tmp_path / "schemas" / "rubric.json").stat().st_size > 100
    # the same check from another folder, naming the same files
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = ilt(elsewhere, "check", "../rubrics/my-rubric.toml", "../scenarios/my-scenario.toml", "../team.toml")
    assert done.returncode == 0, done.stdout + done.stderr


# ------------------------------------------------------------------------- 2. every problem


def test_every_rule_a_scenario_breaks_is_reported_at_once(tmp_path):
    folder = own_content(tmp_path)
    path = folder / "scenarios" / "test-all-kinds.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("minutes = 80", "minutes = 90").replace('id = "close"', 'id = "welcome"')
    text = text.replace('source = "ideas"', 'source = "welcome"')
    path.write_text(text, encoding="utf-8")
    done = ilt(tmp_path, "check", "mycontent")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert any("add up to 80 minutes but the scenario says minutes = 90" in line for line in lines)
    assert any("segment ids must be unique: welcome used more than once" in line for line in lines)
    assert any("must be an earlier brainstorm segment" in line for line in lines)


def test_every_rule_a_rubric_breaks_is_reported_and_its_scenario_says_it_has_problems(tmp_path):
    folder = own_content(tmp_path)
    rubric = folder / "rubrics" / "test-rubric.toml"
    text = rubric.read_text(encoding="utf-8")
    assert text.count('id = "shared-vision"') == 1
    text = text.replace('id = "shared-vision"', 'id = "efficacy"')  # a criterion id used twice
    text = text.replace("[scale]\n", '[scale]\nkind = "agreement"\n')  # the wrong scale kind for a rubric
    rubric.write_text(text, encoding="utf-8")
    done = ilt(tmp_path, "check", "mycontent")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    rubric_lines = [line for line in lines if line.startswith(str(Path("mycontent/rubrics/test-rubric.toml")))]
    assert any("criterion id 'efficacy' is used twice" in line for line in rubric_lines)
    assert any("needs scale.kind = 'rating'" in line for line in rubric_lines)
    scenario_line = next(line for line in lines if "scenarios" in line)
    assert "rubric 'my-rubric' has problems, see above" in scenario_line
    assert "does not exist" not in done.stdout
    assert lines.index(scenario_line) > max(lines.index(line) for line in rubric_lines)


# ------------------------------------------------------------------------ 3. at the key


def test_a_total_that_does_not_add_up_points_at_the_total_and_names_the_segments(tmp_path):
    folder = own_content(tmp_path)
    path = folder / "scenarios" / "test-all-kinds.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("minutes = 80", "minutes = 90"), encoding="utf-8")
    done = ilt(tmp_path, "check", "mycontent")
    line = next(line for line in done.stdout.splitlines() if "add up to" in line)
    total = line_of(path, "minutes = 90")
    assert line.startswith(f"{Path('mycontent/scenarios/test-all-kinds.toml')}:{total}:1: ")
    first_segment = line_of(path, "minutes = 5")
    assert f"welcome 5 on line {first_segment}" in line
    close = line_of(path, "minutes", after=line_of(path, 'id = "close"'))
    assert f"close 5 on line {close}" in line


def test_no_rule_problem_points_at_the_top_of_the_file(tmp_path):
    folder = own_content(tmp_path)
    scenario = folder / "scenarios" / "test-all-kinds.toml"
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(text.replace('id = "close"', 'id = "welcome"').replace('source = "ideas"', 'source = "welcome"'), encoding="utf-8")
    rubric = folder / "rubrics" / "test-rubric.toml"
    rubric.write_text(rubric.read_text(encoding="utf-8").replace('id = "shared-vision"', 'id = "efficacy"'), encoding="utf-8")
    team = tmp_path / "teams" / "t.toml"
    team.parent.mkdir()
    team.write_text('[[members]]\nname = "A"\n[[members]]\nname = "a"\n', encoding="utf-8")
    done = ilt(tmp_path, "check", "mycontent", "teams/t.toml")
    lines = [line for line in done.stdout.splitlines() if line]
    assert len(lines) >= 4
    for line in lines:
        assert ":1:1:" not in line, line
    assert any(line.startswith(f"{Path('teams/t.toml')}:4:1: member name 'a'") for line in lines)
    dup = line_of(scenario, 'id = "welcome"', after=line_of(scenario, 'id = "welcome"'))
    assert any(f":{dup}:1: segment ids must be unique" in line for line in lines)
    source = line_of(scenario, 'source = "welcome"')
    assert any(f":{source}:1: segment 'dots' prioritizes" in line for line in lines)


# ------------------------------------------------------------------------ 4. list at 80


def test_list_never_cuts_an_id_at_80_columns(tmp_path):
    folder = own_content(tmp_path)
    long_id = "a-very-long-rubric-id-that-a-district-might-write-" + "x" * 14  # 64, the longest allowed
    assert len(long_id) == 64
    for path in (folder / "rubrics" / "test-rubric.toml", folder / "scenarios" / "test-all-kinds.toml"):
        path.write_text(path.read_text(encoding="utf-8").replace('"my-rubric"', f'"{long_id}"'), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "ILT_KIT_CONTENT"} | {"COLUMNS": "80"}
    done = run_ilt(["list", "--content", str(folder)], cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    cells = {line.split()[0] for line in lines if line.strip() and line.startswith(" ") and not line.startswith("  ")}
    # nothing else is lost to make room: every title, and where each item is from
    words = " ".join(done.stdout.split())
    assert "Test rubric" in words and "Every segment" in words and "built-in" in words
    from ilt_kit.content.library import load_library

    library = load_library([folder], cwd=tmp_path)
    ids = set(library.scenarios) | set(library.rubrics)
    assert long_id in ids and "district-culture" in ids
    missing = ids - cells
    assert not missing, f"cut or missing at 80 columns: {sorted(missing)}"
    assert "…" not in "".join(line.split()[0] for line in lines if line.strip())


def test_list_at_80_columns_keeps_a_table_when_the_ids_leave_room():
    env = {k: v for k, v in os.environ.items() if k != "ILT_KIT_CONTENT"} | {"COLUMNS": "80"}
    done = run_ilt(["list"], env=env)
    lines = done.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any(line.split()[:2] == ["district-culture", "Diagnosing"] for line in lines), done.stdout
    assert not any("…" in line for line in lines)


def test_rule_problems_are_reported_beside_structural_ones(tmp_path):
    """A typo elsewhere in the file does not hide a total that does not add up."""
    folder = own_content(tmp_path)
    path = folder / "scenarios" / "test-all-kinds.toml"
    text = path.read_text(encoding="utf-8").replace("minutes = 80", "minutes = 90")
    path.write_text(text.replace('prompt = "Why are we here today?"', 'promt = "Why are we here today?"'), encoding="utf-8")
    rubric = folder / "rubrics" / "test-rubric.toml"
    text = rubric.read_text(encoding="utf-8").replace('id = "shared-vision"', 'id = "efficacy"')
    rubric.write_text(text.replace('title = "Test rubric"', 'title = ""', 1), encoding="utf-8")
    done = ilt(tmp_path, "check", "mycontent")
    assert done.returncode == 1
    out = done.stdout
    assert "unknown key 'promt'" in out and "add up to 80 minutes but the scenario says minutes = 90" in out
    assert "'title'" in out and "criterion id 'efficacy' is used twice" in out


def test_a_file_named_twice_is_checked_once(tmp_path):
    own_content(tmp_path)
    done = ilt(tmp_path, "check", "mycontent", "mycontent/rubrics/test-rubric.toml")
    assert done.returncode == 0, done.stdout
    assert "ok: 3 files checked" in done.stdout
