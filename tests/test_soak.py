"""`bear bench --soak N`: turns through the real daemon, as a user runs it (a short soak here)."""

from __future__ import annotations

import json
import subprocess

import pytest

from bear.soak import slope_per_100
from conftest import BEAR, require_model, write_config


def test_the_rss_slope_is_megabytes_per_100_turns():
    flat = [(n, 300_000_000) for n in range(10, 60)]
    growing = [(n, 300_000_000 + n * 20_000) for n in range(10, 60)]  # 20 kB a turn = 2 MB per 100 turns
    assert slope_per_100(flat) == 0.0
    assert slope_per_100(growing) == pytest.approx(2.0)
    assert slope_per_100(growing[:1]) is None


@pytest.mark.slow
def test_a_short_soak_answers_and_stores_every_turn_and_prints_its_figures(tmp_path, child_env):
    for name in ("silero-vad", "piper-en_US-joe-medium"):
        require_model(name)
    turns = 6
    out_json = tmp_path / "soak.json"
    proc = subprocess.run(BEAR + ["bench", "--config", str(write_config(tmp_path)), "--out", str(tmp_path / "s"),
                                  "--soak", str(turns), "--json", str(out_json)],
                          capture_output=True, text=True, env=child_env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    figures = json.loads(out_json.read_text())
    assert f"turns_answered={turns}/{turns}" in proc.stdout.splitlines()
    assert figures["turns_answered"] == figures["turns_stored"] == turns
    assert figures["errors"] == 0 and figures["task_crashes"] == 0 and figures["exit_code"] == 0
    rss = figures["rss_mb"]
    assert 50 < rss["start"] <= rss["peak"] and rss["end"] <= rss["peak"]
    assert figures["max_loop_stall_ms"] >= 0
    for key in ("errors", "rss_mb", "rss_slope_mb_per_100_turns", "max_loop_stall_ms", "warnings"):
        assert f"{key}={json.dumps(figures[key])}" in proc.stdout
    assert not list((tmp_path / "s" / "replies").glob("*.wav"))  # a long soak must not fill the disk
