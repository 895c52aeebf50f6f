"""The README's main job and the benchmark, exactly as a user runs them (subprocesses)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import soundfile

from conftest import BEAR, require_model, write_config


@pytest.mark.slow
def test_bear_demo_runs_the_recorded_conversation(tmp_path, child_env):
    for name in ("silero-vad", "piper-en_US-joe-medium", "emotion-goemotions"):
        require_model(name)
    out = tmp_path / "demo"
    proc = subprocess.run(BEAR + ["demo", "--config", str(write_config(tmp_path)), "--out", str(out)],
                          capture_output=True, text=True, env=child_env, timeout=240)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    text = proc.stdout
    turns = re.findall(r"^\[(\d+)\] heard \((\w+)\): '(.*)'$", text, re.M)
    assert len(turns) == 7, text
    assert {t[1] for t in turns} >= {"wake", "followup", "button"}  # wake phrase, follow-up answer and paw
    assert "safety: dangerous_object" in text  # "can I play with matches" got a redirect
    assert "Lucy" in text.split("[2]")[1]  # the name was learned and used later
    assert re.search(r"emotion: sadness", text)  # "I feel sad today"
    assert len(re.findall(r"latency ms: stt_final \d+, emotion \d+, reply \d+, tts_first \d+, "
                          r"end of speech -> first audio \d+", text)) == 7
    wavs = sorted((out / "replies").glob("turn-*.wav"))
    assert len(wavs) == 7
    for wav in wavs:
        info = soundfile.info(wav)
        assert info.samplerate == 48000 and info.duration > 0.5
    assert not list(out.glob("**/*child*.raw"))
    assert "lucy" not in proc.stderr.lower()  # the child's words stay out of the journal


@pytest.mark.slow
def test_bear_bench_prints_and_writes_the_same_figures(tmp_path, child_env):
    require_model("piper-en_US-joe-medium")
    out_json = tmp_path / "bench.json"
    proc = subprocess.run(BEAR + ["bench", "--config", str(write_config(tmp_path)), "--out", str(tmp_path / "b"),
                                  "--lines", "2", "--idle", "2", "--json", str(out_json), "--cache-build-s", "3"],
                          capture_output=True, text=True, env=child_env, timeout=400)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    figures = json.loads(out_json.read_text())
    printed = {line.split("=", 1)[0]: json.loads(line.split("=", 1)[1])
               for line in proc.stdout.splitlines() if "=" in line and not line.startswith(("==", " "))}
    assert printed == figures
    for key in ("reply_latency_ms", "peak_rss_mb", "idle_rss_mb", "idle_cpu_percent", "import_ms", "stages"):
        assert key in figures
    assert figures["turns"] == 2
    assert 0 < figures["reply_latency_ms"]["p50"] <= figures["reply_latency_ms"]["p95"] < 5000
    assert set(figures["stages"]) == {"stt_final_ms", "emotion_ms", "reply_ms", "tts_first_ms"}
    assert figures["idle_rss_mb"] < figures["peak_rss_mb"] and 0 < figures["idle_cpu_percent"] < 100
    assert 0 < figures["import_ms"] < 100
    # the phrase cache off, then on (3 s of rendering: a few pieces, so most turns are not fully cached)
    assert figures["pi_slice"] is False and figures["uncached"]["turns"] == 2
    assert figures["cached"]["turns"] + figures["partly_cached"]["turns"] + figures["uncached_turns"] == 2
    assert figures["cache"]["ok"] and figures["cache"]["pieces"] > 0
