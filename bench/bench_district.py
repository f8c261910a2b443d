"""Benchmark: a district folder opened in the review screen.

    python bench/bench_district.py [--schools 30] [--per-school 330] [--dir DIR] [--keep] [--strict]

Builds a district: ``--schools`` school folders of ``--per-school`` sessions each (the example
school year driven through the engine, copied with varied titles and dates by
``bench_review.make_folder``, each school's team naming its school and the district). Then opens
``ilt-kit review`` on all the school folders at once, headless (``App.run_test``, 120x36), twice,
each in a fresh Python process, the index in a scratch file:

  first    no index yet: every file is parsed and the index is built
  second   the index is warm and no file changed

and reports, for each, the wall-clock time from the app's start until the sessions table is
filled with every session (imports of the app are timed apart), the time until the compare tab's
trends (worked out in the background once the list shows) are in, then the time the ``s`` key takes
to show one school, and checks that the compare tab shows the district's trends.

Target: the second opening fills the table in under 1 s. Prints PASS/FAIL; exit 0, or 1 with
``--strict`` when missed. Scratch files go to ``bench/out/`` (or ``--dir``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_review import make_folder, templates  # noqa: E402
from frames import on_frames  # noqa: E402

TARGET_S = 1.0
DISTRICT = "Riverside Unified"
SIZE = (120, 36)


def build(root: Path, schools: int, per_school: int) -> list[Path]:
    texts = templates(of_a_school=True)
    return [make_folder(root, per_school, texts, school=f"School {n:02d}", district=DISTRICT) for n in range(1, schools + 1)]


def child(index: Path, expected: int, folders: list[Path]) -> None:
    """One opening, in this fresh process: prints a JSON line of its times."""
    started = time.perf_counter()
    from textual.widgets import DataTable

    from ilt_kit.tui.app import IltApp
    from ilt_kit.tui.review.paging import PAGE
    from ilt_kit.tui.screens.review import ReviewScreen

    imports = time.perf_counter() - started
    app = IltApp(None, sessions_dir=folders[0])
    app.start = lambda a: ReviewScreen(folders, index_path=index)
    out: dict[str, object] = {"imports": imports}

    loaded = ReviewScreen._loaded

    def timed_loaded(screen: ReviewScreen, *args: object) -> None:
        out["loaded"] = time.perf_counter() - start  # the scan and the trends are done (worker thread)
        loaded(screen, *args)
        out["loaded_done"] = time.perf_counter() - start

    ReviewScreen._loaded = timed_loaded  # type: ignore[method-assign]
    start = time.perf_counter()

    def frame(screen: object, now: float) -> None:
        """Notes the first frame that shows the list."""
        if "frame" in out:
            return
        if isinstance(screen, ReviewScreen) and screen.result is not None:
            if screen.query_one("#sessions-table", DataTable).row_count >= min(expected, PAGE):
                out["frame"] = now - start

    on_frames(app, frame)

    async def run() -> None:
        nonlocal start
        start = time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            screen = None
            while True:  # the table shows its first page (every row in sight), the status line counts all
                screen = app.screen
                if isinstance(screen, ReviewScreen) and screen.result is not None:
                    table = screen.query_one("#sessions-table", DataTable)
                    if table.row_count >= min(expected, PAGE):
                        break
                await asyncio.sleep(0.002)
            while "frame" not in out:  # the frame that shows it
                await asyncio.sleep(0.002)
            out["filled"] = out["frame"]
            out["rows"] = table.row_count
            out["status"] = _text_of(screen.query_one("#sessions-status").content).strip()
            while table.row_count < expected:  # the other pages, added in the background
                await asyncio.sleep(0.01)
            out["all_rows"] = time.perf_counter() - start
            while "Working out the trends" in (shown := _text_of(screen.query_one("#compare").content)):
                if time.perf_counter() - start > 120:  # the trends never came
                    break
                await asyncio.sleep(0.01)
            out["trends"] = time.perf_counter() - start  # worked out in the background, after the list
            out["compare"] = "across the district" in shown
            before = time.perf_counter()
            await pilot.press("s")
            await pilot.pause()
            out["school"] = time.perf_counter() - before
            out["school_rows"] = table.row_count

    asyncio.run(run())
    print(json.dumps(out))


def _text_of(renderable: object) -> str:
    from rich.console import Console

    console = Console(width=SIZE[0], record=True, color_system=None, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


def opening(index: Path, expected: int, folders: list[Path]) -> dict:
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", str(index), str(expected), *map(str, folders)],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"the review could not be opened:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schools", type=int, default=30)
    parser.add_argument("--per-school", type=int, default=330)
    parser.add_argument("--dir", type=Path, help="scratch folder (default: a temporary folder under bench/out)")
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    parser.add_argument("--strict", action="store_true", help="exit 1 if the target is missed")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child[0]), int(args.child[1]), [Path(p) for p in args.child[2:]])
        return 0

    base = args.dir or Path("bench/out")
    base.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="district-", dir=base))
    try:
        t0 = time.perf_counter()
        folders = build(root, args.schools, args.per_school)
        expected = args.schools * args.per_school
        print(f"{args.schools} schools x {args.per_school} sessions = {expected:,} files in {root} "
              f"(built in {time.perf_counter() - t0:.0f} s)", flush=True)
        index = root / "index.sqlite3"
        first = opening(index, expected, folders)
        second = opening(index, expected, folders)
        ok = second["filled"] < TARGET_S
        rows = []
        for name, run in (("first opening (builds the index)", first), ("second opening (warm index)", second)):
            rows.append((name, f"{run['filled']:.2f} s", f"first {run['rows']:,} rows shown ({run['status']}); every row in "
                         f"{run['all_rows']:.2f} s; trends in {run['trends']:.2f} s; imports {run['imports']:.2f} s apart; "
                         f"s (one school) {run['school']:.2f} s, {run['school_rows']} rows; district trends "
                         f"{'shown' if run['compare'] else 'MISSING'}"))
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        print()
        for row in rows:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)))
        print(f"\nsecond opening until the sessions table shows its first page: {second['filled']:.2f} s "
              f"(target < {TARGET_S:g} s): {'PASS' if ok else 'FAIL'}")
        all_shown = first["compare"] and second["compare"]
        if not all_shown:
            print("FAIL: the compare tab did not show the district's trends")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 1 if (args.strict and not (ok and all_shown)) else 0


if __name__ == "__main__":
    raise SystemExit(main())
