"""Enrolment (`bear enrol`): the wake phrase in one voice kept as openWakeWord embeddings, the
enrolled verifier behind an eager spotter, and `bear forget` erasing it (real models, real voices)."""

import logging
import stat
import subprocess

import numpy as np
import pytest

from bear.audio.files import read_audio
from bear.config import parse_config
from conftest import BEAR, MODEL_DIR, ROOT, SPEECH, arun, require_file, require_model, write_config

REAL = SPEECH / "precise-wake-real"
ENROL = slice(1, 6)  # five "athena" clips by several volunteers (speakers are not labelled)


def _athena():
    return sorted((require_file(REAL / "README.md").parent / "athena").glob("*.flac"))


def _models():
    require_model("openwakeword-frontend")
    require_model("silero-vad")


def _enrol(tmp_path, env, files, phrase: str = "athena"):
    cfg = write_config(tmp_path, f'[wake]\nphrase = "{phrase}"\n')
    return subprocess.run(BEAR + ["enrol", "--config", str(cfg), *map(str, files)], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120), cfg


def test_enrol_round_trip_keeps_only_features_and_forget_erases_them(tmp_path, child_env):
    from bear.hearing.enrol import Templates, template_path

    _models()
    done, cfg = _enrol(tmp_path, child_env, _athena()[ENROL])
    assert done.returncode == 0, done.stderr
    assert "Enrolled 'athena' from 5 recordings" in done.stdout
    path = template_path(tmp_path / "data")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    templates = Templates.load(path)
    assert templates is not None and templates.phrase == "athena" and len(templates.sequences) == 5
    assert all(s.dtype == np.float32 and s.ndim == 2 and s.shape[1] == 96 and 1 <= len(s) <= 12
               for s in templates.sequences)  # embeddings, never samples
    assert path.stat().st_size < 20_000
    with np.load(path) as z:
        assert sorted(z.files) == ["phrase", "t0", "t1", "t2", "t3", "t4"]

    forgot = subprocess.run(BEAR + ["forget", "--yes", "--config", str(cfg)], cwd=tmp_path, env=child_env,
                            capture_output=True, text=True, timeout=60)
    assert forgot.returncode == 0, forgot.stderr
    assert "the enrolled wake voice" in forgot.stdout
    assert not path.exists()


def _refusal(tmp_path, clips, phrase="athena"):
    from bear.hearing.enrol import Embedder, EnrolError, build_templates
    from bear.hearing.vad import load_silero

    _models()
    embedder = Embedder(MODEL_DIR / "openwakeword-frontend")
    with pytest.raises(EnrolError) as refused:
        build_templates(embedder, load_silero(MODEL_DIR / "silero-vad"), clips, phrase)
    return str(refused.value)


def test_enrolment_refuses_silence_short_speech_and_too_few_clips(tmp_path):
    from bear.hearing.enrol import speech_span
    from bear.hearing.vad import load_silero

    _models()
    athena = [read_audio(p) for p in _athena()[ENROL]]
    silence = np.zeros(32000, np.int16)
    msg = _refusal(tmp_path, [("a.wav", athena[0]), ("quiet.wav", silence), ("c.wav", athena[2])])
    assert msg.startswith("quiet.wav: no speech heard")
    s, e = speech_span(load_silero(MODEL_DIR / "silero-vad"), athena[1])
    short = np.concatenate((np.zeros(8000, np.int16), athena[1][s:s + 2400], np.zeros(8000, np.int16)))
    msg = _refusal(tmp_path, [("a.wav", athena[0]), ("short.wav", short), ("c.wav", athena[2])])
    assert msg.startswith("short.wav: only") and "too short" in msg
    assert "give 3 to 8 recordings" in _refusal(tmp_path, [("a.wav", athena[0]), ("b.wav", athena[1])])


def test_bear_enrol_refuses_another_phrase(tmp_path, child_env):
    """Five recordings of "computer" are not an enrolment of "athena" (the spotter and, when
    installed, Whisper must hear the phrase in more than half of them); nothing is written."""
    _models()
    computer = sorted((require_file(REAL / "README.md").parent / "computer").glob("*.flac"))[:5]
    done, _ = _enrol(tmp_path, child_env, computer)
    assert done.returncode == 1
    assert "refused: only" in done.stderr and "sound like 'athena'" in done.stderr
    assert not (tmp_path / "data" / "wake-templates.npz").exists()


def _enrolled_hearing(tmp_path, extra: str = ""):
    from bear.audio.ring import RingBuffer
    from bear.hearing.enrol import Embedder, build_templates, template_path
    from bear.hearing.setup import build_hearing
    from bear.hearing.vad import load_silero
    from bear.models.manifest import load_manifest
    from bear.models.registry import ModelRegistry

    _models()
    require_model("faster-whisper-tiny.en")  # the spotter runs beside Whisper, as on a bear
    templates = build_templates(Embedder(MODEL_DIR / "openwakeword-frontend"), load_silero(MODEL_DIR / "silero-vad"),
                                [(p.name, read_audio(p)) for p in _athena()[ENROL]], "athena")
    templates.save(template_path(tmp_path / "data"))
    cfg = parse_config(f'[paths]\nmodel_dir = "{MODEL_DIR}"\ndata_dir = "{tmp_path / "data"}"\n[stt]\n'
                       f'engine = "whisper"\n[wake]\nphrase = "athena"\ntrained_head = false\n{extra}', env={})
    registry = ModelRegistry(load_manifest(ROOT / "models" / "manifest.toml"), MODEL_DIR)
    ring = RingBuffer(12.0)
    return cfg, ring, registry, build_hearing(cfg, ring, registry, with_button=False)


def test_enrolled_verifier_wakes_on_the_phrase_and_drops_other_speech(tmp_path, caplog):
    """Other real "athena" clips wake the bear through the eager spotter and the enrolled templates;
    children's read sentences that the eager spotter takes for "athena" are dropped."""
    from test_wake_verify import check_verifier

    positives = _athena()[20:22]
    kids = sorted((SPEECH / "speechocean762-train-children" / "flac").glob("*.flac"))[:40]
    with caplog.at_level(logging.INFO, logger="bear.hearing.wake"):
        cfg, ring, registry, hearing = _enrolled_hearing(tmp_path)
    wake = hearing.listener.wake
    assert wake.enrolled and wake.sensitivity == cfg.wake.enrol_sensitivity
    assert "event=wake_enrolment state=on clips=5" in caplog.text

    check_verifier(cfg, ring, registry, hearing, positives, kids, caplog, "verifier=enrol distance=")


def test_forgetting_while_running_restores_the_plain_spotter(tmp_path, caplog):
    from bear.forgetting import Forgetter
    from bear.hearing.wake import SPHINX_WAKE

    cfg, ring, registry, hearing = _enrolled_hearing(tmp_path)
    wake = hearing.listener.wake
    forgetter = Forgetter(None, None, None, None, None, cfg.paths.data_dir, wake)  # only its enrolment part

    async def main():
        await registry.load(SPHINX_WAKE)
        erased = await forgetter._forget_enrolment()
        loaded = registry.slot(SPHINX_WAKE).loaded
        registry.close()
        return erased, loaded

    with caplog.at_level(logging.INFO):
        erased, loaded = arun(main(), timeout=60)
    assert erased and not (tmp_path / "data" / "wake-templates.npz").exists()
    assert not wake.enrolled and wake.verifier is None and wake.sensitivity == cfg.wake.sensitivity
    assert not loaded  # reloaded at its next use, at wake.sensitivity
    assert "event=wake_enrolment state=off reason=forgotten" in caplog.text
    assert "event=wake_enrol_forgotten" in caplog.text


def test_enrolment_off_or_for_another_phrase_is_ignored(tmp_path, caplog):
    cfg, ring, registry, hearing = _enrolled_hearing(tmp_path, 'enrolment = "off"\n')
    assert not hearing.listener.wake.enrolled and hearing.listener.wake.sensitivity == cfg.wake.sensitivity
    from bear.audio.ring import RingBuffer
    from bear.hearing.setup import build_hearing

    other = parse_config(f'[paths]\nmodel_dir = "{MODEL_DIR}"\ndata_dir = "{tmp_path / "data"}"\n[stt]\n'
                         f'engine = "whisper"\n[wake]\nphrase = "amelia"\ntrained_head = false\n', env={})
    with caplog.at_level(logging.WARNING):
        h = build_hearing(other, RingBuffer(12.0), registry, with_button=False)
    assert not h.listener.wake.enrolled
    assert "event=wake_enrolment state=off reason=other_phrase" in caplog.text
