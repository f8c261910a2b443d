"""Half-open connections against the join server at a laptop's file limit, while members answer.

    python bench/bench_join_halfopen.py [--connections 1000] [--addresses 50] [--fd-limit 256]
                                        [--members 20] [--seconds 45] [--strict]

This process lowers its own file limit to ``--fd-limit`` (``resource.setrlimit``, as ``ulimit -n``
would), then runs the app headless at 120x36 on a rubric criterion with a team of ``--members``,
joining open on 127.0.0.1 only. A child process plays the members, each from its own loopback
address: each claims its name, keeps its event stream open and, together, they answer 4 times a
second for ``--seconds`` seconds (bench_join_flood.py's devices). Three seconds in, a second child
opens ``--connections`` connections to the server from ``--addresses`` other loopback addresses,
all at once, and sends nothing on half of them and half a request on the others; it keeps each
open until the server closes it, for at most 40 seconds. Meanwhile the facilitator's key is timed
(as in bench_join_flood.py), quiet and during the attack, and the app's save state is watched.

Reports the members' answers sent, acknowledged and recorded (each member's last acknowledged
answer against the engine and the saved file), whether the app ever showed a save problem
("NOT SAVED") or its journal failed, the key's p50/p95 quiet and under attack, and what became of
the connections: refused at once (503), closed by the server (and how long after opening), still
open at the end. PASS when nothing acknowledged is lost, no save problem was shown, the members'
answers were acknowledged, and the server closed every connection within 30 s; ``--strict`` exits
1 on FAIL. Bounded: every connection goes to the loopback address and the children stop by
themselves.
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

from bench_join_flood import LOOPBACK, KeyTimer, devices, make_team, measure, percentile  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CLOSE_TARGET = 30.0
"""Seconds within which the server must close every half-open connection."""
HOLD = 40.0
"""Seconds the attacker keeps a connection open if the server does not close it."""
KEY_SAMPLES = 30
ANSWER_RATE = 4.0


def attacker_address(index: int, addresses: int) -> str:
    return f"127.0.9.{1 + index % addresses}"


async def attack(port: int, connections: int, addresses: int) -> dict:
    """Open ``connections`` connections at once and hold each until the server closes it."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, connections + 256)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))
    outcomes: list[tuple[str, float]] = []

    async def one(index: int) -> None:
        began = time.perf_counter()
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection(LOOPBACK, port, local_addr=(attacker_address(index, addresses), 0)), 15
            )
        except (OSError, asyncio.TimeoutError):
            outcomes.append(("not connected", time.perf_counter() - began))
            return
        if index % 2:
            writer.write(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ")  # half a request, never ended
        try:
            data = await asyncio.wait_for(reader.read(), HOLD)
            outcomes.append(("refused" if data.startswith(b"HTTP/1.1 503") else "closed", time.perf_counter() - began))
        except (ConnectionResetError, BrokenPipeError):
            outcomes.append(("closed", time.perf_counter() - began))
        except asyncio.TimeoutError:
            outcomes.append(("open", time.perf_counter() - began))
        finally:
            writer.close()

    await asyncio.gather(*(one(index) for index in range(connections)))
    return {"outcomes": outcomes}


async def bench(args: argparse.Namespace) -> int:
    import resource

    from ilt_kit.content.library import load_library
    from ilt_kit.store.files import load_record
    from ilt_kit.tui.app import IltApp

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(args.fd_limit, hard), hard))
    library = load_library([])
    team = make_team(args.members)
    folder = Path(tempfile.mkdtemp(prefix="join-halfopen-"))
    app = IltApp(library, sessions_dir=folder, team=team)
    opened = app.new_session(library.scenario("vision-teacher-learning"), team, "Half-open", team.facilitator)
    app.start = lambda a: a.run_screen(*opened)
    app.join_host, app.join_port = LOOPBACK, 0
    problems: list[str] = []

    async def watch_saving() -> None:
        while True:
            saver = app.saver
            if saver is not None:
                if saver.problem is not None:
                    problems.append(f"NOT SAVED: {saver.problem}")
                    return
                if saver.journal is not None and saver.journal.error is not None:
                    problems.append(f"journal: {saver.journal.error}")
                    return
            await asyncio.sleep(0.1)

    async with app.run_test(size=(120, 36)) as pilot:
        while app.screen.session.segment.kind != "rubric":
            await pilot.press("n")
        run = app.screen
        await pilot.press("j")
        await pilot.pause()
        server = app.joining.server
        link = server.link
        await pilot.press("escape")
        await pilot.pause()
        watcher = asyncio.get_running_loop().create_task(watch_saving())
        timer = KeyTimer(app)
        timer.watch(run.pane)
        quiet = await measure(timer, KEY_SAMPLES, 0.05)
        members = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--members-of", link, "--members", str(args.members),
            "--seconds", str(args.seconds), stdout=subprocess.PIPE,
        )
        await asyncio.sleep(3.0)  # the members have claimed and are answering
        attacker = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--attack", str(server.port), "--connections", str(args.connections),
            "--addresses", str(args.addresses), stdout=subprocess.PIPE,
        )
        await asyncio.sleep(1.0)
        under_attack = await measure(timer, KEY_SAMPLES, 0.3)
        attacked, _ = await asyncio.wait_for(attacker.communicate(), HOLD + 60)
        answered, _ = await asyncio.wait_for(members.communicate(), args.seconds + 60)
        watcher.cancel()
        if attacker.returncode != 0 or members.returncode != 0:
            print("a child process failed")
            return 1
        gate = getattr(server, "gate", None)  # (None: a version of the server without one)
        result = json.loads(answered)
        outcomes = json.loads(attacked)["outcomes"]
        session = run.session
        criterion = session.rated.criterion(result["criterion"])
        engine = {b.member: (b.level, b.source) for b in session.rated.current_round(criterion).ballots}
        path = app.saver.handle.path
    saved_record = load_record(path)
    saved = {}
    for segment in saved_record.segments:
        for criterion in getattr(segment, "criteria", []):
            if criterion.id == result["criterion"] and segment.kind == "rubric":
                saved = {b.member: (b.level, b.source) for b in criterion.rounds[-1].ballots}
    last = result["last"]
    lost_engine = sum(engine.get(member) != (level, "phone") for member, level in last.items())
    lost_file = sum(saved.get(member) != (level, "phone") for member, level in last.items())
    acknowledged = result["sent"] - len(result["refused"])
    kinds = {kind: [seconds for k, seconds in outcomes if k == kind] for kind in ("refused", "closed", "open", "not connected")}
    closed = kinds["refused"] + kinds["closed"]
    worst_close = max(closed) if closed else 0.0
    quiet_p50, attack_p50 = statistics.median(quiet) * 1000, statistics.median(under_attack) * 1000

    lost_ok = lost_engine == 0 and lost_file == 0
    saving_ok = not problems
    answering_ok = acknowledged > 0 and acknowledged >= 0.95 * result["sent"]
    closing_ok = not kinds["open"] and worst_close <= CLOSE_TARGET
    print(f"join half-open: {args.connections} connections from {args.addresses} addresses at a file limit of "
          f"{args.fd_limit}, {args.members} members answering, all to {LOOPBACK}")
    print(f"  members' answers sent {result['sent']}, acknowledged {acknowledged}, refused {len(result['refused'])}"
          + (f" (first: {result['refused'][0]})" if result["refused"] else ""))
    print(f"  recorded: members answered {len(last)}; lost in the engine {lost_engine}, in the saved file {lost_file}: "
          f"{'PASS' if lost_ok else 'FAIL'}")
    print(f"  save problems shown: {problems[0] if problems else 'none'}: {'PASS' if saving_ok else 'FAIL'}")
    print(f"  answer round trip: median {result['answer_ms']:.1f} ms, worst {result['answer_max_ms']:.1f} ms: "
          f"{'PASS' if answering_ok else 'FAIL'}")
    print(f"  connections: refused at once {len(kinds['refused'])}, closed by the server {len(kinds['closed'])} "
          f"(median after {statistics.median(kinds['closed']) if kinds['closed'] else 0:.1f} s, worst {worst_close:.1f} s), "
          f"still open after {HOLD:.0f} s {len(kinds['open'])}, not connected {len(kinds['not connected'])}"
          + (f"; the gate refused {gate.refused} and made idle ones give way {gate.evicted} times" if gate else "")
          + f": {'PASS' if closing_ok else 'FAIL'}")
    print(f"  key -> repaint ({KEY_SAMPLES} keys each): quiet p50 {quiet_p50:.1f} ms p95 {percentile(quiet, 0.95) * 1000:.1f} ms; "
          f"under attack p50 {attack_p50:.1f} ms p95 {percentile(under_attack, 0.95) * 1000:.1f} ms "
          f"({attack_p50 / quiet_p50:.2f}x)")
    ok = lost_ok and saving_ok and answering_ok and closing_ok
    print(f"join half-open: {'PASS' if ok else 'FAIL'}")
    return 0 if ok or not args.strict else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=1000, help="half-open connections (default 1000)")
    parser.add_argument("--addresses", type=int, default=50, help="loopback addresses they come from (default 50)")
    parser.add_argument("--fd-limit", type=int, default=256, help="this process's file limit (default 256)")
    parser.add_argument("--members", type=int, default=20, help="members answering meanwhile (default 20)")
    parser.add_argument("--seconds", type=float, default=45.0, help="how long the members answer (default 45)")
    parser.add_argument("--strict", action="store_true", help="exit 1 on FAIL")
    parser.add_argument("--members-of", metavar="LINK", help=argparse.SUPPRESS)
    parser.add_argument("--attack", metavar="PORT", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if (not 1 <= args.connections <= 5000 or not 1 <= args.addresses <= 250 or not 64 <= args.fd_limit <= 65536
            or not 1 <= args.members <= 200 or not 10 <= args.seconds <= 300):
        parser.error("--connections 1-5000, --addresses 1-250, --fd-limit 64-65536, --members 1-200, --seconds 10-300")
    if args.members_of:
        print(json.dumps(asyncio.run(devices(args.members_of, args.members, ANSWER_RATE, args.seconds))))
        return 0
    if args.attack:
        print(json.dumps(asyncio.run(attack(args.attack, args.connections, args.addresses))))
        return 0
    return asyncio.run(bench(args))


if __name__ == "__main__":
    sys.exit(main())
