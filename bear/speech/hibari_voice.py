"""hibari-tts behind the `Voice` protocol: a 7.9 MB Kokoro-distilled English voice, 24 kHz.

The voice ("heart") and its text-to-phoneme data ship inside the PyPI package hibari-tts, pinned
in pyproject.toml; the manifest entry `hibari-heart` lists every file the voice reads with its
sha256, and the registry checks them in place before loading, so a corrupt or replaced file is
refused like any other model. Nothing is downloaded: only the bundled voice is used (hibari's
other voices are fetched from the internet on first use, which the bear never does), and the
model is always loaded from the verified folder.

Relies on hibari 0.2.1's `Hibari` internals (attributes `voice`, `model_path`, `sess`, `vocab`,
`_g2p`) to load the model on the bear's own onnxruntime session (no memory arena, one thread).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HIBARI_THREADS = 1  # measured: a second thread gains little (the signal processing is numpy, one thread)
SEED = 0  # the noise component is seeded per piece: the same text always sounds the same
WARM_UP = "Hi there."
# hibari speaks about 8 dB below Piper's joe medium: this gain matches their active-speech loudness
# (RMS of ~20 ms frames within 30 dB of the loudest, on the songs in content/songs.toml: 0.057 vs
# 0.140), so switching engines keeps the loudness at the same audio.output.volume. Peaks stay < 1.
GAIN = 2.4


class HibariVoice:
    """hibari's bundled voice loaded from `folder` (the installed package's verified folder)."""

    def __init__(self, folder: Path, threads: int = HIBARI_THREADS):
        from hibari import SAMPLE_RATE, Hibari
        from hibari.g2p.oov import OOV

        from bear.models.onnx import onnx_session
        from bear.speech.hibari_tagger import g2p

        assets = Path(folder) / "assets"

        class _Hibari(Hibari):
            def __init__(self, model: Path, session, vocab: dict, g2p):  # noqa: D401 - see module docstring
                self.voice, self.model_path, self.sess, self.vocab, self._g2p = "heart", str(model), session, vocab, g2p

        # hibari loads its text-to-phoneme data (lexicon, tagger) from its own package folder, which
        # is the folder the registry verified; the two networks come from `folder` explicitly.
        oov = OOV(str(assets / "oov.onnx"), session=onnx_session(assets / "oov.onnx"))
        vocab = json.loads((assets / "vocab.json").read_text(encoding="utf-8"))
        self._tts: Any = _Hibari(assets / "hibari.onnx",  # None once closed
                            onnx_session(assets / "hibari.onnx", threads=threads, mem_pattern=False),
                            vocab, g2p(assets, oov))  # its tagger packed: ~40 MB less
        self.sample_rate: int = SAMPLE_RATE
        self.synthesize(WARM_UP)  # the first run of a session is slow: pay it while loading

    def synthesize(self, text: str, length_scale: float | None = None):
        """One piece of text -> float32 mono samples at 24 kHz (`length_scale` 2 = half speed)."""
        import numpy as np

        tts = self._tts
        speed = 1.0 / length_scale if length_scale else 1.0
        rng = np.random.default_rng(SEED)
        parts = [tts.from_ids(tts.ids(ps), speed, rng) for ps in tts.phonemize(text)]
        if not parts:
            return np.zeros(0, np.float32)
        audio = np.concatenate(parts).astype(np.float32, copy=False)
        audio *= GAIN
        return np.clip(audio, -1.0, 1.0, out=audio)

    def close(self) -> None:
        """Let go of the engine (the registry calls it on unload)."""
        self._tts = None


def load_hibari(folder: Path) -> HibariVoice:
    """Registry loader for `hibari-heart` (runs on the voice's engine thread)."""
    return HibariVoice(folder)
