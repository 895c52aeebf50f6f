import asyncio
import os
import re
import signal
import socket
import subprocess
import threading
import time

import numpy as np
import pytest
from conftest import BEAR, arun, write_config

from bear.config import parse_config
from bear.daemon import Daemon
from bear.sdnotify import Notifier
from bear.supervisor import Supervisor


class NotifySocket:
    """A real AF_UNIX datagram socket standing in for systemd's notify socket, read by a thread
    (as systemd reads it) so that every datagram is timestamped when it arrives."""

    def __init__(self, path):
        self.path = str(path)
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.sock.settimeout(0.05)
        self.messages: list[tuple[float, str]] = []
        self._closed = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self):
        while not self._closed.is_set():
            try:
                data = self.sock.recv(4096).decode()
            except TimeoutError:
                continue
            self.messages.append((time.monotonic(), data))

    def wait_for(self, text, timeout=10.0):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            for _, m in list(self.messages):
                if text in m:
                    return m
            time.sleep(0.01)
        raise AssertionError(f"no {text!r} within {timeout} s; got {self.messages}")

    def close(self):
        self._closed.set()
        self._thread.join()
        self.sock.close()

    def count(self, text):
        return sum(text in m for _, m in self.messages)


def test_run_notifies_systemd_and_stops_on_sigterm(tmp_path, child_env, jfk_wav):
    sock = NotifySocket(tmp_path / "notify.sock")
    cfg = write_config(tmp_path)
    env = dict(child_env, NOTIFY_SOCKET=sock.path, WATCHDOG_USEC="200000")
    t0 = time.monotonic()
    proc = subprocess.Popen(BEAR + ["run", "--config", str(cfg), "--wav", str(jfk_wav)], env=env,
                            stderr=subprocess.PIPE, text=True)
    try:
        ready = sock.wait_for("READY=1")
        ready_s = time.monotonic() - t0
        assert "STATUS=listening" in ready
        time.sleep(1.0)
        assert sock.count("WATCHDOG=1") >= 5  # every 100 ms while the ring buffer advances
        t_term = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        sock.wait_for("STOPPING=1", timeout=3)
        code = proc.wait(timeout=3)
        stop_s = time.monotonic() - t_term
    finally:
        proc.kill()
        sock.close()
    stderr = proc.stderr.read()
    assert code == 0, stderr
    assert stop_s < 3.0
    assert ready_s < 10  # the benchmark reports the real figure; this only guards against hangs
    lines = stderr.strip().splitlines()
    # every line has a priority; continuation lines (tracebacks, warnings) are indented
    assert all(re.match(r"<[0-7]>((bear(\.[a-z_.]+)?|py\.warnings): |\s)", ln) for ln in lines), lines
    events = [ln.split(": ", 1)[1].split()[0] for ln in lines if re.match(r"<\d>bear", ln)]
    for expected in ("event=starting", "event=capture_started", "event=ready", "event=stop_requested",
                     "event=stopped"):
        assert expected in events, events
    assert not re.search(r"\d{2}:\d{2}:\d{2}", stderr), "journald adds timestamps; we must not"


def test_outside_systemd_notify_is_a_no_op():
    n = Notifier(env={})
    assert not n.enabled and not n.ready("x") and not n.watchdog() and n.watchdog_interval_s is None
    n = Notifier(env={"NOTIFY_SOCKET": "/nonexistent/sock", "WATCHDOG_USEC": "30000000",
                      "WATCHDOG_PID": str(os.getpid())})
    assert n.enabled and n.watchdog_interval_s == 15.0
    assert n.notify("STATUS=x") is False  # an unreachable socket is not an error
    assert Notifier(env={"WATCHDOG_USEC": "1000", "WATCHDOG_PID": "1"}).watchdog_interval_s is None


class StallingSource:
    """Delivers audio for `good_s` seconds, then goes quiet without failing (a hung driver)."""
    name = "stalling"

    def __init__(self, good_s):
        self.good_s, self.overflows = good_s, 0

    async def run(self, emit):
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        while loop.time() - t0 < self.good_s:
            emit(np.zeros(512, np.int16))
            await asyncio.sleep(0.032)
        await asyncio.Event().wait()


def test_watchdog_is_withheld_while_capture_is_stalled(tmp_path):
    sock = NotifySocket(tmp_path / "n.sock")
    cfg = parse_config(write_config(tmp_path, '[gpio]\nbackend = "mock"\n').read_text(), env={})

    async def main():
        notifier = Notifier(env={"NOTIFY_SOCKET": sock.path, "WATCHDOG_USEC": "100000"})
        daemon = await Daemon.create(cfg, source=StallingSource(0.6), notifier=notifier)
        return await daemon.run(duration=1.5)

    code = arun(main())
    sock.close()
    times = [t for t, m in sock.messages if "WATCHDOG=1" in m]
    ready_t = next(t for t, m in sock.messages if "READY=1" in m)
    stop_t = next(t for t, m in sock.messages if "STOPPING=1" in m)
    assert code == 0
    assert len(times) >= 5
    # pings stop soon after the audio does, and never resume
    assert max(times) - ready_t < 1.0 and stop_t - max(times) > 0.4


def test_supervisor_restarts_a_crashing_task_and_gives_up_eventually(caplog):
    async def main():
        fatal = []
        sup = Supervisor(fatal.append, backoff_s=0.01)
        runs = {"flaky": 0, "doomed": 0}

        async def flaky():
            runs["flaky"] += 1
            if runs["flaky"] < 3:
                raise RuntimeError("boom")
            await asyncio.sleep(3600)

        async def doomed():
            runs["doomed"] += 1
            raise ValueError("always")

        sup.spawn("flaky", flaky)
        sup.spawn("doomed", doomed)
        for _ in range(200):
            await asyncio.sleep(0.05)
            if fatal and runs["flaky"] >= 3:
                break
        stuck = await sup.shutdown(1.0)
        return fatal, runs, stuck

    with caplog.at_level("INFO", logger="bear"):
        fatal, runs, stuck = arun(main(), timeout=30)
    assert runs["flaky"] == 3 and fatal == ["doomed"] and runs["doomed"] == 5 and stuck == []
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "event=task_crashed task=flaky" in text and "event=task_fatal task=doomed" in text


def test_a_task_that_cannot_go_on_is_fatal_at_once_in_one_line(caplog):
    from bear.supervisor import TaskFailed

    async def main():
        fatal, runs = [], []
        sup = Supervisor(fatal.append, backoff_s=0.01)

        async def hopeless():
            runs.append(1)
            raise TaskFailed("empty.wav: contains no audio samples")

        await sup.spawn("capture", hopeless)
        return fatal, runs

    with caplog.at_level("INFO", logger="bear"):
        fatal, runs = arun(main())
    assert fatal == ["capture"] and runs == [1]
    [record] = [r for r in caplog.records if r.name == "bear.supervisor"]
    assert record.getMessage() == "event=task_fatal task=capture error='empty.wav: contains no audio samples'"
    assert record.exc_info is None


def test_bear_run_on_a_recording_without_audio_says_so_and_exits_1(tmp_path, child_env):
    empty = tmp_path / "empty.wav"
    with open(empty, "wb") as f:  # the header of a 16 kHz mono WAV, and no samples
        import wave

        with wave.open(f, "wb") as w:
            w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
    cfg = write_config(tmp_path, "[gpio]\nbackend = \"mock\"\n")
    t0 = time.monotonic()
    proc = subprocess.run(BEAR + ["run", "--config", str(cfg), "--wav", str(empty), "--for", "60"],
                          env=child_env, capture_output=True, text=True, timeout=90)
    took = time.monotonic() - t0
    assert proc.returncode == 1, proc.stderr[-2000:]
    fatal = [line for line in proc.stderr.splitlines() if "empty.wav" in line and line.startswith(("<2>", "<3>"))]
    assert fatal == [f"<2>bear.supervisor: event=task_fatal task=capture error='{empty}: contains no audio samples'"]
    assert "capture_device_error" not in proc.stderr and "Traceback" not in proc.stderr
    assert took < 50  # it stopped by itself, not at --for


def test_a_task_that_fails_while_being_stopped_is_not_restarted(caplog):
    """Shutdown cancels a task whose clean-up then raises (its `finally` writes to a store that
    refuses, say): that is logged, but the task stays stopped, and the shutdown does not wait for
    a restarted copy of it. It used to be restarted mid-shutdown and outlive the time limit."""
    async def main():
        sup = Supervisor(lambda name: None, backoff_s=0.01)
        runs = []

        async def records_on_the_way_out():
            runs.append(1)
            try:
                await asyncio.sleep(3600)
            finally:
                if len(runs) == 1:  # (a restarted copy stops quietly, so the old behaviour fails, not hangs)
                    raise RuntimeError("the store is gone")

        sup.spawn("conversation", records_on_the_way_out)
        await asyncio.sleep(0.05)
        stuck = await sup.shutdown(1.0)
        await asyncio.sleep(0.1)  # a restart (after backoff_s) would show up now
        return runs, stuck, sup.tasks["conversation"]

    with caplog.at_level("INFO", logger="bear"):
        runs, stuck, task = arun(main(), timeout=10)
    assert runs == [1] and stuck == [] and task.cancelled()
    assert "event=task_crashed task=conversation" in caplog.text and "event=task_restarted" not in caplog.text


async def _create_and_run(cfg):
    return await (await Daemon.create(cfg, notifier=Notifier(env={}))).run()


def test_capture_end_stops_the_daemon(tmp_path, jfk_wav):
    cfg = parse_config(write_config(tmp_path, f"""
[gpio]
backend = "mock"

[audio.input]
backend = "wav"
wav_path = "{jfk_wav}"
realtime = false
at_end = "stop"
""").read_text(), env={})
    assert arun(_create_and_run(cfg), timeout=20) == 0


def test_store_failure_at_start_exits_non_zero(tmp_path, child_env, jfk_wav):
    cfg = write_config(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bear.db").mkdir()  # a directory where the database should be
    proc = subprocess.run(BEAR + ["run", "--config", str(cfg), "--wav", str(jfk_wav), "--for", "2"],
                          env=child_env, capture_output=True, text=True, timeout=30)
    assert proc.returncode not in (0, 78)
    assert "bear.db" in proc.stderr


def test_bear_status_reads_the_running_daemon(tmp_path, child_env, jfk_wav):
    """`bear status` (table and --json) over the unix socket in runtime_dir; exit 3 when stopped."""
    import json as _json

    cfg = write_config(tmp_path, "[logging]\nstatus_interval_s = 0.0\n")
    stopped = subprocess.run(BEAR + ["status", "--config", str(cfg)], env=child_env, capture_output=True,
                             text=True, timeout=30)
    assert stopped.returncode == 3 and "not running" in stopped.stderr
    daemon = subprocess.Popen(BEAR + ["run", "--config", str(cfg), "--wav", str(jfk_wav), "--for", "20"],
                              env=child_env, stderr=subprocess.PIPE, text=True)
    sock = tmp_path / "run" / "status.sock"
    try:
        for _ in range(200):
            if sock.exists():
                break
            time.sleep(0.05)
        time.sleep(1.5)  # hearing models loading
        proc = subprocess.run(BEAR + ["status", "--config", str(cfg), "--json"], env=child_env,
                              capture_output=True, text=True, timeout=30)
        table = subprocess.run(BEAR + ["status", "--config", str(cfg)], env=child_env, capture_output=True,
                               text=True, timeout=30)
        mode = oct(sock.stat().st_mode & 0o777)
    finally:
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(15)
    assert proc.returncode == 0, proc.stderr
    doc = _json.loads(proc.stdout)
    for key in ("state", "uptime_s", "models", "memory", "last_turn_at", "audio_in", "audio_out", "errors", "sync"):
        assert key in doc, key
    assert doc["state"] == "listening" and doc["audio_in"].startswith("wav (") and doc["audio_out"] == "wav"
    assert doc["memory"]["bear_rss_mb"] > 10 and doc["sync"]["configured"] is False
    assert {m["name"] for m in doc["models"]} >= {"silero-vad"}
    assert table.returncode == 0 and table.stdout.splitlines()[0].startswith("state")
    assert not sock.exists() and mode == "0o660"  # group-readable while running, removed at shutdown


def test_bear_status_after_a_killed_bear_says_it_is_not_running(tmp_path, capsys):
    """A bear killed with SIGKILL leaves its socket file behind: nothing answers on it."""
    import socket
    from dataclasses import replace

    from bear import statusd
    from bear.config import Config

    cfg = Config()
    cfg = replace(cfg, paths=replace(cfg.paths, runtime_dir=tmp_path))
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(tmp_path / statusd.SOCKET_NAME))
    stale.close()  # the file stays, as after kill -9
    assert statusd.main(cfg, as_json=False) == 3
    assert "the bear is not running (nothing answers on" in capsys.readouterr().err


def test_a_second_bear_on_the_same_config_stops_at_once(tmp_path, child_env, jfk_wav):
    """It used to unlink the first one's sockets and share its database."""
    cfg = write_config(tmp_path, '[gpio]\nbackend = "mock"\n')
    first = subprocess.Popen(BEAR + ["run", "--config", str(cfg), "--wav", str(jfk_wav), "--for", "30"],
                             env=child_env, stderr=subprocess.PIPE, text=True)
    try:
        for line in first.stderr:
            if "event=status_socket" in line and "status.sock" in line:
                break
        second = subprocess.run(BEAR + ["run", "--config", str(cfg), "--wav", str(jfk_wav), "--for", "5"],
                                env=child_env, capture_output=True, text=True, timeout=30)
        assert second.returncode == 1
        assert "event=already_running" in second.stderr and f"pid {first.pid}" in second.stderr
        status = subprocess.run(BEAR + ["status", "--json", "--config", str(cfg)], env=child_env,
                                capture_output=True, text=True, timeout=30)
        assert status.returncode == 0, status.stderr  # the first bear's socket is still its own
    finally:
        first.terminate()
        first.communicate(timeout=30)
    assert first.returncode == 0


def test_an_unwritable_runtime_dir_leaves_the_bear_running_without_its_sockets(tmp_path, child_env, jfk_wav):
    """The status and control tasks crashed five times and the bear exited."""
    run_dir = tmp_path / "run"
    run_dir.write_text("a file where the folder should be")
    cfg = write_config(tmp_path, '[gpio]\nbackend = "mock"\n')
    proc = subprocess.run(BEAR + ["run", "--config", str(cfg), "--wav", str(jfk_wav), "--for", "4"], env=child_env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("event=status_unavailable") == 2  # status and control, once each
    assert "event=task_crashed" not in proc.stderr and "event=ready" in proc.stderr


@pytest.mark.slow
def test_stopping_while_the_voice_loads_never_crashes_the_process(tmp_path, child_env, jfk_wav):
    """SIGTERM while the warm-up loads the voice (and the understanding model): it ended in
    'terminate called without an active exception' or std::bad_alloc (exit 134/139) in 4 of 29
    stops. Now the stop is bounded and the process exits cleanly."""
    import signal as sig
    import time as _time

    cfg = write_config(tmp_path, '[gpio]\nbackend = "mock"\n')
    for attempt in range(4):
        proc = subprocess.Popen(BEAR + ["run", "--config", str(cfg), "--wav", str(jfk_wav), "--for", "60"],
                                env=child_env, stderr=subprocess.PIPE, text=True)
        lines = []
        for line in proc.stderr:
            lines.append(line)
            if "event=hearing_ready" in line:  # the warm-up starts now: the voice is loading
                _time.sleep(0.05 * attempt)
                t0 = _time.monotonic()
                proc.send_signal(sig.SIGTERM)
                break
        _, rest = proc.communicate(timeout=30)
        stopped_in = _time.monotonic() - t0
        err = "".join(lines) + rest
        assert proc.returncode == 0, (attempt, proc.returncode, err[-2000:])
        assert "terminate called" not in err and "bad_alloc" not in err and "Traceback" not in err, err[-2000:]
        assert stopped_in < 10, stopped_in
