"""Members' phones flooding the join server while the facilitator presses keys.

    python bench/bench_join_flood.py [--seconds 60] [--devices 200] [--rate 20] [--strict]

The app runs headless at 120x36 (``App.run_test``) on a rubric criterion with a team of
``--devices`` members, joining open on 127.0.0.1 only. A child process plays the devices, each
from its own loopback address (127.0.1.1, ...: the server's per-address caps see a room): each
claims its member, keeps its event stream open (as a phone's page does) and, together, they send
``--rate`` answers a second for ``--seconds`` seconds (each a random level, so members change
their answers), then stop. Meanwhile the facilitator's key (down: the next member, a repaint) is
timed from the key to the first frame drawn after its action ran, and compared with the same key
on the quiet app before the flood.

Reports answers lost (a device's last accepted answer that is not its member's ballot in the
engine or in the saved file: must be 0), answers refused, and the key latency ratio (flood /
quiet). PASS when nothing is lost and the ratio is within the TUI bench's key target (2.0);
``--strict`` exits 1 on FAIL. Bounded: the child stops by itself after ``--seconds``; nothing is
sent anywhere but the loopback address.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Awaitable, Callable

BENCH_DIR = str(Path(__file__).resolve().parent)
sys.path.insert(0, BENCH_DIR)

from frames import on_frames  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

KEY_TARGET = 2.0
"""The TUI bench's target for a key's repaint (bench_tui.py KEY_TARGET)."""
KEY_SAMPLES = 25
LOOPBACK = "127.0.0.1"


def device_address(index: int) -> str:
    """The loopback address device ``index`` sends from (127.0.1.1, 127.0.1.2, ...): each phone
    has its own address, as on a school network, so the server's per-address caps see a room."""
    return f"127.0.{1 + index // 250}.{1 + index % 250}"


def new_phone(index: int):  # noqa: ANN201
    """A device: its own cookies, its own source address, sending to the loopback address only."""
    import aiohttp

    # a browser's idle connection outlives the server's (which closes it after 10 s) and a request
    # sent on one as it closes is sent again; this client lets its own go after 5 s instead
    connector = aiohttp.TCPConnector(local_addr=(device_address(index), 0), keepalive_timeout=5)
    return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True))


async def answer(device, url: str, body: dict):  # noqa: ANN001, ANN201
    """POST an answer as a browser does: sent once more when the server had closed the idle
    connection it went out on (nothing was answered on it, so nothing was taken)."""
    import aiohttp

    try:
        return await device.post(url, json=body)
    except aiohttp.ServerDisconnectedError:
        return await device.post(url, json=body)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# ------------------------------------------------------------------------------ the devices


async def devices(link: str, count: int, rate: float, seconds: float) -> dict:
    import aiohttp

    assert link.startswith(f"http://{LOOPBACK}:"), "the bench sends to the loopback address only"
    phones = [new_phone(index) for index in range(count)]
    streams: list[asyncio.Task] = []
    last: dict[str, int] = {}
    refused: list[str] = []
    sent = 0
    latencies: list[float] = []
    try:
        view = await (await phones[0].get(f"{link}/state")).json()
        names = [m["name"] for m in view["members"]][:count]
        for phone, name in zip(phones, names):
            response = await phone.post(f"{link}/claim", json={"member": name})
            assert response.status == 200, await response.text()
        first = await (await phones[0].get(f"{link}/state")).json()
        criterion = first["task"]["criterion"]["id"]
        levels = [level["value"] for level in first["task"]["levels"]]

        async def listen(phone) -> None:  # noqa: ANN001
            async with phone.get(f"{link}/events", timeout=aiohttp.ClientTimeout(total=None)) as stream:
                async for _line in stream.content:
                    pass

        streams = [asyncio.create_task(listen(phone)) for phone in phones]
        start = time.perf_counter()
        total = int(rate * seconds)

        async def one(index: int) -> None:
            nonlocal sent
            device = random.randrange(len(names))
            level = random.choice(levels)
            began = time.perf_counter()
            sent += 1
            try:
                response = await answer(phones[device], f"{link}/answer", {"kind": "rubric", "criterion": criterion, "level": level})
            except aiohttp.ClientError as error:  # not acknowledged
                refused.append(f"no answer: {error!r}")
                return
            latencies.append(time.perf_counter() - began)
            if response.status == 200:
                last[names[device]] = level
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
            "criterion": criterion,
            "last": last,
            "sent": sent,
            "refused": refused,
            "seconds": time.perf_counter() - start,
            "answer_ms": statistics.median(latencies) * 1000 if latencies else 0.0,
            "answer_max_ms": max(latencies) * 1000 if latencies else 0.0,
        }
    finally:
        for task in streams:
            task.cancel()
        await asyncio.gather(*streams, return_exceptions=True)
        for phone in phones:
            await phone.close()


# ------------------------------------------------------------------------------ the app


def make_team(count: int):  # noqa: ANN201
    from ilt_kit.content.models import Member, Team

    return Team(name="Flood ILT", facilitator="Facilitator", members=[Member(name=f"Member {i:03d}", role="teacher") for i in range(count)])


class KeyTimer:
    """The time from a key to the first frame drawn after its action has run."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app
        self.handled: float | None = None
        self.frame = asyncio.Event()

        def frame(screen, now: float) -> None:  # noqa: ANN001
            if self.handled is not None:
                self.frame.set()

        on_frames(app, frame)

    def watch(self, target, action: str = "action_move") -> None:  # noqa: ANN001
        """Time the key from its press to the first frame after ``target.<action>`` ran."""
        inner = getattr(target, action)

        def timed(*args) -> None:  # noqa: ANN002
            inner(*args)
            self.handled = time.perf_counter()

        setattr(target, action, timed)

    async def press(self, key: str) -> float:
        from textual import events

        self.handled = None
        self.frame.clear()
        start = time.perf_counter()
        self.app._driver.send_message(events.Key(key, None))
        await asyncio.wait_for(self.frame.wait(), 30)
        return time.perf_counter() - start


async def measure(timer: KeyTimer, samples: int, gap: float) -> list[float]:
    times = []
    for index in range(samples):
        times.append(await timer.press("down" if index % 2 == 0 else "up"))
        await asyncio.sleep(gap)
    return times


async def bench(args: argparse.Namespace) -> int:
    from ilt_kit.content.library import load_library
    from ilt_kit.store.files import load_record
    from ilt_kit.tui.app import IltApp

    library = load_library([])
    team = make_team(args.devices)
    folder = Path(tempfile.mkdtemp(prefix="join-flood-"))
    app = IltApp(library, sessions_dir=folder, team=team)
    scenario = library.scenario("vision-teacher-learning")
    opened = app.new_session(scenario, team, "Join flood", team.facilitator)
    app.start = lambda a: a.run_screen(*opened)
    app.join_host, app.join_port = LOOPBACK, 0
    result: dict = {}
    async with app.run_test(size=(120, 36)) as pilot:
        while app.screen.session.segment.kind != "rubric":
            await pilot.press("n")
        run = app.screen
        await pilot.press("j")
        await pilot.pause()
        link = app.joining.server.link
        await pilot.press("escape")
        await pilot.pause()
        timer = KeyTimer(app)
        timer.watch(run.pane)  # the rubric pane: its keys
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
        session = run.session
        engine = {b.member: (b.level, b.source) for b in session.rated.current_round(session.rated.criterion(result["criterion"])).ballots}
        path = app.saver.handle.path
    saved_record = load_record(path)
    saved = {}
    for segment in saved_record.segments:
        for criterion in getattr(segment, "criteria", []):
            if criterion.id == result["criterion"] and segment.kind == "rubric":
                saved = {b.member: (b.level, b.source) for b in criterion.rounds[-1].ballots}
                break
        if saved:
            break
    last = result["last"]
    lost_engine = sum(engine.get(member) != (level, "phone") for member, level in last.items())
    lost_file = sum(saved.get(member) != (level, "phone") for member, level in last.items())
    quiet_ms, flood_ms = statistics.median(quiet) * 1000, statistics.median(flood) * 1000
    ratio = flood_ms / quiet_ms
    lost_ok = lost_engine == 0 and lost_file == 0
    key_ok = ratio <= KEY_TARGET
    print(f"join flood: {args.devices} devices with their event streams open, {result['sent']} answers in "
          f"{result['seconds']:.1f} s ({result['sent'] / result['seconds']:.1f}/s) to {LOOPBACK}")
    print(f"  answers accepted {result['sent'] - len(result['refused'])}, refused {len(result['refused'])}"
          + (f" (first: {result['refused'][0]})" if result["refused"] else ""))
    print(f"  answer round trip: median {result['answer_ms']:.1f} ms, worst {result['answer_max_ms']:.1f} ms")
    print(f"  members answered {len(last)}; lost in the engine {lost_engine}, lost in the saved file {lost_file}: "
          f"{'PASS' if lost_ok else 'FAIL'}")
    print(f"  key -> repaint, median of {KEY_SAMPLES}: quiet {quiet_ms:.1f} ms, during the flood {flood_ms:.1f} ms "
          f"(worst {max(flood) * 1000:.1f} ms)")
    print(f"  flood / quiet = {ratio:.2f} (target <= {KEY_TARGET}): {'PASS' if key_ok else 'FAIL'}")
    ok = lost_ok and key_ok
    print(f"join flood: {'PASS' if ok else 'FAIL'}")
    return 0 if ok or not args.strict else 1


def run(doc: str | None, what: str, send: Callable[[str, int, float, float], Awaitable[dict]],
        measure_app: Callable[[argparse.Namespace], Awaitable[int]]) -> int:
    """The command line of a join bench whose fake devices send ``what`` (answers, ideas): the
    parent runs ``measure_app``; the child it starts (``--child LINK``) runs ``send`` and prints
    its figures as JSON."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the devices send (default 60)")
    parser.add_argument("--devices", type=int, default=200, help="fake devices, one member each (default 200)")
    parser.add_argument("--rate", type=float, default=20.0, help=f"{what} a second, all devices together (default 20)")
    parser.add_argument("--strict", action="store_true", help="exit 1 on FAIL")
    parser.add_argument("--child", metavar="LINK", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not 1 <= args.seconds <= 600 or not 1 <= args.devices <= 1000 or not 0 < args.rate <= 200:
        parser.error("--seconds 1-600, --devices 1-1000, --rate up to 200")
    if args.child:
        print(json.dumps(asyncio.run(send(args.child, args.devices, args.rate, args.seconds))))
        return 0
    return asyncio.run(measure_app(args))


def main() -> int:
    return run(__doc__, "answers", devices, bench)

if __name__ == "__main__":
    sys.exit(main())
