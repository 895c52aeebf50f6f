"""Interactive stories (`content/interactive_stories.toml`): the child chooses at two or three
points what happens next ("Should Pip go into the cave, or up the hill?"), and the story uses the
child's name and favourite things ({name}, {colour}, {animal}, {food}, {toy}).

`StoryTeller` tells a part, asks, and follows the child's answer: a choice's words, "the first /
second / last one", or, after one repeat of the question, the first choice.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

DEFAULTS = {"colour": "blue", "animal": "bunny", "food": "apple pie", "toy": "ball"}
ORDINALS = {"first": 0, "1": 0, "one": 0, "second": 1, "2": 1, "two": 1, "other": 1, "third": 2, "3": 2, "three": 2}


@dataclass(frozen=True)
class Choice:
    """A choice in an interactive story: the words that pick it and the part it leads to."""

    words: tuple[str, ...]
    next: str


@dataclass(frozen=True)
class Part:
    """One part of an interactive story: its text, the question and the choices."""

    text: str
    ask: str = ""
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class InteractiveStory:
    """A story the child steers by choosing."""

    id: str
    title: str
    topics: tuple[str, ...]
    calm: bool
    start: str
    parts: dict[str, Part]


@lru_cache(maxsize=1)
def load_stories() -> tuple[InteractiveStory, ...]:
    """Read content/interactive_stories.toml."""
    data = tomllib.loads(resources.files("bear.talk").joinpath("content/interactive_stories.toml")
                         .read_text(encoding="utf-8"))
    out = []
    for s in data["story"]:
        parts = {pid: Part(p["text"], p.get("ask", ""),
                           tuple(Choice(tuple(c["words"]), c["next"]) for c in p.get("choices", ())))
                 for pid, p in s["parts"].items()}
        out.append(InteractiveStory(s["id"], s["title"], tuple(s["topics"]), bool(s.get("calm")), s["start"], parts))
    return tuple(out)


_OPENERS = ("Once upon a time", "Long ago", "Long, long ago", "One day", "One night", "One morning", "One sunny",
            "There was", "There once")
_SMALL = frozenset("the on under at when after most in a an every far deep high all".split())


def once_upon(text: str) -> str:
    """A story's first words as a storybook's: "Once upon a time, " before a story that opens another way (a
    name keeps its capital: "Once upon a time, Sammy the snail wanted...")."""
    if text.startswith(_OPENERS):
        return text
    first, _, rest = text.partition(" ")
    lead = first.lower() if first.lower() in _SMALL else first
    return f"Once upon a time, {lead} {rest}".rstrip()


def fill(text: str, name: str | None, likes: dict[str, str]) -> str:
    """The story's placeholders with the child's name and favourite things (or the defaults)."""
    values = {k: likes.get(k) or likes.get("color" if k == "colour" else k) or v for k, v in DEFAULTS.items()}
    values["name"] = name or "friend"
    return re.sub(r"\{(name|colour|animal|food|toy)\}", lambda m: values[m.group(1)], text)


def choose(part: Part, words: list[str]) -> Choice | None:
    """The choice the child's words pick, or None: a choice's own words win over ordinals, and a
    word shared by two choices picks neither."""
    said = set(words)
    hits = [c for c in part.choices if said & set(c.words)]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:  # "go in the cave not up the hill": the choice whose words come first
        first = {c: min(i for i, w in enumerate(words) if w in c.words) for c in hits}
        ranked = sorted(hits, key=first.get)
        return ranked[0] if first[ranked[0]] < first[ranked[1]] else None
    if "last" in said and part.choices:
        return part.choices[-1]
    for w in words:
        if w in ORDINALS and ORDINALS[w] < len(part.choices):
            return part.choices[ORDINALS[w]]
    return None
