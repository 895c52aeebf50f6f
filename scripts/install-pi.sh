#!/usr/bin/env bash
# Install or upgrade bear on a Raspberry Pi (64-bit Raspberry Pi OS bookworm / Debian 12) as a
# systemd service.
#
#   sudo scripts/install-pi.sh [--from MODEL_MIRROR_DIR] [--wheelhouse DIR] [--dry-run]
#   sudo scripts/install-pi.sh --rollback
#
# Each install is a new release, /opt/bear/releases/<time>/{src,venv}: a fresh venv with the
# hash-locked requirements/<arch>.txt (`pip install --require-hashes`; from DIR or DIR/<arch>
# only, without network, with --wheelhouse: see scripts/lock_requirements.py), checked by
# running it, then switched to atomically by the symlink /opt/bear/current. The release before
# stays as /opt/bear/previous (--rollback switches back to it); older ones are removed, so files
# deleted from bear are gone after an upgrade. /usr/local/bin/bear -> /opt/bear/current/venv/bin/bear.
# Also: the `bear` user (groups audio, gpio), /etc/bear/bear.toml (kept if it exists),
# /var/lib/bear with the models (never a non-commercial one) and the phrase cache (`bear cache
# build`, at most CACHE_BUILD_S=600 s here), and bear.service enabled and
# (re)started. For tests: ROOT_DIR=/some/dir installs below that folder, SKIP_SYSTEM=1 skips apt,
# useradd, chown and systemctl.
set -euo pipefail
SRC=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ROOT_DIR=${ROOT_DIR:-}
SKIP_SYSTEM=${SKIP_SYSTEM:-0}
PY=${PYTHON:-python3}
LOCKED_PYTHON=3.11  # requirements/*.txt are resolved for CPython 3.11 (Raspberry Pi OS bookworm)
OPT=$ROOT_DIR/opt/bear
ETC=$ROOT_DIR/etc/bear
STATE=$ROOT_DIR/var/lib/bear
UNIT_DIR=$ROOT_DIR/etc/systemd/system
BIN=$ROOT_DIR/usr/local/bin

step() { echo "== $*"; }
die() { echo "install-pi.sh: $*" >&2; exit 1; }

# --- pure functions (tests/test_install.py sources this file and calls them) ---------------------

# lock_arch PLATFORM: the requirements file's architecture for Python's sysconfig.get_platform()
# (the userland, not the kernel: a 32-bit OS on a Pi 4/5 runs a 64-bit kernel).
lock_arch() {
  case "$1" in
    linux-aarch64) echo aarch64 ;;
    linux-x86_64) echo x86_64 ;;  # not a Pi: development machines and the install test
    linux-armv6l | linux-armv7l | linux-armv8l | linux-arm*)
      echo "bear needs a 64-bit OS (Raspberry Pi OS 64-bit, aarch64); this one is 32-bit ($1):" \
           "flash the 64-bit image (Raspberry Pi 3, 4, 5 and Zero 2 W can run it)" >&2; return 1 ;;
    *) echo "bear runs on 64-bit Linux on a Raspberry Pi (aarch64); this is $1" >&2; return 1 ;;
  esac
}

# check_python VERSION: the locked requirements are for one Python minor version.
check_python() {
  [ "$1" = "$LOCKED_PYTHON" ] && return 0
  echo "the locked requirements are for Python $LOCKED_PYTHON (Raspberry Pi OS bookworm); $PY is $1" >&2
  return 1
}

# wheel_dir DIR ARCH: the wheelhouse folder for ARCH (DIR/ARCH as lock_requirements.py writes it, or DIR).
wheel_dir() {
  if [ -d "$1/$2" ]; then echo "$1/$2"; elif [ -d "$1" ]; then echo "$1"; else
    echo "--wheelhouse: no such directory: $1" >&2; return 1; fi
}

# release_name: a new release folder's name (sortable time, unique).
release_name() { date -u +%Y%m%d-%H%M%S-$$; }

# stale_releases RELEASES_DIR KEEP...: releases that are neither current nor previous (to remove).
stale_releases() {
  local dir=$1 r k keep; shift
  for r in "$dir"/*; do
    [ -d "$r" ] || continue
    keep=0
    for k in "$@"; do [ "$(basename "$r")" = "$(basename "$k")" ] && keep=1; done
    [ $keep = 1 ] || echo "$r"
  done
}

# switch_link LINK TARGET: point LINK at TARGET atomically (rename over the old link).
switch_link() {
  ln -sfn "$2" "$1.new" && mv -Tf "$1.new" "$1"
}

# --- the install --------------------------------------------------------------------------------

run() { if [ "$DRY_RUN" = 1 ]; then echo "would run: $*"; else "$@"; fi; }

system_packages() {
  local pkgs=(python3 python3-venv libportaudio2)
  if [ -n "$WHEELHOUSE" ]; then  # offline: apt cannot fetch, only check
    local missing=()
    for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} = 0 ] || die "offline install: first install ${missing[*]} (apt-get install)"
    return
  fi
  run apt-get update -qq
  run apt-get install -y -qq "${pkgs[@]}"
}

new_release() {  # sets REL: the new release's folder, installed and checked
  local lock wh="" pipi
  REL=$OPT/releases/$(release_name)
  lock=$SRC/requirements/$ARCH.txt
  [ -f "$lock" ] || die "no locked requirements for $ARCH ($lock)"
  pipi=("$REL/venv/bin/python" -m pip install -q --disable-pip-version-check)
  if [ -n "$WHEELHOUSE" ]; then
    wh=$(wheel_dir "$WHEELHOUSE" "$ARCH") || exit 1
    pipi+=(--no-index --find-links "$wh")
  fi
  if [ "$DRY_RUN" = 1 ]; then
    echo "would install $REL: a venv with $lock (--require-hashes${wh:+, from $wh only}), then bear from $SRC"
    return
  fi
  # a failed install leaves the installed bear as it was
  install_release "$REL" "${pipi[@]}" || { rm -rf "$REL"; die "install failed; the installed bear is unchanged"; }
}

install_release() {  # install_release DIR PIP-INSTALL...: source, venv, locked dependencies, bear
  local rel=$1; shift
  mkdir -p "$rel/src" &&
  tar -C "$SRC" --exclude=./.venv --exclude=./var --exclude=./.git --exclude=./build \
      --exclude='*.egg-info' --exclude='*/__pycache__' -cf - . | tar -C "$rel/src" -xf - &&
  "$PY" -m venv "$rel/venv" &&
  "$@" --require-hashes -r "$rel/src/requirements/$ARCH.txt" &&
  "$@" --no-deps --no-build-isolation "$rel/src" &&
  "$rel/venv/bin/bear" --version >/dev/null
}

switch_to() {  # switch_to RELEASE: current -> RELEASE, previous -> the old current, remove the rest
  local rel=$1 old=""
  [ -L "$OPT/current" ] && old=$(readlink -f "$OPT/current")
  if [ -n "$old" ] && [ "$old" != "$rel" ]; then switch_link "$OPT/previous" "$old"; fi
  switch_link "$OPT/current" "$rel"
  mkdir -p "$BIN"
  switch_link "$BIN/bear" "$OPT/current/venv/bin/bear"
  local keep=("$rel")
  [ -L "$OPT/previous" ] && keep+=("$(readlink -f "$OPT/previous")")
  stale_releases "$OPT/releases" "${keep[@]}" | while read -r r; do rm -rf "$r"; done
  rm -rf "$OPT/src" "$OPT/venv"  # the layout before releases
}

write_config() {
  mkdir -p "$ETC" "$STATE/models"
  if [ ! -f "$ETC/bear.toml" ]; then
    {
      echo "# Written by install-pi.sh. Every key and its default: $OPT/current/src/systemd/bear.example.toml"
      echo "[paths]"
      echo "manifest = \"$OPT/current/src/models/manifest.toml\""
      echo "model_dir = \"$STATE/models\""
      echo "data_dir = \"$STATE\""
      echo "runtime_dir = \"$ROOT_DIR/run/bear\""
      echo
      echo "# Microphone and speaker: a sounddevice name (part of it) or index from"
      echo "# \`bear doctor\` or \`$OPT/current/venv/bin/python -m sounddevice\`; empty = the default device."
      echo "[audio.input]"
      echo "device = \"\""
      echo "[audio.output]"
      echo "device = \"\""
      echo
      echo "[memory]"
      echo "# Below the unit's MemoryHigh=400M, so the bear unloads models before the kernel squeezes it."
      echo "rss_budget_mb = 350"
    } > "$ETC/bear.toml"
  else  # written by the installer before releases: the manifest moved
    sed -i "s|\"$OPT/src/models/manifest.toml\"|\"$OPT/current/src/models/manifest.toml\"|" "$ETC/bear.toml"
  fi
}

restart_service() {
  [ "$SKIP_SYSTEM" = 1 ] && return
  systemctl daemon-reload
  systemctl enable bear.service
  systemctl restart bear.service
  systemctl --no-pager status bear.service || true
  echo "Follow it with: journalctl -u bear -f"
}

rollback() {
  [ -L "$OPT/previous" ] || die "no previous release to roll back to"
  local prev cur
  prev=$(readlink -f "$OPT/previous"); cur=$(readlink -f "$OPT/current")
  step "rolling back to $prev"
  switch_link "$OPT/current" "$prev"
  switch_link "$OPT/previous" "$cur"
  restart_service
  step "done"
}

main() {
  MIRROR="" WHEELHOUSE="" DRY_RUN=0
  local mode=install
  while [ $# -gt 0 ]; do
    case "$1" in
      --from) MIRROR=$(cd "$2" && pwd); shift 2 ;;
      --wheelhouse) WHEELHOUSE=$(cd "$2" && pwd) || die "--wheelhouse: no such directory: $2"; shift 2 ;;
      --dry-run) DRY_RUN=1; shift ;;
      --rollback) mode=rollback; shift ;;
      -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
      *) echo "install-pi.sh: unknown argument $1" >&2; exit 2 ;;
    esac
  done
  if [ "$SKIP_SYSTEM" != 1 ] && [ "$DRY_RUN" != 1 ]; then
    [ "$(id -u)" = 0 ] || die "run as root (sudo)"
  fi
  if [ $mode = rollback ]; then rollback; return; fi

  ARCH=$(lock_arch "$("$PY" -c 'import sysconfig; print(sysconfig.get_platform())')") || exit 1
  check_python "$("$PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" || exit 1
  step "bear for $ARCH${WHEELHOUSE:+, offline from $WHEELHOUSE}"

  if [ "$SKIP_SYSTEM" != 1 ]; then
    step "system packages"
    system_packages
    step "user bear"
    run sh -c 'getent group gpio >/dev/null || groupadd --system gpio'
    run sh -c 'id bear >/dev/null 2>&1 || useradd --system --home-dir /var/lib/bear --no-create-home --shell /usr/sbin/nologin bear'
    run usermod -a -G audio,gpio bear
  fi

  step "new release in $OPT/releases"
  new_release
  [ "$DRY_RUN" = 1 ] && { step "dry run: nothing changed"; return; }
  local rel=$REL

  step "configuration in $ETC"
  write_config
  # the configuration as the new release will read it (exit 78 on a bad key), before switching
  local check=$ETC/.bear.toml.check
  sed "s|$OPT/current/|$rel/|g" "$ETC/bear.toml" > "$check"
  "$rel/venv/bin/bear" models list --config "$check" >/dev/null || {
    rm -rf "$rel" "$check"; die "bad configuration $ETC/bear.toml (see above); the installed bear is unchanged"; }
  rm -f "$check"

  step "switching to $rel (previous release kept for --rollback)"
  switch_to "$rel"

  step "models in $STATE/models"
  # Only models whose licence allows a shipped bear (bear models fetch skips non-commercial ones).
  "$BIN/bear" models fetch --config "$ETC/bear.toml" ${MIRROR:+--from "$MIRROR"}

  step "systemd unit"
  mkdir -p "$UNIT_DIR"
  install -m 0644 "$OPT/current/src/systemd/bear.service" "$UNIT_DIR/bear.service"
  if [ "$SKIP_SYSTEM" != 1 ]; then
    chown -R root:bear "$ETC" && chmod 0750 "$ETC" && chmod 0640 "$ETC/bear.toml"
    chown -R bear:bear "$STATE" && chmod 0700 "$STATE"
    step "phrase cache (the bear's fixed lines in its voice; the running bear finishes it while idle)"
    runuser -u bear -- "$BIN/bear" cache build --config "$ETC/bear.toml" --max-s "${CACHE_BUILD_S:-600}" \
      || echo "install-pi.sh: the phrase cache was not built now; the bear builds it while idle" >&2
  fi
  restart_service
  step "done: $(readlink "$OPT/current"); bear is $BIN/bear"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
