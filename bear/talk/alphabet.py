"""The alphabet game: "A is for apple! What's B for?" The child says a word for each letter in turn;
the bear says it back only when it is vetted (`bear.talk.vetting.vet_thing`), and gives its own
word when the child does not know one."""

from __future__ import annotations

import re
import string
from collections.abc import Callable

from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply
from bear.talk.vetting import vet_thing

START = re.compile(r"\b(?:play|do|have|start|lets|let us|can we)(?: a game of)? (?:the |an? )?(?:alphabet|abc|a b c) "
                   r"game\b|^(?:the )?alphabet game(?: please)?$")
# the bear's own word for each letter
WORDS = dict(zip(string.ascii_lowercase, (
    "apple", "banana", "cat", "dog", "elephant", "frog", "giraffe", "hat", "igloo", "jelly", "kite", "lion", "moon",
    "nest", "owl", "penguin", "queen", "rainbow", "sun", "tiger", "umbrella", "van", "whale", "x-ray", "yo-yo",
    "zebra")))
DONT_KNOW = re.compile(r"^(?:(?:um+|er+|hmm+|teddy) )*(?:(?:i )?(?:do not|don t|dont) know|dunno|no idea|"
                       r"you (?:say|do|pick|choose|tell me)(?: one)?|pass|i can not think of one|i cant think of one)$")
FILLER = re.compile(r"^(?:(?:um+|er+|hmm+|ok|okay|teddy|and) )*(?:(?:[a-z] )?is for |it s |its |it is |i say |"
                    r"how about |what about )?(?:a |an |the |some )?")
MOVED_ON = frozenset({"goodbye", "stop", "story", "song", "joke", "riddle", "hide_and_seek", "scared", "grief",
                      "sleep", "hug", "question", "help"})


def _next(letter: str) -> str:
    return string.ascii_lowercase[string.ascii_lowercase.index(letter) + 1]


def start(b, c: Ctx) -> Reply | None:
    """"can we play the alphabet game": A is for apple, and the child says B."""
    if not START.search(c.canon):
        return None
    c.session.pending = {"kind": "alphabet", "letter": "b"}
    return Reply("Let's play the alphabet game! A is for apple. Now you: what's B for?", "play", expects_answer=True)


def expect_letter(b, c: Ctx, p: dict) -> Reply | None:
    """The child's word for the letter: said back when vetted and it starts with the letter; the bear's own
    word when the child doesn't know; None when the child moved on."""
    letter = str(p.get("letter", "b"))
    if c.intent in MOVED_ON and c.confidence >= MIN_CONFIDENCE and len(c.words) > 2:
        return None
    if DONT_KNOW.match(c.canon):
        said = f"{letter.upper()} is for {WORDS[letter]}!"
    else:
        raw = FILLER.sub("", c.canon, count=1).strip()
        if not raw or len(raw.split()) > 3:
            return None
        thing = vet_thing(raw)
        if thing is None or not thing.startswith(letter):
            c.session.pending = dict(p)
            return Reply(f"Hmm, can you think of a word that starts with {letter.upper()}? Like {WORDS[letter]}!",
                         "play", expects_answer=True)
        said = f"Yes! {letter.upper()} is for {thing}!"
    if letter == "z":
        c.session.pending = None
        return Reply(f"{said} That's the whole alphabet, well done!", "play")
    nxt = _next(letter)
    c.session.pending = {"kind": "alphabet", "letter": nxt}
    return Reply(f"{said} What's {nxt.upper()} for?", "play", expects_answer=True)


EXPECTATIONS: dict[str, Callable[..., Reply | None]] = {"alphabet": expect_letter}
