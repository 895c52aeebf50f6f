"""The child's profile (name and favourite things) and the parent's settings."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bear.store.db import Database

if TYPE_CHECKING:
    import aiosqlite


async def write_profile(conn: aiosqlite.Connection, *, name: str | None = None,
                        likes: Iterable[str] | None = None) -> None:
    """Inside a transaction: set the name and/or the likes, keeping whatever is not given."""
    row = await (await conn.execute("SELECT name, likes FROM child_profile WHERE id = 1")).fetchone()
    current_name, current_likes = (row[0], json.loads(row[1])) if row else (None, [])
    await conn.execute(
        "INSERT INTO child_profile (id, name, likes, updated_at) VALUES (1, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET name = excluded.name, likes = excluded.likes, updated_at = excluded.updated_at",
        (current_name if name is None else (name or None), json.dumps(list(current_likes if likes is None else likes)),
         time.time()))


class ChildProfile:
    """The child's profile (name, likes) in the store."""

    def __init__(self, db: Database):
        self.db = db

    async def get(self) -> dict[str, Any]:
        """{"name": str | None, "likes": [str]}"""
        rows = await self.db.rows("SELECT name, likes FROM child_profile WHERE id = 1")
        if not rows:
            return {"name": None, "likes": []}
        return {"name": rows[0]["name"], "likes": json.loads(rows[0]["likes"])}

    async def set(self, *, name: str | None = None, likes: Iterable[str] | None = None) -> None:
        """Change the name ("" clears it) and/or the likes, durably."""
        async with self.db.write() as conn:
            await write_profile(conn, name=name, likes=likes)


class Settings:
    """The parent's settings (JSON values by key)."""

    def __init__(self, db: Database):
        self.db = db

    async def get(self, key: str, default: Any = None) -> Any:
        """The setting's value, or `default`."""
        rows = await self.db.rows("SELECT value FROM settings WHERE key = ?", (key,))
        return json.loads(rows[0]["value"]) if rows else default

    async def all(self) -> dict[str, Any]:
        """Every setting."""
        return {r["key"]: json.loads(r["value"]) for r in await self.db.rows("SELECT key, value FROM settings")}

    async def set(self, key: str, value: Any) -> None:
        """Store a setting (any JSON value)."""
        async with self.db.write() as conn:
            await conn.execute("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) "
                               "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                               (key, json.dumps(value), time.time()))
