"""The one way the bear's runtime clients (sync, the optional LLM) talk HTTP.

`http.client` runs on a short-lived thread (never on the event loop). Each exchange has one owner
on the loop: when its deadline passes or the awaiting task is cancelled, `exchange` shuts the
socket from the loop, which ends the thread's blocking read at once; the connection is always
closed when `exchange` returns. TLS is always verified (the system's CAs, or a given CA file).
"""

from __future__ import annotations

import asyncio
import http.client
import os
import socket
import ssl
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")
C = TypeVar("C", bound=http.client.HTTPConnection)


@dataclass(frozen=True)
class Target:
    """Where requests go: scheme, host, port and the path with its query."""
    scheme: str
    host: str
    port: int | None
    path: str

    @classmethod
    def parse(cls, url: str, *, schemes: tuple[str, ...] = ("https",)) -> Target:
        """The URL's parts; ValueError naming the URL when its scheme is not one of `schemes` or
        it has no host."""
        parts = urlsplit(url)
        if parts.scheme not in schemes or not parts.hostname:
            raise ValueError(f"url must start with {' or '.join(s + '://' for s in schemes)} and name a host, "
                             f"got {url!r}")
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        return cls(parts.scheme, parts.hostname, parts.port, path)


def tls_context(ca_file: str | os.PathLike[str] | None = None) -> ssl.SSLContext:
    """Verified TLS (hostname and chain), TLS 1.2 or newer; `ca_file` replaces the system's CAs."""
    ca = str(ca_file) if ca_file and str(ca_file) not in ("", ".") else None
    ctx = ssl.create_default_context(cafile=ca)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def connection(target: Target, *, timeout_s: float,
               context: ssl.SSLContext | None = None) -> http.client.HTTPConnection:
    """A not yet connected `http.client` connection to `target` (socket timeout `timeout_s`)."""
    if target.scheme == "https":
        return http.client.HTTPSConnection(target.host, target.port, timeout=timeout_s,
                                           context=context or tls_context())
    return http.client.HTTPConnection(target.host, target.port, timeout=timeout_s)


def shut(conn: http.client.HTTPConnection) -> None:
    """Close the connection; a thread blocked on it wakes up with an error."""
    sock = conn.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    conn.close()


async def exchange(conn: C, work: Callable[[C], T], *, deadline_s: float | None) -> T:
    """Run `work(conn)` (blocking `http.client` calls) on its own thread and return its result.
    `asyncio.TimeoutError` after `deadline_s` (None: no deadline, only cancellation); either way,
    and on cancellation, the socket is shut so the thread ends promptly."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(work, conn), deadline_s)
    finally:
        shut(conn)
