"""Vosk: the production speech-to-text engine (streaming KaldiRecognizer).

Decoder settings (max-active, beam) are tuned for a Pi by loading the model through a
temporary folder of links whose `conf/model.conf` carries the configured values; the
installed model itself stays untouched (and passes its checksums).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path

from bear.hearing.types import Transcript, Word

log = logging.getLogger(__name__)


def _tuned_copy(folder: Path, overrides: dict[str, str], parent: Path | None) -> Path:
    """A folder of symlinks to `folder` with `conf/model.conf` rewritten with `overrides`."""
    base = Path(tempfile.mkdtemp(prefix="bear-vosk-", dir=parent if parent and parent.is_dir() else None))
    for path in folder.rglob("*"):
        rel = path.relative_to(folder)
        if path.is_dir() or rel.as_posix() == "conf/model.conf":
            continue
        (base / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(path.resolve(), base / rel)
    conf = folder / "conf" / "model.conf"
    lines = conf.read_text().splitlines() if conf.is_file() else []
    kept = [ln for ln in lines if ln.split("=", 1)[0] not in overrides]
    (base / "conf").mkdir(parents=True, exist_ok=True)
    (base / "conf" / "model.conf").write_text("\n".join(kept + [f"{k}={v}" for k, v in overrides.items()]) + "\n")
    return base


class VoskRecognizer:
    """Vosk's streaming recognizer (optionally limited to a phrase list), as a `Recognizer`."""

    name = "vosk"

    def __init__(self, model, phrases: tuple[str, ...] = ()):
        self._model = model
        self.phrases = phrases
        self._rec = None

    def _new(self):
        from vosk import KaldiRecognizer

        if self.phrases:
            grammar = json.dumps(list(self.phrases) + ["[unk]"], ensure_ascii=False)
            rec = KaldiRecognizer(self._model, 16000, grammar)
        else:
            rec = KaldiRecognizer(self._model, 16000)
        rec.SetWords(True)
        return rec

    def start(self) -> None:
        """Begin an utterance (a recognizer is made on first use, then reset)."""
        if self._rec is None:
            self._rec = self._new()
        else:
            self._rec.Reset()
        self._done: list[dict] = []
        self._offset = 0.0

    def accept(self, samples) -> None:
        """Feed int16 samples; text Vosk closes at an inner endpoint is kept for the final transcript."""
        if self._rec.AcceptWaveform(samples.tobytes()):
            # Vosk found an endpoint inside the utterance: keep that part, go on decoding.
            self._done.append(json.loads(self._rec.Result()))

    def partial(self) -> str:
        """The text so far."""
        done = " ".join(r.get("text", "") for r in self._done)
        return " ".join((done + " " + json.loads(self._rec.PartialResult()).get("partial", "")).split())

    def final(self) -> Transcript:
        """Close the utterance: every part's words (without [unk]) in one transcript."""
        results = self._done + [json.loads(self._rec.FinalResult())]
        self._done = []
        words = tuple(Word(w["word"], float(w.get("conf", 1.0)), float(w["start"]), float(w["end"]))
                      for r in results for w in r.get("result", []) if w["word"] != "[unk]")
        text = " ".join(" ".join(r.get("text", "") for r in results).replace("[unk]", "").split())
        return Transcript(text, words, self.name)

    def reset(self) -> None:
        """Drop the open utterance."""
        if self._rec is not None:
            self._rec.Reset()
        self._done = []

    def close(self) -> None:
        """Let go of the recognizer."""
        self._rec = None


class VoskModel:
    """A loaded Vosk model plus this bear's recognizer for it (engine thread only)."""

    def __init__(self, folder: Path, stt_cfg, runtime_dir: Path | None = None):
        from vosk import Model, SetLogLevel

        SetLogLevel(-1)
        tuned = _tuned_copy(Path(folder), {"--max-active": str(stt_cfg.vosk_max_active),
                                           "--beam": str(stt_cfg.vosk_beam)}, runtime_dir)
        try:
            self.model = Model(str(tuned))
        finally:
            shutil.rmtree(tuned, ignore_errors=True)
        self.recognizer = VoskRecognizer(self.model, tuple(stt_cfg.phrases))

    def spotter(self, phrase: str) -> VoskRecognizer:
        """A recognizer that knows only `phrase` (and unknown words), for wake spotting."""
        return VoskRecognizer(self.model, (phrase,))

    def close(self) -> None:
        """Let go of the recognizer and the model (the registry calls it on unload)."""
        self.recognizer.close()
        self.recognizer = None
        self.model = None
