"""Shared test helpers: where models and recordings are, and running coroutines under a timeout."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("BEAR_SHARED", ROOT.parent / "shared"))
MIRROR = SHARED / "models"
SPEECH = SHARED / "speech"
MODEL_DIR = Path(os.environ.get("BEAR_TEST_MODEL_DIR", ROOT / "var" / "models"))
BEAR = [sys.executable, "-m", "bear"]


def arun(coro, timeout: float = 10.0):
    """Run a coroutine to completion, failing the test if it takes longer than `timeout` s."""
    return asyncio.run(asyncio.wait_for(coro, timeout))


def require_model(name: str) -> Path:
    """The installed model's folder, or skip naming what is missing and how to install it."""
    folder = MODEL_DIR / name
    if not folder.is_dir():
        pytest.skip(f"model {name} is not installed in {MODEL_DIR} (run: scripts/dev.sh setup)")
    return folder


def require_file(path: Path) -> Path:
    if not path.is_file():
        pytest.skip(f"test data missing: {path} (expected ../shared beside the clone)")
    return path


@pytest.fixture
def jfk_wav() -> Path:
    return require_file(SPEECH / "misc" / "jfk.wav")


@pytest.fixture
def child_env(tmp_path):
    """Environment for a `bear` subprocess that touches nothing outside tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BEAR_", "NOTIFY_", "WATCHDOG_"))}
    env["BEAR_MODEL_DIR"] = str(MODEL_DIR)
    env["PYTHONPATH"] = str(ROOT)
    return env


def write_config(tmp_path: Path, extra: str = "") -> Path:
    """A config that keeps data, runtime files and replies inside tmp_path."""
    path = tmp_path / "bear.toml"
    path.write_text(f"""
[paths]
data_dir = "{tmp_path / 'data'}"
runtime_dir = "{tmp_path / 'run'}"
model_dir = "{MODEL_DIR}"

[audio.output]
backend = "wav"
wav_dir = "{tmp_path / 'replies'}"
{extra}
""")
    return path
