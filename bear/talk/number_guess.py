"""The child thinks of a number ("i'm thinking of a number between 1 and 10", "guess my number") and the
bear guesses it from clues ("it's bigger than 7 and it's even", "higher", "no, smaller"), halving what is
left each time."""

from __future__ import annotations

import re

from bear.talk.guessing import NO, YES
from bear.talk.turn import Ctx, Reply

THINKING = re.compile(r"\b(?:i am thinking of|i m thinking of|i have thought of|i have got|i ve got|guess) (?:a|my|the)"
                      r" (?:secret |mystery )?number\b(?:(?: it s| its| it is)? (?:between|from) (\d{1,3}) (?:and|to) "
                      r"(\d{1,3}))?|"
                      r"\bguess (?:what|which) number i am thinking(?: of)?\b(?: (?:between|from) (\d{1,3}) "
                      r"(?:and|to) (\d{1,3}))?")
MORE = re.compile(r"\b(?:bigger|higher|more|greater|larger|over|above) (?:than )?(\d{1,3})\b")
LESS = re.compile(r"\b(?:smaller|lower|less|littler|under|below) (?:than )?(\d{1,3})\b")
HIGHER = re.compile(r"^(?:(?:no|nope|its|it is|it s|nah|wrong) )*(?:higher|bigger|more|go higher|up)\b")
LOWER = re.compile(r"^(?:(?:no|nope|its|it is|it s|nah|wrong) )*(?:lower|smaller|less|go lower|down)\b")


def asked(b, c: Ctx) -> Reply | None:
    """The start of the game; else None."""
    m = THINKING.search(c.canon)
    if m is None:
        return None
    lo, hi = (int(m.group(1)), int(m.group(2))) if m.group(1) else \
        (int(m.group(3)), int(m.group(4))) if m.group(3) else (1, 10)
    lo, hi = min(lo, hi), max(lo, hi)
    if hi - lo > 100:
        return Reply("That's a lot of numbers for a little bear! Can you think of one between 1 and 20?", "play",
                     expects_answer=True)
    p = {"kind": "number_guess", "left": list(range(lo, hi + 1)), "guess": None}
    c.session.pending = p
    c.session.last_topic = "number_guess"
    return _ask(p, lo, hi)


def _ask(p: dict, lo: int, hi: int) -> Reply:
    p["ask"] = (lo + hi) // 2
    return Reply(f"Ooh, a number between {lo} and {hi}! Let me think... Is it bigger than {p['ask']}?", "play",
                 expects_answer=True)


def _next(c: Ctx, p: dict) -> Reply:
    left = p["left"]
    c.session.pending = p
    if not left:
        c.session.pending = None
        return Reply("Hmm, I'm muddled! No number fits all the clues. What was it?", "play", expects_answer=True)
    if len(left) > 3:  # halve what is left
        p["guess"], p["ask"] = None, left[len(left) // 2 - 1]
        return Reply(f"Is it bigger than {p['ask']}?", "play", expects_answer=True)
    p["guess"], p["ask"] = left[1 if len(left) == 3 else 0], None
    return Reply(f"Is it {p['guess']}?", "play", expects_answer=True)


def expect(b, c: Ctx, p: dict) -> Reply | None:
    """A clue, a yes or a no in the number game; None when the child moved on."""
    text = c.canon
    yes, no = bool(YES.match(text)), bool(NO.match(text))
    clues = False
    left = p["left"]
    if m := MORE.search(text):
        left, clues = [n for n in left if n > int(m.group(1))], True
    if m := LESS.search(text):
        left, clues = [n for n in left if n < int(m.group(1))], True
    if re.search(r"\b(?:even|an even number)\b", text) and not re.search(r"\bnot even\b", text):
        left, clues = [n for n in left if n % 2 == 0], True
    if re.search(r"\b(?:odd|an odd number|not even)\b", text):
        left, clues = [n for n in left if n % 2 == 1], True
    if p.get("guess") is not None and not clues:
        if yes and not no:
            c.session.pending = None
            return Reply(f"Hooray, {p['guess']}! I guessed your number. Shall we play again?", "play",
                         expects_answer=True)
        if HIGHER.match(text):
            left, clues = [n for n in left if n > p["guess"]], True
        elif LOWER.match(text):
            left, clues = [n for n in left if n < p["guess"]], True
        elif no:
            left, clues = [n for n in left if n != p["guess"]], True
    elif p.get("ask") is not None and not clues and (HIGHER.match(text) or LOWER.match(text)):
        left, clues = [n for n in left if (n > p["ask"]) == bool(HIGHER.match(text))], True  # "no, higher"
    elif p.get("ask") is not None and not clues and (yes or no):
        left, clues = [n for n in left if (n > p["ask"]) == (yes and not no)], True
    if not clues:
        return None
    p["left"] = left
    return _next(c, p)


EXPECTATIONS = {"number_guess": expect}
