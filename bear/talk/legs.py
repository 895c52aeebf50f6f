"""How many legs an animal has ("how many legs has a beetle got"), how many several of them have ("how
many legs do two dogs have": 8), and "what about a spider?" / "and a dog?" right after: the counts of a
fixed table of well-known animals (an octopus has arms, a snake, a fish and a worm have none). Wheels the
same way ("how many wheels on two bikes")."""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply

# animal -> (legs, a few words about them or "")
LEGS: dict[str, tuple[int, str]] = {
    **{a: (4, "") for a in ("dog", "puppy", "cat", "kitten", "horse", "pony", "cow", "pig", "sheep", "goat", "lamb",
                            "elephant", "lion", "tiger", "mouse", "rat", "rabbit", "bunny", "hamster", "guinea pig",
                            "frog", "toad", "lizard", "crocodile", "alligator", "bear", "giraffe", "zebra", "fox",
                            "wolf", "deer", "camel", "hippo", "rhino", "hedgehog", "squirrel", "tortoise", "turtle",
                            "dinosaur", "cheetah", "leopard", "panda", "donkey", "badger", "otter", "koala")},
    **{a: (2, "") for a in ("bird", "chicken", "hen", "duck", "penguin", "owl", "ostrich", "parrot", "robin",
                            "eagle", "swan", "goose", "flamingo", "budgie", "pigeon", "seagull", "peacock", "turkey",
                            "person", "boy", "girl", "man", "lady", "baby")},
    "kangaroo": (2, "big strong ones for hopping, and two short arms too"),
    "monkey": (2, "and two arms, with hands for climbing"),
    "gorilla": (2, "and two long, strong arms"),
    **{a: (6, "like every insect") for a in ("insect", "beetle", "ant", "bee", "ladybird", "ladybug", "butterfly",
                                             "fly", "grasshopper", "wasp", "dragonfly", "moth", "cricket", "bug")},
    **{a: (8, "like every spider") for a in ("spider", "tarantula")},
    "scorpion": (8, "and two big pincers too"),
    "crab": (10, "and two of them are big claws"),
    "lobster": (10, "and the front two are big claws"),
    "octopus": (0, "no legs, but eight long arms"),
    **{a: (0, "") for a in ("snake", "fish", "goldfish", "worm", "slug", "whale", "dolphin", "shark", "jellyfish",
                            "seal")},
    "snail": (0, "no legs: it slides along on one big, slimy foot"),
}
# vehicle -> (wheels, a few words or "")
WHEELS: dict[str, tuple[int, str]] = {
    **{v: (2, "") for v in ("bike", "bicycle", "motorbike", "motorcycle")},
    "scooter": (2, "and some little scooters have three"),
    **{v: (3, "") for v in ("tricycle", "trike")},
    **{v: (1, "") for v in ("unicycle", "wheelbarrow")},
    **{v: (4, "") for v in ("car", "skateboard", "van", "taxi", "tractor", "pram", "buggy", "pushchair", "jeep")},
}
_PLURAL = {"mice": "mouse", "sheep": "sheep", "geese": "goose", "people": "person", "children": "person",
           "fish": "fish", "men": "man", "ladies": "lady", "babies": "baby", "puppies": "puppy", "bunnies": "bunny",
           "ponies": "pony", "butterflies": "butterfly", "flies": "fly", "ladybirds": "ladybird",
           "octopuses": "octopus",
           "foxes": "fox", "wolves": "wolf", "dragonflies": "dragonfly", "turkeys": "turkey",
           "donkeys": "donkey", "monkeys": "monkey", "hippos": "hippo", "rhinos": "rhino", "tortoises": "tortoise"}
_COUNT = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
ANIMAL = r"(?P<animal>[a-z]+(?: pig)?)"
_ALL = r"(?: altogether| all together| in total| in all| together| all in all)?"
HOW_MANY = re.compile(r"^(?:(?:and|so|um|teddy|hey) )*how many (?:legs|feet) (?:does|do|has|have|did) "
                      r"(?:a |an |the |one )?"
                      r"(?:(?P<n>\d{1,2}|" + "|".join(_COUNT) + r") )?" + ANIMAL + r"(?: have| got| has)?(?: got)?"
                      + _ALL + r"(?: teddy)?$")
# right after a legs answer the word "legs" may be left out: "how many do 3 dogs have"
HOW_MANY_AGAIN = re.compile(r"^(?:(?:and|so|um|teddy|hey|ok|then) )*how many (?:legs |feet )?"
                            r"(?:does|do|has|have|would|will) "
                            r"(?:(?P<n>\d{1,2}|" + "|".join(_COUNT) + r") )" + ANIMAL + r" (?:have|got|has)(?: got)?"
                            + _ALL + r"(?: then)?(?: teddy)?$")
# "so how many for two spiders", "how many on three dogs" just after a legs answer
HOW_MANY_FOR = re.compile(r"^(?:(?:and|so|um|teddy|hey|ok|then) )*how many (?:legs |feet )?(?:for|on|with|would) "
                          r"(?:(?P<n>\d{1,2}|" + "|".join(_COUNT) + r") )" + ANIMAL + r"(?: have| got| has)?"
                          + _ALL + r"(?: then)?(?: teddy)?$")
OTHER = re.compile(r"^(?:(?:and|so|um|teddy|ok) )*(?:what about|and|how about|what about a|and what about)? ?"
                   r"(?:a |an |the )?(?:(?P<n>\d{1,2}|" + "|".join(_COUNT) + r") )?"  # "what about 2 spiders"
                   + ANIMAL + r"(?: then)?$")
HOW_MANY_WHEELS = re.compile(r"^(?:(?:and|so|um|teddy|hey) )*how many wheels (?:are )?(?:on|does|do|has|have|did|in) "
                             r"(?:a |an |the |one )?(?:(?P<n>\d{1,2}|" + "|".join(_COUNT) + r") )?(?P<thing>[a-z]+)"
                             r"(?: have| got| has)?(?: got)?(?: teddy)?$")
_SAID = re.compile(r"\b(?:has|have) (?:\d+|no) legs\b|\blegs\b")


def _kind(word: str) -> str | None:
    word = _PLURAL.get(word, word)
    if word in LEGS:
        return word
    if word.endswith("s") and word[:-1] in LEGS:
        return word[:-1]
    return None


WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")


def _said(n: int) -> str:
    return WORDS[n] if n < len(WORDS) else str(n)


def _answer(kind: str, n: int | None) -> str:
    legs, about = LEGS[kind]
    article = "An" if kind[0] in "aeiou" else "A"
    if legs == 0:
        one = f"{article} {kind} has {about or 'no legs at all'}!"
        return one if not n or n == 1 else one + " So even lots of them have no legs!"
    if about.endswith(f"every {kind}"):  # "a spider has 8 legs", not "... like every spider"
        about = ""
    one = f"{article} {kind} has {_said(legs)} legs" + ("" if not about else f" {about}" if about.startswith("and")
                                                 else f", {about}") + "!"
    if not n or n == 1:
        return one
    plural = "people" if kind == "person" else kind if kind in ("sheep", "fish") else kind + "s"
    count = " + ".join([str(legs)] * n) if n <= 4 else f"{n} lots of {legs}"
    return f"{one[:-1]}, so {_said(n)} {plural} have {count}, which is {legs * n} legs!"


def _wheels(thing: str, n: int | None) -> str | None:
    kind = thing if thing in WHEELS else thing[:-1] if thing.endswith("s") and thing[:-1] in WHEELS else None
    if kind is None:
        return None
    wheels, about = WHEELS[kind]
    article = "An" if kind[0] in "aeio" else "A"  # "a unicycle"
    one = f"{article} {kind} has {_said(wheels)} wheel{'s' if wheels != 1 else ''}" + (f", {about}" if about else "")
    if not n or n == 1:
        return one + "!"
    count = " + ".join([str(wheels)] * n) if n <= 4 else f"{n} lots of {wheels}"
    return f"{one}, so {_said(n)} {kind}s have {count}, which is {wheels * n} wheels!"


def asked(b, c: Ctx) -> Reply | None:
    """How many legs, or "what about a spider?" right after a legs answer; how many wheels; else None."""
    w = HOW_MANY_WHEELS.match(c.canon)
    if w is not None:
        n = w.group("n")
        text = _wheels(w.group("thing"), (int(n) if n.isdigit() else _COUNT[n]) if n else None)
        return Reply(text, "question") if text else None
    m = HOW_MANY.match(c.canon)
    if m is None and _SAID.search(c.session.last_reply.lower()) and c.session.last_topic == "legs":
        m = HOW_MANY_AGAIN.match(c.canon) or HOW_MANY_FOR.match(c.canon) or OTHER.match(c.canon)
    if m is None:
        return None
    kind = _kind(m.group("animal"))
    if kind is None:
        return None
    n = m.groupdict().get("n")
    count = (int(n) if n.isdigit() else _COUNT[n]) if n else None
    reply = Reply(_answer(kind, count), "question")
    c.session.last_topic = "legs"
    return reply
