"""The `bear` command as a shell pipeline sees it."""

from __future__ import annotations

import asyncio
import subprocess
import threading

import pytest

from conftest import BEAR, write_config


def _closed_pipe(args, env):
    """Run `bear ARGS` with its output going to a reader that has already gone (`| head` done)."""
    proc = subprocess.Popen(BEAR + args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()  # before the command has written anything
    _, err = proc.communicate(timeout=60)
    return proc.returncode, err.decode()


@pytest.mark.parametrize("buffered", [False, True])
def test_bear_models_list_into_a_closed_pipe_ends_quietly_with_141(tmp_path, child_env, buffered):
    if buffered:  # as at a shell: the output waits in Python's buffer until exit
        child_env = {k: v for k, v in child_env.items() if k != "PYTHONUNBUFFERED"}
    code, err = _closed_pipe(["models", "list", "--config", str(write_config(tmp_path))], child_env)
    assert code == 141 and err == ""


def test_bear_status_into_a_closed_pipe_ends_quietly_with_141(tmp_path, child_env):
    from bear.statusd import SOCKET_NAME, StatusServer

    cfg = write_config(tmp_path)
    sock = tmp_path / "run" / SOCKET_NAME
    ready, stop = threading.Event(), None

    async def provider():
        return {"state": "listening", "uptime_s": 1.0}

    def serve():
        nonlocal stop
        loop = asyncio.new_event_loop()
        task = loop.create_task(StatusServer(sock, provider).run())
        stop = lambda: loop.call_soon_threadsafe(task.cancel)  # noqa: E731
        loop.call_soon(ready.set)
        try:
            loop.run_until_complete(task)
        except asyncio.CancelledError:
            pass
        loop.close()

    server = threading.Thread(target=serve, daemon=True)
    server.start()
    try:
        ready.wait(5)
        code, err = _closed_pipe(["status", "--config", str(cfg)], child_env)
    finally:
        stop()
        server.join(5)
    assert code == 141 and err == ""
