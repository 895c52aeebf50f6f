"""What a child asks for by kind or topic: a joke about dinosaurs, a knock-knock joke the bear tells
("Knock knock!" ... "Lettuce who?"), a poem about the sea, a tongue twister, a song made up about
the child's pet ("make up a song about my dog rex"), and a riddle the child says back to the bear.

Content: `content/jokes.toml` (`[[topical]]`, `[[knock_knock]]`), `content/poems.toml`,
`content/songs.toml` (`[[made_up]]`). Nothing is repeated within a conversation while others are
left; a word the child said is repeated only when vetted (`bear.talk.vetting`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bear.talk.turn import Ctx, Reply

# "tell me a knock knock joke", "do you know any knock knock jokes" (the child starting one is `activities.KNOCK`)
# "one" is "1" in the spoken form; "another knock knock" asks for one too
KNOCK_ASK = re.compile(r"\bknock ?knock(?: jokes?| one| 1)\b|^(?:(?:and|ok|okay|now|yes|please) )*(?:an)?other "
                       r"knock ?knock(?: please)?$")
CHILD_TELLS = re.compile(r"\b(?:i|me) (?:tell|do|say|have|got|know|made)\b|\bmy (?:own )?knock")
JOKE_ABOUT = re.compile(r"\b(?:joke|jokes) (?:about|with) (?:a |an |the |some )?([a-z]+(?: [a-z]+)?)$")
# "another cow one" after a joke: another joke about cows
ANOTHER_KIND = re.compile(r"^(?:(?:and|ok|okay|now|haha|ha|hehe|lol|yes|yay|that was funny) )*"
                          r"(?:(?:tell me|tell us|do|say|give me|i want|can you do|can you tell me) )?"
                          r"(?:another|1 more|more|a) ([a-z]+) (?:1|ones?|joke|jokes)"
                          r"(?: please)?$")
# "do one about a sheep" just after a joke: a joke about sheep
ONE_ABOUT = re.compile(r"\b(?:1|one|another|another 1|some|more) (?:about|with) (?:a |an |the |some )?([a-z]+)$")
JOKE_KIND = re.compile(r"\b([a-z]+) (?:joke|jokes)\b")
NOT_A_TOPIC = frozenset("a an the any another funny good silly new best one more your some me of really short long "
                        "dad knock other different great cool favourite little joke jokes rude naughty "
                        "funniest silliest worst coolest craziest greatest funnest weirdest newest oldest "
                        "naughtiest favorite top".split())  # "the funniest joke you know": any joke
SUPERLATIVE = frozenset("funniest silliest best coolest craziest greatest funnest favourite favorite".split())
POEM = re.compile(r"\b(?:poem|poems|poetry)\b")
TWISTER = re.compile(r"\btongue ?twisters?\b")
OWN_POEM = re.compile(r"\b(?:i|we) (?:wrote|write|made up|have written|ve written|learned|learnt|know)\b.{0,20}"
                      r"\bpoem\b|"
                      r"\bmy (?:own |new )?poem\b")
ABOUT = re.compile(r"\babout (?:a |an |the |my |some )?([a-z]+)")
KIND_POEM = re.compile(r"\b(silly|funny|nonsense) (?:poem|poems|rhyme|rhymes)\b")
MADE_UP = re.compile(r"\b(?:make|made|making|invent|write) (?:me )?(?:up )?(?:a |an |your own )?(?:new )?song\b"
                     r"|\bsong (?:about|for) my\b|\bsong (?:that )?you (?:made|make) up\b")
WHO = re.compile(r"^(?:(?:and|ok|okay|um) )?([a-z]+(?: [a-z]+)?) who$")


@dataclass(frozen=True)
class Poem:
    """A short poem, chosen by topic."""

    title: str
    topics: tuple[str, ...]
    text: str
    calm: bool = False


@lru_cache(maxsize=1)
def load_poems() -> tuple[tuple[Poem, ...], tuple[str, ...]]:
    """content/poems.toml: (poems, tongue twisters)."""
    data = tomllib.loads(resources.files("bear.talk").joinpath("content/poems.toml").read_text(encoding="utf-8"))
    poems = tuple(Poem(p["title"], tuple(p["topics"]), p["text"], bool(p.get("calm"))) for p in data["poem"])
    return poems, tuple(data["tongue_twisters"])


def _singular(word: str) -> str:
    from bear.talk.knowledge import singular

    return singular(word)


def _fresh(c: Ctx, kind: str, items: list[str]) -> list[str]:
    return [i for i in items if not c.session.taken(kind, i)]


# --- jokes -----------------------------------------------------------------------------------------
def joke_request(b, c: Ctx) -> Reply | None:
    """A knock-knock joke the bear tells, or a joke about the topic asked for; None for any joke."""
    if KNOCK_ASK.search(c.canon) and not CHILD_TELLS.search(c.canon) and b.content.knock_knocks:
        return knock_knock(b, c)
    again = c.session.last_topic == "joke"
    m = JOKE_ABOUT.search(c.canon) or JOKE_KIND.search(c.canon) or (
        (ANOTHER_KIND.match(c.canon) or ONE_ABOUT.search(c.canon)) if again else None)  # "another cow one"
    topic = m.group(1) if m else None
    if topic is not None and topic.split()[0] in SUPERLATIVE and b.content.jokes:  # "the funniest joke you know"
        text = b.rng.choice(_fresh(c, "joke", list(b.content.jokes)) or list(b.content.jokes))
        c.session.take("joke", text)
        c.session.last_topic = "joke"
        c.session.pending = {"kind": "offer", "yes": "joke", "no": ""}
        return Reply(f"Here's my {topic.split()[0]} joke! {text} Want another one?", "joke", expects_answer=True)
    if topic is None or topic.split()[0] in NOT_A_TOPIC:
        return None
    words = {_singular(w) for w in topic.split()}
    jokes = [j for topics, js in b.content.joke_topics if words & {_singular(t) for t in topics} for j in js]
    fresh = _fresh(c, "joke", jokes)
    # within a topic's jokes ("animals"), one that names what was asked for ("pig") first
    from bear.talk.vetting import vet_thing

    def names(joke: str) -> bool:
        return any(re.search(rf"\b{re.escape(w)}", joke.lower()) for w in words)

    named = [j for j in fresh if names(j)]
    before = ""
    if not named and any(names(j) for j in jokes) and vet_thing(topic):  # the pig jokes are all told
        before = f"That was my last {vet_thing(topic)} joke! Here's another one. "
    fresh = named or fresh
    c.session.last_topic = "joke"
    c.session.pending = {"kind": "offer", "yes": "joke", "no": ""}
    if fresh:
        text = b.rng.choice(fresh)
        c.session.take("joke", text)
        return Reply(before + text + " Want another one?", "joke", expects_answer=True)
    said = vet_thing(topic)
    what = f"about {said}" if said else "like that"
    other = _fresh(c, "joke", list(b.content.jokes))
    if not other:
        return Reply(f"I don't know any more jokes {what} today! Shall I tell you a story instead?", "joke",
                     expects_answer=True)
    text = b.rng.choice(other)
    c.session.take("joke", text)
    return Reply(f"I don't know a joke {what} yet, but here's one I like: {text} Want another one?", "joke",
                 expects_answer=True)


def knock_knock(b, c: Ctx) -> Reply:
    """The bear starts a knock-knock joke (the child says "Who's there?")."""
    jokes = list(b.content.knock_knocks)
    fresh = [k for k in jokes if not c.session.taken("knock", k[0])] or jokes
    who, punchline = b.rng.choice(fresh)
    c.session.take("knock", who)
    c.session.last_topic = "joke"
    c.session.pending = {"kind": "bear_knock", "who": who, "punchline": punchline, "stage": "there"}
    return Reply("Knock knock!", "knock_knock", expects_answer=True)


def expect_bear_knock(b, c: Ctx, p: dict) -> Reply | None:
    """The child's side of the bear's knock-knock joke; None when they moved on."""
    if c.intent == "stop" or not c.words:
        return None
    if p["stage"] == "there":
        if "who" in c.words and not re.search(r"\bknock\b", c.canon):  # "who's there?"
            p["stage"] = "who"
            return Reply(f"{p['who']}.", "knock_knock", expects_answer=True)
        return None  # "knock knock" said back: the child starts one of their own
    known = knock_answer(b, c)
    if known is not None:
        return known
    if "who" in c.words or p["who"].lower().split()[0] in c.words:
        return _punchline(c, p["punchline"])
    return None


def _punchline(c: Ctx, punchline: str) -> Reply:
    c.session.pending = {"kind": "offer", "yes": "joke", "no": ""}
    return Reply(f"{punchline} Want another one?", "knock_knock", expects_answer=True)


def knock_answer(b, c: Ctx) -> Reply | None:
    """"Lettuce who?" for a knock-knock joke the bear knows, whoever started it; else None."""
    m = WHO.match(c.canon)
    if m is None:
        return None
    asked = m.group(1)
    for who, punchline in b.content.knock_knocks:
        if who.lower() == asked:
            return _punchline(c, punchline)
    return None


def joke_again(b, c: Ctx) -> Reply | None:
    """"that was funny, do one about a sheep" just after a joke (or a story, a song, a poem): one of
    that kind about it, whatever it sounded like; else None."""
    kind = c.session.last_topic
    m = ONE_ABOUT.search(c.canon)
    if m is None or kind not in ("joke", "story", "song", "poem"):
        return None
    if kind == "joke":
        return None if c.bedtime else joke_request(b, c)
    said = {"story": "tell me a story about", "song": "sing a song about", "poem": "say a poem about"}[kind]
    asked = Ctx(c.text, c.norm, f"{said} {m.group(1)}", kind, 1.0, c.session, c.profile, c.emotion, c.bedtime)
    return b.handlers[kind](b, asked)


# --- poems and tongue twisters ---------------------------------------------------------------------
def poem_request(b, c: Ctx) -> Reply | None:
    """A poem (about the topic asked for) or a tongue twister; None when neither is asked for."""
    poems, twisters = load_poems()
    if TWISTER.search(c.canon):
        c.session.last_topic = "tongue_twister"
        fresh = _fresh(c, "twister", list(twisters)) or list(twisters)
        text = b.rng.choice(fresh)
        c.session.take("twister", text)
        return Reply(text, "tongue_twister", expects_answer=True)
    if not POEM.search(c.canon) or OWN_POEM.search(c.canon):  # "i wrote a poem, can i tell you it": the child's
        return None
    c.session.last_topic = "poem"
    pool = [p for p in poems if (p.calm or not c.bedtime) and not c.session.taken("poem", p.title)]
    m = ABOUT.search(c.canon) or KIND_POEM.search(c.canon)  # "a poem about the sea", "a silly poem"
    if m:
        word = _singular(m.group(1))
        about = [p for p in pool if word in {_singular(t) for t in p.topics}]
        if not about:
            from bear.talk.vetting import vet_thing

            said = vet_thing(m.group(1))
            if said and pool:
                c.session.pending = {"kind": "offer", "yes": "poem", "no": ""}
                return Reply(f"I don't know a poem about {said} yet! Shall I say a different one?", "poem",
                             expects_answer=True)
        pool = about or pool
    if not pool:
        return Reply("I've said all my poems today! Shall we have a song instead?", "poem", expects_answer=True)
    poem = b.rng.choice(pool)
    c.session.take("poem", poem.title)
    return Reply(poem.text, "poem")


def poem(b, c: Ctx) -> Reply:
    """Another poem ("another one" after a poem, or "yes" to the offer of one)."""
    if not POEM.search(c.canon):
        c = Ctx(c.text, c.norm, "a poem", c.intent, c.confidence, c.session, c.profile, c.emotion, c.bedtime)
    reply = poem_request(b, c)
    assert reply is not None  # the words ask for a poem
    return reply


def tongue_twister(b, c: Ctx) -> Reply:
    """Another tongue twister."""
    c = Ctx(c.text, c.norm, "a tongue twister", c.intent, c.confidence, c.session, c.profile, c.emotion, c.bedtime)
    reply = poem_request(b, c)
    assert reply is not None  # the words ask for a tongue twister
    return reply


# --- a song made up about the child's pet ------------------------------------------------------------
def made_up_song(b, c: Ctx) -> Reply | None:
    """"make up a song about my dog rex": a short song from a template with the (vetted) pet's name;
    None when no pet is named or known."""
    from bear.talk.vetting import PET_KINDS, vet_pet_name

    if not MADE_UP.search(c.canon) or not b.content.made_up_songs:
        return None
    m = re.search(r"\bmy (?:\w+ )?(" + "|".join(PET_KINDS) + r")s?\b(?: (?:called |named |who is called )?([a-z]+))?",
                  c.canon)
    kind = m.group(1) if m else c.profile.likes.get("pet_kind")
    if kind is None:
        return None
    name = vet_pet_name(m.group(2)) if m and m.group(2) else None
    if name is None and c.profile.likes.get("pet_kind") == kind:
        name = c.profile.likes.get("pet_name")
    pet = name or f"your {kind}"
    template = next((t for kinds, t in b.content.made_up_songs if kind in kinds),
                    next(t for kinds, t in b.content.made_up_songs if not kinds))
    text = template.format(pet=pet, Pet=pet[:1].upper() + pet[1:], kind=kind)
    c.session.last_topic = "song"
    c.session.pending = {"kind": "offer", "yes": "song", "no": ""}
    return Reply(text + " Shall I sing another?", "song", expects_answer=True)


# --- Old MacDonald with the animal asked for ----------------------------------------------------------
FARM = "Old MacDonald Had a Farm"
MACDONALD = re.compile(r"\bold (?:mac ?donald|mc ?donald)\b.*\b(?:with|about|had|has|and) (?:a |an |the |some )?"
                       r"([a-z]+(?: rex)?)s?\b")
NEXT_VERSE = re.compile(r"^(?:(?:now|and|ok|okay|then|what about|how about|can you|could you|will you|please) )*"
                        r"(?:(?:do|sing|have|add) (?:(?:it|one|a verse|another|another one|that|1|another 1) )?)?"
                        r"(?:(?:1|another 1|another) )?(?:(?:with|about|for) )?(?:a |an |the |some )?([a-z]+(?: rex)?)"
                        r"(?: (?:one|now|please|next|verse|instead))*$")


def farm_verse(b, c: Ctx) -> Reply | None:
    """"sing old macdonald with a pig", or "now a cow" just after Old MacDonald: a verse with that
    animal and its noise (only animals of the bear's noise list); else None."""
    noises = b.content.games["word_play"]["noises"]
    m = MACDONALD.search(c.canon)
    if m is None and c.session.last_topic == "song" and c.session.last_song == FARM:
        m = NEXT_VERSE.match(c.canon)
    animal = m.group(1) if m else None
    if animal is None or animal not in noises:
        return None
    words = noises[animal].strip("!").lower().split()
    one, two = (words[0], f"{words[0]} {words[0]}") if len(set(words)) == 1 else (" ".join(words),) * 2
    a = "an" if animal[0] in "aeiou" else "a"
    s_a = "an" if one[0] in "aeiou" else "a"
    text = (f"Old MacDonald had a farm, E I E I O. And on that farm he had {a} {animal}, E I E I O. With {s_a} "
            f"{two} here, and {s_a} {two} there, here {s_a} {one}, there {s_a} {one}, everywhere {s_a} {two}. "
            "Old MacDonald had a farm, E I E I O.")
    c.session.last_topic, c.session.last_song = "song", FARM
    c.session.take("song", FARM)
    return Reply(f"{text} Which animal next?", "song", expects_answer=True)


HANDLERS = {"poem": poem, "tongue_twister": tongue_twister}
EXPECTATIONS = {"bear_knock": expect_bear_knock}


# "do you know baa baa black sheep?": a song of the bear's named by (most of) its title is sung
DO_YOU_KNOW = re.compile(r"^(?:do you know|you know|have you heard|do you remember|can you remember|do you like) "
                         r"(?:the |a )?(?:song |nursery rhyme |rhyme )?(.+?)(?: song| rhyme)?(?: teddy| bear)?$")


def song_known(b, c: Ctx) -> Reply | None:
    """"do you know twinkle twinkle?": the bear sings its song of that title; None when the line names none."""
    from bear.talk.activities import _title_words, sing

    m = DO_YOU_KNOW.match(c.canon)
    asked_which = c.session.last_topic == "song" or re.search(r"\b(?:songs?\b.*|sing another)\?", c.session.last_reply,
                                                              re.I) is not None
    if m is None and not asked_which:  # "do you know any songs?" ... "the wheels on the bus": a title alone
        return None
    said = _title_words(m.group(1) if m is not None else c.canon)
    begun = re.findall(r"[a-z]+", (m.group(1) if m is not None else c.canon).replace("'", ""))
    for s in b.content.songs:
        title = _title_words(s.title)
        if len(title & said) >= 2 and 3 * len(title & said) >= 2 * len(title) and len(said - title) <= 1:
            return sing(b, c, s)
        # "row row" for Row, Row, Row Your Boat: the title's first words, at least two of them
        if len(begun) >= 2 and re.findall(r"[a-z]+", s.title.lower().replace("'", ""))[:len(begun)] == begun:
            return sing(b, c, s)
    return None
