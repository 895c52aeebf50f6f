#!/usr/bin/env bash
# Install bear on a Raspberry Pi (Raspberry Pi OS / Debian) as a systemd service.
#
#   sudo scripts/install-pi.sh [--from MODEL_MIRROR_DIR]
#
# Creates the `bear` user (groups audio, gpio), /opt/bear/{src,venv}, /etc/bear/bear.toml (kept
# if it exists), /var/lib/bear with the models and the phrase cache (`bear cache build`, at most
# CACHE_BUILD_S=600 s here), and enables + starts bear.service. Safe to run
# again to upgrade. For tests: ROOT_DIR=/some/dir installs below that folder, and
# SKIP_SYSTEM=1 skips apt, useradd, chown and systemctl.
set -euo pipefail
SRC=$(cd "$(dirname "$0")/.." && pwd)
ROOT_DIR=${ROOT_DIR:-}
SKIP_SYSTEM=${SKIP_SYSTEM:-0}
MIRROR=""
while [ $# -gt 0 ]; do
  case "$1" in
    --from) MIRROR=$(cd "$2" && pwd); shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "install-pi.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
OPT=$ROOT_DIR/opt/bear
ETC=$ROOT_DIR/etc/bear
STATE=$ROOT_DIR/var/lib/bear
UNIT_DIR=$ROOT_DIR/etc/systemd/system
step() { echo "== $*"; }

if [ "$SKIP_SYSTEM" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "install-pi.sh: run as root (sudo)" >&2; exit 1; }
  step "system packages"
  apt-get update -qq
  apt-get install -y -qq python3 python3-venv libportaudio2 >/dev/null
  step "user bear"
  getent group gpio >/dev/null || groupadd --system gpio
  id bear >/dev/null 2>&1 || useradd --system --home-dir /var/lib/bear --no-create-home \
      --shell /usr/sbin/nologin bear
  usermod -a -G audio,gpio bear
fi

step "source and venv in $OPT"
mkdir -p "$OPT/src"
tar -C "$SRC" --exclude=./.venv --exclude=./var --exclude=./.git --exclude='*/__pycache__' -cf - . \
  | tar -C "$OPT/src" -xf -
[ -x "$OPT/venv/bin/python" ] || python3 -m venv "$OPT/venv"
"$OPT/venv/bin/python" -m pip install -q --disable-pip-version-check --upgrade "$OPT/src"

step "configuration in $ETC"
mkdir -p "$ETC" "$STATE/models"
if [ ! -f "$ETC/bear.toml" ]; then
  {
    echo "# Written by install-pi.sh. Every key and its default: $OPT/src/systemd/bear.example.toml"
    echo "[paths]"
    echo "manifest = \"$OPT/src/models/manifest.toml\""
    echo "model_dir = \"$STATE/models\""
    echo "data_dir = \"$STATE\""
    echo "runtime_dir = \"$ROOT_DIR/run/bear\""
    echo
    echo "[memory]"
    echo "# Below the unit's MemoryHigh=400M, so the bear unloads models before the kernel squeezes it."
    echo "rss_budget_mb = 350"
  } > "$ETC/bear.toml"
fi
"$OPT/venv/bin/bear" models list --config "$ETC/bear.toml" >/dev/null  # exits 78 on a bad config

step "models in $STATE/models"
if [ -n "$MIRROR" ]; then
  "$OPT/venv/bin/bear" models fetch --config "$ETC/bear.toml" --from "$MIRROR"
else
  "$OPT/venv/bin/bear" models fetch --config "$ETC/bear.toml"
fi

step "systemd unit"
mkdir -p "$UNIT_DIR"
install -m 0644 "$OPT/src/systemd/bear.service" "$UNIT_DIR/bear.service"
if [ "$SKIP_SYSTEM" != 1 ]; then
  chown -R root:bear "$ETC" && chmod 0750 "$ETC" && chmod 0640 "$ETC/bear.toml"
  chown -R bear:bear "$STATE" && chmod 0700 "$STATE"
  step "phrase cache (the bear's fixed lines in its voice; the running bear finishes it while idle)"
  runuser -u bear -- "$OPT/venv/bin/bear" cache build --config "$ETC/bear.toml" --max-s "${CACHE_BUILD_S:-600}" \
    || echo "install-pi.sh: the phrase cache was not built now; the bear builds it while idle" >&2
  systemctl daemon-reload
  systemctl enable --now bear.service
  systemctl --no-pager status bear.service || true
  echo "Follow it with: journalctl -u bear -f"
fi
step "done"
