"""Everyday moments (`content/moments.toml`): hugs, "I love you", a lost tooth, birthdays, pets,
grief, fears, can't sleep, boredom, chit-chat, news the child shares (a tooth out, a gold star, a new
baby, a holiday, a friend moving away), what the bear says about itself, and hide and seek. Some are
recognised by rules (`[[rule]]`: patterns on the canonical line) before the classifier's intent.

A moment's reply is a plain line or an offer: a question whose "yes" and "no" are either an
intent to run ("story") or a line to say. The conversation engine remembers the offer and
handles the answer (`Offer`). A moment whose lines ask the child something may say what the
answer is expected as (`expects = {kind = "favourite", what = "colour"}`: a pending expectation).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
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
class Rule:
    """News or a moment recognised by its words ("my tooth fell out", "i had a bad dream")."""

    moment: str
    intent: str
    patterns: tuple[re.Pattern, ...]
    asks: bool = False  # it also answers a question ("will you be my friend")
    any_intent: bool = False  # news even when it sounds like asking for an activity ("i can count to 100")
    topic: str | None = None  # what a follow-up is about ("will a new one grow?" after "my tooth fell out")


@dataclass(frozen=True)
class Moments:
    """The moments' lines (content/moments.toml), the rules that recognise some of them, and hide
    and seek's."""

    lines: dict[str, tuple[Line, ...]]
    hide_and_seek: dict
    rules: tuple[Rule, ...] = ()
    expects: dict[str, dict] = field(default_factory=dict)  # moment -> what its question expects ({"kind": ...})

    def get(self, key: str) -> tuple[Line, ...]:
        """The lines of moment `key`; raises KeyError."""
        return self.lines[key]

    def recognise(self, canon: str, *, question: bool, activity: bool = False) -> tuple[Rule, dict[str, str]] | None:
        """The first rule whose pattern is in the canonical line (a question only for a rule that
        asks; a line taken for asking for an activity only for a rule that says so), with the
        pattern's named groups; None when none is."""
        for rule in self.rules:
            if (question and not rule.asks) or (activity and not rule.any_intent):
                continue
            for p in rule.patterns:
                m = p.search(canon)
                if m:
                    return rule, {k: v for k, v in m.groupdict().items() if v}
        return None


def line_of(value) -> Line:
    """A moment's line from its TOML value: a string, or a table with `text`, `yes` and `no`."""
    if isinstance(value, str):
        return Line(value)
    return Line(value["text"], Offer(value.get("yes", ""), value.get("no", "")))


# read after moments.toml, in this order: round 12's particular news, wishes and little requests (light-up
# shoes, a ladybird found, a magic trick), more news the child shares (a trip, a race, a splinter), and everyday
# days (first day at school, a visitor coming, a rainy day, a treat dropped, a sneeze, a den, a nice dream), and
# round 19's (a family of another shape, a grown-up far away, a storm, lonely, a friend who would not play) and
# round 20's (night work, the dentist, moving house, a pet at the vet or got out, a power cut, home baking) and
# round 21's (camping, snow, a wedding, the seaside, a haircut, a plane, fireworks, a sleepover, brothers and sisters)
# and round 22's (a tooth out today, a toilet break, tickles, a noisy machine, "do you like dogs") and round 23's
# (questions about the bear: its name, boy or girl, can it see, a sport, its favourite book or dinosaur)
MORE_FILES = ("moments_round12.toml", "moments_news.toml", "moments_days.toml", "moments_round19.toml",
              "moments_round20.toml", "moments_round21.toml", "moments_round22.toml", "moments_round23.toml",
              "moments_round24.toml", "moments_round25.toml", "moments_round26.toml", "moments_round27.toml",
              "moments_round30.toml", "moments_round31.toml", "moments_round32.toml", "moments_round33.toml",
              "moments_round34.toml", "moments_round35.toml", "moments_round36.toml",
              "moments_round37.toml", "moments_round38.toml", "moments_round39.toml", "moments_round40.toml")


@lru_cache(maxsize=1)
def load_moments() -> Moments:
    """Read content/moments.toml, then the files of MORE_FILES (their rules after the first file's, in
    that order; a rule may name a moment of any of the files)."""
    folder = resources.files("bear.talk").joinpath("content")
    data = tomllib.loads(folder.joinpath("moments.toml").read_text(encoding="utf-8"))
    tables, rule_tables = dict(data["moments"]), list(data.get("rule", []))
    for name in MORE_FILES:
        more = tomllib.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        clash = set(tables) & set(more.get("moments", {}))
        if clash:
            raise ValueError(f"content/{name}: moments already in another file: {sorted(clash)}")
        tables |= more.get("moments", {})
        rule_tables += more.get("rule", [])
    # a rule marked `first` (a particular kind of a general one: a day at the seaside is an outing) goes first, and
    # one marked `first = 2` (a particular kind of a `first` one: a tiger seen at the zoo) before those
    rule_tables = sorted(rule_tables, key=lambda r: -int(r.get("first", 0)))
    lines = {key: tuple(line_of(v) for v in table["replies"]) for key, table in tables.items()}
    rules = tuple(Rule(r["moment"], r["intent"], tuple(re.compile(p) for p in r["patterns"]), bool(r.get("asks")),
                       bool(r.get("any_intent")), r.get("topic")) for r in rule_tables)
    unknown = [r.moment for r in rules if r.moment not in lines]
    if unknown:
        raise ValueError(f"content/moments.toml: rules for moments that have no replies: {unknown}")
    expects = {key: dict(table["expects"]) for key, table in tables.items() if "expects" in table}
    return Moments(lines, dict(data["hide_and_seek"]), rules, expects)
