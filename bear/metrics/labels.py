"""The only label values a metric may carry: fixed sets, each mapped through `allow()`.

A label value never comes straight from a log record: whatever is not in its set becomes
"other", so no child's words, name or anything else from outside the code can reach the file.
The sets that the project's data already fixes (safety categories, model names and roles) are
read from that data; the rest are the code's own constants.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

OTHER = "other"

TRIGGERS = frozenset({"wake", "button", "followup"})  # what opened an utterance (and so a turn)
SOURCES = frozenset({"offline", "llm", "safety"})  # who answered
BARGE_IN = frozenset({"paw", "wake", "forget", "stop"})  # what stopped the bear's voice
DROP_REASONS = frozenset({"forget", "queue_full"})
SYNC_SOURCES = frozenset({"button", "schedule", "retry", "resume", "command", "urgent"})
WAKE_ENGINES = frozenset({"phrase/vosk", "phrase/pocketsphinx", "openwakeword"})
STT_ENGINES = frozenset({"auto", "vosk", "pocketsphinx", "whisper"})
WAKE_CONFIG = frozenset({"phrase", "openwakeword", "none"})
VOICE_ENGINES = frozenset({"piper", "hibari"})
STAGES = ("stt_final", "emotion", "understand", "reply", "tts_first")  # event=turn's <stage>_ms fields
TASKS = frozenset({"capture", "watchdog", "store", "notifier", "hearing", "conversation", "loop_monitor", "panel",
                   "sync", "status", "control", "warmup", "metrics"})
# every event the bear logs at error or critical (README, journald table)
ERROR_EVENTS = frozenset({
    "model_refused", "model_load_failed", "memory_still_high", "speech_unavailable", "speech_failed",
    "stt_lm_unavailable", "status_failed", "start_failed", "vad_unavailable", "wake_unavailable",
    "stt_unavailable", "stt_process_died", "paw_button_unavailable", "panel_unavailable", "sync_unavailable",
    "store_corrupt", "store_unavailable", "store_write_failed", "store_backlog_full", "store_close_failed",
    "task_crashed", "task_fatal", "task_stuck_at_shutdown", "understanding_unavailable", "metrics_write_failed",
    "metrics_sample_failed",
})
_VERSION = re.compile(r"[0-9A-Za-z.+-]{1,32}")


def allow(value: object, allowed: Collection[str]) -> str:
    """`value` as a label value if it is in `allowed`, else "other"."""
    return value if isinstance(value, str) and value in allowed else OTHER


def wake_engine(value: object) -> str:
    """The listener's wake engine ("phrase/vosk", "openwakeword/<head>") without the head's name."""
    if isinstance(value, str) and value.startswith("openwakeword/"):
        value = "openwakeword"
    return allow(value, WAKE_ENGINES)


def version(value: object) -> str:
    """`value` when it looks like a version string, else "other"."""
    return value if isinstance(value, str) and _VERSION.fullmatch(value) else OTHER


def safety_categories() -> frozenset[str]:
    """Every risk category of the safety rules (content/safety.toml), plus "garbage" (asked again)."""
    path = Path(__file__).resolve().parent.parent / "talk" / "content" / "safety.toml"
    with path.open("rb") as f:
        return frozenset(tomllib.load(f).get("category", {})) | {"garbage"}


@dataclass(frozen=True)
class Labels:
    """The sets that come from the project's data: safety categories, model names, model roles."""

    categories: frozenset[str]
    models: frozenset[str]
    roles: frozenset[str]

    @classmethod
    def load(cls, manifest_path: Path) -> Labels:
        """Read the sets once (at start); a manifest that cannot be read leaves only the built-in names."""
        from bear.hearing.stt import SPHINX
        from bear.models.manifest import ROLES, ManifestError, load_manifest

        try:
            models = {m.name for m in load_manifest(manifest_path).models}
        except ManifestError:
            models = set()
        return cls(safety_categories(), frozenset(models | {SPHINX}), frozenset(ROLES))
