"""Guess the bear's animal noise: "you make a noise and i'll guess" -> "Moooo! Which animal am I?"; the child's
guess is judged, a wrong one gets the noise again, then the answer. Only animals whose noise is theirs alone
(a duck's quack, not a lion's or a tiger's roar) are used, from the bear's list of noises."""

from __future__ import annotations

import re

from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply

START = re.compile(r"\byou (?:make|do|say) (?:a |an |the |some )?(?:animal )?(?:noise|noises|sound|sounds) and i "
                   r"(?:will |ll |have to |can )?guess\b"
                   r"|\b(?:play|do|have) (?:the |an |a )?(?:animal )?(?:noise|noises|sound|sounds) guess(?:ing)?"
                   r"(?: game)?\b"
                   r"|\b(?:play|do) (?:animal )?guess (?:the|my|your|which) (?:animal )?(?:noise|sound)\b"
                   r"|\bplay animal guess\b[a-z ]{0,20}\byou (?:make|do) (?:a |the )?(?:noise|sound)\b")
# each animal: the words a right guess may use
ANIMALS = {"cow": ("cow", "cows", "moo cow", "bull"), "dog": ("dog", "doggy", "puppy", "doggie"),
           "cat": ("cat", "kitty", "kitten", "pussy cat"), "sheep": ("sheep", "lamb"), "pig": ("pig", "piggy", "pig"),
           "duck": ("duck", "ducky", "duckling"), "horse": ("horse", "pony"), "donkey": ("donkey",),
           "owl": ("owl",), "snake": ("snake",), "frog": ("frog", "froggy"), "monkey": ("monkey",),
           "chicken": ("chicken", "hen"), "mouse": ("mouse",)}
STOP_INTENTS = frozenset({"goodbye", "stop", "story", "song", "joke", "scared", "grief", "sleep", "hug"})
GIVE_UP = re.compile(r"\b(?:i give up|give up|i do not know|dunno|no idea|tell me|just tell me)\b")


def _next(b, c: Ctx, before: str) -> Reply:
    noises = b.content.games["word_play"]["noises"]
    fresh = [a for a in ANIMALS if a in noises and not c.session.taken("noise_guess", a)]
    animal = b.rng.choice(fresh or [a for a in ANIMALS if a in noises])
    c.session.take("noise_guess", animal)
    c.session.pending = {"kind": "noise_guess", "animal": animal, "tries": 0}
    return Reply(f"{before}{noises[animal]} Which animal am I?", "play", expects_answer=True)


def asked(b, c: Ctx) -> Reply | None:
    """The game started ("you make a noise and i'll guess"), or None."""
    if START.search(c.canon) is None:
        return None
    return start(b, c)


def start(b, c: Ctx) -> Reply:
    """The bear's first noise for the child to guess."""
    return _next(b, c, "Ooh, yes! Listen carefully... ")


def expect_guess(b, c: Ctx, p: dict) -> Reply | None:
    """The child's guess at the bear's noise; None when the child moved on."""
    if c.intent in STOP_INTENTS and c.confidence >= MIN_CONFIDENCE:
        return None
    animal, said = p["animal"], f" {c.norm} "
    a = "an" if animal[0] in "aeiou" else "a"
    if any(f" {w} " in said for w in ANIMALS[animal]):
        return _next(b, c, f"Yes! I'm {a} {animal}! Well done. Here's another one: ")
    if GIVE_UP.search(c.canon):
        return _next(b, c, f"I was {a} {animal}! Here's another one: ")
    if len(c.words) > 6:
        return None
    noise = b.content.games["word_play"]["noises"][animal]
    if p["tries"] >= 1:
        return _next(b, c, f"Good guess! I was {a} {animal}. Here's another one: ")
    c.session.pending = p | {"tries": p["tries"] + 1}
    return Reply(f"Not quite! Listen again: {noise} Which animal am I?", "play", expects_answer=True)


EXPECTATIONS = {"noise_guess": expect_guess}
