"""Who may hold a connection to the join server, and for how long.

Every connection passes a :class:`Gate` as it is accepted: at most so many from one address and
so many in all, and never the last file descriptors the process may open, which are kept for
saving the session (its journal and its file). A connection refused gets a short 503 with a
one-line reason and is closed at once. A connection admitted must send a whole request within a
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
    to connections. At :meth:`start` the descriptors already open are counted, so the connections
    in all stay below the limit less those and the reserve."""

    def __init__(self, *, per_address: int, total: int, reserve: int, limit: int | None) -> None:
        self.per_address = per_address
        self.total = total
        self.reserve = reserve
        self.limit = limit
        self.by_address: dict[str, int] = {}
        self.open = 0
        self.refused = 0
        """Connections refused so far (shown nowhere; for tests and benches)."""

    def start(self) -> None:
        if self.limit is not None:
            self.total = max(1, min(self.total, self.limit - self.reserve - fds_open()))

    def admit(self, address: str, fd: int) -> str | None:
        """Take one connection from ``address`` (its socket's descriptor ``fd``), or the reason it is refused."""
        if self.limit is not None and fd >= self.limit - self.reserve:
            reason = "the screen's computer is busy: try again in a moment"
        elif self.open >= self.total:
            reason = "too many devices are connected: try again in a moment"
        elif self.by_address.get(address, 0) >= self.per_address:
            reason = "too many connections from this device: close other tabs and try again"
        else:
            self.open += 1
            self.by_address[address] = self.by_address.get(address, 0) + 1
            return None
        self.refused += 1
        return reason

    def left(self, address: str) -> None:
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
        self.transport: asyncio.Transport | None = None
        self.requests = 0
        self._timer: asyncio.TimerHandle | None = None

    # -- the transport's calls -------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        peer = transport.get_extra_info("peername")
        address = str(peer[0]) if peer else "?"
        sock = transport.get_extra_info("socket")
        reason = self.gate.admit(address, sock.fileno() if sock is not None else -1)
        if reason is not None:
            transport.write(refusal(reason))
            transport.close()
            return
        self.address, self.transport = address, transport
        self.doors[transport] = self
        self.inner.connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        if self.address is not None:
            self.inner.data_received(data)

    def eof_received(self) -> bool | None:
        return self.inner.eof_received() if self.address is not None else None

    def pause_writing(self) -> None:
        if self.address is not None:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self.address is not None:
            self.inner.resume_writing()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.address is None:
            return
        self._disarm()
        self.doors.pop(self.transport, None)
        self.gate.left(self.address)
        self.address = None
        self.inner.connection_lost(exc)

    # -- the server's calls ----------------------------------------------------------------------
    def busy(self) -> None:
        """A request has come in whole: no deadline while it is handled (an event stream stays)."""
        self.requests += 1
        self._disarm()

    def idle(self) -> None:
        """A request was answered: the next must come within the timeout."""
        self.requests -= 1
        if not self.requests:
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
        if not self.requests and self.transport is not None:
            self.transport.abort()


def doors_for(make: Callable[[], asyncio.Protocol], gate: Gate, timeout: float, doors: dict) -> Callable[[], Door]:
    """A protocol factory for ``loop.create_server``: each connection a :class:`Door` in front of ``make()``."""
    return lambda: Door(make(), gate, timeout, doors)
