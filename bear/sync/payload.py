"""What the bear sends: a batch of unsent turns and safety flags, plus a short daily summary.

A batch is chosen once and remembered in the store (`sync_state` key "pending") until the
endpoint acknowledges it, so every retry, also after a restart, sends the same batch id with the
same content; the endpoint can drop a batch id it has already seen (a reply lost on the way
back). Turns are marked synced only in `Outbox.mark_synced`, after a 2xx.

The JSON (schema 1), sent gzip-compressed:

    {"schema": 1, "batch_id": "9f0c...", "created_at": "2026-11-24T17:02:11+00:00",
     "software": "bear 0.1.0",
     "turns": [{"id": 12, "conversation": 3, "at": "...", "child": "...", "bear": "...",
                "emotion": "joy" | null}],
     "safety_flags": [{"id": 2, "turn_id": 12, "at": "...", "category": "danger", "excerpt": "..."}],
     "daily_summary": [{"date": "2026-11-24", "turns": 14, "conversations": 3, "minutes": 9.5,
                        "first_at": "...", "last_at": "...", "emotions": {"joy": 6},
                        "safety_flags": {"danger": 1}, "text": "..."}],
     "outbox": {"remaining": 0, "left_out": 0}}

"remaining" counts unsent turns after this batch (more batches follow at once); "left_out"
counts turns never sent because the outbox was full (`sync.outbox_max_turns`).
"""

from __future__ import annotations

import gzip
import json
import logging
import time
import uuid
from datetime import UTC, date, datetime

log = logging.getLogger(__name__)

SCHEMA = 1


def iso(t: float | None) -> str | None:
    """ISO 8601 in UTC (seconds), or None."""
    return None if t is None else datetime.fromtimestamp(t, UTC).isoformat(timespec="seconds")


def local_day(t: float) -> str:
    """The local date (YYYY-MM-DD) of time `t`."""
    return time.strftime("%Y-%m-%d", time.localtime(t))


async def next_batch(outbox, cfg, now: float, limit: int | None = None) -> dict:
    """Choose the next batch (at most `limit` or `cfg.batch_turns` turns) and remember it as pending.

    Always returns a batch: with nothing to send it carries only today's summary (a parent who
    presses the button still hears from the bear, and gets its settings back)."""
    floor = await outbox.value("outbox_floor", 0)
    new_floor, dropped = await outbox.trim(floor, cfg.outbox_max_turns)
    left_out = await outbox.value("left_out", 0) + dropped
    if dropped:
        log.warning("event=sync_outbox_full left_out=%d outbox_max_turns=%d", dropped, cfg.outbox_max_turns)
    turn_ids, flag_ids, total = await outbox.unsent(new_floor, limit or cfg.batch_turns)
    turns = await outbox.turns(turn_ids)
    days = sorted({local_day(t["created_at"]) for t in turns} | {local_day(now)})
    summary = await outbox.days(days)
    pending = {"batch_id": uuid.uuid4().hex, "created_at": now, "turn_ids": turn_ids, "flag_ids": flag_ids,
               "summary": [{"date": d, **summary[d]} for d in days],
               "remaining": total - len(turn_ids), "left_out": left_out}
    # one transaction: the batch is remembered together with the outbox's new floor
    await outbox.mark_synced([], [], now, {"pending": pending, "outbox_floor": new_floor, "left_out": left_out})
    return pending


def summary_text(day: dict) -> str:
    """One line a parent can read, e.g. "Tuesday 24 November: 14 turns in 3 conversations ..."."""
    d = date.fromisoformat(day["date"])
    head = f"{d:%A} {d.day} {d:%B}"
    if not day["turns"]:
        return f"{head}: no conversations."
    parts = [f"{head}: {day['turns']} turn{'s' * (day['turns'] != 1)} in {day['conversations']} "
             f"conversation{'s' * (day['conversations'] != 1)}"
             + (f" (about {round(day['minutes'])} min)" if day["minutes"] >= 1 else "")
             + f", between {time.strftime('%H:%M', time.localtime(day['first_at']))} and "
               f"{time.strftime('%H:%M', time.localtime(day['last_at']))}."]
    if day["emotions"]:
        feelings = sorted(day["emotions"].items(), key=lambda kv: (-kv[1], kv[0]))
        parts.append("Feelings heard: " + ", ".join(f"{k} {v}" for k, v in feelings) + ".")
    flags = sum(day["safety_flags"].values())
    if flags:
        parts.append(f"Safety notes: {flags} ({', '.join(sorted(day['safety_flags']))}).")
    return " ".join(parts)


async def encode(outbox, pending: dict, software: str) -> tuple[bytes, int, int]:
    """The pending batch as gzip JSON (the same bytes on every retry unless turns expired
    meanwhile); returns (body, turns, flags)."""
    turns = await outbox.turns(pending["turn_ids"])
    flags = await outbox.flags(pending["flag_ids"])
    doc = {
        "schema": SCHEMA, "batch_id": pending["batch_id"], "created_at": iso(pending["created_at"]),
        "software": software,
        "turns": [{"id": t["id"], "conversation": t["session_id"], "at": iso(t["created_at"]),
                   "child": t["child_text"], "bear": t["bear_text"], "emotion": t["emotion"]} for t in turns],
        "safety_flags": [{"id": f["id"], "turn_id": f["turn_id"], "at": iso(f["created_at"]),
                          "category": f["category"], "excerpt": f["excerpt"]} for f in flags],
        "daily_summary": [{**day, "first_at": iso(day["first_at"]), "last_at": iso(day["last_at"]),
                           "text": summary_text(day)} for day in pending["summary"]],
        "outbox": {"remaining": pending["remaining"], "left_out": pending["left_out"]},
    }
    raw = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
    return gzip.compress(raw, compresslevel=6, mtime=0), len(turns), len(flags)
