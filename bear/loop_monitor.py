"""How late the event loop runs: a stall (a thread holding the GIL, a blocking call) delays
hearing, the watchdog and the status socket alike, so the daemon measures it all the time."""

from __future__ import annotations

import asyncio
import logging

log = logging.getLogger(__name__)


class LoopMonitor:
    """Measures how late the event loop wakes a 50 ms sleeper: the longest stall seen (short by
    up to the period); a stall over `warn_ms` is logged (`event=loop_stall`), so that a technician
    can see when it happened. (A 10 ms sleeper woke the loop 100 times a second: a third of the
    idle bear's event-loop CPU.)"""

    def __init__(self, period_s: float = 0.05, warn_ms: float = 250.0):
        self.period_s = period_s
        self.warn_ms = warn_ms
        self.max_stall_ms = 0.0

    async def run(self) -> None:
        """Measure the longest event-loop stall for ever (in `max_stall_ms`)."""
        loop = asyncio.get_running_loop()
        while True:
            t0 = loop.time()
            await asyncio.sleep(self.period_s)
            stall = (loop.time() - t0 - self.period_s) * 1000
            self.max_stall_ms = max(self.max_stall_ms, stall)
            if stall > self.warn_ms:
                log.warning("event=loop_stall stall_ms=%.0f", stall)
