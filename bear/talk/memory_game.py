"""The shopping memory game: "i went to the shop and i bought an apple", then each says the whole list and adds
one thing. The bear adds things from its own list; a child's thing is said back only when it is vetted (short, no
blocked word: `bear.talk.vetting.vet_thing`), else the bear asks for something else from the shop."""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply

START = re.compile(r"\b(?:play|do|have|start) (?:a |the |another )?(?:memory game|shopping (?:list )?(?:memory )?game|"
                   r"i went to the shops? game)\b|^(?:(?:let us|lets|can we) )?(?:play )?(?:the )?memory game$")
# "i went to the shop and i bought an apple and a banana", "and i bought some milk"
WENT = re.compile(r"^(?:(?:ok|okay|right|so|um|and) )*(?:(?:i|we) went to the (?:shop|shops|market|supermarket)"
                  r"(?: and)? )?(?:i|we) (?:bought|buyed|got) (.+)$")
YOUR_TURN = re.compile(r"^(?:(?:ok|okay|now|and|teddy) )*(?:your (?:turn|go)|you go|you start|you first|you do one)"
                       r"(?: now| teddy| then)*$")
# the bear's own things, in the order it adds them (a/an included)
THINGS = ("an apple", "a banana", "some bread", "a big cake", "some cheese", "a teddy bear", "some grapes",
          "a pineapple", "some milk", "a balloon", "some carrots", "a ball", "some eggs", "a lemon", "some honey",
          "a toothbrush", "some socks", "a watermelon", "some crayons", "a kite")
MAX_ITEMS = 12


def _items(said: str) -> list[str] | None:
    """The things of a list the child said, each vetted; None when one of them may not be said back."""
    from bear.talk.vetting import vet_thing

    parts = [p.strip() for p in re.split(r",| and then | (?:and )?(?=(?:a|an|some|the|two|three|lots of) )", said)]
    items = [vet_thing(p) for p in parts if p]
    if not items or any(i is None for i in items):
        return None
    return [i for i in items if i]


def _core(item: str) -> str:
    """"an apple" and "apples" are the same thing to buy."""
    return re.sub(r"^(?:a|an|some|the|two|three|lots of) ", "", item).removesuffix("s")


def _said(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" and {items[-1]}"


def asked(b, c: Ctx) -> Reply | None:
    """"let's play a memory game": the rules, and the child starts; else None."""
    if not START.search(c.canon):
        return None
    c.session.pending = {"kind": "memory", "items": []}
    c.session.last_topic = "memory_game"
    return Reply("Ooh, the shopping memory game! We take turns saying \"I went to the shop and I bought...\", and each "
                 "time we say everything so far and add one more thing. You start!", "play", expects_answer=True)


def expect_memory(b, c: Ctx, p: dict) -> Reply | None:
    """The child's turn (their list) or "your turn"; None when the child moved on."""
    items = list(p.get("items", []))
    m = WENT.match(c.canon)
    if m is not None:
        told = _items(m.group(1))
        if told is None:
            c.session.pending = dict(p)
            return Reply("Hmm, let's buy something else from the shop! Try again: I went to the shop and I bought...",
                         "play", expects_answer=True)
        items = told
    elif not YOUR_TURN.match(c.canon):
        return None
    if len(items) >= MAX_ITEMS:
        c.session.pending = None
        return Reply(f"Wow, {len(items)} things! That's a very full shopping bag. You've got an amazing memory! Shall "
                     "we play something else?", "play", expects_answer=True)
    had = {_core(i) for i in items}
    mine = next((t for t in THINGS if _core(t) not in had), None)
    if mine is None:
        c.session.pending = None
        return Reply("My shopping bag is full! You've got a brilliant memory. What shall we play next?", "play",
                     expects_answer=True)
    items.append(mine)
    c.session.pending = {"kind": "memory", "items": items}
    return Reply(f"I went to the shop and I bought {_said(items)}! Your turn: say them all and add one more!", "play",
                 expects_answer=True)


EXPECTATIONS = {"memory": expect_memory}
