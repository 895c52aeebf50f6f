"""systemd's notify protocol with the standard library: AF_UNIX datagrams to $NOTIFY_SOCKET.

Outside systemd (no NOTIFY_SOCKET) every call is a no-op. Only the event loop sends
WATCHDOG=1, and only while the capture ring buffer advances and the loop answers promptly, so
a hung loop or a dead microphone lets systemd's watchdog restart the bear.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


class Notifier:
    """systemd's notify socket ($NOTIFY_SOCKET); every call is a no-op without one."""

    def __init__(self, env=None):
        env = os.environ if env is None else env
        self.address = env.get("NOTIFY_SOCKET") or None
        usec = env.get("WATCHDOG_USEC", "")
        pid = env.get("WATCHDOG_PID", "")
        watchdog_for_us = not pid or pid == str(os.getpid())
        self.watchdog_interval_s = int(usec) / 2e6 if usec.isdigit() and int(usec) > 0 and watchdog_for_us else None
        self._sock = None
        if self.address:
            if self.address.startswith("@"):  # abstract namespace
                self.address = "\0" + self.address[1:]
            # Non-blocking: a notify socket that is not being read must never stall the loop.
            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
            self._sock.setblocking(False)

    @property
    def enabled(self) -> bool:
        """True when systemd gave a notify socket."""
        return self._sock is not None

    def notify(self, *lines: str) -> bool:
        """Send `KEY=value` lines in one datagram; False (and a debug log) if it could not."""
        if self._sock is None:
            return False
        try:
            self._sock.sendto("\n".join(lines).encode(), self.address)
            return True
        except OSError as exc:  # includes BlockingIOError when the receiver is not reading
            log.debug("event=sd_notify_failed error=%r", str(exc))
            return False

    def ready(self, status: str) -> bool:
        """READY=1 with a status line."""
        return self.notify("READY=1", f"STATUS={status}")

    def status(self, status: str) -> bool:
        """A new status line."""
        return self.notify(f"STATUS={status}")

    def watchdog(self) -> bool:
        """Pet systemd's watchdog."""
        return self.notify("WATCHDOG=1")

    def stopping(self, status: str = "stopping") -> bool:
        """STOPPING=1 with a status line."""
        return self.notify("STOPPING=1", f"STATUS={status}")

    def close(self) -> None:
        """Close the socket."""
        if self._sock is not None:
            self._sock.close()
            self._sock = None


DEAF_S = 10.0  # the hearing has not moved and is this far behind the microphone: the bear cannot hear


async def heartbeat(notifier: Notifier, ring, capture, *, heard, on_ready, status, status_every: float) -> None:
    """READY=1 once audio flows; then WATCHDOG=1 while the bear can hear: the microphone's ring
    advances, the loop answers promptly, and the hearing keeps up (a hearing that has stopped far
    behind the microphone is deaf, and systemd should restart the bear; one catching up is not).
    Every `status_every` seconds the status is logged and sent as STATUS=."""
    import asyncio

    loop = asyncio.get_running_loop()
    await capture.started.wait()
    notifier.ready("listening")
    on_ready()
    interval = notifier.watchdog_interval_s or 1.0
    last_written, last_heard, last_status, withheld = ring.written, heard(), loop.time(), False
    while True:
        t0 = loop.time()
        await asyncio.sleep(interval)
        lag = loop.time() - t0 - interval
        advanced = ring.written > last_written
        last_written = ring.written
        now_heard = heard()
        deaf = now_heard is not None and now_heard == last_heard and \
            (ring.written - now_heard) / ring.sample_rate > DEAF_S
        last_heard = now_heard
        if advanced and lag < interval and not deaf:
            notifier.watchdog()
            if withheld:
                log.info("event=watchdog_resumed")
            withheld = False
        elif not withheld:
            withheld = True
            log.warning("event=watchdog_withheld capture_advanced=%s loop_lag_ms=%.0f hearing_stuck=%s",
                        advanced, lag * 1000, deaf)
        if status_every and loop.time() - last_status >= status_every:
            last_status = loop.time()
            st = status()
            notifier.status(f"{st['state']}; capture {st['capture']}; rss {st['rss_mb']} MB")
            log.info("event=status state=%s listener=%s capture=%s captured_s=%.1f level_dbfs=%.1f "
                     "rss_mb=%.1f models_loaded=%d overflows=%d device_errors=%d audio_overruns=%d "
                     "max_loop_stall_ms=%.1f", st["state"], st["listener"], st["capture"], st["captured_s"],
                     st["level_dbfs"], st["rss_mb"], len(st["models_loaded"]), st["overflows"],
                     st["device_errors"], st["audio_overruns"], st["max_loop_stall_ms"])
