"""The embedded store: one SQLite file (WAL, synchronous=FULL, mode 0600) behind aiosqlite.

A turn is durable once `add_turn` returns: the commit has been synced to disk, so a power cut
or a SIGKILL right after loses nothing that was acknowledged. At start the file is checked
(`PRAGMA integrity_check`); a corrupt file is moved aside, loudly, and a fresh one created.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import time
from pathlib import Path

from bear.store.schema import MIGRATIONS, SCHEMA_VERSION

log = logging.getLogger(__name__)


class StoreError(Exception):
    """The store cannot be used (and was not touched)."""


def _prepare_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)  # created 0600; sqlite gives -wal/-shm the same
    os.close(fd)
    os.chmod(path, 0o600)


def _move_aside(path: Path) -> Path:
    stamp = time.strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(path) + suffix)
        if src.exists():
            os.replace(src, Path(str(target) + suffix))
    return target


class Store:
    def __init__(self, db, path: Path):
        self._db = db
        self.path = path

    @classmethod
    async def open(cls, path: Path | str, *, integrity_check: bool = True) -> "Store":
        import aiosqlite

        path = Path(path)
        for attempt in (1, 2):
            _prepare_file(path)
            db = await aiosqlite.connect(path, isolation_level=None)
            try:
                await cls._configure(db, integrity_check)
                store = cls(db, path)
                await store._migrate()
                return store
            except StoreError as exc:
                await db.close()
                raise StoreError(f"{path}: {exc}") from None
            except sqlite3.DatabaseError as exc:
                await db.close()
                if attempt == 2:
                    raise StoreError(f"{path}: still unusable after starting afresh: {exc}") from exc
                moved = _move_aside(path)
                log.error("event=store_corrupt path=%s error=%r moved_to=%s action=created_fresh",
                          path, str(exc), moved)
        raise AssertionError("unreachable")

    @staticmethod
    async def _configure(db, integrity_check: bool) -> None:
        await db.execute("PRAGMA busy_timeout = 5000")
        version = (await (await db.execute("PRAGMA user_version")).fetchone())[0]
        if version > SCHEMA_VERSION:  # checked before anything writes to the file
            raise StoreError(f"the store has schema version {version}, newer than this bear knows "
                             f"({SCHEMA_VERSION}); refusing to touch it")
        mode = await (await db.execute("PRAGMA journal_mode = WAL")).fetchone()
        if mode[0].lower() != "wal":
            raise StoreError(f"cannot switch the store to WAL (journal_mode={mode[0]})")
        await db.execute("PRAGMA synchronous = FULL")
        await db.execute("PRAGMA foreign_keys = ON")
        await db.execute("PRAGMA secure_delete = ON")  # erased text is overwritten, not left in free pages
        if integrity_check:
            rows = await (await db.execute("PRAGMA integrity_check")).fetchall()
            if [r[0] for r in rows] != ["ok"]:
                raise sqlite3.DatabaseError("integrity_check: " + "; ".join(r[0] for r in rows[:3]))

    async def _migrate(self) -> None:
        version = (await (await self._db.execute("PRAGMA user_version")).fetchone())[0]
        for number in range(version + 1, SCHEMA_VERSION + 1):
            await self._db.executescript(
                f"BEGIN; {MIGRATIONS[number - 1]}; PRAGMA user_version = {number}; COMMIT;")
            log.info("event=store_migrated path=%s schema_version=%d", self.path, number)

    async def close(self) -> None:
        await self._db.close()

    async def checkpoint(self) -> None:
        """Fold the WAL back into the main file (housekeeping; never blocks writers for long)."""
        await self._db.execute("PRAGMA wal_checkpoint(PASSIVE)")

    @contextlib.asynccontextmanager
    async def _transaction(self):
        """One durable transaction: committed when the block ends, rolled back if it raises."""
        await self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
            await self._db.execute("COMMIT")
        except BaseException:
            await self._db.execute("ROLLBACK")
            raise

    async def _write(self, sql: str, params=()) -> int:
        """One statement in its own durable transaction; returns lastrowid."""
        async with self._transaction() as db:
            cursor = await db.execute(sql, params)
        return cursor.lastrowid

    async def _rows(self, sql: str, params=()) -> list[sqlite3.Row]:
        self._db.row_factory = sqlite3.Row
        return list(await (await self._db.execute(sql, params)).fetchall())

    # --- sessions and turns ----------------------------------------------------------------
    async def start_session(self, trigger: str) -> int:
        return await self._write("INSERT INTO sessions (started_at, trigger) VALUES (?, ?)",
                                 (time.time(), trigger))

    async def end_session(self, session_id: int) -> None:
        await self._write("UPDATE sessions SET ended_at = ? WHERE id = ?", (time.time(), session_id))

    async def add_turn(self, session_id: int | None, child_text: str, bear_text: str, *,
                       emotion: str | None = None, timings: dict | None = None) -> int:
        """Record one exchange; durable on disk when this returns."""
        return await self._write(
            "INSERT INTO turns (session_id, created_at, child_text, bear_text, emotion, timings) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (session_id, time.time(), child_text, bear_text, emotion, json.dumps(timings or {})))

    async def recent_turns(self, limit: int = 20) -> list[dict]:
        rows = await self._rows("SELECT * FROM turns ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(r) | {"timings": json.loads(r["timings"])} for r in rows]

    async def turn_ids(self) -> list[int]:
        return [r[0] for r in await self._rows("SELECT id FROM turns ORDER BY id")]

    # --- child profile, settings, safety flags, sync state -------------------------------
    async def profile(self) -> dict:
        rows = await self._rows("SELECT name, likes FROM child_profile WHERE id = 1")
        if not rows:
            return {"name": None, "likes": []}
        return {"name": rows[0]["name"], "likes": json.loads(rows[0]["likes"])}

    async def set_profile(self, *, name: str | None = None, likes: list[str] | None = None) -> None:
        current = await self.profile()
        name = current["name"] if name is None else name
        likes = current["likes"] if likes is None else list(likes)
        await self._write("INSERT INTO child_profile (id, name, likes, updated_at) VALUES (1, ?, ?, ?) "
                          "ON CONFLICT(id) DO UPDATE SET name = excluded.name, likes = excluded.likes, "
                          "updated_at = excluded.updated_at", (name, json.dumps(likes), time.time()))

    async def setting(self, key: str, default=None):
        rows = await self._rows("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else default

    async def set_setting(self, key: str, value) -> None:
        await self._write("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                          (key, json.dumps(value), time.time()))

    async def add_safety_flag(self, category: str, excerpt: str, turn_id: int | None = None) -> int:
        return await self._write("INSERT INTO safety_flags (turn_id, created_at, category, excerpt) "
                                 "VALUES (?, ?, ?, ?)", (turn_id, time.time(), category, excerpt[:500]))

    async def safety_flags(self) -> list[dict]:
        return [dict(r) for r in await self._rows("SELECT * FROM safety_flags ORDER BY id")]

    async def sync_value(self, key: str, default=None):
        rows = await self._rows("SELECT value FROM sync_state WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else default

    async def set_sync_value(self, key: str, value) -> None:
        """Set (or, with None, delete) one `sync_state` key, durably."""
        async with self._transaction() as db:
            await self._set_state(db, {key: value})

    @staticmethod
    async def _set_state(db, state: dict) -> None:
        for key, value in state.items():
            if value is None:
                await db.execute("DELETE FROM sync_state WHERE key = ?", (key,))
            else:
                await db.execute("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT(key) "
                                 "DO UPDATE SET value = excluded.value", (key, json.dumps(value)))

    async def settings(self) -> dict:
        return {r["key"]: json.loads(r["value"]) for r in await self._rows("SELECT key, value FROM settings")}

    # --- the parent's endpoint (bear.sync) ------------------------------------------------------
    async def outbox_trim(self, floor: int, keep: int) -> tuple[int, int]:
        """Keep at most `keep` unsent turns (ids above `floor`) in the outbox: returns the new
        floor (turns at or below it are no longer sent) and how many turns it left out."""
        rows = await self._rows("SELECT id FROM turns WHERE synced_at IS NULL AND id > ? "
                                "ORDER BY id DESC LIMIT 1 OFFSET ?", (floor, keep))
        if not rows:
            return floor, 0
        new_floor = rows[0][0]
        dropped = (await self._rows("SELECT count(*) FROM turns WHERE synced_at IS NULL AND id > ? AND id <= ?",
                                    (floor, new_floor)))[0][0]
        return new_floor, dropped

    async def unsynced(self, floor: int, limit: int) -> tuple[list[int], list[int], int]:
        """The oldest unsent turn ids above `floor` and unsent safety flag ids (each at most
        `limit`), and how many unsent turns there are in all."""
        turns = [r[0] for r in await self._rows("SELECT id FROM turns WHERE synced_at IS NULL AND id > ? "
                                                "ORDER BY id LIMIT ?", (floor, limit))]
        flags = [r[0] for r in await self._rows("SELECT id FROM safety_flags WHERE synced_at IS NULL "
                                                "ORDER BY id LIMIT ?", (limit,))]
        total = (await self._rows("SELECT count(*) FROM turns WHERE synced_at IS NULL AND id > ?", (floor,)))[0][0]
        return turns, flags, total

    async def outbox_size(self) -> int:
        """Unsent turns the next sync will send (what `bear status` shows)."""
        floor = await self.sync_value("outbox_floor", 0)
        return (await self._rows("SELECT count(*) FROM turns WHERE synced_at IS NULL AND id > ?", (floor,)))[0][0]

    async def turns_by_id(self, ids: list[int]) -> list[dict]:
        rows = await self._rows("SELECT id, session_id, created_at, child_text, bear_text, emotion FROM turns "
                                "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id", (json.dumps(ids),))
        return [dict(r) for r in rows]

    async def flags_by_id(self, ids: list[int]) -> list[dict]:
        rows = await self._rows("SELECT id, turn_id, created_at, category, excerpt FROM safety_flags "
                                "WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id", (json.dumps(ids),))
        return [dict(r) for r in rows]

    async def days(self, days: list[str]) -> dict[str, dict]:
        """Counts per local day ("YYYY-MM-DD"): turns, conversations, minutes talked, first and
        last turn, emotion labels and safety flags (no words)."""
        arg = (json.dumps(days),)
        out = {d: {"turns": 0, "conversations": 0, "minutes": 0.0, "first_at": None, "last_at": None,
                   "emotions": {}, "safety_flags": {}} for d in days}
        day = "date(created_at, 'unixepoch', 'localtime')"
        in_days = "IN (SELECT value FROM json_each(?))"
        for r in await self._rows(f"SELECT {day} AS d, count(*), count(DISTINCT session_id), min(created_at), "
                                  f"max(created_at) FROM turns WHERE d {in_days} GROUP BY d", arg):
            out[r[0]].update(turns=r[1], conversations=r[2], first_at=r[3], last_at=r[4])
        for r in await self._rows("SELECT date(started_at, 'unixepoch', 'localtime') AS d, "
                                  "sum(max(coalesce(ended_at, started_at) - started_at, 0)) FROM sessions "
                                  f"WHERE d {in_days} GROUP BY d", arg):
            out[r[0]]["minutes"] = round((r[1] or 0) / 60, 1)
        for r in await self._rows(f"SELECT {day} AS d, emotion, count(*) FROM turns WHERE emotion IS NOT NULL "
                                  f"AND d {in_days} GROUP BY d, emotion", arg):
            out[r[0]]["emotions"][r[1]] = r[2]
        for r in await self._rows(f"SELECT {day} AS d, category, count(*) FROM safety_flags WHERE d {in_days} "
                                  "GROUP BY d, category", arg):
            out[r[0]]["safety_flags"][r[1]] = r[2]
        return out

    async def mark_synced(self, turn_ids: list[int], flag_ids: list[int], at: float, state: dict) -> None:
        """The endpoint has these: mark them and update `sync_state` (None deletes a key), all in
        one durable transaction."""
        async with self._transaction() as db:
            for table, ids in (("turns", turn_ids), ("safety_flags", flag_ids)):
                await db.execute(f"UPDATE {table} SET synced_at = ? WHERE synced_at IS NULL AND id IN "
                                 "(SELECT value FROM json_each(?))", (at, json.dumps(ids)))
            await self._set_state(db, state)

    # --- retention and erasure ---------------------------------------------------------------
    async def expire(self, keep_days: float, synced_keep_days: float, now: float | None = None) -> dict[str, int]:
        """Erase turns (and their safety flags) older than `keep_days`, synced ones older than
        `synced_keep_days`, and sessions left without turns; returns what was erased."""
        now = time.time() if now is None else now
        old, old_synced = now - keep_days * 86400, now - synced_keep_days * 86400
        async with self._transaction() as db:
            turns = await db.execute(
                "DELETE FROM turns WHERE created_at < ? OR (synced_at IS NOT NULL AND created_at < ?)",
                (old, old_synced))
            flags = await db.execute(
                "DELETE FROM safety_flags WHERE created_at < ? OR (synced_at IS NOT NULL AND created_at < ?)",
                (old, old_synced))
            sessions = await db.execute(
                "DELETE FROM sessions WHERE started_at < ? AND id NOT IN (SELECT session_id FROM turns "
                "WHERE session_id IS NOT NULL)", (min(old, old_synced),))
        erased = {"turns": turns.rowcount, "safety_flags": flags.rowcount, "sessions": sessions.rowcount}
        if any(erased.values()):
            await self._finish("PRAGMA wal_checkpoint(TRUNCATE)")
        return erased

    async def _finish(self, sql: str) -> None:
        """Run a statement to completion (a PRAGMA's result row left unread keeps it running)."""
        cursor = await self._db.execute(sql)
        await cursor.fetchall()
        await cursor.close()

    async def forget(self) -> dict[str, int]:
        """Erase everything the bear knows about the child: conversations, safety flags, name and
        favourite things, parent settings and sync state. The file is then rewritten (VACUUM) and
        the WAL truncated, so nothing of it is left on disk."""
        before = await self.counts()
        async with self._transaction() as db:
            for table in ("safety_flags", "turns", "sessions", "child_profile", "settings", "sync_state"):
                await db.execute(f"DELETE FROM {table}")
        await self._finish("PRAGMA wal_checkpoint(TRUNCATE)")
        await self._finish("VACUUM")
        await self._finish("PRAGMA wal_checkpoint(TRUNCATE)")
        log.warning("event=store_forgotten turns=%d sessions=%d safety_flags=%d", before["turns"],
                    before["sessions"], before["safety_flags"])
        return before

    async def counts(self) -> dict[str, int]:
        out = {}
        for table in ("sessions", "turns", "safety_flags"):
            out[table] = (await self._rows(f"SELECT count(*) FROM {table}"))[0][0]
        return out
