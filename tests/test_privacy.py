"""A child's raw audio never touches disk: run the real daemon on a child's recording and look
at every file it wrote, byte by byte."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import numpy as np
import soundfile

from conftest import BEAR, require_model, write_config


def test_the_child_s_audio_is_never_written_anywhere(tmp_path, child_env, piper_clips):
    require_model("silero-vad")
    work = tmp_path / "bear"
    (work / "tmp").mkdir(parents=True)
    (work / "home").mkdir()
    clip = tmp_path / "child.wav"
    shutil.copy(piper_clips["wake_joke"], clip)
    cfg = write_config(work, '[gpio]\nbackend = "mock"\n[logging]\nstatus_interval_s = 0.0\n')
    env = child_env | {"TMPDIR": str(work / "tmp"), "HOME": str(work / "home"), "XDG_CACHE_HOME": str(work / "home")}
    proc = subprocess.run(BEAR + ["run", "--config", str(cfg), "--wav", str(clip), "--for", "12"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]

    con = sqlite3.connect(work / "data" / "bear.db")
    heard = [r[0] for r in con.execute("SELECT child_text FROM turns")]
    con.close()
    assert heard and "joke" in heard[0]  # the child was heard and answered: the test is not vacuous

    written = sorted(p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file())
    allowed = {"bear.toml", "data/bear.db", "data/bear.db-wal", "data/bear.db-shm", "data/bear.lock"}  # (the lock holds the pid)
    assert [w for w in written if w not in allowed and not w.startswith("replies/")] == []
    assert all(w.endswith(".wav") for w in written if w.startswith("replies/"))

    # no stretch of the child's samples in any file, as 16-bit PCM at the capture rate (the ring's
    # format) or at the file's own rate
    pcm, rate = soundfile.read(clip, dtype="int16")
    loud = np.flatnonzero(np.abs(pcm) > 1000)
    windows = [pcm[i:i + 32].tobytes() for i in loud[:: max(1, len(loud) // 20)][:20]]
    for name in written:
        data = (work / name).read_bytes()
        assert not any(w in data for w in windows), f"the child's audio is in {name}"
