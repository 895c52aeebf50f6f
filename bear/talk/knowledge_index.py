"""The knowledge base's search index, built offline (`scripts/build_knowledge_index.py`) into one
packed file next to the TOML it is built from (`content/knowledge/index.bin`) and memory-mapped
at run time: no TOML parsing, no n-gram hashing of ~5,000 phrasings, no dicts of features.

The file (little-endian, every array 8-byte aligned):

- `BEARKB02`, then a header of six uint64: number of features, postings, phrasings, entries,
  the length of the JSON part, and the float64 IDF of a feature no phrasing has;
- `features` uint32 (sorted hashed n-gram buckets that occur in some phrasing), `idf` float32 and
  `starts` uint32 (n+1: each feature's slice of the postings);
- the inverted index's postings: `rows` uint16/uint32 (phrasing) and `weights` float32 (its
  IDF-weighted, L2-normalised term weight);
- `entry_start` uint32 (entries+1: each entry's first phrasing; phrasings are stored by entry);
- JSON: `fingerprint` (sha256 of the TOML files and the spoken-form tables it was built from)
  and every entry's id, the canonical spoken forms of its questions, answer, source and subject.
  It is read with a plain read, not through the map, and dropped once the entries are made: only the
  arrays stay mapped (content RSS, #15).

`tests/test_knowledge.py` fails when the committed file is not what the TOML builds; at run time
a file whose fingerprint does not match (or a missing or corrupt one) is rebuilt in memory
(`event=knowledge_index_rebuilt`), so the bear answers either way.
"""

from __future__ import annotations

import hashlib
import json
import math
import struct
from collections.abc import Callable, Sequence
from typing import Any
from importlib import resources

MAGIC = b"BEARKB03"
HEADER = struct.Struct("<8sQQQQQd")
FILE = "index.bin"


def folder():
    """The folder of the knowledge TOML files and the index (a Traversable)."""
    return resources.files("bear.talk").joinpath("content/knowledge")


def fingerprint() -> str:
    """sha256 of what the index is built from: every knowledge TOML file and the spoken-form tables."""
    h = hashlib.sha256()
    for item in sorted(folder().iterdir(), key=lambda p: p.name):
        if item.name.endswith(".toml"):
            h.update(item.name.encode() + b"\0" + item.read_bytes() + b"\0")
    h.update(resources.files("bear.talk").joinpath("content/spoken.toml").read_bytes())
    return h.hexdigest()


def _pad(n: int) -> bytes:
    return b"\0" * (-n % 8)


def build(entries: Sequence, spoken: Callable[[str], str], tf: Callable[[str], dict[int, float]],
          finger: str = "", counted: Callable[[Any], bool] | None = None) -> bytes:
    """The packed index of `entries` (objects with id, questions, answer, source, subject);
    `spoken` makes a phrasing canonical, `tf` its term frequencies; only the phrasings of entries
    `counted` says yes to (default: all) count in the IDF. Deterministic."""
    import numpy as np

    docs: list[dict[int, float]] = []
    forms: list[list[str]] = []
    entry_start = [0]
    counts: list[bool] = []
    for e in entries:
        forms.append([spoken(q) for q in e.questions])
        docs += [tf(f) for f in forms[-1]]
        counts += [counted is None or counted(e)] * len(forms[-1])
        entry_start.append(len(docs))
    df: dict[int, int] = {}  # phrasings with the feature (its postings)
    rare: dict[int, int] = {}  # ... of those counted in the IDF
    for d, c in zip(docs, counts):
        for i in d:
            df[i] = df.get(i, 0) + 1
            rare[i] = rare.get(i, 0) + c
    n, n_counted = len(docs), sum(counts)
    idf = {i: math.log((1 + n_counted) / (1 + c)) + 1 for i, c in rare.items()}
    postings: list[tuple[int, int, float]] = []
    for row, d in enumerate(docs):
        vec = {i: v * idf[i] for i, v in d.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        postings += [(i, row, v / norm) for i, v in vec.items()]
    postings.sort()
    features = sorted(df)
    starts, k = [], 0
    for f in features:
        starts.append(k)
        k += df[f]
    starts.append(k)
    row_type = np.uint16 if n < 1 << 16 else np.uint32
    records = [{"id": e.id, "spoken": f, "answer": e.answer, "source": e.source, "subject": e.subject}
               | ({"deeper": e.deeper} if e.deeper else {}) for e, f in zip(entries, forms)]
    meta = json.dumps({"fingerprint": finger, "row_type": np.dtype(row_type).str, "entries": records},
                      ensure_ascii=False, sort_keys=True).encode()
    parts = [HEADER.pack(MAGIC, len(features), len(postings), n, len(entries), len(meta), math.log(1 + n_counted) + 1)]
    rows = np.asarray([r for _, r, _ in postings], np.dtype(row_type).newbyteorder("<"))
    for arr in (np.asarray(features, "<u4"), np.asarray([idf[f] for f in features], "<f4"), np.asarray(starts, "<u4"),
                rows, np.asarray([w for _, _, w in postings], "<f4"), np.asarray(entry_start, "<u4")):
        raw = arr.tobytes()
        parts += [raw, _pad(len(raw))]
    parts.append(meta)
    return b"".join(parts)


class Index:
    """A packed index as numpy views of its bytes (an mmap or bytes). `records` are its entries as
    dicts (id, spoken, answer, source, subject): the reader makes its entries from them and drops them."""

    def __init__(self, data, meta_bytes: bytes | None = None):
        import numpy as np

        magic, nf, npost, nrows, nentries, nmeta, self.default_idf = HEADER.unpack_from(data, 0)
        if magic != MAGIC:
            raise ValueError("not a knowledge index")
        off = HEADER.size
        if meta_bytes is None:
            meta_bytes = bytes(memoryview(data)[len(data) - nmeta:])
        if len(meta_bytes) != nmeta:
            raise ValueError("knowledge index truncated or corrupt")
        meta = json.loads(meta_bytes)
        self.fingerprint: str = meta["fingerprint"]
        self.records: list[dict] = meta["entries"]

        def take(dtype, count):
            nonlocal off
            arr = np.frombuffer(data, dtype=np.dtype(dtype).newbyteorder("<"), count=count, offset=off)
            off += arr.nbytes + (-arr.nbytes % 8)
            return arr

        self.features = take(np.uint32, nf)
        self.idf = take(np.float32, nf)
        self.starts = take(np.uint32, nf + 1)
        self.rows = take(meta["row_type"], npost)
        self.weights = take(np.float32, npost)
        self.entry_start = take(np.uint32, nentries + 1)
        if off + nmeta != len(data) or self.entry_start[-1] != nrows or len(self.records) != nentries:
            raise ValueError("knowledge index truncated or corrupt")
        self.n_rows = nrows
        self._data = data  # keeps the mmap open as long as the views live


def load_file() -> Index | None:
    """The committed index, memory-mapped (its JSON part read apart, so that its pages are not
    mapped); None when it is missing, corrupt or stale."""
    import logging
    import mmap

    log = logging.getLogger(__name__)
    try:
        with resources.as_file(folder().joinpath(FILE)) as path, open(path, "rb") as f:
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            nmeta = HEADER.unpack_from(data, 0)[5]
            f.seek(max(0, len(data) - nmeta))
            index = Index(data, f.read(nmeta))
    except (OSError, ValueError, KeyError, TypeError, struct.error) as exc:
        log.warning("event=knowledge_index_rebuilt reason=%r", str(exc))
        return None
    if index.fingerprint != fingerprint():
        log.warning("event=knowledge_index_rebuilt reason='stale: run scripts/build_knowledge_index.py'")
        return None
    return index
