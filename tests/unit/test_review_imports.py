"""Running a report never pulls in Textual or Rich (importing every core module: see test_layers.py)."""

from __future__ import annotations

import subprocess
import sys


def test_running_a_report_loads_neither_textual_nor_rich(tmp_path):
    from tools.make_examples import build_year
    from ilt_kit.store.files import SessionFile

    built, _ = build_year()
    assert built, "the built-in content should give at least one example meeting"
    SessionFile.create(tmp_path, built[0][1])
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from ilt_kit.review.report_command import run_report\n"
        f"for fmt in ('md', 'csv', 'html'):\n    assert run_report([Path({str(tmp_path)!r})], fmt, None) == 0\n"
        "print('LOADED', sorted(m for m in ('textual', 'rich') if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines()[-1] == "LOADED []"
