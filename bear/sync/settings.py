"""Parent settings that arrive in the endpoint's answer: validated one by one, then applied.

The answer may carry {"settings": {...}} with any of:

    child_name   the child's name, letters (with spaces, - or ') up to 30 characters; null forgets it
    quiet_hours  "HH:MM-HH:MM" (bedtime mode) or "" for never
    volume       0 to 100 (% of full volume)
    emotion      true/false: emotion detection opted in or out
    llm          true/false: ask the configured LLM endpoint (only if `llm.url` and `llm.model` are set)

A setting that is not valid is rejected with a logged reason (`event=sync_setting_rejected`);
the others still apply. Accepted settings are kept in the store (the name in the child's
profile) and outlive restarts; `bear forget` erases them and the bear's config applies again.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bear.audio.playback import Sink
    from bear.config import Config
    from bear.store import Store
    from bear.talk.chat import Chat

log = logging.getLogger(__name__)

KNOWN = ("child_name", "quiet_hours", "volume", "emotion", "llm")
_NAME = re.compile(r"[^\W\d_]+(?:[ '\-][^\W\d_]+)*")


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _check(key: str, value, *, llm_available: bool):
    """The value to use, or raise ValueError with the reason."""
    from bear.config import ConfigError, parse_quiet_hours

    if key == "child_name":
        if value is None:
            return None
        if not isinstance(value, str) or not _NAME.fullmatch(value.strip()) or len(value.strip()) > 30:
            raise ValueError(f"must be letters (with spaces, - or ') up to 30 characters, got {_show(value)}")
        return value.strip()
    if key == "quiet_hours":
        if not isinstance(value, str):
            raise ValueError(f'must be a string like "19:30-07:00" (or "" for never), got {_show(value)}')
        try:
            parse_quiet_hours(value.strip())
        except ConfigError:
            raise ValueError(f'must look like "19:30-07:00" (or "" for never), got {_show(value)}') from None
        return value.strip()
    if key == "volume":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise ValueError(f"must be a number from 0 to 100, got {_show(value)}")
        return round(float(value), 1)
    if key in ("emotion", "llm"):
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, got {_show(value)}")
        if key == "llm" and value and not llm_available:
            raise ValueError("cannot be turned on: this bear has no llm.url and llm.model in its config")
        return value
    raise ValueError("is not a setting the bear knows (" + ", ".join(KNOWN) + ")")


def validate(raw, *, llm_available: bool) -> tuple[dict, list[tuple[str, str]]]:
    """Split the answer's settings into (accepted {key: value}, rejected [(key, reason)])."""
    if not isinstance(raw, dict):
        return {}, [("settings", f"must be a JSON object, got {_show(raw)}")]
    accepted, rejected = {}, []
    for key, value in raw.items():
        try:
            accepted[key] = _check(str(key), value, llm_available=llm_available)
        except ValueError as exc:
            rejected.append((str(key)[:40], str(exc)))
    return accepted, rejected


def defaults(cfg) -> dict:
    """The settings the bear's config gives (what applies until the parent changes them)."""
    return {"quiet_hours": cfg.talk.quiet_hours, "volume": round(cfg.audio.output.volume * 100, 1),
            "emotion": cfg.emotion.enabled, "llm": cfg.llm.enabled}


def llm_available(cfg) -> bool:
    """True when an LLM endpoint and model are configured."""
    return bool(cfg.llm.url and cfg.llm.model)


class ParentSettings:
    """Keeps the parent's settings in the store and applies them to the running bear."""

    def __init__(self, cfg: Config, store: Store, chat: Chat, sink: Sink) -> None:
        self.cfg, self.store, self.chat, self.sink = cfg, store, chat, sink
        self.values = defaults(cfg)

    async def receive(self, raw) -> dict:
        """Settings from the endpoint's answer: validate, keep and apply the good ones."""
        accepted, rejected = validate(raw, llm_available=llm_available(self.cfg))
        for key, reason in rejected:
            log.warning("event=sync_setting_rejected key=%s reason=%r", key, reason)
        if not accepted:
            return accepted
        for key, value in accepted.items():
            if key == "child_name":
                await self.store.profile.set(name=value or "")
                self.chat.set_child_name(value)
            else:
                await self.store.settings.set(key, value)
        await self.restore()
        log.info("event=sync_settings_applied keys=%s", ",".join(sorted(accepted)))
        return accepted

    async def restore(self) -> dict:
        """Apply the config's values overridden by the parent's stored ones (at start, after a
        change, and after `forget`, which erases them)."""
        from bear.store import StoreUnavailable

        try:
            stored = {k: v for k, v in (await self.store.settings.all()).items() if k in KNOWN and k != "child_name"}
        except StoreUnavailable:  # the disk failed: the config's values until it reads again
            stored = {}
        accepted, rejected = validate(stored, llm_available=llm_available(self.cfg))
        for key, reason in rejected:
            log.warning("event=sync_setting_rejected key=%s source=store reason=%r", key, reason)
        self.values = defaults(self.cfg) | accepted
        self.apply(self.values)
        return self.values

    def apply(self, values: dict) -> None:
        """Apply validated parent settings to the conversation."""
        from bear.config import parse_quiet_hours

        self.chat.use_settings(quiet=parse_quiet_hours(values["quiet_hours"]), emotion=values["emotion"],
                               llm=values["llm"])
        if self.sink is not None:
            self.sink.volume = values["volume"] / 100
