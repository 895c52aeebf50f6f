""""why?" just after the bear told its favourite ("what's your favourite season?" ... "why that one?"): the bear's
reason, warmly, and the question back; None for anything else. Content: `content/moments_round32.toml`."""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply

# the child's line before: asking the bear's favourite (canonical: "whats" -> "what is")
ASKED_FAVOURITE = re.compile(r"\b(?:what|which) (?:is|are) your (?:best |most |very )?favou?rite\b|"
                             r"\bwhich [a-z]+ do you like (?:best|the most)\b")
WHY = re.compile(r"^(?:(?:and|but|so|ok|okay|teddy) )*(?:why|how come|why that 1|why that|why is it|"
                 r"why do you like (?:it|that|that 1|them|those)(?: best| the most| so much)?|"
                 r"what do you like about (?:it|that|that 1|them))(?: teddy)?$")


def asked(b, c: Ctx) -> Reply | None:
    """The bear's reason for its favourite, just after it told it; else None."""
    if not c.session.heard or not ASKED_FAVOURITE.search(c.session.heard[-1]) or not WHY.match(c.canon):
        return None
    return b.moment(c, "bear_favourite_why", "about_bear")
