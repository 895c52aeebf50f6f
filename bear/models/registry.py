"""The model registry: every model is loaded here, lazily, on its engine's own thread.

Callers never hold a model object; they ask the registry to run a function with it
(`await registry.run("silero-vad", fn, *args)`), which loads the model on first use (after
checking its checksum), measures what the load cost in RSS, and lets `unload()` really give
the memory back: drop the only reference, collect, and `malloc_trim` the C heap.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bear.backoff import backoff_delay
from bear.engine import EngineThread
from bear.models.manifest import Manifest, ModelEntry, ModelUnavailable, Verifier
from bear.resources import process_rss

log = logging.getLogger(__name__)

# The memory watchdog unloads in this order (then least recently used first).
UNLOAD_ORDER = {"emotion": 0, "understanding": 0, "voice": 1, "stt": 2, "wake": 3, "vad": 4}
RETRY_REFUSED_FIRST_S, RETRY_REFUSED_MAX_S = 1.0, 60.0  # a refused model is tried again after this, doubling


def malloc_trim() -> bool:
    """Return freed C-heap pages to the system (glibc only); True if it ran."""
    try:
        return bool(ctypes.CDLL("libc.so.6").malloc_trim(0)) or True
    except (OSError, AttributeError):
        return False


@dataclass
class Slot:
    """One registered model: its manifest entry, loader, engine thread and the loaded object (None while unloaded)."""

    entry: ModelEntry
    loader: Callable[[Path], Any]  # folder -> model object; runs on the engine thread
    thread: EngineThread
    obj: Any = field(default=None, repr=False)
    rss_cost: int = 0
    last_used: float = 0.0
    loads: int = 0
    refused_until: float = 0.0
    refused_reason: str = ""
    refusals: int = 0  # failed loads in a row

    @property
    def name(self) -> str:
        """The model's manifest name."""
        return self.entry.name

    @property
    def loaded(self) -> bool:
        """True while the model is loaded."""
        return self.obj is not None


class ModelRegistry:
    """Every model the bear uses: registered up front, loaded lazily on its engine thread after a checksum check,
    unloadable."""

    def __init__(self, manifest: Manifest, model_dir: Path):
        self.manifest = manifest
        self.model_dir = Path(model_dir)
        self.verifier = Verifier(self.model_dir)
        self._slots: dict[str, Slot] = {}
        self._threads: dict[str, EngineThread] = {}

    def register(self, name: str, loader: Callable[[Path], Any], *, thread: str | None = None,
                 builtin_role: str | None = None) -> Slot:
        """Declare how to load manifest model `name`; nothing is loaded yet.

        Models registered with the same `thread` name share one owner thread. `builtin_role`
        registers a model that ships inside a Python package (not in the manifest; the loader
        gets None for its folder).
        """
        if builtin_role is not None:
            entry = ModelEntry(name=name, role=builtin_role, engine=name, licence="bundled",
                               commercial=True, builtin=True)
        else:
            entry = self.manifest.get(name)
        tname = thread or name
        if tname not in self._threads:
            self._threads[tname] = EngineThread(tname)
        slot = Slot(entry, loader, self._threads[tname])
        self._slots[name] = slot
        return slot

    def installed(self, name: str) -> bool:
        """True if manifest model `name` is installed and passes its checksums."""
        try:
            return self.verifier.status(self.manifest.get(name))[0] == "installed"
        except ModelUnavailable:
            return False

    def slot(self, name: str) -> Slot:
        """The registered model's slot; raises ModelUnavailable when it is not registered."""
        try:
            return self._slots[name]
        except KeyError:
            raise ModelUnavailable(f"model {name!r} is not registered") from None

    def slots(self) -> list[Slot]:
        """Every registered model's slot."""
        return list(self._slots.values())

    # --- on the engine thread -------------------------------------------------------------
    def _ensure(self, slot: Slot):
        if slot.obj is not None:
            return slot.obj
        now = time.monotonic()
        if now < slot.refused_until:
            raise ModelUnavailable(slot.refused_reason)
        try:
            folder = self.verifier.require(slot.entry, fresh=slot.loads > 0)  # reloaded: hash it again
        except ModelUnavailable as exc:
            self._refuse(slot, str(exc))
            log.error("event=model_refused name=%s reason=%r retry_in_s=%.0f", slot.name, str(exc),
                      slot.refused_until - now)
            raise
        malloc_trim()  # so that the RSS cost below is the model's, not earlier garbage given back
        before, t0 = process_rss(), time.perf_counter()
        try:
            obj = slot.loader(folder)
        except Exception as exc:
            reason = f"model {slot.name} failed to load: {type(exc).__name__}: {exc}"
            self._refuse(slot, reason)
            log.error("event=model_load_failed name=%s error=%r", slot.name, str(exc))
            raise ModelUnavailable(reason) from exc
        slot.obj, slot.loads, slot.refusals = obj, slot.loads + 1, 0
        malloc_trim()  # what loading needed only for a moment (a parsed model file) goes back now
        slot.rss_cost = max(0, process_rss() - before)
        log.info("event=model_loaded name=%s role=%s load_ms=%.0f rss_cost_mb=%.1f",
                 slot.name, slot.entry.role, (time.perf_counter() - t0) * 1000, slot.rss_cost / 1e6)
        return obj

    @staticmethod
    def _refuse(slot: Slot, reason: str) -> None:
        """Not loadable now: calls fail at once until a pause (1 s, doubling to 60 s) has passed."""
        slot.refusals += 1
        pause = backoff_delay(slot.refusals, RETRY_REFUSED_FIRST_S, RETRY_REFUSED_MAX_S)
        slot.refused_until, slot.refused_reason = time.monotonic() + pause, reason

    def _call(self, slot: Slot, fn, args, kwargs):
        return fn(self._ensure(slot), *args, **kwargs)

    def _drop(self, slot: Slot) -> tuple[int, int]:
        if slot.obj is None:
            return 0, 0
        before = process_rss()
        obj, slot.obj = slot.obj, None
        close = getattr(obj, "close", None)
        if callable(close):
            try:
                close()
            except Exception as exc:
                log.warning("event=model_close_failed name=%s error=%r", slot.name, str(exc))
        del obj
        gc.collect()
        malloc_trim()
        return before, process_rss()

    # --- on the event loop ----------------------------------------------------------------
    async def run(self, name: str, fn: Callable[..., Any], *args, **kwargs):
        """Run `fn(model, *args, **kwargs)` on the model's thread, loading it first if needed.

        Raises ModelUnavailable if the model is missing, corrupt or fails to load.
        """
        slot = self.slot(name)
        slot.last_used = time.monotonic()
        return await slot.thread.submit(self._call, slot, fn, args, kwargs)

    async def load(self, name: str) -> None:
        """Load the model now (on its engine thread); raises ModelUnavailable when it cannot be."""
        await self.run(name, lambda model: None)

    async def unload(self, name: str) -> int:
        """Unload a model (the next use reloads it); returns the RSS bytes given back."""
        slot = self.slot(name)
        if not slot.loaded:
            return 0
        before, after = await slot.thread.submit(self._drop, slot)
        freed = max(0, before - after)
        log.info("event=model_unloaded name=%s role=%s freed_mb=%.1f rss_before_mb=%.1f rss_after_mb=%.1f",
                 name, slot.entry.role, freed / 1e6, before / 1e6, after / 1e6)
        return freed

    def unload_candidates(self) -> list[Slot]:
        """Loaded models in the order the watchdog gives them up."""
        loaded = [s for s in self._slots.values() if s.loaded]
        return sorted(loaded, key=lambda s: (UNLOAD_ORDER.get(s.entry.role, 9), s.last_used))

    def close(self, timeout: float = 1.5) -> list[str]:
        """Unload every model (ending engine child processes) and stop the engine threads, within
        about `timeout` seconds in all: a thread still busy (a load in progress) is left, and its
        name returned."""
        deadline = time.monotonic() + timeout
        for slot in self._slots.values():
            if slot.loaded or slot.thread.busy:
                try:
                    slot.thread.call(self._drop, slot, timeout=max(0.05, deadline - time.monotonic()))
                except Exception as exc:  # closing must go on whatever one engine does
                    log.warning("event=model_close_failed name=%s error=%r", slot.name, str(exc))
        return [name for name, thread in self._threads.items()
                if not thread.close(max(0.05, deadline - time.monotonic()))]
