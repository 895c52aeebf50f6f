"""Registers a voice engine, speaks a reply, unloads it, twice, in a fresh process; prints the
figures as JSON (run by test_voice_engines.py: nothing else in the process allocates meanwhile).

    python tests/voice_probe.py ENGINE MODEL_DIR
"""

import asyncio
import json
import sys
from pathlib import Path

from bear.config import SpeechConfig
from bear.models.manifest import load_manifest
from bear.models.registry import ModelRegistry
from bear.resources import process_rss, tune_malloc
from bear.speech.tts import Speaker
from bear.speech.voice import register_voice

ROOT = Path(__file__).resolve().parent.parent
REPLY = "Why did the teddy bear say no to dessert? Because she was already stuffed!"
HEAVY = ("hibari", "piper", "onnxruntime")


async def main(engine: str, model_dir: str) -> dict:
    tune_malloc()  # as the daemon does
    reg = ModelRegistry(load_manifest(ROOT / "models" / "manifest.toml"), Path(model_dir))
    name = register_voice(reg, SpeechConfig(engine=engine))
    out = {"name": name, "registered_imports": [m for m in HEAVY if m in sys.modules],
           "registered_loaded": reg.slot(name).loaded, "cycles": []}
    speaker = Speaker(reg, name)
    [_ async for _ in speaker.sentences("Warm up.")]  # onnxruntime's one-time state
    await reg.unload(name)
    out["baseline"] = process_rss()
    for _ in range(2):
        chunks = [c async for c in speaker.sentences(REPLY)]
        cost = reg.slot(name).rss_cost
        loaded = process_rss()
        freed = await reg.unload(name)
        out["cycles"].append({"cost": cost, "loaded": loaded, "freed": freed, "after": process_rss(),
                              "still_loaded": reg.slot(name).loaded, "rate": speaker.rate,
                              "seconds": sum(len(c) for c in chunks) / speaker.rate,
                              "peak": max(float(abs(c).max()) for c in chunks)})
    reg.close()
    return out


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1], sys.argv[2]))))
