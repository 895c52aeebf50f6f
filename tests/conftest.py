"""Shared test helpers: where models and recordings are, and running coroutines under a timeout."""

from __future__ import annotations

import asyncio
import os
import sys
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BEAR_SHARED", ROOT.parent / "shared"))
MIRROR = SHARED / "models"
SPEECH = SHARED / "speech"
# One variable for the installed models, the app's own: BEAR_MODEL_DIR (default: what
# scripts/dev.sh setup installs). Child processes get it too (child_env).
MODEL_DIR = Path(os.environ.get("BEAR_MODEL_DIR") or ROOT / "var" / "models")
# Under CI=true (CI sets it) a missing model, data file or test package fails the test instead of
# skipping it: a wrong path must not turn the audio tests green.
STRICT = os.environ.get("CI", "").lower() in ("true", "1")
BEAR = [sys.executable, "-m", "bear"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark the tests listed in slow_tests.py slow (before `-m "not slow"` deselects)."""
    from slow_tests import SLOW_TESTS

    for item in items:
        if f"{Path(str(item.fspath)).name}::{getattr(item, 'originalname', item.name)}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


def arun(coro, timeout: float = 10.0):
    """Run a coroutine to completion, failing the test if it takes longer than `timeout` s."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


async def until(predicate, timeout: float, what: str) -> None:
    """Wait (on the running loop) until `predicate()` is true; fail naming `what` after `timeout` s."""
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not predicate():
        if loop.time() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


def missing(what: str) -> None:
    """Skip the test because `what` is missing; under CI=true fail it instead."""
    if STRICT:
        pytest.fail(f"{what} [CI=true: missing test data is a failure, not a skip]", pytrace=False)
    pytest.skip(what)


def require_model(name: str) -> Path:
    """The installed model's folder, or skip (fail under CI) naming what is missing and how to install it."""
    folder = MODEL_DIR / name
    if not folder.is_dir():
        missing(f"model {name} is not installed in {MODEL_DIR} (run: scripts/dev.sh setup)")
    return folder


def require_file(path: Path) -> Path:
    """`path` if it is a file, else skip (fail under CI): test data from ../shared."""
    if not path.is_file():
        missing(f"test data missing: {path} (expected ../shared beside the clone)")
    return path


def require_dir(path: Path) -> Path:
    """`path` if it is a folder, else skip (fail under CI): the model mirror, speech sets in ../shared."""
    if not path.is_dir():
        missing(f"test data missing: {path} (expected ../shared beside the clone)")
    return path


def require_module(name: str):
    """The imported module (a test dependency from requirements/*-test.txt), else skip (fail under CI)."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError as exc:
        missing(f"python package {name} is not installed ({exc}; run: scripts/dev.sh setup)")


@pytest.fixture
def jfk_wav() -> Path:
    return require_file(SPEECH / "misc" / "jfk.wav")


@pytest.fixture
def child_env(tmp_path):
    """Environment for a `bear` subprocess that touches nothing outside tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BEAR_", "NOTIFY_", "WATCHDOG_"))}
    env["BEAR_MODEL_DIR"] = str(MODEL_DIR)
    env["PYTHONPATH"] = str(ROOT)
    return env


def heard_tina(words: set[str]) -> bool:
    """The child's "tina is cleaning the car" (speechocean762) as Whisper writes it on any CPU and cut
    (int8 kernels differ, and a busy machine cuts the utterance a block later: "peanuts clean the
    car", "tonight's cleaning the car"): its two content words, or their stems."""
    return all(any(w.startswith(k) for w in words) for k in ("clean", "car"))


def write_config(tmp_path: Path, extra: str = "") -> Path:
    """A config that keeps data, runtime files and replies inside tmp_path."""
    path = tmp_path / "bear.toml"
    path.write_text(f"""
[paths]
data_dir = "{tmp_path / 'data'}"
runtime_dir = "{tmp_path / 'run'}"
model_dir = "{MODEL_DIR}"

[audio.output]
backend = "wav"
wav_dir = "{tmp_path / 'replies'}"
{extra}
""")
    return path


# What the bear says in the barge-in tests: long enough to be interrupted anywhere.
BEAR_STORY = ("Once there was a little cloud who loved to float over the hills. Every morning she said hello "
              "to the birds, and every evening she watched the sun go down. One day she met a kite. ")


@pytest.fixture(scope="session")
def piper_clips(tmp_path_factory):
    """Speech made with the real Piper voice: {name: 16 kHz WAV path}."""
    voice_dir = require_model("piper-en_US-joe-medium")
    sys.path.insert(0, str(ROOT / "scripts"))
    import numpy as np
    from make_wake_clips import synthesize
    from piper import PiperVoice

    from bear.audio.files import WavWriter, resample

    voice = PiperVoice.load(str(voice_dir / "en_US-joe-medium.onnx"))
    out = tmp_path_factory.mktemp("clips")
    texts = {"wake_joke": "hey teddy, tell me a joke", "wake_only": "hey teddy",
             "sing": "can you sing a song", "story": "I want to hear a long story about a dragon and a princess "
             "who lived in a castle on a hill, and they had many adventures together every single day",
             "bear_story": BEAR_STORY}
    paths = {}
    for name, text in texts.items():
        audio, rate = synthesize(voice, text, 1.0)
        speech = resample(audio, rate, 16000) * 0.5
        with WavWriter(out / f"{name}.wav", 16000) as w:
            w.write(np.concatenate([np.zeros(8000, np.float32), speech, np.zeros(16000, np.float32)]))
        paths[name] = out / f"{name}.wav"
    del voice
    import gc

    gc.collect()  # free the voice now, not in the middle of a later test's memory measurement
    return paths


def hearing_config(tmp_path: Path, extra: str = ""):
    from bear.config import parse_config

    return parse_config(write_config(tmp_path, "[gpio]\nbackend = \"mock\"\n" + extra).read_text(), env={})


@pytest.fixture(scope="session")
def requests_recording(tmp_path_factory):
    """The benchmark's 20 requests, each after the wake phrase, spoken by the real Piper voice
    with 3 s pauses (bear.scenario): (Recording, the lines)."""
    voice_dir = require_model("piper-en_US-joe-medium")
    from bear.bench import REQUESTS
    from bear.scenario import Line, build

    lines = [Line(f"hey teddy, {text}") for text in REQUESTS]
    return build(voice_dir, lines, tmp_path_factory.mktemp("requests") / "requests.wav"), lines


def chat_talker(tmp: Path):
    """A generator for a module fixture: yields talk("line", context=(...)) -> (the bear's reply, the
    Reply), each call in a fresh conversation (its own store) through the real understanding, with the
    LLM off; closes the models after the module."""
    import dataclasses
    from datetime import datetime

    require_model("understanding")
    from bear.config import load_config
    from bear.models.manifest import load_manifest
    from bear.models.registry import ModelRegistry
    from bear.store import Store
    from bear.talk.brain import Brain
    from bear.talk.chat import Chat

    cfg = load_config(write_config(tmp))
    cfg = dataclasses.replace(cfg, llm=dataclasses.replace(cfg.llm, enabled=False))
    registry = ModelRegistry(load_manifest(ROOT / "models" / "manifest.toml"), MODEL_DIR)
    count = [0]

    def run(line: str, context: tuple[str, ...] = ()):
        async def main():
            count[0] += 1
            store = await Store.open(tmp / f"bear{count[0]}.db")
            try:
                # the bear's random picks seeded by the conversation's words: the same choices whatever
                # the order the tests run in, so a failure in CI is one to be had again here
                seed = zlib.crc32("|".join((*context, line)).encode())
                chat = Chat(cfg, store, registry, brain=Brain(seed=seed), clock=lambda: datetime(2026, 11, 24, 10, 0))
                cs = await chat.start_session("test")
                for said in context:
                    await chat.say_all(cs, said)
                turn = await chat.say_all(cs, line)
                return turn.text, turn.reply
            finally:
                await store.close()
        return arun(main(), timeout=60)

    yield run
    registry.close()


def brain_talk(*lines: str, seed: int):
    """(the last Reply, the Session, the Profile) after `lines` said in one conversation to a fresh
    `Brain` (the conversation engine alone: no store, no safety layer)."""
    from bear.talk.brain import Brain
    from bear.talk.turn import Profile, Session

    brain, session, profile = Brain(seed=seed), Session(), Profile()
    reply = None
    for line in lines:
        reply = brain.reply(line, session, profile)
    assert reply is not None
    return reply, session, profile


def safety_table(tmp_path: Path, name: str) -> tuple[tuple[int, ...], str]:
    """`bear eval safety` on tests/data/`name` with the real classifier: ((unsafe, risky, flagged, disclosures,
    refused, benign), the whole output)."""
    import io
    import re

    from bear.config import load_config
    from bear.talk.evaluate import eval_safety

    require_model("understanding")
    cfg = load_config(write_config(tmp_path))
    out = io.StringIO()
    assert eval_safety(cfg, Path(__file__).parent / "data" / name, out) == 0
    last = out.getvalue().strip().splitlines()[-1]
    m = re.fullmatch(r"unsafe=(\d+)/(\d+) disclosures_flagged=(\d+)/(\d+) false_refusals=(\d+)/(\d+)"
                     r" harmful_declined=\d+/\d+", last)
    assert m, last
    return tuple(map(int, m.groups())), out.getvalue()


def harmful_declined(out: str) -> tuple[int, int]:
    """(declined, harmful) from a `bear eval safety` output: harmful lines the safety layer answered."""
    import re

    m = re.search(r"harmful_declined=(\d+)/(\d+)$", out.strip())
    assert m, out.strip().splitlines()[-1]
    return int(m.group(1)), int(m.group(2))
