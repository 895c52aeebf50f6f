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
from pathlib import Path

log = logging.getLogger(__name__)

SOCKET_NAME = "status.sock"
CONTROL_NAME = "control.sock"
MAX_REPLY = 1 << 20


class StatusServer:
    """Serves `provider()` to every connection; with `commands`, the client first sends one line
    naming the command (`commands[name]()` answers)."""

    def __init__(self, path: Path, provider=None, *, commands: dict | None = None, mode: int = 0o660):
        self.path = Path(path)
        self.provider = provider  # async () -> dict
        self.commands = commands or {}  # name -> async () -> dict
        self.mode = mode
        self.served = 0

    async def _answer(self, reader) -> dict:
        if not self.commands:
            return await self.provider()
        line = await asyncio.wait_for(reader.readline(), 2.0)
        name = line.decode("ascii", "replace").strip()
        if name not in self.commands:
            return {"error": f"unknown command {name[:20]!r}; known: {', '.join(sorted(self.commands))}"}
        log.info("event=control_command command=%s", name)
        return await self.commands[name]()

    async def _handle(self, reader, writer) -> None:
        try:
            doc = await self._answer(reader)
            writer.write(json.dumps(doc, default=str).encode() + b"\n")
            await asyncio.wait_for(writer.drain(), 2.0)
            self.served += 1
        except (ConnectionError, asyncio.TimeoutError) as exc:
            log.debug("event=status_client_failed error=%r", str(exc))
        except Exception as exc:  # a bug in the provider must not take the daemon down
            log.error("event=status_failed error=%r", f"{type(exc).__name__}: {exc}")
        finally:
            writer.close()

    async def run(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.path.exists() or self.path.is_symlink():
                self.path.unlink()  # left by a bear that did not stop cleanly (another bear holds the lock)
            server = await asyncio.start_unix_server(self._handle, path=str(self.path))
            os.chmod(self.path, self.mode)
        except OSError as exc:  # runtime_dir unwritable ...: the bear works on, without this socket
            log.error("event=status_unavailable path=%s error=%r (bear status / forget / sync cannot reach "
                      "this bear; check paths.runtime_dir)", self.path, f"{type(exc).__name__}: {exc}")
            return
        log.info("event=status_socket path=%s", self.path)
        try:
            async with server:
                await server.serve_forever()
        finally:
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass


def fetch(path: Path, timeout: float = 3.0, command: str | None = None) -> dict:
    """Ask the running daemon (raises OSError if it is not there, ValueError on a bad reply)."""
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.settimeout(timeout)
        s.connect(str(path))
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
