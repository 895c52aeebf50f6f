"""A fruit the child thinks of ("i'm thinking of a fruit", "guess my fruit"), guessed from the clues
they give ("it's yellow and long and monkeys like it" -> "Is it a banana?"); "no" is another guess,
"yes" ends the round. Content: `[fruit_guess]` of `content/guessing.toml`; the bear only says the
names on its own list, never the child's words.
"""

from __future__ import annotations

import re

from bear.talk.guessing import NO, YES, _moved_on, _pick, data
from bear.talk.turn import Ctx, Reply

THINKING_FRUIT = re.compile(r"\bi (?:am|m) thinking (?:of|about) (?:a |an |some )?(?:fruit|fruits)\b|"
                            r"\bguess (?:what|which|my) fruit\b|\bguess the fruit\b|\bfruit guessing game\b")


def _fruits() -> list[dict]:
    return list(data()["fruit_guess"]["fruit"])


def _clues(c: Ctx) -> list[str]:
    known = {w for f in _fruits() for w in f["clues"]}
    return [w for w in c.words if w in known]


def _next(b, c: Ctx, p: dict) -> Reply:
    """The best guess from the clues so far (a fruit not guessed yet), or a request for a clue."""
    left = [f for f in _fruits() if f["name"] not in p["guessed"]]
    c.session.pending = p
    if not left:
        c.session.pending = None
        return Reply(data()["fruit_guess"]["give_up"], "guessing_game", expects_answer=True)
    score = {f["name"]: sum(1 for w in p["clues"] if w in f["clues"]) for f in left}
    best = max(left, key=lambda f: score[f["name"]])
    if not score[best["name"]]:
        p["guess"] = None
        return Reply(_pick(b, c, "fruit_guess", "more_clue"), "guessing_game", expects_answer=True)
    p["guess"] = best["name"]
    return Reply(_pick(b, c, "fruit_guess", "guess", a=best["name"]), "guessing_game", expects_answer=True)


def fruit_game(b, c: Ctx) -> Reply | None:
    """"I'm thinking of a fruit": a guess when the line has clues, else a request for one; else None."""
    if not THINKING_FRUIT.search(c.canon):
        return None
    p: dict = {"kind": "fruit_guess", "guessed": [], "clues": _clues(c), "guess": None}
    c.session.last_topic = "guessing_game"
    if not p["clues"]:
        c.session.pending = p
        return Reply(data()["fruit_guess"]["ask_clue"], "guessing_game", expects_answer=True)
    return _next(b, c, p)


def expect_fruit(b, c: Ctx, p: dict) -> Reply | None:
    """The child's clue or answer while the bear guesses their fruit; None when they moved on."""
    clues = _clues(c)
    yes = bool(YES.match(c.canon)) or c.intent == "yes"
    no = bool(NO.match(c.canon)) or c.intent == "no"
    if (_moved_on(c) and not clues) or len(c.words) > 14 or not (clues or yes or no):
        return None
    if p.get("guess") and yes and not no:
        c.session.pending = None
        return Reply(_pick(b, c, "fruit_guess", "got_it"), "guessing_game", expects_answer=True)
    if p.get("guess"):
        p["guessed"].append(p["guess"])
    p["clues"] = p["clues"] + clues
    return _next(b, c, p)


EXPECTATIONS = {"fruit_guess": expect_fruit}
