"""Loading the conversation content (`bear/talk/content/*.toml`) into plain, checked objects."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


class ContentError(Exception):
    """A content file is missing a field or has a bad pattern."""


@dataclass(frozen=True)
class Story:
    """A story the bear tells: its title, topics and text (calm ones at bedtime)."""

    id: str
    title: str
    topics: tuple[str, ...]
    text: str
    calm: bool = False


@dataclass(frozen=True)
class Riddle:
    """A riddle: the question, accepted answers and the reveal."""

    question: str
    answers: tuple[str, ...]
    reveal: str
    topics: tuple[str, ...] = ()  # what a child may ask a riddle about ("a riddle about animals")


@dataclass(frozen=True)
class Song:
    """A song; calm ones may be sung at bedtime."""

    title: str
    text: str
    calm: bool = False
    topics: tuple[str, ...] = ()  # what a child may ask for it by ("a song about the sea")


@dataclass(frozen=True)
class Intent:
    """An intent: its patterns and reply data."""

    name: str
    patterns: tuple[re.Pattern, ...]
    data: dict  # every other key of the intent's table (replies, unknown, bedtime_replies, ...)

    def match(self, norm: str) -> re.Match | None:
        """The first pattern match in a folded line, or None."""
        for p in self.patterns:
            m = p.search(norm)
            if m:
                return m
        return None


@dataclass(frozen=True)
class Content:
    """Everything the bear says, from content/*.toml."""

    intents: tuple[Intent, ...]
    fallback: dict
    bedtime: dict
    stories: tuple[Story, ...]
    jokes: tuple[str, ...]
    riddles: tuple[Riddle, ...]
    songs: tuple[Song, ...]
    facts: dict[str, tuple[str, ...]]
    animal_aliases: dict[str, str]
    games: dict
    joke_topics: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # (topic words, jokes about them)
    knock_knocks: tuple[tuple[str, str], ...] = ()  # (who, punchline) of the knock-knock jokes the bear tells
    made_up_songs: tuple[tuple[tuple[str, ...], str], ...] = ()  # (pet kinds, template) of songs about a pet

    def intent(self, name: str) -> Intent:
        """The intent called `name`; raises KeyError."""
        for i in self.intents:
            if i.name == name:
                return i
        raise KeyError(name)

    def all_texts(self) -> list[str]:
        """Everything the bear can say from these files (the safety test checks each one)."""
        out: list[str] = []

        def walk(value):
            if isinstance(value, str):
                out.append(value)
            elif isinstance(value, dict):
                for v in value.values():
                    walk(v)
            elif isinstance(value, (list, tuple)):
                for v in value:
                    walk(v)

        for i in self.intents:
            walk(i.data)
        walk(self.fallback)
        walk(self.bedtime)
        out += [s.text for s in self.stories] + list(self.jokes) + [s.text for s in self.songs]
        out += [r.question for r in self.riddles] + [r.reveal for r in self.riddles]
        out += [j for _, jokes in self.joke_topics for j in jokes] + [f"{w}. {p}" for w, p in self.knock_knocks]
        out += [t.format(pet="Rex", Pet="Rex", kind="dog") for _, t in self.made_up_songs]
        for facts in self.facts.values():
            out += list(facts)
        walk({k: v for k, v in self.games.items() if k in ("counting", "spelling", "word_play")})
        return out


def _read(name: str, text: str | None = None) -> dict:
    try:
        if text is None:
            text = resources.files("bear.talk").joinpath(f"content/{name}").read_text(encoding="utf-8")
        return tomllib.loads(text)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"content/{name}: {exc}") from None


@lru_cache(maxsize=1)
def load_content() -> Content:
    """Read and check content/*.toml, once per process (every Brain shares the Content: nothing changes
    it); raises ContentError."""
    dialogue = _read("dialogue.toml")
    try:
        intents = []
        for name in dialogue["order"]:
            table = dict(dialogue["intents"][name])
            patterns = tuple(re.compile(p) for p in table.pop("patterns"))
            intents.append(Intent(name, patterns, table))
        stories = tuple(Story(s["id"], s["title"], tuple(s["topics"]), s["text"], bool(s.get("calm")))
                        for s in _read("stories.toml")["story"])
        riddles = tuple(Riddle(r["question"], tuple(r["answers"]), r["reveal"], tuple(r.get("topics", ())))
                        for r in _read("riddles.toml")["riddle"])
        songs = tuple(Song(s["title"], s["text"], bool(s.get("calm")), tuple(s.get("topics", ())))
                      for s in _read("songs.toml")["song"])
        animals = _read("animals.toml")
        facts = {k: tuple(v) for k, v in animals["facts"].items()}
        aliases = dict(animals["aliases"]) | {k: k for k in facts}
        jokes = _read("jokes.toml")
        made_up = tuple((tuple(m["kinds"]), m["text"]) for m in _read("songs.toml").get("made_up", []))
        content = Content(tuple(intents), dialogue["fallback"], dialogue["bedtime"], stories,
                          tuple(jokes["jokes"]), riddles, songs, facts, aliases,
                          _read("games.toml"), tuple((tuple(t["topics"]), tuple(t["jokes"]))
                                                     for t in jokes.get("topical", [])),
                          tuple((k["who"], k["punchline"]) for k in jokes.get("knock_knock", [])), made_up)
    except (KeyError, TypeError, re.error) as exc:
        raise ContentError(f"conversation content: {type(exc).__name__}: {exc}") from None
    if len({s.id for s in stories}) != len(stories):
        raise ContentError("stories.toml: story ids must be unique")
    return content
