"""`bear demo`: a recorded conversation through the real pipeline on the WAV backends.

A child's lines (spoken by Piper; see `bear.scenario`) are the microphone; the daemon is the
one `bear run` starts (capture, VAD, wake, STT, emotion, safety, conversation engine, Piper),
with the paw on gpiozero's mock pins and every reply written to a WAV file. Each turn is
printed: what was heard, the emotion, the reply and where the time went.
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import time
from datetime import datetime
from pathlib import Path

from bear.scenario import Line

CONVERSATION = [
    Line("hey teddy, my name is lucy", pause_s=2.5),
    Line("can you tell me a joke please", pause_s=3.5),  # an answer in the follow-up window: no wake phrase
    Line("hey teddy, tell me a story about a dragon", pause_s=8.5),  # the follow-up window (6 s) closes
    # so this line needs the wake phrase, the next the paw (the follow-up window after this reply
    # must have closed before the press: 13 s leaves room for Whisper's final text, ~0.3-0.9 s, and
    # a slow voice on a busy machine)
    Line("hey teddy, can I play with matches", pause_s=13.0),
    Line("I feel sad today", press=True, pause_s=3.5),
    Line("hey teddy, do you remember my name", pause_s=3.0),
    Line("bye bye teddy", pause_s=3.0),
]


def _config(cfg, recording: Path, out_dir: Path):
    audio_in = dataclasses.replace(cfg.audio.input, backend="wav", wav_path=recording, realtime=True,
                                   at_end="silence")
    # replies are written as fast as they are made (a speaker would take as long as the speech)
    audio_out = dataclasses.replace(cfg.audio.output, backend="wav", wav_dir=out_dir / "replies", realtime=False)
    return dataclasses.replace(
        cfg, audio=dataclasses.replace(cfg.audio, input=audio_in, output=audio_out),
        gpio=dataclasses.replace(cfg.gpio, backend="mock"),
        emotion=dataclasses.replace(cfg.emotion, enabled=True),  # opt-in; on to show it
        logging=dataclasses.replace(cfg.logging, status_interval_s=0.0))


def _ms(value) -> str:
    return f"{value:.0f}" if isinstance(value, (int, float)) else "-"


def print_turn(info: dict, out) -> None:
    """Print one turn of the demo: what was heard, emotion, intent, safety, the reply and its latencies."""
    t = info["timings"]
    print(f"\n[{info['turn']}] heard ({info['trigger']}): {info['heard']!r}", file=out)
    print(f"    emotion: {info['emotion'] or '-'}   intent: {info['intent']}"
          + (f"   safety: {info['safety']}" if info["safety"] else ""), file=out)
    print(f"    bear: {info['reply']}", file=out)
    print(f"    latency ms: stt_final {_ms(t.get('stt_final_ms'))}, emotion {_ms(t.get('emotion_ms'))}, "
          f"reply {_ms(t.get('reply_ms'))}, tts_first {_ms(t.get('tts_first_ms'))}, "
          f"end of speech -> first audio {_ms(t.get('reply_latency_ms'))}", file=out)
    if info["wav"]:
        print(f"    wav: {info['wav']} ({info['seconds']:.1f} s)", file=out)
    out.flush()


MAX_EXTRA_S = 60.0  # after the recording, the bear may take this long to answer what is left


def demo(cfg, out_dir: Path, at: str = "10:00", out=None) -> int:
    """`bear demo`: play the recorded conversation through the daemon, print every turn, keep the replies as WAV;
    returns the exit code."""
    from bear.daemon import Daemon
    from bear.models.manifest import ManifestError, ModelUnavailable
    from bear.scenario import build, voice_folder

    out = out or sys.stdout
    out_dir = out_dir.absolute()
    try:
        voice_dir = voice_folder(cfg)
    except (ModelUnavailable, ManifestError) as exc:
        print(f"bear: demo: {exc} (run: bear models fetch)", file=sys.stderr)
        return 1
    print(f"== making the child's recording ({len(CONVERSATION)} lines, Piper voice) ...", file=out, flush=True)
    rec = build(voice_dir, CONVERSATION, out_dir / "child.wav")
    hh, mm = (int(x) for x in at.split(":"))
    clock = lambda: datetime.now().replace(hour=hh, minute=mm)  # noqa: E731  (bedtime mode follows it)
    dcfg = _config(cfg, rec.wav, out_dir)
    for old in (out_dir / "replies").glob("turn-*.wav"):
        old.unlink()
    print(f"== bear run: {rec.wav} ({rec.seconds:.1f} s) as the microphone, paw pressed at "
          f"{', '.join(f'{p:.1f} s' for p in rec.presses) or 'never'}, clock at {at}", file=out, flush=True)
    turns: list[dict] = []
    t0 = time.monotonic()

    async def main() -> int:
        daemon = await Daemon.create(dcfg, presses=list(rec.presses), clock=clock,
                                     on_turn=lambda info: (turns.append(info), print_turn(info, out)))
        run = asyncio.ensure_future(daemon.run())
        # until every line is answered (a slow machine takes longer), then 2 s more; at most a minute extra
        deadline = time.monotonic() + rec.seconds + MAX_EXTRA_S
        while not run.done() and time.monotonic() < deadline:
            heard_all = daemon.ring.written >= rec.seconds * 16000
            if heard_all and (len(turns) >= len(CONVERSATION) or (
                    daemon.conversation.state == "idle" and daemon.hearing.listener.state == "idle"
                    and daemon.conversation.utterances.empty() and daemon.ring.written >= (rec.seconds + 4) * 16000)):
                await asyncio.sleep(2.0)
                break
            await asyncio.sleep(0.1)
        daemon.request_stop("the recording was answered" if len(turns) >= len(CONVERSATION) else "the recording ended")
        return await run

    code = asyncio.run(main())
    lat = sorted(t["timings"]["reply_latency_ms"] for t in turns if "reply_latency_ms" in t["timings"])
    print(f"\n== {len(turns)} turns in {time.monotonic() - t0:.1f} s; replies in {out_dir / 'replies'}", file=out)
    if lat:
        print(f"   end of speech -> first reply audio: median {lat[len(lat) // 2]:.0f} ms, max {lat[-1]:.0f} ms",
              file=out)
    if code == 0 and len(turns) < len(CONVERSATION):
        print(f"bear: demo: only {len(turns)} of {len(CONVERSATION)} lines got a reply", file=sys.stderr)
        return 1
    return code
