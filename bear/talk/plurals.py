""""What's more than one mouse called?", "what's the plural of sheep?": the word for more than one, with
the odd ones children ask about (mice, geese, teeth, sheep) from a fixed list, and the usual endings for
a word the bear may say back (`vetting.vet_thing`)."""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply

ASKED = re.compile(r"^(?:teddy )?(?:what is|what s|whats|what do you call|what do we call|how do you say) "
                   r"(?:(?:more than|lots of|two|2|loads of|many) (?:1|one|a|an) ?(?P<a>[a-z]+)"
                   r"|(?:two|2|lots of|loads of|many|more than 1|more than one) (?P<b>[a-z]+)"
                   r"|the plural (?:of|for) (?:a |an )?(?P<c>[a-z]+))(?: called| teddy)?$")
ODD = {"mouse": "mice", "goose": "geese", "sheep": "sheep", "fish": "fish", "deer": "deer", "moose": "moose",
       "child": "children", "tooth": "teeth", "foot": "feet", "man": "men", "woman": "women", "person": "people",
       "ox": "oxen", "louse": "lice", "cactus": "cacti", "octopus": "octopuses", "wolf": "wolves",
       "leaf": "leaves", "knife": "knives", "loaf": "loaves", "calf": "calves", "half": "halves", "elf": "elves",
       "shelf": "shelves", "scarf": "scarves", "baby": "babies", "potato": "potatoes", "tomato": "tomatoes",
       "hero": "heroes", "salmon": "salmon", "squid": "squid", "bison": "bison", "aircraft": "aircraft"}


# "what about house?" just after a plural the bear said ("One mouse, two mice.")
AGAIN = re.compile(r"^(?:(?:and|so|ok|okay|now) )*(?:what about|how about|and|now) (?:a |an |one |1 )?([a-z]+)$")
PLURAL_SAID = re.compile(r"\bOne [a-z]+, (?:two|lots of) [a-z]+\.")


def _usual(word: str) -> str:
    if re.search(r"(?:s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


def asked(b, c: Ctx) -> Reply | None:
    """The plural the child asks for, or None (not such a question, or a word the bear may not say)."""
    from bear.talk.vetting import vet_thing

    m = ASKED.match(c.canon)
    again = AGAIN.match(c.canon) if m is None and PLURAL_SAID.search(c.session.last_reply) else None
    if m is None and again is None:
        return None
    word = again.group(1) if again is not None else m.group("a") or m.group("b") or m.group("c") if m else ""
    if word in ODD.values() and word not in ODD:  # "what is two mice called": the child said it already
        return None
    if word in ODD:
        many = ODD[word]
        if many == word:
            text = f"It's still {word}! One {word}, two {word}. It doesn't change at all."
        else:
            text = f"{many[:1].upper()}{many[1:]}! One {word}, two {many}. It's one of the tricky ones."
    elif vet_thing(word) == word and len(word) > 2:
        many = _usual(word)
        text = f"{many[:1].upper()}{many[1:]}! One {word}, lots of {many}."
    else:
        return None
    c.session.last_topic = "question"
    return Reply(text, "question")
