"""The PocketSphinx child process never outlives the bear, and leaves without a word."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from conftest import ROOT

# A bear (its own process) with a PocketSphinx child; prints the child's pid, then
# "ready" and "decoding" as it gets there.
BEAR_WITH_CHILD = r"""
import subprocess, sys, time
import numpy as np
from bear.hearing import sphinx_process
when = sys.argv[1]
popen = subprocess.Popen
def spawn(*args, **kwargs):
    proc = popen(*args, **kwargs)
    print(proc.pid, flush=True)  # before the child has loaded its model
    return proc
sphinx_process.subprocess.Popen = spawn
child = sphinx_process.SphinxProcess()
print("ready", flush=True)
if when == "decoding":
    noise = np.random.default_rng(0).normal(0, 3000, 16000 * 60).astype(np.int16)
    print("decoding", flush=True)
    child.recognizer.transcribe_whole(noise)  # about a minute of decoding, the GIL held throughout
time.sleep(60)
"""


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")  # a zombie has ended
    except OSError:
        return False


@pytest.mark.parametrize("when", ["loading", "ready", "decoding"])
def test_the_decoder_process_ends_with_the_bear_at_once_and_quietly(when):
    bear = subprocess.Popen([sys.executable, "-c", BEAR_WITH_CHILD, when], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        child = int(bear.stdout.readline())
        if when != "loading":
            while bear.stdout.readline().strip() != when:
                pass
            if when == "decoding":
                time.sleep(0.5)  # well into the decode
        bear.send_signal(signal.SIGKILL)
        bear.wait(10)
        t0 = time.monotonic()
        while _running(child) and time.monotonic() - t0 < 10:
            time.sleep(0.005)
        lived = time.monotonic() - t0
        err = bear.stderr.read()  # the child shares it: this returns once the child has gone
    finally:
        bear.kill()
    print(f"{when}: the child lived {lived * 1000:.0f} ms after the bear")
    assert not _running(child)
    assert lived < 3.0  # generous: the kernel ends it at once; before, it finished its decode first
    assert "Traceback" not in err and "Error" not in err, err[-2000:]
