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
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self.path.exists() or self.path.is_symlink():
            self.path.unlink()  # left by a bear that did not stop cleanly
        server = await asyncio.start_unix_server(self._handle, path=str(self.path))
        os.chmod(self.path, self.mode)
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
