"""The memory watchdog: unloads models when memory runs short, before the kernel has to.

Every `check_interval_s` it reads system memory use and the bear's own RSS. Above the
high-water mark (or the RSS budget) it unloads models in the registry's unload order —
emotion, then voice, then speech-to-text, least recently used first — one at a time, until
memory use is below the low-water mark (for the budget: the budget scaled by low/high).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bear.config_schema import MemoryConfig
    from bear.models.registry import ModelRegistry

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MemoryReading:
    """System memory use (%) and the bear's RSS (bytes)."""

    system_percent: float
    rss_bytes: int


def read_memory() -> MemoryReading:
    """The memory figures now."""
    import psutil

    from bear.resources import process_rss

    return MemoryReading(psutil.virtual_memory().percent, process_rss())


class MemoryWatchdog:
    """Unloads idle models when memory runs high and withholds loads until it is low again."""

    def __init__(self, registry: ModelRegistry, cfg: MemoryConfig,
                 reader: Callable[[], MemoryReading] = read_memory) -> None:
        self.registry = registry
        self.cfg = cfg
        self.reader = reader
        self.unloads = 0
        self.last: MemoryReading | None = None
        self._nothing_to_unload = False

    def _budget(self) -> int:
        return self.cfg.rss_budget_mb * 1_000_000

    def over_high(self, r: MemoryReading) -> bool:
        """True when system memory or the bear's RSS is at or above the high-water mark."""
        return r.system_percent >= self.cfg.high_water_percent or \
            (self._budget() > 0 and r.rss_bytes >= self._budget())

    def below_low(self, r: MemoryReading) -> bool:
        """True when both are back below the low-water mark."""
        ratio = self.cfg.low_water_percent / self.cfg.high_water_percent
        return r.system_percent < self.cfg.low_water_percent and \
            (self._budget() == 0 or r.rss_bytes < self._budget() * ratio)

    async def check(self) -> list[str]:
        """One reading; unloads models if needed. Returns the names unloaded."""
        reading = self.last = self.reader()
        if not self.over_high(reading):
            self._nothing_to_unload = False
            return []
        candidates = self.registry.unload_candidates()
        if not candidates:
            if not self._nothing_to_unload:  # say it once per episode, not every second
                self._nothing_to_unload = True
                log.error("event=memory_still_high system_percent=%.1f rss_mb=%.1f models_left=0",
                          reading.system_percent, reading.rss_bytes / 1e6)
            return []
        log.warning("event=memory_high system_percent=%.1f rss_mb=%.1f high_water_percent=%.1f "
                    "rss_budget_mb=%d", reading.system_percent, reading.rss_bytes / 1e6,
                    self.cfg.high_water_percent, self.cfg.rss_budget_mb)
        unloaded = []
        for slot in candidates:
            freed = await self.registry.unload(slot.name)
            after = self.last = self.reader()
            self.unloads += 1
            unloaded.append(slot.name)
            log.warning("event=memory_unload model=%s role=%s freed_mb=%.1f system_percent_before=%.1f "
                        "system_percent_after=%.1f rss_before_mb=%.1f rss_after_mb=%.1f",
                        slot.name, slot.entry.role, freed / 1e6, reading.system_percent,
                        after.system_percent, reading.rss_bytes / 1e6, after.rss_bytes / 1e6)
            if self.below_low(after):
                break
            reading = after
        return unloaded

    async def run(self) -> None:
        """Check memory every `check_interval_s`, for ever."""
        while True:
            await self.check()
            await asyncio.sleep(self.cfg.check_interval_s)
