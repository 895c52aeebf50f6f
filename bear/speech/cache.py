"""The phrase cache: the bear's own voice saying its fixed lines, rendered ahead of time.

One compressed file per piece of speech (Ogg Vorbis via soundfile, ~56 kbit/s: ~14 kB for a
40-character piece) in `<data_dir>/phrase-cache/<voice id>/`, named by the piece's key (a hash of
the pace and the exact text: the text itself is not stored), the first 16 hex digits of the
file's sha256 (checked on every read: a damaged file is deleted and the piece synthesized) and,
for a piece that says the child's name, the marker `.n<tag>` (a short hash of the name:
`forget_personal()` deletes them all, or those of any other name). The
voice id is the voice's manifest name and a hash of its files' sha256, so a changed voice never
plays an old rendering. The total size is bounded (`speech.cache_mb`): the least recently used
pieces go first (a file's mtime is its last use).

Only `bear.speech.cache_builder` writes pieces (at install and while the bear is idle); the
`Speaker` asks `lookup()` for each piece (a dict look-up on the loop) and plays a hit with
`read()`, which decodes on the cache's own thread, the first quarter second alone so that it
plays while the rest is decoded.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Container
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

FOLDER = "phrase-cache"
STATS = "stats.json"
EXT = ".ogg"
FIRST_S = 0.25  # decoded alone: the piece starts playing after this much decoding


class CacheCorrupt(Exception):
    """A cached piece is missing or does not match its checksum."""


@dataclass(slots=True)
class Entry:
    """One cached piece: its key, the audio file's checksum, and the child's name it says (if any)."""

    key: str
    sha: str  # first 16 hex digits of the file's sha256
    size: int
    used: float  # last use (the file's mtime)
    name_tag: str = ""  # says the child's name: name_tag(name), else ""

    @property
    def filename(self) -> str:
        """The file the piece is stored in."""
        return f"{self.key}.{self.sha}{'.n' + self.name_tag if self.name_tag else ''}{EXT}"


def name_tag(name: str) -> str:
    """The marker of the pieces that say `name` (8 hex digits)."""
    return hashlib.sha256(f"bear-name\x1f{name}".encode()).hexdigest()[:8]


def voice_id(entry) -> str:
    """A voice's identity for the cache: manifest name + a hash of its files' sha256 (a manifest
    `ModelEntry`)."""
    digest = hashlib.sha256("".join(f.sha256 for f in entry.files).encode()).hexdigest()[:12]
    return f"{entry.name}-{digest}"


def piece_key(scale: float | None, text: str) -> str:
    """The key of one piece: its pace (None = the voice's own) and exact text."""
    pace = "voice" if scale is None else f"{scale:.3f}"
    return hashlib.sha256(f"{pace}\x1f{text}".encode()).hexdigest()[:32]


def _parse(name: str, stat) -> Entry | None:
    if not name.endswith(EXT):
        return None
    parts = name[:-len(EXT)].split(".")
    if len(parts) not in (2, 3) or len(parts[0]) != 32 or len(parts[1]) != 16:
        return None
    if len(parts) == 3 and not (len(parts[2]) == 9 and parts[2][0] == "n"):
        return None
    return Entry(parts[0], parts[1], stat.st_size, stat.st_mtime, parts[2][1:] if len(parts) == 3 else "")


class _Piece:
    """An open cached piece: its rate, its first part (decoded), and the rest on demand."""

    def __init__(self, data: bytes):
        import io

        import soundfile as sf

        self._file = sf.SoundFile(io.BytesIO(data))
        self.rate: int = self._file.samplerate
        self.first = self._file.read(int(self.rate * FIRST_S), dtype="float32")

    def rest(self):
        try:
            return self._file.read(dtype="float32")
        finally:
            self._file.close()


class PhraseCache:
    """The cache folder, an in-memory index per voice (loaded by `open()`), and counters."""

    def __init__(self, folder: Path, max_bytes: int):
        self.folder = Path(folder)
        self.max_bytes = int(max_bytes)
        self._index: dict[str, dict[str, Entry]] = {}  # voice id -> key -> entry
        self._bytes = 0  # held by the index
        self._lock = threading.Lock()
        self._thread = None
        self.hits = self.misses = 0  # pieces spoken since the last flush_stats()

    @classmethod
    def from_config(cls, cfg) -> PhraseCache | None:
        """The configured cache (`speech.cache_mb`, in the data dir), or None when it is off."""
        if cfg.speech.cache_mb <= 0:
            return None
        return cls(cfg.paths.data_dir / FOLDER, cfg.speech.cache_mb * 1_000_000)

    # --- the index ---------------------------------------------------------------------------
    def _io(self):
        if self._thread is None:
            from bear.engine import EngineThread

            self._thread = EngineThread("phrase-cache")
        return self._thread

    async def open(self, voice: str) -> int:
        """Read the folder of `voice` into the index (on the cache's thread); the number of pieces."""
        return await self._io().submit(self.load, voice)

    def load(self, voice: str) -> int:
        """Blocking `open()`: scans the folder (leftovers of an interrupted write are removed)."""
        folder = self.folder / voice
        entries: dict[str, Entry] = {}
        if folder.is_dir():
            with os.scandir(folder) as it:
                for item in it:
                    if item.name.startswith(".tmp-"):
                        _unlink(Path(item.path))
                        continue
                    entry = _parse(item.name, item.stat())
                    if entry is not None:
                        entries[entry.key] = entry
        with self._lock:
            old = self._index.get(voice, {})
            self._bytes += sum(e.size for e in entries.values()) - sum(e.size for e in old.values())
            self._index[voice] = entries
        return len(entries)

    def opened(self, voice: str) -> bool:
        """True when the voice's index has been opened."""
        return voice in self._index

    def lookup(self, voice: str, scale: float | None, text: str) -> Entry | None:
        """The cached piece, or None (no I/O: safe on the event loop)."""
        entries = self._index.get(voice)
        return entries.get(piece_key(scale, text)) if entries else None

    def has(self, voice: str, key: str) -> bool:
        """True when the voice has the piece with `key`."""
        entries = self._index.get(voice)
        return bool(entries) and key in entries

    def count(self, hits: int, misses: int) -> None:
        """Add to the hit and miss counters."""
        self.hits += hits
        self.misses += misses

    def entries(self, voice: str) -> list[Entry]:
        """The voice's cached pieces."""
        with self._lock:
            return list(self._index.get(voice, {}).values())

    def size(self) -> int:
        """Bytes held by every voice in the index."""
        return self._bytes

    # --- reading -------------------------------------------------------------------------------
    async def read(self, voice: str, entry: Entry):
        """Yield (rate, float32 audio) of a cached piece: its first quarter second, then the rest.
        Raises CacheCorrupt (the entry is dropped) if the file is gone or damaged."""
        from bear.engine import EngineClosed

        try:
            piece = await self._io().submit(self._open, voice, entry)
        except EngineClosed:  # the bear is stopping
            raise CacheCorrupt("the cache is closed") from None
        yield piece.rate, piece.first
        rest = await self._io().submit(piece.rest)
        if len(rest):
            yield piece.rate, rest

    def _open(self, voice: str, entry: Entry) -> _Piece:
        path = self.folder / voice / entry.filename
        try:
            data = path.read_bytes()
        except OSError as exc:
            self._drop(voice, entry)
            raise CacheCorrupt(f"{path.name}: {exc.strerror}") from None
        if hashlib.sha256(data).hexdigest()[:16] != entry.sha:
            self._drop(voice, entry)
            _unlink(path)
            log.error("event=phrase_cache_corrupt file=%s", path.name)
            raise CacheCorrupt(f"{path.name}: checksum mismatch")
        now = time.time()
        try:
            os.utime(path, (now, now))  # least recently used goes first
        except OSError:
            pass
        entry.used = now
        try:
            return _Piece(data)
        except Exception as exc:  # soundfile.LibsndfileError, ...: undecodable despite its checksum
            self._drop(voice, entry)
            _unlink(path)
            raise CacheCorrupt(f"{path.name}: {exc}") from None

    def _drop(self, voice: str, entry: Entry) -> None:
        with self._lock:
            entries = self._index.get(voice)
            if entries is not None and entries.get(entry.key) is entry:
                del entries[entry.key]
                self._bytes -= entry.size

    # --- writing (the builder, on the voice's thread) -------------------------------------------
    def put(self, voice: str, scale: float | None, text: str, audio, rate: int, *, tag: str = "",
            keep: Container = frozenset()) -> Entry | None:
        """Store one rendered piece (`tag`: the name_tag() of the child's name it says); None if
        there is no room: only pieces whose keys are not in `keep` (the builder's plan) are evicted
        for it, least recently used first (a piece that says the name may evict any that does not)."""
        import io

        import soundfile as sf

        key = piece_key(scale, text)
        buf = io.BytesIO()
        sf.write(buf, audio, rate, format="OGG", subtype="VORBIS")
        data = buf.getvalue()
        if not self._make_room(voice, len(data), frozenset() if tag else keep):
            return None
        folder = self.folder / voice
        if not folder.is_dir():  # the bear's voice only, but it may say the child's name: the bear's user only
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            folder.mkdir(mode=0o700, exist_ok=True)
        entry = Entry(key, hashlib.sha256(data).hexdigest()[:16], len(data), time.time(), tag)
        tmp = folder / f".tmp-{key}"
        tmp.write_bytes(data)
        os.replace(tmp, folder / entry.filename)
        with self._lock:
            entries = self._index.setdefault(voice, {})
            old = entries.get(key)
            entries[key] = entry
            self._bytes += entry.size - (old.size if old is not None else 0)
        if old is not None and old.filename != entry.filename:
            _unlink(folder / old.filename)
        return entry

    def _make_room(self, voice: str, size: int, keep) -> bool:
        with self._lock:
            total = self._bytes
            if total + size <= self.max_bytes:
                return True
            victims = sorted(((e.used, v, e) for v, entries in self._index.items() for e in entries.values()
                              if not e.name_tag and not (v == voice and e.key in keep)), key=lambda x: x[0])
            chosen = []
            for _, v, e in victims:
                if total + size <= self.max_bytes:
                    break
                chosen.append((v, e))
                total -= e.size
            if total + size > self.max_bytes:
                return False
            for v, e in chosen:
                del self._index[v][e.key]
                self._bytes -= e.size
        for v, e in chosen:
            _unlink(self.folder / v / e.filename)
        log.info("event=phrase_cache_evicted pieces=%d", len(chosen))
        return True

    def shrink(self) -> int:
        """Evict least recently used pieces until the cache is within its bound; pieces dropped."""
        with self._lock:
            victims = sorted(((e.used, v, e) for v, entries in self._index.items() for e in entries.values()),
                             key=lambda x: x[0])
            chosen = []
            for _, v, e in victims:
                if self._bytes <= self.max_bytes:
                    break
                chosen.append((v, e))
                self._bytes -= e.size
                del self._index[v][e.key]
        for v, e in chosen:
            _unlink(self.folder / v / e.filename)
        return len(chosen)

    # --- privacy, figures -------------------------------------------------------------------------
    def forget_personal(self, keep: str = "") -> int:
        """Delete every piece that says the child's name (but those tagged `keep`: the name in
        use), in every voice; found on disk, so it works without the index and from another
        process. The number deleted."""
        n = 0
        if self.folder.is_dir():
            for path in self.folder.glob(f"*/*.n????????{EXT}"):
                if not keep or not path.name.endswith(f".n{keep}{EXT}"):
                    n += _unlink(path)
        with self._lock:
            for entries in self._index.values():
                for key in [k for k, e in entries.items() if e.name_tag and e.name_tag != keep]:
                    self._bytes -= entries.pop(key).size
        if n:
            log.info("event=phrase_cache_forgot pieces=%d", n)
        return n

    def flush_stats(self) -> None:
        """Add the hits and misses counted since the last flush to `stats.json` (for bear doctor)."""
        if not (self.hits or self.misses) or not self.folder.is_dir():
            return
        stats = read_stats(self.folder)
        stats["hits"] += self.hits
        stats["misses"] += self.misses
        self.hits = self.misses = 0
        tmp = self.folder / f".tmp-{STATS}"
        tmp.write_text(json.dumps(stats))
        os.replace(tmp, self.folder / STATS)

    def close(self) -> None:
        """Stop the cache's I/O thread."""
        if self._thread is not None:
            self._thread.close()


def read_stats(folder: Path) -> dict:
    """The hit and miss counts saved in `folder` (zeros when there are none)."""
    try:
        data = json.loads((Path(folder) / STATS).read_text())
        return {"hits": int(data.get("hits", 0)), "misses": int(data.get("misses", 0))}
    except (OSError, ValueError, AttributeError):
        return {"hits": 0, "misses": 0}


def usage(folder: Path) -> dict:
    """What the cache folder holds (from disk): pieces, bytes, pieces that say the name, per voice."""
    out = {"pieces": 0, "bytes": 0, "personal": 0, "voices": {}}
    folder = Path(folder)
    if not folder.is_dir():
        return out
    for voice in sorted(p for p in folder.iterdir() if p.is_dir()):
        n = size = 0
        for item in os.scandir(voice):
            entry = _parse(item.name, item.stat())
            if entry is not None:
                n += 1
                size += entry.size
                out["personal"] += bool(entry.name_tag)
        out["voices"][voice.name] = {"pieces": n, "bytes": size}
        out["pieces"] += n
        out["bytes"] += size
    return out


def _unlink(path: Path) -> int:
    try:
        path.unlink()
        return 1
    except OSError:
        return 0
