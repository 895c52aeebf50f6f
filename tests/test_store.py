import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import time

import pytest

from bear.store import Store, StoreError
from bear.store.schema import SCHEMA_VERSION
from conftest import ROOT, arun


def test_schema_tables_and_round_trips(tmp_path):
    async def main():
        store = await Store.open(tmp_path / "d" / "bear.db")
        session = await store.start_session("button")
        turn = await store.add_turn(session, "what is a cloud", "A cloud is tiny drops of water!",
                                    emotion="surprise", timings={"stt_ms": 80, "reply_ms": 3})
        await store.end_session(session)
        await store.set_profile(name="Mia")
        await store.set_profile(likes=["dinosaurs", "the moon"])
        await store.set_setting("volume", 0.6)
        await store.add_safety_flag("disclosure", "someone hurts me", turn)
        await store.set_sync_value("last_batch", {"id": "abc", "turns": [turn]})
        turns = await store.recent_turns()
        out = (turns, await store.profile(), await store.setting("volume"), await store.setting("nope", 1),
               await store.safety_flags(), await store.sync_value("last_batch"), await store.counts())
        await store.close()
        return out

    turns, profile, volume, default, flags, sync, counts = arun(main())
    assert turns[0]["child_text"] == "what is a cloud" and turns[0]["timings"] == {"stt_ms": 80, "reply_ms": 3}
    assert turns[0]["emotion"] == "surprise" and turns[0]["synced_at"] is None
    assert profile == {"name": "Mia", "likes": ["dinosaurs", "the moon"]}
    assert volume == 0.6 and default == 1
    assert flags[0]["category"] == "disclosure" and flags[0]["turn_id"] == turns[0]["id"]
    assert sync == {"id": "abc", "turns": [turns[0]["id"]]}
    assert counts == {"sessions": 1, "turns": 1, "safety_flags": 1}
    db = sqlite3.connect(tmp_path / "d" / "bear.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_files_are_private(tmp_path):
    async def main():
        store = await Store.open(tmp_path / "bear.db")
        await store.add_turn(None, "hi", "hello")
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
        await store.add_turn(None, "still works", "yes")
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
            await store.add_turn(None, f"turn {i} " * 20, "answer " * 20)
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
    for kill in range(24):
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


def test_expiry_erases_old_and_synced_transcripts(tmp_path):
    import time as _time

    from bear.store import Store

    async def main():
        store = await Store.open(tmp_path / "bear.db")
        now = _time.time()
        s = await store.start_session("wake")
        old = await store.add_turn(s, "an old secret", "reply")
        synced = await store.add_turn(s, "synced ten days ago", "reply")
        fresh = await store.add_turn(s, "fresh", "reply")
        await store.add_safety_flag("abuse_disclosure", "old flag", old)
        db = store._db
        await db.execute("UPDATE turns SET created_at = ? WHERE id = ?", (now - 31 * 86400, old))
        await db.execute("UPDATE turns SET created_at = ?, synced_at = ? WHERE id = ?",
                         (now - 10 * 86400, now - 9 * 86400, synced))
        await db.execute("UPDATE safety_flags SET created_at = ?", (now - 31 * 86400,))
        erased = await store.expire(30, 7, now=now)
        ids = await store.turn_ids()
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
        s = await store.start_session("wake")
        for i in range(200):
            await store.add_turn(s, f"my dog is called biscuit {i}", "what a lovely name")
        await store.add_safety_flag("abuse_disclosure", "someone hurts me biscuit")
        await store.set_profile(name="Biscuitkid", likes=["animal:biscuit-dogs"])
        await store.set_setting("quiet_hours", "19:00-07:00")
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
        counts, profile, setting = await store.counts(), await store.profile(), await store.setting("quiet_hours")
        await store.close()
        return counts, profile, setting

    counts, profile, setting = arun(check())
    assert counts == {"sessions": 0, "turns": 0, "safety_flags": 0}
    assert profile == {"name": None, "likes": []} and setting is None
