"""The safety net for distress no rule recognised (round 14).

Every blind set so far found a few lines that told of something bad yet fell through to a
generic handler ("Wow, really? What happened next?" to "two men were fighting outside and one had
a knife") or got an unflagged category's reply. The net looks at a line once the conversation
engine (or an unflagged category) has answered it: when the line carries precise cues of danger or
harm (`content/worry.toml`: pain that is really bad, someone hitting, a weapon, nobody feeding or
coming, not allowed to eat, crying all the time, scared of a person, a grown-up's secret, locked in)
or weaker cues together with the classifier's unsure mass on the flagged categories, the bear
answers warmly and points to a trusted grown-up (`category.worry` of `content/safety.toml`), and a
low-priority `worry` flag is stored for the parent (`worry_urgent`, urgent, when an urgent cue is
there: someone who will not wake, a weapon in someone's hand).
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

# what a net reply replaces: the conversation engine's generic handlers and turns (not a knowledge
# answer, which is asked for and checked against the knowledge base's coverage)
SPARED = frozenset({"question", "animal_fact", "goodbye", "stop"})
WORRY, WORRY_URGENT = "worry", "worry_urgent"


@dataclass(frozen=True)
class WorryRules:
    """The net's cues (see `content/worry.toml`)."""

    band: float
    high_band: float
    unless: re.Pattern
    urgent: tuple[re.Pattern, ...]
    strong: tuple[re.Pattern, ...]
    weak: tuple[re.Pattern, ...]

    def judge(self, canonical: str, concern: float = 0.0) -> str | None:
        """`worry_urgent`, `worry` or None for a line (canonical spoken form) and the classifier's
        mass on the flagged categories."""
        if self.unless.search(canonical):
            return None
        if any(p.search(canonical) for p in self.urgent):
            return WORRY_URGENT
        if any(p.search(canonical) for p in self.strong):
            return WORRY
        weak = sum(bool(p.search(canonical)) for p in self.weak)
        if (weak >= 2 and concern >= self.band) or (weak and concern >= self.high_band):
            return WORRY
        return None


def load_rules(text: str | None = None) -> WorryRules:
    """The net's rules (content/worry.toml unless `text` is given); raises ValueError when malformed."""
    if text is None:
        text = resources.files("bear.talk").joinpath("content/worry.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
        return WorryRules(float(data["band"]), float(data["high_band"]), re.compile(data["unless"]),
                          *(tuple(re.compile(p) for p in data[k]) for k in ("urgent", "strong", "weak")))
    except (tomllib.TOMLDecodeError, KeyError, TypeError, re.error) as exc:
        raise ValueError(f"worry rules: {type(exc).__name__}: {exc}") from None


@functools.cache
def rules() -> WorryRules:
    """The packaged rules (loaded once)."""
    return load_rules()


def net(u, reply) -> str | None:
    """The net's category for a reply to an understood line: None when the reply is flagged
    already, is a knowledge answer, or the line carries no sign of danger or harm."""
    if reply.flag or reply.intent in SPARED:
        return None
    return rules().judge(u.text, u.concern)
