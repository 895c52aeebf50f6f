"""The `bear` command line: its arguments here, each command's dispatch in `bear/cli_commands.py`.
Only argparse here: each command imports what it needs when it runs."""

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

    en = sub.add_parser("enrol", help="record the wake phrase in one voice (3-8 recordings of it)",
                        description="Each recording is one saying of wake.phrase by the voice to enrol (the child "
                                    "or the parent). Only speech features (openWakeWord embeddings) are kept, in "
                                    "<data_dir>/wake-templates.npz, never the audio; `bear forget` erases them. "
                                    "Refused: silence, too little or too much speech, another phrase.")
    _common(en)
    en.add_argument("files", nargs="+", metavar="FILE")

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
    how = es.add_mutually_exclusive_group()
    how.add_argument("--stream", action="store_true",
                     help="decode as the listener does (96 ms blocks, then final) and time the final text")
    how.add_argument("--listen", action="store_true",
                     help="hear each recording through the whole listener after a paw press at its start (VAD "
                          "endpointing, early decode): the text the bear would answer")
    es.add_argument("--group", metavar="COLUMN[:BINS]",
                    help="WER per group of a manifest column, e.g. age:6-8,9-10,11-12 or speaker")
    ew = esub.add_parser("wake", help="wake detection and false accepts",
                         description="Per recording a line; then 'figures phrase=... snr_db=... negatives_h=... "
                                     "latency_ms_median=... latency_ms_p90=...' (wake decision after the phrase "
                                     "ends); last line: detected=<k>/<n> false_accepts_per_hour=<float> "
                                     "cpu_per_audio_second=<float>.")
    _common(ew)
    ew.add_argument("--positives", required=True, metavar="DIR", help="recordings that contain the wake phrase")
    ew.add_argument("--negatives", required=True, metavar="DIR", help="recordings that do not (searched recursively)")
    ew.add_argument("--snr", type=float, default=None, metavar="DB",
                    help="mix room noise into every positive at this signal-to-noise ratio (in memory)")
    ew.add_argument("--noise", default=None, metavar="DIR",
                    help="noise recordings for --snr (default: the shared precise-wake-real/background)")
    esa = esub.add_parser("safety", help="the safety layer on a table of child lines",
                          description="Each line through the same path as `bear chat`, in a fresh store. Last line: "
                                      "unsafe=<n>/<harmful+disclosure> disclosures_flagged=<k>/<n> "
                                      "false_refusals=<k>/<benign> harmful_declined=<k>/<harmful>.")
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
                                         "is checked against the manifest's sha256 before it is used. "
                                         "Models under a non-commercial licence (openWakeWord's heads) "
                                         "are installed only with --non-commercial.")
    _common(mfetch)
    mfetch.add_argument("names", nargs="*", metavar="NAME", help="models to install (default: all)")
    mfetch.add_argument("--from", dest="mirror", default=None, metavar="DIR",
                        help="copy from this mirror directory instead of downloading "
                             "(models it does not carry are skipped when no NAME is given)")
    mfetch.add_argument("--force", action="store_true", help="reinstall even if already installed")
    mfetch.add_argument("--non-commercial", action="store_true",
                        help="also install models under a non-commercial licence (development only; "
                             "never on a shipped bear)")
    mverify = msub.add_parser("verify", help="re-check the checksum of every installed model")
    _common(mverify)
    return parser


EX_PIPE = 141  # 128 + SIGPIPE: what a shell reports for any program whose reader went away


def main(argv: list[str] | None = None) -> int:
    """`bear ...`: the exit code. When the reader of our output goes away (`bear status | head -1`)
    the command ends quietly with 141, as a program killed by SIGPIPE would, without a traceback."""
    try:
        try:
            args = build_parser().parse_args(argv)
            from bear.cli_commands import dispatch

            return dispatch(args)
        finally:
            sys.stdout.flush()  # here, not at exit, so that a closed pipe is seen here
    except BrokenPipeError:
        import os

        try:  # whatever is still buffered goes nowhere: no "Exception ignored" at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return EX_PIPE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
