"""`bear eval wake`: noise mixed into the positives at a given SNR, and its figures line."""

import re
import shutil
import subprocess

import numpy as np
import pytest

from bear.audio.files import read_audio
from bear.hearing.eval_wake import mix_at_snr
from conftest import BEAR, SPEECH, require_file, write_config

REAL = SPEECH / "precise-wake-real"


def _loud_half_power(x) -> float:
    frames = x[:len(x) // 512 * 512].astype(np.float64).reshape(-1, 512)
    power = np.sort((frames ** 2).mean(axis=1))
    return float(power[len(power) // 2:].mean())


@pytest.mark.parametrize("snr", [0.0, 10.0])
def test_mix_at_snr_hits_the_ratio_on_real_noise(snr):
    speech = (read_audio(require_file(REAL / "amelia" / "amelia-00801684-3e63-4a0a-aa4a-98f0542b67d3.flac")) // 4)  # no clipping
    noise = read_audio(require_file(REAL / "background" / "bg_noise6.flac"))  # 2.3 s: looped
    mixed = mix_at_snr(speech, noise, snr, "amelia-1")
    assert mixed.dtype == np.int16 and len(mixed) == len(speech)
    added = mixed.astype(np.float64) - speech
    measured = 10 * np.log10(_loud_half_power(speech) / np.mean(added ** 2))
    assert abs(measured - snr) < 0.5, measured
    assert np.array_equal(mixed, mix_at_snr(speech, noise, snr, "amelia-1"))  # deterministic
    assert not np.array_equal(mixed, mix_at_snr(speech, noise, snr, "amelia-2"))  # another offset


def test_eval_wake_snr_figures_and_last_line(tmp_path, child_env):
    pos, neg = tmp_path / "pos", tmp_path / "neg"
    pos.mkdir(), neg.mkdir()
    for f in sorted((require_file(REAL / "README.md").parent / "amelia").glob("*.flac"))[:4]:
        shutil.copy(f, pos)
    shutil.copy(require_file(SPEECH / "misc" / "jfk.wav"), neg)
    cfg = write_config(tmp_path, '[wake]\nphrase = "amelia"\n')  # picks wake-head-amelia
    args = BEAR + ["eval", "wake", "--config", str(cfg), "--positives", str(pos), "--negatives", str(neg)]
    proc = subprocess.run(args + ["--snr", "5"], env=child_env | {"BEAR_SHARED": str(SPEECH.parent)},
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert re.fullmatch(r"figures phrase='wake-head-amelia' snr_db=5 negatives_h=0\.003 "
                        r"latency_ms_median=(\d+|none) latency_ms_p90=(\d+|none)", lines[-2]), lines[-2]
    assert re.fullmatch(r"detected=\d/4 false_accepts_per_hour=\d+\.\d+ cpu_per_audio_second=\d+\.\d+", lines[-1])
    proc = subprocess.run(args + ["--snr", "5", "--noise", str(tmp_path / "nothing")], env=child_env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "no noise recordings" in proc.stderr
