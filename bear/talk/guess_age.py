"""The child asks the bear to guess how old someone is ("guess how old my nan is"): a guess for that kind of
person, then higher or lower as the child says ("she's older than that", "younger"), until the child says
yes or tells the age."""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply

ASKED = re.compile(r"\b(?:guess|can you guess|what do you think|how old do you think) (?:how old )?(?:my |our )"
                   r"(?P<who>nan|nana|nanny|gran|granny|grandma|grandad|grandpa|granddad|mum|mummy|mom|dad|daddy|"
                   r"sister|brother|big sister|big brother|baby sister|baby brother|teacher|auntie|aunty|uncle|"
                   r"cousin|dog|cat|puppy|hamster|rabbit) (?:is|are)(?: now)?\b")
# a first guess and a step, by who it is
GUESSES = {"nan": (70, 5), "nana": (70, 5), "nanny": (70, 5), "gran": (70, 5), "granny": (70, 5),
           "grandma": (70, 5), "grandad": (70, 5), "grandpa": (70, 5), "granddad": (70, 5), "mum": (35, 5),
           "mummy": (35, 5), "mom": (35, 5), "dad": (35, 5), "daddy": (35, 5), "sister": (8, 2), "brother": (8, 2),
           "big sister": (10, 2), "big brother": (10, 2), "baby sister": (1, 1), "baby brother": (1, 1),
           "teacher": (30, 5), "auntie": (30, 5), "aunty": (30, 5), "uncle": (30, 5), "cousin": (8, 2),
           "dog": (5, 2), "cat": (5, 2), "puppy": (1, 1), "hamster": (1, 1), "rabbit": (3, 1)}
HE = {"dad", "daddy", "grandad", "grandpa", "granddad", "brother", "big brother", "baby brother", "uncle"}
OLDER = re.compile(r"\b(?:older|more|higher|bigger|way older|much older|even older|go up)\b")
YOUNGER = re.compile(r"\b(?:younger|less|lower|smaller|not that old|too old|way younger|go down)\b")
TOLD = re.compile(r"\b(?:she is|he is|she s|he s|its|it is|they are|nope|no|yes|actually)? ?(\d{1,3})(?: years old)?$")


def _ask(p: dict) -> Reply:
    pronoun = "he" if p["who"] in HE else "it" if p["who"] in ("dog", "cat", "puppy", "hamster", "rabbit") else "she"
    return Reply(f"Hmm... is {pronoun} {p['guess']}?", "play", expects_answer=True)


def asked(b, c: Ctx) -> Reply | None:
    """The first guess at someone's age; else None."""
    m = ASKED.search(c.canon)
    if m is None:
        return None
    guess, step = GUESSES[m.group("who")]
    p = {"kind": "guess_age", "who": m.group("who"), "guess": guess, "step": step, "lo": 0, "hi": 120}
    c.session.pending = p
    return _ask(p)


def expect(b, c: Ctx, p: dict) -> Reply | None:
    """Older, younger, yes or the age told; None when the child moved on."""
    from bear.talk.guessing import NO, YES

    if len(c.words) > 10:
        return None
    told = TOLD.search(c.canon)
    if told and not OLDER.search(c.canon) and not YOUNGER.search(c.canon):
        c.session.pending = None
        return Reply(f"{told.group(1)}! Wow, thank you for telling me. I wasn't far off!", "play")
    p = dict(p)
    if OLDER.search(c.canon):
        p["lo"] = p["guess"] + 1
        p["guess"] = min(p["guess"] + p["step"] * 2, p["hi"]) if p["hi"] == 120 else (p["lo"] + p["hi"]) // 2
    elif YOUNGER.search(c.canon):
        p["hi"] = p["guess"] - 1
        p["guess"] = max((p["lo"] + p["hi"]) // 2, p["lo"], 0)
    elif YES.match(c.canon) and not NO.match(c.canon):
        c.session.pending = None
        return Reply(f"Hooray, {p['guess']}! I guessed it!", "play")
    else:
        return None
    if p["lo"] > p["hi"]:
        c.session.pending = None
        return Reply("Hmm, I'm all muddled! How old are they?", "play", expects_answer=True)
    c.session.pending = p
    return _ask(p)


EXPECTATIONS = {"guess_age": expect}
