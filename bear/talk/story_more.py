"""Talk around a story, carried on from the story asked for: another one "about a robot" or "no, a
pirate princess" just after a story, how a character should be ("make him friendly"), how the
story turns out ("does she find her mummy?"), a story with the child in it ("tell me a story with
me in it, my name is leo": their vetted name in it), and a story made up together (the bear and the
child take turns; the child's words are never said back).

Content: `content/story_more.toml`; the stories are `content/stories.toml`'s and
`content/interactive_stories.toml`'s.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply

LEAD = r"^(?:(?:no|nope|um|erm|ok|okay|and|but|now|please|teddy|can you|could you|i want|i want one) )*"
ABOUT_NEXT = re.compile(LEAD + r"(?:(?:a|another|1|one) )?(?:story |stories )?(?:about|with) (?:a |an |the |some )?"
                               r"([a-z]+(?: [a-z]+)?)(?: 1| ones?)?(?: please| instead| now)?$")
NO_ONE = re.compile(r"^(?:no|not that|nope) (?:a |an |i want a |i want an |i said a |i said an )([a-z]+(?: [a-z]+)?)"
                    r"(?: 1| ones?| story)?(?: please| instead)?$")
MAKE_IT = re.compile(LEAD + r"(?:make|can|let) (?:him|her|it|them|the [a-z]+|he|she|they) (?:be |is |are )?"
                            r"(?:a |an |really |very |more |extra |a bit |a little bit )?([a-z]+)(?: one)?"
                            r"(?: please| instead| now)?(?: but not too (?:scary|much|silly|spooky))?$")
# "can there be a dog in it", "put my sister in the story her name is mia", "add a unicorn"
ADD_IN = re.compile(LEAD + r"(?:can there be|could there be|can you put|could you put|put|add|can you add|i want|"
                    r"let there be) (?:a |an |my |the |some )?(?P<what>[a-z]+(?: [a-z]+)?) (?:in it|in the story|"
                    r"into the story|in too|too|in)(?: please)?(?: (?:her|his|their) name is (?P<name>[a-z]+))?$")
# "and a shark that's friendly", "and a baby dragon too" just after a story: one more to join it
AND_ONE = re.compile(r"^and (?:a|an|some) (?P<what>(?:friendly |nice |kind |funny |silly |little |big |baby )?[a-z]+)"
                     r"(?: (?:that is|thats|that s|who is|whos|who s) (?:friendly|nice|kind|funny|silly|little))?"
                     r"(?: too| as well| in it)?(?P<name>)$")
# who may join a story besides the animals of `legs.LEGS`
STORY_FOLK = frozenset("unicorn dragon fairy mermaid dinosaur robot monster giant wizard princess prince knight pirate "
                       "alien elf troll witch superhero ghost snowman astronaut".split())
# "can the robot have a dog", "can she meet a unicorn" just after a story: one more to join it
HAVE_ONE = re.compile(LEAD + r"(?:can|could|will|does) (?:the [a-z]+|he|she|it|they) (?:have|get|meet|find|"
                      r"make friends with) (?:a|an|some) (?P<what>(?:friendly |little |baby |pet )?[a-z]+)(?P<name>)"
                      r"(?: too| please)?$")
TURNS_OUT = re.compile(r"^(?!.*\bbe about\b)(?:(?:and|but|so|um|teddy) )*"
                       r"(?:does|did|will|do|is|are|was|were|can|could) "
                       r"(?:she|he|they|it|the [a-z]+|her|his) (?:[a-z]+ ?){1,6}$")
TOGETHER = re.compile(r"\b(?:make|making|made|tell|write|do|invent|think) (?:up )?(?:a |our own |a new |our )?"
                      r"stor(?:y|ies) (?:together|with me|you and me)\b|\bmake up a story\b.*\b(?:together|you start|"
                      r"with me)\b|\b(?:let us|can we|shall we) make up a story\b")
WITH_ME = re.compile(r"\bstor(?:y|ies) (?:with|about|starring) (?:me|myself)\b|\bme in (?:it|the story|a story)\b|"
                     r"\bstory where i am\b|\bi am in (?:it|the story)\b")
# "you start" just after the bear began the story together: it says how the story begins again
YOU_START = re.compile(r"^(?:(?:no|okay|ok|um|but) )*(?:you (?:start|go first|begin|do it|do the start|say it)|"
                       r"you start it|can you start)(?: please| teddy)?$")
# "now you say what happens" just after the child began a story of their own ("once upon a time there was a frog")
YOUR_BIT = re.compile(r"^(?:(?:and|now|okay|ok) )*(?:you (?:say|tell me|tell|do|carry on|finish|keep going)"
                      r"(?: (?:what happens|what happened|the next bit|the rest|it))?(?: next| now)?|what happens next|"
                      r"your turn|now you)(?: teddy)?$")
MY_TURN = re.compile(r"\b(?:my turn|i want to (?:say|tell|think of|make up)|let me (?:say|tell|think|do)|"
                     r"i will (?:say|tell|do))\b")


@lru_cache(maxsize=1)
def data() -> dict:
    """content/story_more.toml."""
    return tomllib.loads(resources.files("bear.talk").joinpath("content/story_more.toml").read_text(encoding="utf-8"))


def _pick(b, c: Ctx, table: str, key: str, **kw) -> str:
    text = b.pick(c.session, f"story_more.{table}.{key}", data()[table][key]).format(**kw)
    return text[:1].upper() + text[1:]


def _just_told(c: Ctx) -> bool:
    """A story was told (or is being told) in the last few turns."""
    return c.session.last_topic == "story" and c.session.turns - c.session.last_story[1] <= 3


def another_about(b, c: Ctx) -> Reply | None:
    """"about a robot", "no, a pirate princess" just after a story (or asking for one): a story about it."""
    if c.session.last_topic != "story":
        return None
    m = ABOUT_NEXT.match(c.canon) or NO_ONE.match(c.canon)
    if m is None or m.group(1).split()[0] in ("it", "that", "this", "me", "you", "what"):
        return None
    asked = Ctx(c.text, c.norm, f"tell me a story about {m.group(1)}", "story", 1.0, c.session, c.profile, c.emotion,
                c.bedtime)
    c.session.pending = None
    return b.handlers["story"](b, asked)


def make_it(b, c: Ctx) -> Reply | None:
    """"make him friendly" about the story: said back only when the word is on the list."""
    if c.session.last_topic != "story":
        return None
    m = MAKE_IT.match(c.canon)
    if m is None:
        return None
    does = data()["make_it"]["does"].get(m.group(1))
    who = re.match(r"^.*?(?:make|can|let) (him|her|it|them|he|she|they|the [a-z]+)\b", c.canon)
    if does and who:  # "make the dragon sneeze": it does, in the bear's words (a noun only from the story)
        name = who.group(1)
        noun = name.removeprefix("the ")
        told = c.session.last_story[0].lower()
        name = name if name.startswith("the ") and re.search(rf"\b{noun}s?\b", told) else \
            {"him": "he", "her": "she", "them": "they", "it": "it"}.get(name, name) \
            if not name.startswith("the ") else "everyone"
        text = f"Okay! And then {name} {does} {_ask_again(c)}".strip()
        return Reply(text[:1].upper() + text[1:], "story", expects_answer=True)
    if m.group(1) in ("longer", "long", "last longer", "go on longer") and c.session.pending is None:
        # "make it longer" after a story told whole: that was all of it, and another one makes story time longer
        asked = Ctx(c.text, c.norm, "tell me another story", "story", 1.0, c.session, c.profile, c.emotion, c.bedtime)
        story = b.handlers["story"](b, asked)
        return Reply(f"That was the whole story! Here's another one to make story time longer. {story.text}",
                     "story", expects_answer=story.expects_answer)
    more = data()["make_it"]["more"].get(m.group(1))
    if more:  # "make it funnier": a bit of the story to make it so
        return Reply(f"Okay! {more} {_ask_again(c)}".strip(), "story", expects_answer=True)
    word = m.group(1) if m.group(1) in data()["make_it"]["words"] else None
    text = _pick(b, c, "make_it", "said", word=word) if word else "Good idea! Let's see what happens."
    return Reply(f"{text} {_ask_again(c)}".strip(), "story", expects_answer=True)


def _ask_again(c: Ctx) -> str:
    """The interactive story's question again (when one is under way), else nothing."""
    from bear.talk.stories import fill

    p = c.session.pending or {}
    if p.get("kind") != "story_choice":
        return ""
    part = p["story"].parts[p["part"]]
    return fill(part.ask, c.profile.name, c.profile.likes)


def turns_out(b, c: Ctx) -> Reply | None:
    """"does she find her mummy?" just after a story: yes, it ends happily (or: let's find out)."""
    if not _just_told(c) or TURNS_OUT.match(c.canon) is None:
        return None
    ask = _ask_again(c)
    if ask:
        return Reply(f"{_pick(b, c, 'turns_out', 'going')} {ask}", "story", expects_answer=True)
    return Reply(_pick(b, c, "turns_out", "ended"), "story")


def with_me(b, c: Ctx) -> Reply | None:
    """"tell me a story with me in it (my name is leo)": a story where the child chooses, with their name."""
    from bear.talk.activities import _start_interactive
    from bear.talk.names_said import name_in
    from bear.talk.stories import load_stories
    from bear.talk.vetting import vet_name

    if WITH_ME.search(c.canon) is None:
        return None
    raw = name_in(c.norm)
    name = vet_name(raw) if raw else None
    if name:
        c.profile.name = name
    stories = [s for s in load_stories() if not c.session.taken("story", s.id) and (s.calm or not c.bedtime)]
    if not stories:
        return None
    c.session.last_topic = "story"
    reply = _start_interactive(b, c, b.rng.choice(stories))
    reply.text = f"{_pick(b, c, 'with_me', 'intro')} {reply.text}"
    if name:
        reply.remember = {"name": name}
    return reply


def together(b, c: Ctx) -> Reply | None:
    """"let's make up a story together": the bear starts."""
    from bear.talk.activities import CHOOSE

    if YOUR_BIT.match(c.canon) and c.session.heard[-1:] and \
            re.match(r"^(?:once upon a time|one day|there was once|long ago)\b", c.session.heard[-1]):
        c.session.pending = {"kind": "story_together", "turn": 1}  # the child began: the bear adds the next bit
        c.session.last_topic = "story_together"
        return Reply(_pick(b, c, "together", "next"), "story", expects_answer=True)
    if TOGETHER.search(c.canon) is None or CHOOSE.search(c.canon):  # "a story where i pick": the bear's, with choices
        return None
    start = _pick(b, c, "together", "start")
    c.session.pending = {"kind": "story_together", "turn": 0, "start": start}
    c.session.last_topic = "story_together"
    return Reply(start, "story", expects_answer=True)


def expect_together(b, c: Ctx, p: dict) -> Reply | None:
    """The child's bit of the story made together: the bear adds the next (never repeating it)."""
    if (c.intent in ("goodbye", "stop", "scared", "grief", "sleep") and c.confidence >= MIN_CONFIDENCE) \
            or len(c.words) > 30 or re.search(r"\b(?:the end|stop|finish|enough)\b", c.canon):
        if re.search(r"\bthe end\b", c.canon):
            c.session.pending = None
            return Reply(_pick(b, c, "together", "ending"), "story")
        return None
    if p["turn"] == 0 and p.get("start") and YOU_START.match(c.canon):  # "you start": it has; how it begins again
        begun = re.search(r"(?:Once upon a time|Here's the start\.|One day).*", str(p["start"]))
        return Reply(f"I did! {begun.group(0) if begun else p['start']}", "story", expects_answer=True)
    if MY_TURN.search(c.canon) and len(c.words) <= 10:
        c.session.pending = {"kind": "story_together", "turn": p["turn"]}
        return Reply("Okay, your turn! Tell me what happens next in our story.", "story", expects_answer=True)
    turn = p["turn"] + 1
    if turn >= 4:
        c.session.pending = None
        return Reply(_pick(b, c, "together", "ending"), "story")
    c.session.pending = {"kind": "story_together", "turn": turn}
    return Reply(f"{_met(c.canon)}{_pick(b, c, 'together', 'next')}", "story", expects_answer=True)


# "once upon a time there was a purple cat": the one the child's bit brought in, said back (an animal of
# `legs.LEGS` or story folk, with a colour or a size word of this list)
CHARACTER = re.compile(r"\b(?:there was|there lived|there were|lived|was|met|found) (?:a|an|one) (?:(?P<adj>little|big|"
                       r"tiny|giant|happy|sad|brave|silly|sleepy|grumpy|magic|friendly|red|orange|yellow|green|blue|"
                       r"purple|pink|black|white|brown|golden|silver|spotty|stripy|fluffy|hungry|naughty|kind) )?"
                       r"(?P<who>[a-z]+)\b")


def _met(canon: str) -> str:
    """"A purple cat! " for a story's newcomer the bear may say; "" otherwise."""
    from bear.talk.legs import LEGS

    m = CHARACTER.search(canon)
    if m is None or (m["who"] not in LEGS and m["who"] not in STORY_FOLK):
        return ""
    said = f"{m['adj']} {m['who']}" if m["adj"] else m["who"]
    return f"{'An' if said[0] in 'aeiou' else 'A'} {said}! "


def add_in(b, c: Ctx) -> Reply | None:
    """"can there be a dog in it" about the story just told: they join in (an animal of the list, or a name
    that passes the name vetting); None otherwise."""
    from bear.talk.legs import LEGS
    from bear.talk.vetting import vet_name

    if c.session.last_topic != "story":
        return None
    m = ADD_IN.match(c.canon) or AND_ONE.match(c.norm) or HAVE_ONE.match(c.canon)
    if m is None:
        return None
    what, name = m.group("what"), m.group("name")
    person = re.fullmatch(r"(?:little |big |baby )?(sister|brother|friend|cousin|mummy|daddy|mum|dad|nana|grandma|"
                          r"grandad|teacher)", what)
    if name and person:
        vetted = vet_name(name)
        who = f"{vetted}, your {person.group(1)}," if vetted else f"your {person.group(1)}"
    elif person:
        who = f"your {person.group(1)}"
    elif what.split()[-1] in LEGS or what.split()[-1].removesuffix("s") in LEGS or what.split()[-1] in STORY_FOLK:
        animal = what.split()[-1]
        who = f"a friendly {animal}" if not animal.endswith("s") else f"some friendly {animal}"
    else:
        return None
    text = _pick(b, c, "make_it", "join", who=who)
    return Reply(f"{text[:1].upper()}{text[1:]} {_ask_again(c)}".strip(), "story", expects_answer=True)


def before_choice(b, c: Ctx) -> Reply | None:
    """Lines that are about the story under way, before its choice is looked for."""
    return make_it(b, c) or add_in(b, c) or turns_out(b, c) or another_about(b, c)


def asked(b, c: Ctx) -> Reply | None:
    """Whichever of these the line asks for, or None."""
    return with_me(b, c) or together(b, c) or before_choice(b, c)


def expect_choice(b, c: Ctx, p: dict) -> Reply | None:
    """The interactive story's choice (`bear.talk.activities.expect_choice`), after the lines about the story."""
    from bear.talk.activities import expect_choice as choice

    return before_choice(b, c) or choice(b, c, p)


EXPECTATIONS = {"story_together": expect_together, "story_choice": expect_choice}
