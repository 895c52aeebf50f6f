"""`bear eval stt`: word error rate over a manifest, with the engine's costs.

Prints one line per utterance, one line per group (`--group age:6-8,9-10,11-12`), a `figures`
line (CPU per audio second, final-text latency, RSS) and, last, `wer=… utterances=… rtf=…`.

`--stream` decodes each utterance as the listener does: `start()`, 96 ms blocks through
`accept()`, then `final()`, whose wall time is the final-text latency after the end of speech
(the streaming engines decode the blocks while the child speaks, as long as they keep up with
real time: rtf < 1). Without it PocketSphinx decodes whole files in one pass (its best accuracy).

`--listen` hears each recording as the bear would after a paw press at its start: the whole
listener (VAD endpointing, trailing silence, early decode) decides where the request ends and
what is decoded, so the text is the one the bear would answer. Speech after the listener's
endpoint (a child pausing longer than `listen.trailing_silence_ms`) is not heard, as on the bear;
the `figures` line counts how each request ended (`ends=silence:...,max_length:...`) and the
recordings with no request at all (`unheard=`).
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from pathlib import Path

from bear.audio.files import read_audio
from bear.hearing.text import transcript_form, word_errors
from bear.hearing.types import SR

BLOCK = 512 * 3  # the listener's 96 ms block
AROUND_3S = (2.5, 3.5)  # utterances of about 3 s: the latency the targets speak of


class RssSampler:
    """Peak RSS of the bear and its engine processes, sampled on a thread every `period_s`."""

    def __init__(self, period_s: float = 0.1):
        from bear.resources import process_rss

        self._rss = process_rss
        self.period_s = period_s
        self.peak = process_rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bear-rss-sampler", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.period_s):
            self.peak = max(self.peak, self._rss())

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


def parse_group(spec: str | None) -> tuple[str, list[tuple[float, float, str]]] | None:
    """`age:6-8,9-10,11-12` -> ("age", [(6, 8, "6-8"), ...]); `speaker` -> ("speaker", [])."""
    if not spec:
        return None
    column, _, bins = spec.partition(":")
    out = []
    for b in filter(None, bins.split(",")):
        lo, _, hi = b.partition("-")
        out.append((float(lo), float(hi or lo), b))
    return column, out


def group_of(row: dict, group) -> str:
    """The group a manifest row falls in: its `column` value, or the bin its number falls in."""
    column, bins = group
    value = row.get(column, "")
    if not bins:
        return value
    try:
        v = float(value)
    except ValueError:
        return "?"
    return next((label for lo, hi, label in bins if lo <= v <= hi), "other")


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * (len(values) - 1) + 0.5))] if values else float("nan")


async def _heard(cfg, ring, registry, hearing, samples) -> tuple[str, float, str]:
    """(text, final-transcript wall ms, how the request ended) of a recording through a fresh
    listener, the paw pressed at its start ("" and "unheard" when no request came of it)."""
    from bear.hearing.listener import Listener
    from bear.hearing.offline import drive

    listener = Listener(cfg, ring, registry, stt=hearing.stt, wake=None)
    await drive(ring, listener, samples, tail_s=cfg.listen.trailing_silence_ms / 1000 + 1.0, press_at=0.0)
    heard = []
    while not listener.utterances.empty():
        heard.append(listener.utterances.get_nowait())
    if not heard:
        return "", float("nan"), "unheard"
    return " ".join(u.text for u in heard), heard[-1].stt_final_ms, heard[-1].reason


async def _decode(hearing, samples, stream: bool) -> tuple[str, float, float]:
    """(text, final-call wall ms, final-call CPU ms): streamed as the listener does, or as a whole file."""
    from bear.hearing.offline import transcribe_file
    from bear.resources import process_cpu

    if not stream:
        return (await transcribe_file(hearing, samples)).text, float("nan"), float("nan")
    stt = hearing.stt
    await stt.start()
    for i in range(0, len(samples), BLOCK):
        await stt.accept(samples[i:i + BLOCK])
    c0, t0 = process_cpu(), time.perf_counter()
    text = (await stt.final()).text
    return text, (time.perf_counter() - t0) * 1000, (process_cpu() - c0) * 1000


def eval_stt(cfg, manifest: Path, out=None, *, stream: bool = False, listen: bool = False,
             group: str | None = None) -> int:
    """`bear eval stt`: word error rate, latency and memory of the configured STT engine on a manifest of recordings;
    returns the exit code."""
    out = out or sys.stdout
    from bear.hearing.offline import build, read_manifest_rows

    try:
        rows = read_manifest_rows(manifest)
        grouping = parse_group(group)
    except (OSError, ValueError) as exc:
        print(f"bear: {exc}", file=sys.stderr)
        return 2

    async def main():
        from bear.resources import process_cpu, process_rss

        ring, registry, hearing = build(cfg)
        if listen:
            await hearing.preload(lambda exc: print(f"bear: {exc}", file=sys.stderr))
        ends: dict[str, int] = {}
        errors = words = 0
        audio_s = decode_s = cpu_s = 0.0
        finals: list[tuple[float, float, float]] = []  # (audio seconds, final wall ms, final CPU ms)
        groups: dict[str, list[int]] = {}
        rss_base = process_rss()
        try:
            t0 = time.perf_counter()
            await registry.load(hearing.stt.model)  # load time is not decoding time
            load_s = time.perf_counter() - t0
            rss_loaded = process_rss()
            with RssSampler() as sampler:
                for path, reference, row in rows:
                    samples = await asyncio.to_thread(read_audio, path)
                    c0, t0 = process_cpu(), time.perf_counter()
                    if listen:
                        hyp, final_ms, end = await _heard(cfg, ring, registry, hearing, samples)
                        final_cpu_ms = float("nan")
                        ends[end] = ends.get(end, 0) + 1
                    else:
                        hyp, final_ms, final_cpu_ms = await _decode(hearing, samples, stream)
                    decode_s += time.perf_counter() - t0
                    cpu_s += process_cpu() - c0
                    secs = len(samples) / SR
                    audio_s += secs
                    finals.append((secs, final_ms, final_cpu_ms))
                    e, n = word_errors(reference, hyp)
                    errors, words = errors + e, words + n
                    if grouping:
                        g = groups.setdefault(group_of(row, grouping), [0, 0, 0])
                        g[0], g[1], g[2] = g[0] + e, g[1] + n, g[2] + 1
                    print(f"{path.name}\terrors={e}/{n}\tref={transcript_form(reference)!r}\thyp={transcript_form(hyp)!r}"
                          + (f"\tfinal_ms={final_ms:.0f}" if stream or listen else "")
                          + (f"\tend={end}" if listen else ""), file=out, flush=True)
        finally:
            registry.close()
        if grouping:
            for label in sorted(groups, key=lambda k: (len(k), k)):
                e, n, k = groups[label]
                print(f"group {grouping[0]}={label} wer={e / max(n, 1):.4f} utterances={k}", file=out)
        figures = (f"figures engine={hearing.choice.engine} audio_s={audio_s:.1f} "
                   f"cpu_per_audio_s={cpu_s / max(audio_s, 1e-9):.4f} load_s={load_s:.2f} "
                   f"rss_base_mb={rss_base / 1e6:.0f} rss_loaded_mb={rss_loaded / 1e6:.0f} "
                   f"rss_peak_mb={sampler.peak / 1e6:.0f}")
        if listen:
            heard_ms = [ms for _, ms, _ in finals if ms == ms]
            figures += (f" final_ms_p50={_pct(heard_ms, 0.5):.0f} final_ms_p95={_pct(heard_ms, 0.95):.0f}"
                        f" unheard={ends.pop('unheard', 0)} ends="
                        + ",".join(f"{k}:{v}" for k, v in sorted(ends.items())))
        if stream:
            all_ms = [ms for _, ms, _ in finals]
            near3 = [(ms, cpu) for secs, ms, cpu in finals if AROUND_3S[0] <= secs <= AROUND_3S[1]]
            cpu3 = [cpu for _, cpu in near3]
            near3 = [ms for ms, _ in near3]
            figures += (f" final_ms_p50={_pct(all_ms, 0.5):.0f} final_ms_p95={_pct(all_ms, 0.95):.0f}"
                        f" final_ms_3s_p50={_pct(near3, 0.5):.0f} final_ms_3s_p95={_pct(near3, 0.95):.0f}"
                        f" final_cpu_ms_3s_p50={_pct(cpu3, 0.5):.0f} n_3s={len(near3)}")
        print(figures, file=out)
        print(f"wer={errors / max(words, 1):.4f} utterances={len(rows)} rtf={decode_s / max(audio_s, 1e-9):.4f}",
              file=out)
        return 0

    return asyncio.run(main())
