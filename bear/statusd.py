"""`bear status` (and `bear forget` / `bear sync` while the bear runs): unix sockets in `paths.runtime_dir`.

- `status.sock` (0660, the bear's group): one JSON document per connection, the live state;
  `bear status` prints it as a table, or as JSON with `--json`.
- `control.sock` (0600, the bear's user): a client writes one command line ("forget" or
  "sync") and reads one JSON answer. `bear forget` uses it so a running bear forgets exactly as
  when the parent button is held (it says so, erases the store and what it holds in memory).

Sockets are removed at shutdown; a stale one left by a crash is replaced at start.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)

SOCKET_NAME = "status.sock"
CONTROL_NAME = "control.sock"
MAX_REPLY = 1 << 20
SNAPSHOT_MS = 500  # the status document is built at most this often; meanwhile the last one is served
MAX_CLIENTS = 8  # connections being answered at once (waiting for a document or a command); more are refused
RATE_PER_S, BURST = 10.0, 20  # requests a second per client user (peer uid), with this burst
BACKLOG = 16  # connections the kernel holds for us; past that it refuses them (EAGAIN) without waking the bear
ACCEPT_PER_S = 200  # connections accepted a second at most (each costs the loop some 50 us)
REFUSED_LOG_S = 10.0  # refusals are logged at most this often (with their count)
BUSY = json.dumps({"error": "busy: too many requests; try again in a second"}).encode() + b"\n"


class StatusServer:
    """Serves `provider()` to every connection; with `commands`, the client first sends one line
    naming the command (`commands[name]()` answers).

    A flood of connections must not stall the event loop (the microphone and the listener share
    it): connections are accepted at most `ACCEPT_PER_S` a second (the kernel refuses the rest
    once its backlog is full), the status document is built at most every `snapshot_ms` (one
    build at a time; everyone asking meanwhile gets the same bytes, written without a task of
    their own), each client user (peer uid) gets `rate_per_s` requests a second (burst `burst`),
    and at most `max_clients` connections wait for an answer at once. A refused connection gets a
    one-line busy answer.
    """

    def __init__(self, path: Path, provider=None, *, commands: dict | None = None, mode: int = 0o660,
                 snapshot_ms: float = SNAPSHOT_MS, max_clients: int = MAX_CLIENTS, rate_per_s: float = RATE_PER_S,
                 burst: int = BURST, clock=time.monotonic):
        self.path = Path(path)
        self.provider = provider  # async () -> dict
        self.commands = commands or {}  # name -> async () -> dict
        self.mode = mode
        self.snapshot_s = snapshot_ms / 1000
        self.max_clients = max_clients
        self.rate_per_s, self.burst = rate_per_s, burst
        self.clock = clock
        self.served = 0  # answers written
        self.built = 0  # status documents built (provider calls)
        self.reused = 0  # answers served from a document already built (or being built)
        self.refused = 0  # connections refused (rate or too many at once)
        self.active = 0  # connections waiting for their answer
        self._snapshot: tuple[float, bytes] | None = None  # (built at, the document's bytes)
        self._building: asyncio.Future | None = None
        self._buckets: dict[int, list[float]] = {}  # peer uid -> [tokens, last refill]
        self._refused_logged = (-REFUSED_LOG_S, 0)  # (when, self.refused then)
        self._tasks: set[asyncio.Task] = set()

    # --- admission ----------------------------------------------------------------------------
    def _allowed(self, conn) -> bool:
        if self.active >= self.max_clients:
            return self._refuse("busy")
        now, uid = self.clock(), _peer_uid(conn)
        bucket = self._buckets.get(uid)
        if bucket is None:
            if len(self._buckets) >= 64:  # users come and go: forget the oldest
                self._buckets.pop(next(iter(self._buckets)))
            bucket = self._buckets[uid] = [float(self.burst), now]
        bucket[0] = min(float(self.burst), bucket[0] + (now - bucket[1]) * self.rate_per_s)
        bucket[1] = now
        if bucket[0] < 1.0:
            return self._refuse("rate", uid)
        bucket[0] -= 1.0
        return True

    def _refuse(self, reason: str, uid: int = -1) -> bool:
        self.refused += 1
        when, count = self._refused_logged
        if self.clock() - when >= REFUSED_LOG_S:
            log.warning("event=status_refused socket=%s reason=%s uid=%d refused=%d", self.path.name, reason, uid,
                        self.refused - count)
            self._refused_logged = (self.clock(), self.refused)
        return False

    # --- answers ------------------------------------------------------------------------------
    def _fresh(self) -> bytes | None:
        if self._snapshot is not None and self.clock() - self._snapshot[0] < self.snapshot_s:
            return self._snapshot[1]
        return None

    async def _build(self) -> bytes:
        doc = await self.provider()
        data = json.dumps(doc, default=str).encode() + b"\n"
        self.built += 1
        self._snapshot = (self.clock(), data)
        return data

    async def _document(self) -> bytes:
        """The status document: the snapshot, or one build shared by everyone asking meanwhile."""
        if self._building is None or self._building.done():
            self._building = asyncio.ensure_future(self._build())
        else:
            self.reused += 1
        return await asyncio.shield(self._building)

    async def _read_command(self, conn) -> str:
        loop, line = asyncio.get_running_loop(), b""
        while b"\n" not in line and len(line) < 256:
            chunk = await asyncio.wait_for(loop.sock_recv(conn, 256), 2.0)
            if not chunk:
                break
            line += chunk
        return line.split(b"\n", 1)[0].decode("ascii", "replace").strip()

    async def _answer(self, conn) -> bytes:
        if not self.commands:
            return await self._document()
        name = await self._read_command(conn)
        if name not in self.commands:
            doc = {"error": f"unknown command {name[:20]!r}; known: {', '.join(sorted(self.commands))}"}
        else:
            log.info("event=control_command command=%s", name)
            doc = await self.commands[name]()
        return json.dumps(doc, default=str).encode() + b"\n"

    def _connected(self, conn) -> None:
        """Each accepted connection, on the loop: refused or answered from the snapshot at once
        (no task); otherwise a task waits for the document or the command."""
        if not self._allowed(conn):
            _send_and_close(conn, BUSY)
            return
        data = None if self.commands else self._fresh()
        if data is not None:
            self.reused += 1
            self.served += 1
            _send_and_close(conn, data)
            return
        task = asyncio.ensure_future(self._handle(conn))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, conn) -> None:
        self.active += 1
        try:
            data = await self._answer(conn)
            await asyncio.wait_for(asyncio.get_running_loop().sock_sendall(conn, data), 2.0)
            self.served += 1
        except (TimeoutError, ConnectionError) as exc:
            log.debug("event=status_client_failed error=%r", str(exc))
        except Exception as exc:  # a bug in the provider must not take the daemon down
            log.error("event=status_failed error=%r", f"{type(exc).__name__}: {exc}")
        finally:
            self.active -= 1
            conn.close()

    async def run(self) -> None:
        """Accept connections, at most `ACCEPT_PER_S` a second: past that they wait in the kernel's
        backlog (`BACKLOG`), and when it is full the kernel refuses them, at no cost to the bear."""
        import socket

        loop = asyncio.get_running_loop()
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() or self.path.is_symlink():
                self.path.unlink()  # left by a bear that did not stop cleanly (another bear holds the lock)
            listener.bind(str(self.path))
            os.chmod(self.path, self.mode)
            listener.listen(BACKLOG)
            listener.setblocking(False)
        except OSError as exc:  # runtime_dir unwritable ...: the bear works on, without this socket
            listener.close()
            log.error("event=status_unavailable path=%s error=%r (bear status / forget / sync cannot reach "
                      "this bear; check paths.runtime_dir)", self.path, f"{type(exc).__name__}: {exc}")
            return
        try:
            log.info("event=status_socket path=%s", self.path)
            while True:
                conn, _ = await loop.sock_accept(listener)
                self._connected(conn)
                await asyncio.sleep(1 / ACCEPT_PER_S)
        finally:
            listener.close()
            for task in list(self._tasks):
                task.cancel()
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass


def _send_and_close(conn, data: bytes) -> None:
    """A short answer into the socket's empty buffer (never blocks: what does not fit is dropped)."""
    try:
        conn.send(data)
    except OSError:  # the client is gone already
        pass
    conn.close()


def _peer_uid(sock) -> int:
    """The connecting process's user id (SO_PEERCRED), -1 where it cannot be had."""
    import socket
    import struct

    try:
        _pid, uid, _gid = struct.unpack("3i", sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED,
                                                              struct.calcsize("3i")))
        return uid
    except (AttributeError, OSError):
        return -1


def fetch(path: Path, timeout: float = 3.0, command: str | None = None) -> dict:
    """Ask the running daemon (raises OSError if it is not there, ValueError on a bad reply)."""
    import socket

    deadline = time.monotonic() + timeout
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(timeout)
        try:
            s.connect(str(path))
            break
        except BlockingIOError:  # its listen backlog is full (someone floods it): try again shortly
            s.close()
            if time.monotonic() > deadline:
                raise TimeoutError(f"{path}: too busy to accept a connection") from None
            time.sleep(0.01)
        except BaseException:
            s.close()
            raise
    with s:
        if command is not None:
            s.sendall(command.encode() + b"\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
            if len(data) > MAX_REPLY:
                raise ValueError("status reply too large")
    return json.loads(data)


def _fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(_fmt(v) for v in value) or "-"
    if isinstance(value, dict):
        return ", ".join(f"{k}={_fmt(v)}" for k, v in value.items()) or "-"
    return "-" if value is None else str(value)


def main(cfg, as_json: bool, out=None) -> int:
    """`bear status`: print the running bear's state (or JSON); returns 3 when it is not running, 1 on an error."""
    out = out or sys.stdout
    path = cfg.paths.runtime_dir / SOCKET_NAME
    try:
        doc = fetch(path)
    except (FileNotFoundError, ConnectionRefusedError) as exc:
        why = "no status socket at" if isinstance(exc, FileNotFoundError) else "nothing answers on"
        print(f"bear: status: the bear is not running ({why} {path})", file=sys.stderr)
        return 3  # as `systemctl status` for a stopped unit
    except (OSError, ValueError) as exc:
        print(f"bear: status: cannot read {path}: {exc}", file=sys.stderr)
        return 1
    if "error" in doc:
        print(f"bear: status: the bear answered: {doc['error']}", file=sys.stderr)
        return 1
    if as_json:
        print(json.dumps(doc, indent=1), file=out)
        return 0
    width = max(len(k) for k in doc)
    for key, value in doc.items():
        if key == "models":
            print(f"{'models':<{width}}  " + (", ".join(f"{m['name']} ({m['rss_mb']} MB)" for m in value) or "-"),
                  file=out)
        else:
            print(f"{key:<{width}}  {_fmt(value)}", file=out)
    return 0


# --- what `bear status` and the periodic log line show ---------------------------------------------
def level_dbfs(ring, ms: float = 500) -> float:
    """Loudness of the last `ms` of captured audio, in dBFS (-inf for digital silence)."""
    import math

    import numpy as np

    block = ring.last(ms).astype(np.float32)
    if not len(block):
        return -math.inf
    rms = float(np.sqrt(np.mean(block * block))) / 32768.0
    return 20 * math.log10(rms) if rms > 0 else -math.inf


def snapshot(d) -> dict:
    """The daemon's state now, cheaply (the heartbeat logs it; `live` builds on it)."""
    import time

    import psutil

    listener = d.hearing.listener
    return {
        "state": d.state,
        "uptime_s": round(time.monotonic() - d.started_at, 1),
        "captured_s": round(d.ring.written / d.ring.sample_rate, 2),
        "capture": d.capture.state,
        "level_dbfs": round(level_dbfs(d.ring), 1),
        "rss_mb": round(psutil.Process().memory_info().rss / 1e6, 1),
        "models_loaded": [s.name for s in d.registry.slots() if s.loaded],
        "overflows": d.capture.overflows,
        "device_errors": d.capture.device_errors,
        "listener": listener.state.value,
        "hearing_problems": dict(listener.problems),
        "audio_overruns": listener.overruns,
        "conversation": d.conversation.state,
        "muted": bool(d.capture.muted),
        "turns": d.conversation.turns,
        "max_loop_stall_ms": round(d.loop_monitor.max_stall_ms, 1),
        "echo": d.echo.status() if d.echo is not None else {"state": "off"},
    }


async def live(d) -> dict:
    """What `bear status` shows: the snapshot plus models with their RSS, memory, the last turn,
    devices, error counts, the store and sync."""
    from datetime import datetime

    import psutil

    from bear.resources import process_rss
    from bear.store import StoreUnavailable
    from bear.sync.outbox import Outbox

    st = snapshot(d)
    vm = psutil.virtual_memory()
    last = d.conversation.last_turn
    outbox = Outbox(d.store.db)
    try:
        sync_last, outbox_turns = await outbox.value("last_success"), await outbox.size()
    except StoreUnavailable:
        sync_last, outbox_turns = None, None
    return {
        "state": st["state"], "conversation": st["conversation"], "listener": st["listener"],
        "hearing_problems": st["hearing_problems"], "audio_overruns": st["audio_overruns"],
        "muted": st["muted"], "light": d.panel.look if d.panel else None,
        "uptime_s": st["uptime_s"],
        "models": [{"name": s.name, "role": s.entry.role, "rss_mb": round(s.rss_cost / 1e6, 1)}
                   for s in d.registry.slots() if s.loaded],
        "memory": {"bear_rss_mb": round(process_rss() / 1e6, 1), "system_percent": vm.percent,
                   "system_available_mb": round(vm.available / 1e6)},
        "turns": st["turns"],
        "last_turn_at": last["at"] if last else None,
        "audio_in": f"{d.capture.source.name} ({st['capture']}, {st['level_dbfs']} dBFS)",
        "audio_out": d.mouth.sink.name,
        "errors": {"device_errors": st["device_errors"], "overflows": st["overflows"],
                   "underruns": d.mouth.sink.underruns,
                   "task_crashes": sum(len(v) for v in d.supervisor.crashes.values())},
        "max_loop_stall_ms": st["max_loop_stall_ms"],
        "echo": st["echo"],
        "sync": {"configured": bool(d.cfg.sync.url),
                 "last_success": datetime.fromtimestamp(sync_last).isoformat(timespec="seconds") if sync_last else None,
                 **(d.syncer.status() if d.syncer else {}),
                 "outbox_turns": outbox_turns},
        "store": {"available": d.store.db.available, "waiting_turns": d.store.conversations.backlog},
        "settings": d.settings.values,
    }
