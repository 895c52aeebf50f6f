"""hibari's part-of-speech tagger with its weights packed: the same tags in a fraction of the memory.

hibari's text-to-phoneme step tags each word (so "read" and "live" get the right reading) with an
averaged perceptron whose weights (`assets/tagger.json.gz`: ~80,000 features, each a small dict of tag
-> weight) take ~60 MB as Python dicts and floats, the largest part of the voice's memory on a
Raspberry Pi; parsing them in the daemon leaves that memory behind even once they are packed (the
freed small objects stay scattered in the interpreter's arenas). So a short-lived child process parses
the file and packs each feature's weights into (tag index, float64 weight) pairs, in the file's order,
in one block with the features' names and CRC-32s (sorted); the daemon keeps only those blocks and
unpacks the weights of one feature when a word needs it. The sums are the same floats added in the same
order, so the tags are exactly hibari's own (checked by the tests against hibari's `Tagger`). Without
a child process (it cannot start, or fails) the file is packed in the daemon itself.

Relies on hibari 0.2.1's `Tagger` (attributes `tagdict`, `tags`, `vocab`, `weights`; `weights.get`) and
`G2P` (attributes `lexicon`, `tokenizer`, `tagger`, `_oov`, `unk`, `british`).
"""

from __future__ import annotations

import logging
import struct
import zlib
from pathlib import Path

log = logging.getLogger(__name__)

_PAIR = struct.Struct("<Bd")
CHILD_TIMEOUT_S = 60.0


class PackedWeights:
    """feature -> {tag: weight} (only `.get` is used), from flat blocks: the features' CRC-32s (sorted),
    their names and their packed (tag index, weight) pairs."""

    def __init__(self, parts: dict):
        import numpy as np

        self._crcs = np.frombuffer(parts["crcs"], np.uint32)
        self._key_at = np.frombuffer(parts["key_at"], np.int64)
        self._value_at = np.frombuffer(parts["value_at"], np.int64)
        self._keys, self._values, self._tags = parts["keys"], parts["values"], parts["tags"]

    def __len__(self) -> int:
        return len(self._crcs)

    def get(self, feature: str, default=None):
        """The weights of `feature` ({tag: weight}, in the file's order), or `default`."""
        name = feature.encode("utf-8")
        crc = zlib.crc32(name)
        i = int(self._crcs.searchsorted(crc))
        while i < len(self._crcs) and self._crcs[i] == crc:
            if self._keys[self._key_at[i]:self._key_at[i + 1]] == name:
                data = self._values[self._value_at[i]:self._value_at[i + 1]]
                tags = self._tags
                return {tags[t]: w for t, w in _PAIR.iter_unpack(data)}
            i += 1
        return default


def pack(path: Path) -> dict:
    """hibari's tagger model at `path` packed: `tags`, `tagdict`, `vocab` as they are, the weights as
    `crcs`, `key_at`, `keys`, `value_at`, `values` (bytes)."""
    import gzip
    import json
    from array import array

    tags: list[str] = []
    index: dict[str, int] = {}

    def hook(pairs: list[tuple[str, object]]):
        if pairs and all(isinstance(v, float | int) and not isinstance(v, bool) for _, v in pairs):
            out = bytearray()  # one feature's weights: (tag index, weight) pairs, in the file's order
            for tag, weight in pairs:
                i = index.get(tag)
                if i is None:
                    i = index[tag] = len(tags)
                    tags.append(tag)
                out += _PAIR.pack(i, float(weight))  # type: ignore[arg-type]  # a number, checked above
            return bytes(out)
        return dict(pairs)

    with gzip.open(path, "rt", encoding="utf-8") as f:
        model = json.load(f, object_pairs_hook=hook)
    weights = model.get("weights")
    if not isinstance(weights, dict) or not all(isinstance(v, bytes) for v in weights.values()) or len(tags) > 255:
        raise ValueError(f"{path}: not a tagger model this packing knows")
    table = sorted(((zlib.crc32(k.encode("utf-8")), k.encode("utf-8"), v) for k, v in weights.items()),
                   key=lambda row: row[0])
    key_at, value_at = array("q", [0]), array("q", [0])
    for _, k, v in table:
        key_at.append(key_at[-1] + len(k))
        value_at.append(value_at[-1] + len(v))
    return {"tags": tags, "tagdict": model["tagdict"], "vocab": model.get("vocab"),
            "crcs": array("I", [row[0] for row in table]).tobytes(), "key_at": key_at.tobytes(),
            "keys": b"".join(row[1] for row in table), "value_at": value_at.tobytes(),
            "values": b"".join(row[2] for row in table)}


def packed_in_child(path: Path) -> dict:
    """`pack(path)` run in a short-lived child process (its parsing memory goes with it); in this
    process when the child cannot do it."""
    import pickle
    import subprocess
    import sys

    code = ("import pickle, sys; from bear.speech.hibari_tagger import pack; "
            "sys.stdout.buffer.write(pickle.dumps(pack(sys.argv[1]), protocol=5))")
    try:
        done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                              timeout=CHILD_TIMEOUT_S, check=True)
        parts = pickle.loads(done.stdout)  # our own child's output
        if isinstance(parts, dict) and {"tags", "tagdict", "crcs", "keys", "values"} <= parts.keys():
            return parts
        raise ValueError("unexpected output")
    except (OSError, subprocess.SubprocessError, pickle.UnpicklingError, ValueError, EOFError) as exc:
        log.warning("event=tagger_packed_here reason=%r", str(exc)[:200])
        return pack(path)


def packed_tagger(path: Path, *, child: bool = True):
    """hibari's `Tagger` on the packed weights of `path`."""
    from hibari.g2p.tagger import Tagger

    parts = packed_in_child(path) if child else pack(path)
    model = {"tags": parts["tags"], "tagdict": parts["tagdict"], "weights": PackedWeights(parts)}
    if parts.get("vocab") is not None:
        model["vocab"] = parts["vocab"]
    return Tagger(model)


def g2p(assets: Path, oov, *, child: bool = True):
    """hibari's US-English `G2P` (as `G2P(oov=oov)` builds it) with the packed tagger read from `assets`
    (the voice's verified folder)."""
    from hibari.g2p import G2P, _load_json
    from hibari.g2p.lexicon import Lexicon
    from hibari.g2p.tokenize import Tokenizer

    g = G2P.__new__(G2P)  # G2P.__init__ would build the dict tagger: the same attributes, packed
    g.tagger = packed_tagger(Path(assets) / "tagger.json.gz", child=child)
    g.lexicon = Lexicon(_load_json("lexicon_us_gold.json.gz"), _load_json("lexicon_us_silver.json.gz"), False)
    g.tokenizer = Tokenizer(_load_json("tokenizer_exceptions.json"))
    g._oov, g.unk, g.british = oov, "", False
    return g
