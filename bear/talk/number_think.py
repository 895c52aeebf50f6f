"""The bear thinks of a number and the child guesses it ("think of a number and i'll guess it", "pick a number
between 1 and 20"): "higher", "lower" or "yes!" to each guess, and how many goes it took."""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply

ASKED = re.compile(r"^(?:(?:teddy|ok|okay|now|so|can you|could you|will you|you|please|lets|let s) )*"
                   r"(?:think of|pick|choose|have|get) (?:a|a secret|a mystery|your) number\b"
                   r"(?:(?: it s| its| it is)? (?:between|from) (\d{1,3}) (?:and|to) (\d{1,3}))?"
                   r"(?: (?:and|then|so) (?:i will|i ll|i can|i am going to|i m going to|i am gonna|i m gonna|i|let me|"
                   r"i have to|i get to) (?:try to |try and )?guess(?: it| what it is| which one| yours)?)?"
                   r"(?: please| teddy)?$")
GUESS = re.compile(r"^(?:(?:is it|it is|its|it s|is that|i guess|i think|i think it is|i think its|i think it s|"
                   r"my guess is|um|erm|hmm|maybe|what about|how about|oh|ok|okay|then|so|no|and) )*(\d{1,3})"
                   r"(?: (?:then|now|teddy))?$")
# the whole line ("tell me a joke" in the game is something else)
GIVE_UP = re.compile(r"^(?:(?:ok|okay|oh|um|no|teddy) )*(?:i give up|give up|tell me|you tell me|what is it|"
                     r"what was it|what s the answer|what is the answer|i do not know)(?: teddy| please)?$")


def asked(b, c: Ctx) -> Reply | None:
    """The start of the game; else None."""
    m = ASKED.match(c.canon)
    if m is None:
        return None
    lo, hi = (int(m.group(1)), int(m.group(2))) if m.group(1) else (1, 10)
    lo, hi = min(lo, hi), max(lo, hi)
    if hi - lo < 2 or hi - lo > 100:
        lo, hi = 1, 10
    c.session.pending = {"kind": "number_think", "number": b.rng.randint(lo, hi), "lo": lo, "hi": hi, "goes": 0}
    c.session.last_topic = "number_think"
    return Reply(f"Okay! I've thought of a number between {lo} and {hi}. Have a guess!", "play", expects_answer=True)


def expect(b, c: Ctx, p: dict) -> Reply | None:
    """A guess, or giving up; None when the child moved on."""
    if GIVE_UP.search(c.canon):
        c.session.pending = None
        return Reply(f"It was {p['number']}! Good try. Shall we play again?", "play", expects_answer=True)
    m = GUESS.match(c.canon)
    if m is None:
        return None
    guess, p["goes"] = int(m.group(1)), p["goes"] + 1
    c.session.pending = p
    if guess == p["number"]:
        c.session.pending = None
        goes = "first go" if p["goes"] == 1 else f"{p['goes']} goes"
        return Reply(f"Yes! It's {guess}! You got it in {goes}. Well done! Shall we play again?", "play",
                     expects_answer=True)
    if not p["lo"] <= guess <= p["hi"]:
        return Reply(f"Oops, my number is between {p['lo']} and {p['hi']}. Have another guess!", "play",
                     expects_answer=True)
    return Reply(f"No, it's {'higher' if guess < p['number'] else 'lower'} than {guess}. Guess again!", "play",
                 expects_answer=True)


EXPECTATIONS = {"number_think": expect}
