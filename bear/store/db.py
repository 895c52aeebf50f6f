"""The store's database: one SQLite file (WAL, synchronous=FULL, mode 0600) behind aiosqlite.

Every write goes through one writer: `Database.write()` holds an asyncio lock for the whole
transaction (`BEGIN IMMEDIATE` ... `COMMIT`), so writers from any task queue up instead of
colliding on the shared connection. A transaction is durable once the block ends.

Faults are told apart by SQLite's own error codes:
- a file that is not a database or fails `PRAGMA integrity_check` is corrupt: it is moved
  aside (kept for inspection) and a fresh one is created;
- a full disk, an I/O error or a read-only file system is not corruption: nothing is moved.
  A full disk or an I/O error at start lets the bear run without its store
  (`event=store_unavailable`), trying again on the next write (a wrong path or missing
  permissions stop it with StoreError instead); a write that fails raises `StoreUnavailable` and is logged as
  `event=store_write_failed` at most once a minute, until a write succeeds again
  (`event=store_write_recovered`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bear.store.schema import MIGRATIONS, SCHEMA_VERSION

if TYPE_CHECKING:
    import aiosqlite

log = logging.getLogger(__name__)

FAIL_LOG_EVERY_S = 60.0  # store_write_failed at most this often
REOPEN_EVERY_S = 10.0  # a store that could not be opened is tried again at most this often

# SQLite primary result codes (sqlite3.h)
_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_UNAVAILABLE = {5, 6, 7, 8, 10, 13, 14}  # BUSY, LOCKED, NOMEM, READONLY, IOERR, FULL, CANTOPEN
_PASSING = {5, 6, 7, 10, 13}  # BUSY, LOCKED, NOMEM, IOERR, FULL: what a full or struggling disk does


class StoreError(Exception):
    """The store cannot be used (and was not touched)."""


class StoreUnavailable(StoreError):
    """The store cannot be written (or read) right now: full disk, I/O error, read-only file system."""


class _Corrupt(Exception):
    pass


def is_corruption(exc: BaseException) -> bool:
    """True only for errors that mean the file itself is damaged (never for a full disk)."""
    if isinstance(exc, _Corrupt):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def is_unavailable(exc: BaseException) -> bool:
    """A fault of the disk or the file system rather than of the data."""
    if isinstance(exc, OSError):
        return True
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _UNAVAILABLE
    text = str(exc).lower()
    return any(s in text for s in ("disk is full", "disk i/o error", "readonly", "unable to open", "locked"))


def is_passing(exc: BaseException) -> bool:
    """A fault that goes away by itself (a full disk, an I/O error), unlike a wrong path or
    permissions: at start only these let the bear run on without its store."""
    import errno

    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EIO, errno.EDQUOT)
    code = getattr(exc, "sqlite_errorcode", None)
    return code is not None and code & 0xFF in _PASSING


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


class Database:
    """The connection, its single writer, and what happens when the disk misbehaves."""

    def __init__(self, path: Path, *, integrity_check: bool = True):
        self.path = Path(path)
        self._integrity_check = integrity_check
        self._conn: aiosqlite.Connection | None = None
        self._opened_before = False
        self._lock = asyncio.Lock()
        self._next_open = 0.0
        self._failing_since: float | None = None
        self._last_fail_log = -math.inf
        self.write_failures = 0
        # optional observer (seconds, ok) of each write transaction (bear.metrics)
        self.on_write: Callable[[float, bool], None] | None = None

    @classmethod
    async def open(cls, path: Path | str, *, integrity_check: bool = True) -> Database:
        """Open (creating, migrating, or replacing a corrupt file as needed).

        Raises StoreError when the file must not be touched (a newer schema). A full disk or an
        I/O error does not raise: the database is returned unopened and opens on a later use.
        """
        db = cls(Path(path), integrity_check=integrity_check)
        try:
            await db._connect()
        except StoreUnavailable as exc:
            log.error("event=store_unavailable path=%s error=%r (the bear talks without storing; "
                      "it tries again)", db.path, str(exc))
        return db

    @property
    def available(self) -> bool:
        """True while the database is open and writes succeed."""
        return self._conn is not None and self._failing_since is None

    async def _connect(self) -> None:
        import aiosqlite

        for attempt in (1, 2):
            conn = None
            try:
                _prepare_file(self.path)
                conn = await aiosqlite.connect(self.path, isolation_level=None)
                conn.row_factory = sqlite3.Row
                await self._configure(conn)
                await self._migrate(conn)
                self._conn = conn
                self._opened_before = True
                return
            except StoreError:
                if conn is not None:
                    await conn.close()
                raise
            except (sqlite3.Error, OSError, _Corrupt) as exc:
                if conn is not None:
                    await conn.close()
                if not is_corruption(exc):
                    if not is_passing(exc) and self._conn is None and not self._opened_before:
                        # a directory where the file should be, no permission: a technician must act
                        raise StoreError(f"{self.path}: {type(exc).__name__}: {exc}") from exc
                    self._next_open = time.monotonic() + REOPEN_EVERY_S
                    raise StoreUnavailable(f"{self.path}: {type(exc).__name__}: {exc}") from exc
                if attempt == 2:
                    raise StoreError(f"{self.path}: still unusable after starting afresh: {exc}") from exc
                moved = _move_aside(self.path)
                log.error("event=store_corrupt path=%s error=%r moved_to=%s action=created_fresh",
                          self.path, str(exc), moved)

    async def _configure(self, conn: aiosqlite.Connection) -> None:
        await conn.execute("PRAGMA busy_timeout = 5000")
        version = (await _one(conn, "PRAGMA user_version"))[0]
        if version > SCHEMA_VERSION:  # checked before anything writes to the file
            raise StoreError(f"{self.path}: the store has schema version {version}, newer than this bear "
                             f"knows ({SCHEMA_VERSION}); refusing to touch it")
        mode = await _one(conn, "PRAGMA journal_mode = WAL")
        if mode[0].lower() != "wal":
            raise StoreUnavailable(f"cannot switch the store to WAL (journal_mode={mode[0]})")
        await conn.execute("PRAGMA synchronous = FULL")
        await conn.execute("PRAGMA foreign_keys = ON")
        await conn.execute("PRAGMA secure_delete = ON")  # erased text is overwritten, not left in free pages
        if self._integrity_check:
            rows = list(await (await conn.execute("PRAGMA integrity_check")).fetchall())
            if [r[0] for r in rows] != ["ok"]:
                raise _Corrupt("integrity_check: " + "; ".join(r[0] for r in rows[:3]))

    async def _migrate(self, conn: aiosqlite.Connection) -> None:
        version = (await _one(conn, "PRAGMA user_version"))[0]
        for number in range(version + 1, SCHEMA_VERSION + 1):
            await conn.executescript(
                f"BEGIN; {MIGRATIONS[number - 1]}; PRAGMA user_version = {number}; COMMIT;")
            log.info("event=store_migrated path=%s schema_version=%d", self.path, number)

    async def _ensure(self) -> aiosqlite.Connection:
        if self._conn is None:
            if time.monotonic() < self._next_open:
                raise StoreUnavailable(f"{self.path}: not open (the disk failed earlier)")
            await self._connect()
            log.info("event=store_opened path=%s", self.path)
        assert self._conn is not None  # _connect() set it, or raised
        return self._conn

    def _failed(self, exc: BaseException) -> None:
        self.write_failures += 1
        now = time.monotonic()
        if self._failing_since is None:
            self._failing_since = now
        if now - self._last_fail_log >= FAIL_LOG_EVERY_S:
            self._last_fail_log = now
            log.error("event=store_write_failed path=%s error=%r failures=%d (the bear goes on without "
                      "storing; it tries again)", self.path, str(exc), self.write_failures)

    def _succeeded(self) -> None:
        if self._failing_since is not None:
            log.warning("event=store_write_recovered path=%s after_s=%.0f failures=%d", self.path,
                        time.monotonic() - self._failing_since, self.write_failures)
            self._failing_since = None
            self._last_fail_log = -math.inf

    # --- the single writer -----------------------------------------------------------------
    @contextlib.asynccontextmanager
    async def write(self) -> AsyncIterator[aiosqlite.Connection]:
        """One durable transaction, alone: committed when the block ends, rolled back if it raises.

        Raises StoreUnavailable when the disk refuses (full, I/O error, read-only).
        """
        async with self._lock:
            t0 = time.perf_counter()
            try:
                conn = await self._ensure()
            except StoreUnavailable as exc:
                self._failed(exc)
                self._observe(t0, False)
                raise
            try:
                await conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    await conn.execute("COMMIT")
                except BaseException:
                    with contextlib.suppress(sqlite3.Error):
                        await conn.execute("ROLLBACK")
                    raise
            except (sqlite3.Error, OSError) as exc:
                if is_unavailable(exc):
                    self._failed(exc)
                    self._observe(t0, False)
                    raise StoreUnavailable(f"{self.path}: {type(exc).__name__}: {exc}") from exc
                raise
            self._succeeded()
            self._observe(t0, True)

    def _observe(self, t0: float, ok: bool) -> None:
        """Tell the observer (if any) how long a write transaction took and whether the disk took it."""
        if self.on_write is not None:
            with contextlib.suppress(Exception):  # an observer never fails a write
                self.on_write(time.perf_counter() - t0, ok)

    @contextlib.asynccontextmanager
    async def exclusive(self) -> AsyncIterator[aiosqlite.Connection]:
        """The connection with every other writer held off, outside a transaction (VACUUM, checkpoints)."""
        async with self._lock:
            try:
                yield await self._ensure()
            except (sqlite3.Error, OSError) as exc:
                if is_unavailable(exc):
                    raise StoreUnavailable(f"{self.path}: {type(exc).__name__}: {exc}") from exc
                raise

    async def run(self, sql: str) -> None:
        """Run one statement to completion under the writer lock (a PRAGMA's result row left
        unread keeps it running)."""
        async with self.exclusive() as conn:
            cursor = await conn.execute(sql)
            await cursor.fetchall()
            await cursor.close()

    async def rows(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """A read (no lock needed: reads never start a transaction of their own)."""
        conn = await self._ensure()
        try:
            return list(await (await conn.execute(sql, params)).fetchall())
        except (sqlite3.Error, OSError) as exc:
            if is_unavailable(exc):
                raise StoreUnavailable(f"{self.path}: {type(exc).__name__}: {exc}") from exc
            raise

    async def close(self) -> None:
        """Close the connection."""
        async with self._lock:
            if self._conn is not None:
                conn, self._conn = self._conn, None
                await conn.close()


async def _one(conn: aiosqlite.Connection, sql: str) -> Any:
    """The row a PRAGMA answers with (there always is one)."""
    return await (await conn.execute(sql)).fetchone()
