"""`bear bench --pi`: it finds ../shared/tools/pi-speed and says clearly when it cannot run; the
side-by-side table of a full-speed and a Pi-slice result. (The bench itself: test_end_to_end.py.)"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from bear import bench
from bear.config import Config


def test_pi_speed_is_found_beside_the_clone(monkeypatch):
    if os.geteuid() != 0 or not os.access("/sys/fs/cgroup/cpu", os.W_OK):
        pytest.skip("needs root and cgroup v1 (as on the development machines)")
    monkeypatch.delenv("BEAR_SHARED", raising=False)
    found = bench.pi_speed_command()
    root = Path(bench.__file__).resolve().parent.parent
    assert found == [str(root.parent / "shared" / "tools" / "pi-speed"), "--"]


def test_pi_speed_says_why_it_cannot_run(monkeypatch):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert "needs root" in bench.pi_speed_command()
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    assert "cgroup v1" in bench.pi_speed_command()
    real_is_file = Path.is_file
    monkeypatch.setattr(Path, "is_file", lambda self: False if self.name == "pi-speed" else real_is_file(self))
    missing = bench.pi_speed_command()
    assert "pi-speed" in missing and "not found" in missing and "shared/tools/pi-speed" in missing


def test_bench_pi_stops_before_anything_when_it_cannot_run(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert bench.bench(Config(), tmp_path / "out", pi=True) == 1
    assert "bear: bench: --pi needs root" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_side_by_side_puts_full_speed_and_pi_slice_figures_in_two_columns():
    full = {"reply_latency_ms": {"p50": 100.0, "p95": 200.0}, "cached": {"reply_latency_ms": {"p95": 90.0}},
            "pi_slice": False}
    pi = {"reply_latency_ms": {"p50": 300.0, "p95": 700.0}, "cached": {"reply_latency_ms": {"p95": 140.0}},
          "pi_slice": True, "idle_cpu_percent_of_slice": 12.0}
    out = io.StringIO()
    bench.side_by_side(full, pi, out)
    rows = {line.split()[0]: line.split()[1:] for line in out.getvalue().splitlines()[1:]}
    assert rows["reply_latency_ms.p95"] == ["200.0", "700.0"]
    assert rows["cached.reply_latency_ms.p95"] == ["90.0", "140.0"]
    assert rows["idle_cpu_percent_of_slice"] == ["-", "12.0"]


def test_the_daemon_is_found_under_a_wrapper_whose_subshells_share_its_command_line(tmp_path):
    """pi-speed is a bash script: its `$(...)` subshells carry its command line ("... bear run ...")
    for a moment; the sampler must follow the python process, not a subshell that is about to end
    (its RSS and CPU then read 0: peak_rss_mb=0.0 in a --pi run)."""
    import subprocess
    import sys

    import psutil

    wrapper = tmp_path / "wrap"
    wrapper.write_text('#!/bin/bash\nfor i in 1 2 3; do x=$(sleep 0.3; echo "$i"); done\nexec "$@"\n')
    wrapper.chmod(0o755)
    proc = subprocess.Popen([str(wrapper), sys.executable, "-c", "import time; time.sleep(5)", "run"])
    try:
        pid = bench._tree_daemon(proc.pid)
        assert psutil.Process(pid).name().startswith("python") and pid == proc.pid  # the wrapper became python
    finally:
        proc.kill()
        proc.wait(5)
