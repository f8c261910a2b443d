"""Members' phones sending ideas to the join server while the facilitator presses keys.

    python bench/bench_join_ideas.py [--seconds 60] [--devices 200] [--rate 20] [--strict]

The app runs headless at 120x36 (``App.run_test``) on a brainstorm segment (30 ideas already in
it) with a team of ``--devices`` members, joining open on 127.0.0.1 only. A child process plays
the devices, each from its own loopback address: each claims its member, keeps its event stream
open (as a phone's page does) and, together, they send ``--rate`` ideas a second for
``--seconds`` seconds (each device in turn, every idea a new text), then stop. Meanwhile the
facilitator's key (down and up in the idea list, a repaint) is timed from the key to the first
frame drawn after its action ran, and compared with the same key on the quiet app before.

Reports the ideas sent, acknowledged (200) and refused (with the first reason), and recorded (in
the engine and in the saved file: every acknowledged idea must be in both), the ideas' round trip,
and the key's p50 and p95, quiet and during the flood. PASS when no acknowledged idea is lost, the
flood's p50 is at most 2x the quiet p50 and its p95 under 100 ms; ``--strict`` exits 1 on FAIL.
Bounded: the child stops by itself after ``--seconds``; nothing is sent anywhere but the loopback
address.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = str(Path(__file__).resolve().parent)
sys.path.insert(0, BENCH_DIR)

from bench_join_flood import LOOPBACK, KeyTimer, answer, make_team, measure, new_phone, percentile, run  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RATIO_TARGET = 2.0
P95_TARGET_MS = 100.0
KEY_SAMPLES = 60
SCENARIO = "blue-sky"
EARLIER_IDEAS = 30


async def devices(link: str, count: int, rate: float, seconds: float) -> dict:
    import aiohttp

    assert link.startswith(f"http://{LOOPBACK}:"), "the bench sends to the loopback address only"
    phones = [new_phone(index) for index in range(count)]
    streams: list[asyncio.Task] = []
    acknowledged: list[str] = []
    refused: list[str] = []
    latencies: list[float] = []
    sent = 0
    try:
        view = await (await phones[0].get(f"{link}/state")).json()
        names = [m["name"] for m in view["members"]][:count]
        for device, name in zip(phones, names):
            response = await device.post(f"{link}/claim", json={"member": name})
            assert response.status == 200, await response.text()

        async def listen(device) -> None:  # noqa: ANN001
            async with device.get(f"{link}/events", timeout=aiohttp.ClientTimeout(total=None)) as stream:
                async for _line in stream.content:
                    pass

        streams = [asyncio.create_task(listen(device)) for device in phones]
        start = time.perf_counter()
        total = int(rate * seconds)

        async def one(index: int) -> None:
            nonlocal sent
            device = index % len(names)
            text = f"Idea {index:05d} from {names[device]}"
            began = time.perf_counter()
            sent += 1
            try:
                response = await answer(phones[device], f"{link}/answer", {"kind": "brainstorm", "text": text})
            except aiohttp.ClientError as error:  # counted as not acknowledged
                refused.append(f"no answer: {error!r}")
                return
            latencies.append(time.perf_counter() - began)
            if response.status == 200:
                acknowledged.append(text)
            else:
                refused.append(f"{response.status} {await response.text()}")

        pending = []
        for index in range(total):
            delay = start + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            pending.append(asyncio.create_task(one(index)))
        await asyncio.gather(*pending)
        return {
            "sent": sent,
            "acknowledged": acknowledged,
            "refused": refused,
            "seconds": time.perf_counter() - start,
            "answer_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
            "answer_p95_ms": percentile(latencies, 0.95) * 1000 if latencies else 0.0,
        }
    finally:
        for task in streams:
            task.cancel()
        await asyncio.gather(*streams, return_exceptions=True)
        for device in phones:
            await device.close()


async def bench(args: argparse.Namespace) -> int:
    from ilt_kit.content.library import load_library
    from ilt_kit.store.files import load_record
    from ilt_kit.tui.app import IltApp

    library = load_library([])
    team = make_team(args.devices)
    folder = Path(tempfile.mkdtemp(prefix="join-ideas-"))
    app = IltApp(library, sessions_dir=folder, team=team)
    opened = app.new_session(library.scenario(SCENARIO), team, "Join ideas", team.facilitator)
    app.start = lambda a: a.run_screen(*opened)
    app.join_host, app.join_port = LOOPBACK, 0
    async with app.run_test(size=(120, 36)) as pilot:
        while app.screen.session.segment.kind != "brainstorm":
            await pilot.press("n")
        run = app.screen
        session = run.session
        for index in range(EARLIER_IDEAS):
            session.brainstorm.add(f"An idea typed earlier, number {index}")
        run.pane.show()
        await pilot.press("j")
        await pilot.pause()
        link = app.joining.server.link
        await pilot.press("escape")
        await pilot.pause()
        ideas = run.pane.query_one("#ideas")
        ideas.focus()
        await pilot.pause()
        timer = KeyTimer(app)
        timer.watch(ideas, "action_cursor_down")
        timer.watch(ideas, "action_cursor_up")
        quiet = await measure(timer, KEY_SAMPLES, 0.05)
        child = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--child", link, "--devices", str(args.devices), "--rate", str(args.rate),
            "--seconds", str(args.seconds), stdout=subprocess.PIPE,
        )
        await asyncio.sleep(min(3.0, args.seconds / 4))  # the devices have claimed and are sending
        gap = max(0.05, (args.seconds * 0.6) / KEY_SAMPLES)
        flood = await measure(timer, KEY_SAMPLES, gap)
        out, _ = await asyncio.wait_for(child.communicate(), args.seconds + 120)
        if child.returncode != 0:
            print("the devices' process failed")
            return 1
        result = json.loads(out)
        segment_id = session.segment.id
        engine = {idea.text for idea in session.segment.ideas}
        path = app.saver.handle.path
    saved_record = load_record(path)
    saved = {idea.text for segment in saved_record.segments if segment.id == segment_id for idea in segment.ideas}
    acknowledged = result["acknowledged"]
    lost_engine = sum(text not in engine for text in acknowledged)
    lost_file = sum(text not in saved for text in acknowledged)
    quiet_p50, flood_p50 = statistics.median(quiet) * 1000, statistics.median(flood) * 1000
    quiet_p95, flood_p95 = percentile(quiet, 0.95) * 1000, percentile(flood, 0.95) * 1000
    ratio = flood_p50 / quiet_p50
    lost_ok = lost_engine == 0 and lost_file == 0
    key_ok = ratio <= RATIO_TARGET and flood_p95 < P95_TARGET_MS
    print(f"join ideas: {args.devices} devices with their event streams open, {result['sent']} ideas in "
          f"{result['seconds']:.1f} s ({result['sent'] / result['seconds']:.1f}/s) to {LOOPBACK}")
    print(f"  ideas sent {result['sent']}, acknowledged {len(acknowledged)}, refused {len(result['refused'])}"
          + (f" (first: {result['refused'][0]})" if result["refused"] else ""))
    print(f"  recorded: in the engine {len(acknowledged) - lost_engine}, in the saved file {len(acknowledged) - lost_file}; "
          f"lost {lost_engine} / {lost_file}: {'PASS' if lost_ok else 'FAIL'}")
    print(f"  idea round trip: median {result['answer_ms']:.1f} ms, p95 {result['answer_p95_ms']:.1f} ms")
    print(f"  key -> repaint ({KEY_SAMPLES} keys each): quiet p50 {quiet_p50:.1f} ms p95 {quiet_p95:.1f} ms; "
          f"during the flood p50 {flood_p50:.1f} ms p95 {flood_p95:.1f} ms (worst {max(flood) * 1000:.1f} ms)")
    print(f"  flood / quiet p50 = {ratio:.2f} (target <= {RATIO_TARGET}), flood p95 {flood_p95:.1f} ms "
          f"(target < {P95_TARGET_MS:.0f} ms): {'PASS' if key_ok else 'FAIL'}")
    ok = lost_ok and key_ok
    print(f"join ideas: {'PASS' if ok else 'FAIL'}")
    return 0 if ok or not args.strict else 1


def main() -> int:
    return run(__doc__, "ideas", devices, bench)

if __name__ == "__main__":
    sys.exit(main())
