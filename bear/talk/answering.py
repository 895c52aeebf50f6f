"""The child's answer to what was just asked, and the next lines of a sad or worrying topic.

- A name given ("its name is mr stripes", "we called her bella", "call him sparkle", or a bare
  "sparkle" when the bear's last question asked for a name): said back when vetted
  (`vetting.vet_name` for a person, `vet_pet_name` for a pet, toy or character), gently in a sad topic.
- A pick after the bear asked for a favourite, a choice or what to eat ("What's yours?", "What
  shall I have for my dinner?", "What did you have?"), or after the child's own news about a meal
  or a cake: "chocolate", "we had spaghetti", "a chocolate one with sprinkles" -> the vetted thing,
  with a "yum" when it is food.
- What the thing the child is telling about looks like ("his legs are all stripy", "a big one").
- A mood (`Session.mood`: grief, someone poorly, cross, scared, nervous) set by the child's line or
  the bear's reply; for a few turns after it, a short statement gets a gentle line of that mood
  ("he was sixteen" -> "Sixteen years of love", "he is feeling a bit better" -> "so glad"), never
  a cheerful "What happened next?".

Content: `content/answering.toml`. Nothing unvetted is said back; nothing is stored but a vetted favourite.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply
from bear.talk.vetting import vet_name, vet_pet_name, vet_thing

MOOD_TURNS = 3  # a mood colours this many turns after the line that set it
HEARD = 4  # how many of the child's lines are kept
QUESTION = re.compile(r"^(?:why|what|how|where|when|who|which|can|could|do|does|did|is|are|was|were|will|would|"
                      r"have|has|should|shall)\b")
# intents that ask for something else: never taken for an answer
ELSEWHERE = frozenset({"goodbye", "stop", "story", "song", "joke", "riddle", "hide_and_seek", "counting_game",
                       "spelling_game", "sleep", "hug", "how_are_you", "help", "repeat", "another", "greeting",
                       "love_you", "set_name", "ask_my_name", "animal_fact", "play"})
FILLER = r"^(?:(?:and|so|um+|er+|erm|well|oh|ok|okay|yeah|yes|no|nooo*|i think|maybe) )*"

# --- names ---------------------------------------------------------------------------------------------
NAMED = re.compile(
    FILLER + r"(?:(?:(?:his|her|its|their|the) (?:\w+ )?|(?:my|our) (?!name)\w+ (?:s )?)(?:name|names) "
    r"(?:is|was|s|are|were)|"
    r"(?:he|she|it|they) (?:is|was|s|are|were) (?:called|named)|"
    r"(?:i|we|mummy|mum|mommy|mom|daddy|dad|they|my \w+) (?:have |has |just )?(?:called|named|call|name) "
    r"(?:him|her|it|them)|"
    r"(?:let s |lets |we could |we can |you can |can we )?(?:call|name) (?:him|her|it|them|the \w+)|"
    r"(?:it|he|she) s name is)"
    r" (?P<name>[a-z]+(?: [a-z]+)?)$")
PERSON = re.compile(r"\b(baby|brother|sister|friend|cousin|boy|girl|teacher|grandma|grandpa|nana|granny|auntie|"
                    r"uncle|mummy|daddy|princess|prince|king|queen)\b")
ASKS_NAME = re.compile(r"\b(what (?:s|is) (?:its|his|her|their|the \w+ s|your \w+ s) name|"
                       r"what (?:is|are) (?:its|his|her|their) names?|what (?:should|shall|could|will) we call|"
                       r"what (?:is|s) (?:it|he|she) called|"
                       r"what (?:should|shall) (?:i|we) name|what (?:is|s) (?:it|he|she|they) called)\b")

# --- picks ---------------------------------------------------------------------------------------------
ASKS_PICK = re.compile(r"\b(what (?:s|is) yours|what about you|what do you like best|what is your favou?rite|"
                       r"what (?:s|is) your favou?rite|which (?:one|\w+) do you like|which do you like|"
                       r"what \w+ do you like best|"
                       r"what shall i have|"
                       r"what are we eating|what would you like|what did you have|what flavou?r|what kind of cake|"
                       r"what are you having|what will you have|which is your favou?rite)\b")
FOOD_TALK = re.compile(r"\b(dinner|lunch|breakfast|tea|supper|eat|eating|ate|food|hungry|cake|pudding|dessert|"
                       r"snack|ice cream|flavou?r|menu|cafe|picnic|yum\w*|tasty)\b")
PICK = re.compile(FILLER + r"(?:(?:i|we) (?:had|ate|like|love|want|pick|choose|chose|picked|would like|d like)|"
                  r"i (?:think|want)|it was|it s|its|(?:i want|i d like|i would like) (?:a|an|some)|my favou?rite is|"
                  r"mine is|mine s|"
                  r"(?:the|my) favou?rite)? ?(?P<thing>[a-z0-9 ]+?)(?: please| teddy| thank you)?$")
NOT_A_THING = re.compile(r"\b(i|me|you|my|your|we|he|she|they|it|is|was|not|don t|do not|no|yes|because|why|"
                         r"what|dont|know|sure|maybe|think|did|does|do|have|has|went|go|going|got|get|said|says|"
                         r"today|yesterday|tomorrow|then|there|here)\b")

# --- descriptions --------------------------------------------------------------------------------------
DESCRIBED = re.compile(FILLER + r"(?:his|her|its|their|the) (?P<part>[a-z]+) (?:is|are|was|were) (?:all |really |so |"
                       r"very |a bit |kind of )?(?P<how>[a-z]+)$")
SIZE = re.compile(FILLER + r"(?:it was |it is |its |it s )?(?P<thing>(?:a|an) (?:really |very |super |massive )?"
                  r"(?:big|huge|giant|enormous|massive|tiny|little|small|hairy|fluffy|furry|long|fat|spotty|"
                  r"stripy|shiny|scary) (?:one|1|spider|bug|bee|dog|cat|fish|bird|worm|snail|frog))$")
HOW_WORDS = frozenset("stripy striped spotty spotted shiny fluffy furry hairy long short big huge tiny little small "
                      "yellow black red blue green orange purple pink brown white grey gold golden silver sparkly "
                      "bumpy smooth soft spiky wiggly wobbly curly round pointy".split())

# --- moods ---------------------------------------------------------------------------------------------
MOODS = (("grief", re.compile(r"\b(died|dead|passed away|not alive|in heaven|funeral)\b")),
         ("poorly", re.compile(r"\b(hospital|poorly|sick|ill|unwell|operation|doctor s)\b")),
         # a broken bone, a sprain, stitches: the child's or a friend's ("my friend broke her leg")
         ("hurt", re.compile(r"\b(?:broke|broken|breaks|fractured|sprained) (?:his|her|my|their|a|the|your|its)? ?"
                             r"(?:leg|arm|wrist|ankle|foot|finger|toe|bone|nose|collarbone)s?\b|\bstitches\b")),
         ("scared", re.compile(r"\b(bad dream|nightmare|nightmares|monster|monsters|scary|scared|frightened)\b")),
         ("nervous", re.compile(r"\b(nervous|worried|first (?:day|swimming|lesson|time))\b")),
         ("cross", re.compile(r"\b(angry|cross|mad|furious|grumpy) (?:at|with)\b|\bi am (?:so |really |very )?"
                              r"(?:angry|cross|mad|furious)\b")),
         # a toy or a thing of the child's lost ("i lost my teddy at the park"): where to look, with a grown-up
         ("lost", re.compile(r"\bi (?:have )?(?:lost|losted|can not find|cannot find) (?:my|our) (?:favourite |new |"
                             r"special |best |little |big )?(?:teddy|bear|toy|doll|dolly|bunny|blanket|blankie|"
                             r"comforter|dummy|hat|scarf|glove|gloves|coat|jumper|shoe|shoes|water bottle|lunchbox|"
                             r"book|bag|scooter|ball|car|dinosaur|unicorn|watch|necklace|bracelet|crayons)\b")),
         # sad or left out ("i am sad", "my friend did not play with me")
         ("sad", re.compile(r"\bi (?:am|feel|felt|was) (?:so |really |very |a bit |a little )?(?:sad|lonely|upset)\b|"
                            r"\b(?:did not|would not|does not|will not) (?:want to )?play with me\b|\bleft me out\b|"
                            r"\bno one to play with\b")))
# "we found him under the bench" after a lost toy
FOUND_AGAIN = re.compile(r"\b(?:found|find|finded|got (?:it|him|her|them) back|turned up|was (?:under|in|behind|on))\b")
# "what should i do?" in a sad or worrying topic: a little advice for that mood
WHAT_TO_DO = re.compile(r"^(?:(?:so|but|and|um|teddy) )*(?:what|how) (?:should|can|could|shall|do) i "
                        r"(?:do|make it better|stop (?:it|being scared|feeling sad|feeling cross)|feel better)"
                        r"(?: about it| now| then| teddy)?$")
# what a child asks after a death ("where did he go?", "will she come back?", "why did he die?"): an honest,
# gentle answer that leaves beliefs to the family, never "I don't know, ask a grown-up" as if it were a quiz
GRIEF_ASKS = re.compile(r"^(?:(?:and|so|but|um|teddy|but teddy) )*(?:"
                        r"where (?:did|does|has|is|do|have) (?:he|she|it|they|my \w+)(?: go| gone| now| went)?|"
                        r"where (?:do|does|did) (?:\w+ )?(?:\w+ )?go when (?:they|he|she|it|you) (?:die|dies|died)|"
                        r"(?:is|are) (?:he|she|it|they) (?:in heaven|coming back|ever coming back|a star|asleep|"
                        r"sleeping)|"
                        r"(?:will|can|could|would) (?:he|she|it|they) (?:ever |never )?come back|"
                        r"(?:will|can|could|would) i (?:ever |never )?see (?:him|her|it|them|my \w+) (?:ever )?again|"
                        r"why did (?:he|she|it|they) (?:have to )?die|"
                        r"(?:did|does|will) (?:it|he|she|they) (?:hurt|miss me)|"
                        r"can (?:i|we) see (?:him|her|them|it) again)\b")
HAPPIER = re.compile(r"\b(happy|happier|better|fine|okay|ok|good|great|not sad|not scared|calm|calmer)\b")
BETTER = re.compile(r"\b(better|home now|came home|coming home|come home|go home|going home|back home|"
                    r"okay now|ok now|fine now|well again|getting well|"
                    r"all better|will be (?:ok|okay|fine|alright|all right)|be (?:ok|okay|fine|alright|all right) soon|"
                    r"heal|heals|healed|healing|mended|get well)\b")
AGE = re.compile(r"\b(?:he|she|it|they) (?:was|were|is|s) (?P<n>\d{1,2}|[a-z]+)(?: years old| years)?$")
NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
           "seventeen eighteen nineteen twenty").split()
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}


@lru_cache(maxsize=1)
def data() -> dict:
    """content/answering.toml."""
    return tomllib.loads(resources.files("bear.talk").joinpath("content/answering.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _foods() -> frozenset[str]:
    return frozenset(data()["food"]["words"].split())


def _pick(b, c: Ctx, table: dict, key: str, **kw) -> str:
    return b.pick(c.session, f"answering.{key}", table[key]).format(**kw)


def remember(session, canon: str, reply: Reply) -> None:
    """After each reply: the child's line kept, and the mood it (or the bear's reply) sets."""
    session.heard = (session.heard + [canon])[-HEARD:]
    if reply.safety or QUESTION.match(canon):  # "are you scared?" is no mood of the child's
        return
    mood = next((name for name, pattern in MOODS if pattern.search(canon)), None)
    if mood is None and reply.intent == "grief":
        mood = "grief"
    if mood is not None:
        session.mood = (mood, session.turns)


def mood_at(session, turn: int) -> str | None:
    """The mood that still colours turn `turn` of the session, if any."""
    at = session.mood
    return at[0] if at is not None and turn - at[1] <= MOOD_TURNS else None


def _mood(c: Ctx) -> str | None:
    return mood_at(c.session, c.session.turns)


def _short_statement(c: Ctx, most: int = 10) -> bool:
    """A short line that is no question and no clear request for something else."""
    return 0 < len(c.words) <= most and not QUESTION.match(c.canon) \
        and not (c.intent in ELSEWHERE and c.confidence >= MIN_CONFIDENCE)


def _last_question(c: Ctx) -> str:
    """The bear's last reply's closing question, folded to the canonical form ("" when it asked none)."""
    from bear.talk.spoken import spoken_form

    last = c.session.last_reply.strip()
    if not last.endswith("?"):
        return ""
    return spoken_form(re.split(r"(?<=[.!])\s+", last)[-1])


def named(b, c: Ctx) -> Reply | None:
    """A name the child gives something ("its name is mr stripes"); a bare name when one was asked."""
    from bear.talk.handlers import PET

    pet = PET.search(c.norm)
    if pet is not None and pet.group("name"):  # "my hamster's name is biscuit": the pet, remembered (handlers.pet)
        return None
    m = NAMED.match(c.canon)
    raw = m.group("name") if m else None
    if raw is None and ASKS_NAME.search(_last_question(c)) and 1 <= len(c.words) <= 2 \
            and not (c.intent in ELSEWHERE and c.confidence >= MIN_CONFIDENCE) and not QUESTION.match(c.canon):
        raw = c.canon
    if raw is None:
        return None
    raw = re.sub(r" (?:too|please|teddy)$", "", raw)
    recent = " ".join(c.session.heard[-2:])
    person = bool(PERSON.search(recent)) and not re.search(r"\b(teddy|toy|doll|dog|cat|fish|goldfish|pet|puppy|"
                                                           r"kitten|hamster|rabbit|unicorn|dragon)\b", recent)
    name = vet_name(raw) if person else vet_pet_name(raw)
    t = data()["named"]
    if name is None:
        return Reply(_pick(b, c, t, "unsaid"), "named")
    return Reply(_pick(b, c, t, "gentle" if _mood(c) == "grief" else "replies", Name=name), "named")


def _number(word: str) -> str | None:
    if word.isdigit():
        n = int(word)
        if n <= 20:
            return NUMBERS[n]
        return None if n >= 100 else f"{next(k for k, v in TENS.items() if v == n // 10 * 10)}" + (
            f" {NUMBERS[n % 10]}" if n % 10 else "")
    return word if word in NUMBERS or word in TENS else None


def grief_question(session, text: str) -> bool:
    """True for a question after a death ("where has he gone?", "will she come back?") while the grief mood of
    the line before lasts: the chat engine lets it overrule the classifier's guess of a risk (never a rule's)."""
    from bear.talk.spoken import spoken_form

    return mood_at(session, session.turns + 1) == "grief" and GRIEF_ASKS.match(spoken_form(text)) is not None


def in_mood(b, c: Ctx) -> Reply | None:
    """A short line in a sad or worrying topic, answered gently in that mood."""
    mood = _mood(c)
    if mood is None or c.session.turns == (c.session.mood or ("", 0))[1]:
        return None
    t = data()["mood"][mood]
    if mood == "grief" and GRIEF_ASKS.match(c.canon):
        return Reply(_pick(b, c, t, "asked"), "grief")
    if not _short_statement(c, 12):
        return None
    if mood == "grief":
        m = AGE.search(c.canon)
        n = _number(m.group("n")) if m else None
        if n is not None:
            return Reply(_pick(b, c, t, "age", Number=n.capitalize()), "grief")
    if mood in ("poorly", "hurt") and BETTER.search(c.canon) and not re.search(r"\bnot\b", c.canon):
        return Reply(_pick(b, c, t, "better"), "feelings")
    if c.intent in ("yes", "no", "thanks") and len(c.words) <= 2:
        return None
    if mood == "lost" and FOUND_AGAIN.search(c.canon) and not re.search(r"\b(not|never|can not)\b", c.canon):
        c.session.mood = None  # found: the worry is over
        return Reply(_pick(b, c, t, "found"), "feelings")
    if mood in ("sad", "scared", "nervous", "cross") and HAPPIER.search(c.canon) and not re.search(r"\bnot\b", c.canon):
        return None  # "i'm happy now": the feeling has passed, and the bear is glad with the child
    return Reply(_pick(b, c, t, "replies"), "grief" if mood == "grief" else "feelings")


def picked(b, c: Ctx) -> Reply | None:
    """The child's pick after the bear asked for one, or food after news of a meal."""
    asked = _last_question(c)
    recent = " ".join(c.session.heard[-2:])
    food = bool(FOOD_TALK.search(asked) or FOOD_TALK.search(recent))
    ate = re.match(FILLER + r"(?:i|we) (?:had|ate|are having|am having|got)\b", c.canon)
    if not (ASKS_PICK.search(asked) or (food and (ate or len(c.words) <= 6))):
        return None
    if not _short_statement(c, 8) or c.intent in ("yes", "no", "dont_know", "thanks"):
        return None
    from bear.talk.pretend import role_named

    if any("pretend" in h for h in c.session.heard[-2:]) and role_named(c.canon) is not None:
        return None  # "let's pretend" ... "a tiger": the game's role (bear.talk.pretend)
    m = PICK.match(c.canon)
    if m is None:
        return None
    raw = re.sub(r"^(?:a|an|the|some|my|lots of|loads of) ", "", m.group("thing").strip())
    raw = re.sub(r"\b(?:one|ones|1)\b ?", "", raw).strip()
    if not raw or NOT_A_THING.search(raw) or len(raw.split()) > 4:
        return None
    thing = vet_thing(raw)
    t = data()["chosen"]
    if thing is None:
        return Reply(_pick(b, c, t, "unsaid"), "chosen")
    is_food = bool(set(thing.split()) & _foods())
    if food and not is_food and not ASKS_PICK.search(asked):
        return None  # "we had a race" after dinner: no pick
    text = _pick(b, c, t, "food" if is_food else "replies", thing=thing, Thing=thing.capitalize())
    reply = Reply(text, "chosen")
    kind = re.search(r"\bfavou?rite (colou?r|animal|food|toy|game|song|book|fruit|ice cream|cake|dinosaur)\b",
                     f"{asked} {recent}")
    if kind is not None and ASKS_PICK.search(asked) and not ate:  # "what's yours?" -> a favourite, remembered
        what = kind.group(1).replace("color", "colour").replace(" ", "_")
        c.profile.likes[what] = thing
        reply.remember = {"like": (what, thing)}
    return reply


def described(b, c: Ctx) -> Reply | None:
    """What the thing the child tells about looks like ("his legs are all stripy", "a big one")."""
    t = data()["described"]
    m = SIZE.match(c.canon)
    if m is not None and c.intent not in ("goodbye", "stop"):  # "a huge one" is no "another one"
        thing = vet_thing(re.sub(r"\b1$", "one", m.group("thing")))
        if thing is None:
            return None
        return Reply(_pick(b, c, t, "size", thing=thing, Thing=thing.capitalize()), "described")
    m = DESCRIBED.match(c.canon)
    if m is None or m.group("how") not in HOW_WORDS or not _short_statement(c, 8):
        return None
    thing = vet_thing(f"{m.group('how')} {m.group('part')}")
    return Reply(_pick(b, c, t, "replies", thing=thing, Thing=thing.capitalize()), "described") if thing else None


# "i think it's a bee", "no, it's a wasp", "i think it was a blackbird", "i saw a robin in the garden"
SEEN = re.compile(FILLER + r"(?:it s|its|it is|it was|that s|thats|that is|that was|there s|there is|there was|"
                  r"there are|i saw|we saw|i found|we found|i spotted|we spotted)"
                  r" (?:a|an|some|lots of|loads of|two|three|a really|really)? ?"
                  r"(?:big |little |baby |huge |tiny |giant )?"
                  r"(?P<x>[a-z]+)(?: (?:i think|maybe|teddy|in [a-z ]{1,20}|on [a-z ]{1,20}|outside|again))?$")


def seen(b, c: Ctx) -> Reply | None:
    """A creature or thing the child's news names ("no, it's a wasp"): something the bear knows about
    it (the knowledge base's, so only its own words are said), which is then the topic."""
    from bear.talk.knowledge import singular

    m = SEEN.match(c.canon)
    if m is None or not _short_statement(c, 10):
        return None
    x = singular(m.group("x"))
    if not b.knowledge.is_subject(x):
        return None
    entries = b.knowledge.about(x, exclude=c.session.used.get("kb", set()))
    if not entries:
        return None
    c.session.take("kb", entries[0].id)
    c.session.topic, c.session.topic_turns = x, 3
    a = "An" if x[0] in "aeiou" else "A"
    return Reply(f"{a} {x}! {entries[0].answer}", "seen")


def what_to_do(b, c: Ctx) -> Reply | None:
    """"what should i do?" a few turns after the child told of something sad or worrying: a little advice
    for that mood (always with a grown-up in it); else None."""
    mood = _mood(c)
    if mood is None or not WHAT_TO_DO.match(c.canon):
        return None
    return Reply(_pick(b, c, data()["mood"][mood], "advice"), "feelings")


def asked(b, c: Ctx) -> Reply | None:
    """Whichever of these the line is, or None."""
    return named(b, c) or what_to_do(b, c) or in_mood(b, c) or picked(b, c) or described(b, c) or seen(b, c)


NEWS_START = re.compile(r"^(?:(?:and|so|oh|guess what|teddy|today|yesterday) )*(?:i|we|my|our|me and)\b")


def toned_news(b, c: Ctx) -> Reply | None:
    """The child's own news no intent was found for ("i broke my favourite toy"), answered by how it
    feels (`news_tone`) when one of its tones fits; else None."""
    from bear.talk import news_tone
    from bear.talk.handlers import chitchat

    if QUESTION.match(c.canon) or not NEWS_START.match(c.canon) or news_tone.tone_of(c.canon) is None:
        return None
    return chitchat(b, c)
