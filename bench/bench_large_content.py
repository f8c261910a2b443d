"""Benchmark: a very large content file still starts fast, answers keys fast and checks fast.

    python bench/bench_large_content.py [--criteria N] [--members N] [--keys N] [--profile]

The content: one rubric file with 10,000 criteria (100 groups of 100), a scenario that scores it
(with a brainstorm before and action planning after) and a team file of 500 members, written as
TOML under ``bench/out/large``. Targets (from the hardening issue):

  check   ``ilt-kit check`` of the rubric, scenario and team files, in a fresh process: < 3 s
  start   from ``IltApp.new_session`` (what the start dialog's ctrl+s runs: the record is built
          from the content and the team, and its file created) to the run screen's first frame on
          the rubric segment, headless at 120x36: < 1 s. Reading the content folder and the team
          file first (``load_library``, ``load_team``; the home screen does it in a thread after
          its first frame) is shown on its own line, without a target: it is mostly ``tomllib``
          parsing 5 MB.
  keys    on that screen, a ballot key (1-4, a member each, cycling), ``down`` (next member)
          and ``right`` (next criterion), each posted as the terminal driver posts it and timed
          to the last frame it causes (``bench_tui.press``: "settled"): median < 50 ms each

Each prints its figure and PASS or FAIL; the exit code is 1 if any target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import tomli_w

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
OUT = HERE / "out" / "large"

PROFILE_SORT = "tottime"
TARGETS = {"check": 3.0, "start": 1.0, "key": 0.050}


def write_content(criteria: int, members: int) -> tuple[Path, Path]:
    """The content folder (rubrics/, scenarios/) and the team file."""
    shutil.rmtree(OUT, ignore_errors=True)
    (OUT / "content" / "rubrics").mkdir(parents=True)
    (OUT / "content" / "scenarios").mkdir(parents=True)
    groups = max(1, criteria // 100)
    per_group = criteria // groups
    levels = [("Beginning", "Getting started"), ("Developing", "Some of the time"), ("Established", "Most of the time"), ("Sustaining", "Always")]
    rubric = {
        "id": "large-rubric",
        "title": "A very large rubric",
        "summary": f"{criteria} criteria in {groups} groups.",
        "source": {"framework": "Benchmark"},
        "scale": {"no_evidence": "No evidence yet", "levels": [{"value": v, "label": l, "descriptor": d} for v, (l, d) in enumerate(levels, 1)]},
        "groups": [
            {
                "id": f"group-{g}",
                "title": f"Group {g + 1}",
                "criteria": [
                    {
                        "id": f"c-{g}-{c}",
                        "title": f"Criterion {g + 1}.{c + 1}: teams use student work",
                        "vision": "Teams meet every week to look at student work and plan from it.",
                        "indicators": ["Agendas name the student work to bring", "Notes record what changes next"],
                        "descriptors": {str(v): f"{l}: teams look at student work, and plans cite it." for v, (l, _) in enumerate(levels, 1)},
                    }
                    for c in range(per_group)
                ],
            }
            for g in range(groups)
        ],
    }
    (OUT / "content" / "rubrics" / "large-rubric.toml").write_text(tomli_w.dumps(rubric), encoding="utf-8")
    scenario = {
        "id": "large",
        "title": "Large benchmark",
        "purpose": "A very large rubric.",
        "minutes": 180,
        "source": {"framework": "Benchmark"},
        "segments": [
            {"id": "ideas", "title": "Ideas", "kind": "brainstorm", "minutes": 30},
            {"id": "score", "title": "Score", "kind": "rubric", "minutes": 120, "rubric": "large-rubric", "talk_time": True},
            {"id": "plan", "title": "Plan", "kind": "actions", "minutes": 30},
        ],
    }
    (OUT / "content" / "scenarios" / "large.toml").write_text(tomli_w.dumps(scenario), encoding="utf-8")
    roles = ["principal", "coach", "teacher leader", "central office", "other"]
    team = {
        "name": "Large ILT",
        "facilitator": "Member 1",
        "members": [{"name": f"Member {i + 1}", "role": roles[i % len(roles)]} for i in range(members)],
    }
    team_file = OUT / "team.toml"
    team_file.write_text(tomli_w.dumps(team), encoding="utf-8")
    return OUT / "content", team_file


def time_check(content: Path, team_file: Path) -> float:
    files = [content / "rubrics" / "large-rubric.toml", content / "scenarios" / "large.toml", team_file]
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "ilt_kit", "check", "--content", str(content), *map(str, files)], capture_output=True, text=True, cwd=OUT)
    took = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"check failed:\n{result.stdout}{result.stderr}")
    return took


async def time_start_and_keys(content: Path, team_file: Path, keys: int) -> tuple[float, float, dict[str, list[float]]]:
    import bench_tui
    from bench_tui import Probe, press

    from ilt_kit.content.library import load_library, load_team
    from ilt_kit.tui.app import IltApp
    from ilt_kit.tui.screens.run import RunScreen

    clock = bench_tui.Clock()
    loading = time.perf_counter()
    library = load_library([content], cwd=OUT)
    team = load_team(team_file)
    loaded = time.perf_counter() - loading
    app = IltApp(library, sessions_dir=OUT / "sessions", team=team, clock=clock, wall=clock.wall)
    probe = Probe(app)
    opened: list = []
    start = 0.0

    def first_screen(a: IltApp):  # noqa: ANN202
        nonlocal start
        start = time.perf_counter()
        session, handle = a.new_session(library.scenario("large"), team, "Large", team.facilitator)
        session.next()  # the rubric segment
        opened.append(session)
        return a.run_screen(session, handle)

    app.start = first_screen
    samples: dict[str, list[float]] = {"ballot": [], "down": [], "right": []}
    async with app.run_test(size=(120, 36)) as pilot:
        while not isinstance(app.screen, RunScreen) or not probe.all_frames:
            await asyncio.sleep(0.001)
        started = time.perf_counter() - start
        await pilot.pause()
        screen = app.screen
        paused = list(screen._timers)  # the clock and the checkpoint would land inside samples
        for timer in paused:
            timer.pause()
        probe.handled = None
        pane = screen.pane  # the rubric's pane: its keys
        for name in ("action_digit", "action_move", "action_side"):
            probe.wrap(pane, name, probe.handler, marks_handled=True)
        for n in range(keys):
            digit = "1234"[n % 4]
            samples["ballot"].append((await press(probe, digit, digit))["settled"])
            samples["down"].append((await press(probe, "down", None))["settled"])
            samples["right"].append((await press(probe, "right", None))["settled"])
        for timer in paused:  # running again, so that they end with the app
            timer.resume()
        app.flush_saves()
    return loaded, started, samples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--criteria", type=int, default=10_000)
    parser.add_argument("--members", type=int, default=500)
    parser.add_argument("--keys", type=int, default=10, help="samples of each key")
    parser.add_argument("--profile", action="store_true", help="print where the start and the keys spend their time")
    args = parser.parse_args(argv)

    content, team_file = write_content(args.criteria, args.members)
    print(f"content: {args.criteria:,} criteria, a team of {args.members}")
    ok = True
    checked = time_check(content, team_file)
    passed = checked < TARGETS["check"]
    ok &= passed
    print(f"check       {checked:7.2f} s    target < {TARGETS['check']:.0f} s      {'PASS' if passed else 'FAIL'}")

    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    loaded, started, samples = asyncio.run(time_start_and_keys(content, team_file, args.keys))
    if profiler:
        profiler.disable()
    print(f"load        {loaded:7.2f} s    (content folder and team file; no target)")
    passed = started < TARGETS["start"]
    ok &= passed
    print(f"start       {started:7.2f} s    target < {TARGETS['start']:.0f} s      {'PASS' if passed else 'FAIL'}")
    for key, values in samples.items():
        median = statistics.median(values)
        passed = median < TARGETS["key"]
        ok &= passed
        print(f"key {key:<7} {median * 1000:7.1f} ms   target < {TARGETS['key'] * 1000:.0f} ms    {'PASS' if passed else 'FAIL'}"
              f"   (max {max(values) * 1000:.1f} ms, {len(values)} samples)")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(PROFILE_SORT).print_stats(40)
        print(out.getvalue())
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
