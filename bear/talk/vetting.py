"""Vetting what the bear may repeat or remember: the child's name, a pet's name, a favourite thing.

Nothing unvetted is said back or stored. A name must look like a name: one or two words, letters
only, found in the first-name list (`content/first_names.txt`, ~6,000 given names from many
backgrounds) or, failing that, short, not an everyday word of the bear's own vocabulary, and not
in the blocked words (`content/blocked_words.toml`: profanity, insults, bodily, sexual, hateful,
violent, drug, dangerous and personal words). A favourite thing must be short and contain no
blocked word. The understanding layer has already turned away risky lines ("i like hurting
cats" is animal cruelty) before this is asked. The same blocked words keep any reply, whoever
wrote it, from being spoken (`Safety.check_output`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from bear.talk.spoken import folded

# The animals a child may say "my ... is called ..." of (a pet's name is remembered, vetted).
PET_KINDS = ("dog", "puppy", "cat", "kitten", "hamster", "rabbit", "bunny", "fish", "goldfish", "guinea pig", "horse",
             "pony", "tortoise", "turtle", "parrot", "budgie", "bird", "lizard", "snake", "mouse", "rat", "gerbil",
             "chicken", "duck", "ferret", "frog", "hedgehog", "pig", "goat", "sheep", "cow", "snail", "stick insect",
             "gecko", "axolotl", "crab", "hermit crab", "spider", "tarantula", "caterpillar", "parakeet", "canary")

# Words that are never a name, whatever the list says: the bear's own words and what speech
# recognisers put in a name's place.
NOT_NAMES = frozenset("""a an the and or but not no yes is am are was so very really just too also here there
back fine ok okay good bad happy sad tired scared bored hungry angry cross sleepy sick poorly going coming
teddy bear me you him her them it this that what who why how when where called name names my your his
its our their mummy mommy mum mom daddy dad nana grandma grandpa granny grandad baby brother sister friend
boy girl kid child big little silly funny one two three four five six seven eight nine ten""".split())

# the output check blocks these categories in anything the bear says; vetting blocks every category
OUTPUT_BLOCKED = ("profanity", "insults", "sexual", "hate")
# harmless things a child may like that contain a blocked word ("matches", "gun", "bomb")
HARMLESS = frozenset({"football matches", "tennis matches", "nerf gun", "nerf guns", "water pistol", "water pistols",
                      "water gun", "water guns", "bath bomb", "bath bombs", "root beer", "ginger beer", "glue gun",
                      "blue tits", "great tits", "shooting stars", "fire engines", "fire trucks"})
_VOWELS = frozenset("aeiouy")
# first names that commonly start a double first name ("Mary Jane", "Anna Maria")
DOUBLE_FIRST = frozenset("mary anna ann anne lily rosie ella sarah jo jean marie lou louise jean john paul mia".split())


@dataclass(frozen=True)
class Lexicon:
    """Blocked words and phrases by category, matched by whole words on plain text."""

    words: dict[str, str]  # word -> category
    phrases: tuple[tuple[tuple[str, ...], str], ...]  # (words of a phrase, category), longest first
    # a phrase's first word -> (its place in `phrases`, the phrase, its category): each word of a text
    # is looked up once instead of every phrase tried at every place (~2 ms a reply)
    starts: dict[str, tuple[tuple[int, tuple[str, ...], str], ...]] = field(default_factory=dict)

    def find(self, text: str, categories: tuple[str, ...] | None = None) -> tuple[str, str] | None:
        """(category, the blocked word or phrase) of the first one in `text` (phrases first, longest
        first), or None."""
        words = folded(text).split()
        best: tuple[int, tuple[str, ...], str] | None = None
        for i, w in enumerate(words):
            for k, phrase, cat in self.starts.get(w, ()):
                if (best is None or k < best[0]) and (categories is None or cat in categories) \
                        and tuple(words[i:i + len(phrase)]) == phrase:
                    best = (k, phrase, cat)
        if best is not None:
            return best[2], " ".join(best[1])
        for w in words:
            cat = self.words.get(w)
            if cat is not None and (categories is None or cat in categories):
                return cat, w
        return None


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The blocked words and phrases (content/blocked_words.toml), by category."""
    data = tomllib.loads(resources.files("bear.talk").joinpath("content/blocked_words.toml")
                         .read_text(encoding="utf-8"))
    words, phrases = {}, []
    for cat, table in data.items():
        for entry in table["words"]:
            parts = tuple(entry.split())
            if len(parts) == 1:
                words[parts[0]] = cat
            else:
                phrases.append((parts, cat))
    ordered = tuple(sorted(phrases, key=lambda p: -len(p[0])))
    starts: dict[str, list[tuple[int, tuple[str, ...], str]]] = {}
    for k, (phrase, cat) in enumerate(ordered):
        starts.setdefault(phrase[0], []).append((k, phrase, cat))
    return Lexicon(words, ordered, {w: tuple(v) for w, v in starts.items()})


class Words:
    """A set of words kept as one string ("\nann\nanna\n...\n"): a fifth of a frozenset's memory
    (content RSS, #15), and a lookup is one substring search of a few tens of kilobytes."""

    def __init__(self, text: str):
        """`text`: the words one per line (blank lines and spaces around a word are ignored)."""
        self._text = "\n" + re.sub(r"[^\S\n]+", "", text).strip("\n") + "\n"

    @classmethod
    def of(cls, words) -> Words:
        """The set of `words` (any iterable of strings)."""
        return cls("\n".join(sorted({w for w in words if "\n" not in w})))

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and bool(word) and "\n" not in word and f"\n{word}\n" in self._text


@lru_cache(maxsize=1)
def first_names() -> Words:
    """The known first names (content/first_names.txt) a two-word name is checked against."""
    text = resources.files("bear.talk").joinpath("content/first_names.txt").read_text(encoding="utf-8")
    return Words(text)


@lru_cache(maxsize=1)
def _vocabulary() -> Words:
    """Everyday words the bear's own content uses (a word of it is not taken for a name)."""
    from bear.talk.spoken import _tables

    words: set[str] = set(NOT_NAMES)
    for name in ("dialogue.toml", "moments.toml", "moments_news.toml", "games.toml"):
        try:
            text = resources.files("bear.talk").joinpath(f"content/{name}").read_text(encoding="utf-8")
        except OSError:
            continue
        words |= set(folded(text).split())
    words |= set(_tables()["words"])
    return Words.of(w for w in words if not w.isdigit())


def vet_name(raw: str) -> str | None:
    """The name as the bear may say it ("Lucy", "Mary Jane"), or None if it may not be used."""
    words = folded(raw).split()
    if not 1 <= len(words) <= 2 or not all(w.isalpha() and 2 <= len(w) <= 15 for w in words):
        return None
    if len(words) == 2 and (words[0] not in DOUBLE_FIRST or words[1] not in first_names()):
        words = words[:1]  # a first name only: a surname is personal data, not kept
    if lexicon().find(" ".join(words)) is not None:
        return None
    names = first_names()
    for w in words:
        if w in NOT_NAMES or (w not in names and (w in _vocabulary() or len(words) > 1 or not _VOWELS & set(w))):
            return None
    return " ".join(w.capitalize() for w in words)


def vet_pet_name(raw: str) -> str | None:
    """A pet's name ("Biscuit", "Mr Nibbles"): any one or two words that are not blocked (pets are
    called after everyday things), or None."""
    words = folded(raw).split()
    if not 1 <= len(words) <= 3 or not all(w.isalpha() and len(w) <= 15 for w in words):
        return None
    if lexicon().find(" ".join(words)) is not None or words[0] in NOT_NAMES - {"big", "little", "silly", "funny"}:
        return None
    return " ".join(w.capitalize() for w in words)


def vet_thing(raw: str) -> str | None:
    """A favourite thing the bear may repeat and remember ("dinosaurs", "the colour purple"),
    or None (blocked words, too long, not words)."""
    words = folded(raw).split()
    if not 1 <= len(words) <= 4 or not all(w.isalpha() for w in words):
        return None
    thing = " ".join(words)
    if lexicon().find(thing) is not None and thing.removeprefix("the ") not in HARMLESS:
        return None
    return thing
