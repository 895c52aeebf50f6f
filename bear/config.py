"""Configuration: one TOML file parsed once into frozen, documented dataclasses.

Every key has a default, a type and (where it matters) a range; `systemd/bear.example.toml`
documents each one. Unknown keys, wrong types and out-of-range values raise `ConfigError`
with one line naming the key and the bad value; the CLI turns that into exit code 78
(EX_CONFIG) so systemd stops restarting a bear that cannot start.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path

EX_CONFIG = 78
DEFAULT_CONFIG_PATH = Path("/etc/bear/bear.toml")


class ConfigError(Exception):
    """A configuration problem, phrased as one line for a technician."""


class Secret(str):
    """A string that never shows itself in logs, reprs or status output."""

    def __repr__(self) -> str:
        return "'***'" if self else "''"


def _opt(default, doc: str, *, min=None, max=None, choices=None):
    meta = {"doc": doc, "min": min, "max": max, "choices": choices}
    return field(default=default, metadata=meta)


@dataclass(frozen=True)
class PathsConfig:
    """Where the bear keeps its files."""

    model_dir: Path = _opt(Path("/var/lib/bear/models"),
                           "Installed models (env BEAR_MODEL_DIR overrides).")
    data_dir: Path = _opt(Path("/var/lib/bear"), "The store (bear.db) and other state.")
    runtime_dir: Path = _opt(Path("/run/bear"), "Sockets and other files that vanish at reboot.")
    manifest: Path = _opt(Path(""), "Model manifest; empty = the manifest that ships with bear.")


@dataclass(frozen=True)
class AudioInputConfig:
    """The microphone (or a WAV file standing in for it)."""

    backend: str = _opt("sounddevice", "Where audio comes from.", choices=("sounddevice", "wav"))
    device: str = _opt("", "sounddevice input device name or index; empty = system default.")
    wav_path: Path = _opt(Path(""), "With backend = \"wav\": the recording to play as the microphone.")
    realtime: bool = _opt(True, "With backend = \"wav\": pace the file in real time (false = as fast as possible).")
    at_end: str = _opt("silence", "With backend = \"wav\": after the file, feed silence or stop capturing.",
                       choices=("silence", "stop"))
    ring_seconds: float = _opt(12.0, "Capture ring buffer length (fixed memory).", min=10.0, max=120.0)
    block_ms: int = _opt(32, "Capture block length in milliseconds.", min=10, max=200)
    reconnect_max_s: float = _opt(5.0, "Longest wait between attempts to reopen a failed device "
                                  "(systemd's watchdog restarts a bear whose microphone stays dead).",
                                  min=0.1, max=600.0)


@dataclass(frozen=True)
class AudioOutputConfig:
    """The speaker (or WAV files standing in for it)."""

    backend: str = _opt("sounddevice", "Where speech goes.", choices=("sounddevice", "wav"))
    device: str = _opt("", "sounddevice output device name or index; empty = system default.")
    wav_dir: Path = _opt(Path(""), "With backend = \"wav\": folder for reply WAV files (empty = <data_dir>/replies).")
    sample_rate: int = _opt(0, "Output rate in Hz; 0 = the device's default (48000 for WAV files).",
                            min=0, max=192000)
    volume: float = _opt(0.8, "Speech volume, 0.0 to 1.0.", min=0.0, max=1.0)


@dataclass(frozen=True)
class AudioConfig:
    input: AudioInputConfig = field(default_factory=AudioInputConfig)
    output: AudioOutputConfig = field(default_factory=AudioOutputConfig)


@dataclass(frozen=True)
class VadConfig:
    """Voice activity detection (Silero VAD)."""

    threshold: float = _opt(0.5, "Speech probability at or above which a frame is speech.", min=0.05, max=0.95)
    min_speech_ms: int = _opt(96, "Speech must last this long before it counts (32 ms frames).", min=32, max=2000)
    hangover_ms: int = _opt(512, "Quiet this long ends a stretch of speech (and makes the next one an onset).",
                            min=64, max=5000)


@dataclass(frozen=True)
class SttConfig:
    """Speech-to-text."""

    engine: str = _opt("auto", "auto = Vosk when its model is installed, else PocketSphinx.",
                       choices=("auto", "vosk", "pocketsphinx"))
    vosk_model: str = _opt("vosk-model-small-en-us-0.15", "Which installed Vosk model (a manifest name).")
    vosk_max_active: int = _opt(2000, "Vosk decoder max-active states (lower = faster on a Pi).",
                                min=100, max=20000)
    vosk_beam: float = _opt(10.0, "Vosk decoder beam (lower = faster, less accurate).", min=1.0, max=30.0)
    phrases: tuple[str, ...] = _opt((), "If set, Vosk only recognises these phrases (a runtime grammar).")
    sphinx_warp: float = _opt(0.9, "PocketSphinx vocal-tract-length normalisation (inverse-linear frequency "
                              "warp) for children's higher voices; 1.0 = off.", min=0.7, max=1.3)


@dataclass(frozen=True)
class WakeConfig:
    """Waking the bear: a spoken phrase, an openWakeWord model, or the paw button."""

    engine: str = _opt("phrase", "phrase = spot `phrase` with the speech-to-text engine; openwakeword = "
                       "an openWakeWord head; none = the paw button only.",
                       choices=("phrase", "openwakeword", "none"))
    phrase: str = _opt("hey teddy", "The wake phrase (any words in the engine's dictionary; no training).")
    sensitivity: float = _opt(0.3, "Phrase spotting sensitivity, 0 (strict) to 1 (eager).", min=0.0, max=1.0)
    onset_window_ms: int = _opt(300, "Second stage: the phrase must begin within this of the start of speech "
                                "after a pause (0 = anywhere).", min=0, max=3000)
    openwakeword_model: str = _opt("openwakeword-hey-jarvis", "With engine = \"openwakeword\": the head (a manifest name).")
    openwakeword_threshold: float = _opt(0.5, "openWakeWord score that wakes the bear.", min=0.05, max=0.99)


@dataclass(frozen=True)
class ListenConfig:
    """Utterances: when they start and end."""

    trailing_silence_ms: int = _opt(600, "Silence that ends an utterance.", min=100, max=5000)
    max_utterance_s: float = _opt(15.0, "Longest utterance.", min=1.0, max=60.0)
    no_speech_timeout_s: float = _opt(5.0, "After waking, go back to waiting if nobody speaks for this long.",
                                      min=0.5, max=60.0)
    preroll_ms: int = _opt(300, "Audio from just before a paw press that belongs to the utterance.",
                           min=0, max=2000)


@dataclass(frozen=True)
class GpioConfig:
    """Buttons and LEDs (gpiozero, BCM pin numbers)."""

    backend: str = _opt("real", "real = the Pi's GPIO; mock = gpiozero's MockFactory (tests, development).",
                        choices=("real", "mock"))
    paw_pin: int = _opt(17, "The paw (push-to-talk) button; 0 = none.", min=0, max=40)


@dataclass(frozen=True)
class MemoryConfig:
    """The memory watchdog: unloads models when memory runs short."""

    high_water_percent: float = _opt(70.0, "System memory use (%) above which models are unloaded.",
                                     min=10.0, max=99.0)
    low_water_percent: float = _opt(60.0, "Unloading stops once system memory use falls below this (%).",
                                    min=5.0, max=98.0)
    rss_budget_mb: int = _opt(0, "Also unload when the bear's own RSS exceeds this (MB); 0 = no budget.",
                              min=0, max=65536)
    check_interval_s: float = _opt(1.0, "How often memory is read.", min=0.1, max=60.0)


@dataclass(frozen=True)
class StoreConfig:
    """The embedded SQLite store."""

    filename: str = _opt("bear.db", "Database file name inside data_dir.")
    integrity_check: bool = _opt(True, "Run PRAGMA integrity_check at start (a corrupt file is moved aside).")


@dataclass(frozen=True)
class SyncConfig:
    """The parent's sync endpoint (used by the parent button)."""

    url: str = _opt("", "HTTPS URL of the parent's endpoint; empty = sync off.")
    token: Secret = _opt(Secret(""), "Device token sent to the endpoint (never logged).")


@dataclass(frozen=True)
class LoggingConfig:
    level: str = _opt("info", "Log level.", choices=("debug", "info", "warning", "error"))
    status_interval_s: float = _opt(30.0, "How often `event=status` is logged; 0 = never.", min=0.0, max=3600.0)


@dataclass(frozen=True)
class Config:
    """The whole configuration. Build it with `load_config`, never by hand in production."""

    paths: PathsConfig = field(default_factory=PathsConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    vad: VadConfig = field(default_factory=VadConfig)
    stt: SttConfig = field(default_factory=SttConfig)
    wake: WakeConfig = field(default_factory=WakeConfig)
    listen: ListenConfig = field(default_factory=ListenConfig)
    gpio: GpioConfig = field(default_factory=GpioConfig)
    memory: MemoryConfig = field(default_factory=MemoryConfig)
    store: StoreConfig = field(default_factory=StoreConfig)
    sync: SyncConfig = field(default_factory=SyncConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    source: str = field(default="<defaults>", metadata={"internal": True})

    @property
    def manifest_path(self) -> Path:
        if str(self.paths.manifest) not in ("", "."):
            return self.paths.manifest
        return Path(__file__).resolve().parent.parent / "models" / "manifest.toml"

    @property
    def db_path(self) -> Path:
        return self.paths.data_dir / self.store.filename

    @property
    def reply_dir(self) -> Path:
        wav_dir = self.audio.output.wav_dir
        return wav_dir if str(wav_dir) not in ("", ".") else self.paths.data_dir / "replies"

    def redacted(self) -> dict:
        """The configuration as a plain dict with every secret replaced by '***'."""
        return _to_dict(self)


def _to_dict(obj) -> dict:
    out = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        if dataclasses.is_dataclass(value):
            out[f.name] = _to_dict(value)
        elif isinstance(value, Secret):
            out[f.name] = "***" if value else ""
        elif isinstance(value, Path):
            out[f.name] = str(value)
        elif isinstance(value, tuple):
            out[f.name] = list(value)
        else:
            out[f.name] = value
    return out


def _describe(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _convert(key: str, ftype, value, meta: dict, base_dir: Path):
    """Check one value against its field's type and range, returning the typed value."""
    if ftype is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"config: {key} must be true or false, got {_describe(value)}")
        return value
    if ftype is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"config: {key} must be a whole number, got {_describe(value)}")
    elif ftype is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ConfigError(f"config: {key} must be a number, got {_describe(value)}")
        value = float(value)
    elif ftype == tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"config: {key} must be a list of strings, got {_describe(value)}")
        value = tuple(value)
    elif ftype in (str, Secret, Path):
        if not isinstance(value, str):
            raise ConfigError(f"config: {key} must be a string, got {_describe(value)}")
        if ftype is Secret:
            value = Secret(value)
        elif ftype is Path:
            value = base_dir / value if value and not Path(value).is_absolute() else Path(value)
    else:  # pragma: no cover - a programming error in this module
        raise TypeError(f"unsupported config type {ftype!r} for {key}")
    shown = "***" if ftype is Secret else _describe(value)
    if meta.get("choices") and value not in meta["choices"]:
        allowed = ", ".join(repr(c) for c in meta["choices"])
        raise ConfigError(f"config: {key} must be one of {allowed}, got {shown}")
    if meta.get("min") is not None and value < meta["min"]:
        raise ConfigError(f"config: {key} must be at least {meta['min']}, got {shown}")
    if meta.get("max") is not None and value > meta["max"]:
        raise ConfigError(f"config: {key} must be at most {meta['max']}, got {shown}")
    return value


def _build(cls, table: dict, prefix: str, base_dir: Path):
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.metadata.get("internal")}
    kwargs = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if name not in fields:
            raise ConfigError(f"config: unknown key {key}")
        ftype = hints[name]
        if dataclasses.is_dataclass(ftype):
            if not isinstance(value, dict):
                raise ConfigError(f"config: {key} must be a table ([{key}]), got {_describe(value)}")
            kwargs[name] = _build(ftype, value, f"{key}.", base_dir)
        else:
            kwargs[name] = _convert(key, ftype, value, fields[name].metadata, base_dir)
    return cls(**kwargs)


def _cross_checks(cfg: Config) -> None:
    m = cfg.memory
    if m.low_water_percent >= m.high_water_percent:
        raise ConfigError(
            f"config: memory.low_water_percent ({m.low_water_percent}) must be below "
            f"memory.high_water_percent ({m.high_water_percent})")
    if cfg.audio.input.backend == "wav" and str(cfg.audio.input.wav_path) in ("", "."):
        raise ConfigError('config: audio.input.wav_path must be set when audio.input.backend = "wav"')
    if cfg.sync.url and not cfg.sync.url.startswith("https://"):
        raise ConfigError(f"config: sync.url must start with https://, got {_describe(cfg.sync.url)}")


def parse_config(text: str, *, source: str = "<string>", base_dir: Path | None = None,
                 env: typing.Mapping[str, str] | None = None) -> Config:
    """Parse TOML text into a `Config`. Relative paths are taken from `base_dir`."""
    env = os.environ if env is None else env
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config: {source} is not valid TOML: {exc}") from None
    cfg = _build(Config, table, "", base_dir or Path.cwd())
    if env.get("BEAR_MODEL_DIR"):
        cfg = dataclasses.replace(
            cfg, paths=dataclasses.replace(cfg.paths, model_dir=Path(env["BEAR_MODEL_DIR"]).absolute()))
    cfg = dataclasses.replace(cfg, source=source)
    _cross_checks(cfg)
    return cfg


def load_config(path: Path | None = None, *, env: typing.Mapping[str, str] | None = None) -> Config:
    """Load the configuration from `path`, `$BEAR_CONFIG` or /etc/bear/bear.toml.

    A missing file is an error when it was named explicitly; the default path may be absent,
    in which case every default applies.
    """
    env = os.environ if env is None else env
    explicit = path is not None or bool(env.get("BEAR_CONFIG"))
    path = Path(path or env.get("BEAR_CONFIG") or DEFAULT_CONFIG_PATH)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"config: file not found: {path}") from None
        return parse_config("", source="<defaults>", env=env)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config: cannot read {path}: {exc}") from None
    return parse_config(text, source=str(path), base_dir=path.resolve().parent, env=env)


def iter_options(cls=Config, prefix: str = ""):
    """Yield (key, default, field metadata) for every option, in declaration order (for docs/tests)."""
    hints = typing.get_type_hints(cls)
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        if dataclasses.is_dataclass(hints[f.name]):
            yield from iter_options(hints[f.name], f"{prefix}{f.name}.")
        else:
            default = f.default if f.default is not dataclasses.MISSING else f.default_factory()
            yield f"{prefix}{f.name}", default, f.metadata
