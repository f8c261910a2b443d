"""Benchmark: how fast the TUI starts and answers keys, against bare Textual apps.

    python bench/bench_tui.py [--startup-reps N] [--key-samples N] [--blocks N] [--dir DIR]
                              [--only startup|keys] [--profile] [--strict]

1. Startup, in fresh processes (interpreter start and imports count). Also ``ilt-kit list`` (as
   ``python -m ilt_kit list``, spawn to exit, output to /dev/null, its index in a scratch cache
   folder warmed by one run) against the home screen's first frame: target list / ilt <= 0.6;
   ``list --no-index`` (the library loaded and validated every time) is shown for information. Each run spawns
   ``python -c CHILD`` and takes ``time.perf_counter()`` just before the spawn; the child patches
   ``App._display`` (before anything else is imported from the app) to read the clock when the
   first frame is painted, then calls ``os._exit`` at once, so teardown is not timed.
   ``perf_counter`` is CLOCK_MONOTONIC, the same clock in both processes on Linux.

     ilt    ``ilt_kit.cli.main([])``, exactly what ``ilt-kit`` with no arguments runs: builds the
            parser, ``launch`` makes ``IltApp``, which pushes ``HomeScreen``; the home screen
            loads the content library (and the unfinished sessions) in threads started after its
            first frame. The frame counted is the first one of ``HomeScreen``; the table says
            whether the content models had been imported by then.
     bare   ``from pydantic import BaseModel`` (a plain ``import pydantic`` is lazy and loads
            almost nothing) and a Textual ``App`` whose screen holds a ``Header`` and a ``Footer``.

   Both run under Textual's ``HeadlessDriver`` (via ``TEXTUAL_DRIVER``), at 120x36 (``COLUMNS``,
   ``LINES``), from an empty temporary folder (no ``./sessions``, no local content: only the
   built-in library is read). Headless Textual composes the frame but skips turning it into
   terminal bytes, so the hook does that part itself (``render_segments``), for both apps: the
   time measured is "the frame is ready to be written". Target: median ilt / median bare <= 1.2.
   The table splits the ilt time into interpreter start, imports (with the argument parser
   and the app object) and ``App.run`` -> first frame.

2. Keys, in this process, with ``App.run_test(size=(120, 36))`` (headless, same loop):

     empty  a bare App (Header, a Static, Footer) whose keys 1-4 update the Static's text;
     fresh  ``IltApp`` on the run screen of a rubric segment: 30 members, a 60-criterion rubric
            (vision, indicators, a descriptor per level, look-fors, questions), no ballots yet;
     busy   the same session after 2 revealed rounds of ballots on all 60 criteria (3,600
            ballots) with agreed levels, 200 ideas and 50 actions (the large session of
            ``bench_save.py``), and a third round open on every criterion.
     busy, down  ``down`` and ``up`` in turn on the busy run screen: selection only, no save. Not a
            target: it shows what the run screen's repaint costs without any save.

   The sessions are built in memory with the content models and a ``Library`` of ``Loaded``
   items, opened as the UI tests do (``app.new_session`` and ``app.start = run_screen``), saving
   to a temporary folder under ``bench/out`` (or ``--dir``: the disk matters, saves fsync).

   A sample is one ballot key (1-4, cycling; after 30 ballots the ``right`` key, untimed, moves
   to the next criterion). The key is posted the way the terminal driver posts it
   (``driver.send_message(events.Key(...))``) and the clock starts there. The screen's action
   (``action_digit`` / the bare app's action) is wrapped to note when the key has been handled.
   ``app._display`` is wrapped the same way as for startup (frame composed + converted to
   terminal bytes). Two latencies are kept:

     first frame  key posted -> first frame composed after the handler ran (the new ballot
                  shows);
     settled      key posted -> last frame of the burst the key caused, i.e. until no frame
                  has come for 50 ms and the screen has no pending layout/repaint. Anything the
                  key triggers later (the Footer recomposes after ``refresh_bindings``) is
                  included, since the next key would wait for it anyway.

   ``pilot.press()`` + ``pilot.pause()`` is not used for timing: both wait on
   ``wait_for_idle``, which sleeps in 20 ms steps, so they measure the sleep granularity more
   than the app. Keys are spaced (the app is idle before each), as a facilitator types them.
   The run screen's own interval timers (the 0.25 s clock refresh and the 30 s checkpoint) are
   paused while keys are timed, so that a clock tick does not land inside a sample; what they
   cost when idle is shown on its own line (frames and CPU per second). The segment timer is
   not running (no ticking countdown). For each key the table also shows the time of the
   handler, of the ``Session.saver`` call(s) it makes (what the key itself pays to save: the
   app's ``BackgroundSaver`` appends one line for the changed part to the session's journal and
   fsyncs it, so the change is on disk before the repaint, and notes the change; a timer copies
   the record with ``record_to_data`` 50 ms later, after the repaint, and a writer thread writes
   the TOML) and
   of ``RunScreen.session_changed``; and how many saver calls, ``refresh_all`` calls and frames one
   key causes. After a key has settled the bench waits for the save (``app.flush_saves()``,
   which makes the copy if its timer has not fired yet, then waits for the writer), so each key
   starts with the disk idle, as when a facilitator's keys are more than about 100 ms apart; a
   write that overlaps the repaint competes with it for the GIL, and that is part of what is
   measured. How many of the app's writes ran off the UI thread is counted
   (``SessionFile.save_data`` wrapped).

   Separately, one autosave of the whole record (``record_to_data`` + ``tomli_w.dumps`` + the
   file's lock, the check and ``atomic_write`` via ``SessionFile.save_data``) is timed with the
   app idle, 5 times per block, for the fresh and the busy record.

   Configs run in interleaved blocks (empty, fresh, busy, empty, ...) so that drift on a busy
   machine hits all alike; medians over all samples. Target: the ballot key (settled, fresh
   and busy) <= 2.0x the empty-screen key.

``--profile`` adds cProfile reports (top functions by cumulative time, event-loop and import
plumbing left out) of one extra ilt startup child and of one extra, untimed block of busy-session
ballot keys. About 1.5 minutes by default. Exit 0; with ``--strict``, exit 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

BENCH_DIR = str(Path(__file__).resolve().parent)
sys.path.insert(0, BENCH_DIR)

from frames import on_frames  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"
SIZE = (120, 36)
STARTUP_TARGET = 1.2
LIST_TARGET = 0.6
KEY_TARGET = 2.0
QUIET = 0.05  # seconds without a frame that end a key's burst of frames
# profile lines left out: event-loop, import and message plumbing that wraps everything
SKIP_PLUMBING = (
    r"^(?!.*(asyncio|_contextvars|frozen importlib|builtins\.exec|builtins\.__import__|_callback\.py|message_pump\.py"
    r"|timer\.py|bench_tui\.py|<string>|textual/app\.py:\d+\((run|run_app|run_async|_process_messages|run_process_messages"
    r"|_check_bindings|on_event|_on_key|run_action|_dispatch_action)\))).*"
)

LEVEL_KEYS = "1234"
NAV = "busy, down"
SAVES: dict[str, list[dict[str, float]]] = {}  # whole-record saves timed apart, per config
OFF_THREAD: dict[str, tuple[int, int]] = {}  # session file writes (off the UI thread, all), per config

# ------------------------------------------------------------------------------------ startup

CHILD = r'''
import os, sys, time
_marks = {"t0": time.perf_counter()}
_profile = None
if os.environ.get("BENCH_TUI_PROFILE"):
    import cProfile
    _profile = cProfile.Profile()
    _profile.enable()
import textual.app as _tapp
_want = sys.argv[1]
_App = _tapp.App
_orig_run = _App.run
def _run(self, *args, **kwargs):
    _marks.setdefault("run", time.perf_counter())
    return _orig_run(self, *args, **kwargs)
_App.run = _run
sys.path.insert(0, sys.argv[2])  # the bench folder, for the frame hook the benches share
from frames import render_frame as _render_frame, shown as _shown
sys.path.pop(0)
_orig_display = _App._display
def _display(self, screen, renderable):
    _orig_display(self, screen, renderable)
    if not _shown(self, renderable):
        return
    if _want == "ilt" and type(screen).__name__ != "HomeScreen":
        _marks["other_frames"] = _marks.get("other_frames", 0) + 1
        return
    _render_frame(self, renderable)
    _marks["frame"] = time.perf_counter()
    _marks["screen"] = type(screen).__name__
    _marks["models"] = "ilt_kit.content.models" in sys.modules
    if _profile is not None:
        import io, pstats
        _profile.disable()
        out = io.StringIO()
        pstats.Stats(_profile, stream=out).sort_stats("cumulative").print_stats(os.environ["BENCH_TUI_PROFILE_SKIP"], int(os.environ["BENCH_TUI_PROFILE"]))
        sys.__stderr__.write(out.getvalue())
        sys.__stderr__.flush()
    os.write(1, ("BENCH " + repr(_marks) + "\n").encode())
    os._exit(0)
_App._display = _display
if _want == "ilt":
    # nothing of the app is imported here beyond what `ilt-kit` imports itself (patching
    # load_library would import the content models early and charge them to the app)
    from ilt_kit.cli import main
    main([])
else:
    from pydantic import BaseModel
    from textual.app import App
    from textual.widgets import Footer, Header
    class Bare(App):
        def compose(self):
            yield Header()
            yield Footer()
    Bare().run()
print("no frame was painted", file=sys.stderr)
sys.exit(3)
'''


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TEXTUAL_DRIVER="textual.drivers.headless_driver:HeadlessDriver",
        COLUMNS=str(SIZE[0]),
        LINES=str(SIZE[1]),
    )
    for name in ("BENCH_TUI_PROFILE", "BENCH_TUI_PROFILE_SKIP", "TEXTUAL", "TEXTUAL_SCREENSHOT", "PYTHONPROFILEIMPORTTIME"):
        env.pop(name, None)
    return env


def spawn(kind: str, cwd: Path, env: dict[str, str]) -> dict:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, kind, BENCH_DIR], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    ended = time.perf_counter()
    line = next((l for l in done.stdout.splitlines() if l.startswith("BENCH ")), None)
    if line is None:
        raise SystemExit(f"the {kind} startup child painted no frame (exit {done.returncode}):\n{done.stderr[-3000:]}")
    marks = ast.literal_eval(line[len("BENCH "):])
    marks["spawn"] = start
    marks["exit"] = ended
    return marks


def spawn_list(cwd: Path, env: dict[str, str], *extra: str) -> dict:
    """One ``ilt-kit list`` (as ``python -m ilt_kit list``), spawn to exit: the whole command."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "ilt_kit", "list", *extra], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, timeout=120,
    )
    ended = time.perf_counter()
    if done.returncode != 0:
        raise SystemExit(f"ilt-kit list exited {done.returncode}:\n{done.stderr[-3000:]}")
    return {"spawn": start, "exit": ended}


def run_startup(reps: int, base: Path) -> dict:
    env = child_env()
    samples: dict[str, list[dict]] = {"ilt": [], "bare": [], "list": [], "list --no-index": []}
    with tempfile.TemporaryDirectory(dir=base) as cwd, tempfile.TemporaryDirectory(dir=base) as cache:
        env["XDG_CACHE_HOME"] = cache  # list keeps its listing in an index of its own here
        for kind in ("ilt", "bare", "ilt", "bare"):  # warm the .pyc and file caches
            spawn(kind, Path(cwd), env)
        spawn_list(Path(cwd), env)  # and the index
        for rep in range(reps):
            order = ("ilt", "bare", "list", "list --no-index") if rep % 2 == 0 else ("list --no-index", "list", "bare", "ilt")
            for kind in order:
                if kind.startswith("list"):
                    samples[kind].append(spawn_list(Path(cwd), env, *kind.split()[1:]))
                else:
                    samples[kind].append(spawn(kind, Path(cwd), env))
    return samples


def startup_profile(base: Path, lines: int = 45) -> str:
    env = child_env()
    env["BENCH_TUI_PROFILE"] = str(lines)
    env["BENCH_TUI_PROFILE_SKIP"] = SKIP_PLUMBING
    with tempfile.TemporaryDirectory(dir=base) as cwd:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, "ilt", BENCH_DIR], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
        )
    return done.stderr


def report_startup(samples: dict[str, list[dict]]) -> tuple[bool, list[str]]:
    def med(kind: str, fn) -> float:  # noqa: ANN001
        return statistics.median(fn(m) for m in samples[kind]) * 1000

    frame = {kind: med(kind, lambda m: m["frame"] - m["spawn"]) for kind in ("ilt", "bare")}
    ratio = frame["ilt"] / frame["bare"]
    ok = ratio <= STARTUP_TARGET
    rows = [
        ("spawn -> first frame", lambda m: m["frame"] - m["spawn"]),
        ("  interpreter start (spawn -> CHILD)", lambda m: m["t0"] - m["spawn"]),
        ("  imports, parser, app (CHILD -> App.run)", lambda m: m["run"] - m["t0"]),
        ("  App.run -> first frame", lambda m: m["frame"] - m["run"]),
    ]
    lines = [
        f"Startup to the first frame, fresh process each, {len(samples['ilt'])} runs each (interleaved), medians",
        "",
        f"  {'':<44} {'ilt-kit ms':>11} {'bare ms':>9} {'ratio':>6}",
        f"  {'-' * 44} {'-' * 11} {'-' * 9} {'-' * 6}",
    ]
    for label, fn in rows:
        a, b = med("ilt", fn), med("bare", fn)
        lines.append(f"  {label:<44} {a:>11.0f} {b:>9.0f} {(a / b if b > 0.5 else float('nan')):>6.2f}")
    spread = {k: (min(m["frame"] - m["spawn"] for m in samples[k]) * 1000, max(m["frame"] - m["spawn"] for m in samples[k]) * 1000) for k in ("ilt", "bare")}
    lines.append(f"  (range: ilt-kit {spread['ilt'][0]:.0f}-{spread['ilt'][1]:.0f} ms, bare {spread['bare'][0]:.0f}-{spread['bare'][1]:.0f} ms)")
    early = sum(1 for m in samples["ilt"] if m.get("models"))
    lines.append(f"  content models imported before the first frame: {early} of {len(samples['ilt'])} runs"
                 " (the home screen loads the library after it)")
    lines.append("")
    lines.append(f"startup ilt-kit/bare = {ratio:.2f} (target <= {STARTUP_TARGET}): {'PASS' if ok else 'FAIL'}")
    listed = {kind: med(kind, lambda m: m["exit"] - m["spawn"]) for kind in ("list", "list --no-index")}
    list_ratio = listed["list"] / frame["ilt"]
    list_ok = list_ratio <= LIST_TARGET
    lines.append("")
    lines.append(f"`ilt-kit list`, spawn to exit, medians: {listed['list']:.0f} ms with its index warm, "
                 f"{listed['list --no-index']:.0f} ms with --no-index (loads and validates the library: "
                 f"{listed['list --no-index'] / frame['ilt']:.2f}x, for information)")
    lines.append(f"list / ilt-kit first frame = {list_ratio:.2f} (target <= {LIST_TARGET}): {'PASS' if list_ok else 'FAIL'}")
    return ok and list_ok, lines


# --------------------------------------------------------------------------------------- keys


def Clock():  # noqa: N802 - reads as the clock class it gives
    """A clock that stands still: the segment timer is not what is measured (the tests' session driver)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tools.session_driver import ScriptedClock

    return ScriptedClock(datetime(2026, 11, 22, 9, 0, tzinfo=timezone(timedelta(hours=-5))), origin=1000.0)


def make_content():  # noqa: ANN201
    """The large session's content (``bench_save.py``), with every criterion's text filled in."""
    import bench_save

    return bench_save.make_content(detailed=True)


def make_library(rubric, scenario):  # noqa: ANN001, ANN201
    from ilt_kit.content.library import Library, Loaded, Origin

    origin = Origin("bench", OUT)
    return Library(
        rubrics={rubric.id: Loaded(rubric, OUT / "bench-rubric.toml", origin, "")},
        scenarios={scenario.id: Loaded(scenario, OUT / "bench.toml", origin, "")},
    )


def fill_busy(session, clock) -> None:  # noqa: ANN001
    """The large session of bench_save.py, then a third round open on every criterion."""
    import bench_save

    bench_save.fill_session(session, clock)
    session.goto(1)
    for criterion in (c.id for c in session.segment.criteria):
        session.rated.new_round(criterion)


def make_ilt_app(content, folder: Path, busy: bool):  # noqa: ANN001, ANN201
    from ilt_kit.tui.app import IltApp

    rubric, scenario, team = content
    clock = Clock()
    app = IltApp(make_library(rubric, scenario), sessions_dir=folder, team=team, clock=clock, wall=clock.wall)
    session, handle = app.new_session(scenario, team, "Benchmark session", team.facilitator)
    saver, session.saver = session.saver, None  # build without saving each step
    if busy:
        fill_busy(session, clock)
    else:
        session.next()
    session.saver = saver
    handle.save(session.record)
    app.start = lambda a: a.run_screen(session, handle)
    return app


def make_bare_app():  # noqa: ANN201
    from textual.app import App, ComposeResult
    from textual.binding import Binding
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        BINDINGS = [Binding(k, "bump", "Bump", show=k == "1") for k in LEVEL_KEYS]

        def __init__(self) -> None:
            super().__init__()
            self.count = 0

        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("0 keys", id="count")
            yield Footer()

        def action_bump(self) -> None:
            self.count += 1
            self.query_one("#count", Static).update(f"{self.count} keys")

    return Bare()


class Probe:
    """Notes frames, the end of the key handler, saves and redraws (session_changed) of one app."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app
        self.frames: list[float] = []
        self.all_frames = 0
        self.handled: float | None = None
        self.handler: list[float] = []
        self.saves: list[float] = []
        self.writes: list[float] = []
        self.writes_off_thread = 0
        self.writes_total = 0
        self.refreshes: list[float] = []
        self.first = asyncio.Event()
        flush = getattr(app, "flush_saves", None)  # the app's writer thread, if it has one
        self.flush = flush if callable(flush) else (lambda: True)

        def frame(screen, now: float) -> None:  # noqa: ANN001
            self.all_frames += 1
            if self.handled is not None:
                self.frames.append(now)
                self.first.set()

        on_frames(app, frame)

    def reset(self) -> None:
        self.frames.clear()
        self.handled = None
        self.handler.clear()
        self.saves.clear()
        self.writes.clear()
        self.refreshes.clear()
        self.first.clear()

    def wrap(self, obj, name: str, into: list[float] | None = None, marks_handled: bool = False, write: bool = False) -> None:  # noqa: ANN001
        inner = getattr(obj, name)

        def timed(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            start = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                end = time.perf_counter()
                if into is not None:
                    into.append(end - start)  # list.append is atomic: safe from the writer thread
                if marks_handled:
                    self.handled = end
                if write:
                    self.writes_total += 1
                    self.writes_off_thread += threading.current_thread() is not threading.main_thread()

        setattr(obj, name, timed)


def screen_busy(screen) -> bool:  # noqa: ANN001
    return bool(screen._layout_required or screen._repaint_required or screen._dirty_widgets or screen._callbacks)


async def settle(probe: Probe) -> None:
    """Wait until no frame has come for QUIET seconds and nothing is pending."""
    while True:
        count = probe.all_frames
        await asyncio.sleep(QUIET)
        if probe.all_frames == count and not screen_busy(probe.app.screen):
            return


async def press(probe: Probe, key: str, character: str | None) -> dict:
    from textual import events

    probe.reset()
    start = time.perf_counter()
    probe.app._driver.send_message(events.Key(key, character))
    await asyncio.wait_for(probe.first.wait(), 30)
    await settle(probe)
    assert probe.handled is not None
    if not probe.flush():  # after the timing: the next key starts with the writer idle
        raise SystemExit("the app's autosave did not finish within its flush timeout")
    return {
        "first": probe.frames[0] - start,
        "settled": probe.frames[-1] - start,
        "handler": sum(probe.handler),
        "save": sum(probe.saves),
        "saves": len(probe.saves),

        "refresh_all": sum(probe.refreshes),
        "refreshes": len(probe.refreshes),
        "frames": len(probe.frames),
    }


def time_saves(record, handle, reps: int = 5) -> list[dict[str, float]]:  # noqa: ANN001
    """One autosave of the whole record, in its parts, timed apart from keys (the app idle)."""
    import tomli_w

    from ilt_kit.store.files import HEADER, record_to_data

    found = []
    for _ in range(reps):
        t0 = time.perf_counter()
        data = record_to_data(record)
        t1 = time.perf_counter()
        text = HEADER + tomli_w.dumps(data, multiline_strings=True)
        t2 = time.perf_counter()
        # the class's method: the probe's wrapper counts the app's writes only. save_data makes the
        # same TOML text again (timed just above), then takes the file's lock, checks and writes
        type(handle).save_data(handle, data, record.date, record.title)
        t3 = time.perf_counter()
        write = max(t3 - t2 - (t2 - t1), 0.0)
        found.append({"record_to_data": t1 - t0, "tomli_w.dumps": t2 - t1, "write": write, "total": t2 - t0 + write})
    return found


async def idle_cost(probe: Probe, seconds: float = 1.0) -> tuple[float, float]:
    """Frames per second and CPU share while nothing is pressed (timers running)."""
    await settle(probe)
    frames, cpu, wall = probe.all_frames, time.process_time(), time.perf_counter()
    await asyncio.sleep(seconds)
    wall = time.perf_counter() - wall
    return (probe.all_frames - frames) / wall, (time.process_time() - cpu) / wall


async def run_block(config: str, content, folder: Path, samples: int, profiler=None, measure_idle: bool = False) -> tuple[dict[str, list[dict]], tuple[float, float] | None]:  # noqa: ANN001
    """One app, ``samples`` timed keys (after 3 untimed ones); the busy app also times ``down``."""
    app = make_bare_app() if config == "empty" else make_ilt_app(content, folder, busy=config == "busy")
    results: dict[str, list[dict]] = {config: []}
    idle = None
    paused = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        probe = Probe(app)
        await settle(probe)
        if measure_idle:
            idle = await idle_cost(probe)
        if config == "empty":
            probe.wrap(app, "action_bump", probe.handler, marks_handled=True)
        else:
            from ilt_kit.tui.screens.run import RunScreen

            assert isinstance(screen, RunScreen), f"expected the run screen, got {screen!r}"
            assert screen.session.segment.kind == "rubric"
            # the clock refresh and the checkpoint would land inside samples at random: paused here
            paused = [t for t in list(screen._timers) if t._callback in (screen.refresh_clock, screen._checkpoint)]
            for timer in paused:
                timer.pause()
            pane = screen.pane  # the rubric's pane: its keys
            probe.wrap(pane, "action_digit", probe.handler, marks_handled=True)
            probe.wrap(pane, "action_move", probe.handler, marks_handled=True)
            probe.wrap(pane, "action_side", marks_handled=True)
            probe.wrap(screen, "session_changed", probe.refreshes)
            probe.wrap(screen.session, "saver", probe.saves)
            handle = app.session_file
            probe.wrap(handle, "save_data", probe.writes, write=True)
        for n in range(samples + 3):  # 3 warm-up keys
            if config != "empty":
                session = screen.session
                cid = screen.current_criterion().id
                if len(session.rated.voted(cid)) == len(session.members):
                    await press(probe, "right", None)  # next criterion, untimed
            key = LEVEL_KEYS[n % len(LEVEL_KEYS)]
            if profiler is not None and n >= 3:
                profiler.enable()
            result = await press(probe, key, key)
            if profiler is not None:
                profiler.disable()
            if n >= 3:
                results[config].append(result)
        if config != "empty":
            assert screen.session.segment.criteria[0].rounds[-1].ballots, "no ballot was cast"
        if config == "busy":  # the same screen, a key that saves nothing: selection down (and up)
            results[NAV] = []
            screen.pane.member = 0  # untimed; then down, up, down...: each key moves the selection
            screen.session_changed()
            await settle(probe)
            for n in range(samples + 3):
                result = await press(probe, "down" if n % 2 == 0 else "up", None)
                if n >= 3:
                    results[NAV].append(result)
        for timer in paused:
            timer.resume()
        probe.flush()
        if config != "empty":
            SAVES.setdefault(config, []).extend(time_saves(screen.session.record, app.session_file))
            off, total = OFF_THREAD.get(config, (0, 0))
            OFF_THREAD[config] = (off + probe.writes_off_thread, total + probe.writes_total)
    return results, idle


async def run_keys(samples: int, blocks: int, base: Path, profile: bool) -> tuple[dict, dict, object]:
    import cProfile

    content = make_content()
    profiler = cProfile.Profile() if profile else None
    results: dict[str, list[dict]] = {"empty": [], "fresh": [], "busy": [], NAV: []}
    idle: dict[str, tuple[float, float]] = {}
    per_block = max(1, round(samples / blocks))
    with tempfile.TemporaryDirectory(dir=base) as folder:
        for block in range(blocks):
            for config in ("empty", "fresh", "busy"):
                found, idle_here = await run_block(
                    config,
                    content,
                    Path(folder) / f"{config}-{block}",
                    per_block,
                    measure_idle=block == 0,
                )
                for name, rows in found.items():
                    results[name].extend(rows)
                if idle_here is not None:
                    idle[config] = idle_here
        if profiler is not None:  # an extra block, profiled, left out of the table
            await run_block("busy", content, Path(folder) / "busy-profiled", per_block, profiler)
    return results, idle, profiler


def report_keys(results: dict[str, list[dict]], idle: dict[str, tuple[float, float]]) -> tuple[bool, list[str]]:
    def med(config: str, key: str) -> float:
        return statistics.median(r[key] for r in results[config])

    base_first, base_settled = med("empty", "first") * 1000, med("empty", "settled") * 1000
    w = max(len(name) for name in results)
    lines = [
        f"Key -> repaint at {SIZE[0]}x{SIZE[1]}, {len(results['empty'])} keys per row (interleaved blocks), medians",
        "",
        f"  {'key':<{w}} {'first ms':>9} {'x empty':>8} {'settled ms':>11} {'x empty':>8} {'handler':>8} {'save':>7} {'refresh':>8} {'saves':>6} {'refr.':>6} {'frames':>7}",
        f"  {'-' * w} {'-' * 9} {'-' * 8} {'-' * 11} {'-' * 8} {'-' * 8} {'-' * 7} {'-' * 8} {'-' * 6} {'-' * 6} {'-' * 7}",
    ]
    ok = True
    verdicts = []
    for config in results:
        first, settled = med(config, "first") * 1000, med(config, "settled") * 1000
        r_first, r_settled = first / base_first, settled / base_settled
        lines.append(
            f"  {config:<{w}} {first:>9.1f} {r_first:>8.2f} {settled:>11.1f} {r_settled:>8.2f} "
            f"{med(config, 'handler') * 1000:>8.1f} {med(config, 'save') * 1000:>7.1f} {med(config, 'refresh_all') * 1000:>8.1f} "
            f"{med(config, 'saves'):>6.0f} {med(config, 'refreshes'):>6.0f} {med(config, 'frames'):>7.0f}"
        )
        if config in ("fresh", "busy"):
            passed = r_settled <= KEY_TARGET
            ok &= passed
            verdicts.append(
                f"ballot key, {config} session: settled {r_settled:.2f}x empty "
                f"(first frame {r_first:.2f}x; target <= {KEY_TARGET}): {'PASS' if passed else 'FAIL'}"
            )
    lines.append("  empty: bare app, keys 1-4 update a Static; fresh/busy: a ballot key (1-4) on the run screen;")
    lines.append(f"  {NAV}: down and up in turn on the busy run screen (selection only, no save). Then ms in: the key's action,")
    lines.append("  the Session.saver call(s) it makes (what the key itself pays to save), RunScreen.session_changed;")
    lines.append("  how many saver and redraws (session_changed), and frames, one key causes.")
    if SAVES:
        lines.append("")
        lines.append("One autosave of the whole record, timed apart from keys (app idle, same folder), medians:")
        for config, rows in SAVES.items():
            parts = {k: statistics.median(r[k] for r in rows) * 1000 for k in rows[0]}
            lines.append(
                f"  {config:<6} {parts['total']:6.1f} ms = record_to_data {parts['record_to_data']:.1f}"
                f" + tomli_w.dumps {parts['tomli_w.dumps']:.1f} + lock, check, atomic write (2 fsyncs) {parts['write']:.1f}"
            )
    if OFF_THREAD:
        where = "; ".join(f"{c} {off} of {total}" for c, (off, total) in OFF_THREAD.items())
        lines.append(f"  Session file writes made by the app off the UI thread: {where}. Off-thread writes still take")
        lines.append("  the GIL for tomli_w (pure Python) while the UI repaints; the key latencies above include that.")
    if idle:
        lines.append("")
        lines.append(
            "Idle, nothing pressed, the screen's timers running (1 s): "
            + "; ".join(f"{c} {fps:.1f} frames/s, {cpu:.0%} CPU" for c, (fps, cpu) in idle.items())
        )
    lines.append("")
    lines.extend(verdicts)
    return ok, lines


def profile_text(profiler, lines: int = 30) -> str:  # noqa: ANN001
    import io
    import pstats

    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(SKIP_PLUMBING, lines)
    return out.getvalue()


# --------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0].strip())
    parser.add_argument("--startup-reps", type=int, default=15, help="startup runs of each app (default 15)")
    parser.add_argument("--key-samples", type=int, default=45, help="timed keys per config (default 45)")
    parser.add_argument("--blocks", type=int, default=3, help="interleaved blocks the keys are split into (default 3)")
    parser.add_argument("--dir", type=Path, help="scratch folder (default: a temporary folder in bench/out)")
    parser.add_argument("--only", choices=("startup", "keys"), help="run one part only")
    parser.add_argument("--profile", action="store_true", help="print cProfile reports (ilt startup, busy keys)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)

    base = args.dir or OUT
    base.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    ok = True
    profiles: list[str] = []
    if args.only in (None, "startup"):
        part_ok, lines = report_startup(run_startup(args.startup_reps, base))
        ok &= part_ok
        print("\n".join(lines) + "\n", flush=True)
        if args.profile:
            profiles.append("cProfile, one ilt-kit startup (process start -> first HomeScreen frame):\n" + startup_profile(base))
    if args.only in (None, "keys"):
        results, idle, profiler = asyncio.run(run_keys(args.key_samples, args.blocks, base, args.profile))
        part_ok, lines = report_keys(results, idle)
        ok &= part_ok
        print("\n".join(lines) + "\n", flush=True)
        if profiler is not None:
            profiles.append("cProfile, busy-session ballot keys (in process, all timed keys):\n" + profile_text(profiler))
    for text in profiles:
        print(text)
    print(f"{'all targets met' if ok else 'some target missed'}; ran {time.perf_counter() - began:.0f} s")
    return 1 if args.strict and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
