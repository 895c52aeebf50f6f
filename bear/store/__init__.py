"""The embedded store: the bear's memory on disk, and its housekeeping.

`Store` holds the database (`bear.store.db`: one SQLite file, one writer) and small
repositories: `conversations` (sessions, turns, safety flags), `profile` (the child's name and
favourite things), `settings` (the parent's). The sync outbox lives with sync
(`bear.sync.outbox`). Housekeeping here: transcript expiry at start and daily, a WAL
checkpoint hourly, turns kept in memory while the disk refused them written when it accepts
again, and `forget` (erase everything).
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from pathlib import Path

from bear.store.conversations import Conversations, TurnRecord
from bear.store.db import Database, StoreError, StoreUnavailable
from bear.store.profile import ChildProfile, Settings

# the store's face
__all__ = ["ChildProfile", "Conversations", "Database", "Settings", "Store", "StoreError", "StoreUnavailable",
           "TurnRecord"]

log = logging.getLogger(__name__)

CHECKPOINT_EVERY_S = 3600.0
EXPIRY_EVERY_S = 86400.0
RETRY_BACKLOG_S = 60.0


class Store:
    """The bear's SQLite store: the database and its repositories (conversations, profile, settings)."""

    def __init__(self, db: Database):
        self.db = db
        self.path = db.path
        self.conversations = Conversations(db)
        self.profile = ChildProfile(db)
        self.settings = Settings(db)

    @classmethod
    async def open(cls, path: Path | str, *, integrity_check: bool = True) -> Store:
        """Open (and migrate) the database at `path` (see Database.open for what it raises)."""
        return cls(await Database.open(path, integrity_check=integrity_check))

    async def close(self) -> None:
        """Close the database."""
        await self.db.close()

    async def checkpoint(self) -> None:
        """Fold the WAL back into the main file (never blocks writers for long)."""
        await self.db.run("PRAGMA wal_checkpoint(PASSIVE)")

    async def housekeeping(self, keep_days: float, synced_keep_days: float) -> None:
        """The store's task: expiry at start and daily, a checkpoint hourly, the backlog retried."""
        last_expiry = last_checkpoint = -math.inf
        while True:
            now = time.monotonic()
            try:
                await self.conversations.flush()
                if now - last_expiry >= EXPIRY_EVERY_S:
                    last_expiry = now
                    erased = await self.expire(keep_days, synced_keep_days)
                    log.info("event=store_expired turns=%d safety_flags=%d sessions=%d keep_days=%d "
                             "synced_keep_days=%d", erased["turns"], erased["safety_flags"], erased["sessions"],
                             keep_days, synced_keep_days)
                if now - last_checkpoint >= CHECKPOINT_EVERY_S:
                    last_checkpoint = now
                    await self.checkpoint()
            except StoreUnavailable:
                pass  # logged by the database (at most once a minute); tried again below
            await asyncio.sleep(RETRY_BACKLOG_S)

    # --- retention and erasure ---------------------------------------------------------------
    async def expire(self, keep_days: float, synced_keep_days: float, now: float | None = None) -> dict[str, int]:
        """Erase turns (and their safety flags) older than `keep_days`, synced ones older than
        `synced_keep_days`, and sessions left without turns; returns what was erased."""
        now = time.time() if now is None else now
        old, old_synced = now - keep_days * 86400, now - synced_keep_days * 86400
        async with self.db.write() as conn:
            turns = await conn.execute(
                "DELETE FROM turns WHERE created_at < ? OR (synced_at IS NOT NULL AND created_at < ?)",
                (old, old_synced))
            flags = await conn.execute(
                "DELETE FROM safety_flags WHERE created_at < ? OR (synced_at IS NOT NULL AND created_at < ?)",
                (old, old_synced))
            sessions = await conn.execute(
                "DELETE FROM sessions WHERE started_at < ? AND id NOT IN (SELECT session_id FROM turns "
                "WHERE session_id IS NOT NULL)", (min(old, old_synced),))
        erased = {"turns": turns.rowcount, "safety_flags": flags.rowcount, "sessions": sessions.rowcount}
        if any(erased.values()):
            await self.db.run("PRAGMA wal_checkpoint(TRUNCATE)")
        return erased

    async def forget(self) -> dict[str, int]:
        """Erase everything the bear knows about the child: conversations, safety flags, name and
        favourite things, parent settings and sync state (and turns waiting in memory). The file
        is then rewritten (VACUUM) and the WAL truncated, so nothing of it is left on disk."""
        waiting = self.conversations.drop_backlog()
        before = await self.counts()
        async with self.db.write() as conn:
            for table in ("safety_flags", "turns", "sessions", "child_profile", "settings", "sync_state"):
                await conn.execute(f"DELETE FROM {table}")
        await self.db.run("PRAGMA wal_checkpoint(TRUNCATE)")
        await self.db.run("VACUUM")
        await self.db.run("PRAGMA wal_checkpoint(TRUNCATE)")
        log.warning("event=store_forgotten turns=%d sessions=%d safety_flags=%d waiting=%d", before["turns"],
                    before["sessions"], before["safety_flags"], waiting)
        return before

    async def counts(self) -> dict[str, int]:
        """Rows per table (sessions, turns, safety_flags)."""
        out = {}
        for table in ("sessions", "turns", "safety_flags"):
            out[table] = (await self.db.rows(f"SELECT count(*) FROM {table}"))[0][0]
        return out
