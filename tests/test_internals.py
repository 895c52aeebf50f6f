"""The library internals bear relies on, checked one by one: when a new release changes one of them,
this file fails with a message naming it (pyproject.toml caps those libraries below the next
release; raise a cap only after this file passes on it). Also: the hash-locked requirements
files (requirements/) agree with pyproject.toml."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import threading
import time
import tomllib
from importlib.metadata import version

import pytest

from conftest import ROOT, require_model

CAPPED = ("onnxruntime", "piper-tts", "gpiozero")


def _requirements():
    from packaging.requirements import Requirement

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return {Requirement(r).name: Requirement(r) for r in meta["project"]["dependencies"]}


def test_libraries_whose_internals_we_use_are_capped_and_installed_within_the_caps():
    reqs = _requirements()
    for name in CAPPED:
        spec = reqs[name].specifier
        assert any(s.operator in ("<", "<=", "==", "~=") for s in spec), f"{name} needs an upper bound in pyproject.toml"
        assert spec.contains(version(name), prereleases=True), f"installed {name} {version(name)} is outside {spec}"


def test_piper_voice_constructor_takes_our_own_session():
    """bear.speech.tts.load_voice builds PiperVoice(config=, session=, espeak_data_dir=,
    download_dir=) itself instead of PiperVoice.load, to give it an onnxruntime session without
    a memory arena."""
    from pathlib import Path

    from piper import PiperVoice
    from piper.config import PiperConfig
    from piper.voice import ESPEAK_DATA_DIR

    assert dataclasses.is_dataclass(PiperVoice), "piper.PiperVoice is no longer a dataclass"
    fields = {f.name: f for f in dataclasses.fields(PiperVoice)}
    for name in ("config", "session", "espeak_data_dir", "download_dir"):
        assert name in fields, f"piper.PiperVoice has no field {name!r} any more"
    required = {n for n, f in fields.items()
                if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING}
    assert required <= {"config", "session"}, f"piper.PiperVoice now also requires {required - {'config', 'session'}}"
    assert callable(getattr(PiperConfig, "from_dict", None)), "piper.config.PiperConfig.from_dict is gone"
    assert Path(ESPEAK_DATA_DIR).is_dir(), f"piper.voice.ESPEAK_DATA_DIR {ESPEAK_DATA_DIR} is not a folder"


def test_piper_voice_built_our_way_speaks():
    import numpy as np

    from bear.speech.tts import load_voice

    voice = load_voice(require_model("piper-test-voice"))
    assert voice.piper.session.get_session_options().enable_cpu_mem_arena is False
    audio = voice.synthesize("hello")
    assert audio.dtype == np.float32 and len(audio) > voice.sample_rate // 10


def test_gpiozero_inactive_event_wakes_a_held_button_on_close():
    """bear.hearing.button.close_device sets the private Button._inactive_event so that closing a
    button held down does not sleep out its hold_time (then fire when_held)."""
    from gpiozero import Button
    from gpiozero.pins.mock import MockFactory

    from bear.hearing.button import close_device

    button = Button(17, pull_up=True, hold_time=10, pin_factory=MockFactory())
    assert isinstance(getattr(button, "_inactive_event", None), threading.Event), \
        "gpiozero.Button has no _inactive_event (threading.Event) any more: close_device cannot wake its hold thread"
    held = threading.Event()
    button.when_held = held.set
    button.pin.drive_low()
    assert button.is_pressed
    time.sleep(0.3)  # the hold thread is now inside its wait of hold_time
    start = time.monotonic()
    close_device(button)
    took = time.monotonic() - start
    assert took < 3.0, f"closing a held button took {took:.1f} s: gpiozero's hold thread no longer waits on _inactive_event"
    assert not held.is_set()


def test_onnxruntime_session_options_we_set_are_kept():
    from bear.models.onnx import onnx_session

    sess = onnx_session(ROOT / "models" / "emotion-goemotions" / "emotion.onnx", threads=2, mem_pattern=False)
    so = sess.get_session_options()
    assert so.enable_cpu_mem_arena is False and so.enable_mem_pattern is False
    assert so.intra_op_num_threads == 2 and so.inter_op_num_threads == 1
    assert sess.get_providers() == ["CPUExecutionProvider"]


def test_hibari_attributes_we_set_are_all_its_constructor_sets():
    """bear.speech.hibari_voice subclasses hibari.Hibari with its own __init__ that sets voice,
    model_path, sess, vocab and _g2p (the model on our own session): if Hibari's constructor sets
    anything else, our voice would miss it."""
    from hibari import Hibari

    tree = ast.parse(inspect.getsource(Hibari.__init__).strip())
    assigned = {t.attr for node in ast.walk(tree) if isinstance(node, ast.Assign) for t in node.targets
                if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"}
    assert assigned == {"voice", "model_path", "sess", "vocab", "_g2p"}, \
        f"hibari.Hibari.__init__ now sets {sorted(assigned)}: update bear/speech/hibari_voice.py"


def _locked(path):
    text = path.read_text()
    entries = re.findall(r"^([a-z0-9][a-z0-9\-]*)==(\S+) \\\n((?:    --hash=sha256:[0-9a-f]{64}(?: \\\n)?)+)",
                         text, re.M)
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    assert len(lines) == 2 * len(entries), f"{path.name}: every package needs exactly one '--hash=sha256:' line"
    return {name: ver for name, ver, _ in entries}


@pytest.mark.parametrize("arch", ["x86_64", "aarch64"])
def test_lock_files_satisfy_pyproject(arch):
    """requirements/<arch>.txt pins every dependency in pyproject.toml within its range, with a
    hash (regenerate with scripts/lock_requirements.py after changing a dependency)."""
    import sys

    from packaging.requirements import Requirement

    sys.path.insert(0, str(ROOT / "scripts"))
    from lock_requirements import BUILD, canonical, target_env

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())
    runtime = _locked(ROOT / "requirements" / f"{arch}.txt")
    test = _locked(ROOT / "requirements" / f"{arch}-test.txt")
    assert not set(runtime) & set(test)
    wanted = [(r, runtime) for r in meta["project"]["dependencies"] + meta["build-system"]["requires"] + BUILD]
    wanted += [(r, {**runtime, **test}) for r in meta["project"]["optional-dependencies"]["test"]]
    for text, locked in wanted:
        req = Requirement(text)
        if req.marker is not None and not req.marker.evaluate(target_env(arch)):
            assert canonical(req.name) not in locked, f"{arch}: {req.name} is locked but not needed there"
            continue
        assert canonical(req.name) in locked, f"requirements/{arch}.txt lacks {req.name}: run scripts/lock_requirements.py"
        assert req.specifier.contains(locked[canonical(req.name)], prereleases=True), \
            f"requirements/{arch}.txt pins {req.name}=={locked[canonical(req.name)]}, outside {req.specifier}"
    assert ("lgpio" in runtime) == (arch == "aarch64")
