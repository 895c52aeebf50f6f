"""Filling the phrase cache: `bear cache build` (at install) and the daemon's idle-time keeper.

The plan is every piece of `bear.speech.phrases.catalogue()` at the two paces the bear speaks at
(`speech.length_scale`, and `speech.bedtime_length_scale` in quiet hours): first the pieces that
say the child's name, then the first pieces of every line at both paces, then the rest; pieces
already cached are skipped, and the cache's size bound stops the build (the plan's own pieces
are never evicted for it). Each piece is synthesized on the voice's engine thread, one at a time.

The keeper (`PhraseKeeper.run`, a daemon task) works only while the bear is idle: no conversation
for `speech.cache_idle_s`, nobody listening or speaking, the voice already loaded (it never loads
the voice for itself). It looks again before every piece, so a wake waits at most for the piece
in progress, and it rests as long as it worked (half the voice thread's time at most). It
also follows the child's name in the store: a new name is rendered first, and when the name
changes or is forgotten, every rendering of the old one is deleted at once.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Container, Sequence
from dataclasses import dataclass
from typing import overload

log = logging.getLogger(__name__)

POLL_S = 2.0  # how often the keeper looks at the bear's state and the child's name
SHARE = 0.5  # of the voice thread's time the keeper uses while it builds (it rests as long as it works)
REPLAN_S = 6 * 3600.0  # a complete plan is checked again this often (evicted or damaged pieces)
RETRY_S = 600.0  # after a failure (disk full, voice refused) the keeper tries building again this much later
STATS_EVERY_S = 60.0  # hits and misses are added to stats.json this often (and at the end)


@dataclass(frozen=True, slots=True)
class Job:
    """One piece to render: its text, speed and the name tag of the child's name it says."""

    text: str
    scale: float
    tag: str = ""  # bear.speech.cache.name_tag of the child's name it says, else ""
    key: str = ""  # bear.speech.cache.piece_key(scale, text)


class Plan(Sequence[Job]):
    """The jobs of a plan, held compactly: each piece's text once, its jobs (one per pace) and
    their keys made when they are read. The whole plan as `Job` objects was ~10 MB of the
    daemon's RSS while it built (23,000 jobs); this is ~1.3 MB."""

    __slots__ = ("_groups", "_scales", "_tag", "_len", "_keys")

    def __init__(self, groups: tuple[tuple[str, ...], ...], scales: tuple[float, ...], tag: str = ""):
        self._groups = groups  # (the pieces that say the name, the other openings, the rest)
        self._scales = scales
        self._tag = tag  # the name tag of the first group's pieces
        self._len = sum(len(g) for g in groups) * len(scales)
        self._keys: frozenset[str] | None = None

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, i: int) -> Job: ...

    @overload
    def __getitem__(self, i: slice) -> list[Job]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._len))]
        if i < 0:
            i += self._len
        if not 0 <= i < self._len:
            raise IndexError("plan index out of range")
        from bear.speech.cache import piece_key

        for g, texts in enumerate(self._groups):
            n = len(texts) * len(self._scales)
            if i < n:
                scale, text = self._scales[i // len(texts)], texts[i % len(texts)]
                return Job(text, scale, self._tag if g == 0 else "", piece_key(scale, text))
            i -= n
        raise IndexError("plan index out of range")  # pragma: no cover (the length says otherwise)

    def __contains__(self, key: object) -> bool:
        """True when a piece key is one of the plan's (the set of keys is made at the first
        question: only when the cache is at its size bound and must choose what to evict)."""
        if self._keys is None:
            self._keys = frozenset(job.key for job in self)
        return key in self._keys


def plan(speech, name: str | None = None, emergency_number: str = "") -> Plan:
    """Every piece to render, most useful first (see the module docstring)."""
    from bear.speech.cache import name_tag
    from bear.speech.phrases import catalogue

    phrases = catalogue(name, emergency_number)
    scales = tuple(dict.fromkeys((speech.length_scale, speech.bedtime_length_scale)))
    groups = (tuple(p.text for p in phrases if p.personal),
              tuple(p.text for p in phrases if p.opening and not p.personal),
              tuple(p.text for p in phrases if not p.opening and not p.personal))
    return Plan(groups, scales, name_tag(name) if name else "")


class Builder:
    """Renders a plan's missing pieces into the cache, one per call, on the voice's thread."""

    def __init__(self, cache, registry, voice: str, jobs: Sequence[Job]):
        from bear.speech.cache import voice_id

        self.cache, self.registry, self.voice = cache, registry, voice
        self.voice_id = voice_id(registry.slot(voice).entry)
        self.jobs = jobs
        self.keys: Container = jobs if isinstance(jobs, Plan) else frozenset(j.key for j in jobs)
        self.full = False
        self.rendered = 0
        self.audio_s = 0.0
        self._next = 0

    def missing(self) -> int:
        """How many jobs the cache does not hold yet."""
        return sum(not self.cache.has(self.voice_id, j.key) for j in self.jobs)

    def _job(self) -> Job | None:
        while self._next < len(self.jobs):
            job = self.jobs[self._next]
            if not self.cache.has(self.voice_id, job.key):
                return job
            self._next += 1
        return None

    def done(self) -> bool:
        """True when the cache is full or every job is rendered."""
        return self.full or self._job() is None

    def _render(self, voice, job: Job) -> bool:  # the voice's engine thread
        from bear.models.registry import malloc_trim

        audio = voice.synthesize(job.text, job.scale)
        malloc_trim()
        self.audio_s += len(audio) / voice.sample_rate
        return self.cache.put(self.voice_id, job.scale, job.text, audio, voice.sample_rate,
                              tag=job.tag, keep=self.keys) is not None

    async def step(self) -> bool:
        """Render the next missing piece; False when nothing is left (or the cache is full)."""
        job = self._job()
        if job is None or self.full:
            return False
        if not await self.registry.run(self.voice, self._render, job):
            self.full = True
            log.warning("event=phrase_cache_full mb=%.0f left=%d", self.cache.size() / 1e6, self.missing())
            return False
        self.rendered += 1
        self._next += 1
        return True


class PhraseKeeper:
    """The daemon's task that keeps the phrase cache filled (see the module docstring)."""

    def __init__(self, cache, registry, voice: str, cfg, *, idle: Callable[[], bool],
                 child_name: Callable[[], Awaitable[str | None]], build: bool = True):
        self.cache, self.registry, self.voice, self.cfg = cache, registry, voice, cfg
        self.idle = idle  # True while no conversation is going on (nobody listening, thinking, speaking)
        self.child_name = child_name  # the name in the store now (None: not known, or forgotten)
        self.build = build
        self.idle_since = time.monotonic()
        self.builder: Builder | None = None
        self.name: str | None = None
        self._named = False  # self.name was read at least once
        self._planned_for: object = ()  # the name the last plan was made for
        self._planned_at = 0.0

    @classmethod
    def for_daemon(cls, daemon) -> PhraseKeeper:
        """The keeper of a running `bear.daemon.Daemon`: its speaker's cache, its conversation's and
        listener's state, the child's name from its store."""
        from bear.store import StoreUnavailable

        keeper = None

        async def child_name() -> str | None:
            try:
                return (await daemon.store.profile.get())["name"]
            except StoreUnavailable:  # the disk failed: as it was
                return keeper.name

        def idle() -> bool:
            hearing = daemon.hearing
            return (daemon.conversation.state == "idle" and not daemon.mouth.speaking
                    and (hearing is None or hearing.listener.state.value == "idle"))

        speaker = daemon.mouth.speaker
        keeper = cls(speaker.cache, daemon.registry, speaker.voice, daemon.cfg, idle=idle, child_name=child_name,
                     build=daemon.cfg.speech.cache_build_idle)
        return keeper

    def idle_for(self) -> float:
        """Seconds the bear has been idle (0 while it is not)."""
        now = time.monotonic()
        if not self.idle():
            self.idle_since = now
        return now - self.idle_since

    async def follow_name(self) -> None:
        """Renderings of any name but the one in the store are deleted (forgotten, or changed)."""
        from bear.speech.cache import name_tag

        name = await self.child_name()
        if name != self.name or not self._named:
            deleted = await asyncio.to_thread(self.cache.forget_personal, name_tag(name) if name else "")
            if self._named:
                log.info("event=phrase_cache_name known=%s deleted=%d", name is not None, deleted)
            self.name, self._named = name, True

    async def _plan(self) -> Builder | None:
        """The builder of the current plan; None while the last plan is complete (it is made again
        for another name, or after REPLAN_S: pieces may have been evicted or damaged)."""
        if self._planned_for == self.name and (self.builder is not None or
                                               time.monotonic() - self._planned_at < REPLAN_S):
            return self.builder
        jobs = await asyncio.to_thread(plan, self.cfg.speech, self.name, self.cfg.talk.emergency_number)
        self.builder = Builder(self.cache, self.registry, self.voice, jobs)
        self._planned_for, self._planned_at = self.name, time.monotonic()
        return self.builder

    async def run(self) -> None:
        """Render missing pieces while the bear stays idle, for ever."""
        from bear.models.manifest import ModelUnavailable
        from bear.speech.cache import voice_id

        vid = voice_id(self.registry.slot(self.voice).entry)
        pieces = await self.cache.open(vid)
        dropped = await asyncio.to_thread(self.cache.shrink)
        log.info("event=phrase_cache_ready voice=%s pieces=%d mb=%.1f evicted=%d", vid, pieces,
                 self.cache.size() / 1e6, dropped)
        last_stats, resume_at = time.monotonic(), 0.0
        try:
            while True:
                try:
                    await self.follow_name()
                    if time.monotonic() - last_stats >= STATS_EVERY_S:
                        last_stats = time.monotonic()
                        await asyncio.to_thread(self.cache.flush_stats)
                    if self.build and self.idle_for() >= self.cfg.speech.cache_idle_s \
                            and time.monotonic() >= resume_at and self.registry.slot(self.voice).loaded:
                        builder = await self._plan()
                        if builder is not None:
                            await self._build_while_idle(builder)
                except (OSError, ModelUnavailable) as exc:  # disk full, voice refused ...: the bear goes on
                    log.warning("event=phrase_cache_failed error=%r retry_in_s=%.0f",
                                f"{type(exc).__name__}: {exc}", RETRY_S)
                    resume_at = time.monotonic() + RETRY_S
                await asyncio.sleep(POLL_S)
        finally:
            self.cache.flush_stats()
            self.cache.close()

    async def _build_while_idle(self, builder: Builder) -> None:
        if builder.done():
            self.builder = None  # the plan is complete: it goes until the next plan
            return
        t0, n0 = time.monotonic(), builder.rendered
        log.info("event=phrase_cache_building missing=%d", builder.missing())
        while self.idle() and self.registry.slot(self.voice).loaded:
            started = time.monotonic()
            if not await builder.step():
                break
            await asyncio.sleep((time.monotonic() - started) * (1 - SHARE) / SHARE)
            await self.follow_name()  # a name forgotten meanwhile is not rendered on
            if self._planned_for != self.name:
                break
        log.info("event=phrase_cache_paused rendered=%d s=%.1f mb=%.1f done=%s", builder.rendered - n0,
                 time.monotonic() - t0, self.cache.size() / 1e6, builder.done())


def _stored_name(cfg) -> str | None:
    """The child's name in the store (read-only; None if there is no store yet)."""
    import sqlite3

    if not cfg.db_path.is_file():
        return None
    try:
        con = sqlite3.connect(f"file:{cfg.db_path}?mode=ro", uri=True, timeout=5)
        try:
            row = con.execute("SELECT name FROM child_profile WHERE id = 1").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def build_command(cfg, max_s: float | None = None, out=None, *, nice: bool = True) -> int:
    """`bear cache build`: render the whole plan now, at low priority (nice 10), with figures."""
    import os
    import sys

    from bear.models.manifest import ManifestError, ModelUnavailable, load_manifest
    from bear.models.registry import ModelRegistry
    from bear.resources import process_rss
    from bear.speech.cache import PhraseCache, name_tag, voice_id
    from bear.speech.voice import register_voice

    out = out or sys.stdout
    cache = PhraseCache.from_config(cfg)
    if cache is None:
        print("bear: cache: the phrase cache is off (speech.cache_mb = 0)", file=sys.stderr)
        return 1
    if nice:
        try:
            os.nice(10)  # at install, beside a running bear: its conversation goes first
        except OSError:
            pass

    async def main() -> int:
        try:
            registry = ModelRegistry(load_manifest(cfg.manifest_path), cfg.paths.model_dir)
            voice = register_voice(registry, cfg.speech)
            vid = voice_id(registry.slot(voice).entry)
        except (ManifestError, ModelUnavailable) as exc:
            print(f"bear: cache: {exc}", file=sys.stderr)
            return 1
        try:
            await cache.open(vid)
            name = _stored_name(cfg)
            forgotten = cache.forget_personal(name_tag(name) if name else "")
            evicted = cache.shrink()
            jobs = await asyncio.to_thread(plan, cfg.speech, name, cfg.talk.emergency_number)
            builder = Builder(cache, registry, voice, jobs)
            missing = builder.missing()
            print(f"== {vid}: {len(jobs)} pieces planned ({len(jobs) - missing} cached), {missing} to render",
                  file=out, flush=True)
            t0, peak = time.perf_counter(), process_rss()
            if missing:
                await registry.load(voice)  # (the voice loads only when there is something to say)
                print(f"   voice loaded in {time.perf_counter() - t0:.1f} s", file=out, flush=True)
                t0 = time.perf_counter()
            while missing and await builder.step():
                if builder.rendered % 250 == 0:
                    peak = max(peak, process_rss())
                    print(f"   {builder.rendered}/{missing} in {time.perf_counter() - t0:.0f} s, "
                          f"{cache.size() / 1e6:.1f} MB", file=out, flush=True)
                if max_s is not None and time.perf_counter() - t0 >= max_s:
                    break
            build_s = time.perf_counter() - t0
            peak = max(peak, process_rss())
            rtf = f"{build_s / builder.audio_s:.3f}" if builder.audio_s else "-"
            print(f"rendered={builder.rendered} left={builder.missing()} full={str(builder.full).lower()} "
                  f"build_s={build_s:.1f} audio_s={builder.audio_s:.0f} rtf={rtf} pieces={len(cache.entries(vid))} "
                  f"cache_mb={cache.size() / 1e6:.3f} max_mb={cache.max_bytes / 1e6:.0f} evicted={evicted} "
                  f"name_pieces_deleted={forgotten} peak_rss_mb={peak / 1e6:.0f}", file=out)
            return 0
        except ModelUnavailable as exc:
            print(f"bear: cache: {exc}", file=sys.stderr)
            return 1
        finally:
            cache.close()
            registry.close()

    return asyncio.run(main())
