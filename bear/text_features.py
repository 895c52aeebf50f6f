"""Text features for the bear's text classifiers (emotion, understanding): hashed word and
character n-grams (standard library only).

The same function makes the features when a model is trained (`scripts/train_emotion.py`,
`scripts/train_understanding.py`) and when it runs on the bear, so they cannot drift apart. Each
n-gram is hashed with CRC-32 (stable across processes and machines, unlike `hash()`) into one of
`dim` buckets; the model itself (ONNX) weights the counts by IDF, normalises them and applies the
classifier.
"""

from __future__ import annotations

import math
import re
import zlib

DIM = 1 << 18
MAX_CHARS = 2000  # longer input is cut: an utterance is never this long
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[!?]")


def tokens(text: str) -> list[str]:
    """The lower-cased word tokens of a text (cut at MAX_CHARS)."""
    text = text[:MAX_CHARS].lower().replace("’", "'").replace("[name]", " someone ")
    return _TOKEN.findall(text)


def featurize(text: str, dim: int = DIM) -> tuple[list[int], list[float]]:
    """(bucket indices, sublinear term frequencies) for one text; sorted by index, no repeats."""
    words = tokens(text)
    counts: dict[int, int] = {}

    def add(i: int) -> None:
        counts[i] = counts.get(i, 0) + 1

    def bucket(kind: str, gram: str) -> int:
        return zlib.crc32(f"{kind}\x00{gram}".encode()) % dim

    for i, w in enumerate(words):
        add(bucket("w", w))
        if i:
            add(bucket("b", words[i - 1] + " " + w))
        padded = f" {w} "
        for n in (3, 4, 5):
            for j in range(len(padded) - n + 1):
                add(bucket("c", padded[j:j + n]))
    idx = sorted(counts)
    return idx, [1.0 + math.log(counts[i]) for i in idx]
