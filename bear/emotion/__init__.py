"""Text emotion: a small int8 ONNX classifier (GoEmotions, Ekman's 6 emotions + neutral).

Opt-in (`emotion.enabled`); when off nothing is computed or stored. Only the label is stored.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

MODEL = "emotion-goemotions"


@dataclass(frozen=True)
class Emotion:
    """A text's emotion: the top label and every label's score."""

    label: str
    scores: dict[str, float] = field(default_factory=dict)
    ms: float = 0.0  # inference time, on the engine thread


class EmotionModel:
    """The int8 ONNX emotion classifier (loaded by the registry, used on the "emotion" thread)."""

    def __init__(self, folder: Path):
        from bear.models.onnx import onnx_session

        self.session = onnx_session(Path(folder) / "emotion.onnx")
        meta = self.session.get_modelmeta().custom_metadata_map
        self.labels = meta["labels"].split(",")

    def classify(self, text: str) -> Emotion:
        """The emotion of one text (featurized with bear.text_features)."""
        import numpy as np

        from bear.text_features import featurize

        t0 = time.perf_counter()
        idx, tf = featurize(text)
        if not idx:
            return Emotion("neutral", {}, 0.0)
        scores = self.session.run(None, {"indices": np.asarray(idx, np.int64),
                                         "tf": np.asarray(tf, np.float32)})[0]
        best = int(np.argmax(scores))
        return Emotion(self.labels[best], {lab: round(float(s), 4) for lab, s in zip(self.labels, scores)},
                       (time.perf_counter() - t0) * 1000)


def register(registry) -> None:
    """Declare the emotion model in the registry (nothing loads yet)."""
    registry.register(MODEL, EmotionModel, thread="emotion")


async def classify(registry, text: str) -> Emotion:
    """The emotion of `text`, on the emotion model's thread (loads it lazily)."""
    return await registry.run(MODEL, lambda m: m.classify(text))
