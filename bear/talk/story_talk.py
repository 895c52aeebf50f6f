"""Talk around a story: a story asked for by its name ("do you know the three little pigs"), by what it is
about just after one ("about a dog who can fly"), and questions about the story just told
(`bear.talk.story_questions`)."""

from __future__ import annotations

import re
from functools import lru_cache

from bear.talk.story_questions import from_the_story
from bear.talk.turn import Ctx, Reply

# "do you know the three little pigs", "tell me goldilocks and the three bears", "read me jack and the beanstalk"
NAMED = re.compile(r"^(?:(?:teddy|please|can you|could you|will you) )*(?:do you know|have you heard of|tell me|"
                   r"read me|read|i want|i would like|i like|what about|say) (?:the story |a story )?(?:of |about )?"
                   r"(?:the )?(.+)$")

@lru_cache(maxsize=512)
def _title(title: str) -> frozenset[str]:
    from bear.talk.activities import TITLE_STOP
    from bear.talk.spoken import spoken_form

    return frozenset(spoken_form(title).split()) - TITLE_STOP


def named_story(b, c: Ctx) -> Reply | None:
    """A story asked for by (nearly) its whole name, whatever the intent was taken for; else None
    (and None when a song's name fits as well: "do you know twinkle twinkle little star")."""
    from bear.talk.activities import _start_interactive, _tell
    from bear.talk.stories import load_stories

    m = NAMED.match(c.canon)
    if m is None:
        return None
    words = set(m.group(1).split())

    def share(title: str) -> float:
        have = _title(title)
        return len(have & words) / len(have) if len(have) >= 2 else 0.0

    best = max(list(load_stories()) + list(b.content.stories), key=lambda s: share(s.title))
    if share(best.title) < 0.66 or any(share(song.title) >= share(best.title) for song in b.content.songs):
        return None
    c.session.last_topic = "story"
    return _tell(b, c, best) if best in b.content.stories else _start_interactive(b, c, best)


def story_question(b, c: Ctx) -> Reply | None:
    """"what did the wolf do?" just after the story: its own sentence; else None."""
    answer = from_the_story(c.session, c.canon)
    return Reply(answer, "story") if answer is not None else None


# "but make her a pirate princess", "can he be a dragon instead" just after a story: a story about that one
MADE_INTO = re.compile(r"^(?:(?:but|and|now|ok|okay|oh|teddy|this time) )*(?:make (?:her|him|it|them|the [a-z]+) "
                       r"(?:into )?|can (?:she|he|it|they|the [a-z]+) be |(?:and )?this time (?:with )?)"
                       r"(?:a |an )?([a-z]+(?: [a-z]+)?)(?: instead| this time| please)*$")


# "make it about a princess who does karate", "can it be about space": a story about that instead, just after one
ABOUT_ONE = re.compile(r"^(?:(?:but|and|now|ok|okay|oh|teddy|this time|no|not that one) )*"
                       r"(?:make it|can it be|make one|do one|tell one|can you make it|can you do one|can you tell one|"
                       r"what about one|now one|i want one|tell me one) about (?:a |an |the )?([a-z]+(?: [a-z]+){0,5})"
                       r"(?: instead| this time| please)*$")


def made_into(b, c: Ctx) -> Reply | None:
    """A new made-up story about the character asked for, just after a story; else None."""
    import dataclasses

    from bear.talk import activities, made_up

    if c.session.last_topic == "story" and (about := ABOUT_ONE.match(c.canon)) is not None:
        return activities.story(b, dataclasses.replace(c, canon=f"tell me a story about {about.group(1)}"))
    m = MADE_INTO.match(c.canon)
    if m is None or c.session.last_topic != "story":
        return None
    own = made_up.hero(f"tell me a story about a {m.group(1)}")
    if own is None:
        return None
    return made_up.tell(dataclasses.replace(c, canon=f"tell me a story about a {m.group(1)}"), own, b.rng)


# "about a dog who can fly", "with a cat called whiskers", "a dinosaur who is scared of the dark" just after the
# bear told or offered a story
ABOUT_AFTER = re.compile(r"^(?:(?:um|and|no|yes|ok|okay|now|please|can you do|do|tell me|make up|a story|one|"
                         r"another) )*"
                         r"(?:about|with|of) (?:a|an|the|my|some|2|two)\b"
                         r"|^(?:a|an) [a-z]+(?: [a-z]+)? (?:who|that|called|named|with)\b")
TOLD_A_STORY = re.compile(r"\bstor(?:y|ies)\b", re.IGNORECASE)


def about_after(b, c: Ctx) -> Reply | None:
    """A story about what the child names, when the line only says what about, just after a story."""
    import dataclasses

    from bear.talk.activities import story

    if c.session.last_topic != "story" or not TOLD_A_STORY.search(c.session.last_reply) \
            or not ABOUT_AFTER.match(c.canon):
        return None
    about = "" if re.match(r"(?:\w+ )*?(?:about|with|of) ", c.canon) else "about "
    return story(b, dataclasses.replace(c, canon=f"tell me a story {about}{c.canon}", intent="story"))


# "who likes football", "in space", "and he gets lost" just after a story asked about someone ("about a princess")
# (the spoken form has dropped a leading "and": "he gets lost")
MORE_ABOUT = re.compile(r"^(?:and |but )?(?:who|that|in|on|with|(?:he|she|it|they) (?:gets|got|goes|went|is|was|"
                        r"finds|found|can|meets|has|loves|likes|lives|flies|turns))\b")
ASKED_ABOUT = re.compile(r"\b(?:about|with|of) (?:a|an|the|my|some) [a-z]+(?: [a-z]+){0,3}$|"
                         r"^(?:a|an|the|my|some) [a-z]+(?: [a-z]+){0,2}$")


def more_about(b, c: Ctx) -> Reply | None:
    """The story asked for again with the child's next words added ("about a princess" ... "who likes
    football"), just after the bear told one; None for anything else."""
    import dataclasses

    from bear.talk.activities import story

    if c.session.last_topic != "story" or not TOLD_A_STORY.search(c.session.last_reply) or not c.session.heard \
            or not MORE_ABOUT.match(c.canon) or len(c.words) > 8:
        return None
    asked = ASKED_ABOUT.search(c.session.heard[-1])
    if asked is None:
        return None
    about = asked.group(0) if not re.match(r"(?:a|an|the|my|some) ", asked.group(0)) else f"about {asked.group(0)}"
    more = f"and {c.canon}" if re.match(r"(?:he|she|it|they) ", c.canon) else c.canon
    return story(b, dataclasses.replace(c, canon=f"tell me a story {about} {more}", intent="story"))


# "call him max", "make the hero called max", "the girl should be called maya", "call the dragon sparky", "can the
# unicorn be called sparkle" just after a story
WHO = r"(?:him|her|it|the hero|the main (?:one|character)|the [a-z]+(?: in the story)?)"
HERO_NAMED = re.compile(r"^(?:(?:can you|could you|please|and|now|no|ok|okay|teddy|i want to) )*(?:"
                        rf"(?:call|name) (?P<who>{WHO})(?: be)? (?:called |named )?"
                        rf"|make (?P<who3>{WHO})(?: be)? (?:called|named) "
                        rf"|(?:can |could )?(?P<who2>{WHO}) (?:is|should be|can be|has to be|must be|be) "
                        r"(?:called|named) )"
                        r"(?P<name>[a-z]+)(?: please| teddy)?$")
# "give him a name", "can the rabbit have a name": the bear picks one
NAME_IT = re.compile(r"^(?:(?:can you|could you|please|and|now|ok|okay|teddy) )*"
                     rf"(?:give (?P<who>{WHO}) a name|(?:can|could|will) (?P<who2>{WHO}) (?:have|get) a name)"
                     r"(?: please| teddy)?$")
PICKED_NAMES = ("Pip", "Bramble", "Poppy", "Biscuit", "Sunny", "Maple", "Pebble")  # each passes the name vetting
PRONOUN_KIND = {"him": "boy", "her": "girl"}


def hero_named(b, c: Ctx) -> Reply | None:
    """A made-up story whose hero has the name the child gives ("call him max") or one the bear picks ("give him
    a name"), just after a story; else None (a name the bear may not say gets no story with it: `made_up.hero`
    vets it). The hero is the one named ("the dragon"), else the one the last story was asked about, else a boy
    for "him", a girl for "her", a hero."""
    import dataclasses

    from bear.talk import made_up
    from bear.talk.activities import story

    m = HERO_NAMED.match(c.canon) or NAME_IT.match(c.canon)
    if m is None or c.session.last_topic != "story":
        return None
    name = m["name"] if "name" in m.re.groupindex else b.rng.choice(PICKED_NAMES).lower()
    who = re.sub(r" in the story$", "", m["who"] or m["who2"] or m.groupdict().get("who3") or "")
    kind = who[4:] if who.startswith("the ") and who not in ("the hero", "the main one", "the main character") \
        else None  # "call the dragon sparky"
    before = made_up.hero(c.session.heard[-1]) if kind is None and c.session.heard else None
    if before is not None:  # "a story about a dragon" ... "call it sparkle": the dragon
        kind = re.sub(r"^(?:a|an) | called .*$| who loves .*$", "", before.hero)
    kind = kind or PRONOUN_KIND.get(who)  # "call her maya" after any story: a girl
    asked = f"tell me a story about a {kind or 'hero'} called {name}"
    if made_up.hero(asked) is None:
        return None  # a name the bear may not say
    return story(b, dataclasses.replace(c, canon=asked, intent="story"))
