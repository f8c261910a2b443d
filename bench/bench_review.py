"""Benchmark: loading and reporting on a large folder of saved sessions.

    python bench/bench_review.py [--sizes 1000,10000] [--dir DIR] [--strict] [--no-subprocess]

Makes realistic session files by driving the engine through the example school year
(``tools/make_examples.py``, built-in content), then copies them with varied titles and dates
into a folder tree (sub-folders per year, as a long-lived ``sessions/`` grows) of each size, and
times, on a warm file cache:

  tomllib    list the *.toml files, read and ``tomllib.loads`` each one: the floor for any reader
  scan       ``ilt_kit.review.scan.scan(folder)``: the review list (parse + validate + summary)
  report     ``run_report([folder], "csv", None)`` called directly, stdout sent to os.devnull
  cli        one run of ``ilt-kit report DIR --format csv > /dev/null`` in a subprocess, at the
             smallest size unless ``--cli-size`` says otherwise; interpreter start-up included;
             compared with the mean of two tomllib runs made just before and just after it

Each measure runs in a fresh Python process and counts CPU seconds (user + system), so that
other programs on a shared machine, and one measure's leftover heap, do not move the ratios;
the cli line also shows its wall-clock time. Sizes below 5,000 files are measured twice,
interleaved: the faster run counts against tomllib. Larger sizes are measured once, to keep
the whole run near 3 minutes. The smallest size is measured a third time after the largest,
and the growth check divides by the mean of its three runs: on a shared machine the speed of
a processor drifts over minutes, and runs on both sides of the long one cancel a steady drift
(a minimum would be biased low against the single run at 10,000 files).

Then, with the index (``ilt_kit.review.index``, in a scratch file beside the folder), each in a
fresh process: the review list's peak memory (``ru_maxrss``, no index: parsing every file and
keeping the light entries), ``scan`` building the index (first run), ``scan`` again over the
unchanged files (second run), ``report --format csv`` first and second, and both after 100 of the
files were edited (the runs say how many files they parsed).

Targets: scan and report <= 1.5x tomllib on the same files; each at the largest size <= 11x
its cost at the smallest (10x the files); the review list's peak memory at 10,000 files <= 250
MB; a second, indexed scan or report <= 0.1x its first run; after 100 edits exactly those 100
files are parsed again. The table says PASS/FAIL; exit 0, or 1 with
``--strict`` when a target is missed. Scratch files go to ``bench/out/`` (or ``--dir``).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the checkout: tools/ with the example year

try:
    import resource  # Unix: CPU time of child processes
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

RATIO_TARGET = 1.5
SCALE_TARGET = 11.0
INDEXED_TARGET = 0.1  # a second, indexed run against the first (which builds the index)
MEMORY_TARGET_MB = 250.0  # peak memory of the review list at 10,000 files
CHANGED = 100

_TITLE = re.compile(r'^title = ".*"$', re.MULTILINE)
_DATE = re.compile(r"^date = \d{4}-\d{2}-\d{2}$", re.MULTILINE)


PLACEHOLDER_SCHOOL = "Placeholder School"
PLACEHOLDER_DISTRICT = "Placeholder District"
_SESSION_ID = re.compile(r'^session_id = ".*"$', re.MULTILINE)


def templates(of_a_school: bool = False) -> list[tuple[str, str, date]]:
    """(toml text, title, date) of each example meeting, made by driving the engine.

    ``of_a_school``: the team names a placeholder school and district, for :func:`make_folder`
    to put each file in a school of a district."""
    from tools.make_examples import TEAM, build_year, school_team
    from ilt_kit.store.files import dumps

    team = school_team(PLACEHOLDER_SCHOOL, PLACEHOLDER_DISTRICT) if of_a_school else TEAM
    built, warnings = build_year(team=team)
    for warning in warnings:
        print(f"note: {warning}", file=sys.stderr)
    if not built:
        raise SystemExit("no example session could be built (is the built-in content there?)")
    return [(dumps(record), record.title, record.date) for _, record in built]


def make_folder(
    root: Path, count: int, texts: list[tuple[str, str, date]], school: str | None = None, district: str = ""
) -> Path:
    """``count`` sessions (each its own session id) in ``root/sessions-COUNT``, or, with ``school``
    (and templates made ``of_a_school``), that school's sessions in a folder named after it."""
    from ilt_kit.store.files import session_filename

    tag = re.sub(r"[^a-z0-9]+", "-", school.casefold()).strip("-") if school else f"sessions-{count}"
    folder = root / tag
    if folder.exists():
        shutil.rmtree(folder)
    start = date(2020, 8, 20)
    for i in range(count):
        text, title, _ = texts[i % len(texts)]
        day = start + timedelta(days=(i * 3) % 3650)
        new_title = f"{title} ({i + 1})"
        varied = _TITLE.sub(lambda _: f"title = {_quote(new_title)}", text, count=1)
        varied = _DATE.sub(f"date = {day.isoformat()}", varied, count=1)
        # its own session id: copies of one template with the same id would be conflict copies
        varied = _SESSION_ID.sub(f'session_id = "bench-{tag}-{i + 1:06d}"', varied, count=1)
        if school:
            varied = varied.replace(_quote(f"{PLACEHOLDER_SCHOOL} ILT"), _quote(f"{school} ILT"))
            varied = varied.replace(_quote(PLACEHOLDER_SCHOOL), _quote(school))
            varied = varied.replace(_quote(PLACEHOLDER_DISTRICT), _quote(district))
        sub = folder / str(day.year)
        sub.mkdir(parents=True, exist_ok=True)
        (sub / session_filename(day, new_title)).write_text(varied, encoding="utf-8")
    return folder


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def plain_parse(folder: Path) -> int:
    files = sorted(p for p in folder.rglob("*.toml") if not p.name.startswith("."))
    parsed = [tomllib.loads(p.read_bytes().decode("utf-8")) for p in files]
    return len(parsed)


def do_scan(folder: Path) -> int:
    from ilt_kit.review.scan import scan

    result = scan(folder)
    if result.bad:
        raise SystemExit(f"unexpected bad files: {result.bad[0].lines()[0]}")
    return len(result.entries)


def do_report(folder: Path) -> int:
    from ilt_kit.review.report_command import run_report

    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
        code = run_report([folder], "csv", None)
    if code != 0:
        raise SystemExit(f"report exited {code}")
    return code


def _index_path(folder: Path) -> Path:
    return folder.parent / f"{folder.name}.index.sqlite3"


def do_scan_indexed(folder: Path) -> int:
    """The review list with the index (first run: it builds it; later runs: it reads it)."""
    from ilt_kit.review.index import open_index
    from ilt_kit.review.scan import scan

    index = open_index(_index_path(folder))
    if index is None:
        raise SystemExit("the index could not be opened")
    result = scan(folder, index=index)
    index.close()
    if result.bad:
        raise SystemExit(f"unexpected bad files: {result.bad[0].lines()[0]}")
    print(f"PARSED {index.parsed}", file=sys.stderr)
    return len(result.entries)


def do_report_indexed(folder: Path) -> int:
    from ilt_kit.review.index import open_index
    from ilt_kit.review.report_command import run_report

    index = open_index(_index_path(folder))
    with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
        code = run_report([folder], "csv", None, index=index)
    index.close()
    if code != 0:
        raise SystemExit(f"report exited {code}")
    print(f"PARSED {index.parsed}", file=sys.stderr)
    return code


MEASURES = {"tomllib": plain_parse, "scan": do_scan, "report": do_report}
INDEXED = {"scan+index": do_scan_indexed, "report+index": do_report_indexed}


def _peak_mb() -> float:
    """This process's peak resident memory so far, in MB."""
    if resource is None:  # pragma: no cover - Windows
        return float("nan")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KB on Linux


def child(name: str, folder: Path) -> None:
    """Run one measure in this (fresh) process and print its CPU seconds and peak memory."""
    importlib.import_module("ilt_kit.review.report_command")  # imports are not what is measured
    importlib.import_module("ilt_kit.review.index")
    gc.collect()
    before = _peak_mb()
    start = time.process_time()
    count = {**MEASURES, **INDEXED}[name](folder)
    print(f"{count} {time.process_time() - start:.4f} {_peak_mb():.1f} {before:.1f}")


def timed(name: str, folder: Path, size: int) -> float:
    return measured(name, folder, size)["cpu"]


def measured(name: str, folder: Path, size: int) -> dict[str, float]:
    """CPU seconds (user + system) of one measure, run in a fresh Python process.

    CPU time, not wall-clock time: on a shared machine other programs steal the processor at
    random, which moves wall-clock ratios by ±20% from run to run; CPU time counts our own work
    (reading files included: the kernel's time for our reads is system time). A fresh process
    for each measure, so that one measure's leftover heap cannot speed up or slow down the next.
    """
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", name, str(folder)],
        capture_output=True, text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"measure {name} failed:\n{done.stderr[-2000:]}")
    count, seconds, peak, base = done.stdout.split()[-4:]
    if not name.startswith("report") and int(count) != size:
        raise SystemExit(f"measure {name} read {count} sessions, expected {size}")
    parsed = re.search(r"PARSED (\d+)", done.stderr)
    return {"cpu": float(seconds), "peak": float(peak), "base": float(base), "parsed": float(parsed.group(1)) if parsed else -1}


def change_files(folder: Path, count: int, offset: int = 0) -> None:
    """Edit ``count`` files spread over the folder (a longer title: new size and time), atomically;
    another ``offset`` picks other files."""
    files = sorted(folder.rglob("*.toml"))[offset:]
    step = max(1, len(files) // count)
    for path in files[::step][:count]:
        text = path.read_text(encoding="utf-8")
        scratch = path.with_name(f".{path.name}.tmp")
        scratch.write_text(_TITLE.sub(lambda m: m.group(0)[:-1] + ' (edited)"', text, count=1), encoding="utf-8")
        os.replace(scratch, path)
    old = time.time() - 60  # as edited a minute ago: not in the index's just-changed window
    for path in files[::step][:count]:
        os.utime(path, (old, old))


def indexed_rows(folder: Path, size: int, t_plain: float) -> tuple[list[tuple[str, str, str, str]], int]:
    """The index measures at one size: first run (builds it), second (unchanged), after CHANGED edits."""
    rows: list[tuple[str, str, str, str]] = []
    failures = 0
    _index_path(folder).unlink(missing_ok=True)
    plain = measured("scan", folder, size)  # no index: the light list's memory, parse and all
    first = measured("scan+index", folder, size)
    second = measured("scan+index", folder, size)
    report_first = measured("report+index", folder, size)
    report_second = measured("report+index", folder, size)
    change_files(folder, CHANGED)
    changed = measured("scan+index", folder, size)
    change_files(folder, CHANGED, offset=1)  # 100 other files for the report
    report_changed = measured("report+index", folder, size)
    print(f"{size:>6} files, indexed: scan first {first['cpu']:.2f} s, second {second['cpu']:.2f} s, after {CHANGED} edits "
          f"{changed['cpu']:.2f} s ({changed['parsed']:.0f} parsed); report first {report_first['cpu']:.2f} s, "
          f"second {report_second['cpu']:.2f} s; peak memory {plain['peak']:.0f} MB", flush=True)

    def row(label: str, value: str, target: str, ok: bool | None) -> None:
        nonlocal failures
        failures += ok is False
        rows.append((label, value, target, "info" if ok is None else verdict(ok)))

    if size >= 10_000:
        row(f"review list peak memory, {size:,} files", f"{plain['peak']:.0f} MB",
            f"<= {MEMORY_TARGET_MB:g} MB (imports alone {plain['base']:.0f} MB)", plain["peak"] <= MEMORY_TARGET_MB)
    else:
        row(f"review list peak memory, {size:,} files", f"{plain['peak']:.0f} MB", f"(imports alone {plain['base']:.0f} MB)", None)
    row(f"scan, first run with the index, {size:,} files", f"{first['cpu']:.2f} s",
        f"{first['cpu'] / t_plain:.2f}x tomllib (<= {RATIO_TARGET})", first["cpu"] / t_plain <= RATIO_TARGET)
    for label, a, b in (("scan", second, first), ("report csv", report_second, report_first)):
        ratio = a["cpu"] / b["cpu"]
        row(f"{label}, second run (unchanged), {size:,} files", f"{a['cpu']:.2f} s",
            f"{ratio:.3f}x the first, {a['cpu'] / t_plain:.3f}x tomllib (<= {INDEXED_TARGET}x the first)", ratio <= INDEXED_TARGET)
    for label, a in (("scan", changed), ("report csv", report_changed)):
        row(f"{label}, after {CHANGED} files changed, {size:,} files", f"{a['cpu']:.2f} s",
            f"{a['parsed']:.0f} parsed (= {CHANGED}); {a['cpu'] / first['cpu']:.3f}x the first", a["parsed"] == CHANGED)
    return rows, failures


def _children_cpu() -> float:
    if resource is None:  # no per-child CPU time here: fall back to wall-clock
        return time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cli_run(folder: Path) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one ``ilt-kit report DIR --format csv > /dev/null``.

    As a user's first report of a folder: the index is the command's default one (it is
    built as the files are read), in a cache folder of its own beside the scratch folders, so
    that the run neither reads nor grows the user's own cache."""
    exe = Path(sys.executable).with_name("ilt-kit")
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "ilt_kit"]
    cache = folder.parent / f"{folder.name}.cache"
    shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    cpu, wall = _children_cpu(), time.perf_counter()
    with open(os.devnull, "wb") as null:
        done = subprocess.run(
            [*command, "report", str(folder), "--format", "csv"], stdout=null, stderr=subprocess.PIPE, env=env
        )
    cpu, wall = _children_cpu() - cpu, time.perf_counter() - wall
    if done.returncode != 0:
        raise SystemExit(f"ilt-kit report exited {done.returncode}: {done.stderr.decode()[:500]}")
    return cpu, wall


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000", help="comma-separated folder sizes (default 1000,10000)")
    parser.add_argument("--dir", type=Path, help="scratch folder (default: a temporary folder under bench/out)")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--no-subprocess", action="store_true", help="skip the ilt-kit subprocess run")
    parser.add_argument("--cli-size", type=int, help="folder size for the subprocess run (default: the smallest)")
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    parser.add_argument("--child", nargs=2, metavar=("MEASURE", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], Path(args.child[1]))
        return 0
    sizes = sorted(int(s) for s in args.sizes.split(",") if s.strip())

    base = args.dir or Path("bench/out")
    base.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="review-", dir=base))
    rows: list[tuple[str, str, str, str]] = []
    failures = 0
    try:
        t0 = time.perf_counter()
        texts = templates()
        print(f"{len(texts)} template sessions from the engine, {sum(len(t) for t, _, _ in texts) // len(texts):,} bytes on average")
        results: dict[int, dict[str, float]] = {}
        kept: dict[int, Path] = {}
        for size in sizes:
            folder = make_folder(root, size, texts)
            for path in folder.rglob("*.toml"):  # warm the file cache (just written, so cheap)
                path.read_bytes()
            runs: dict[str, list[float]] = {name: [] for name in MEASURES}
            for _ in range(2 if size < 5000 else 1):
                for name in MEASURES:
                    runs[name].append(timed(name, folder, size))
            if size == sizes[0] and len(sizes) > 1:
                kept[size] = folder  # measured once more after the largest size (see the docstring)
            best = {name: min(times) for name, times in runs.items()}
            t_plain, t_scan, t_report = best["tomllib"], best["scan"], best["report"]
            # growth compares one run with one run: the mean of the repeats, not their minimum
            # (the minimum of two runs is biased low against a single run at the larger size)
            results[size] = {name: sum(times) / len(times) for name, times in runs.items()}
            print(f"{size:>6} files, CPU seconds: tomllib {t_plain:6.2f}  scan {t_scan:6.2f}  report {t_report:6.2f}", flush=True)
            for name, t in (("scan", t_scan), ("report csv", t_report)):
                ratio = t / t_plain
                ok = ratio <= RATIO_TARGET
                failures += not ok
                rows.append((f"{name}, {size:,} files", f"{t:.2f} s", f"{ratio:.2f}x tomllib (<= {RATIO_TARGET})", verdict(ok)))
            index_rows, missed = indexed_rows(folder, size, t_plain)
            rows.extend(index_rows)
            failures += missed
            if size == (args.cli_size or sizes[0]) and not args.no_subprocess:
                # one run, between two tomllib runs made just before and after it: the processor's
                # speed drifts over minutes on a shared machine, so it is compared with its neighbours
                before = timed("tomllib", folder, size)
                t_cli, wall = cli_run(folder)
                t_near = (before + timed("tomllib", folder, size)) / 2
                ratio = t_cli / t_near
                ok = ratio <= RATIO_TARGET
                failures += not ok
                rows.append((f"ilt-kit report --format csv, {size:,} files (subprocess, {wall:.1f} s wall)", f"{t_cli:.2f} s",
                             f"{ratio:.2f}x tomllib (<= {RATIO_TARGET})", verdict(ok)))
            if not args.keep and size not in kept:
                shutil.rmtree(folder)
        if len(sizes) >= 2:
            small = sizes[0]
            for name in MEASURES:  # after the largest size: drift over the run falls on both sides
                after = timed(name, kept[small], small)
                results[small][name] = (results[small][name] * 2 + after) / 3
            print(f"{small:>6} files again, after the largest size (the growth check uses the mean of all three runs)", flush=True)
            if not args.keep:
                shutil.rmtree(kept[small])
            small, large = sizes[0], sizes[-1]
            factor = large / small
            limit = SCALE_TARGET * factor / 10
            for name in ("tomllib", "scan", "report"):
                growth = results[large][name] / results[small][name]
                ok = growth <= limit or name == "tomllib"
                failures += not ok
                rows.append((f"{name}: {large:,} vs {small:,} files", f"{growth:.1f}x",
                             f"<= {limit:g}x" if name != "tomllib" else "(reference)", verdict(ok) if name != "tomllib" else "info"))
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        print()
        print("  ".join(h.ljust(w) for h, w in zip(("measure", "CPU time", "target", "result"), widths)))
        print("  ".join("-" * w for w in widths))
        for row in rows:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths)))
        print(f"\ntotal benchmark time {time.perf_counter() - t0:.0f} s")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 1 if (failures and args.strict) else 0


if __name__ == "__main__":
    raise SystemExit(main())
