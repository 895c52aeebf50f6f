"""The configuration's sections: frozen dataclasses, one per TOML table, every key documented.

`bear.config` parses a file into them (and re-exports them); `systemd/bear.example.toml` is
generated from the docs here by `scripts/gen_example_config.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class Secret(str):
    """A string that never shows itself in logs, reprs or status output."""

    def __repr__(self) -> str:
        return "'***'" if self else "''"


def _opt(default, doc: str, *, min=None, max=None, choices=None, pattern=None):
    meta = {"doc": doc, "min": min, "max": max, "choices": choices, "pattern": pattern}
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
    realtime: bool = _opt(True, "With backend = \"wav\": take as long as a speaker would (false = write at once).")


@dataclass(frozen=True)
class EchoConfig:
    """Acoustic echo cancellation: the bear's own voice taken out of the microphone while it speaks."""

    enabled: str = _opt("auto", "auto = on when both the microphone and the speaker are sound devices (the "
                        "speaker sits next to the microphone inside the bear); on = always (also with WAV files "
                        "or injected sources); off = never.", choices=("auto", "on", "off"))
    backend: str = _opt("linear", "linear = an adaptive filter that subtracts the bear's echo, and lowers what "
                        "is left only while nobody talks over the bear (the wake phrase said over the bear stays "
                        "intact); webrtc = WebRTC's AEC3 (pywebrtc-audio): its suppressor also removes much of a "
                        "child talking over the bear.",
                        choices=("linear", "webrtc"))
    noise_suppression: bool = _opt(False, "WebRTC noise suppression (pywebrtc-audio) after the canceller, while "
                                   "the bear speaks.")
    gain_control: bool = _opt(False, "WebRTC automatic gain control (AGC2, pywebrtc-audio) after the canceller, "
                              "while the bear speaks.")
    delay_ms: int = _opt(-1, "Delay from playing a sample to hearing it in the microphone, in ms; -1 = "
                         "measure it (cross-correlation while the bear speaks) and keep tracking it.",
                         min=-1, max=1000)


@dataclass(frozen=True)
class AudioConfig:
    """The microphone, the speaker and echo cancellation."""

    input: AudioInputConfig = field(default_factory=AudioInputConfig)
    output: AudioOutputConfig = field(default_factory=AudioOutputConfig)
    echo: EchoConfig = field(default_factory=EchoConfig)


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

    engine: str = _opt("auto", "auto = Whisper when its model is installed, else Vosk when its model is "
                       "installed, else PocketSphinx. Whisper is accurate but not streaming (PocketSphinx then "
                       "spots the wake phrase).",
                       choices=("auto", "vosk", "pocketsphinx", "whisper"))
    vosk_model: str = _opt("vosk-model-small-en-us-0.15", "Which installed Vosk model (a manifest name).")
    vosk_max_active: int = _opt(2000, "Vosk decoder max-active states (lower = faster on a Pi).",
                                min=100, max=20000)
    vosk_beam: float = _opt(10.0, "Vosk decoder beam (lower = faster, less accurate).", min=1.0, max=30.0)
    phrases: tuple[str, ...] = _opt((), "If set, Vosk only recognises these phrases (a runtime grammar).")
    whisper_model: str = _opt("faster-whisper-tiny.en", "Which installed Whisper model (a manifest name: "
                              "a CTranslate2 conversion, run with int8 weights).")
    whisper_beam: int = _opt(3, "Whisper beam size (1 = greedy: a little less CPU; 3 hears children better: "
                             "WER 0.327 against 0.357).", min=1, max=5)
    whisper_window_s: float = _opt(15.0, "Whisper decodes the utterance padded with silence to this many seconds "
                                   "(it was trained on 30; shorter is proportionally faster).", min=5.0, max=30.0)
    whisper_threads: int = _opt(2, "Threads Whisper decodes with (the utterance is decoded after the child "
                                "stops speaking, while the rest of the bear waits).", min=1, max=8)
    sphinx_warp: float = _opt(0.9, "PocketSphinx vocal-tract-length normalisation (inverse-linear frequency "
                              "warp) for children's higher voices; 1.0 = off.", min=0.7, max=1.3)
    sphinx_process: bool = _opt(True, "Run PocketSphinx in its own process (its Python binding holds the GIL "
                                "while decoding: ~5-20 ms loop stalls with the small LM, up to ~200 ms with "
                                "\"full\"); costs ~15 MB more.")
    sphinx_lm: str = _opt("pocketsphinx-en-us-small", "PocketSphinx language model: a manifest model with an "
                          "LM and dictionary (55k words, bigrams: ~42 MB less RAM), or \"full\" for the bundled 72k-word "
                          "trigram model.")


@dataclass(frozen=True)
class WakeConfig:
    """Waking the bear: a spoken phrase, an openWakeWord model, or the paw button."""

    engine: str = _opt("phrase", "phrase = spot `phrase` with the speech-to-text engine; openwakeword = "
                       "an openWakeWord head; none = the paw button only.",
                       choices=("phrase", "openwakeword", "none"))
    phrase: str = _opt("hey teddy", "The wake phrase: 1-4 words of Latin letters, no training. With PocketSphinx "
                       "spotting, words outside its dictionary are pronounced by espeak-ng's rules.")
    sensitivity: float = _opt(0.3, "Phrase spotting sensitivity, 0 (strict) to 1 (eager); the keyphrase threshold "
                              "scales with the phrase's length in phones. With verify = \"whisper\", 0.8 (the "
                              "verifier removes what an eager spotter lets through).", min=0.0, max=1.0)
    onset_window_ms: int = _opt(300, "Second stage: the phrase must begin within this of the start of speech "
                                "after a pause (0 = anywhere).", min=0, max=3000)
    verify: str = _opt("none", "Third stage: whisper = Whisper (when it is the speech-to-text engine) transcribes "
                       "each candidate and the wake stands only if the phrase is in what it heard (far fewer "
                       "false wakes; the decision comes one short decode later).", choices=("none", "whisper"))
    verify_similarity: float = _opt(0.7, "With verify: how close what Whisper heard must be to the phrase's spelling "
                                    "(0..1).", min=0.3, max=1.0)
    enrolment: str = _opt("auto", "auto = once `bear enrol` has recorded the phrase in a voice (only its speech "
                          "embeddings are kept, in <data_dir>/wake-templates.npz; `bear forget` erases them), the "
                          "spotter runs at `enrol_sensitivity` and a wake stands only if the audio around it is "
                          "within `enrol_distance` of an enrolled recording (instead of verify); off = ignore it.",
                          choices=("auto", "off"))
    enrol_sensitivity: float = _opt(0.8, "With an enrolment: the phrase spotter's sensitivity (eager: the enrolled "
                                    "voice's templates remove what it lets through).", min=0.0, max=1.0)
    enrol_distance: float = _opt(0.145, "With an enrolment: the largest DTW distance (mean cosine distance of the "
                                 "openWakeWord embeddings) between a candidate and the nearest enrolled "
                                 "recording for the wake to stand; smaller = stricter.", min=0.01, max=1.0)
    trained_head: bool = _opt(True, "With engine = \"phrase\": when a head trained on real voices is installed for "
                              "the phrase (wake-head-amelia, -athena, -computer: wake-head-<the phrase's words "
                              "joined by ->), it spots the phrase instead of the speech-to-text engine (on real "
                              "voices ~97% detected against far fewer for spotting); false = always spot.")
    openwakeword_model: str = _opt("openwakeword-hey-jarvis", "With engine = \"openwakeword\": the head (a manifest name): "
                                   "wake-head-amelia, -athena or -computer (trained on real voices, scripts/"
                                   "train_wake_head.py) or openWakeWord's own (non-commercial).")
    openwakeword_threshold: float = _opt(0.5, "openWakeWord score that wakes the bear.", min=0.05, max=0.99)


@dataclass(frozen=True)
class ListenConfig:
    """Utterances: when they start and end."""

    trailing_silence_ms: int = _opt(600, "Silence that ends an utterance.", min=100, max=5000)
    early_decode_ms: int = _opt(200, "With an engine that decodes only at the end (Whisper): start decoding after "
                                "this much silence, while the rest of trailing_silence_ms is waited for; if the "
                                "child speaks again that result is dropped. 0 = off; must be below "
                                "trailing_silence_ms.", min=0, max=5000)
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
    paw_mute_hold_s: float = _opt(3.0, "Holding the paw this long turns the microphone off (and on again).",
                                  min=1.0, max=30.0)
    mute_pin: int = _opt(0, "A mute switch (closed = microphone off); 0 = none (use the long paw press).",
                         min=0, max=40)
    parent_pin: int = _opt(27, "The parent button: held for `forget_hold_s`, erases everything; 0 = none.",
                           min=0, max=40)
    forget_hold_s: float = _opt(10.0, "How long the parent button must be held to forget everything.",
                                min=3.0, max=60.0)
    led_pins: tuple[str, ...] = _opt(("22", "23", "24"), "RGB status LED pins (red, green, blue); [] = none.")


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
    transcript_days: int = _opt(30, "Conversations (and safety flags) are erased after this many days.",
                                min=1, max=3650)
    synced_transcript_days: int = _opt(7, "... or after this many days once the parent's endpoint has them.",
                                       min=0, max=3650)


@dataclass(frozen=True)
class SyncConfig:
    """The parent's endpoint: a short press of the parent button sends it what the bear has not
    sent yet (conversations, safety flags, a daily summary); its answer may carry settings."""

    url: str = _opt("", "HTTPS URL of the parent's endpoint; empty = sync off.")
    token: Secret = _opt(Secret(""), "Device token sent to the endpoint as a Bearer token (never logged); "
                         "required with url.")
    ca_file: Path = _opt(Path(""), "PEM file of CA certificates to trust for url (a self-hosted endpoint); "
                         "empty = the system's CAs. Certificates are always verified.")
    interval_min: float = _opt(0.0, "Also sync on its own this often (minutes); 0 = only when the parent "
                               "presses the button.", min=0.0, max=10080.0)
    timeout_s: float = _opt(20.0, "One request (connect, send, answer) gives up after this.", min=1.0, max=300.0)
    retry_initial_s: float = _opt(10.0, "First wait before trying again after a failure (then doubled).",
                                  min=0.05, max=3600.0)
    retry_max_s: float = _opt(900.0, "Longest wait between tries; a requested sync keeps trying (also "
                              "after a restart) until the endpoint has everything.", min=0.1, max=86400.0)
    batch_turns: int = _opt(200, "Conversation turns per request at most.", min=1, max=5000)
    outbox_max_turns: int = _opt(5000, "Unsent turns kept for the endpoint at most; beyond it the oldest are "
                                 "not sent (they stay on the bear until they expire; logged).",
                                 min=10, max=1000000)


@dataclass(frozen=True)
class SpeechConfig:
    """The bear's voice."""

    engine: str = _opt("hibari", "Which voice engine speaks: hibari = hibari-tts's bundled voice \"heart\" (24 kHz, "
                       "7.9 MB, about 10x faster than Piper's medium voice: the default, see the README); piper = "
                       "the Piper voice `voice`.", choices=("piper", "hibari"))
    voice: str = _opt("piper-en_US-joe-medium", "With engine = \"piper\": which installed Piper voice speaks (a "
                      "manifest name). Also the child's voice in the recordings of bear demo and bear bench.")
    length_scale: float = _opt(1.0, "Speaking pace: above 1 is slower.", min=0.5, max=2.0)
    bedtime_length_scale: float = _opt(1.15, "Speaking pace in quiet hours (calmer).", min=0.5, max=2.0)
    barge_in: bool = _opt(True, "The paw or the wake phrase stops the bear mid-sentence.")
    cache_mb: int = _opt(256, "Phrase cache: the bear's fixed lines (greetings, jokes, stories, songs, answers, "
                         "with the child's name) rendered ahead of time in its voice, in <data_dir>/phrase-cache, "
                         "so they play at once; at most this many MB (least recently used first out; the whole "
                         "content at both paces is ~240 MB with hibari); 0 = off.", min=0, max=4096)
    cache_build_idle: bool = _opt(True, "Render what the phrase cache is missing while the bear is idle (on the "
                                  "voice's thread, between conversations; also `bear cache build`).")
    cache_idle_s: float = _opt(30.0, "The idle-time rendering starts only this long after the last conversation.",
                               min=5.0, max=3600.0)


@dataclass(frozen=True)
class TalkConfig:
    """The conversation."""

    quiet_hours: str = _opt("19:30-07:00", "Bedtime mode (calmer, shorter, suggests sleep) between these local "
                            "times, \"HH:MM-HH:MM\"; empty = never.")
    followup_s: float = _opt(6.0, "After a reply (and while it thinks of one) the bear listens this long for "
                             "an answer without the wake phrase; 0 = always wait for the wake phrase or paw.", min=0.0, max=30.0)
    session_gap_s: float = _opt(120.0, "A wake after this long without a turn starts a new conversation "
                                "(jokes and stories may then repeat).", min=10.0, max=3600.0)
    emergency_number: str = _opt("", "The local emergency number the bear tells a child in an emergency when no "
                                 "grown-up can be found (e.g. \"999\", \"911\", \"112\"); empty = it only says to "
                                 "get a grown-up and shout for help.", pattern=r"[0-9]{0,6}")


@dataclass(frozen=True)
class EmotionConfig:
    """Emotion detection from the child's words (opt-in: off = nothing computed or stored)."""

    enabled: bool = _opt(False, "Detect the emotion of each utterance; only the label is stored.")


@dataclass(frozen=True)
class LlmConfig:
    """An optional OpenAI-compatible chat endpoint for questions the offline engine cannot answer."""

    enabled: bool = _opt(False, "Ask the endpoint when the offline engine does not understand.")
    url: str = _opt("", "Chat completions URL (https://, or http:// on this device only), "
                    "e.g. https://host/v1/chat/completions.")
    model: str = _opt("", "Model name sent to the endpoint.")
    api_key: Secret = _opt(Secret(""), "Bearer token for the endpoint (never logged).")
    timeout_s: float = _opt(2.5, "If no complete first sentence arrives within this, the offline engine answers.",
                            min=0.2, max=30.0)
    max_tokens: int = _opt(120, "Longest reply the endpoint may write.", min=16, max=1000)


@dataclass(frozen=True)
class MetricsConfig:
    """Prometheus metrics for a technician: a text file for node_exporter's textfile collector (no port opened)."""

    textfile: Path = _opt(Path(""), "Where to write the metrics, e.g. \"/var/lib/prometheus/node-exporter/bear.prom\" "
                          "(node_exporter's textfile folder on Debian; the name must end in .prom); empty = off. "
                          "Counts and timings only: never what the child said.")
    interval_s: float = _opt(15.0, "How often the file is rewritten (atomically).", min=1.0, max=3600.0)

    @property
    def enabled(self) -> bool:
        """True when a metrics text file is configured."""
        return str(self.textfile) not in ("", ".")


@dataclass(frozen=True)
class LoggingConfig:
    """Logging: the level, and how often the status line is logged."""

    level: str = _opt("info", "Log level.", choices=("debug", "info", "warning", "error"))
    status_interval_s: float = _opt(30.0, "How often `event=status` is logged; 0 = never.", min=0.0, max=3600.0)
