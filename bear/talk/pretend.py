"""Pretend play: "let's pretend we're pirates", "you be the dragon", "I'm the doctor, where does it
hurt?", "let's have a tea party". The bear takes its part in the role named (content/pretend.toml)
and carries the game on for a few turns while the child plays along; a question about the world,
a request for something else or "stop" ends it. The child's own words are never said back.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply

# "how do i become one" after "i want to be an astronaut": a question about the job, no game line
BECOME = re.compile(r"^(?:(?:and|but|so|um|ok|okay) )*how (?:do|can|could|would) (?:i|you|we|someone|people) "
                    r"(?:become|be|get to be|turn into|grow up to be) (?:1|one|that|a \w+|an \w+)(?: when i grow up)?$|"
                    r"^(?:(?:and|but|so) )*what do (?:i|you) (?:have to|need to) do to (?:be|become) (?:1|one|that)$|"
                    r"^(?:(?:and|but|so|um|ok|okay) )*how (?:do|can|could|would) (?:i|you|we) do that$|"
                    r"^(?:(?:and|but|so|um|ok|okay) )*what (?:do|would|will|should) (?:i|you) (?:need|have|got) to "
                    r"(?:learn|study|know|be good at|practise|practice)(?: to be (?:1|one|that))?$")

# "play at" the game, not "a play at school" (a show: moments_round40's school_play)
TRIGGER = (r"\b(?:pretend|make believe|(?<!a )(?<!the )(?<!our )(?<!my )(?<!school )(?<!class )play at|play at being|"
           r"let us be|let us play|can we play|shall we play|"
           r"we could play|i want to play|let us have|can we have|shall we have|you be|you can be|you are the|"
           r"you are a|you are an|now you are|"
           r"i will be|i am the|i am a|i am an|be the|be a|be an)")
FILLER = r"(?:(?:to be|that|we are|were|we re|you are|your|ur|you re|i am|a|an|the|some|at|being|my|like) )*"
# "let's pretend we're flying to space in a rocket": a few words of the game between "pretend" and the role's word
WIDE = r"\b(?:pretend|make believe) (?:[a-z]+ ){0,8}?"
GROWN_UP = re.compile(r"\bwhen i (?:grow up|am big|am bigger|am older|am a grown up)\b|\bgrown ups?\b|\bjob\b")
ENDS = re.compile(r"\b(?:stop|finish|enough|no more|the end|game over|let us do something else)\b")
# intents that are the child moving on from the game
OTHER = frozenset({"stop", "goodbye", "story", "song", "joke", "riddle", "counting_game", "spelling_game",
                   "hide_and_seek", "sleep", "scared", "feelings", "grief", "help", "animal_fact", "thanks",
                   "how_are_you", "set_name", "ask_my_name", "love_you", "lost_tooth", "birthday", "pet"})
TURNS = 3  # the game goes on this many turns at most
# the bear's part where it is not the role's first word ("I'm a customer" in the child's shop, not "I'm a shop")
PART = {"shop": "customer", "tea party": "guest at the tea party", "train": "train driver",
        "doctor": "poorly bear, and you're the doctor", "teacher": "pupil in your class"}
# the child asking the bear about its part: "what are you", "who are you", "what do you eat"
ROLE_ASKED = re.compile(r"^(?:(?:and|so|ok|okay|teddy) )*(?:what (?:are|r) you|who (?:are|r) you|what animal are you|"
                        r"what are you going to be|what are you being|(?P<eat>what (?:do|will|would|can) you eat|"
                        r"what do you like to eat|what is your (?:favourite )?food))(?: then| now| teddy)?$")

# the child roaring or growling in the game ("rarr", "roooar", "grrr")
ROARED = re.compile(r"^(?:(?:r+a+w*r+h*|r+o+a+r+h*|r+a+w+r*|g+r+|g+r+o+w+l+|a+r+g+h+|rr+)(?: |$))+$")
ROARS = ("Eek! What a big, fierce roar! You made me jump! Roooar, here's my roar back!",
         "Wow, what a scary roar! I'm shaking in my fur! Grrr, roooar! Let's roar together!")


@dataclass(frozen=True)
class Role:
    """A pretend role: its words, the bear's first lines and its lines as the game goes on."""

    words: tuple[str, ...]
    start: tuple[str, ...]
    next: tuple[str, ...]
    pattern: re.Pattern


@lru_cache(maxsize=1)
def roles() -> tuple[Role, ...]:
    """content/pretend.toml."""
    data = tomllib.loads(resources.files("bear.talk").joinpath("content/pretend.toml").read_text(encoding="utf-8"))
    out = []
    for r in data["role"]:
        words = "|".join(sorted((re.escape(w) for w in r["words"]), key=len, reverse=True))
        out.append(Role(tuple(r["words"]), tuple(r["start"]), tuple(r["next"]),
                        re.compile(rf"{TRIGGER} {FILLER}(?:{words})s?\b|{WIDE}(?:{words})s?\b")))
    return tuple(out)


def role_in(canon: str) -> int | None:
    """The index of the role a pretend-play line names ("let us pretend we are pirates"), or None."""
    hits = [(m.end(), i) for i, r in enumerate(roles()) for m in [r.pattern.search(canon)] if m]  # the first role named
    return min(hits)[1] if hits else None


def role_named(canon: str) -> int | None:
    """The role whose word comes first in the line, with no "pretend" in it ("a tiger"), or None."""
    hits = [(m.start(), i) for i, r in enumerate(roles())
            for m in [re.search(r"\b(?:" + "|".join(map(re.escape, r.words)) + r")s?\b", canon)] if m]
    return min(hits)[1] if hits else None


def pretend(b, c: Ctx) -> Reply | None:
    """The bear's part in the role named, or None when the line names no role it knows."""
    i = role_in(c.canon)
    if i is None and any("pretend" in h for h in c.session.heard[-2:]) and len(c.words) <= 8:
        i = role_named(c.canon)  # "let's pretend" | "i want to be in a castle", "a tiger"
    if i is None or GROWN_UP.search(c.canon):  # "i will be a firefighter when i grow up" is a wish, not a game
        return None
    role = roles()[i]
    text = b.pick(c.session, f"pretend.{i}.start", role.start)
    c.session.pending = {"kind": "pretend", "role": i, "step": 0}
    c.session.last_topic = None
    return Reply(text, "play", expects_answer=True)


def expect_pretend(b, c: Ctx, p: dict) -> Reply | None:
    """The game goes on while the child plays along; None when they moved on (or asked a question
    the knowledge base answers)."""
    from bear.talk.knowledge import core_question

    if role_in(c.canon) is not None or ENDS.search(c.canon):
        return None
    if BECOME.match(c.canon):  # "how do i become one" after "i want to be an astronaut": no game line
        return None
    role = roles()[p["role"]]
    if ROARED.match(c.canon):  # "rarr!": the child roars in the game, the bear jumps and roars back
        _next_step(c, p)
        return Reply(b.pick(c.session, "pretend.roared", ROARS), "play", expects_answer=True)
    asked = ROLE_ASKED.match(c.canon)
    if asked is not None:  # "what are you?", "what do you eat?": asked of the bear in its part
        step = _next_step(c, p)
        word = PART.get(role.words[0], role.words[0])
        article = "an" if word[0] in "aeiou" else "a"
        if asked.group("eat"):
            return Reply(f"Yum! {article.capitalize()} {word} like me eats pretend snacks: strawberries, honey "
                         "sandwiches and a big pretend cake! What do you eat?", "play", expects_answer=True)
        return Reply(f"I'm {article} {word}, of course! {role.next[step % len(role.next)]}", "play",
                     expects_answer=True)
    if role.words[0] == "shop":  # the child buying: the bear keeps the shop
        sold = _shopkeeper(b, c)
        if sold is not None:
            _next_step(c, p)
            return sold
    # "where's the treasure?": a question inside the game
    in_game = re.match(r"^(?:where (?:is|are) (?:the|our|my|we)|are we|can we|shall we|should we|is there|"
                       r"what is in)\b", c.canon)
    if c.intent in OTHER and c.confidence >= MIN_CONFIDENCE and not (in_game and c.intent in ("story", "animal_fact")):
        return None
    if re.match(r"^(?:why|what|how|where|when|who|which|do|does|did|is|are|can)\b", c.canon) and not in_game:
        answer = b.knowledge.search(core_question(c.canon), topic=c.session.topic)
        if answer is not None and answer.score >= 0.75:
            return None
    step = _next_step(c, p)
    text = role.next[step % len(role.next)]
    return Reply(text, "play", expects_answer=True)


def _next_step(c: Ctx, p: dict) -> int:
    """The game's step now; the game goes on to the next one (or ends after the last)."""
    step = p["step"]
    c.session.pending = {"kind": "pretend", "role": p["role"], "step": step + 1} if step + 1 < TURNS else None
    return step


# "how much is it?", "how much is a apple", "what does it cost" and "i want to buy a apple" in the shop game
PRICE = re.compile(r"^(?:(?:and|so|um|please) )*(?:how much (?:is|are|does|do|for)\b|what does (?:it|that|this) cost\b|"
                   r"what is the price\b)")
BUY = re.compile(r"^(?:(?:and|so|um|please|hello|hi) )*(?:i (?:want|would like|will have|will buy|would like to "
                 r"buy|want to buy|need)|can i (?:have|buy)|i am buying) (?:a |an |some |two |three |the )?"
                 r"(?P<thing>[a-z]+(?: [a-z]+)??)(?: please| teddy| thank you)?$")


def _shopkeeper(b, c: Ctx) -> Reply | None:
    """The bear's line as the shopkeeper: what a thing costs, or the thing the child buys handed over."""
    from bear.talk.vetting import vet_thing

    if PRICE.match(c.canon):
        return Reply(b.pick(c.session, "pretend.shop.price", [
            "That's two pennies, please! And because you're my favourite customer, you get a free smile.",
            "Let me see... that's three pennies, please! Would you like a bag?"]), "play", expects_answer=True)
    m = BUY.match(c.canon)
    thing = vet_thing(m.group("thing")) if m else None
    if thing is None or thing.split()[-1] in ("it", "one", "them", "that", "this", "something", "anything"):
        return None
    some = thing if thing.endswith("s") else ("an " if thing[0] in "aeiou" else "a ") + thing
    return Reply(b.pick(c.session, "pretend.shop.buy", [
        f"Here you are, {some}! That's two pennies, please. Anything else?",
        f"Ooh, good choice! {some[:1].upper()}{some[1:]}, wrapped up nicely. That's three pennies, please!"]),
        "play", expects_answer=True)


EXPECTATIONS = {"pretend": expect_pretend}
