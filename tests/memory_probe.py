"""Loads and unloads Silero VAD through the registry in a fresh process; prints the figures as JSON.

Run by test_registry.py in its own process so that nothing else in the test run allocates or
frees memory while it measures.
"""

import asyncio
import json
import sys
from pathlib import Path

import numpy as np

from bear.models.manifest import load_manifest
from bear.models.onnx import onnx_session
from bear.models.registry import ModelRegistry
from bear.resources import process_rss

ROOT = Path(__file__).resolve().parent.parent


def infer(session, audio):
    from bear.hearing.vad import SileroState

    return SileroState().probabilities(session, audio)


async def main(model_dir: str) -> dict:
    reg = ModelRegistry(load_manifest(ROOT / "models" / "manifest.toml"), Path(model_dir))
    reg.register("silero-vad", lambda folder: onnx_session(folder / "silero_vad.onnx"))
    speech = (np.random.default_rng(0).standard_normal(16000) * 3000).astype(np.int16)
    await reg.run("silero-vad", infer, speech)  # warm-up: onnxruntime's one-time state
    await reg.unload("silero-vad")
    out = {"baseline": process_rss(), "cycles": []}
    for _ in range(3):
        await reg.run("silero-vad", infer, speech)
        loaded = process_rss()
        cost = reg.slot("silero-vad").rss_cost
        freed = await reg.unload("silero-vad")
        out["cycles"].append({"cost": cost, "freed": freed, "loaded": loaded, "after": process_rss(),
                              "still_loaded": reg.slot("silero-vad").loaded})
    out["loads"] = reg.slot("silero-vad").loads
    reg.close()
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))
