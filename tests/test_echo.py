"""Echo cancellation: the delay estimate, the canceller on the microphone's timeline, the capture path
through it, the switch and the degraded modes; then, in the echo room (tests/echo_room.py) with the
real hearing pipeline, the wake phrase said over the bear at 0 dB and +6 dB, and the bear's own
"hey teddy" (figures: scripts/bench_echo.py)."""

from __future__ import annotations

import asyncio
import logging

import numpy as np
import pytest

from bear.audio.echo import DUCK, FRAME, LEARN_S, EchoCanceller, attach_echo
from bear.audio.echo_backends import LinearAec
from bear.audio.echo_delay import MIN_SHARPNESS, DelayTracker, estimate_delay
from bear.audio.ring import RingBuffer
from bear.config import ConfigError, parse_config
from conftest import MODEL_DIR, ROOT, arun, hearing_config, require_model, require_module, write_config
from echo_room import Room, small_room

SR = 16000


def _babble(seconds: float, seed: int = 0) -> np.ndarray:
    """Speech-like noise at 48 kHz: bursts of coloured noise with pauses (float32, about -20 dBFS)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * 48000)
    noise = np.convolve(rng.standard_normal(n), np.ones(12) / 12, "same")  # most energy below 4 kHz
    envelope = np.repeat((rng.random(n // 9600 + 1) > 0.25).astype(float), 9600)[:n]  # 200 ms on/off
    return (noise * envelope * 0.3).astype(np.float32)


def _simulate(canceller, room: Room, far48: np.ndarray, *, seconds: float, child=None, child_at: int = 0,
              jitter: bool = True, seed: int = 1):
    """Room and canceller on a simulated clock: microphone blocks of 512 (arriving late by a seeded
    jitter, sometimes 50 ms), speaker blocks of 20 ms from t = 0.5 s. Returns (microphone, output)."""
    rng = np.random.default_rng(seed)
    room.t0 = 0.0
    if child is not None:
        room.speak(child, start=child_at)
    blocks = [far48[i:i + 960] for i in range(0, len(far48), 960)]
    k, arrival, mic, out = 0, 0.0, [], []
    for pos in range(0, int(seconds * SR), 512):
        lag = rng.exponential(0.003) + (0.05 if rng.random() < 0.02 else 0.0) if jitter else 0.0
        arrival = max(arrival, (pos + 512) / SR + lag)
        while k < len(blocks) and 0.5 + k * 0.02 <= arrival:
            at = 0.5 + k * 0.02
            room.hear(blocks[k], 48000, at)
            canceller.played(blocks[k], 48000, at)
            k += 1
        samples = room.block_at(pos)
        mic.append(samples)
        out.append(canceller.process(samples, arrival))
    return np.concatenate(mic).astype(np.float64), np.concatenate(out).astype(np.float64)


def _erle(mic, out, lo_s: float, hi_s: float) -> float:
    lo, hi = int(lo_s * SR), int(hi_s * SR)
    return 10 * np.log10(np.sum(mic[lo:hi] ** 2) / np.sum(out[lo + FRAME:hi + FRAME] ** 2))


# --- the delay ---------------------------------------------------------------------------------

def test_the_delay_is_found_through_a_room_and_nothing_is_found_in_unrelated_audio():
    rng = np.random.default_rng(2)
    far = np.convolve(rng.standard_normal(SR * 2), np.ones(6) / 6, "same")
    lag = 733
    echo = np.convolve(far, small_room())[:len(far)]
    near = np.zeros_like(far)
    near[lag:] = echo[:-lag]
    near += rng.standard_normal(len(near)) * 0.05  # the microphone's own noise
    max_lag = 4000
    found, sharpness = estimate_delay(far[SR - max_lag:SR + SR // 2], near[SR:SR + SR // 2], max_lag)
    assert abs(found - lag) <= 2 and sharpness > 3 * MIN_SHARPNESS, (found, sharpness)
    other = np.convolve(rng.standard_normal(SR), np.ones(6) / 6, "same")
    _, blunt = estimate_delay(far[SR - max_lag:SR + SR // 2], other[:SR // 2], max_lag)
    assert blunt < MIN_SHARPNESS, blunt


def test_the_delay_is_set_when_estimates_agree_and_moved_only_when_newer_ones_agree():
    tracker = DelayTracker()
    assert tracker.add(480, MIN_SHARPNESS - 1) is None and tracker.rejected == 1  # blunt: ignored
    assert tracker.add(480, 50) is None and tracker.add(900, 50) is None  # one stray, no agreement yet
    assert tracker.add(482, 50) is None
    assert tracker.add(479, 50) == 480  # three within 1 ms: set
    assert tracker.add(1300, 50) is None and tracker.add(481, 50) is None  # a stray does not move it
    assert [tracker.add(640, 60) for _ in range(3)] == [None, None, 640]  # three new ones agree: moved
    assert tracker.delay == 640


# --- the canceller -----------------------------------------------------------------------------

def test_the_canceller_removes_the_bears_echo_and_measures_its_delay(caplog):
    room = Room(echo_gain=0.5, impulse=small_room(), delay_ms=30.0, saturation=1.0, noise_dbfs=-70, seed=4)
    canceller = EchoCanceller(LinearAec())
    with caplog.at_level(logging.INFO, logger="bear.audio.echo"):
        mic, out = _simulate(canceller, room, _babble(8.0), seconds=8.5)
    assert abs(canceller.delay_ms - 30.0) <= 4.0, canceller.delay_ms  # the room's 30 ms (+ the clock's hysteresis)
    assert "event=echo_delay_ms delay_ms=" in caplog.text and "source=measured" in caplog.text
    assert _erle(mic, out, 4.0, 8.0) > 20, _erle(mic, out, 4.0, 8.0)
    st = canceller.status()
    assert st["state"] == "cancelling" and st["delay_source"] == "measured" and st["cpu_ms_per_s"] > 0


def test_a_child_talking_over_the_bear_passes_through_untouched():
    room = Room(echo_gain=0.5, impulse=small_room(), delay_ms=30.0, noise_dbfs=-70, seed=5)
    child = (np.convolve(np.random.default_rng(9).standard_normal(SR * 2), np.ones(4) / 4, "same") * 2500)
    canceller = EchoCanceller(LinearAec())
    mic, out = _simulate(canceller, room, _babble(8.0, seed=3), seconds=8.5, child=child.astype(np.int16),
                         child_at=5 * SR)
    seg = slice(5 * SR, 7 * SR)
    cleaned = out[5 * SR + FRAME:7 * SR + FRAME]
    assert np.corrcoef(child[:len(cleaned)], cleaned)[0, 1] > 0.97  # while the echo is removed around it
    residual = cleaned - child[:len(cleaned)].astype(np.int16)
    assert 10 * np.log10(np.sum((mic[seg] - child[:len(cleaned)]) ** 2) / np.sum(residual ** 2)) > 15


def test_while_the_bear_is_silent_the_microphone_passes_unchanged_one_frame_late():
    canceller = EchoCanceller(LinearAec())
    rng = np.random.default_rng(1)
    audio = (rng.standard_normal(SR) * 3000).astype(np.int16)
    out, t = [], 0.0
    for size in (512, 333, 1000, 160, 7, 512):  # any block size, each answered with as many samples
        block, audio = audio[:size], audio[size:]
        t += size / SR
        result = canceller.process(block, t)
        assert len(result) == size
        out.append(result)
    played = np.concatenate(out)
    original = (np.random.default_rng(1).standard_normal(SR) * 3000).astype(np.int16)[:len(played)]
    assert np.array_equal(played[FRAME:], original[:len(played) - FRAME]) and not played[:FRAME].any()
    assert canceller.status()["state"] == "waiting" and canceller.active_s == 0.0


def test_until_it_has_learnt_the_echo_path_the_microphone_is_lowered_while_the_bear_speaks():
    room = Room(echo_gain=0.5, impulse=small_room(), delay_ms=30.0, noise_dbfs=-70, seed=6)
    canceller = EchoCanceller(LinearAec())
    mic, out = _simulate(canceller, room, _babble(4.0, seed=8), seconds=4.5, jitter=False)
    learnt = 0.5 + 0.03 + LEARN_S  # the bear starts at 0.5 s, its echo 30 ms later
    early = _erle(mic, out, 0.6, learnt - 0.1)
    assert early >= -20 * np.log10(DUCK) - 1, early  # at least the 20 dB of the ducking
    assert _erle(mic, out, learnt + 0.5, 4.4) > 15 and canceller.active_s > LEARN_S


def test_a_muted_microphone_stays_silent_while_the_bear_speaks():
    room = Room(echo_gain=0.5, impulse=small_room(), delay_ms=30.0, noise_dbfs=-70, seed=7)
    canceller = EchoCanceller(LinearAec())
    canceller.active_s = LEARN_S
    room.block_at = lambda pos: np.zeros(512, np.int16)  # what Capture passes on while muted
    _, out = _simulate(canceller, room, _babble(3.0), seconds=3.0)
    assert not out.any()


def test_a_failing_engine_is_logged_once_and_the_microphone_passes_through(caplog):
    class Broken:
        name = "broken"

        def process(self, near, far):
            raise RuntimeError("the library fell over")

        def set_delay_ms(self, ms):
            pass

    canceller = EchoCanceller(Broken())
    room = Room(echo_gain=0.5, delay_ms=30.0)
    with caplog.at_level(logging.ERROR, logger="bear.audio.echo"):
        mic, out = _simulate(canceller, room, _babble(3.0), seconds=3.0)
    assert caplog.text.count("event=echo_failed") == 1 and "the library fell over" in caplog.text
    assert canceller.status()["state"] == "failed"
    assert np.array_equal(out[FRAME:], mic[:-FRAME])  # heard as it was, never lost


def test_a_configured_delay_is_used_and_not_measured(caplog):
    with caplog.at_level(logging.INFO, logger="bear.audio.echo"):
        canceller = EchoCanceller(LinearAec(), delay_ms=250)
    assert canceller.delay_ms == 250.0 and canceller.shift == 3680  # 250 - 20 ms, in whole 10 ms frames
    assert canceller.status()["delay_source"] == "config" and "source=config" in caplog.text
    room = Room(echo_gain=0.5, impulse=small_room(), delay_ms=250.0, noise_dbfs=-70)
    mic, out = _simulate(canceller, room, _babble(8.0), seconds=8.5)
    assert canceller.tracker.estimates == 0 and _erle(mic, out, 4.0, 8.0) > 20


# --- wiring: capture, sink, switch ------------------------------------------------------------------

def test_capture_passes_every_block_through_the_canceller_thread_in_order():
    from bear.audio.capture import Capture
    from bear.engine import EngineThread

    class Negate:
        name = "negate"

        def process(self, near, far):
            return -near

        def set_delay_ms(self, ms):
            pass

    class Source:
        name, overflows = "list", 0

        async def run(self, emit):
            for i in range(40):
                emit(np.full(512, i + 1, np.int16))
                if i % 7 == 0:
                    await asyncio.sleep(0)

    async def main():
        ring = RingBuffer(10)
        capture = Capture(Source(), ring)
        canceller = EchoCanceller(Negate(), engine=EngineThread("echo-test"))
        capture.echo = canceller
        canceller._far.write(0, np.full(SR * 3, 1000, np.int16))  # the bear "speaks" throughout
        canceller.active_s = LEARN_S  # and the echo path is learnt (no ducking)
        await capture.run()
        while ring.written < 40 * 512:
            await ring.wait_beyond(ring.written)
        canceller.close()
        return ring.read(0, ring.written)

    got = arun(main())
    expected = -np.repeat(np.arange(1, 41), 512).astype(np.int16)
    assert np.array_equal(got[FRAME:], expected[:-FRAME])


def test_the_sink_taps_each_block_with_the_time_it_starts_playing(tmp_path):
    from bear.audio.playback import WavSink

    sink = WavSink(tmp_path, 48000, 1.0, realtime=True)
    taps = []
    sink.taps.append(lambda block, rate, at: taps.append((len(block), rate, at)))

    async def chunks():
        yield np.zeros(22050 // 4, np.float32)

    result = arun(sink.play(chunks(), 22050))
    assert sum(n for n, _, _ in taps) == int(result.seconds * 48000) and {r for _, r, _ in taps} == {48000}
    starts = [at - taps[0][2] for _, _, at in taps]
    assert all(b > a for a, b in zip(starts, starts[1:]))  # in order, spread over the quarter second played
    assert starts[-1] >= 0.2


@pytest.mark.parametrize("enabled, inp, out, on", [("off", "sounddevice", "sounddevice", False),
                                                   ("auto", "sounddevice", "sounddevice", True),
                                                   ("auto", "sounddevice", "wav", False),
                                                   ("on", "wav", "wav", True)])
def test_the_switch(tmp_path, caplog, enabled, inp, out, on):
    cfg = parse_config(f'[audio.input]\nbackend = "{inp}"\nwav_path = "x.wav"\n[audio.output]\nbackend = "{out}"\n'
                       f'[audio.echo]\nenabled = "{enabled}"\n', env={}, base_dir=tmp_path)

    class Stub:
        echo = None
        taps: list = []

    capture, sink = Stub(), Stub()
    sink.taps = []
    with caplog.at_level(logging.INFO, logger="bear.audio.echo"):
        canceller = attach_echo(cfg.audio, capture, sink)
    try:
        assert (canceller is not None) == on and (capture.echo is canceller)
        assert sink.taps == ([canceller.played] if on else [])
        assert caplog.text.count("event=echo_canceller") == 1 and f"state={'on' if on else 'off'}" in caplog.text
        if on:
            assert canceller.backend.name == "linear-kalman" and canceller.engine is not None
    finally:
        if canceller is not None:
            canceller.close()


def test_without_the_webrtc_library_the_linear_canceller_is_used_and_it_is_said_once(tmp_path, caplog, monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_webrtc(name, *a, **k):
        if name.startswith("pywebrtc_audio"):
            raise ImportError("No module named 'pywebrtc_audio'")
        return real_import(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_webrtc)
    cfg = parse_config('[audio.echo]\nenabled = "on"\nbackend = "webrtc"\nnoise_suppression = true\n', env={},
                       base_dir=tmp_path)
    capture, sink = type("C", (), {"echo": None})(), type("S", (), {"taps": []})()
    with caplog.at_level(logging.INFO, logger="bear.audio.echo"):
        canceller = attach_echo(cfg.audio, capture, sink)
    canceller.close()
    assert canceller.backend.name == "linear-kalman" and canceller.post is None
    assert caplog.text.count("event=echo_unavailable") == 2  # the canceller, then the noise suppressor
    assert "No module named 'pywebrtc_audio'" in caplog.text


def test_noise_suppression_and_gain_control_run_after_the_canceller(tmp_path):
    require_module("pywebrtc_audio")
    cfg = parse_config('[audio.echo]\nenabled = "on"\nnoise_suppression = true\ngain_control = true\n', env={},
                       base_dir=tmp_path)
    capture, sink = type("C", (), {"echo": None})(), type("S", (), {"taps": []})()
    canceller = attach_echo(cfg.audio, capture, sink)
    canceller.close()
    canceller.engine = None
    assert canceller.post is not None and canceller.backend.name == "linear-kalman"
    room = Room(echo_gain=0.5, impulse=small_room(), delay_ms=30.0, noise_dbfs=-70, seed=2)
    mic, out = _simulate(canceller, room, _babble(4.0), seconds=4.5)
    assert canceller.state == "cancelling" and _erle(mic, out, 2.0, 4.0) > 10


@pytest.mark.parametrize("line, message", [('enabled = true', "audio.echo.enabled must be a string"),
                                           ('enabled = "sometimes"', "audio.echo.enabled must be one of"),
                                           ('delay_ms = 5000', "audio.echo.delay_ms must be at most 1000"),
                                           ('backend = "speex"', "audio.echo.backend must be one of")])
def test_bad_echo_settings_are_refused_in_one_line(tmp_path, line, message):
    with pytest.raises(ConfigError, match=message):
        parse_config(f"[audio.echo]\n{line}\n", env={}, base_dir=tmp_path)


# --- in the echo room, with the real hearing pipeline ---------------------------------------------

@pytest.fixture(scope="module")
def trial_voices():
    require_model("piper-en_US-joe-medium")
    from echo_trials import Voices

    return Voices(MODEL_DIR / "piper-en_US-joe-medium")


def _hearing(tmp_path):
    require_model("silero-vad")
    from bear.hearing.listener import Listener
    from bear.hearing.setup import build_hearing
    from bear.models.manifest import load_manifest
    from bear.models.registry import ModelRegistry

    cfg = hearing_config(tmp_path)
    registry = ModelRegistry(load_manifest(ROOT / "models" / "manifest.toml"), MODEL_DIR)
    hearing = build_hearing(cfg, RingBuffer(30), registry, with_button=False)

    async def listener(ring):
        fresh = Listener(cfg, ring, registry, stt=hearing.stt, wake=hearing.listener.wake)
        await fresh.wake.restart(0, new_channel=True)
        return fresh

    return registry, hearing, listener


REPORT_TRIALS = 20  # per level; scripts/bench_echo.py runs more


@pytest.mark.slow
@pytest.mark.parametrize("level_db", [0.0, 6.0])
def test_the_wake_phrase_said_over_the_bear_is_heard(tmp_path, trial_voices, level_db):
    """The child says "hey teddy ..." while the bear talks, the bear's voice as loud in the microphone
    as the child's (0 dB) or 6 dB louder, in a conversation (the bear spoke before); the report set
    (other phrasings, speeds, pitches and replies than the ones the canceller was tuned on), each
    trial on its own seeded clock. Without the canceller the spotter finds almost none of them
    (scripts/bench_echo.py)."""
    from echo_trials import REPORT, WARM_UP, barge_in_trials, run_trial

    registry, hearing, listener = _hearing(tmp_path)
    trials = barge_in_trials(trial_voices, REPORT, level_db, REPORT_TRIALS)
    before = trial_voices.bear(WARM_UP)  # the bear has said something earlier in the conversation

    async def main():
        await hearing.preload()
        return [await run_trial(t, listener, canceller=EchoCanceller(LinearAec()), warm_up=before) for t in trials]

    try:
        outcomes = arun(main(), timeout=600)
    finally:
        registry.close()
    # (a trial the bear's own voice woke first is counted once, as a self-wake, not also as missed)
    missed = [o.trial.name for o in outcomes if not o.detected and not o.false_wakes]
    # the bear's own voice: with Whisper as speech-to-text the phrase is spotted by a keyphrase-only
    # PocketSphinx decoder of its own, and one report trial at 0 dB ('hey teddy, stop' over 'Sammy
    # the snail', 0.5 s into the reply) wakes on the reply's first syllables (with PocketSphinx as
    # the engine: none). At most one of the 20, so that more self-wakes still fail here; the
    # self-wake rate is in scripts/bench_echo.py's figures.
    false = [(o.trial.name, o.wakes) for o in outcomes if o.false_wakes]
    assert sum(o.false_wakes for o in outcomes) <= 1, false
    # at least 90 % heard at 0 dB; at +6 dB the target (90 %) is not reached yet: at least 70 %, so
    # that a change for the worse still fails here (figures: scripts/bench_echo.py, README)
    allowed = REPORT_TRIALS // 10 if level_db <= 0 else REPORT_TRIALS * 3 // 10
    assert len(missed) <= allowed, missed
    assert all(abs(o.delay_ms - 30.0) <= 4 for o in outcomes if o.delay_ms is not None)


@pytest.mark.slow
def test_the_bears_own_hey_teddy_never_wakes_it_nor_is_transcribed(tmp_path, trial_voices):
    """The bear says "hey teddy" over and over at 0 dB and +6 dB, as the first reply after a start and
    later in a conversation, with the conversation's guard (wake barge-in off while a reply that says the
    phrase plays): nothing wakes it, nothing is transcribed (also not in the follow-up window after it),
    and the canceller removes its echo. Without the canceller and the guard the same reply does wake the
    bear (so this test can tell the difference). Ordinary replies, unguarded, never woke it in the
    barge-in trials above (false_wakes == 0); unguarded self-wakes are in scripts/bench_echo.py."""
    from echo_trials import WARM_UP, run_trial, self_wake_trials

    registry, hearing, listener = _hearing(tmp_path)
    trials = self_wake_trials(trial_voices, 0.0) + self_wake_trials(trial_voices, 6.0)
    before = trial_voices.bear(WARM_UP)

    async def main():
        await hearing.preload()
        # with the conversation's guard for replies that say the phrase; the first reply after a start (the
        # canceller still learning) and a later one
        with_aec = [await run_trial(t, listener, canceller=EchoCanceller(LinearAec()), warm_up=warm, guard=True)
                    for t in trials for warm in (None, before)]
        without = await run_trial(trials[-1], listener)
        return with_aec, without

    try:
        with_aec, without = arun(main(), timeout=600)
    finally:
        registry.close()
    for o in with_aec:
        assert o.wakes == [] and o.utterances == [], (o.trial.name, o.wakes, o.utterances)
        assert o.erle_db is not None and o.erle_db > 10, (o.trial.name, o.erle_db)
    assert without.wakes, "without the canceller the bear's own voice should wake it at +6 dB"


@pytest.mark.slow
def test_the_daemon_hears_the_wake_phrase_over_its_own_voice_at_0_db(tmp_path, piper_clips):
    """Real time, the whole daemon: the canceller built beside capture and sink (`[audio.echo] enabled =
    "on"`), the bear's story as loud in the microphone as the child, who says "hey teddy, tell me a joke"
    into it; the bear stops and listens, and `bear status` reports the delay it measured."""
    from bear.audio.files import read_audio, resample
    from bear.config import load_config
    from bear.daemon import Daemon
    from bear.statusd import live
    from bear.sdnotify import Notifier
    from bear.talk.turn import Reply
    from conftest import BEAR_STORY, until
    from echo_trials import ROOM, echo_gain

    require_model("silero-vad")
    require_model("piper-en_US-joe-medium")
    cfg = load_config(write_config(tmp_path, '[gpio]\nbackend = "mock"\n[talk]\nfollowup_s = 0.0\n'
                                             '[logging]\nstatus_interval_s = 0.0\n[audio.echo]\nenabled = "on"\n'))
    child = read_audio(piper_clips["wake_joke"])
    bear = resample(read_audio(piper_clips["bear_story"]).astype(np.float32) / 32768 / 0.5, 16000, 48000)
    room = Room(echo_gain=echo_gain(bear, 0.0, child), impulse=small_room(), **ROOM)  # a 30 ms speaker buffer, as GAP_S
    turns: list[dict] = []

    async def main():
        daemon = await Daemon.create(cfg, source=room.source(), sink=room.sink(tmp_path / "replies"),
                                     notifier=Notifier(env={}), on_turn=turns.append)
        task = asyncio.ensure_future(daemon.run())
        try:
            await until(lambda: daemon.ring.written > 8000, 20, "start")
            assert daemon.echo is not None and daemon.echo.backend.name == "linear-kalman"
            replies = iter([BEAR_STORY + BEAR_STORY, "Okay!", "Okay!"])
            daemon.chat.brain.reply = lambda *a, **k: Reply(next(replies), "scripted")
            daemon._press_paw()
            room.speak(read_audio(piper_clips["sing"]))
            await until(lambda: daemon.mouth.speaking, 30, "the bear to speak")
            await until(lambda: daemon.echo.delay_ms is not None, 30, "the delay to be measured")
            room.speak(child)
            await until(lambda: len(turns) >= 2, 40, "the turn after the barge-in")
            return (await live(daemon))["echo"]
        finally:
            daemon.request_stop("test over")
            await asyncio.wait_for(task, 10)

    echo = asyncio.run(asyncio.wait_for(main(), 120))
    assert turns[0]["barged_in"] == "wake", turns[0]
    assert turns[1]["trigger"] == "wake" and "teddy" not in turns[1]["heard"].split(), turns[1]
    assert echo["backend"] == "linear-kalman" and abs(echo["delay_ms"] - 30.0) <= 5, echo
