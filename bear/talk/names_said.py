"""How a child says their name ("my name is mary jane", "call me mia"), and being called names, which is
teasing and never a name to keep ("they call me names", "called me stupid")."""

from __future__ import annotations

import re

from bear.talk.vetting import first_names

# "they call me names", "called me stupid": teasing, never a name to remember
TEASED = re.compile(r"\b(?:call|calls|called|calling) (?:me|us|him|her) (?:names|(?:(?:a|an) )?(?:\w+ )?(?:rude|"
                    r"horrible|mean|nasty|stupid|dumb|thick|idiot|fat|fatty|ugly|weirdo|weird|freak|smelly|stinky|loser|nerd|"
                    r"dummy|dumbo|cry ?baby|four eyes|spotty|skinny|shorty|liar)\b)")
NAME = re.compile(r"\b(?:my name is|my name s|my names|i am called|i m called|call me|they call me|people call me|"
                  r"you can call me|it s|its|i am|i m)\s+(?!(?:names|rude|horrible|mean|nasty|stupid|dumb|idiot|ugly|"
                  r"fat|weirdo|freak|smelly|loser|dummy)\b)(?P<name>[a-z]+(?: [a-z]+)?)")

def name_in(text: str) -> str | None:
    """The name said in `text` ("my name is mary jane" -> "mary jane"; "mia like the girl" -> "mia")."""
    m = NAME.search(text)
    if not m:
        return None
    words = m.group("name").split()
    if len(words) == 2 and words[1] not in first_names():
        words = words[:1]
    return " ".join(words)
