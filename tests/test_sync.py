"""Sync to the parent's endpoint against a real HTTPS server on loopback (tests/sync_server.py):
success, 500s, timeouts, slow replies, garbage, oversized answers, dropped connections, an
untrusted certificate, a restart in the middle. Nothing may be lost and nothing duplicated."""

from __future__ import annotations

import asyncio
import gzip
import json
import logging
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from bear.config import Config
from bear.config_schema import Secret, SyncConfig
from bear.sync.outbox import Outbox
from bear.store import Store, TurnRecord
from bear.sync.payload import encode, next_batch
from bear.sync.syncer import Syncer
from conftest import arun, until
from sync_server import ParentEndpoint


def _cfg(endpoint: ParentEndpoint, **kw) -> SyncConfig:
    base = dict(url=endpoint.url, token=Secret("device-token"), ca_file=endpoint.ca_file, timeout_s=1.0,
                retry_initial_s=60.0, retry_max_s=120.0)
    return SyncConfig(**(base | kw))


async def _store_with_turns(path: Path, n: int, flags: int = 0) -> Store:
    store = await Store.open(path)
    session = await store.conversations.start_session("wake")
    for i in range(n):
        await store.conversations.record(TurnRecord(session, f"child line {i}", f"bear line {i}",
                                                    emotion="joy" if i % 2 else None, flag="danger" if i < flags else None))
    return store


async def _unsynced(store: Store) -> list[int]:
    return sorted(t["id"] for t in await store.conversations.recent_turns(10_000) if t["synced_at"] is None)


def _sync_once(tmp_path: Path, cfg: SyncConfig, turns: int, flags: int = 0, on_settings=None):
    """A store with `turns` turns, one sync: (ok, every turn id, the unsynced ones, outbox size)."""
    async def main():
        store = await _store_with_turns(tmp_path / "bear.db", turns, flags)
        try:
            ok = await Syncer(cfg, Outbox(store.db), on_settings=on_settings).sync()
            return ok, await store.conversations.turn_ids(), await _unsynced(store), await Outbox(store.db).size()
        finally:
            await store.close()

    return arun(main())


def _assert_each_turn_once(endpoint: ParentEndpoint, ids: list[int]) -> None:
    stored = endpoint.turn_ids()
    assert sorted(stored) == sorted(ids), "every turn stored by the endpoint exactly once"


def test_a_sync_sends_gzip_json_and_marks_turns_synced_only_after_the_endpoint_has_them(tmp_path):
    with ParentEndpoint(tmp_path) as endpoint:
        async def main():
            store = await _store_with_turns(tmp_path / "bear.db", 3, flags=1)
            syncer = Syncer(_cfg(endpoint), Outbox(store.db), software="bear/test")
            ok = await syncer.sync("button")
            state = {k: await Outbox(store.db).value(k) for k in ("pending", "requested", "last_success")}
            turns = await store.conversations.recent_turns()
            flags = await store.conversations.safety_flags()
            await store.close()
            return ok, state, turns, flags

        ok, state, turns, flags = arun(main())
    assert ok
    [req] = endpoint.requests
    headers, doc = req["headers"], req["doc"]
    assert headers["Content-Encoding"] == "gzip" and headers["Content-Type"] == "application/json"
    assert headers["Authorization"] == "Bearer device-token" and headers["Idempotency-Key"] == doc["batch_id"]
    assert req["path"] == "/bear/sync" and headers["User-Agent"] == "bear/test"
    assert doc["schema"] == 1 and [t["child"] for t in doc["turns"]] == ["child line 0", "child line 1",
                                                                         "child line 2"]
    assert [t["emotion"] for t in doc["turns"]] == [None, "joy", None]
    assert [(f["category"], f["turn_id"]) for f in doc["safety_flags"]] == [("danger", doc["turns"][0]["id"])]
    [today] = doc["daily_summary"]
    assert today["date"] == datetime.now().strftime("%Y-%m-%d")
    assert (today["turns"], today["conversations"], today["emotions"], today["safety_flags"]) == \
        (3, 1, {"joy": 1}, {"danger": 1})
    assert "3 turns in 1 conversation" in today["text"] and "Safety notes: 1 (danger)" in today["text"]
    assert doc["outbox"] == {"remaining": 0, "left_out": 0}
    assert all(t["synced_at"] for t in turns) and all(f["synced_at"] for f in flags)
    assert state["pending"] is None and state["requested"] is None
    assert abs(state["last_success"] - time.time()) < 30


def test_a_big_outbox_goes_in_several_batches_each_turn_once(tmp_path):
    with ParentEndpoint(tmp_path) as endpoint:
        ok, ids, left, _ = _sync_once(tmp_path, _cfg(endpoint, batch_turns=3), 7)
    assert ok and left == []
    assert [len(r["doc"]["turns"]) for r in endpoint.requests] == [3, 3, 1]
    assert [r["doc"]["outbox"]["remaining"] for r in endpoint.requests] == [4, 1, 0]
    assert len({r["batch_id"] for r in endpoint.requests}) == 3
    _assert_each_turn_once(endpoint, ids)


@pytest.mark.parametrize("behaviour, reason", [
    ("500", "HTTP 500"),
    ("hang", "no answer within 1 s"),
    ("slow:2.5", "no answer within 1 s"),
    ("garbage", "BadStatusLine"),
    ("drop", "RemoteDisconnected"),
    ("reset", "RemoteDisconnected|BrokenPipe|ConnectionReset"),
    ("drip", "no answer within 1 s"),
])
def test_a_failed_try_loses_nothing_and_the_retry_duplicates_nothing(tmp_path, caplog, behaviour, reason):
    caplog.set_level(logging.INFO, logger="bear.sync")
    with ParentEndpoint(tmp_path, behaviours=[behaviour]) as endpoint:
        async def main():
            store = await _store_with_turns(tmp_path / "bear.db", 4, flags=1)
            syncer = Syncer(_cfg(endpoint), Outbox(store.db))
            t0 = time.monotonic()
            first = await syncer.sync()
            took = time.monotonic() - t0
            unsynced_after_failure = await _unsynced(store)
            pending = await Outbox(store.db).value("pending")
            second = await syncer.sync()
            ids, left = await store.conversations.turn_ids(), await _unsynced(store)
            flags = await store.conversations.safety_flags()
            await store.close()
            return first, took, unsynced_after_failure, pending, second, ids, left, flags, syncer

        first, took, unsynced_after_failure, pending, second, ids, left, flags, syncer = arun(main(), 30)
    assert first is False and second is True
    assert took < 3.0  # a hanging or slow endpoint costs one timeout, not more
    assert unsynced_after_failure == ids  # nothing marked synced without a 2xx
    assert pending["turn_ids"] == ids
    failed = [r for r in caplog.records if "event=sync_failed" in r.getMessage()]
    assert len(failed) == 1 and any(r in failed[0].getMessage() for r in reason.split("|"))
    assert "retry_in_s=" in failed[0].getMessage()
    assert left == [] and all(f["synced_at"] for f in flags)
    ids_sent = {r["batch_id"] for r in endpoint.requests if r.get("batch_id")}
    assert ids_sent == {pending["batch_id"]}  # the retry sent the same batch id
    _assert_each_turn_once(endpoint, ids)


@pytest.mark.parametrize("behaviour, reason", [("oversized", "longer than 65536 bytes"), ("notjson", "not JSON")])
def test_an_oversized_or_garbled_answer_still_acknowledges_but_carries_no_settings(tmp_path, caplog, behaviour,
                                                                                   reason):
    caplog.set_level(logging.INFO, logger="bear.sync")
    received = []

    async def on_settings(raw):
        received.append(raw)

    with ParentEndpoint(tmp_path, behaviours=[behaviour]) as endpoint:
        ok, _, left, _ = _sync_once(tmp_path, _cfg(endpoint), 2, on_settings=on_settings)
    assert ok and left == [] and received == []
    assert any("event=sync_answer_ignored" in r.getMessage() and reason in r.getMessage() for r in caplog.records)


def test_a_hostile_deeply_nested_answer_is_ignored_and_the_sync_task_goes_on(tmp_path, caplog):
    """A 200 whose body is JSON nested 32,000 deep (json raises RecursionError): the batch counts,
    once; the answer is logged as ignored; the task lives on and the next sync works."""
    caplog.set_level(logging.INFO, logger="bear.sync")
    received = []

    async def on_settings(raw):
        received.append(raw)

    with ParentEndpoint(tmp_path, behaviours=["deep"], answer={"settings": {"volume": 0.5}}) as endpoint:
        async def main():
            store = await _store_with_turns(tmp_path / "bear.db", 3)
            syncer = Syncer(_cfg(endpoint), Outbox(store.db), on_settings=on_settings)
            task = asyncio.ensure_future(syncer.run())
            try:
                syncer.request("button")
                await until(lambda: syncer.outcome is not None, 10, "the first sync")
                first = (syncer.outcome[0], syncer.failures, syncer.next_try, len(endpoint.requests))
                left_after_first = await _unsynced(store)
                await store.conversations.record(TurnRecord(None, "a later line", "a later reply"))
                syncer.outcome = None
                syncer.request("button")
                await until(lambda: syncer.outcome is not None, 10, "the later sync")
                alive = not task.done()
            finally:
                task.cancel()
            ids, left = await store.conversations.turn_ids(), await _unsynced(store)
            await store.close()
            return first, left_after_first, alive, syncer.outcome[0], ids, left

        first, left_after_first, alive, later, ids, left = arun(main(), 30)
    assert first == ("success", 0, None, 1)  # acknowledged once, no retry scheduled
    assert left_after_first == [] and alive and later == "success" and left == []
    ignored = [r.getMessage() for r in caplog.records if "event=sync_answer_ignored" in r.getMessage()]
    assert ignored == ["event=sync_answer_ignored reason='JSON nested too deeply'"]
    assert not any("event=sync_failed" in r.getMessage() for r in caplog.records)
    assert received == [{"volume": 0.5}]  # the later, ordinary answer was read
    assert len(endpoint.requests) == 2
    _assert_each_turn_once(endpoint, ids)


def test_an_untrusted_certificate_is_refused_and_nothing_is_sent(tmp_path, caplog):
    import trustme

    caplog.set_level(logging.INFO, logger="bear.sync")
    other_ca = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other_ca))
    with ParentEndpoint(tmp_path) as endpoint:
        ok, _, left, _ = _sync_once(tmp_path, _cfg(endpoint, ca_file=other_ca), 2)
    assert ok is False and len(left) == 2 and endpoint.requests == []
    assert any("certificate is not trusted" in r.getMessage() for r in caplog.records)


def test_a_sync_cut_by_a_restart_resumes_with_the_same_batch(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bear.sync")
    with ParentEndpoint(tmp_path, behaviours=["drop"]) as endpoint:
        async def main():
            store = await _store_with_turns(tmp_path / "bear.db", 3)
            assert await Syncer(_cfg(endpoint), Outbox(store.db)).sync() is False
            await store.close()  # the bear restarts
            store = await Store.open(tmp_path / "bear.db")
            syncer = Syncer(_cfg(endpoint), Outbox(store.db))
            task = asyncio.ensure_future(syncer.run())
            try:
                await until(lambda: syncer.outcome is not None, 5, "the resumed sync")
            finally:
                task.cancel()
            ids, left = await store.conversations.turn_ids(), await _unsynced(store)
            await store.close()
            return ids, left, syncer

        ids, left, syncer = arun(main(), 20)
    assert syncer.outcome[0] == "success" and left == []
    assert [r["batch_id"] for r in endpoint.requests] == [endpoint.requests[0]["batch_id"]] * 2
    assert any("event=sync_resumed" in r.getMessage() for r in caplog.records)
    _assert_each_turn_once(endpoint, ids)


def test_retries_back_off_and_a_press_tries_at_once(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bear.sync")
    with ParentEndpoint(tmp_path, behaviours=["500", "500", "500"]) as endpoint:
        async def main():
            store = await _store_with_turns(tmp_path / "bear.db", 2)
            syncer = Syncer(_cfg(endpoint, retry_initial_s=0.2, retry_max_s=0.4), Outbox(store.db), rng=lambda: 1.0)
            task = asyncio.ensure_future(syncer.run())
            try:
                syncer.request("button")
                await until(lambda: syncer.failures == 3, 5, "three failures")
                waits = [float(r.getMessage().split("retry_in_s=")[1]) for r in caplog.records
                         if "event=sync_failed" in r.getMessage()]
                await until(lambda: syncer.outcome and syncer.outcome[0] == "success", 5, "the 4th try")
            finally:
                task.cancel()
            ids, left = await store.conversations.turn_ids(), await _unsynced(store)
            await store.close()
            return waits, ids, left

        waits, ids, left = arun(main(), 20)
    assert waits == [0.2, 0.4, 0.4]  # doubling, capped at retry_max_s
    assert left == [] and len(endpoint.requests) == 4
    _assert_each_turn_once(endpoint, ids)


def test_the_outbox_is_bounded_and_says_how_many_were_left_out(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bear.sync")
    with ParentEndpoint(tmp_path) as endpoint:
        ok, ids, _, size = _sync_once(tmp_path, _cfg(endpoint, outbox_max_turns=10), 15)
    assert ok and size == 0
    [req] = endpoint.requests
    assert [t["id"] for t in req["doc"]["turns"]] == ids[5:]  # the newest 10
    assert req["doc"]["outbox"]["left_out"] == 5
    assert any("event=sync_outbox_full left_out=5" in r.getMessage() for r in caplog.records)


def test_an_empty_outbox_still_reports_today(tmp_path):
    with ParentEndpoint(tmp_path) as endpoint:
        async def main():
            store = await Store.open(tmp_path / "bear.db")
            ok = await Syncer(_cfg(endpoint), Outbox(store.db)).sync()
            await store.close()
            return ok

        assert arun(main())
    [req] = endpoint.requests
    assert req["doc"]["turns"] == [] and req["doc"]["daily_summary"][0]["turns"] == 0
    assert req["doc"]["daily_summary"][0]["text"].endswith("no conversations.")


def test_a_pending_batch_encodes_to_the_same_bytes_every_time(tmp_path):
    async def main():
        store = await _store_with_turns(tmp_path / "bear.db", 3, flags=1)
        pending = await next_batch(Outbox(store.db), SyncConfig(batch_turns=10), time.time())
        a = await encode(Outbox(store.db), pending, "bear/test")
        await store.conversations.record(TurnRecord(None, "a new line", "a new reply"))  # arrives while the batch waits
        b = await encode(Outbox(store.db), await Outbox(store.db).value("pending"), "bear/test")
        await store.close()
        return a, b

    a, b = arun(main())
    assert a == b
    assert len(json.loads(gzip.decompress(a[0]))["turns"]) == 3


def test_an_unreadable_ca_file_is_refused_when_the_syncer_is_made(tmp_path):
    import ssl

    bad = tmp_path / "ca.pem"
    bad.write_text("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n")
    cfg = SyncConfig(url="https://parent.example/sync", token=Secret("t"), ca_file=bad)
    with pytest.raises(ssl.SSLError):  # the daemon logs event=sync_unavailable and runs without sync
        Syncer(cfg, outbox=None)


def test_doctor_checks_the_endpoint_with_verified_tls(tmp_path):
    import trustme

    from bear.doctor import _sync

    other_ca = tmp_path / "other-ca.pem"
    trustme.CA().cert_pem.write_to_path(str(other_ca))
    with ParentEndpoint(tmp_path) as endpoint:
        cfg = replace(Config(), sync=_cfg(endpoint))
        good = _sync(cfg)
        untrusted = _sync(replace(cfg, sync=_cfg(endpoint, ca_file=other_ca)))
    gone = _sync(cfg, timeout=1.0)  # the endpoint has stopped
    assert good.status == "pass" and "certificate verified" in good.detail
    assert untrusted.status == "fail" and "not trusted" in untrusted.detail and "sync.ca_file" in untrusted.remedy
    assert gone.status == "warn" and "unreachable" in gone.detail
    assert endpoint.requests == []  # the doctor sends nothing
    assert _sync(Config()).detail == "off (no sync.url)"


def test_a_batch_too_large_for_the_endpoint_is_split(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bear.sync")
    with ParentEndpoint(tmp_path, max_turns=3) as endpoint:
        ok, ids, left, _ = _sync_once(tmp_path, _cfg(endpoint, batch_turns=10), 10, flags=1)
    assert ok and left == []
    assert [len(r["doc"]["turns"]) for r in endpoint.requests] == [10, 5, 2, 2, 2, 2, 2]
    assert sum("event=sync_batch_too_large" in r.getMessage() for r in caplog.records) == 2
    _assert_each_turn_once(endpoint, ids)


def test_sync_interval_sends_on_a_schedule(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bear.sync")
    with ParentEndpoint(tmp_path) as endpoint:
        async def main():
            store = await _store_with_turns(tmp_path / "bear.db", 1)
            syncer = Syncer(_cfg(endpoint, interval_min=0.005), Outbox(store.db))  # every 0.3 s
            task = asyncio.ensure_future(syncer.run())
            try:
                await until(lambda: len(endpoint.requests) >= 2, 5, "two scheduled syncs")
            finally:
                task.cancel()
            await store.close()

        arun(main())
    assert [r["doc"]["turns"] != [] for r in endpoint.requests[:2]] == [True, False]  # the 2nd had nothing new
    assert any("event=sync_done source=schedule" in r.getMessage() for r in caplog.records)


def test_bear_sync_without_a_running_bear_says_so(tmp_path, child_env):
    import subprocess

    from conftest import BEAR, write_config

    proc = subprocess.run(BEAR + ["sync", "--config", str(write_config(tmp_path))], capture_output=True, text=True,
                          env=child_env, timeout=30)
    assert proc.returncode == 3 and "the bear is not running" in proc.stderr
