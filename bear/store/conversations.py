"""Conversations: sessions, turns and the safety flags on them.

A turn, its safety flag and any change to the child's profile it brings are written in one
transaction (`Conversations.record`), so a crash can never keep a disclosure without its flag
for the parent. When the disk refuses a write, the turn waits in memory (at most
`BACKLOG_TURNS`) and is written, in order, with the next write that succeeds.
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bear.store.db import Database, StoreUnavailable
from bear.store.profile import write_profile

if TYPE_CHECKING:
    import aiosqlite

log = logging.getLogger(__name__)

BACKLOG_TURNS = 500  # turns kept in memory while the disk refuses writes


@dataclass(frozen=True)
class TurnRecord:
    """Everything one turn leaves behind, written together."""

    session_id: int | None
    child_text: str
    bear_text: str
    emotion: str | None = None
    timings: dict[str, Any] = field(default_factory=dict)
    flag: str | None = None  # safety category to flag for the parent (the child's words are the excerpt)
    name: str | None = None  # the child's name, learnt in this turn
    likes: tuple[str, ...] | None = None  # the child's favourite things after this turn
    created_at: float = field(default_factory=time.time)


class Conversations:
    """Sessions, turns and safety flags; a turn the disk refuses waits in memory (the backlog) for a later write."""

    def __init__(self, db: Database):
        self.db = db
        self._backlog: deque[TurnRecord] = deque()

    @property
    def backlog(self) -> int:
        """Turns waiting in memory for the disk."""
        return len(self._backlog)

    async def start_session(self, trigger: str) -> int | None:
        """A new conversation's id (None while the store cannot be written: its turns still are, later)."""
        try:
            async with self.db.write() as conn:
                cursor = await conn.execute("INSERT INTO sessions (started_at, trigger) VALUES (?, ?)",
                                            (time.time(), trigger))
            return cursor.lastrowid
        except StoreUnavailable:
            return None

    async def end_session(self, session_id: int | None) -> None:
        """Mark the session ended (nothing for a session that was never stored)."""
        if session_id is None:
            return
        try:
            async with self.db.write() as conn:
                await conn.execute("UPDATE sessions SET ended_at = ? WHERE id = ?", (time.time(), session_id))
        except StoreUnavailable:
            pass  # logged by the database; the session keeps no end time

    async def record(self, rec: TurnRecord) -> int | None:
        """Write the turn with its flag and profile change (and any turns waiting before it) in one
        durable transaction; its id, or None if it waits in memory for the disk."""
        pending = [*self._backlog, rec]
        try:
            async with self.db.write() as conn:
                ids = [await self._insert(conn, r) for r in pending]
        except StoreUnavailable:
            if len(self._backlog) >= BACKLOG_TURNS:
                self._backlog.popleft()
                log.error("event=store_backlog_full dropped=1 kept=%d", BACKLOG_TURNS)
            self._backlog.append(rec)
            return None
        if self._backlog:
            log.info("event=store_backlog_written turns=%d", len(self._backlog))
            self._backlog.clear()
        return ids[-1]

    async def flush(self) -> bool:
        """Write the turns waiting in memory, if any (housekeeping); True when none is left."""
        if not self._backlog:
            return True
        try:
            async with self.db.write() as conn:
                for r in self._backlog:
                    await self._insert(conn, r)
        except StoreUnavailable:
            return False
        log.info("event=store_backlog_written turns=%d", len(self._backlog))
        self._backlog.clear()
        return True

    def drop_backlog(self) -> int:
        """Forget the turns waiting in memory (the parent erased everything)."""
        n = len(self._backlog)
        self._backlog.clear()
        return n

    @staticmethod
    async def _insert(conn: aiosqlite.Connection, r: TurnRecord) -> int | None:
        if r.session_id is not None:  # a session that expired or was erased meanwhile is not revived
            exists = await (await conn.execute("SELECT 1 FROM sessions WHERE id = ?", (r.session_id,))).fetchone()
            session_id = r.session_id if exists else None
        else:
            session_id = None
        cursor = await conn.execute(
            "INSERT INTO turns (session_id, created_at, child_text, bear_text, emotion, timings) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (session_id, r.created_at, r.child_text, r.bear_text, r.emotion, json.dumps(r.timings)))
        turn_id = cursor.lastrowid
        if r.flag:
            await conn.execute("INSERT INTO safety_flags (turn_id, created_at, category, excerpt) VALUES (?, ?, ?, ?)",
                               (turn_id, r.created_at, r.flag, r.child_text[:500]))
        if r.name is not None or r.likes is not None:
            await write_profile(conn, name=r.name, likes=r.likes)
        return turn_id

    # --- reading -----------------------------------------------------------------------------
    async def recent_turns(self, limit: int = 20) -> list[dict[str, Any]]:
        """The last `limit` turns, newest first."""
        rows = await self.db.rows("SELECT * FROM turns ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(r) | {"timings": json.loads(r["timings"])} for r in rows]

    async def turn_ids(self) -> list[int]:
        """Every turn's id, in order."""
        return [r[0] for r in await self.db.rows("SELECT id FROM turns ORDER BY id")]

    async def safety_flags(self) -> list[dict[str, Any]]:
        """Every safety flag, in order."""
        return [dict(r) for r in await self.db.rows("SELECT * FROM safety_flags ORDER BY id")]
