"""Who may hold a connection to the join server, and for how long.

Every connection passes a :class:`Gate` as it is accepted: at most so many from one address and
so many in all (when all are taken, the longest idle connection makes way), and never the last
file descriptors the process may open, which are kept for saving the session (its journal and
its file). A connection refused gets a short 503 with a one-line reason and is closed at once. A connection admitted must send a whole request within a
few seconds of opening, and of its previous answer: one that sends nothing, or half a request, or
stays idle, is closed (:class:`Door`).

No web or terminal library is imported here; the server hands :class:`Door` to the event loop as
the protocol of each connection, wrapping aiohttp's own.
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Callable


def fd_limit() -> int | None:
    """The number of file descriptors this process may have open (None: the system sets none)."""
    try:
        import resource
    except ImportError:  # Windows: no such limit on sockets
        return None
    soft, _hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    return None if soft == resource.RLIM_INFINITY else soft


def fds_open() -> int:
    """The file descriptors this process has open now (0 where the system does not list them)."""
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            return len(os.listdir(folder))
        except OSError:
            continue
    return 0


def refusal(reason: str) -> bytes:
    """A whole HTTP answer refusing a connection, with its one-line reason as the page reads it."""
    body = json.dumps({"error": reason}).encode()
    head = (
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\nRetry-After: 5\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n"
    )
    return head.encode() + body


class Gate:
    """Counts the connections open, by address, and decides whether one more may open.

    ``limit`` is the process's descriptor limit (None: none); ``reserve`` of them are never given
    to connections, and ``burst`` more are left for the sockets the event loop accepts at once
    before any is looked at. At :meth:`start` the descriptors already open are counted, so the
    connections in all stay below the limit less those, the reserve and the burst. When every
    place is taken, the connection that has been idle longest (no request in hand: one that never
    sent one, or a device between two requests) is closed to let the new one in: connections that
    hold nothing cannot keep out a device that asks for something."""

    def __init__(self, *, per_address: int, total: int, reserve: int, limit: int | None, burst: int = 0) -> None:
        self.per_address = per_address
        self.total = total
        self.reserve = reserve
        self.burst = burst
        self.limit = limit
        self.by_address: dict[str, int] = {}
        self.open = 0
        self.idle: dict[Door, None] = {}
        """The admitted connections with no request in hand, the longest idle first."""
        self.refused = 0
        self.evicted = 0
        """Connections refused, and idle ones closed to let another in, so far (for tests and benches)."""

    def start(self) -> None:
        if self.limit is not None:
            self.total = max(1, min(self.total, self.limit - self.reserve - self.burst - fds_open()))

    def admit(self, door: Door, address: str, fd: int) -> str | None:
        """Take ``door``'s connection from ``address`` (its socket's descriptor ``fd``), or say why not."""
        if self.by_address.get(address, 0) >= self.per_address:
            self.refused += 1
            return "too many connections from this device: close other tabs and try again"
        if self.open >= self.total or (self.limit is not None and fd >= self.limit - self.reserve):
            if not self.idle:
                self.refused += 1
                return "too many devices are connected: try again in a moment"
            self.evicted += 1
            next(iter(self.idle)).close()
        self.open += 1
        self.by_address[address] = self.by_address.get(address, 0) + 1
        self.idle[door] = None
        return None

    def left(self, door: Door, address: str) -> None:
        self.idle.pop(door, None)
        self.open -= 1
        count = self.by_address.get(address, 0) - 1
        if count > 0:
            self.by_address[address] = count
        else:
            self.by_address.pop(address, None)


class Door(asyncio.Protocol):
    """One connection, in front of the server's own protocol (``inner``): admitted by the gate or
    refused, and closed when it holds no request and none came within ``timeout`` seconds (of its
    opening, or of its last answer). The server tells it when a request starts and ends
    (:meth:`busy`, :meth:`idle`)."""

    def __init__(self, inner: asyncio.Protocol, gate: Gate, timeout: float, doors: dict) -> None:
        self.inner = inner
        self.gate = gate
        self.timeout = timeout
        self.doors = doors
        self.address: str | None = None
        """Its address while the gate counts it (None: refused, or closed)."""
        self.admitted = False
        self.transport: asyncio.Transport | None = None
        self.requests = 0
        self._timer: asyncio.TimerHandle | None = None

    # -- the transport's calls -------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if peer else "?"
        sock = transport.get_extra_info("socket")
        reason = self.gate.admit(self, address, sock.fileno() if sock is not None else -1)
        if reason is not None:
            transport.write(refusal(reason))
            transport.close()
            return
        self.address, self.transport, self.admitted = address, transport, True
        self.doors[transport] = self
        self.inner.connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self.admitted:
            self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received() if self.admitted else None

    def pause_writing(self) -> None:
        if self.admitted:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self.admitted:
            self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.admitted:
            return
        self.admitted = False
        self._leave()
        self.doors.pop(self.transport, None)
        self.inner.connection_lost(exc)

    def _leave(self) -> None:
        self._disarm()
        if self.address is not None:
            self.gate.left(self, self.address)
            self.address = None

    def close(self) -> None:
        """Close the connection now (it no longer counts, though the loop ends it a moment later)."""
        self._leave()
        if self.transport is not None:
            self.transport.abort()

    # -- the server's calls ----------------------------------------------------------------------
    def busy(self) -> None:
        """A request has come in whole: no deadline while it is handled (an event stream stays)."""
        self.requests += 1
        self.gate.idle.pop(self, None)
        self._disarm()

    def idle(self) -> None:
        """A request was answered: the next must come within the timeout."""
        self.requests -= 1
        if not self.requests and self.address is not None:
            self.gate.idle[self] = None
            self._arm()

    def _arm(self) -> None:
        self._disarm()
        self._timer = asyncio.get_running_loop().call_later(self.timeout, self._late)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _late(self) -> None:
        self._timer = None
        if not self.requests:
            self.close()


def doors_for(make: Callable[[], asyncio.Protocol], gate: Gate, timeout: float, doors: dict) -> Callable[[], Door]:
    """A protocol factory for ``loop.create_server``: each connection a :class:`Door` in front of ``make()``."""
    return lambda: Door(make(), gate, timeout, doors)
