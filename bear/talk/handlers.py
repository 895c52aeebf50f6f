"""What the bear answers to each intent (`HANDLERS`) and to the answers its own questions expect
(`EXPECTATIONS`); activities (jokes, riddles, stories, songs, games) are in `bear.talk.activities`.

A handler takes the engine (`bear.talk.brain.Brain`) and the line (`Ctx`) and returns a `Reply`,
or None to let the engine fall back. Every intent the understanding classifier knows has one
(`check`, run when the engine is built).
"""

from __future__ import annotations

import re

from bear.talk import activities, asked_for, child_riddles, choice_games, companion, memory_game, news_tone, \
    play_along, play_more, pretend, recall, word_games
from bear.talk.asking import knowledge_answer, question_reply
from bear.talk.favourites import said_thing, set_favourite
from bear.talk.names_said import TEASED, name_in
from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply
from bear.talk.vetting import PET_KINDS, vet_name, vet_pet_name, vet_thing

# every intent of the understanding classifier (scripts/corpus/README.md) and of dialogue.toml
INTENTS = ("greeting", "goodbye", "thanks", "set_name", "ask_my_name", "set_favourite", "ask_my_favourite",
           "about_bear", "how_are_you", "feelings", "scared", "sleep", "bored", "joke", "riddle", "story", "song",
           "animal_fact", "question", "counting_game", "spelling_game", "hide_and_seek", "play", "help", "hug",
           "love_you", "best_friend", "compliment", "lost_tooth", "birthday", "pet", "grief", "another", "yes", "no",
           "dont_know", "stop", "repeat", "chitchat")
FEELING_WORDS = {
    "joy": ("happy", "glad", "excited", "great", "good"),
    "neutral": ("fine", "ok", "okay"),
    "sadness": ("sad", "unhappy", "upset", "lonely", "miss", "missed", "bad", "horrible", "rotten", "nobody"),
    "anger": ("grumpy", "cross", "angry", "mad", "cranky", "annoyed"),
    "fear": ("scared", "afraid", "frightened", "worried", "nervous"),
    "surprise": ("surprised",),
    "tired": ("tired", "sleepy", "poorly", "sick"),
    "bored": ("bored",),
    "proud": ("proud",),
    "frustrated": ("frustrated", "frustrating"),
    "jealous": ("jealous",),
    "embarrassed": ("embarrassed", "embarrassing"),
}
TITLED = r"(?:(?:mr|mrs|miss|sir|captain|princess|prince|lady|lord|king|queen|doctor|professor) )?"  # "mr nibbles"
PET = re.compile(r"\b(?:my|our|i have a|i ve got a|i got a|we have a|we ve got a|we got a|i have got a|we have got a|"
                 r"i just got a|we just got a) (?:new |little |baby |pet |tiny |big |fluffy )*(?P<kind>"
                 + "|".join(PET_KINDS)
                 + r")s?\b(?:[a-z ]{0,24}?\b(?:is called|is named|called|named|s name is|name is|name s|is) "
                 r"(?P<name>" + TITLED + r"[a-z]+))?")
PET_NAME = re.compile(r"\b(?:(?:called|named|call|name) (?:him|her|it)|called|named|name is|name s|names|s called|"
                      r"it s|its|he s|she s|he is|she is) (?P<name>" + TITLED + r"[a-z]+)\s*$")
OTHER_PERSON = re.compile(r"\b(brother|sister|mum|mom|mummy|mommy|dad|daddy|friend|cousin|grandma|grandpa|nana|"
                          r"granny|grandad|auntie|aunt|uncle|teacher|baby)\b")
PET_WORDS = re.compile(r"\b(" + "|".join(PET_KINDS) + r"|pet)s?\b")


def check(brain) -> list[str]:
    """Intents (of the classifier and of dialogue.toml) that have no handler."""
    names = set(INTENTS) | {i.name for i in brain.content.intents}
    return sorted(n for n in names if n not in HANDLERS)


def _simple(intent: str, *, expects: bool = False, bedtime: bool = True):
    def handler(b, c: Ctx) -> Reply:
        key = "bedtime_replies" if bedtime and c.bedtime and "bedtime_replies" in b.content.intent(intent).data \
            else "replies"
        return Reply(b.say(c, intent, key), intent, expects_answer=expects)
    return handler


def _moment(key: str, intent: str | None = None):
    return lambda b, c: b.moment(c, key, intent or key)


# --- who is who ---------------------------------------------------------------------------------
def greeting(b, c: Ctx) -> Reply:
    """Say hello (and ask the child's name when it is not known)."""
    if not c.profile.name and not c.bedtime:
        c.session.pending = {"kind": "ask_name"}
        return Reply(b.say(c, "greeting", "unknown_name"), "greeting", expects_answer=True)
    return _simple("greeting", expects=True)(b, c)


def goodbye(b, c: Ctx) -> Reply:
    """Say goodbye (goodnight at bedtime) and end the session."""
    c.session.pending = None
    night = c.bedtime or re.search(r"\b(goodnight|night|sleep tight|bedtime|bed)\b", c.canon)
    return Reply(b.say(c, "goodbye", "bedtime_replies" if night else "replies"), "goodbye", end_session=True)


def remember_name(b, c: Ctx, raw: str | None) -> Reply:
    """Remember the child's name when it is one to keep, else ask again."""
    name = vet_name(raw) if raw else None
    if name is None:  # not a name, or not one to repeat: nothing is stored
        c.session.pending = {"kind": "ask_name", "declined": True}
        return Reply(b.say(c, "set_name", "declined"), "set_name", expects_answer=True)
    c.profile.name = name
    return Reply(b.say(c, "set_name"), "set_name", remember={"name": name}, expects_answer=True)


def set_name(b, c: Ctx) -> Reply:
    """"My name is ..."."""
    if TEASED.search(c.norm):  # being called names is no name to keep: how the child feels about it
        return feelings_reply(b, c)
    return remember_name(b, c, name_in(c.norm) or (c.norm if len(c.words) <= 2 else None))


def ask_my_name(b, c: Ctx) -> Reply:
    """"What's my name?"."""
    if c.profile.name:
        text = b.say(c, "ask_my_name")
        if c.session.age is not None and re.search(r"\bhow old am i\b", c.canon):  # "my name and how old am i"
            from bear.talk.number_words import number_words

            text = f"{text} And you're {number_words(c.session.age)}!"
        return Reply(text, "ask_my_name")
    c.session.pending = {"kind": "ask_name"}
    return Reply(b.say(c, "ask_my_name", "unknown"), "ask_my_name", expects_answer=True)


ABOUT = (("name", r"\b(name|called|who are you)\b"), ("about_bear_age", r"\b(old|age|birthday|born)\b"),
         ("about_bear_home", r"\b(live|home|from|house)\b"), ("about_bear_food", r"\b(eat|food|hungry|drink|honey)\b"),
         ("about_bear_sleep", r"\b(sleep|asleep|sleeping|bed|bedtime|tired|dream|night)\b"),
         ("about_bear_real", r"\b(real|alive|robot|toy|computer|battery|machine|magic|batteries)\b"),
         ("about_bear_feelings", r"\b(feel|happy|sad|love|cry|scared|angry)\b"))


def about_bear(b, c: Ctx) -> Reply:
    """Questions about the bear itself."""
    for key, pattern in ABOUT:
        if re.search(pattern, c.canon):
            if key == "name":
                return Reply(b.say(c, "about_bear", "name"), "about_bear")
            return b.moment(c, key, "about_bear")
    return Reply(b.say(c, "about_bear"), "about_bear")


# --- feelings and everyday moments ----------------------------------------------------------------
def how_are_you(b, c: Ctx) -> Reply:
    """"How are you?" (the child's feelings are expected next)."""
    c.session.pending = {"kind": "how_are_you"}
    return _simple("how_are_you", expects=True)(b, c)


def feelings_reply(b, c: Ctx) -> Reply:
    """Answer the feelings the child describes."""
    if AGE_TODAY.search(c.canon) and not OTHER_PERSON.search(c.canon):  # "i'm eight today" is news, not a feeling
        return birthday(b, c)
    words = set(c.canon.split())
    label = next((k for k, ws in FEELING_WORDS.items() if words & set(ws)), None)
    if label in ("joy", "neutral", "proud") and "not" in words:
        label = "sadness"
    if label == "fear":
        return b.moment(c, "scared", "feelings")
    if label is None or (label == "neutral" and c.emotion):
        label = c.emotion or "neutral"
    options = b.content.intent("feelings").data["by_emotion"]
    text = b.pick(c.session, f"feel.{label}", options.get(label) or options["neutral"])
    reply = Reply(text.format(name=c.profile.name or "friend"), "feelings", expects_answer=True)
    if label == "sadness" and "hug" in text:
        c.session.pending = {"kind": "offer", "yes": "hug", "no": "Okay. I'm here if you want to talk."}
    elif label == "joy":
        c.session.pending = {"kind": "happy_because"}  # "because it's the weekend"
    return reply


def sleep(b, c: Ctx) -> Reply:
    """Bedtime and sleep (a child who cannot sleep gets comfort)."""
    if re.search(r"\b(can not|cannot|not) (get to )?sleep\b|\b(not sleepy|wide awake|woke up|wake up)\b", c.canon):
        return b.moment(c, "cant_sleep", "sleep")
    if c.session.last_topic in ("story", "song") and SLEEP_NOW.search(c.canon):
        # "i want to go to sleep now" after a bedtime story or a lullaby: good night, no more offers
        options = b.content.intent("goodbye").data["bedtime_replies"]
        text = b.pick(c.session, "sleep.goodnight", options).format(name=c.profile.name or "friend")
        return Reply(text, "sleep")
    return _simple("sleep", expects=True)(b, c)


SLEEP_NOW = re.compile(r"\b(?:(?:want to|going to|gonna|will|ready to|need to) (?:go to )?sleep|going to bed|"
                       r"go to bed now|sleepy now|tired now|night night|nighty night)\b")


AGE_TODAY = re.compile(r"\bi (?:am|turned|turn|m|is) (\d{1,2})(?: years? old)? (?:today|now)\b"
                       r"|\btoday i am (\d{1,2})\b")
FOOD = re.compile(r"\b(?:i|we) (?:had|ate|have had|are having|am having|have got|got) (?:some |a |an |the |yummy |my )?"
                  r"(?P<food>[a-z ]{3,30}?) (?:for|at) (?:my |our )?"
                  r"(?:dinner|tea|lunch|breakfast|supper|pudding|dessert|snack)\b")


def birthday(b, c: Ctx) -> Reply:
    """Birthdays (the child's own or someone else's)."""
    age = AGE_TODAY.search(c.canon)
    if age and not OTHER_PERSON.search(c.canon):
        n = int(age.group(1) or age.group(2))
        if 1 <= n <= 14:
            c.session.age = n
            reply = b.moment(c, "birthday")
            reply.text = f"{n} years old today, wow! {reply.text}"
            return reply
    if re.search(r"\b(my|our) \w+ s birthday\b|\bit is (his|her|their) birthday\b|\b(brother|sister|mum|mom|mummy|"
                 r"mommy|dad|daddy|friend|cousin|grandma|grandpa|nana|granny|grandad|auntie|uncle|baby) s? ?birthday\b",
                 c.norm):
        return b.moment(c, "birthday_other", "birthday")
    if OTHER_PERSON.search(c.canon) and not re.search(r"\bmy birthday\b|\bi (?:am|turned|m) \d", c.canon):
        return b.moment(c, "birthday_other", "birthday")
    return b.moment(c, "birthday")


def pet(b, c: Ctx) -> Reply:
    """The child's pet (its name is asked and remembered)."""
    m = PET.search(c.norm)
    if m is None:
        return b.moment(c, "chitchat", "pet")
    kind = m.group("kind")
    known = c.profile.likes.get("pet_name")
    if known and re.match(r"^(what|who|do you remember|remember)\b", c.canon):  # "what's my dog called?"
        return Reply(f"Your {c.profile.likes.get('pet_kind', kind)} is called {known}!", "pet")
    if activities.QUESTION.match(c.canon) and not m.group("name") and (  # "why does my dog wag his tail?"
            answer := knowledge_answer(b, c, min_score=0.6)) is not None:  # when the knowledge base is this sure
        return answer
    name = vet_pet_name(m.group("name")) if m.group("name") else None
    likes = {"pet_kind": kind}
    if name is None:
        c.profile.likes["pet_kind"] = kind
        c.session.pending = {"kind": "pet_name"}
        return Reply(b.moment(c, "pet_ask_name", "pet").text, "pet", expects_answer=True,
                     remember={"likes": likes})
    likes["pet_name"] = name
    c.profile.likes.update(likes)
    return Reply(b.moment(c, "pet").text, "pet", expects_answer=True, remember={"likes": likes})


def chitchat(b, c: Ctx) -> Reply:
    """Everyday news; what the child ate gets a reply about the food ("i had spaghetti for dinner")."""
    m = FOOD.search(c.canon)
    food = vet_thing(said_thing(m.group("food"))) if m else None
    if food:
        return b.moment(c, "food", "chitchat", food=food)
    if AGE_TODAY.search(c.canon) and not OTHER_PERSON.search(c.canon):
        return birthday(b, c)
    pet_named = PET.search(c.norm)
    if pet_named and pet_named.group("name") and not re.match(r"^(what|who|do you)\b", c.canon):
        return pet(b, c)  # "i got a new kitten and her name is pepper"
    tone = news_tone.tone_of(c.canon)
    if tone is not None:  # "my ice cream fell on the floor": "Oh no", not "What happened next?"
        line = b.pick(c.session, f"tone.{tone.name}", tone.replies)
        if line.offer is not None:
            c.session.pending = {"kind": "offer", "yes": line.offer.yes, "no": line.offer.no}
        text = line.text.format(name=c.profile.name or "friend")
        return Reply(text, "chitchat", expects_answer=line.offer is not None or text.rstrip().endswith("?"))
    return b.moment(c, "chitchat")


def grief(b, c: Ctx) -> Reply:
    """Comfort for a loss (a pet or a person)."""
    return b.moment(c, "grief_pet" if PET_WORDS.search(c.canon) and not OTHER_PERSON.search(c.canon)
                    else "grief_person", "grief")


def repeat(b, c: Ctx) -> Reply:
    """Say the last reply again."""
    last = c.session.last_answer or c.session.last_reply  # an answer, not the "I don't understand" after it
    if not last:
        return b.moment(c, "didnt_hear", "repeat")
    intro = b.pick(c.session, "moment.repeat_intro", b.moments.get("repeat_intro")).text
    c.session.said.discard(last)
    return Reply(f"{intro} {last}", "repeat", expects_answer=True)


def stop(b, c: Ctx) -> Reply:
    """Stop what the bear was doing."""
    c.session.pending = None
    c.session.last_topic = None
    return b.moment(c, "stop")


def yes(b, c: Ctx) -> Reply:
    """"Yes" with nothing pending: the first thing the bear just suggested, else offer help."""
    return companion.suggested(b, c) or _simple("help", expects=True)(b, c)


# --- knowledge -------------------------------------------------------------------------------
def question(b, c: Ctx) -> Reply:
    """Answer from the knowledge base, else say the bear does not know (`asking.question_reply`)."""
    return question_reply(b, c)


# --- what the bear's own questions expect ------------------------------------------------------------
def _moved_on(c: Ctx, allowed: tuple[str, ...]) -> bool:
    """The child clearly said something else than an answer (their intent is confident and not one of `allowed`)."""
    return c.intent is not None and c.intent not in allowed and c.confidence >= MIN_CONFIDENCE


OWN_QUESTION = re.compile(r"^(?:why|what|how|where|when|who|will|is|are|does|did|was) (?!you\b|we\b)")


# "no, i want a joke instead", "no, can we sing a song": a no to the offer that asks for something else
INSTEAD = re.compile(r"\b(?:want|like|have|hear|do|sing|play|tell me) (?:a |an |another |some )?"
                     r"(joke|jokes|song|songs|riddle|riddles|story|stories|hide and seek)\b")
INSTEAD_OF = {"joke": "joke", "jokes": "joke", "song": "song", "songs": "song", "riddle": "riddle",
              "riddles": "riddle", "story": "story", "stories": "story", "hide and seek": "hide_and_seek"}


# "you pick" to "another song?": a yes, the bear choosing which
YOU_PICK = re.compile(r"^(?:(?:um|ok|okay|yes|yeah|hmm) )*(?:you (?:pick|choose|decide)(?: one| 1)?|your choice|"
                      r"surprise me|any(?: one| 1|thing)|i do not mind|whatever you (?:want|like))(?: teddy| please)?$")


def expect_offer(b, c: Ctx, p: dict) -> Reply | None:
    """Yes or no to the bear's offer ("you start" to a game is a yes; to a song it is the song sung along); None for
    anything else (a question of the child's own, like "will she be okay?", is no "okay")."""
    you_first = (memory_game.YOUR_TURN.match(c.canon) and p.get("yes") not in ("song", "story", "joke", "poem", "")) \
        or (YOU_PICK.match(c.canon) and bool(p.get("yes")))  # "shall i pick?" "you choose": the bear's pick
    if (c.intent not in ("yes", "no") or (len(c.words) > 2 and OWN_QUESTION.match(c.canon))) and not you_first:
        return None
    c.session.pending = None
    other = INSTEAD.search(c.canon) if c.intent == "no" and not you_first else None
    if other:  # "no thank you, i want a joke instead": the other thing
        return HANDLERS[INSTEAD_OF[other.group(1)]](b, c)
    action = p["yes"] if c.intent == "yes" or you_first else p["no"]
    if action in HANDLERS:
        return HANDLERS[action](b, c)
    if action:
        return Reply(action.format(name=c.profile.name or "friend"), "offer", expects_answer=action.endswith("?"))
    return HANDLERS[c.intent](b, c)


def expect_feelings(b, c: Ctx, p: dict) -> Reply | None:
    """The child's feelings after "how are you?"; None when the child moved on."""
    if _moved_on(c, ("feelings", "chitchat", "yes", "no", "dont_know", "scared", "bored", "how_are_you")):
        return None
    c.session.pending = None
    if c.intent == "bored":
        return b.moment(c, "bored")
    return feelings_reply(b, c)


def expect_name(b, c: Ctx, p: dict) -> Reply | None:
    """The child's name after the bear asked for it; None when the child moved on."""
    raw = name_in(c.norm) or (c.norm if len(c.words) <= 2 else None)
    if raw is None or _moved_on(c, ("set_name", "chitchat", "greeting", "dont_know", "yes", "no")):
        return None
    c.session.pending = None
    if p.get("declined") and vet_name(raw) is None:
        return Reply("That's okay! I'll just call you my friend. What shall we do now?", "set_name",
                     expects_answer=True)
    return remember_name(b, c, raw)


def expect_pet_name(b, c: Ctx, p: dict) -> Reply | None:
    """The pet's name after the bear asked for it; None when the child moved on."""
    m = PET_NAME.search(c.norm)
    raw = m.group("name") if m else (c.norm if len(c.words) <= 2 else None)
    if raw is None or _moved_on(c, ("pet", "set_name", "chitchat", "dont_know")):
        return None
    c.session.pending = None
    name = vet_pet_name(raw)
    if name is None:
        return Reply("What a funny name! Tell me something your pet likes to do.", "pet", expects_answer=True)
    c.profile.likes["pet_name"] = name
    likes = {"pet_name": name, "pet_kind": c.profile.likes.get("pet_kind", "pet")}
    return Reply(b.moment(c, "pet").text, "pet", expects_answer=True, remember={"likes": likes})


HANDLERS = {
    "greeting": greeting, "goodbye": goodbye, "thanks": _simple("thanks"), "set_name": set_name,
    "ask_my_name": ask_my_name, "set_favourite": set_favourite, "ask_my_favourite": recall.ask_my_favourite,
    "about_bear": about_bear, "how_are_you": how_are_you, "feelings": feelings_reply,
    "scared": _moment("scared"), "sleep": sleep, "bored": _moment("bored"), "question": question,
    "help": _simple("help", expects=True), "hug": _moment("hug"), "love_you": _moment("love_you"),
    "best_friend": _moment("best_friend"), "compliment": _moment("compliment"), "lost_tooth": _moment("lost_tooth"),
    "birthday": birthday, "pet": pet, "grief": grief, "yes": yes, "no": _simple("no", expects=True),
    "dont_know": _moment("no_after_offer", "dont_know"), "stop": stop, "repeat": repeat,
    "chitchat": chitchat, "play": play_more.game_or_pretend,
} | activities.HANDLERS | asked_for.HANDLERS | choice_games.HANDLERS | play_along.HANDLERS
EXPECTATIONS = {"offer": expect_offer, "how_are_you": expect_feelings, "ask_name": expect_name,
                "pet_name": expect_pet_name} | activities.EXPECTATIONS | asked_for.EXPECTATIONS \
    | child_riddles.EXPECTATIONS \
    | word_games.EXPECTATIONS | choice_games.EXPECTATIONS | memory_game.EXPECTATIONS | pretend.EXPECTATIONS \
    | companion.EXPECTATIONS \
    | play_along.EXPECTATIONS


def love_you(b, c: Ctx) -> Reply:
    """"I love you"."""
    return HANDLERS["love_you"](b, c)
