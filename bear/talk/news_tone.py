"""The tone of news no moment fits (`content/news_tone.toml`): "my ice cream fell on the floor" gets
an "Oh no", "nana's coming tomorrow" a "how exciting", "i finished my whole dinner" a "well done",
and words of harm or of being left alone never a cheerful reply.

Tones are tried in the file's order; a tone fits when one of its patterns is in the canonical line
and none of its `unless` patterns is. No reply repeats the child's words.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bear.talk.moments import Line, line_of


@dataclass(frozen=True)
class Tone:
    """How a piece of news feels, the words that show it, and what the bear says to it."""

    name: str
    patterns: tuple[re.Pattern, ...]
    unless: tuple[re.Pattern, ...]
    replies: tuple[Line, ...]  # a line may carry an offer ("Shall we ...?": yes / no)

    def fits(self, canon: str) -> bool:
        """True when the canonical line has one of the tone's words and none of its exceptions."""
        return any(p.search(canon) for p in self.patterns) and not any(p.search(canon) for p in self.unless)


@lru_cache(maxsize=1)
def tones() -> tuple[Tone, ...]:
    """The tones in content/news_tone.toml, in order (a bad pattern is an error naming the tone)."""
    data = tomllib.loads(resources.files("bear.talk").joinpath("content/news_tone.toml").read_text(encoding="utf-8"))
    out = []
    for name, table in data["tone"].items():
        try:
            patterns = tuple(re.compile(p) for p in table["patterns"])
            unless = tuple(re.compile(p) for p in table.get("unless", ()))
        except re.error as exc:
            raise ValueError(f"content/news_tone.toml: tone {name!r}: bad pattern: {exc}") from None
        if not table.get("replies"):
            raise ValueError(f"content/news_tone.toml: tone {name!r} has no replies")
        out.append(Tone(name, patterns, unless, tuple(line_of(r) for r in table["replies"])))
    return tuple(out)


def tone_of(canon: str) -> Tone | None:
    """The first tone that fits the line, or None (neutral news)."""
    return next((t for t in tones() if t.fits(canon)), None)
