"""Activities: jokes, riddles (`bear.talk.riddles`), stories (told, or interactive with the child's choices), songs,
animal facts, the counting and spelling games and hide and seek; "another one" means another of
the last kind. None is repeated within a conversation; asked for by title or topic ("sing
twinkle twinkle", "a story about a dragon"), the bear finds it.
"""

from __future__ import annotations

import dataclasses
import re

from bear.talk import asked_for, games, made_up, riddles
from bear.talk.asking import knowledge_answer
from bear.talk.knowledge import core_question
from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply
from bear.talk.vetting import vet_thing

CHOOSE = re.compile(r"\b(i|me) (choose|pick|decide)\b|\bwhere i (choose|pick|decide)\b|\bchoose (what|the)\b|"
                    r"\b(my own|an) adventure\b|\binteractive\b|\babout me\b|\bwith me in it\b|\bi am in\b")
TITLE_STOP = frozenset("the a an of and in on to little my your song story about sing tell me please you it its re s "
                       "can could we i is are do with for one what who that this".split())


QUESTION = re.compile(r"^(why|what|how|where|when|who|which|do|does|did|is|are|was|were|has|have|can|could)\b")
# a bare yes to "want another one?": another fact, never a search of the knowledge base for "yes"
JUST_YES = re.compile(r"^(?:yes|okay|sure|go on|alright|all right)(?: yes)?(?: please)?(?: teddy)?$")
CLAUSE = r"who|that|which|and|with|called|named|in|on|at|is|was|instead|please|now|again|too|this|then"
ABOUT_TOPIC = re.compile(r"\b(?:about|with) ((?:a |an |the |some )?(?!me\b|you\b|it\b|that\b|this\b)"
                         rf"[a-z]+(?: (?!(?:{CLAUSE})\b)[a-z]+)?)(?: (?:{CLAUSE})\b.*)?$")
# "no, one about a unicorn instead", "a different story": another story, not a choice in this one
OTHER_STORY = re.compile(r"\b(?:1|one|story|stories) about\b|\binstead\b|\b(?:a |another |different |new )"
                         r"(?:story|1|one)\b")
# "in the jungle", "about a dragon" and nothing else said at a fork of the story: a different story
SETTING = re.compile(r"(?:and |but |no |one |a story )*(?:about|in|on|at|under|with) (?:a|an|the|some) "
                     r"[a-z]+(?: [a-z]+)?")
# "is it a cow?", "maybe a dog": a guess at a riddle, whatever it sounded like
AGAIN = re.compile(r"\b(again|(one|1) more time|same (one|song|story) again|that one again|the same one)\b")


def _title_words(title: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", title.lower().replace("'", "")) if w not in TITLE_STOP}


def _best_titles(items, words: set[str]) -> list:
    """The items whose titles share the most words with what the child said (at least one)."""
    scored = [(len(words & _title_words(i.title)), i) for i in items]
    best = max((n for n, _ in scored), default=0)
    return [i for n, i in scored if n and n == best]


KNOCK = re.compile(r"^(?:(?:teddy|hey teddy|hey|ok|okay|um|listen) )*(?:(?:can|shall) (?:we|i) (?:do|play|tell you) "
                   r"(?:a )?)?(?:knock knock|nock nock|knock nock)\b")
CHILD_JOKE = re.compile(r"\b(i (have|ve got|got|know) (a|another|an) (funny |good )?joke|can i tell you a joke|"
                        r"(want|wanna) (to )?hear (a|my) (funny )?joke|let me tell you a joke|"
                        r"i will tell you a joke)\b")


def joke(b, c: Ctx) -> Reply:
    """Tell a joke not told yet today."""
    if KNOCK.search(c.canon):  # the child starts a knock-knock joke: the bear plays along
        c.session.pending = {"kind": "knock", "who": None}
        return Reply("Who's there?", "knock_knock", expects_answer=True)
    if CHILD_JOKE.search(c.canon):
        c.session.pending = {"kind": "child_joke"}
        return Reply("Ooh yes, I love jokes! Go on, tell me!", "joke", expects_answer=True)
    asked = None if c.bedtime else asked_for.joke_request(b, c)  # a knock-knock joke, or one about pirates
    if asked is not None:
        return asked
    c.session.last_topic = "joke"
    if c.bedtime:
        return Reply(b.say(c, "joke", "bedtime_replies"), "joke")
    fresh = [j for j in b.content.jokes if not c.session.taken("joke", j)]
    if not fresh:
        return Reply("I've told you all my jokes today! Shall I tell you a story instead?", "joke",
                     expects_answer=True)
    text = b.rng.choice(fresh)
    c.session.take("joke", text)
    c.session.pending = {"kind": "offer", "yes": "joke", "no": ""}
    return Reply(text + " Want another one?", "joke", expects_answer=True)


def expect_knock(b, c: Ctx, p: dict) -> Reply | None:
    """Knock knock. Who's there? <who>. <who> who? <punchline>: a laugh."""
    if not c.words or (c.intent == "stop"):
        return None
    if p["who"] is None:
        who = " ".join(c.text.strip(" .!?").split()[:4])
        p["who"] = who
        return Reply(f"{who[:1].upper()}{who[1:]} who?", "knock_knock", expects_answer=True)
    c.session.pending = {"kind": "offer", "yes": "joke", "no": ""}
    return Reply(b.pick(c.session, "joke.laugh", b.content.intent("joke").data["laugh"])
                 + " Shall I tell you one of mine?", "knock_knock", expects_answer=True)


def expect_child_joke(b, c: Ctx, p: dict) -> Reply | None:
    """The child tells a joke: a riddle-style set-up gets "Tell me!", anything else a laugh."""
    if c.intent in ("stop", "no") or not c.words:
        return None
    if KNOCK.search(c.canon):
        c.session.pending = {"kind": "knock", "who": None}
        return Reply("Who's there?", "knock_knock", expects_answer=True)
    if c.canon.rstrip().endswith(("?", "what", "why")) or re.match(r"^(why|what|how|where|who|when)\b", c.canon):
        c.session.pending = {"kind": "child_joke_answer"}
        return Reply("Hmm, I don't know! Tell me!", "joke", expects_answer=True)
    c.session.pending = {"kind": "offer", "yes": "joke", "no": ""}
    return Reply(b.pick(c.session, "joke.laugh", b.content.intent("joke").data["laugh"])
                 + " Shall I tell you one of mine?", "joke", expects_answer=True)


SLEEPY = re.compile(r"\b(?:(?:can not|cant|can t|could not) (?:get to )?sleep|not sleepy|wide awake|"
                    r"(?:i am|i m|im) (?:so |really |very )?(?:tired|sleepy)|bed ?time|go to sleep|want to sleep|"
                    r"going to bed)\b")


def story(b, c: Ctx) -> Reply:
    """Tell a story (the one asked for, or one not told yet today), possibly interactive."""
    from bear.talk.stories import load_stories

    c.session.last_topic = "story"
    words = set(c.words)
    # at bedtime, and just after "i can't sleep" or "i'm tired", only calm stories
    sleepy = c.bedtime or any(SLEEPY.search(h) for h in c.session.heard[-2:] + [c.canon])
    # "a bedtime story": one told all the way to the end, nothing to choose
    interactive = [s for s in load_stories() if not c.session.taken("story", s.id) and (s.calm or not sleepy)
                   and not SLEEPY.search(c.canon)]
    told = [s for s in b.content.stories if not c.session.taken("story", s.id) and (s.calm or not sleepy)]
    topic = ABOUT_TOPIC.search(c.canon)
    own = made_up.hero(c.canon)
    if own is not None and (own.name[:4] != "the " or own.thing is not None
                            or own.hero.split(" ", 1)[1] != own.name[4:]):
        # "a story about my dog biscuit", "... about a space cat": the child's own character
        return made_up.tell(c, own, b.rng)
    if own is not None:  # "a story about a penguin": stories with the character in, not any word of the line
        kind = own.name.removeprefix("the ")
        words = {kind, kind + "s"}
    elif topic:  # "a story about the sea": the topic's words decide
        words = set(topic.group(1).split())
    titled = _best_titles(interactive + told, words)
    wanted_i = [s for s in interactive if s in titled] if titled else [s for s in interactive if words & set(s.topics)]
    wanted_t = [s for s in told if s in titled] if titled else [s for s in told if words & set(s.topics)]
    if not (wanted_i or wanted_t) and own is not None:
        return made_up.tell(c, own, b.rng)  # "a story about a giraffe": one made up about it
    if not (wanted_i or wanted_t) and topic and not CHOOSE.search(c.canon):
        c.session.pending = {"kind": "offer", "yes": "story", "no": ""}
        about = vet_thing(topic.group(1))  # the child's words are said back only when vetted
        return Reply(f"I don't know a story about {about or 'that'} yet! Shall I tell you a different one?", "story",
                     expects_answer=True)
    if CHOOSE.search(c.canon) and interactive:
        return _start_interactive(b, c, b.rng.choice(wanted_i or interactive))
    if wanted_i or wanted_t:
        pick = b.rng.choice(wanted_i + wanted_t)
        return _start_interactive(b, c, pick) if pick in wanted_i else _tell(b, c, pick)
    liked = {w for v in c.profile.likes.values() for w in v.split()}
    pool = [s for s in told if liked & set(s.topics)] or told
    if not pool and interactive:  # every told story is used up: one where the child chooses
        return _start_interactive(b, c, b.rng.choice(interactive))
    if not pool:
        return Reply("I've told you all my stories for today! We can have more stories next time.", "story")
    return _tell(b, c, b.rng.choice(pool))


def _tell(b, c: Ctx, s) -> Reply:
    c.session.take("story", s.id)
    c.session.last_story = (s.text, c.session.turns)  # "what did the wolf do?" is about it
    data = b.content.intent("story").data
    intro = b.pick(c.session, "story.intro", data["intro"]).format(title=s.title)
    if s.text.startswith("Once upon a time") and intro.startswith("Once upon a time"):
        intro = f"Here's a story called {s.title}. "
    from bear.talk.stories import once_upon

    text = once_upon(s.text.removesuffix(" The end!").removesuffix(" The end."))  # the outro says "the end" once
    if c.bedtime or SLEEPY.search(c.canon):  # at bedtime, or "a bedtime story": it ends sleepily
        return Reply(intro + text + data["bedtime_outro"], "story")
    c.session.pending = {"kind": "offer", "yes": "story", "no": ""}
    return Reply(intro + text + data["outro"], "story", expects_answer=True)


def _start_interactive(b, c: Ctx, s) -> Reply:
    c.session.take("story", s.id)
    who = f", {c.profile.name}," if c.profile.name else ""
    intro = f"Here's a story for you{who} where you choose what happens. It's called {s.title}. "
    return _part(b, c, s, s.start, intro)


def _part(b, c: Ctx, s, part_id: str, before: str = "") -> Reply:
    from bear.talk.stories import fill, once_upon

    part = s.parts[part_id]
    told = fill(part.text, c.profile.name, c.profile.likes)
    text = before + (once_upon(told) if part_id == s.start else told)
    so_far = c.session.last_story[0] if part_id != s.start else ""
    c.session.last_story = (f"{so_far} {fill(part.text, c.profile.name, c.profile.likes)}".strip(), c.session.turns)
    if not part.choices:  # an ending
        c.session.pending = {"kind": "offer", "yes": "story", "no": ""}
        return Reply(text + " Would you like another story?", "story", expects_answer=True)
    c.session.pending = {"kind": "story_choice", "story": s, "part": part_id, "asked": 0}
    return Reply(f"{text} {fill(part.ask, c.profile.name, c.profile.likes)}", "story", expects_answer=True)


SURE_MID_STORY = 0.75  # a question the knowledge base answers this surely is answered in the middle of a story


def expect_choice(b, c: Ctx, p: dict) -> Reply | None:
    """The child's choice in an interactive story; None when the line is about something else."""
    from bear.talk.stories import choose, fill
    from bear.talk.story_questions import from_the_story

    s, part = p["story"], p["story"].parts[p["part"]]
    if OTHER_STORY.search(c.canon):
        c.session.pending = None
        return story(b, c)
    picked = choose(part, c.words)
    told = from_the_story(c.session, c.canon) if picked is None and QUESTION.match(c.canon) else None
    if told is not None:  # "what was the dragon called?": the answer, then the choice again
        return Reply(f"{told} {fill(part.ask, c.profile.name, c.profile.likes)}", "story", expects_answer=True)
    known = b.knowledge.search(c.canon, topic=c.session.topic) if picked is None and QUESTION.match(c.canon) \
        else None
    if known is not None and known.score >= SURE_MID_STORY:  # "what do foxes eat?": the answer, then the choice
        return Reply(f"{known.entry.answer} Now, back to our story! {fill(part.ask, c.profile.name, c.profile.likes)}",
                     "story", expects_answer=True)
    if picked is None and SETTING.fullmatch(c.canon):  # "in the jungle": another story, set there
        c.session.pending = None
        return story(b, c)
    if picked is None:
        if c.intent == "stop" or (c.intent is not None and c.confidence >= MIN_CONFIDENCE and c.intent not in (
                "yes", "no", "dont_know", "chitchat", "story", "another", "repeat", "play", "question")):
            return None  # the child wants something else: the story stops here
        if p["asked"] == 0:
            p["asked"] = 1
            return Reply(f"You choose! {fill(part.ask, c.profile.name, c.profile.likes)}", "story",
                         expects_answer=True)
        picked = part.choices[0]  # still undecided: the bear picks, and the story goes on
    return _part(b, c, s, picked.next)


BIRTHDAY_TODAY = re.compile(r"\b(?:it is|its|it s|today is) my birthday\b|\bmy birthday (?:is )?today\b")


# a line before that asks for a calm song: a bad dream, no sleep, feeling scared or sad
UNSETTLED = re.compile(r"\b(?:nightmare|nightmares|bad dream|bad dreams|scary dream|can not sleep|cannot sleep|"
                       r"can not get to sleep|woke up|scared|frightened|sad|upset|crying|poorly|tired|sleepy)\b")


def song(b, c: Ctx) -> Reply:
    """Sing a song (the one named, or one not sung yet; calm ones at bedtime)."""
    made_up = asked_for.made_up_song(b, c)  # "make up a song about my dog rex"
    if made_up is not None:
        return made_up
    c.session.last_topic = "song"
    songs = [s for s in b.content.songs if s.calm or not c.bedtime]
    words = set(c.words)
    topic = ABOUT_TOPIC.search(c.canon)
    if topic:  # "a song about the sea": the topic's words decide
        words = set(topic.group(1).split())
        named = [s for s in songs if words & set(s.topics)] or _best_titles(songs, words)
    else:
        named = _best_titles(songs, words) or [s for s in songs if words & set(s.topics)]
    asked = re.search(r"\bsing (?:me )?(?:the |a )?(?!me\b|a song\b|something\b|another\b|one\b|to\b|us\b|it\b)(\w+)",
                      c.canon)
    if not named and ((asked and not re.search(r"\b(song|songs|lullaby|rhyme)\b", c.canon)) or topic):
        known = ", ".join(s.title for s in songs[:3])
        c.session.pending = {"kind": "offer", "yes": "song", "no": ""}
        what = f"a song about {vet_thing(topic.group(1)) or 'that'}" if topic else "that one"
        return Reply(f"I don't know {what} yet! I know songs like {known}. Shall I sing one?", "song",
                     expects_answer=True)
    unsettled = not named and any(UNSETTLED.search(h) for h in c.session.heard[-2:])  # "i had a nightmare" ...
    calm = c.bedtime or unsettled or bool(re.search(r"\b(lullaby|lullabies|sleepy|quiet|calm|bedtime|gentle|soft)\b",
                                                     c.canon))
    if not named and any(BIRTHDAY_TODAY.search(h) for h in c.session.heard[-2:]):  # "it's my birthday" ... "sing!"
        named = [s for s in songs if s.title == "Happy Birthday"]
    pool = named or [s for s in songs if not c.session.taken("song", s.title) and s.calm == calm] or [
        s for s in songs if not c.session.taken("song", s.title)]  # lullabies at bedtime, livelier songs by day
    if not pool:
        return Reply("I've sung all my songs today! Would you like a story instead?", "song", expects_answer=True)
    s = b.rng.choice(pool)
    sung = sing(b, c, s)
    if unsettled and s.calm:  # "... sing me something": a gentle one, said to be
        return dataclasses.replace(sung, text=f"A gentle song, to help you feel safe and cosy. {sung.text}")
    return sung


def sing(b, c: Ctx, s) -> Reply:
    """Sing song `s` (remembered, so that "again" sings it once more)."""
    c.session.last_topic = "song"
    c.session.last_song = s.title
    c.session.take("song", s.title)
    intro = b.pick(c.session, "song.intro", b.content.intent("song").data["intro"]).format(title=s.title)
    text = s.text.replace("{name}", c.profile.name or "friend")
    if c.bedtime:
        return Reply(intro + text, "song")
    c.session.pending = {"kind": "offer", "yes": "song", "no": ""}
    return Reply(intro + text + " Shall I sing another?", "song", expects_answer=True)


# "tell me about cheetahs", "i want to know about volcanoes", "tell me a fun fact about the sea"
ABOUT = re.compile(r"^(?:can you |could you |please )?(?:tell me|i want to (?:know|hear|learn)"
                   r"|i would like to (?:know|hear)|teach me|what do you know) "
                   r"(?:something |some |a |an |one )?(?:(?:fun |cool |interesting )?(?:facts?|things?) |more )?"
                   r"about (?:the |a |an |some )?([a-z]+(?: [a-z]+)?)(?: please)?$")
# "more", "tell me more", "another one", "another fact": no question of its own
TELL_ANOTHER = re.compile(r"^(?:tell|give) me (?=(?:an)?other 1$)")  # "tell me another one": "another one"
MORE = re.compile(r"^(?:(?:please|ok|okay|yes|and|oh) )*(?:tell me (?:some )?more|more|(?:an)?other (?:1|fact|thing)|"
                  r"(?:tell me |say |give me )?(?:1|one) more(?: 1| fact| thing)?|"
                  r"(?:i want|can i have|can you tell me) (?:some )?more|what else)(?: please| facts?| things?)?$")
NOT_A_SUBJECT = frozenset("animals animal it them that this me you yourself myself us your my our his her their"
                          .split())


def animal_fact(b, c: Ctx) -> Reply:
    """An animal fact (about the animal named when there is one)."""
    c.session.last_topic = "animal_fact"
    aliases = b.content.animal_aliases
    named = [aliases[w] for w in c.words if w in aliases] or [aliases[w.rstrip("s")] for w in c.words
                                                                if w.rstrip("s") in aliases]
    about = ABOUT.match(c.canon)
    if about and not named and about.group(1).split()[0] not in NOT_A_SUBJECT:
        return _about(b, c, about.group(1))
    if not named and c.session.topic in aliases:
        named = [aliases[c.session.topic]]
    asked_for_facts = re.search(r"\b(facts?|another|more)\b|\babout (an |some )?animals?\b|\ban animal\b", c.canon) \
        or re.match(r"^tell me about\b", c.canon) or JUST_YES.match(c.canon)  # "yes" to "want another one?"
    if not asked_for_facts:
        answer = knowledge_answer(b, c)  # "where do polar bears live": a question about an animal
        if answer is not None:
            return answer
        if QUESTION.match(core_question(c.canon)):  # a question the bear cannot answer gets no fact about bears
            return b.moment(c, "dont_know", "question_unknown")
        subject = next((w for w in c.words if w not in aliases and b.knowledge.is_subject(w)), None)
        if subject and not named:  # "koalas are furry": what the bear knows about koalas, not a fact about cats
            return _about(b, c, subject)
    if not named and "animal" in c.profile.likes and c.profile.likes["animal"] in aliases:
        named = [aliases[c.profile.likes["animal"]]]
    facts = [(a, f) for a in (named or list(b.content.facts)) for f in b.content.facts[a]
             if not c.session.taken("fact", f)]
    if not facts:
        answer = knowledge_answer(b, c)
        return answer or Reply("I've shared all my facts about that today! Want to hear about a different animal?",
                               "animal_fact", expects_answer=True)
    animal, fact = b.rng.choice(facts)
    c.session.take("fact", fact)
    c.session.topic, c.session.topic_turns = animal, 3
    c.session.pending = {"kind": "offer", "yes": "animal_fact", "no": ""}
    return Reply(f"Here's an animal fact! {fact} Want another one?", "animal_fact", expects_answer=True)


def _about(b, c: Ctx, subject: str) -> Reply:
    """"tell me about cheetahs" when the bear has no fun facts about them: what the knowledge base
    knows about them, or honestly that it knows nothing yet; either way they are the topic of the
    next questions ("how fast are they")."""
    from bear.talk.knowledge import singular

    c.session.topic, c.session.topic_turns = singular(subject), 3
    c.session.last_topic = "question"
    entries = b.knowledge.about(subject, exclude=c.session.used.get("kb", set()))
    if entries:
        entry = entries[0]
        c.session.take("kb", entry.id)
        return Reply(entry.answer + " What else would you like to know?", "animal_fact", expects_answer=True)
    return Reply(f"I don't know much about {subject} yet! A grown-up could help you find out in a book. "
                 "Shall I tell you a fact about a different animal?", "animal_fact", expects_answer=True)


def another(b, c: Ctx) -> Reply | None:
    """"Another one": more of the last topic; None when there was none."""
    topic = c.session.last_topic
    if topic == "song" and AGAIN.search(c.canon) and c.session.last_song:
        same = [s for s in b.content.songs if s.title == c.session.last_song]
        if same:
            return sing(b, c, same[0])
    if topic == "question":
        # "tell me more" after space: more about space (and "tell me another one" after an answer)
        if c.session.topic and MORE.match(TELL_ANOTHER.sub("", c.canon)):
            return _about(b, c, c.session.topic)
        return knowledge_answer(b, c) or b.moment(c, "dont_know", "question_unknown")
    if topic in b.handlers and topic != "another":
        return b.handlers[topic](b, c)
    return None


HANDLERS = {"joke": joke, "riddle": riddles.riddle, "story": story, "song": song, "animal_fact": animal_fact,
            "counting_game": games.counting_game, "spelling_game": games.spelling_game,
            "hide_and_seek": games.hide_and_seek, "another": another}
EXPECTATIONS = {"knock": expect_knock, "child_joke": expect_child_joke, "child_joke_answer": expect_child_joke,
                "riddle": riddles.expect_riddle, "counting": games.expect_game, "spelling": games.expect_game,
                "story_choice": expect_choice, "hide_seek": games.expect_hide}
