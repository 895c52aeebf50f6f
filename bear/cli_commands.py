"""What each `bear` command does: the parsed arguments dispatched to the module that runs it
(imported only then), and the daemon's own commands (run, forget, sync)."""

from __future__ import annotations

import argparse
import sys


def dispatch(args: argparse.Namespace) -> int:
    """Run the command the parsed `args` name; its exit code."""
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
    if args.command in ("transcribe", "listen", "eval", "enrol"):
        from bear.hearing import cli as hearing_cli

        if args.command == "enrol":
            return hearing_cli.enrol(cfg, [Path(f) for f in args.files])
        if args.command == "transcribe":
            return hearing_cli.transcribe(cfg, [Path(f) for f in args.files])
        if args.command == "listen":
            return hearing_cli.listen(cfg, Path(args.file), press_at=args.press)
        if args.eval_command == "stt":
            return hearing_cli.eval_stt(cfg, Path(args.manifest), stream=args.stream, listen=args.listen,
                                         group=args.group)
        return hearing_cli.eval_wake(cfg, Path(args.positives), Path(args.negatives), snr_db=args.snr,
                                     noise_dir=Path(args.noise) if args.noise else None)
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

    from bear.hearing.enrol import erase as erase_enrolment

    voiced = PhraseCache(cfg.paths.data_dir / FOLDER, 0).forget_personal()  # the bear's voice saying the name
    enrolled = erase_enrolment(cfg.paths.data_dir) or bool(erased.get("enrolment"))
    print(f"Erased {erased['turns']} turns in {erased['sessions']} conversations, {erased['safety_flags']} safety "
          f"flags, the child's name and favourite things ({voiced} recordings of the bear saying it), settings, "
          f"sync state{' and the enrolled wake voice' if enrolled else ''}.")
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

