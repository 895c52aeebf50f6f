"""Everyday moments (`content/moments.toml`): hugs, "I love you", a lost tooth, birthdays, pets,
grief, fears, can't sleep, boredom, chit-chat, what the bear says about itself, and hide and seek.

A moment's reply is a plain line or an offer: a question whose "yes" and "no" are either an
intent to run ("story") or a line to say. The conversation engine remembers the offer and
handles the answer (`Offer`).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Offer:
    """What the bear's question expects: an intent name or a line, for yes and for no."""

    yes: str
    no: str


@dataclass(frozen=True)
class Line:
    """One line of a moment, possibly with an offer after it."""

    text: str
    offer: Offer | None = None


@dataclass(frozen=True)
class Moments:
    """The moments' lines (content/moments.toml) and hide and seek's."""

    lines: dict[str, tuple[Line, ...]]
    hide_and_seek: dict

    def get(self, key: str) -> tuple[Line, ...]:
        """The lines of moment `key`; raises KeyError."""
        return self.lines[key]


def _line(value) -> Line:
    if isinstance(value, str):
        return Line(value)
    return Line(value["text"], Offer(value.get("yes", ""), value.get("no", "")))


@lru_cache(maxsize=1)
def load_moments() -> Moments:
    """Read content/moments.toml."""
    data = tomllib.loads(resources.files("bear.talk").joinpath("content/moments.toml").read_text(encoding="utf-8"))
    lines = {key: tuple(_line(v) for v in table["replies"]) for key, table in data["moments"].items()}
    return Moments(lines, dict(data["hide_and_seek"]))
