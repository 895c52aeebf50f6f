"""The sync outbox: which turns and safety flags the parent's endpoint does not have yet, and
the sync state (`sync_state` table: the pending batch, the outbox floor, the last success).

It reads and writes the store's database directly, through its single writer; marking a batch
synced and updating the sync state is one transaction.
"""

from __future__ import annotations

import json
from typing import Any

from bear.store.db import Database


class Outbox:
    """What sync keeps in the store: its state values and the turns and flags not yet sent."""

    def __init__(self, db: Database):
        self.db = db

    async def value(self, key: str, default=None):
        """A sync state value, or `default`."""
        rows = await self.db.rows("SELECT value FROM sync_state WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else default

    async def set_value(self, key: str, value) -> None:
        """Set (or, with None, delete) one `sync_state` key, durably."""
        async with self.db.write() as conn:
            await _set_state(conn, {key: value})

    async def trim(self, floor: int, keep: int) -> tuple[int, int]:
        """Keep at most `keep` unsent turns (ids above `floor`) in the outbox: returns the new
        floor (turns at or below it are no longer sent) and how many turns it left out."""
        rows = await self.db.rows("SELECT id FROM turns WHERE synced_at IS NULL AND id > ? "
                                  "ORDER BY id DESC LIMIT 1 OFFSET ?", (floor, keep))
        if not rows:
            return floor, 0
        new_floor = rows[0][0]
        dropped = (await self.db.rows("SELECT count(*) FROM turns WHERE synced_at IS NULL AND id > ? AND id <= ?",
                                      (floor, new_floor)))[0][0]
        return new_floor, dropped

    async def unsent(self, floor: int, limit: int) -> tuple[list[int], list[int], int]:
        """The oldest unsent turn ids above `floor` and unsent safety flag ids (each at most
        `limit`), and how many unsent turns there are in all."""
        turns = [r[0] for r in await self.db.rows("SELECT id FROM turns WHERE synced_at IS NULL AND id > ? "
                                                  "ORDER BY id LIMIT ?", (floor, limit))]
        flags = [r[0] for r in await self.db.rows("SELECT id FROM safety_flags WHERE synced_at IS NULL "
                                                  "ORDER BY id LIMIT ?", (limit,))]
        total = (await self.db.rows("SELECT count(*) FROM turns WHERE synced_at IS NULL AND id > ?", (floor,)))[0][0]
        return turns, flags, total

    async def size(self) -> int:
        """Unsent turns the next sync will send (what `bear status` shows)."""
        floor = await self.value("outbox_floor", 0)
        return (await self.db.rows("SELECT count(*) FROM turns WHERE synced_at IS NULL AND id > ?", (floor,)))[0][0]

    async def turns(self, ids: list[int]) -> list[dict]:
        """The turns with these ids, as the payload needs them."""
        rows = await self.db.rows("SELECT id, session_id, created_at, child_text, bear_text, emotion FROM turns "
                                  "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id", (json.dumps(ids),))
        return [dict(r) for r in rows]

    async def flags(self, ids: list[int]) -> list[dict]:
        """The safety flags with these ids, as the payload needs them."""
        rows = await self.db.rows("SELECT id, turn_id, created_at, category, excerpt FROM safety_flags "
                                  "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id", (json.dumps(ids),))
        return [dict(r) for r in rows]

    async def days(self, days: list[str]) -> dict[str, dict]:
        """Counts per local day ("YYYY-MM-DD"): turns, conversations, minutes talked, first and
        last turn, emotion labels and safety flags (no words)."""
        arg = (json.dumps(days),)
        out: dict[str, dict[str, Any]] = {d: {"turns": 0, "conversations": 0, "minutes": 0.0, "first_at": None,
                                              "last_at": None, "emotions": {}, "safety_flags": {}} for d in days}
        day = "date(created_at, 'unixepoch', 'localtime')"
        in_days = "IN (SELECT value FROM json_each(?))"
        for r in await self.db.rows(f"SELECT {day} AS d, count(*), count(DISTINCT session_id), min(created_at), "
                                    f"max(created_at) FROM turns WHERE d {in_days} GROUP BY d", arg):
            out[r[0]].update(turns=r[1], conversations=r[2], first_at=r[3], last_at=r[4])
        for r in await self.db.rows("SELECT date(started_at, 'unixepoch', 'localtime') AS d, "
                                    "sum(max(coalesce(ended_at, started_at) - started_at, 0)) FROM sessions "
                                    f"WHERE d {in_days} GROUP BY d", arg):
            out[r[0]]["minutes"] = round((r[1] or 0) / 60, 1)
        for r in await self.db.rows(f"SELECT {day} AS d, emotion, count(*) FROM turns WHERE emotion IS NOT NULL "
                                    f"AND d {in_days} GROUP BY d, emotion", arg):
            out[r[0]]["emotions"][r[1]] = r[2]
        for r in await self.db.rows(f"SELECT {day} AS d, category, count(*) FROM safety_flags WHERE d {in_days} "
                                    "GROUP BY d, category", arg):
            out[r[0]]["safety_flags"][r[1]] = r[2]
        return out

    async def mark_synced(self, turn_ids: list[int], flag_ids: list[int], at: float, state: dict) -> None:
        """The endpoint has these: mark them and update `sync_state` (None deletes a key), all in
        one durable transaction."""
        async with self.db.write() as conn:
            for table, ids in (("turns", turn_ids), ("safety_flags", flag_ids)):
                await conn.execute(f"UPDATE {table} SET synced_at = ? WHERE synced_at IS NULL AND id IN "
                                   "(SELECT value FROM json_each(?))", (at, json.dumps(ids)))
            await _set_state(conn, state)


async def _set_state(conn, state: dict) -> None:
    for key, value in state.items():
        if value is None:
            await conn.execute("DELETE FROM sync_state WHERE key = ?", (key,))
        else:
            await conn.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) "
                               "DO UPDATE SET value = excluded.value", (key, json.dumps(value)))
