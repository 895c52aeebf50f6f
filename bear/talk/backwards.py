"""A question asked back to front, its question word last ("mixing red and yellow makes what", "a spider
has how many legs", "if you mix blue and white"): asked again the usual way round and answered from the
knowledge base when it is sure; otherwise None (the line is left to its intent)."""

from __future__ import annotations

import dataclasses
import re

from bear.talk.turn import Ctx, Reply

# "mixing red and yellow (paint) (together) (makes what)", "if you mix blue with white", "red mixed with blue"
COLOURS = r"(red|yellow|blue|green|white|black|orange|purple|pink|brown|grey|gray)"
MIXING = re.compile(rf"^(?:what if |if )?(?:you |i |we )?(?:mix|mixing|mixed|put|putting) {COLOURS} (?:paint )?"
                    rf"(?:and|with|together with) {COLOURS}(?: paint)?(?: together)?"
                    r"(?: (?:makes?|gives|equals|is|turns into|goes))?(?: what)?(?: colou?r)?"
                    r"(?: do you get| does it make)?$"
                    rf"|^{COLOURS} (?:and|with|mixed with|plus|add) {COLOURS}(?: paint)?(?: mixed)?(?: together)?"
                    r" (?:makes?|gives|equals|is|are|turns into)(?: what| which)(?: colou?r)?$")
# the question word at the end: "a spider has how many legs", "the sun is how hot", "cows eat what"
LAST = re.compile(r"^(?P<rest>[a-z]+(?: [a-z]+){1,7}?) (?P<wh>what colou?r|what|which|how many(?: [a-z]+)?|how much|"
                  r"how (?:big|fast|old|long|tall|hot|cold|far|heavy|high|deep))$")

PERSONAL = re.compile(r"\b(?:i|me|my|mine|you|your|yours|we|us|our|teddy|he|she|his|her|they|their|it|its)\b")


def asked(b, c: Ctx) -> Reply | None:
    """The knowledge base's answer to a question asked back to front, or None."""
    from bear.talk.asking import knowledge_answer

    m = MIXING.match(c.canon)
    if m:
        a, z = [g for g in m.groups() if g]
        query = f"what do {a} and {z} make"
    else:
        m = LAST.match(c.canon)
        if m is None or PERSONAL.search(m.group("rest")):
            return None  # "my dog is called what" is about the child's own dog, not dogs
        query = f"{m.group('wh')} {m.group('rest')}"
    return knowledge_answer(b, dataclasses.replace(c, canon=query))
