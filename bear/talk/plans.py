"""Helping the child plan: what to take or make for someone ("im going to grandmas" | "what should i take
her"), what to write in a card ("im making a card for mummy" | "what should i write"), what there is to do at
a place ("were going to the beach" | "what can i do there"), and what a picture the child made is of ("i
finished my painting" | "its a rainbow horse": said back only when vetted).

Content: `content/plans.toml` (ideas only: nothing dangerous, nothing personal asked) and the `picture_is`
moment. The earlier line comes from the child's last few lines (`Session.heard`).
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from bear.talk.turn import Ctx, Reply
from bear.talk.vetting import vet_thing

LEAD = r"^(?:(?:and|so|but|um+|er+|ok|okay|teddy|hmm+) )*"
TAKE = re.compile(LEAD + r"(?:what|which) (?:should|can|could|shall|do|will|would) (?:i|we) "
                  r"(?:take|bring|give|make|get|buy|draw|paint)(?: to| for)? (?:her|him|them|it|my \w+|nana|nan|"
                  r"nanny|granny|grandma|grandad|grandpa|mummy|mum|daddy|dad)?"
                  r"(?: for (?:her|his|their) birthday| for christmas| when (?:i|we) go)?(?: teddy)?$")
WRITE = re.compile(LEAD + r"(?:what|which) (?:should|can|could|shall|do|will) (?:i|we) (?:write|put|say)"
                   r"(?: on it| in it| on the card| in the card| inside)?(?: teddy)?$")
THERE = re.compile(LEAD + r"(?:what|which things) (?:can|could|should|shall|will|do|might) (?:i|we|you) (?:do|play|see)"
                   r" (?:there|at the \w+|at it)(?: teddy)?$|" + LEAD + r"what is there to do(?: there)?$")
VISIT = re.compile(r"\b(?:going|go|went|visiting|visit|seeing|see|staying|stay|off) (?:to |at )?(?:my )?(?:nanas|nans|"
                   r"nannys|grannys|grandmas|grandads|grandpas|aunties|uncles|friends|cousins|nana|nan|granny|grandma|"
                   r"grandad|grandpa|auntie|uncle|friend|cousin)\b|\b(?:birthday|party)\b")
CARD = re.compile(r"\b(?:card|letter|note|message)\b")
MADE = re.compile(r"\b(?:finished|made|painted|drew|drawn|drawing|painting|built|making|done) "
                  r"(?:a |my |the |this |an )?(?:painting|picture|drawing|model|card|sculpture|lego|collage|"
                  r"colouring)\b"
                  r"|\b(?:my|a) (?:painting|picture|drawing|model|collage)\b")
NEED = re.compile(LEAD + r"(?:what|which things|what things|what stuff) (?:should|can|could|shall|do|will|would|must|"
                  r"have to) (?:i|we|you) (?:take|bring|pack|need|use|get|put in (?:it|them|mine)|put on (?:it|them)|"
                  r"put inside|have in it|put)(?: for (?:it|that|him|her|his \w+))?(?: teddy)?$|" + LEAD
                  + r"what (?:do|will|would) (?:i|we) need(?: for it| for that| to make it| to do it)?(?: teddy)?$")
COLOUR = re.compile(LEAD + r"what colou?r (?:should|shall|can|could|will|do) (?:i|we)? ?"
                    r"(?:make|paint|colour|do|draw)? ?(?:the|his|her|its|it s|my|their|it)? ?"
                    r"(?P<thing>[a-z]+(?: [a-z]+)?)? ?(?:be|go|have)?(?: teddy)?$")
DRAWING = re.compile(r"\b(?:drawing|painting|colouring|coloring|making|building|decorating) (?:a|an|my|the|some)\b")
IS_OF = re.compile(LEAD + r"(?:it s|its|it is|this is|that s|thats|it s of|its of|it is of) (?P<thing>(?:a|an|some|my|"
                   r"two|three) [a-z ]{2,30})$")


@lru_cache(maxsize=1)
def data() -> dict:
    """content/plans.toml."""
    return tomllib.loads(resources.files("bear.talk").joinpath("content/plans.toml").read_text(encoding="utf-8"))


def _recent(c: Ctx) -> str:
    return " ".join(c.session.heard[-2:])


def gift(b, c: Ctx) -> Reply | None:
    """Ideas for what to take or make for someone the child is visiting or celebrating; what to write in a
    card the child is making."""
    recent = _recent(c)
    if WRITE.match(c.canon) and CARD.search(recent):
        return Reply(b.pick(c.session, "plans.card", data()["card"]["replies"]), "chitchat")
    if TAKE.match(c.canon) and (VISIT.search(recent) or CARD.search(recent)):
        return Reply(b.pick(c.session, "plans.gift", data()["gift"]["replies"]), "chitchat")
    return None


def place(b, c: Ctx) -> Reply | None:
    """What there is to do at the place the child just said they are going to."""
    if not THERE.match(c.canon):
        return None
    recent = _recent(c)
    for table in data()["place"]:
        if any(re.search(rf"\b{re.escape(w)}\b", recent) for w in table["words"]):
            return Reply(b.pick(c.session, f"plans.place.{table['words'][0]}", table["replies"]), "chitchat")
    return None


def picture(b, c: Ctx) -> Reply | None:
    """What the picture (or model) the child just told of is of, said back when vetted."""
    m = IS_OF.match(c.canon)
    if m is None or not any(MADE.search(h) for h in c.session.heard[-2:]):
        return None
    article, _, rest = m.group("thing").strip().partition(" ")
    thing = vet_thing(rest)  # "a dragon and a castle": the words after the first are vetted
    if thing is None:
        return None
    return b.moment(c, "picture_is", "chitchat", thing=f"{article} {thing}")


def need(b, c: Ctx) -> Reply | None:
    """What to take, pack or put in for what the child just said they are doing ("i'm going to build
    a den" | "what do i need"; "we're having a picnic" | "what shall we bring")."""
    if not NEED.match(c.canon):
        return None
    recent = _recent(c)
    for table in data()["need"]:
        if any(re.search(rf"\b{re.escape(w)}\b", recent) for w in table["words"]):
            return Reply(b.pick(c.session, f"plans.need.{table['words'][0]}", table["replies"]), "chitchat")
    return None


def colour(b, c: Ctx) -> Reply | None:
    """A colour picked for what the child is drawing or making ("what colour should the door be")."""
    if not COLOUR.match(c.canon) or not any(MADE.search(h) or DRAWING.search(h) for h in c.session.heard[-2:]):
        return None
    return Reply(b.pick(c.session, "plans.colour", data()["colour"]["replies"]), "chitchat")


def asked(b, c: Ctx) -> Reply | None:
    """Whichever of these the line is, or None."""
    return gift(b, c) or place(b, c) or need(b, c) or colour(b, c) or picture(b, c)
