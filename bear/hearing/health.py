"""Which hearing models are unavailable now, and when each is tried again.

A model that is missing, corrupt or fails while running degrades the listener instead of
stopping it; each lost role ("vad" | "wake" | "stt") is tried again after a pause that grows
from 1 s, doubling, to 60 s. `problems` is what `bear status` and the light show meanwhile.
"""

from __future__ import annotations

import logging
import time

from bear.backoff import backoff_delay

log = logging.getLogger("bear.hearing.listener")  # the events kept their names when this moved out

RETRY_FIRST_S, RETRY_MAX_S = 1.0, 60.0  # a lost model is tried again after this, doubling


class ModelHealth:
    """The listener's lost models: why each is unavailable, and when to try it again."""

    def __init__(self) -> None:
        self.problems: dict[str, str] = {}  # role -> why it is unavailable now
        self._retry_at: dict[str, float] = {}
        self._failures: dict[str, int] = {}

    def ready(self, role: str) -> bool:
        """May `role` be used (or tried again) now?"""
        return time.monotonic() >= self._retry_at.get(role, 0.0)

    def failed(self, role: str, exc: Exception, meaning: str) -> None:
        """`role` failed: log it once (with what that means for the child), pause before the next try."""
        n = self._failures[role] = self._failures.get(role, 0) + 1
        delay = backoff_delay(n, RETRY_FIRST_S, RETRY_MAX_S)
        self._retry_at[role] = time.monotonic() + delay
        if role not in self.problems:
            log.error("event=%s_unavailable reason=%r retry_in_s=%.0f (%s)", role, str(exc), delay, meaning)
        self.problems[role] = str(exc)

    def recovered(self, role: str) -> None:
        """`role` worked: forget its failures."""
        if role in self.problems:
            log.warning("event=hearing_recovered role=%s after_failures=%d", role, self._failures.get(role, 0))
            del self.problems[role]
            self._failures.pop(role, None)
            self._retry_at.pop(role, None)
