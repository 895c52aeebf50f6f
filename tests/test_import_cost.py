"""`import bear` and `bear --help` must cost only the standard library (timings: scripts/bench_foundation.py)."""

import subprocess
import sys

from conftest import ROOT

HEAVY = {"numpy", "onnxruntime", "vosk", "piper", "pocketsphinx", "sounddevice", "gpiozero",
         "aiosqlite", "psutil", "soundfile", "soxr", "cffi"}


def _imported(code: str) -> set[str]:
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True,
                          text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    names = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip().split(".")[0])
    return names - {"imported package", "sitecustomize", "usercustomize"}  # header, site's own hooks


def test_import_bear_is_standard_library_only():
    names = _imported("import bear")
    outside = {n for n in names if n not in sys.stdlib_module_names and n != "bear"
               and not n.startswith(("_distutils_hack", "__editable__"))}
    assert not outside, f"import bear pulls in: {sorted(outside)}"


def test_cli_help_and_parser_import_no_heavy_library():
    names = _imported("import sys; sys.argv = ['bear', '--help']\n"
                      "from bear.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass")
    assert not names & HEAVY, sorted(names & HEAVY)
    names = _imported("import bear.cli, bear.config, bear.daemon, bear.store, bear.models.registry, "
                      "bear.models.fetch, bear.audio.capture, bear.audio.playback, bear.audio.ring, "
                      "bear.hearing.setup, bear.hearing.cli, bear.speech.tts, bear.speech.cli")
    assert not names & HEAVY, f"module-level imports of {sorted(names & HEAVY)}"
