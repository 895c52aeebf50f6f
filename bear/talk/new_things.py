"""News said back by its thing: something new the child just got ("i got a new bike", "my nanny bought me a
kite", "i got a new scooter for my birthday, it's red"), something seen ("we saw a hot air balloon"), a thing
the child likes doing ("i like drawing horses"); and what the child
learned about ("we learned about volcanoes today": what the bear knows about them). The thing is said back only
when it passes the vetting (`bear.talk.vetting.vet_thing`: a rude or unsafe word, a weapon or a lighter never
is); else None, and the moments answer as before ("Ooh, how cool! New things feel so special").
"""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply
from bear.talk.vetting import PET_KINDS, vet_thing

LEAD = r"^(?:(?:guess what|teddy|and|look|wow|yay|ooh|today) )*"
COLOURS = "red orange yellow green blue purple pink black white brown silver gold grey gray rainbow sparkly".split()
_COLOUR = "|".join(COLOURS)
TAIL = (rf"(?: with (?:[a-z]+ ){{0,4}}[a-z]+)?"
        rf"(?: (?:for|on) (?:my )?(?:birthday|christmas)| today| yesterday| at the weekend)?"
        rf"(?: (?:and )?(?:its|it s|it is|they are|they re) (?P<colour>{_COLOUR}))?(?: teddy)?$")
GOT = re.compile(LEAD + r"(?:i|we) (?:have )?(?:just )?(?:got|ve got|have got|get|got given) (?:a |an |some |two |my )?"
                 r"(?:brand )?new (?P<thing>[a-z]+(?: [a-z]+)?)" + TAIL)
GIVEN = re.compile(LEAD + r"(?:my )?(?P<who>nan|nana|nanny|nanna|gran|granny|grandma|grandad|grandpa|mum and mama|"
                   r"mama and mum|mum and dad|mummy and daddy|mama and papa|mum|mummy|mom|mommy|mama|papa|dad|daddy|"
                   r"grandparents|auntie|aunt|uncle|big sister|big brother|sister|"
                   r"brother|godmother|godfather) (?:has |have )?(?:bought|got|gave|given|made|knitted|sewed|sent) "
                   r"(?:me|us) (?:a |an |some |two )?(?:brand )?(?:new )?(?P<thing>[a-z]+(?: [a-z]+)?)" + TAIL)
# never said back in a line that also tells of a secret, a stranger or a price to pay for it
WARY = re.compile(r"\b(?:secret|secrets|tell|told|kiss|touch\w*|photo|photos|picture|pictures|man|men|lady|stranger|"
                  r"online|if i|promise|dead|died|dying|hurt|injured|blood|bleeding|squashed|run over|crash|crashed|"
                  r"fight|fighting|fire|accident|poorly|sick|broken|scary|scared|naked)\b")
SAW = re.compile(LEAD + r"(?:we|i) (?:saw|seen|spotted|have seen|got to see|can see|could see) "
                 r"(?:a |an |some |two |three |lots of |loads of |a big |a giant |a real )"
                 r"(?P<thing>[a-z]+(?: [a-z]+){0,2}?)"
                 r"(?: today| yesterday| at the [a-z]+| in the [a-z]+| on the [a-z]+| in the sky| on the way home)?$")
LIKE_DOING = re.compile(LEAD + r"i (?:really )?(?:like|love|enjoy) (?P<doing>drawing|painting|making|building|reading "
                        r"about|playing with|colouring|colouring in|collecting|baking|dancing to|singing|reading) "
                        r"(?P<thing>[a-z]+(?: [a-z]+)?)$")
LEARNED = re.compile(LEAD + r"(?:we|i) (?:learned|learnt|did|have been learning|were learning|are learning|been "
                     r"learning) (?:all )?about (?:the |some )?(?P<topic>[a-z]+(?: [a-z]+)??)"
                     r"(?: today| at school| in class| this week| in science| in topic)?$")
# a find said back only from a closed list (an unknown word, or a thing to leave alone, never is)
FINDS = ("conker|conkers|shell|shells|seashell|seashells|feather|feathers|stone|stones|pebble|pebbles|fossil|fossils|"
         "acorn|acorns|pine cone|pine cones|pinecone|pinecones|leaf|leaves|rock|rocks|crystal|crystals|"
         "four leaf clover|sea glass|stick|sticks|marble|marbles|button|buttons|gem|gems|treasure|"
         "lego piece|puzzle piece|conker shell")
FIND_LOOKS = "shiny|big|little|tiny|smooth|round|spiky|sparkly|pretty|white|brown|red|golden|giant|huge|perfect|special"
FOUND = re.compile(LEAD + r"(?:i|we) (?:just )?(?:found|have found|finded) "
                   r"(?:a |an |some |two |three |lots of |loads of )"
                   rf"(?:really )?(?P<thing>(?:(?:{FIND_LOOKS}) )?(?:{FINDS}))"
                   r"(?: (?:in|at|on|under|by) (?:the |my |our )?[a-z]+| today)?$")
NOT_THINGS = frozenset("one ones thing things stuff it them baby brother sister friend friends teacher school house "
                       "home name letter letters postcard postcards card cards parcel message email".split())


def asked(b, c: Ctx) -> Reply | None:
    """The news said back, or None."""
    return got(b, c) or seen(b, c) or liked(b, c) or found(b, c)


def found(b, c: Ctx) -> Reply | None:
    """A thing the child found ("i found a shiny conker"): said back when it is of the closed list and vetted."""
    m = FOUND.match(c.canon)
    if m is None or WARY.search(c.canon):
        return None
    thing = vet_thing(m.group("thing"))
    if thing is None:
        return None
    a_thing = _a(thing)
    does = "do they" if _it(thing) == "them" else "does it"
    return Reply(b.pick(c.session, "new_things.found", [
        f"Ooh, {a_thing}! What a great find. What {does} look like up close?",
        f"Wow, you found {a_thing}! Finding things is so exciting. Will you keep {_it(thing)} somewhere special?"]),
        "chitchat", expects_answer=True)


def _it(thing: str) -> str:
    return "them" if _a(thing) == thing else "it"


def seen(b, c: Ctx) -> Reply | None:
    """A thing seen ("we saw a hot air balloon") or in sight now ("i can see some ducks"): said back when vetted."""
    m = SAW.match(c.canon)
    if m is None or WARY.search(c.canon) or m.group("thing").split()[-1] in NOT_THINGS:
        return None
    thing = vet_thing(m.group("thing"))
    if thing is None:
        return None
    a_thing = _a(thing)
    if re.search(r"\b(?:can|could) see\b", c.canon):  # in sight now
        doing, them = ("are they", "them") if a_thing == thing else ("is it", "it")
        options = [f"Ooh, {a_thing}! Lucky you. What {doing} doing?",
                   f"Wow, {a_thing}! I wish I could see {them} too. Tell me about {them}!"]
        return Reply(b.pick(c.session, "new_things.see", options), "chitchat", expects_answer=True)
    return Reply(b.pick(c.session, "new_things.seen", [
        f"Wow, you saw {a_thing}! How lucky. What was it like?",
        f"Ooh, {a_thing}! I'd love to see that. What did it look like?"]), "chitchat", expects_answer=True)


def liked(b, c: Ctx) -> Reply | None:
    """A thing the child likes doing ("i like drawing horses"), said back when vetted."""
    m = LIKE_DOING.match(c.canon)
    if m is None or WARY.search(c.canon):
        return None
    thing = vet_thing(m.group("thing"))
    if thing is None or thing.split()[-1] in NOT_THINGS:
        return None
    doing = m.group("doing")
    return Reply(b.pick(c.session, "new_things.liked", [
        f"{doing.capitalize()} {thing} sounds like so much fun! What's your favourite thing about it?",
        f"Ooh, I love that you like {doing} {thing}! Will you tell me about your best one?"]), "chitchat",
        expects_answer=True)


def learned(b, c: Ctx) -> Reply | None:
    """What the child learned about today: what the bear knows about it (it becomes the topic), when it knows."""
    from bear.talk.activities import _about

    m = LEARNED.match(c.canon)
    if m is None or WARY.search(c.canon) or vet_thing(m.group("topic")) is None:
        return None
    if not b.knowledge.about(m.group("topic"), exclude=c.session.used.get("kb", set())):
        return None
    known = _about(b, c, m.group("topic"))
    return Reply(f"Ooh, {vet_thing(m.group('topic'))}! Here's something I know. {known.text}", known.intent,
                 expects_answer=True)


def _a(thing: str) -> str:
    return thing if thing.split()[-1].endswith("s") and not thing.endswith("ss") else \
        ("an " if thing[0] in "aeiou" else "a ") + thing


def got(b, c: Ctx) -> Reply | None:
    """The new thing said back, or None."""
    m = GOT.match(c.canon) or GIVEN.match(c.canon)
    if m is None or WARY.search(c.canon):
        return None
    words = m.group("thing").split()
    if words[0] in NOT_THINGS or words[-1] in NOT_THINGS or words[-1] in PET_KINDS:  # a pet: its name is asked
        return None
    thing = vet_thing(" ".join(words))
    if thing is None:
        return None
    colour = m.group("colour")
    plural = words[-1].endswith("s") and not words[-1].endswith(("ss", "us", "is"))  # "new shoes": them, not it
    what = f"{colour} {thing}" if colour else f"new {thing}"
    if not plural:
        what = ("an " if what[0] in "aeiou" else "a ") + what
    it, they_are = ("them", "are they") if plural else ("it", "is it")
    if "who" in m.groupdict() and m.group("who"):
        who = m.group("who")
        key = "new_things.given"
        options = (f"Wow, {what} from your {who}! How kind. Did you give them a big thank-you hug?",
                   f"Ooh, {what}! How kind of your {who}. What will you do with {it} first?")
    else:
        key = "new_things.got"
        options = ((f"Wow, {what}! How exciting. What's the best thing about {it}?",
                    f"Ooh, {what}! Lucky you. What will you do with {it} first?") if colour else
                   (f"Wow, {what}! How exciting. What colour {they_are}?",
                    f"Ooh, {what}! How exciting, lucky you. What's the best thing about {it}?"))
    text = b.pick(c.session, key, list(options))
    return Reply(text[:1].upper() + text[1:], "chitchat", expects_answer=True)
