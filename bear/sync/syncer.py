"""The `sync` task: sends the outbox to the parent's endpoint when asked, until it has everything.

Asked by the parent button (short press), by `sync.interval_min`, or on start when a sync was
requested or a batch was pending before a restart (`sync_state` keys "requested", "pending").
A failed try is retried after `sync.retry_initial_s`, doubling up to `sync.retry_max_s` (with
jitter); a press of the button tries again at once. A batch is marked synced only after a 2xx.

Events: sync_requested, sync_resumed, sync_batch_sent, sync_failed, sync_done,
sync_answer_ignored (see the README).
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time

from bear.store.db import StoreUnavailable
from bear.sync.client import Client, SyncError
from bear.sync.payload import encode, next_batch

log = logging.getLogger(__name__)

FLASH_S = 3.0  # how long the light shows "success" or "error" after a sync


class Syncer:
    """The sync task: sends batches from the outbox when asked or due, with backoff, and applies the parent's settings
    from the answer."""

    def __init__(self, cfg, outbox, *, on_settings=None, software: str = "bear", clock=time.time,
                 rng=random.random, urgent: asyncio.Event | None = None):
        self.cfg = cfg  # SyncConfig
        self.outbox = outbox
        self.client = Client(cfg.url, cfg.token, ca_file=cfg.ca_file, timeout_s=cfg.timeout_s, software=software)
        self.software = software
        self.on_settings = on_settings  # async (raw settings) -> None
        self.clock = clock
        self.rng = rng
        self.state = "idle"  # idle | syncing | waiting (a retry is due)
        self.failures = 0
        self.next_try: float | None = None  # monotonic time of the next retry
        self.last_error: str | None = None
        self.outcome: tuple[str, float] | None = None  # ("success" | "error", monotonic time)
        self.batches_sent = 0
        self.batch_limit = cfg.batch_turns  # halved while the endpoint answers 413 (too large)
        self._wanted = asyncio.Event()
        self._source = "button"
        self.urgent = urgent  # set by the conversation when an emergency was flagged: sync at once

    # --- on the loop ---------------------------------------------------------------------------
    def request(self, source: str = "button") -> None:
        """Sync now (the parent pressed the button)."""
        log.info("event=sync_requested source=%s", source)
        self._source = source
        self._wanted.set()

    def look(self) -> str | None:
        """What the light should show for sync: syncing, success or error (for FLASH_S), or None."""
        if self.state == "syncing":
            return "syncing"
        if self.outcome and time.monotonic() - self.outcome[1] < FLASH_S:
            return self.outcome[0]
        return None

    def status(self) -> dict:
        """What `bear status` shows under `sync`."""
        return {"state": self.state, "failures": self.failures, "last_error": self.last_error,
                "next_try_in_s": round(max(0.0, self.next_try - time.monotonic()), 1) if self.next_try else None}

    async def run(self) -> None:
        """Sync when asked or due, for ever (resuming a sync a restart interrupted)."""
        try:
            resume = await self.outbox.value("pending") or await self.outbox.value("requested")
        except StoreUnavailable:
            resume = False
        if resume:
            log.info("event=sync_resumed")
            self.request("resume")
        interval = self.cfg.interval_min * 60
        while True:
            timeout: float | None
            if self.next_try is not None:
                timeout = max(0.0, self.next_try - time.monotonic())
            else:
                timeout = interval or None
            waits = {asyncio.ensure_future(self._wanted.wait())}
            if self.urgent is not None:
                waits.add(asyncio.ensure_future(self.urgent.wait()))
            try:
                done, pending = await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for w in waits:
                    w.cancel()
            if self.urgent is not None and self.urgent.is_set():
                self.urgent.clear()
                log.info("event=sync_requested source=urgent")
                source = "urgent"
            elif self._wanted.is_set():
                source = self._source
            else:
                source = "retry" if self.next_try is not None else "schedule"
            self._wanted.clear()
            await self.sync(source)

    def _backoff(self) -> float:
        from bear.backoff import backoff_delay

        return backoff_delay(self.failures, self.cfg.retry_initial_s, self.cfg.retry_max_s, jitter=0.25, rng=self.rng)

    async def sync(self, source: str = "button") -> bool:
        """Send every batch the endpoint does not have yet; False (and a retry scheduled) on failure."""
        self.state, t0 = "syncing", time.monotonic()
        batches = turns = flags = 0
        pending = None
        try:
            await self.outbox.set_value("requested", self.clock())  # a restart resumes it
            while True:
                pending = await self.outbox.value("pending") or await next_batch(
                    self.outbox, self.cfg, self.clock(), self.batch_limit)
                body, n_turns, n_flags = await encode(self.outbox, pending, self.software)
                t1 = time.monotonic()
                try:
                    answer = await self.client.post(body, pending["batch_id"])
                except SyncError as exc:
                    size = max(len(pending["turn_ids"]), len(pending["flag_ids"]))
                    if exc.status != 413 or size <= 1:
                        raise
                    # too large for the endpoint, which therefore does not have it: choose a smaller one
                    self.batch_limit = size // 2
                    await self.outbox.set_value("pending", None)
                    log.warning("event=sync_batch_too_large batch_id=%s turns=%d bytes=%d next_turns=%d",
                                pending["batch_id"], n_turns, len(body), self.batch_limit)
                    continue
                now = self.clock()
                await self.outbox.mark_synced(pending["turn_ids"], pending["flag_ids"], now,
                                             {"pending": None, "left_out": None, "last_success": now})
                batches, turns, flags = batches + 1, turns + n_turns, flags + n_flags
                self.batches_sent += 1
                log.info("event=sync_batch_sent batch_id=%s turns=%d safety_flags=%d bytes=%d status=%d ms=%.0f "
                         "remaining=%d", pending["batch_id"], n_turns, n_flags, len(body), answer.status,
                         (time.monotonic() - t1) * 1000, pending["remaining"])
                await self._answer(answer)
                if pending["remaining"] <= 0:
                    break
        except Exception as exc:  # the endpoint, the network or the store: a failed try, retried later
            self.failures += 1
            delay = self._backoff()
            self.next_try = time.monotonic() + delay
            self.last_error = str(exc) if isinstance(exc, SyncError) else f"{type(exc).__name__}: {exc}"[:200]
            self.state, self.outcome = "waiting", ("error", time.monotonic())
            log.warning("event=sync_failed source=%s batch_id=%s reason=%r attempt=%d retry_in_s=%.1f", source,
                        pending["batch_id"] if pending else "-", self.last_error, self.failures, delay)
            return False
        except BaseException:
            self.state = "idle"
            raise
        try:
            await self.outbox.set_value("requested", None)
        except StoreUnavailable:
            pass  # done all the same; a restart would only ask the endpoint once more
        self.failures, self.next_try, self.last_error = 0, None, None
        self.state, self.outcome = "idle", ("success", time.monotonic())
        log.info("event=sync_done source=%s batches=%d turns=%d safety_flags=%d ms=%.0f", source, batches, turns,
                 flags, (time.monotonic() - t0) * 1000)
        return True

    async def _answer(self, answer) -> None:
        """The endpoint's answer may carry parent settings; anything else in it is ignored."""
        if answer.too_large:
            log.warning("event=sync_answer_ignored reason=%r", f"longer than {len(answer.body)} bytes")
            return
        if not answer.body.strip():
            return
        try:
            doc = json.loads(answer.body)
        except (ValueError, UnicodeDecodeError):
            log.warning("event=sync_answer_ignored reason=%r", "not JSON")
            return
        except RecursionError:  # hostile nesting: the batch still counts, the answer does not
            log.warning("event=sync_answer_ignored reason=%r", "JSON nested too deeply")
            return
        if not isinstance(doc, dict):
            log.warning("event=sync_answer_ignored reason=%r", "not a JSON object")
            return
        if "settings" in doc and self.on_settings is not None:
            try:
                await self.on_settings(doc["settings"])
            except StoreUnavailable as exc:  # the disk refused them: the parent's next sync sends them again
                log.warning("event=sync_answer_ignored reason=%r", f"settings not stored: {exc}")
