"""A story made up about the child's own character ("a story about my dog biscuit", "a story about
a girl called maya and a magic tree"): one of the templates of `content/made_up_stories.toml`
with the character put in. Only a character of the file's list (people and animals) is taken, a
name only when the bear's name vetting passes it (a pet's name by the pet-name rules), an extra
thing only when the thing vetting does: nothing unvetted is said back."""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from bear.talk.turn import Ctx, Reply
from bear.talk.vetting import vet_name, vet_pet_name, vet_thing

ANIMAL_NAMES_FREE = frozenset(("dog", "puppy", "cat", "kitten", "bunny", "rabbit", "hamster", "guinea pig", "mouse",
                               "horse", "pony", "goldfish", "fish", "tortoise", "turtle", "parrot", "snail"))
# A fixed list (said back as it is): one or two of them before the character ("a brave little mouse",
# "a lost penguin", "a space cat").
ADJECTIVES = (r"(?:(?:little|big|tiny|brave|kind|funny|silly|happy|friendly|magic|cheeky|clever|small|fluffy|lost|"
              r"lonely|sleepy|hungry|naughty|grumpy|shy|sad|space|flying|dancing|singing|spotty|stripy|pink|purple|"
              r"blue|green|red|yellow|orange|golden|white|black|brown|old|young|curious|busy|lazy|tall|baby|snowy|"
              r"sparkly|rainbow|hairy|furry|noisy|quiet|super|pirate|wobbly|wiggly|jolly|bouncy|giant|ninja|robot|"
              r"superhero|fairy|princess|dragon|dizzy|speedy|smelly|stinky|twinkly|shiny|cosy) ){1,2}")
# what a character may love doing in a story asked for ("a princess who does karate")
ACTIVITIES = ("karate|judo|kung fu|taekwondo|ballet|dancing|football|gymnastics|swimming|singing|painting|baking|"
              "cooking|skateboarding|magic|magic tricks|science|reading|drawing|climbing|skiing|surfing|horse riding|"
              "music|drums|the drums|piano|the piano|ice skating|roller skating|tennis|running|races|space")


@dataclass(frozen=True)
class Hero:
    """The story's character: `hero` for the first sentence ("a dog called Biscuit"), `name` for
    the rest ("Biscuit", or "the dog"), and the child's extra thing (vetted) if any."""

    hero: str
    name: str
    thing: str | None


@functools.cache
def _data() -> dict:
    return tomllib.loads(resources.files("bear.talk").joinpath("content/made_up_stories.toml")
                         .read_text(encoding="utf-8"))


@functools.cache
def _pattern() -> re.Pattern:
    kinds = "|".join(sorted((re.escape(k) for k in set(_data()["characters"])), key=len, reverse=True))
    return re.compile(rf"\b(?:story|1|one) (?:about|of|with) (?:a |an |the |(my |our ))?({ADJECTIVES})?({kinds})\b"
                      r"(?:(?: (?:called|named|whose name is|who is called)| is called|(?(1)|(?!)))"
                      r" (?!please\b|now\b|again\b|and\b)([a-z]+(?: (?!please\b|now\b|again\b|and\b)[a-z]+)?))?"
                      r"(?: and (?:a |an |the |some |her |his |their )?"
                      r"((?!please\b|who\b|that\b|which\b|in\b|but\b|he\b|she\b|it\b|they\b|then\b)[a-z]+"
                      r"(?: (?!please\b|now\b|again\b|who\b|that\b|which\b|in\b|but\b)[a-z]+){0,2}))?"
                      # what the character loves doing, from a fixed list ("a princess who does karate"); any
                      # other clause is not said back: "a dragon who likes cake", "a monster in it but not scary"
                      # get a story about the dragon, the monster
                      rf"(?: (?:who|that) (?:does|do|loves|likes|can do|plays|is good at|learns|goes to|is really "
                      rf"good at) (?:a |the )?(?P<act>{ACTIVITIES})(?= please| now| again|$)"
                      r"| (?:who|that|which|in|on|at|but|and (?:he|she|it|they|then))\b[a-z ]*)?"
                      r"(?: please| now| again)?$")


def _article(word: str) -> str:
    """"an" before a vowel sound ("an owl", "an elf"), else "a" ("a unicorn", "a one-eyed monster")."""
    return "an" if word[0] in "aeiou" and not re.match(r"(?:uni|use|one|eu)", word) else "a"


def hero(canon: str) -> Hero | None:
    """The character a story is asked about, if it is one the bear can make a story for."""
    m = _pattern().search(canon)
    if m is None:
        return None
    adjective, kind, said_name, extra = (m.group(2) or "").strip(), m.group(3), m.group(4), m.group(5)
    described = f"{adjective} {kind}".strip()
    loves = f" who loves {m.group('act')}" if m.group("act") else ""
    name = None
    if said_name:
        name = (vet_pet_name if kind in ANIMAL_NAMES_FREE else vet_name)(said_name)
        if name is None:
            return None  # a name the bear may not say: no made-up story with it
    thing = vet_thing(extra) if extra else None
    if extra and thing is None:
        return None
    if thing is not None and not re.match(r"(?:a|an|the|some) ", thing):
        thing = f"{_article(thing)} {thing}" if not thing.endswith("s") else f"some {thing}"
    if name is not None:
        return Hero(f"{_article(described)} {described} called {name}{loves}", name, thing)
    return Hero(f"{_article(described)} {described}{loves}", f"the {kind}", thing)


def tell(c: Ctx, h: Hero, rng) -> Reply:
    """A made-up story about the hero (one not told yet this session, if any is left)."""
    stories = _data()["story"]
    fresh = [i for i in range(len(stories)) if not c.session.taken("made_up", str(i))] or list(range(len(stories)))
    i = rng.choice(fresh)
    c.session.take("made_up", str(i))
    s = stories[i]
    text = s["text"].format(hero=h.hero, name=h.name, Name=h.name[0].upper() + h.name[1:], thing=h.thing or s["thing"])
    c.session.last_topic = "story"
    c.session.last_story = (text, c.session.turns)
    if c.bedtime:
        return Reply(f"Here's a story I made up just for you. {text}", "story")
    c.session.pending = {"kind": "offer", "yes": "story", "no": ""}
    return Reply(f"Here's a story I made up just for you. {text} Would you like another one?", "story",
                 expects_answer=True)
