"""A favourite thing the child tells the bear ("my favourite colour is blue", "i love pizza more than anything"):
remembered once vetted; a dislike answered kindly."""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply
from bear.talk.vetting import vet_thing

FAVOURITE = re.compile(r"\bmy (?:favourite|favorite|fave|best) (?P<kind>colou?r|animal|food|toy|game|song|book|fruit|"
                       r"dinosaur|number|shape|sport|thing|film|movie|show|place|drink|snack|sweet|cake|flower|bird)"
                       r"(?: in the whole world)? (?:is|are|s) (?P<thing>[a-z ]+)")
LIKE = re.compile(r"\bi (?:really |do |really really )?(?:like|love|adore) (?P<thing>[a-z ]+)")
# "more than anything", "in the whole world": how much, not what
MORE_THAN_ANYTHING = re.compile(r" (?:more than anything|(?:the most )?in the (?:whole )?world|best of all|so so much|"
                                r"loads and loads)$")
DISLIKE = re.compile(r"\bi (?:do not|don t|dont|really don t|really do not) like\b|\bi hate\b")


def said_thing(raw: str) -> str:
    """The thing itself of "i love pizza more than anything" (pizza)."""
    thing = re.sub(r"^(the|a|an|my|some|playing|to play) ", "", raw.strip())
    thing = MORE_THAN_ANYTHING.sub("", thing)
    return re.sub(r" (too|as well|very much|a lot|so much|the most|best|teddy|because .*|and .*)$", "", thing).strip()


def set_favourite(b, c: Ctx) -> Reply | None:
    """Remember a favourite thing (or answer a dislike); None when none is said."""
    if DISLIKE.search(c.norm):
        return Reply(b.say(c, "set_favourite", "dislike"), "set_favourite", expects_answer=True)
    m = FAVOURITE.search(c.norm) or LIKE.search(c.norm)
    if not m:
        return None
    raw = said_thing(m.group("thing"))
    if raw in ("you", "it", "that", "this", "them", "you teddy", "teddy"):
        from bear.talk.handlers import love_you

        return love_you(b, c) if raw.startswith("you") or raw == "teddy" else None
    thing = vet_thing(raw)
    if thing is None:
        return Reply(b.say(c, "set_favourite", "declined"), "set_favourite", expects_answer=True)
    kind = (m.groupdict().get("kind") or "thing").replace("color", "colour")
    c.profile.likes[kind] = thing
    text = b.say(c, "set_favourite", thing=thing)
    return Reply(text[:1].upper() + text[1:], "set_favourite", remember={"like": (kind, thing)})
