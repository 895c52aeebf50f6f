"""I spy both ways round: the bear spies in its pretend garden and judges the child's guesses (a wrong one is
"try again", the answer comes after three), or the child spies "something beginning with t" and the bear guesses
things of that letter until told yes; "something beginning with r" while guessing the bear's is the child's turn.

Content: `content/guessing.toml` (the bear's I spy pictures are `content/games.toml`'s). A thing the child names is
never said back: the bear only says the names on its own lists.
"""

from __future__ import annotations

import dataclasses
import re

from bear.talk.guessing import GIVE_UP, GUESS, NO, YES, _lower_first, _moved_on, _pick, data
from bear.talk.turn import Ctx, Reply


# --- I spy, the bear spying --------------------------------------------------------------------------------------
def spy(b, c: Ctx, spied: dict) -> Reply:
    """The bear spies one of its pretend-garden things (called by `bear.talk.word_play.game`)."""
    c.session.pending = {"kind": "i_spy", "spied": spied, "tries": 0}
    c.session.last_topic = "i_spy"
    return Reply("I love I spy! My button eyes can't see your room, so I'll spy in my pretend garden. "
                 f"{spied['question']}", "play", expects_answer=True)


def expect_i_spy(b, c: Ctx, p: dict) -> Reply | None:
    """The child's guess at what the bear spied; None when the child moved on."""
    spied, said = p["spied"], f" {c.norm} "
    if any(f" {a} " in said for a in spied["answers"]):
        c.session.pending = None
        return Reply(f"{_pick(b, c, 'i_spy', 'right')} {spied['reveal']}{data()['i_spy']['after_right']}",
                     "i_spy", expects_answer=True)
    if GIVE_UP.search(c.canon) or c.intent == "dont_know":
        c.session.pending = None
        said = f"{data()['i_spy']['give_up']} {_lower_first(spied['reveal'])}{data()['i_spy']['after_right']}"
        return Reply(said, "i_spy", expects_answer=True)
    if YOUR_TURN.match(c.canon):  # "your turn" while guessing: the bear tells what it was and spies again
        from bear.talk.word_play import game

        c.session.pending = None
        again = game(b, c)
        if again is not None:
            new = c.session.pending["spied"]["question"] if c.session.pending else ""
            return Reply(f"{data()['i_spy']['give_up']} {_lower_first(spied['reveal'])} Here's another one. {new}",
                         "i_spy", expects_answer=True)
        return None
    from bear.talk.play_turns import SPY_BARE, _said

    if (m := SPY_BARE.match(c.canon)) is not None:  # "something beginning with r": the child's turn, the bear's told
        c.session.pending = None
        letter, colour = m.group(1), m.group(2)
        guess = child_spies(b, _said(c, f"i spy something beginning with {letter}" if letter
                                     else f"i spy something {colour}"))
        if guess is not None:
            told = f"{data()['i_spy']['give_up']} {_lower_first(spied['reveal'])}"
            return dataclasses.replace(guess, text=f"{told} Now your turn! {guess.text}")
        return None
    if _moved_on(c) or not GUESS.match(c.canon) or len(c.words) > 7:
        return None
    p["tries"] += 1
    if p["tries"] >= 3:
        c.session.pending = None
        said = f"{data()['i_spy']['give_up']} {_lower_first(spied['reveal'])}{data()['i_spy']['after_right']}"
        return Reply(f"Not quite! {said}", "i_spy", expects_answer=True)
    return Reply(_pick(b, c, "i_spy", "wrong"), "i_spy", expects_answer=True)


# --- I spy, the child spying -------------------------------------------------------------------------------------
CHILD_SPIES = re.compile(r"^(?:(?:ok|okay|right|now|teddy|my turn|me next) )*i spy (?:with my (?:little )?eyes? |"
                         r"with my little eye )?(?:something|somethin|a thing|sumthing)(?: (?:that is |"
                         r"which is |that s |"
                         r"thats )?(?:(red|blue|green|yellow|pink|orange|purple|white|black|brown)|"
                         r"(?:beginning|starting|"
                         r"that begins|that starts|begins|starts|that starts with|"
                         r"beginning with) ?(?:with )?(?:the letter |"
                         r"letter |a |an )?([a-z]|are|bee|see|sea|dee|gee|jay|kay|pee|queue|cue|tee|vee|why|zed|zee)"
                         r"))?\b")


def _spy_options(p: dict) -> list[str]:
    if p.get("colour"):
        return list(data()["i_spy_colours"][p["colour"]])
    if p.get("letter"):
        return list(data()["i_spy_guesses"].get(p["letter"], []))
    return [t for ts in data()["i_spy_guesses"].values() for t in ts[:1]]


def _spy_guess(b, c: Ctx, p: dict, before: str) -> Reply:
    denied = set(re.findall(r"\bnot (?:a |an |the |my )?([a-z]+)", c.canon))  # "no, not ball": not that one either
    p["tried"] += [t for t in _spy_options(p) if t.split()[-1] in denied and t not in p["tried"]]
    left = [t for t in _spy_options(p) if t not in p["tried"]]
    if not left or len(p["tried"]) >= 5:
        c.session.pending = {"kind": "i_spy_told"}
        return Reply(f"{before} {data()['i_spy_child']['give_up']}".strip(), "i_spy", expects_answer=True)
    thing = left[0] if not p["tried"] else b.rng.choice(left)
    p["tried"].append(thing)
    c.session.pending = p
    return Reply(f"{before} {_pick(b, c, 'i_spy_child', 'guess', thing=thing)}".strip(), "i_spy",
                 expects_answer=True)


def child_spies(b, c: Ctx) -> Reply | None:
    """"i spy something beginning with t": the bear guesses; else None."""
    m = CHILD_SPIES.match(c.canon)
    if m is None:
        return None
    from bear.talk.letter_words import LETTER_NAMES

    letter = LETTER_NAMES.get(m.group(2), m.group(2)) if m.group(2) else None
    p: dict = {"kind": "i_spy_child", "colour": m.group(1), "letter": letter, "tried": []}
    c.session.last_topic = "i_spy"
    return _spy_guess(b, c, p, _pick(b, c, "i_spy_child", "start"))


# "your turn" after the child's I spy: the bear spies next (`bear.talk.word_play`)
YOUR_TURN = re.compile(r"^(?:(?:ok|okay|now|and|teddy) )*(?:it s |its |it is )?(?:your (?:turn|go)|you go|you do one|"
                       r"you spy|you have a go)(?: now| teddy| then)*$")


def expect_i_spy_child(b, c: Ctx, p: dict) -> Reply | None:
    """Yes or no to the bear's I spy guess ("no, try again", "you guess"); None when the child moved on."""
    if CHILD_SPIES.match(c.canon):
        return child_spies(b, c)
    from bear.talk.play_turns import MY_TURN

    if YOUR_TURN.match(c.canon) or MY_TURN.match(c.canon):  # "your turn": the bear spies (`word_play`); "my turn":
        c.session.pending = None  # the child spies something new (`play_turns.games_turn`)
        return None
    if YES.match(c.canon) or (c.intent == "yes" and len(c.words) <= 4):
        c.session.pending = None
        return Reply(_pick(b, c, "i_spy_child", "got_it"), "i_spy", expects_answer=True)
    if NO.match(c.canon) or (c.intent == "no" and len(c.words) <= 5) or (len(c.words) <= 3 and not _moved_on(c)
                                                                       and c.intent not in ("question",)):
        return _spy_guess(b, c, p, _pick(b, c, "i_spy_child", "again"))
    return None


def expect_told(b, c: Ctx, p: dict) -> Reply | None:
    """What the child spied, after the bear gave up: never said back; None for a longer line."""
    c.session.pending = None
    if len(c.words) > 5 or _moved_on(c) or re.match(r"^(?:why|what|how|where|when|who|can|do|does)\b", c.canon):
        return None
    return Reply(_pick(b, c, "i_spy_child", "told"), "i_spy", expects_answer=True)


EXPECTATIONS = {"i_spy": expect_i_spy, "i_spy_child": expect_i_spy_child, "i_spy_told": expect_told}
