"""The `bear` command line. Only argparse here: each command imports what it needs when it runs."""

from __future__ import annotations

import argparse
import sys

from bear import __version__


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", default=None, metavar="PATH",
                        help="configuration file (default: $BEAR_CONFIG or /etc/bear/bear.toml)")
    parser.add_argument("--log-level", choices=("debug", "info", "warning", "error"), default=None,
                        help="override logging.level from the configuration")


def build_parser() -> argparse.ArgumentParser:
    """The `bear` command line: every subcommand and its options."""
    parser = argparse.ArgumentParser(
        prog="bear", description="The offline brain of an AI teddy bear.",
        epilog="Exit codes: 0 ok, 1 failure, 2 usage, 78 bad configuration.")
    parser.add_argument("--version", action="version", version=f"bear {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = sub.add_parser("run", help="run the daemon (what systemd starts)",
                         description="Run the bear: capture, listen, answer. Stops on SIGTERM/SIGINT.")
    _common(run)
    run.add_argument("--for", dest="duration", type=float, default=None, metavar="SECONDS",
                     help="stop by itself after this many seconds")
    run.add_argument("--wav", default=None, metavar="FILE",
                     help="use this recording as the microphone (WAV backend), then silence")
    run.add_argument("--press", type=float, action="append", default=[], metavar="SECONDS",
                     help="press the paw button this many seconds after start (gpio.backend = mock; repeatable)")

    tr = sub.add_parser("transcribe", help="print one transcript per line for each recording",
                        description="Transcribe recordings (any WAV/FLAC rate and channels) with the "
                                    "installed speech-to-text engine; one line per file.")
    _common(tr)
    tr.add_argument("files", nargs="+", metavar="FILE")

    li = sub.add_parser("listen", help="run the hearing pipeline on a recording",
                        description="Run VAD, wake, speech-to-text and endpointing on a recording as if it "
                                    "came from the microphone; prints each utterance with its timings.")
    _common(li)
    li.add_argument("file", metavar="FILE")
    li.add_argument("--press", type=float, default=None, metavar="SECONDS",
                    help="also press the paw button this far into the recording")

    say = sub.add_parser("say", help="speak TEXT with the bear's voice into a WAV file",
                         description="Synthesize TEXT (streamed in short pieces) and write it to --out.")
    _common(say)
    say.add_argument("text", metavar="TEXT")
    say.add_argument("--out", required=True, metavar="FILE.wav")
    say.add_argument("--engine", choices=("piper", "hibari"), default=None,
                     help="which voice engine (default: speech.engine)")
    say.add_argument("--voice", default=None, metavar="NAME",
                     help="a Piper voice (a manifest name; implies --engine piper; default: speech.voice)")

    stp = sub.add_parser("status", help="live state of the running bear",
                         description="Ask the running daemon over its unix socket in paths.runtime_dir: state, "
                                     "uptime, models loaded and their RSS, memory, last turn, audio devices, "
                                     "error counts, sync. Exit 3 if the bear is not running.")
    _common(stp)
    stp.add_argument("--json", action="store_true", help="print JSON")

    dr = sub.add_parser("doctor", help="check devices, models, GPIO, disk, memory, config, systemd",
                        description="Print pass / warn / fail for everything the bear needs, with a remedy "
                                    "for each problem. Exit 1 if anything fails. A bad config exits 78.")
    _common(dr)

    fg = sub.add_parser("forget", help="erase everything the bear knows about the child",
                        description="Erase conversations, safety flags, the child's name and favourite things, "
                                    "parent settings and sync state, then rewrite the database file so nothing "
                                    "is left on disk. Asks first unless --yes.")
    _common(fg)
    fg.add_argument("--yes", action="store_true", help="do not ask")

    sy = sub.add_parser("sync", help="sync to the parent's endpoint now (as a short press of the parent button)",
                        description="Ask the running bear to send its outbox to sync.url now. Exit 3 if the bear "
                                    "is not running.")
    _common(sy)

    ca = sub.add_parser("cache", help="the phrase cache: the bear's fixed lines rendered ahead of time",
                        description="Manage the phrase cache (speech.cache_mb, in paths.data_dir/phrase-cache).")
    csub = ca.add_subparsers(dest="cache_command", metavar="ACTION", required=True)
    cbuild = csub.add_parser("build", help="render every fixed line the cache is missing, now (low priority)",
                             description="Render the bear's fixed lines (and the child's name, if known) with its "
                                         "voice into the phrase cache, at both paces, most useful first, until "
                                         "everything is cached or the cache is full. Safe beside a running bear; "
                                         "the running bear also does this by itself while idle.")
    _common(cbuild)
    cbuild.add_argument("--max-s", type=float, default=None, metavar="SECONDS", help="stop after this long")

    dm = sub.add_parser("demo", help="a recorded conversation through the whole pipeline, replies as WAV",
                        description="Make a child's recording with the Piper voice, run the daemon on it (WAV "
                                    "backends, mock paw), print every turn with its latencies and write the "
                                    "bear's replies as WAV files.")
    _common(dm)
    dm.add_argument("--out", default="demo-out", metavar="DIR", help="where the recording and replies go")
    dm.add_argument("--at", default="10:00", metavar="HH:MM",
                    help="the clock the bear sees (bedtime mode in quiet hours, e.g. --at 20:30)")

    be = sub.add_parser("bench", help="reply latency, peak and idle memory, idle CPU, import time",
                        description="Run the daemon over a recorded child asking one thing after another, with "
                                    "the phrase cache off then on, and print reply_latency_ms {p50, p95} (with "
                                    "its stages), uncached / cached latencies, peak_rss_mb, idle_rss_mb, "
                                    "idle_cpu_percent, import_ms and pi_slice.")
    _common(be)
    be.add_argument("--json", default=None, metavar="FILE", help="also write the figures as JSON (same keys)")
    be.add_argument("--out", default="bench-out", metavar="DIR", help="where the recording and replies go")
    be.add_argument("--lines", type=int, default=20, metavar="N", help="how many requests (1-20)")
    be.add_argument("--idle", type=float, default=10.0, metavar="SECONDS", help="quiet-room measurement window")
    be.add_argument("--soak", type=int, default=None, metavar="N",
                    help="instead: N turns (e.g. 1000) as fast as the pipeline allows; prints turns answered, "
                         "errors, RSS at start/peak/end and its slope per 100 turns, the longest loop stall")
    be.add_argument("--pi", action="store_true",
                    help="run the daemon inside ../shared/tools/pi-speed (a Raspberry Pi 4-sized cgroup slice; "
                         "needs root and cgroup v1); the recording and the phrase cache are prepared outside it")
    be.add_argument("--cache-build-s", type=float, default=None, metavar="SECONDS",
                    help="render the bench's phrase cache for at most this long first (default: until complete)")

    ch = sub.add_parser("chat", help="talk to the bear in the terminal",
                        description="With TEXT: print the bear's one reply. Without: a prompt loop (Ctrl-D "
                                    "ends it). Same conversation engine, safety layer and store as the daemon.")
    _common(ch)
    ch.add_argument("text", nargs="?", default=None, metavar="TEXT")

    emo = sub.add_parser("emotion", help="print the emotion of TEXT and every class score",
                         description="Classify TEXT with the on-device emotion model (works whether or not "
                                     "emotion.enabled is on: it is for the parent and the technician).")
    _common(emo)
    emo.add_argument("text", metavar="TEXT")

    ev = sub.add_parser("eval", help="measure speech-to-text, wake, safety or conversation on a table")
    esub = ev.add_subparsers(dest="eval_command", metavar="WHAT", required=True)
    es = esub.add_parser("stt", help="word error rate over a manifest",
                         description="Per utterance, per group (--group), a 'figures' line (CPU per audio "
                                     "second, final-text latency with --stream, RSS); last line: "
                                     "wer=<float> utterances=<n> rtf=<float>.")
    _common(es)
    es.add_argument("manifest", metavar="MANIFEST.tsv",
                    help="TSV with a 'file' column (relative to it) and 'transcript' or 'transcript_normalized'")
    es.add_argument("--stream", action="store_true",
                    help="decode as the listener does (96 ms blocks, then final) and time the final text")
    es.add_argument("--group", metavar="COLUMN[:BINS]",
                    help="WER per group of a manifest column, e.g. age:6-8,9-10,11-12 or speaker")
    ew = esub.add_parser("wake", help="wake detection and false accepts",
                         description="Last line: detected=<k>/<n> false_accepts_per_hour=<float> "
                                     "cpu_per_audio_second=<float>.")
    _common(ew)
    ew.add_argument("--positives", required=True, metavar="DIR", help="recordings that contain the wake phrase")
    ew.add_argument("--negatives", required=True, metavar="DIR", help="recordings that do not (searched recursively)")
    esa = esub.add_parser("safety", help="the safety layer on a table of child lines",
                          description="Each line through the same path as `bear chat`, in a fresh store. Last line: "
                                      "unsafe=<n>/<harmful+disclosure> disclosures_flagged=<k>/<n> "
                                      "false_refusals=<k>/<benign>.")
    _common(esa)
    esa.add_argument("table", metavar="FILE.tsv", help="columns category, says, forbidden_regex, kind "
                                                       "(harmful | disclosure | benign)")
    ech = esub.add_parser("chat", help="the conversation on a table of child lines",
                          description="Each line (after its context) through the same path as `bear chat`, in a "
                                      "fresh store. Last line: answered=<k>/<n>.")
    _common(ech)
    ech.add_argument("table", metavar="FILE.tsv", help="columns says, expect_regex, context (' | '-separated)")

    models = sub.add_parser("models", help="install, list and verify models",
                            description="Manage the models listed in the model manifest.")
    msub = models.add_subparsers(dest="models_command", metavar="ACTION", required=True)
    mlist = msub.add_parser("list", help="show every model: installed / missing / corrupt, size, licence")
    _common(mlist)
    mfetch = msub.add_parser("fetch", help="install models from their official URLs or a mirror",
                             description="Install models (all of them when no NAME is given). Each file "
                                         "is checked against the manifest's sha256 before it is used.")
    _common(mfetch)
    mfetch.add_argument("names", nargs="*", metavar="NAME", help="models to install (default: all)")
    mfetch.add_argument("--from", dest="mirror", default=None, metavar="DIR",
                        help="copy from this mirror directory instead of downloading "
                             "(models it does not carry are skipped when no NAME is given)")
    mfetch.add_argument("--force", action="store_true", help="reinstall even if already installed")
    mverify = msub.add_parser("verify", help="re-check the checksum of every installed model")
    _common(mverify)
    return parser


EX_PIPE = 141  # 128 + SIGPIPE: what a shell reports for any program whose reader went away


def main(argv: list[str] | None = None) -> int:
    """`bear ...`: the exit code. When the reader of our output goes away (`bear status | head -1`)
    the command ends quietly with 141, as a program killed by SIGPIPE would, without a traceback."""
    try:
        try:
            return _main(argv)
        finally:
            sys.stdout.flush()  # here, not at exit, so that a closed pipe is seen here
    except BrokenPipeError:
        import os

        try:  # whatever is still buffered goes nowhere: no "Exception ignored" at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EX_PIPE


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    from pathlib import Path

    from bear.config import EX_CONFIG, ConfigError, load_config

    for name in ("config", "wav", "mirror"):  # plain strings until now: pathlib costs 5 ms to import
        if getattr(args, name, None) is not None:
            setattr(args, name, Path(getattr(args, name)))

    try:
        cfg = load_config(args.config)
    except ConfigError as exc:
        print(f"bear: {exc}", file=sys.stderr)
        return EX_CONFIG
    from bear.logs import setup_logging

    setup_logging(args.log_level or cfg.logging.level)
    if args.command == "run":
        return _run(cfg, args)
    if args.command == "say":
        from bear.speech.cli import say

        return say(cfg, args.text, Path(args.out), args.voice, args.engine)
    if args.command == "doctor":
        from bear.doctor import main as doctor_main

        return doctor_main(cfg)
    if args.command == "status":
        from bear.statusd import main as status_main

        return status_main(cfg, args.json)
    if args.command == "forget":
        return _forget(cfg, args.yes)
    if args.command == "sync":
        return _sync(cfg)
    if args.command == "cache":
        from bear.speech.cache_builder import build_command

        return build_command(cfg, args.max_s)
    if args.command == "demo":
        from bear.demo import demo

        return demo(cfg, Path(args.out), args.at)
    if args.command == "bench":
        from bear.bench import bench

        if args.soak is not None:
            from bear.soak import soak

            if args.soak < 1:
                print("bear: bench: --soak must be at least 1", file=sys.stderr)
                return 2
            return soak(cfg, Path(args.out).absolute(), turns=args.soak,
                        json_path=Path(args.json) if args.json else None)
        if not 1 <= args.lines <= 20:
            print("bear: bench: --lines must be 1 to 20", file=sys.stderr)
            return 2
        return bench(cfg, Path(args.out).absolute(), lines=args.lines, idle_s=args.idle,
                     json_path=Path(args.json) if args.json else None, pi=args.pi, cache_build_s=args.cache_build_s)
    if args.command == "chat":
        from bear.talk.cli import chat

        return chat(cfg, args.text)
    if args.command == "emotion":
        from bear.emotion.cli import main as emotion_main

        return emotion_main(cfg, args.text)
    if args.command == "eval" and args.eval_command in ("safety", "chat"):
        from bear.talk import evaluate

        run = evaluate.eval_safety if args.eval_command == "safety" else evaluate.eval_chat
        return run(cfg, Path(args.table))
    if args.command in ("transcribe", "listen", "eval"):
        from bear.hearing import cli as hearing_cli

        if args.command == "transcribe":
            return hearing_cli.transcribe(cfg, [Path(f) for f in args.files])
        if args.command == "listen":
            return hearing_cli.listen(cfg, Path(args.file), press_at=args.press)
        if args.eval_command == "stt":
            return hearing_cli.eval_stt(cfg, Path(args.manifest), stream=args.stream, group=args.group)
        return hearing_cli.eval_wake(cfg, Path(args.positives), Path(args.negatives))
    from bear import modelcli

    return modelcli.main(cfg, args)


def _control(cfg, command: str, timeout: float):
    """Send `command` to the running bear: its answer, None if it is not running, or an exit code."""
    from bear.statusd import CONTROL_NAME, fetch

    path = cfg.paths.runtime_dir / CONTROL_NAME
    try:
        answer = fetch(path, timeout, command=command)
    except (FileNotFoundError, ConnectionRefusedError):
        return None
    except PermissionError:
        print(f"bear: {command}: the bear is running and {path} is its user's: run `sudo -u bear bear {command}`",
              file=sys.stderr)
        return 1
    except (OSError, ValueError) as exc:
        print(f"bear: {command}: the running bear did not answer on {path}: {exc}", file=sys.stderr)
        return 1
    if "error" in answer:
        print(f"bear: {command}: {answer['error']}", file=sys.stderr)
        return 1
    return answer


def _sync(cfg) -> int:
    answer = _control(cfg, "sync", timeout=5.0)
    if answer is None:
        print("bear: sync: the bear is not running (sync runs inside it)", file=sys.stderr)
        return 3
    if isinstance(answer, int):
        return answer
    print("Sync requested. Follow it with: journalctl -u bear -f -g 'event=sync_' (or bear status)")
    return 0


def _forget(cfg, yes: bool) -> int:
    import asyncio

    from bear.store import Store, StoreError

    if not yes:
        answer = input(f"Erase everything the bear remembers in {cfg.db_path}? Type yes: ")
        if answer.strip().lower() != "yes":
            print("Nothing erased.")
            return 1

    async def main() -> dict:
        store = await Store.open(cfg.db_path, integrity_check=False)
        try:
            return await store.forget()
        finally:
            await store.close()

    answer = _control(cfg, "forget", timeout=60.0)
    if isinstance(answer, int):
        return answer
    if answer is not None:  # the running bear forgot, as when the parent button is held
        erased = answer["erased"]
    else:
        try:
            erased = asyncio.run(main())
        except StoreError as exc:
            print(f"bear: {exc}", file=sys.stderr)
            return 1
    from bear.speech.cache import FOLDER, PhraseCache

    voiced = PhraseCache(cfg.paths.data_dir / FOLDER, 0).forget_personal()  # the bear's voice saying the name
    print(f"Erased {erased['turns']} turns in {erased['sessions']} conversations, {erased['safety_flags']} safety "
          f"flags, the child's name and favourite things ({voiced} recordings of the bear saying it), settings "
          f"and sync state.")
    return 0


def _run(cfg, args) -> int:
    import dataclasses

    from bear.daemon import Daemon

    if args.wav is not None:
        if not args.wav.is_file():
            print(f"bear: --wav: no such file: {args.wav}", file=sys.stderr)
            return 2
        audio_in = dataclasses.replace(cfg.audio.input, backend="wav", wav_path=args.wav.absolute())
        cfg = dataclasses.replace(cfg, audio=dataclasses.replace(cfg.audio, input=audio_in))
    if args.press and cfg.gpio.backend != "mock":
        print("bear: --press needs gpio.backend = \"mock\" (on a bear, press the real paw)", file=sys.stderr)
        return 2
    return run_daemon(lambda: Daemon.create(cfg, presses=args.press), args.duration)


def run_daemon(create, duration: float | None = None) -> int:
    """Build and run the daemon; exit codes: 0, 1 (could not start, or failed). If an engine
    thread is still busy in native code at the end (a model load interrupted by the stop), the
    process exits at once after flushing its logs, without the interpreter's shutdown that could
    abort under it ("terminate called without an active exception")."""
    import asyncio
    import logging
    import os

    from bear.lock import AlreadyRunning

    log = logging.getLogger("bear.daemon")

    async def main() -> tuple[int, list[str]]:
        try:
            daemon = await create()
        except AlreadyRunning as exc:
            log.critical("event=already_running error=%r", str(exc))
            return 1, []
        except Exception as exc:  # store, manifest, content files ...: say what, exit non-zero
            log.critical("event=start_failed error=%r", f"{type(exc).__name__}: {exc}")
            return 1, []
        return await daemon.run(duration), daemon.stuck_engines

    code, stuck = asyncio.run(main())
    if stuck:
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
