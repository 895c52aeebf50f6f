"""Configuration: one TOML file parsed once into frozen, documented dataclasses.

Every key has a default, a type and (where it matters) a range; `systemd/bear.example.toml`
documents each one. Unknown keys, wrong types and out-of-range values raise `ConfigError`
with one line naming the key and the bad value; the CLI turns that into exit code 78
(EX_CONFIG) so systemd stops restarting a bear that cannot start.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path

from bear.config_schema import (  # noqa: F401  (re-exported: bear.config is the public module)
    AudioConfig, AudioInputConfig, AudioOutputConfig, EchoConfig, EmotionConfig, GpioConfig, ListenConfig, LlmConfig,
    LoggingConfig, MemoryConfig, MetricsConfig, PathsConfig, Secret, SpeechConfig, StoreConfig, SttConfig,
    SyncConfig, TalkConfig, VadConfig, WakeConfig,
)

EX_CONFIG = 78
DEFAULT_CONFIG_PATH = Path("/etc/bear/bear.toml")


class ConfigError(Exception):
    """A configuration problem, phrased as one line for a technician."""


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
    speech: SpeechConfig = field(default_factory=SpeechConfig)
    talk: TalkConfig = field(default_factory=TalkConfig)
    emotion: EmotionConfig = field(default_factory=EmotionConfig)
    llm: LlmConfig = field(default_factory=LlmConfig)
    metrics: MetricsConfig = field(default_factory=MetricsConfig)
    logging: LoggingConfig = field(default_factory=LoggingConfig)
    source: str = field(default="<defaults>", metadata={"internal": True})

    @property
    def manifest_path(self) -> Path:
        """The model manifest: `paths.manifest`, else the repository's models/manifest.toml."""
        if str(self.paths.manifest) not in ("", "."):
            return self.paths.manifest
        return Path(__file__).resolve().parent.parent / "models" / "manifest.toml"

    @property
    def db_path(self) -> Path:
        """The SQLite database file."""
        return self.paths.data_dir / self.store.filename

    @property
    def reply_dir(self) -> Path:
        """Where the WAV sink writes replies: `audio.output.wav_dir`, else `<data_dir>/replies`."""
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


def to_toml(data: dict) -> str:
    """TOML text for a dict shaped like `Config.redacted()` (tables of scalars, paths, string lists)."""
    import json

    def value(v) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return repr(v)
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return json.dumps(str(v))  # a JSON string is a valid TOML basic string

    lines: list[str] = []

    def table(name: str, d: dict) -> None:
        scalars = {k: v for k, v in d.items() if not isinstance(v, dict)}
        if scalars and name:
            lines.append(f"[{name}]")
        lines.extend(f"{k} = {value(v)}" for k, v in scalars.items())
        for k, v in d.items():
            if isinstance(v, dict):
                table(f"{name}.{k}" if name else k, v)

    table("", data)
    return "\n".join(lines) + "\n"


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
        if not math.isfinite(value):  # nan passes every range check; inf is never meant
            raise ConfigError(f"config: {key} must be a finite number, got {_describe(value)}")
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
    if meta.get("pattern") and not re.fullmatch(meta["pattern"], str(value)):
        raise ConfigError(f"config: {key} must match {meta['pattern']}, got {shown}")
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
    name = cfg.store.filename
    if not name or name in (".", "..") or "/" in name or "\\" in name or "\x00" in name:
        raise ConfigError("config: store.filename must be a plain file name inside paths.data_dir, "
                          f"got {_describe(name)}")
    m = cfg.memory
    if m.low_water_percent >= m.high_water_percent:
        raise ConfigError(
            f"config: memory.low_water_percent ({m.low_water_percent}) must be below "
            f"memory.high_water_percent ({m.high_water_percent})")
    if cfg.audio.input.backend == "wav" and str(cfg.audio.input.wav_path) in ("", "."):
        raise ConfigError('config: audio.input.wav_path must be set when audio.input.backend = "wav"')
    if cfg.sync.url:
        from urllib.parse import urlsplit

        if not cfg.sync.url.startswith("https://") or not urlsplit(cfg.sync.url).hostname:
            raise ConfigError(f"config: sync.url must be an https:// URL, got {_describe(cfg.sync.url)}")
        if not cfg.sync.token:
            raise ConfigError("config: sync.token must be set when sync.url is set (the endpoint's device token)")
        if str(cfg.sync.ca_file) not in ("", ".") and not cfg.sync.ca_file.is_file():
            raise ConfigError(f"config: sync.ca_file {str(cfg.sync.ca_file)!r} is not a file")
    if cfg.sync.retry_initial_s > cfg.sync.retry_max_s:
        raise ConfigError(f"config: sync.retry_initial_s ({cfg.sync.retry_initial_s:g}) must not exceed "
                          f"sync.retry_max_s ({cfg.sync.retry_max_s:g})")
    if cfg.listen.early_decode_ms >= cfg.listen.trailing_silence_ms:
        raise ConfigError(f"config: listen.early_decode_ms ({cfg.listen.early_decode_ms}) must be below "
                          f"listen.trailing_silence_ms ({cfg.listen.trailing_silence_ms}); 0 turns it off")
    parse_quiet_hours(cfg.talk.quiet_hours)
    if cfg.wake.engine == "phrase":
        from bear.hearing.pronounce import phrase_problem, phrase_words

        # the English spotters (PocketSphinx, with or beside Whisper) need Latin letters; a Vosk model
        # of another language spots the words its own grammar knows
        problem = "is empty" if not phrase_words(cfg.wake.phrase) else (
            None if cfg.stt.engine == "vosk" else phrase_problem(cfg.wake.phrase))
        if problem:
            raise ConfigError(f"config: wake.phrase {problem}")
    if cfg.metrics.enabled and cfg.metrics.textfile.suffix != ".prom":
        raise ConfigError(f"config: metrics.textfile must end in .prom (node_exporter reads only *.prom files), "
                          f"got {_describe(str(cfg.metrics.textfile))}")
    if cfg.llm.enabled or cfg.llm.url:  # a parent setting may turn the LLM on later
        if cfg.llm.enabled and not cfg.llm.model:
            raise ConfigError("config: llm.model must be set when llm.enabled = true")
        check_llm_url(cfg.llm.url)


def parse_quiet_hours(text: str) -> tuple[int, int] | None:
    """"HH:MM-HH:MM" -> (start, end) in minutes after midnight; "" -> None."""
    if not text:
        return None
    try:
        start, end = (part.strip() for part in text.split("-"))
        minutes = []
        for hhmm in (start, end):
            h, m = hhmm.split(":")
            if not (0 <= int(h) < 24 and 0 <= int(m) < 60 and len(m) == 2):
                raise ValueError
            minutes.append(int(h) * 60 + int(m))
    except ValueError:
        raise ConfigError(f'config: talk.quiet_hours must look like "19:30-07:00", got {_describe(text)}') from None
    return minutes[0], minutes[1]


def check_llm_url(url: str) -> None:
    """https:// anywhere; plain http:// only to this device (a local model server)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    loopback = parts.hostname in ("localhost", "127.0.0.1", "::1")
    if not parts.hostname or not (parts.scheme == "https" or (parts.scheme == "http" and loopback)):
        raise ConfigError(f"config: llm.url must be https:// (or http:// to localhost), got {_describe(url)}")


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
    if path.exists() and not path.is_file():  # a FIFO or a device would block the read forever
        raise ConfigError(f"config: {path} is not a regular file")
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
