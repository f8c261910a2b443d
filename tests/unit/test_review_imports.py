"""Running a report never pulls in Textual or Rich, and with its progress bar on a terminal never
Textual (importing every core module: see test_layers.py); each format's renderer is imported only
when that format is asked for."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, os, sys, threading
from ilt_kit.cli import main

folder, found, renderers = sys.argv[1], {}, {}
loaded = lambda: sorted(m for m in ("textual", "rich") if m in sys.modules)
RENDERERS = ("ilt_kit.review.report_md", "ilt_kit.review.report_csv", "ilt_kit.review.render_html", "ilt_kit.review.charts")
for fmt in ("md", "csv", "html"):  # stderr a pipe: no progress bar
    assert main(["report", folder, "--format", fmt]) == 0
    found[f"piped {fmt}"] = loaded()
    renderers[fmt] = [m.rpartition(".")[2] for m in RENDERERS if m in sys.modules]
master, slave = os.openpty()  # stderr a terminal: the progress bar (Rich) shows
drained = threading.Thread(target=lambda: [None for _ in iter(lambda: os.read(master, 65536), b"")], daemon=True)
drained.start()
sys.stderr = open(slave, "w", encoding="utf-8", closefd=False)
for fmt in ("md", "csv", "html"):
    assert main(["report", folder, "--format", fmt]) == 0
    found[f"terminal {fmt}"] = loaded()
sys.stderr = sys.__stderr__
print("LOADED", json.dumps([found, renderers]), file=sys.stderr)
"""


def test_running_a_report_loads_neither_textual_nor_rich(tmp_path):
    """One new interpreter runs ``ilt-kit report`` in every format, first with stderr a pipe,
    then with stderr a terminal (where the progress bar needs Rich, and nothing needs Textual).
    The md report, run first, imports neither the csv nor the html renderer (nor the charts);
    csv then brings in only its own."""
    from tools.make_examples import MEETINGS, build_year
    from ilt_kit.store.files import SessionFile

    built, _ = build_year(meetings=MEETINGS[:1])  # the example year's first meeting is all it needs
    assert built, "the built-in content should give at least one example meeting"
    SessionFile.create(tmp_path / "sessions", built[0][1])
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), COLUMNS="100", TERM="xterm")
    done = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "sessions")], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    word, _, found = done.stderr.strip().splitlines()[-1].partition(" ")
    assert word == "LOADED", done.stderr
    found, renderers = json.loads(found)
    assert renderers == {
        "md": ["report_md"], "csv": ["report_md", "report_csv"], "html": ["report_md", "report_csv", "render_html", "charts"],
    }
    assert {run: modules for run, modules in found.items() if run.startswith("piped")} == {
        f"piped {fmt}": [] for fmt in ("md", "csv", "html")
    }
    # on a terminal the bar really showed (Rich came in), and Textual never did
    assert {run: modules for run, modules in found.items() if run.startswith("terminal")} == {
        f"terminal {fmt}": ["rich"] for fmt in ("md", "csv", "html")
    }
