"""Child process for ``test_two_writers.py``: a running session that saves 20 times a second.
The test runs ``main`` in a process forked from itself (``tests/forked.py``); by hand:

    python writer_child.py FILE [--rate N] [--delete]

It resumes FILE as the app does (``BackgroundSaver``: journal, writer thread, another program's
change taken in), stays on the current (actions) segment and, ``--rate`` times a second, records
a decision or rewords a random action. It prints ``ready`` once running; a line on stdin stops it.
At the end it closes the saver and prints one JSON line: the decisions it made, the rewordings
(action id -> last text) and how many actions its live record has done.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path)
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--delete", action="store_true", help="every third change deletes an action")
    args = parser.parse_args(argv)

    from ilt_kit.session.engine import Session
    from ilt_kit.store.files import BackgroundSaver, SessionFile

    handle, record = SessionFile.open(args.file)
    found = threading.Event()
    saver = BackgroundSaver(handle, record=record, on_external=lambda changes: found.set(), poll=0.2)
    session = Session(record, saver=saver)
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
    rng = random.Random(1)
    decisions: list[str] = []
    reworded: dict[int, str] = {}
    deleted: list[int] = []
    print("ready", flush=True)
    n = 0
    next_at = time.monotonic()
    while not stop.is_set():
        if found.is_set():  # what the app does when its writer says so (on its own thread)
            found.clear()
            saver.take_external()
        n += 1
        if args.delete and n % 3 == 0 and len(session.segment.actions) > 1:
            action = rng.choice(session.segment.actions)
            deleted.append(action.id)
            reworded.pop(action.id, None)
            session.actions.delete(action.id)
        elif n % 2:
            decisions.append(f"decision {n}")
            session.add_decision(decisions[-1])
        else:
            action = rng.choice(session.segment.actions)
            reworded[action.id] = f"{action.what.split(' #')[0]} #{n}"
            session.actions.update(action.id, what=reworded[action.id])
        next_at += 1 / args.rate
        time.sleep(max(next_at - time.monotonic(), 0))
    time.sleep(0.5)  # let the last of the other program's marks be found
    saver.take_external()
    assert saver.close()
    done_ids = [a.id for a in session.segment.actions if a.status == "done"]
    result = {"decisions": decisions, "reworded": reworded, "done": len(done_ids), "done_ids": done_ids, "saves": n}
    print(json.dumps(result | {"deleted": deleted}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
