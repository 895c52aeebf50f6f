"""Logging for journald: `<priority>logger: event=name key=value ...` on stderr, no timestamps.

journald reads the `<N>` prefix as the syslog priority (SyslogLevelPrefix=yes is its default),
so `journalctl -p warning -u bear` works; it adds the timestamps itself. Messages start with a
stable `event=` name a technician can grep for.
"""

from __future__ import annotations

import logging
import os
import sys

_PRIORITY = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}


class JournalFormatter(logging.Formatter):
    """Formats records as `<N>name: message`, keeping every line of a traceback prefixed.

    With `prefix=False` (a person at a terminal) the `<N>` is left out.
    """

    def __init__(self, prefix: bool = True):
        super().__init__()
        self.prefix = prefix

    def format(self, record: logging.LogRecord) -> str:
        """`<priority>logger: message` (journald reads the priority prefix), with the traceback if any."""
        prio = _PRIORITY.get(record.levelno, 6 if record.levelno < logging.WARNING else 3)
        text = f"{record.name}: {record.getMessage()}"
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        if not self.prefix:
            return text
        return "\n".join(f"<{prio}>{line}" for line in text.splitlines())


def setup_logging(level: str = "info", stream=None) -> None:
    """Send every `bear.*` log record to stderr (or `stream`) in journald's format."""
    stream = stream or sys.stderr
    at_terminal = stream.isatty() and "JOURNAL_STREAM" not in os.environ
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JournalFormatter(prefix=not at_terminal))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(logging.WARNING)
    logging.getLogger("bear").setLevel(level.upper())
    logging.captureWarnings(True)  # library warnings (gpiozero's pin fallbacks, ...) get priorities too
