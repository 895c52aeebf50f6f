import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time

import pytest

from bear.sync.outbox import Outbox
from bear.store import Store, StoreError, TurnRecord
from bear.store.schema import SCHEMA_VERSION
from conftest import ROOT, arun


def test_schema_tables_and_round_trips(tmp_path):
    async def main():
        store = await Store.open(tmp_path / "d" / "bear.db")
        session = await store.conversations.start_session("button")
        turn = await store.conversations.record(TurnRecord(session, "what is a cloud", "A cloud is tiny drops of water!",
                                                           emotion="surprise", timings={"stt_ms": 80, "reply_ms": 3}))
        await store.conversations.end_session(session)
        await store.profile.set(name="Mia")
        await store.profile.set(likes=["dinosaurs", "the moon"])
        await store.settings.set("volume", 0.6)
        await store.conversations.record(TurnRecord(session, "someone hurts me", "tell a grown-up",
                                                      flag="disclosure"))
        await Outbox(store.db).set_value("last_batch", {"id": "abc", "turns": [turn]})
        turns = await store.conversations.recent_turns()
        out = (turns, await store.profile.get(), await store.settings.get("volume"), await store.settings.get("nope", 1),
               await store.conversations.safety_flags(), await Outbox(store.db).value("last_batch"), await store.counts())
        await store.close()
        return out

    turns, profile, volume, default, flags, sync, counts = arun(main())
    flagged, cloud = turns  # newest first
    assert cloud["child_text"] == "what is a cloud" and cloud["timings"] == {"stt_ms": 80, "reply_ms": 3}
    assert cloud["emotion"] == "surprise" and cloud["synced_at"] is None
    assert profile == {"name": "Mia", "likes": ["dinosaurs", "the moon"]}
    assert volume == 0.6 and default == 1
    assert len(flags) == 1 and flags[0]["category"] == "disclosure" and flags[0]["turn_id"] == flagged["id"]
    assert flags[0]["excerpt"] == "someone hurts me"
    assert sync == {"id": "abc", "turns": [cloud["id"]]}
    assert counts == {"sessions": 1, "turns": 2, "safety_flags": 1}
    db = sqlite3.connect(tmp_path / "d" / "bear.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_files_are_private(tmp_path):
    async def main():
        store = await Store.open(tmp_path / "bear.db")
        await store.conversations.record(TurnRecord(None, "hi", "hello"))
        mode = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir()}
        await store.close()
        return mode

    old = os.umask(0o022)
    try:
        modes = arun(main())
    finally:
        os.umask(old)
    assert modes["bear.db"] == 0o600
    assert modes["bear.db-wal"] == 0o600 and modes["bear.db-shm"] == 0o600


def test_corrupt_file_is_moved_aside_loudly(tmp_path, caplog):
    path = tmp_path / "bear.db"
    path.write_bytes(b"this is not a database at all" * 200)

    async def main():
        store = await Store.open(path)
        await store.conversations.record(TurnRecord(None, "still works", "yes"))
        n = (await store.counts())["turns"]
        await store.close()
        return n

    with caplog.at_level("ERROR", logger="bear"):
        assert arun(main()) == 1
    aside = list(tmp_path.glob("bear.db.corrupt-*"))
    assert len(aside) == 1 and aside[0].read_bytes().startswith(b"this is not a database")
    assert any("event=store_corrupt" in r.getMessage() for r in caplog.records)


def test_damaged_pages_fail_integrity_check(tmp_path):
    path = tmp_path / "bear.db"

    async def fill():
        store = await Store.open(path)
        for i in range(300):
            await store.conversations.record(TurnRecord(None, f"turn {i} " * 20, "answer " * 20))
        await store.checkpoint()
        await store.close()

    arun(fill(), timeout=30)
    data = bytearray(path.read_bytes())
    page = 4096
    for i in range(5 * page, 5 * page + 2000):  # scribble over a b-tree page, header included
        data[i] = 0x5A
    path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        (tmp_path / ("bear.db" + suffix)).unlink(missing_ok=True)

    async def reopen():
        store = await Store.open(path)
        n = (await store.counts())["turns"]
        await store.close()
        return n

    assert arun(reopen()) == 0  # a fresh store ...
    assert list(tmp_path.glob("bear.db.corrupt-*"))  # ... and the damaged one kept aside


def test_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "bear.db"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer than this bear knows"):
        arun(Store.open(path))
    assert path.read_bytes() == before


@pytest.mark.slow
def test_turns_survive_sigkill_at_random_points(tmp_path):
    path = tmp_path / "bear.db"
    rng = random.Random(1234)
    acknowledged: list[int] = []
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for _kill in range(24):
        proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "store_writer.py"), str(path)],
                                stdout=subprocess.PIPE, text=True, env=env)
        first = proc.stdout.readline()  # it is writing now
        assert first.strip().isdigit(), first
        time.sleep(rng.uniform(0.0, 0.25))
        proc.send_signal(signal.SIGKILL)
        rest, _ = proc.communicate(timeout=10)
        acknowledged += [int(x) for x in [first, *rest.split()] if x.strip()]

    db = sqlite3.connect(path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = {row[0] for row in db.execute("SELECT id FROM turns")}
    missing = set(acknowledged) - stored
    assert not missing, f"{len(missing)} acknowledged turns lost, e.g. {sorted(missing)[:5]}"
    assert len(acknowledged) > 24
    assert not list(tmp_path.glob("bear.db.corrupt-*"))
    # a turn, its flag and its profile change are one transaction: never one without the others
    unflagged = db.execute("SELECT count(*) FROM turns WHERE child_text GLOB '*[13579]' AND id NOT IN "
                           "(SELECT turn_id FROM safety_flags)").fetchone()[0]
    assert unflagged == 0
    last = db.execute("SELECT child_text FROM turns ORDER BY id DESC LIMIT 1").fetchone()[0]
    likes = db.execute("SELECT likes FROM child_profile").fetchone()[0]
    assert likes == f'["thing:{last.split()[-1]}"]'


def test_every_writer_at_once(tmp_path):
    """Turns, flags, profile, settings, sync state and housekeeping written from many tasks at
    once all go through one writer (they used to collide: 'cannot start a transaction within a
    transaction')."""
    import asyncio

    async def main():
        store = await Store.open(tmp_path / "bear.db")
        outbox = Outbox(store.db)
        session = await store.conversations.start_session("wake")
        seed = [await store.conversations.record(TurnRecord(session, f"seed {i}", "ok")) for i in range(20)]

        async def writer(i):
            kind = i % 7
            if kind == 0:
                return await store.conversations.record(TurnRecord(session, f"child {i}", "bear", flag="abuse"))
            if kind == 1:
                return await outbox.mark_synced(seed[i % 20:i % 20 + 1], [], 1.0, {"last_success": i})
            if kind == 2:
                return await store.settings.set(f"key{i}", i)
            if kind == 3:
                return await store.profile.set(name=f"Name{i}")
            if kind == 4:
                return await outbox.set_value(f"v{i}", i)
            if kind == 5:
                return await store.conversations.end_session(await store.conversations.start_session("chat"))
            return await store.expire(30, 7)

        results = await asyncio.gather(*(writer(i) for i in range(210)), return_exceptions=True)
        counts = await store.counts()
        await store.close()
        return results, counts

    results, counts = arun(main(), timeout=60)
    failures = [r for r in results if isinstance(r, BaseException)]
    assert not failures, f"{len(failures)}/210 writes failed, e.g. {failures[0]!r}"
    assert counts["turns"] == 20 + 30 and counts["safety_flags"] == 30


def test_a_turn_and_its_flag_are_one_transaction(tmp_path):
    """If the flag cannot be written, the turn is not stored either (the parent is never left
    without the flag of a stored disclosure)."""
    async def main():
        store = await Store.open(tmp_path / "bear.db")
        conn = store.db._conn
        await conn.execute("CREATE TEMP TRIGGER no_flags BEFORE INSERT ON safety_flags "
                           "BEGIN SELECT RAISE(ABORT, 'flag write failed'); END")
        with pytest.raises(sqlite3.IntegrityError, match="flag write failed"):
            await store.conversations.record(TurnRecord(None, "i want to hurt myself", "tell a grown-up",
                                                        flag="self_harm", name="Mia"))
        out = await store.counts(), await store.profile.get()
        await store.close()
        return out

    counts, profile = arun(main())
    assert counts["turns"] == 0 and counts["safety_flags"] == 0 and profile["name"] is None


def _tmpfs(path, size_kb: int):
    """A small tmpfs at `path`: a real disk that fills up (these machines and CI run as root)."""
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(path)], check=True)
    return path


def _fill(folder):
    """Fill the file system at `folder` to the last byte; returns the filler to delete later."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as f:
        for size in (65536, 4096, 1):
            try:
                while f.write(b"x" * size):
                    pass
            except OSError:
                pass
    return filler


def test_full_disk_at_start_is_not_corruption(tmp_path, caplog):
    """A full disk must never move a good database aside; the bear starts without storing and
    stores again, keeping the old turns, once there is room."""
    disk = _tmpfs(tmp_path / "disk", 1024)
    try:
        path = disk / "bear.db"

        async def fill():
            store = await Store.open(path)
            s = await store.conversations.start_session("wake")
            await store.conversations.record(TurnRecord(s, "my name is mia", "hello mia", name="Mia"))
            await store.conversations.record(TurnRecord(s, "i like owls", "owls are great"))
            await store.close()

        arun(fill())
        for suffix in ("-wal", "-shm"):
            (disk / ("bear.db" + suffix)).unlink(missing_ok=True)  # the bear had stopped cleanly
        filler = _fill(disk)

        async def start_full():
            store = await Store.open(path)
            turn = await store.conversations.record(TurnRecord(None, "said while full", "still talking"))
            waiting = store.conversations.backlog
            filler.unlink()  # room again
            store.db._next_open = 0.0  # don't wait out REOPEN_EVERY_S in a test
            written = await store.conversations.flush()
            out = turn, waiting, written, await store.counts(), await store.profile.get()
            await store.close()
            return out

        with caplog.at_level("ERROR", logger="bear"):
            turn, waiting, written, counts, profile = arun(start_full())
        assert not list(disk.glob("bear.db.corrupt-*")), "a full disk moved the good database aside"
        assert not any("store_corrupt" in r.getMessage() for r in caplog.records)
        assert turn is None and waiting == 1 and written
        assert counts["turns"] == 3 and profile["name"] == "Mia"
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_disk_filling_while_running_keeps_turns_in_memory_until_room_returns(tmp_path, caplog):
    disk = _tmpfs(tmp_path / "disk", 2048)
    try:
        path = disk / "bear.db"

        async def main():
            store = await Store.open(path)
            s = await store.conversations.start_session("wake")
            first = await store.conversations.record(TurnRecord(s, "before", "ok"))
            filler = _fill(disk)
            during = [await store.conversations.record(TurnRecord(s, f"during {i} " + "words " * 200, "ok",
                                                                  flag="bullying" if i == 3 else None))
                      for i in range(40)]
            failing = not store.db.available
            filler.unlink()
            after = await store.conversations.record(TurnRecord(s, "after", "ok"))
            flags = await store.conversations.safety_flags()
            out = first, during, failing, after, await store.counts(), flags, store.conversations.backlog
            await store.close()
            return out

        with caplog.at_level("WARNING", logger="bear"):
            first, during, failing, after, counts, flags, backlog = arun(main(), timeout=60)
        assert first and after and failing and None in during
        assert counts["turns"] == 42 and backlog == 0  # nothing lost
        assert [f["excerpt"].split()[:2] for f in flags] == [["during", "3"]]
        failed = [r for r in caplog.records if "event=store_write_failed" in r.getMessage()]
        assert len(failed) == 1  # once a minute, not once a write
        assert any("event=store_write_recovered" in r.getMessage() for r in caplog.records)
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_expiry_erases_old_and_synced_transcripts(tmp_path):
    import time as _time

    from bear.store import Store

    async def main():
        store = await Store.open(tmp_path / "bear.db")
        now = _time.time()
        s = await store.conversations.start_session("wake")
        old = await store.conversations.record(TurnRecord(s, "an old secret old flag", "reply", flag="abuse"))
        synced = await store.conversations.record(TurnRecord(s, "synced ten days ago", "reply"))
        fresh = await store.conversations.record(TurnRecord(s, "fresh", "reply"))
        db = store.db._conn
        await db.execute("UPDATE turns SET created_at = ? WHERE id = ?", (now - 31 * 86400, old))
        await db.execute("UPDATE turns SET created_at = ?, synced_at = ? WHERE id = ?",
                         (now - 10 * 86400, now - 9 * 86400, synced))
        await db.execute("UPDATE safety_flags SET created_at = ?", (now - 31 * 86400,))
        erased = await store.expire(30, 7, now=now)
        ids = await store.conversations.turn_ids()
        await store.close()
        return erased, ids, fresh

    erased, ids, fresh = arun(main())
    assert erased == {"turns": 2, "safety_flags": 1, "sessions": 0} and ids == [fresh]
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("bear.db*"))
    assert b"an old secret" not in raw and b"old flag" not in raw  # secure_delete + checkpoint


def test_bear_forget_leaves_nothing_on_disk(tmp_path, child_env):
    import subprocess

    from bear.store import Store
    from conftest import BEAR, write_config

    cfg = write_config(tmp_path)

    async def fill():
        store = await Store.open(tmp_path / "data" / "bear.db")
        s = await store.conversations.start_session("wake")
        for i in range(199):
            await store.conversations.record(TurnRecord(s, f"my dog is called biscuit {i}", "what a lovely name"))
        await store.conversations.record(TurnRecord(s, "someone hurts me biscuit", "tell a grown-up", flag="abuse"))
        await store.profile.set(name="Biscuitkid", likes=["animal:biscuit-dogs"])
        await store.settings.set("quiet_hours", "19:00-07:00")
        await store.close()

    (tmp_path / "data").mkdir()
    arun(fill())
    raw = b"".join(p.read_bytes() for p in (tmp_path / "data").glob("bear.db*"))
    assert b"biscuit" in raw
    no = subprocess.run(BEAR + ["forget", "--config", str(cfg)], input="no\n", capture_output=True, text=True,
                        env=child_env, timeout=30)
    assert no.returncode == 1 and "Nothing erased" in no.stdout
    proc = subprocess.run(BEAR + ["forget", "--config", str(cfg), "--yes"], capture_output=True, text=True,
                          env=child_env, timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert "Erased 200 turns in 1 conversations, 1 safety flags" in proc.stdout
    assert "event=store_forgotten" in proc.stderr
    files = list((tmp_path / "data").glob("bear.db*"))
    raw = b"".join(p.read_bytes() for p in files)
    assert b"biscuit" not in raw.lower() and b"Biscuitkid" not in raw  # no orphan WAL or free pages

    async def check():
        store = await Store.open(tmp_path / "data" / "bear.db")
        counts, profile, setting = await store.counts(), await store.profile.get(), await store.settings.get("quiet_hours")
        await store.close()
        return counts, profile, setting

    counts, profile, setting = arun(check())
    assert counts == {"sessions": 0, "turns": 0, "safety_flags": 0}
    assert profile == {"name": None, "likes": []} and setting is None
