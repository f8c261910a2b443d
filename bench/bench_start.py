"""Benchmark: what it costs to open the app on the run screen, and to move from segment to segment.

    python bench/bench_start.py [--runs N] [--scenario ID] [--content DIR] [--team FILE] [--render] [--profile]

Every UI test opens the app (most of them on the run screen), so what a start costs in CPU is
paid some 200 times a test run; a facilitator's laptop pays it once a meeting. Each run, in this
process, headless at 120x36 with ``App.run_test`` (as the UI tests open it):

  start   a new app on the run screen of the scenario's first segment: the session is made first
          (``IltApp.new_session``, untimed, as the tests' ``make_app`` does), then from entering
          ``run_test`` until the screen has settled (no frame for 50 ms and nothing pending). CPU
          is ``time.process_time`` over that span (the whole process: the autosave's writer thread
          counts too); wall is to the last frame of it.
  move    ``n`` to the next segment, for every segment once (the last one's ``n`` would finish the
          session: not timed). The key is posted as the terminal driver posts it; CPU and wall
          are taken from the key to the last frame it causes, as for the start. Before a segment
          whose pane warns on leaving (a rubric with levels left to agree), an untimed ``n`` and
          ``escape`` answer the warning once, so the timed ``n`` moves on at once. The run
          screen's own timers (the clock's refresh, the checkpoint) are paused while moves are
          timed, and the autosave is waited for after each move, untimed.
  close   leaving ``run_test`` (the app shuts down), CPU only.

A full garbage collection runs (untimed) before each run, so that a run does not pay for the
garbage of the runs before it; the collections a run's own garbage causes are counted.

The content is the UI tests' own (``tests/fixtures/content``, the scenario ``test-all-kinds``:
one segment of every kind) unless told otherwise. Prints the median (and the lowest and highest)
CPU and wall time of each over the runs, and the median CPU of the move to each segment. No
target: it is the figure to keep small for the test suite's sake (see the README).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import cProfile
import gc
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))
OUT = HERE / "out"
SIZE = (120, 36)
FIXTURES = ROOT / "tests" / "fixtures"


class Frames:
    """Counts the frames an app shows (``App._display`` wrapped) and notes when the last one came.
    Headless Textual composes each frame but does not turn it into terminal bytes; with ``render``
    the hook does that too (``frames.render_frame``), as a terminal driver would."""

    def __init__(self, app, render: bool) -> None:  # noqa: ANN001
        from frames import render_frame, shown

        self.app = app
        self.count = 0
        self.last = 0.0
        display = app._display

        def counted(screen, renderable) -> None:  # noqa: ANN001
            display(screen, renderable)
            if shown(app, renderable):
                if render:
                    render_frame(app, renderable)
                self.count += 1
                self.last = time.perf_counter()

        app._display = counted

    async def settle(self) -> None:
        """Wait until no frame has come for QUIET seconds and nothing is pending."""
        from bench_tui import QUIET, screen_busy

        while True:
            count = self.count
            await asyncio.sleep(QUIET)
            if self.count == count and not screen_busy(self.app.screen):
                return


async def one_run(library, team, scenario_id: str, folder: Path, figures: dict[str, list], render: bool) -> None:  # noqa: ANN001
    from bench_tui import Clock
    from textual import events

    from ilt_kit.tui.app import IltApp
    from ilt_kit.tui.screens.run import RunScreen

    clock = Clock()
    app = IltApp(library, sessions_dir=folder, team=team, clock=clock, wall=clock.wall)
    opened = app.new_session(library.scenario(scenario_id), team, "Benchmark session", team.facilitator)
    app.start = lambda a: a.run_screen(*opened)
    frames = Frames(app, render)
    gc.collect()  # the runs before leave their garbage to this one's collector otherwise
    cpu, wall = time.process_time(), time.perf_counter()
    async with app.run_test(size=SIZE):
        while not isinstance(app.screen, RunScreen) or not frames.count:
            await asyncio.sleep(0.001)
        await frames.settle()
        figures["start"].append((time.process_time() - cpu, frames.last - wall))
        app.flush_saves()
        screen = app.screen
        for timer in (paused := list(screen._timers)):
            timer.pause()
        session = screen.session

        def key(name: str) -> None:
            app._driver.send_message(events.Key(name, name if len(name) == 1 else None))

        while session.index < len(session.segments) - 1:
            if screen.pane.leave_warning():
                key("n")  # the question, asked once a segment
                await frames.settle()
                key("escape")
                await frames.settle()
            index = session.index
            count = frames.count
            cpu, wall = time.process_time(), time.perf_counter()
            key("n")
            while frames.count == count:
                await asyncio.sleep(0.001)
            await frames.settle()
            took = (time.process_time() - cpu, frames.last - wall)
            if session.index != index + 1 or app.screen is not screen:
                raise SystemExit(f"n on segment {index + 1} did not move on (now {session.index + 1}, {type(app.screen).__name__})")
            figures["move"].append(took)
            figures[f"to {session.index + 1} {session.segment.kind}"].append(took)
            app.flush_saves()
        for timer in paused:
            timer.resume()
        cpu = time.process_time()
    figures["close"].append((time.process_time() - cpu, 0.0))


async def run_all(runs: int, scenario_id: str, content: Path, team_file: Path, render: bool) -> dict[str, list]:
    from ilt_kit.content.library import load_library, load_team

    library = load_library([content], cwd=content)
    team = load_team(team_file)
    figures: dict[str, list] = collections.defaultdict(list, start=[], move=[], close=[])
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT) as scratch:
        await one_run(library, team, scenario_id, Path(scratch) / "warm", collections.defaultdict(list), render)  # imports, parsed styles
        for n in range(runs):
            await one_run(library, team, scenario_id, Path(scratch) / str(n), figures, render)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="timed runs (default 10, after one untimed)")
    parser.add_argument("--scenario", default="test-all-kinds", help="the scenario to run (default test-all-kinds)")
    parser.add_argument("--content", type=Path, default=FIXTURES / "content", help="the content folder (default: the tests')")
    parser.add_argument("--team", type=Path, default=FIXTURES / "teams" / "lincoln.toml", help="the team file (default: the tests')")
    parser.add_argument("--render", action="store_true", help="turn each frame into terminal bytes too, as a terminal driver does (the tests do not)")
    parser.add_argument("--profile", action="store_true", help="print where the runs spend their time (cProfile, by own time)")
    args = parser.parse_args(argv)

    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    figures = asyncio.run(run_all(args.runs, args.scenario, args.content, args.team, args.render))
    if profiler:
        profiler.disable()
    print(f"{args.scenario}, headless at {SIZE[0]}x{SIZE[1]}, {args.runs} runs (medians; lowest-highest)")
    print(f"{'':<20} {'CPU ms':>8} {'':>15} {'wall ms':>8}")
    for name, values in figures.items():
        cpu = [c * 1000 for c, _ in values]
        wall = [w * 1000 for _, w in values]
        shown = f"{statistics.median(wall):8.1f}" if name != "close" else f"{'':>8}"
        print(f"{name:<20} {statistics.median(cpu):8.1f} {f'({min(cpu):.1f}-{max(cpu):.1f})':>15} {shown}")
        if name == "move":
            per_run = len(values) // args.runs
            totals = [sum(c for c, _ in values[i * per_run:(i + 1) * per_run]) * 1000 for i in range(args.runs)]
            print(f"{'every move, a run':<20} {statistics.median(totals):8.1f} {f'({min(totals):.1f}-{max(totals):.1f})':>15}")
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(40)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
