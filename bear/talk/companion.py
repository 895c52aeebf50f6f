"""A companion's small exchanges: the child's answer to the bear's own question (their favourite
after "What's yours?", their age after the bear's guess), names to choose from for a new pet, a joke
the bear told explained, and hello, goodbye, thank you, please, good night and good morning in another
language (with "and goodbye?" and "what about in spanish?" after it).

Content: `content/companion.toml` and the phrases of `content/word_games.toml`. A child's word is
said back or remembered only when it is vetted (`bear.talk.vetting.vet_thing`) or on a list.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply
from bear.talk.vetting import PET_KINDS, vet_thing


@lru_cache(maxsize=1)
def data() -> dict:
    """content/companion.toml."""
    return tomllib.loads(resources.files("bear.talk").joinpath("content/companion.toml").read_text(encoding="utf-8"))


def _pick(b, c: Ctx, table: str, key: str, **kw) -> str:
    text = b.pick(c.session, f"companion.{table}.{key}", data()[table][key]).format(**kw)
    return text[:1].upper() + text[1:]


# --- the child's favourite, after the bear said its own and asked "What's yours?" ---------------------------
LEAD = re.compile(r"^(?:(?:and|well|um+|er+|erm|oh|hmm+|ok|okay|teddy|yes|no) )*(?:(?:mine (?:is|s|are|would be)|"
                  r"my favourite (?:\w+ )?(?:is|s|are)|my favorite (?:\w+ )?(?:is|s|are)|i (?:really |really really )?"
                  r"(?:like|love|adore)|i think|it is|its|it s|probably|definitely) )?")
SAME = re.compile(r"^(?:(?:me|mine) too|same(?: as you)?|the same(?: as you)?|mine is the same|me as well|snap)\b")
TRAIL = re.compile(r" (?:too|as well|best|the most|is my favourite|is my favorite|is mine|of course|teddy)$")
# intents that say the child moved on rather than answered
MOVED_ON = frozenset({"goodbye", "stop", "story", "song", "joke", "riddle", "hide_and_seek", "counting_game",
                      "spelling_game", "help", "scared", "grief", "sleep", "question", "animal_fact", "how_are_you",
                      "hug", "repeat", "another"})
QUESTION = re.compile(r"^(?:why|what|how|where|when|who|which|can|could|do|does|did|is|are|will|would)\b")
WHY = re.compile(r"^(?:(?:and|but|so|oh|um|ok) )*(?:why|how come|why is that|why do you like (?:it|them|that|those)|"
                 r"why is it your favourite|what do you like about (?:it|them))(?: teddy)?$")


def expect_favourite(b, c: Ctx, p: dict) -> Reply | None:
    """The child's favourite after "What's yours?" ("mine is pizza", "purple", "i like dinosaurs"),
    remembered when vetted; None when the line is no answer."""
    if WHY.match(c.canon):  # "why?": the bear's reason, and the child's favourite is still expected
        c.session.pending = dict(p)
        what = str(p.get("what")) if p.get("what") in data()["favourite_why"] else "thing"
        return Reply(_pick(b, c, "favourite_why", what), "about_bear", expects_answer=True)
    from bear.talk.choosing import GUESS_MINE, guess_favourite

    if GUESS_MINE.match(c.canon):  # "guess mine!": the bear's guess, and the child's favourite still expected
        return guess_favourite(b, c, str(p.get("what") or "thing"))
    if p.get("tried") and re.match(r"^(?:(?:no|nope|nah|wrong|not quite|guess again|try again)\b ?)+(?:(?:it is |its )?"
                                   r"not (?:\w+ ?){1,2})?$", c.canon):  # "no, not blue": another guess
        return guess_favourite(b, c, str(p.get("what") or "thing"))
    if QUESTION.match(c.canon) or (c.intent in MOVED_ON and c.confidence >= MIN_CONFIDENCE and len(c.words) > 2):
        return None
    c.session.pending = None
    if SAME.match(c.canon):
        return Reply(_pick(b, c, "favourite", "same"), "set_favourite")
    raw = TRAIL.sub("", LEAD.sub("", c.canon, count=1)).strip()
    raw = re.sub(r"^(?:the|a|an|some|my) ", "", raw)
    if not raw or raw in ("you", "it", "that", "this", "nothing", "i do not know", "dunno", "not sure"):
        return None
    if len(raw.split()) > 4:
        return None
    # a favourite number said as digits ("mine is eight" reads "mine is 8"): a short one is fine to say back
    thing = raw if re.fullmatch(r"\d{1,3}", raw) else vet_thing(raw)
    if thing is None:
        c.session.pending = dict(p)
        return Reply(_pick(b, c, "favourite", "declined"), "set_favourite", expects_answer=True)
    kind = p.get("what") or "thing"
    c.profile.likes[kind] = thing
    said = "said_colour" if kind == "colour" else "said"
    text = _pick(b, c, "favourite", said, thing=thing)
    return Reply(text[:1].upper() + text[1:], "set_favourite", remember={"like": (kind, thing)})


# --- the child's age, after the bear's guess ("Are you five? Or six?") -------------------------------------------
AGE = re.compile(r"\b(?:i am|i m|im|i will be|i turned|i turn|it is|its|no|nope|yes)? ?(\d{1,2})"
                 r"(?: and (?:a )?half| years? old| now| today)*$")
RIGHT = re.compile(r"^(?:yes|yeah|yep|yay|you are right|you got it|right|correct|that is right)\b")


def expect_age(b, c: Ctx, p: dict) -> Reply | None:
    """The child's age after the bear guessed ("no i'm six", "six", "yes!"); None for anything else."""
    from bear.talk.number_words import number_words

    m = AGE.search(c.canon)
    if m and len(c.words) <= 8 and 1 <= int(m.group(1)) <= 12:
        c.session.pending = None
        c.session.age = int(m.group(1))
        return Reply(_pick(b, c, "age_guess", "told", age=number_words(int(m.group(1)))), "chitchat")
    if RIGHT.match(c.canon) and len(c.words) <= 4:
        c.session.pending = None
        return Reply(_pick(b, c, "age_guess", "right"), "chitchat")
    if (c.intent == "no" or re.match(r"^(?:no|nope|wrong|not even close)\b", c.canon)) and not p.get("asked"):
        c.session.pending = {"kind": "age_guess", "asked": True}
        return Reply(_pick(b, c, "age_guess", "ask"), "chitchat", expects_answer=True)
    return None


# --- names for a new pet ------------------------------------------------------------------------------------------
NAME_IDEAS = re.compile(r"\bwhat (?:should|shall|could|can|do you think) (?:i|we|me and \w+) (?:should )?"
                        r"(?:call|name)\b|"
                        r"\bwhat (?:name|names) (?:should|shall|could|can) (?:i|we) (?:give|call|pick|choose|have)\b|"
                        r"\bhelp (?:me|us) (?:to )?(?:name|think of a name|pick a name|choose a name|find a name)\b|"
                        r"\b(?:think of|give me|pick|choose|suggest|any|got any) (?:a |some )?(?:good |nice |cool )?"
                        r"names? for\b|\b(?:what is|what would be|what s) a (?:good|nice|cool) name for\b|"
                        r"\bideas? (?:for|of) (?:a |some )?(?:good |nice )?names?\b|\bname ideas\b")


def name_ideas(b, c: Ctx) -> Reply | None:
    """Names to choose from for a pet ("what should we call him?" after "we got a puppy!"); the one the
    child picks is remembered as the pet's name."""
    if NAME_IDEAS.search(c.canon) is None:
        return None
    kinds = data()["pet_kinds"]
    said = re.search(r"\b(" + "|".join(PET_KINDS) + r")s?\b", c.canon)
    kind = said.group(1) if said else c.profile.likes.get("pet_kind")
    if said is None and kind is None and not re.search(r"\b(?:him|her|it|them|pet|new)\b", c.canon):
        return None  # "what should i call my teddy" is no pet
    names = list(data()["pet_names"][kinds.get(kind or "", "pet")])
    b.rng.shuffle(names)
    if kind:
        c.profile.likes["pet_kind"] = kind
    c.session.pending = {"kind": "pet_name"}
    a_pet = f"your {kind}" if kind else "your new pet"
    return Reply(f"Ooh, a name for {a_pet}! How about {names[0]}, {names[1]} or {names[2]}? Or maybe you have a "
                 "better idea. Which one do you like?", "pet", expects_answer=True)


# --- a joke explained ---------------------------------------------------------------------------------------------
DONT_GET = re.compile(r"^(?:(?:but|um+|er+|huh|what|teddy) )*(?:i (?:do not|don t|dont|did not|didn t) "
                      r"(?:get|understand) (?:it|that|that one|the joke|this one)|(?:i )?(?:do not|don t) get it|"
                      r"what does (?:that|it|that joke) mean|why is (?:that|it|that joke) funny|what is funny about "
                      r"(?:that|it)|(?:can you |please )?explain (?:it|that|the joke|that joke)(?: to me)?|"
                      r"what do you mean|i do not understand)(?: teddy| please)?$")


def explain_joke(b, c: Ctx) -> Reply | None:
    """Why the joke just told is funny ("i don't get it" after a joke), in the joke's own words."""
    if c.session.last_topic != "joke" or not DONT_GET.match(c.canon):
        return None
    told = re.sub(r"\s*(?:Want another one\?|Shall I tell you another\?)\s*$", "", c.session.last_reply).strip()
    parts = re.split(r"(?<=\?)\s+", told, maxsplit=1)
    if len(parts) < 2:
        return Reply(_pick(b, c, "joke_explained", "no_joke"), "joke", expects_answer=True)
    punchline = re.split(r"(?<=[!.])\s+", parts[1])[0].rstrip("!. ")  # "Frostbite! Just kidding...": its first
    text = _pick(b, c, "joke_explained", "generic", punchline=punchline)
    c.session.pending = {"kind": "offer", "yes": "joke", "no": ""}
    return Reply(f"{text} Shall I tell you another one?", "joke", expects_answer=True)


# --- hello, goodbye, thank you ... in another language --------------------------------------------------------
WORDS = {"hello": "hello", "hi": "hello", "hiya": "hello", "goodbye": "goodbye", "bye": "goodbye", "bye bye": "goodbye",
         "thank you": "thank you", "thanks": "thank you", "please": "please", "good night": "good night",
         "goodnight": "good night", "night night": "good night", "good morning": "good morning"}
WORD = "(" + "|".join(sorted(WORDS, key=len, reverse=True)) + ")"
PHRASE = re.compile(rf"\bhow (?:do|would|can) (?:you|i|we) say {WORD} in ([a-z]+)\b|\bwhat is {WORD} in ([a-z]+)\b|"
                    rf"^(?:(?:can you|could you|please|teddy) )*say {WORD} in ([a-z]+)\b|^{WORD} in ([a-z]+)$")
OTHER_WORD = re.compile(rf"^(?:(?:and|now|ok|okay|so|then|but) )*(?:what about|how about|how do you say|and)? ?"
                        rf"{WORD}(?: please)?$")
OTHER_LANGUAGE = re.compile(r"^(?:(?:and|now|ok|okay|so|then|but) )*(?:what about|how about|and|now|"
                            r"what is that|what is it|what s that|whats that|how do you say (?:that|it)|"
                            r"say (?:that|it)|can you say (?:that|it)|how about saying it)? ?"
                            r"(?:say it |do it )?in ([a-z]+)(?: please| now)?$")


LANGUAGE_NAMES = {"mandarin": "chinese"}  # what a language is also called


def _say_in(b, c: Ctx, word: str, language: str) -> Reply | None:
    from bear.talk.word_games import OTHER_LANGUAGES
    from bear.talk.word_games import data as games_data

    table = games_data().get(word, {})
    said = table.get(language)
    if said is None:
        if language not in OTHER_LANGUAGES:
            return None  # "say hello in a funny voice"
        known = ", ".join(k.capitalize() for k in list(table)[:4])
        return Reply(f"I don't know how to say {word} in that language yet! I know it in {known}.", "question")
    c.session.pending = {"kind": "phrase", "word": word, "language": language}
    return Reply(f"In {language.capitalize()}, {word} is {said}! Can you say {said}?", "question",
                 expects_answer=True)


def phrase(b, c: Ctx) -> Reply | None:
    """"how do you say hello in french", "what is thank you in spanish"."""
    m = PHRASE.search(c.canon)
    if m is None:
        return None
    word, language = [g for g in m.groups() if g]
    return _say_in(b, c, WORDS[word], LANGUAGE_NAMES.get(language, language))


def expect_phrase(b, c: Ctx, p: dict) -> Reply | None:
    """After a phrase in a language: another phrase in it ("and goodbye?") or the phrase in another
    ("what about in spanish?"); None for anything else."""
    m = OTHER_WORD.match(c.canon)
    if m:
        return _say_in(b, c, WORDS[m.group(1)], p["language"])
    m = OTHER_LANGUAGE.match(c.canon)
    if m:
        return _say_in(b, c, p["word"], m.group(1))
    return phrase(b, c)


def asked(b, c: Ctx) -> Reply | None:
    """Whichever of these the line asks for, or None."""
    return name_ideas(b, c) or explain_joke(b, c) or phrase(b, c)


# --- why the child is happy, after "What made you feel that way?" -------------------------------------------------
BECAUSE = re.compile(r"^(?:(?:um+|er+|well|oh|teddy|yes|yeah) )*"
                     r"(?:because|cos|cause|coz|its|it is|it s)\b")  # a reason, not news of its own


def expect_happy_because(b, c: Ctx, p: dict) -> Reply | None:
    """The reason the child is happy ("because it's the weekend"): glad with them, by what the reason is about;
    None for a question or another request (the safety layer has already looked at the line)."""
    if QUESTION.match(c.canon) or not BECAUSE.match(c.canon) or len(c.words) > 16 \
            or (c.intent in MOVED_ON and c.confidence >= MIN_CONFIDENCE and len(c.words) > 2):
        return None
    c.session.pending = None
    for i, group in enumerate(data()["happy_because"]["by"]):
        if any(re.search(rf"\b{w}\b", c.canon) for w in group["words"]):
            return Reply(b.pick(c.session, f"companion.happy_because.{i}", group["replies"]), "feelings")
    return Reply(_pick(b, c, "happy_because", "any"), "feelings")


# "really?", "who are they?", "why?" just after the bear told something of itself (a moment with
# `expects = {kind = "bear_said", really = "...", who = "...", why = "..."}`): the moment's own answer
BEAR_SAID = {
    "really": re.compile(r"^(?:(?:but|so|and|oh|wow|what|teddy|no) )*(?:really|is that true|are you sure|honestly|"
                         r"no way|seriously|for real|is it true|are you really|you are|are you)(?: teddy| scared| "
                         r"really)?$"),
    "who": re.compile(r"^(?:(?:and|so|ok|okay|teddy|but) )*(?:who (?:are|is|r) (?:they|them|it|that|your friends?|"
                      r"your best friend)|who|like who|what are their names|what are they called|what is their name|"
                      r"who else)(?: teddy)?$"),
    "why": re.compile(r"^(?:(?:and|but|so|um|teddy) )*(?:why|why is that|how come|why not|why that|but why)"
                      r"(?: teddy)?$"),
    # "is it my fault?" after the child told of grown-ups splitting up
    "fault": re.compile(r"^(?:(?:but|so|and|teddy|um) )*(?:(?:is it|was it|is this|was this|is that|it is|it was) "
                        r"(?:all )?(?:my fault|because of me|cos of me|because i was naughty)|did i (?:do|cause|make)"
                        r"(?: it| that| this| them)?(?: happen)?|am i to blame|was it me|is it me|is it something i "
                        r"did|did i do something (?:wrong|bad))(?: teddy)?$"),
}


def expect_bear_said(b, c: Ctx, p: dict) -> Reply | None:
    """The moment's own answer to "really?" (who, why) about what the bear just told of itself; None otherwise."""
    for key, pattern in BEAR_SAID.items():
        if key in p and pattern.match(c.canon):
            c.session.pending = p
            return Reply(p[key], "feelings" if key == "fault" else "about_bear",
                         expects_answer=p[key].rstrip().endswith("?"))
    return None


EXPECTATIONS = {"favourite": expect_favourite, "age_guess": expect_age, "phrase": expect_phrase,
                "happy_because": expect_happy_because, "bear_said": expect_bear_said}


SUGGESTS = re.compile(r"\b(?:could|how about|shall|would you|would a|let s|lets|want to|we can|i can tell|maybe|"
                      r"can help)\b")


def suggested(b, c: Ctx) -> Reply | None:
    """"yes" with nothing pending, just after the bear suggested things without a yes-or-no question ("You could
    draw a picture, or we could sing a song"): the first activity it named (a hug, a story, a song, ...); else None."""
    from bear.talk.brain import OFFERS

    said = re.split(r"(?<=[.!?])\s+", c.session.last_reply.lower())
    last = " ".join(p for p in said if SUGGESTS.search(p))  # "they live in stories" suggests no story
    found = sorted((m.start(), intent) for intent, pattern in OFFERS for m in [re.search(pattern, last)] if m)
    return b.handlers[found[0][1]](b, c) if found and found[0][1] in b.handlers else None
