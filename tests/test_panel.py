"""The bear's body on gpiozero mock pins: status light, mute (switch and long paw press), and the
parent button held to forget everything."""

from __future__ import annotations

import asyncio

import numpy as np
import soundfile

from bear.config import load_config
from bear.daemon import Daemon
from bear.statusd import live
from bear.sdnotify import Notifier
from bear.store import TurnRecord
from conftest import require_model, until, write_config
from echo_room import Room


def _run(tmp_path, scenario, extra="", *, forget_hold_s=3.0, paw_mute_hold_s=1.0):
    require_model("silero-vad")
    require_model("piper-en_US-joe-medium")
    cfg = load_config(write_config(tmp_path, '[gpio]\nbackend = "mock"\nmute_pin = 5\n'
                                             f'forget_hold_s = {forget_hold_s}\npaw_mute_hold_s = {paw_mute_hold_s}\n'
                                             '[talk]\nfollowup_s = 0.0\n[logging]\nstatus_interval_s = 0.0\n' + extra))
    room = Room(echo_gain=0.0)

    async def main():
        daemon = await Daemon.create(cfg, source=room.source(), sink=room.sink(tmp_path / "replies"), notifier=Notifier(env={}))
        task = asyncio.ensure_future(daemon.run())
        try:
            await until(lambda: daemon.panel is not None and daemon.ring is not None and daemon.ring.written > 8000,
                         20, "start")
            return await asyncio.wait_for(scenario(daemon, room), 60)
        finally:
            daemon.request_stop("test over")
            await asyncio.wait_for(task, 10)

    return asyncio.run(main())


def _colour(daemon):
    return tuple(int(v) for v in daemon.panel.led.value)


def test_light_follows_the_state_and_mute_switch_stops_capture(tmp_path, piper_clips):
    speech = soundfile.read(piper_clips["sing"], dtype="int16")[0]

    async def scenario(daemon, room):
        seen = {}
        await until(lambda: daemon.panel.look == "idle", 10, "idle light")
        seen["idle"] = _colour(daemon)
        daemon._press_paw()
        await until(lambda: daemon.panel.look == "listening", 5, "listening light")
        seen["listening"] = _colour(daemon)
        room.speak(speech)
        await until(lambda: daemon.panel.look == "speaking", 30, "speaking light")
        seen["speaking"] = _colour(daemon)
        await until(lambda: daemon.panel.look == "idle", 60, "idle again")
        mute = daemon.panel.mute_switch.pin
        mute.drive_low()  # switch closed: microphone off
        await until(lambda: daemon.capture.muted, 2, "muted")
        start = daemon.ring.written
        room.speak(speech)  # the child talks while the bear is muted
        await asyncio.sleep(len(speech) / 16000 + 0.3)
        muted_audio = daemon.ring.read(max(start, daemon.ring.oldest), daemon.ring.written)
        seen["muted"] = _colour(daemon)
        daemon._press_paw()  # a press while muted: still muted, still red
        await asyncio.sleep(0.3)
        seen["muted_after_press"] = _colour(daemon)
        mute.drive_high()
        await until(lambda: not daemon.capture.muted, 2, "unmuted")
        status = await live(daemon)
        return seen, muted_audio, status

    seen, muted_audio, status = _run(tmp_path, scenario)
    assert seen["idle"] == (0, 0, 1) and seen["listening"] == (0, 1, 0) and seen["speaking"] == (0, 1, 1)
    assert seen["muted"] == (1, 0, 0) and seen["muted_after_press"] == (1, 0, 0)
    assert len(muted_audio) > 16000 and not np.any(muted_audio)  # nothing of the child was captured
    assert status["muted"] is False and status["light"] in ("idle", "listening")


def test_long_paw_press_toggles_mute(tmp_path):
    async def scenario(daemon, room):
        pin = daemon.hearing.button.button.pin
        pin.drive_low()
        await until(lambda: daemon.capture.muted, 3, "muted by holding the paw")
        pin.drive_high()
        await asyncio.sleep(0.2)
        pin.drive_low()
        await until(lambda: not daemon.capture.muted, 3, "unmuted by holding it again")
        pin.drive_high()
        return True

    assert _run(tmp_path, scenario)


def test_parent_button_held_forgets_everything(tmp_path):
    async def scenario(daemon, room):
        store = daemon.store
        s = await store.conversations.start_session("wake")
        await store.conversations.record(TurnRecord(s, "my name is pip", "hello pip"))
        await store.profile.set(name="Pip")
        parent = daemon.panel.parent.pin
        parent.drive_low()
        await asyncio.sleep(1.0)
        assert (await store.counts())["turns"] == 1  # a short hold does nothing
        await until(lambda: daemon.panel.look == "forgetting", 5, "the forgetting light")
        await until(lambda: daemon.forgetter._task is not None and not daemon.forgetter.active, 20, "forgetting")
        parent.drive_high()
        return await store.counts(), await store.profile.get(), daemon.mouth.sink.out_dir

    counts, profile, replies = _run(tmp_path, scenario)
    assert counts == {"sessions": 0, "turns": 0, "safety_flags": 0} and profile["name"] is None
    assert (replies / "forget.wav").is_file()  # the spoken confirmation


def test_parent_button_short_press_syncs_and_the_light_shows_it(tmp_path):
    from sync_server import ParentEndpoint

    with ParentEndpoint(tmp_path, behaviours=["slow:0.8"], answer={"settings": {"volume": 55}}) as endpoint:
        extra = (f'[sync]\nurl = "{endpoint.url}"\ntoken = "device-token"\nca_file = "{endpoint.ca_file}"\n'
                 'timeout_s = 5.0\n')

        async def scenario(daemon, room):
            store = daemon.store
            s = await store.conversations.start_session("wake")
            await store.conversations.record(TurnRecord(s, "i like dinosaurs", "dinosaurs are great"))
            await until(lambda: daemon.panel.look == "idle", 10, "idle light")
            parent = daemon.panel.parent.pin
            parent.drive_low()
            await asyncio.sleep(0.2)
            parent.drive_high()  # a short press
            await until(lambda: daemon.panel.look == "syncing", 3, "the syncing light")
            syncing = _colour(daemon)
            await until(lambda: daemon.panel.look == "success", 10, "the success light")
            status = await live(daemon)
            await until(lambda: daemon.panel.look == "idle", 5, "idle after the success flash")
            return syncing, status, daemon.mouth.sink.volume, await store.counts()

        syncing, status, volume, counts = _run(tmp_path, scenario, extra)
    assert syncing in ((1, 0, 1), (0, 0, 0))  # magenta, blinking
    [req] = endpoint.requests
    assert [t["child"] for t in req["doc"]["turns"]] == ["i like dinosaurs"]
    assert status["sync"]["configured"] and status["sync"]["last_success"] and status["sync"]["outbox_turns"] == 0
    assert status["settings"]["volume"] == 55.0 and volume == 0.55
    assert counts["turns"] == 1  # synced turns stay on the bear until they expire


def test_every_state_has_its_colour_and_muted_always_shows_red():
    import time as _time

    from gpiozero.pins.mock import MockFactory

    from bear.config import Config
    from bear.panel import LOOKS, Panel

    async def main():
        panel = Panel(Config(), asyncio.get_running_loop(), factory=MockFactory())
        seen = {}
        try:
            for state, (_colour, blink) in LOOKS.items():
                panel.show(state)
                values = set()
                end = _time.monotonic() + (3 * blink if blink else 0.05)
                while _time.monotonic() < end:
                    values.add(tuple(int(v) for v in panel.led.value))
                    await asyncio.sleep(0.01)
                seen[state] = values
            panel.set_muted(True)
            muted = {}
            for state in LOOKS:
                panel.show(state)
                await asyncio.sleep(0.02)
                muted[state] = tuple(int(v) for v in panel.led.value)
        finally:
            panel.close()
        return seen, muted

    seen, muted = asyncio.run(asyncio.wait_for(main(), 20))
    for state, (colour, blink) in LOOKS.items():
        assert seen[state] == ({colour, (0, 0, 0)} if blink else {colour}), state
    assert len({c for c, _ in LOOKS.values()} - {(0, 1, 0), (0, 0, 1), (1, 0, 0)}) >= 4  # states tell apart
    assert {s: c for s, c in muted.items() if s != "forgetting"} == {s: (1, 0, 0) for s in LOOKS if s != "forgetting"}


def test_the_light_chooses_forgetting_then_errors_then_the_conversation_then_sync():
    from bear.panel import choose_look

    base = dict(forgetting=False, capture="running", daemon="listening", conversation="idle", sync=None)
    assert choose_look(**base) == "idle"
    assert choose_look(**base | {"sync": "syncing"}) == "syncing"
    assert choose_look(**base | {"sync": "success", "conversation": "speaking"}) == "speaking"
    assert choose_look(**base | {"conversation": "thinking"}) == "thinking"
    assert choose_look(**base | {"capture": "reconnecting", "sync": "syncing"}) == "error"
    assert choose_look(**base | {"daemon": "starting"}) == "starting"
    assert choose_look(**base | {"forgetting": True, "capture": "reconnecting"}) == "forgetting"
    # a hearing model that cannot load (only the paw works) shows as an error while the bear waits
    assert choose_look(**base | {"hearing_ok": False}) == "error"
    assert choose_look(**base | {"hearing_ok": False, "conversation": "speaking"}) == "speaking"


def test_bear_forget_and_bear_sync_reach_the_running_bear(tmp_path, child_env):
    from conftest import BEAR
    from sync_server import ParentEndpoint

    async def cli(*args):
        proc = await asyncio.create_subprocess_exec(*BEAR, *args, "--config", str(tmp_path / "bear.toml"),
                                                    env=child_env, stdout=asyncio.subprocess.PIPE,
                                                    stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(proc.communicate(), 60)
        return proc.returncode, out.decode() + err.decode()

    with ParentEndpoint(tmp_path, answer={"settings": {"volume": 30, "child_name": "Pip"}}) as endpoint:
        extra = f'[sync]\nurl = "{endpoint.url}"\ntoken = "device-token"\nca_file = "{endpoint.ca_file}"\n'

        async def scenario(daemon, room):
            store = daemon.store
            s = await store.conversations.start_session("wake")
            await store.conversations.record(TurnRecord(s, "my name is pip", "hello pip"))
            sync = await cli("sync")
            await until(lambda: daemon.syncer.outcome is not None, 10, "the sync")
            synced = (daemon.mouth.sink.volume, (await store.profile.get())["name"])
            forget = await cli("forget", "--yes")
            after = (await store.counts(), await store.profile.get(), daemon.mouth.sink.volume, daemon.chat._profile)
            return sync, synced, forget, after, daemon.mouth.sink.out_dir

        sync, synced, forget, after, replies = _run(tmp_path, scenario, extra)
    assert sync[0] == 0 and "Sync requested" in sync[1]
    assert len(endpoint.requests) == 1 and synced == (0.3, "Pip")
    assert forget[0] == 0 and "Erased 1 turns in 1 conversations" in forget[1]
    counts, profile, volume, chat_profile = after
    assert counts == {"sessions": 0, "turns": 0, "safety_flags": 0} and profile["name"] is None
    assert volume == 0.8 and chat_profile is None  # the parent's settings went too; the config applies
    assert (replies / "forget.wav").is_file()  # said as when the parent button is held


def test_buttons_held_while_the_bear_stops_neither_delay_it_nor_fire(tmp_path, caplog):
    """A child holding the paw and a parent holding the button while the bear is stopped: gpiozero
    used to sleep out the hold time inside close() on the loop (8 s here), then fire the hold:
    mute, and forget everything in the middle of the shutdown."""
    import sqlite3
    import time

    stop = {}

    async def scenario(daemon, room):
        s = await daemon.store.conversations.start_session("wake")
        await daemon.store.conversations.record(TurnRecord(s, "my name is pip", "hello pip"))
        daemon.hearing.button.button.pin.drive_low()
        daemon.panel.parent.pin.drive_low()
        await asyncio.sleep(0.3)
        stop["at"] = time.monotonic()
        daemon.request_stop("test over")

    with caplog.at_level("INFO", logger="bear"):
        _run(tmp_path, scenario, forget_hold_s=8.0, paw_mute_hold_s=8.0)  # returns once the bear has stopped
    took = time.monotonic() - stop["at"]
    assert took < 4.0, took
    assert "microphone_muted" not in caplog.text and "forget_requested" not in caplog.text
    assert "Exception in callback" not in caplog.text
    rows = sqlite3.connect(tmp_path / "data" / "bear.db").execute("SELECT child_text FROM turns").fetchall()
    assert rows == [("my name is pip",)]


def test_a_stop_right_after_the_forget_hold_still_erases_everything(tmp_path):
    """The parent held the button, and the bear is stopped (systemctl stop) while it says so: the
    erase still happens before the bear exits; nothing it said it would forget is left."""
    import sqlite3

    async def scenario(daemon, room):
        s = await daemon.store.conversations.start_session("wake")
        await daemon.store.conversations.record(TurnRecord(s, "my name is pip", "hello pip"))
        await daemon.store.profile.set(name="Pip")
        daemon.panel.parent.pin.drive_low()
        await until(lambda: daemon.forgetter._task is not None, 10, "the forget hold")
        await until(lambda: daemon.mouth.speaking, 10, "the bear to say it forgets")
        daemon.request_stop("systemctl stop")

    _run(tmp_path, scenario)
    db = sqlite3.connect(tmp_path / "data" / "bear.db")
    assert db.execute("SELECT count(*) FROM turns").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM child_profile WHERE name IS NOT NULL").fetchone() == (0,)
