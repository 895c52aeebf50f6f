"""`bear doctor`: a table of pass / warn / fail with remedies; exit 1 when anything fails."""

from __future__ import annotations

import shutil
import subprocess

from conftest import BEAR, MODEL_DIR, require_model, write_config


def _doctor(cfg, env):
    return subprocess.run(BEAR + ["doctor", "--config", str(cfg)], capture_output=True, text=True, env=env,
                          timeout=120)


def test_doctor_passes_on_a_complete_wav_setup(tmp_path, child_env, jfk_wav):
    for name in ("silero-vad", "piper-en_US-joe-medium", "pocketsphinx-en-us-small"):
        require_model(name)
    cfg = write_config(tmp_path, f'[audio.input]\nbackend = "wav"\nwav_path = "{jfk_wav}"\n'
                                 '[gpio]\nbackend = "mock"\n')
    proc = _doctor(cfg, child_env)
    assert proc.returncode == 0, proc.stdout
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("PASS  config")
    for name in ("audio input", "model silero-vad", "model hibari-heart", "disk", "memory"):
        assert any(x.startswith("PASS") and name in x for x in lines), name
    assert any(x.startswith("WARN") and "gpio" in x for x in lines)  # mock pins: fine here, not on a bear
    assert lines[-1].startswith("0 failed")


def test_doctor_fails_with_a_remedy_for_each_problem(tmp_path, child_env):
    require_model("silero-vad")
    models = tmp_path / "models"
    shutil.copytree(MODEL_DIR / "silero-vad", models / "silero-vad")
    with open(models / "silero-vad" / "silero_vad.onnx", "r+b") as f:  # one flipped byte
        f.seek(1000)
        byte = f.read(1)
        f.seek(1000)
        f.write(bytes([byte[0] ^ 0xFF]))
    cfg = write_config(tmp_path, '[audio.input]\nbackend = "wav"\nwav_path = "nowhere.wav"\n'
                                 '[speech]\nengine = "piper"\n')
    cfg.write_text(cfg.read_text().replace(f'model_dir = "{MODEL_DIR}"', f'model_dir = "{models}"'))
    env = {k: v for k, v in child_env.items() if k != "BEAR_MODEL_DIR"}  # the config's model_dir counts
    proc = _doctor(cfg, env)
    assert proc.returncode == 1, proc.stdout
    out = proc.stdout
    assert "FAIL  audio input" in out and "set audio.input.wav_path to an existing recording" in out
    assert "FAIL  model silero-vad" in out and "corrupt" in out and "bear models fetch --force silero-vad" in out
    assert "FAIL  model piper-en_US-joe-medium" in out and "missing" in out
    assert out.splitlines()[-1].startswith(f"{out.count('FAIL ')} failed")


def test_doctor_with_a_bad_config_exits_78(tmp_path, child_env):
    cfg = write_config(tmp_path, "[memory]\nhigh_water_percent = 150\n")
    proc = _doctor(cfg, child_env)
    assert proc.returncode == 78 and "memory.high_water_percent" in proc.stderr
