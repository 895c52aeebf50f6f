"""Play talk: what to play or draw (and how to draw it), a jigsaw under way ("i found a corner
piece"), what the child wants to be (and how to become one), which animals live somewhere, a
dinosaur the child may not know, a song sung together ("you start" just after it), and "I have a
question" (the bear listens, no riddle).

Content: `content/play_more.toml`. A word of the child's is said back only when it is on its lists.
"""

from __future__ import annotations

import re

from bear.talk.play_more import LEAD, _a, _moved_on, _pick, data
from bear.talk.pretend import BECOME
from bear.talk.turn import Ctx, Reply


# --- what to play, what to draw --------------------------------------------------------------------------------------
WHAT_PLAY = re.compile(r"\bwhat (?:should|shall|can|could) (?:we|i|me and (?:my )?\w+|my \w+ and (?:i|me)|us) "
                       r"(?:play|do)\b"
                       r"(?! (?:with you|now teddy|when|if|in a|in the|during|about|after|before|because|so))|"
                       r"\bwhat (?:game|games) (?:should|shall|can|could) (?:we|i) play\b|"
                       r"\bgive (?:me|us) (?:some )?(?:game |play )?ideas\b|\bideas (?:for|of) (?:games|"
                       r"what to play)\b")
WHAT_DRAW = re.compile(r"\bwhat (?:should|shall|can|could) i (?:draw|paint|colour|color)\b|\bgive me (?:a |an |some )?"
                       r"(?:drawing|painting) ideas?\b|\bi (?:do not|don t) know what to draw\b")
HOW_DRAW = re.compile(r"\bhow (?:do|can|should|would) (?:i|you|we) (?:draw|paint) (?:a |an |the |some )?([a-z]+)\b|"
                      r"\b(?:help me|teach me to|show me how to) draw (?:a |an |the )?([a-z]+)\b")
DRAW_THING = re.compile(LEAD + r"(?:i will draw |i ll draw |i am going to draw |i want to draw |i think |maybe |"
                               r"draw )?(?:a |an |the |some |my )?([a-z]+)(?: please| then| one)?$")


# what kind of play: "something outside", "in the garden", "something quiet", "something with running about"
PLAY_KIND = {"outside": re.compile(r"\b(?:outside|outdoors|out side|in the garden|in the park|in the yard|in the snow|"
                                   r"in the sun|on the grass)\b"),
             "quiet": re.compile(r"\b(?:quiet|quietly|calm|inside|indoors|in doors|sitting down|sit down|not noisy|"
                                 r"on a rainy day|when it is raining)\b"),
             "active": re.compile(r"\b(?:active|running|running about|run about|run around|lively|noisy|loud|jumping|"
                                  r"dancing|energetic|get moving)\b")}
KIND_SAID = re.compile(LEAD + r"(?:(?:something|a game|one|1|maybe|play|we could play|let us play|something we can do|"
                              r"anything) )*(?:to do |to play |we can play |that is |you play )?(?:[a-z]+ ){0,3}[a-z]+"
                              r"(?: please| teddy| then)?$")


def _kind(canon: str) -> str | None:
    return next((k for k, p in PLAY_KIND.items() if p.search(canon)), None)


def ideas(b, c: Ctx) -> Reply | None:
    """"what should we play" (outside, or something quiet), "what should i draw", "how do i draw a house"."""
    if WHAT_PLAY.search(c.canon) and not WHAT_DRAW.search(c.canon):
        kind = _kind(c.canon)
        if kind is not None:
            return Reply(data()["play_themes"][kind], "play", expects_answer=True)
        c.session.pending = {"kind": "play_ideas"}
        return Reply(_pick(b, c, "ideas", "play"), "play", expects_answer=True)
    if WHAT_DRAW.search(c.canon):
        c.session.pending = {"kind": "drawing"}
        return Reply(_pick(b, c, "ideas", "draw"), "play", expects_answer=True)
    m = HOW_DRAW.search(c.canon)
    if m:
        how = data()["draw_how"].get(_one(m.group(1) or m.group(2)))
        return Reply(how or data()["ideas"]["draw_generic"], "play", expects_answer=False)
    return None


def _one(word: str) -> str:
    return word if word in data()["draw_how"] else word.removesuffix("s")


DREW = re.compile(r"\b(?:i|we) (?:drew|drawed|have drawn|ve drawn|did|made|painted|coloured|colored|am drawing|"
                  r"am doing|finished) (?:a |an |the |my |some )?([a-z]+)|\b(?:i have |i ve |i am )?(?:finished|done)"
                  r"(?: it| my (?:drawing|picture))?$|\blook at my (?:drawing|picture)\b")


THEME = re.compile(LEAD + r"(?:i want to draw |draw |maybe |i think )?(?:something|anything|a picture|one) "
                   r"(?:with|of|about) "
                   r"(?:a |an |the |some )?([a-z]+)(?: in it| please)?$")


def expect_drawing(b, c: Ctx, p: dict) -> Reply | None:
    """What the child will draw ("a house"): how to draw it (things of the list; anything else in general);
    then what they drew ("i drew a cat instead"): praise (its name said only when on the list)."""
    drew = DREW.search(c.canon)
    if drew and not _moved_on(c):
        c.session.pending = None
        thing = _one(drew.group(1)) if drew.group(1) else ""
        wow = f"Wow, {_a(thing)} {thing}!" if thing in data()["draw_how"] else "Wow, well done!"
        return Reply(data()["ideas"]["drew"].format(wow=wow), "play", expects_answer=True)
    if p.get("told"):
        return None
    theme = THEME.match(c.canon)
    themes = data()["draw_themes"]
    key = theme and next((k for k in (theme.group(1), theme.group(1).removesuffix("s"), f"{theme.group(1)}s")
                          if k in themes), None)
    if key:  # "something with animals": ideas on that theme
        return Reply(themes[key], "play", expects_answer=True)
    m = DRAW_THING.match(c.canon)
    if m is None or _moved_on(c, sure=_one(m.group(1)) in data()["draw_how"]) or len(c.words) > 6 \
            or c.intent in ("no", "stop"):
        return None
    how = data()["draw_how"].get(_one(m.group(1)))
    c.session.pending = {"kind": "drawing", "told": True}
    return Reply(how or data()["ideas"]["draw_generic"], "play", expects_answer=False)


# --- a jigsaw -------------------------------------------------------------------------------------------------------
PUZZLE = re.compile(r"\b(?:do|doing|play|make|making|build|start) (?:a |my |the |our |some )?(?:new )?(?:jigsaw|puzzle|"
                    r"jigsaw puzzle)s?\b")
PUZZLE_BITS = (("corner", r"\bcorners?\b"), ("edge", r"\b(?:edges?|straight (?:side|bit|edge)|side pieces?)\b"),
               ("done", r"\b(?:finished|done it|did it|all done|complete|last piece)\b"),
               ("stuck", r"\b(?:stuck|hard|tricky|can not find|cannot find|does not fit|will not fit|help)\b"))


def puzzle(b, c: Ctx) -> Reply | None:
    """"let's do a puzzle"."""
    if PUZZLE.search(c.canon) is None or re.match(r"^(?:what|why|how|where|who)\b", c.canon):
        return None
    c.session.pending = {"kind": "puzzle", "turns": 0}
    return Reply(data()["puzzle"]["start"], "play", expects_answer=True)


def expect_puzzle(b, c: Ctx, p: dict) -> Reply | None:
    """How the jigsaw is going ("i found a corner piece"); None when the child moved on."""
    if _moved_on(c) or len(c.words) > 12 or p["turns"] >= 6 or re.match(r"^(?:what|why|how|where|who)\b", c.canon):
        return None
    key = next((k for k, pattern in PUZZLE_BITS if re.search(pattern, c.canon)), None)
    if key is None and not re.search(r"\b(?:piece|pieces|bit|bits|fit|fits|found|got|picture)\b", c.canon):
        return None
    c.session.pending = None if key == "done" else {"kind": "puzzle", "turns": p["turns"] + 1}
    return Reply(_pick(b, c, "puzzle", key or "going"), "play", expects_answer=True)


# --- what the child wants to be ---------------------------------------------------------------------------------------
ASK_JOB = re.compile(r"\bwhat (?:do|would) you (?:want|like|wanna) to be when you (?:grow up|are big|are bigger)\b|"
                     r"\bwhat do you want to be\b$")
JOB = re.compile(r"\b(?:i (?:want|would like|wanna|am going|m going) to be|i will be|i ll be|i would be|i want be|"
                 r"when i grow up i (?:want to|will|ll) be|i (?:want|would like) to become) (?:a |an |the )?([a-z]+)"
                 r"(?: officer| person| lady| man)?(?: when i (?:grow up|am big|am bigger|am older))?$")

# "why that?" after the bear said what it wants to be
WHY_MINE = re.compile(r"^(?:(?:and|but|so|um|ok|okay|teddy) )*(?:why|why that|why that one|how come|why do you want "
                      r"(?:to be )?(?:that|one|to)|why would you want (?:to be )?that|why a storyteller(?: bear)?|"
                      r"why storyteller|why stories)(?: teddy)?$")


def jobs(b, c: Ctx) -> Reply | None:
    """"what do you want to be when you grow up", "i want to be a vet", "how do i become one"."""
    said = data()["jobs"]["said"]
    if ASK_JOB.search(c.canon):
        c.session.pending = {"kind": "job"}
        return Reply(data()["jobs"]["bear"], "about_bear", expects_answer=True)
    m = JOB.search(c.canon)
    if m and m.group(1) in said:
        c.session.used["job"] = {m.group(1)}
        grown = re.search(r"\bgrow up|when i am\b", c.canon) or c.session.last_reply == data()["jobs"]["bear"]
        return Reply(said[m.group(1)], "chitchat", expects_answer=False) if grown else None
    if BECOME.match(c.canon):
        job = next(iter(c.session.used.get("job", ())), None)
        how = data()["jobs"]["how"].get(job or "")
        if how:
            return Reply(how, "question")
    return None


def expect_job(b, c: Ctx, p: dict) -> Reply | None:
    """What the child wants to be, after the bear said its own (and "why that?" about the bear's)."""
    if WHY_MINE.match(c.canon):
        return Reply(data()["jobs"]["why"], "about_bear", expects_answer=True)
    m = JOB.search(c.canon) or re.match(r"^(?:(?:a|an|um|maybe|i think) )*([a-z]+)(?: officer)?$", c.canon)
    said = data()["jobs"]["said"]
    if m is None or m.group(1) not in said:
        return None
    c.session.used["job"] = {m.group(1)}
    return Reply(said[m.group(1)], "chitchat")


# --- which animals live somewhere; a dinosaur the child may not know -------------------------------------------------
HABITAT = re.compile(r"\b(?:name|tell me|list|what|which) (?:some |three |3 |two |2 |four |4 |five |5 |"
                     r"a few |any |the )?"
                     r"(?:animals?|creatures?) (?:that |which |who )?(?:live|living|lives|you find|"
                     r"can you find|are there|"
                     r"are found|might i see|will i see|could i see|can i see|do you see|"
                     r"do people see) (?:in|on|at|under) "
                     r"(?:the |a )?([a-z]+)\b")
DINOSAUR_ASK = r"\b(?:tell me (?:about )?|do you know |name |give me |teach me about |what is |know any |is there )"
DINOSAUR = re.compile(DINOSAUR_ASK + r"(?:a |an |another |some |any )?(?:(?:new|different|unusual|weird|strange|rare|"
                      r"secret) )?(?:dinosaur|dinosaurs|dino) (?:that )?(?:i (?:do not|don t|dont) know|i have not "
                      r"heard of|nobody knows|i never heard of|no one knows)\b|" + DINOSAUR_ASK
                      + r"(?:a |an |another |some |any )?(?:new|different|unusual|weird|strange|rare|secret) "
                      r"(?:dinosaur|dino)s?(?: fact)?$")


def habitat(b, c: Ctx) -> Reply | None:
    """"name three animals that live in the jungle"."""
    m = HABITAT.search(c.canon)
    if m is None:
        return None
    text = data()["habitats"].get(m.group(1))
    if text:  # "what about penguins?" next is about the place
        c.session.topic, c.session.topic_turns = m.group(1), 3
    return Reply(text, "animal_fact") if text else None


def dinosaur(b, c: Ctx) -> Reply | None:
    """"tell me about a dinosaur i don't know"."""
    if DINOSAUR.search(c.canon) is None:
        return None
    facts = data()["dinosaurs"]["facts"]
    fresh = [f for f in facts if not c.session.taken("dino", f)] or facts
    fact = b.rng.choice(fresh)
    c.session.take("dino", fact)
    c.session.last_topic = "animal_fact"
    return Reply(fact, "animal_fact")


# --- a song sung together: "you start" just after it -------------------------------------------------------------
SING_ALONG = re.compile(r"^(?:(?:ok|okay|no|um|yes|teddy) )*(?:you start|you go first|you first|"
                        r"you sing(?: it)?(?: first)?|"
                        r"you begin|start|you start singing|go on then|you do it|you sing and i will join in)"
                        r"(?: teddy| please| then)?$")


def sing_along(b, c: Ctx) -> Reply | None:
    """"you start" just after a song: the bear sings it (again)."""
    from bear.talk.activities import sing

    if c.session.last_topic != "song" or not c.session.last_song or SING_ALONG.match(c.canon) is None:
        return None
    song = next((s for s in b.content.songs if s.title == c.session.last_song), None)
    return sing(b, c, song) if song is not None else None


# --- "i have a question" ----------------------------------------------------------------------------------------------
HAVE_QUESTION = re.compile(r"^(?:(?:teddy|um|erm|hey|hi|hello|ok|okay) )*(?:i (?:have|ve|have got|"
                           r"got) (?:a |another |1 )?"
                           r"(?:question|question for you|thing to ask)|can i ask (?:you )?(?:a |something|"
                           r"1|you something)"
                           r"(?: question)?|i (?:want|wanna|need) to ask (?:you )?(?:a question|"
                           r"something))(?: teddy)?$")


def have_question(b, c: Ctx) -> Reply | None:
    """"i have a question": the bear listens (no riddle)."""
    if HAVE_QUESTION.match(c.canon) is None:
        return None
    c.session.pending = None
    return Reply("Ooh, I love questions! What do you want to ask?", "help", expects_answer=True)


# --- party games asked for by name ------------------------------------------------------------------------------------
PLAY_IT = re.compile(LEAD + r"(?:let s|lets|let us|can we|shall we|could we|do you want to|will you|i want to) "
                     r"(?:play|do|have a game of|have a go at) (?:a game of |some )?(?P<name>[a-z ]+?)"
                     r"(?: please| teddy| now)*$")


def party(b, c: Ctx) -> Reply | None:
    """"let's play musical statues": the bear plays its part in words; else None."""
    m = PLAY_IT.match(c.canon)
    if m is None:
        return None
    for i, game in enumerate(data()["party"]):
        if m.group("name") in game["names"]:
            return Reply(b.pick(c.session, f"play_talk.party.{i}", game["replies"]), "play", expects_answer=True)
    return None


def asked(b, c: Ctx) -> Reply | None:
    """Whichever of these the line asks for, or None."""
    for f in (have_question, sing_along, ideas, puzzle, jobs, habitat, dinosaur, party):
        reply = f(b, c)
        if reply is not None:
            return reply
    return None


def expect_play_ideas(b, c: Ctx, p: dict) -> Reply | None:
    """"something outside" (quiet, active) after the bear's ideas of what to play: ideas of that kind."""
    kind = _kind(c.canon)
    if kind is None or len(c.words) > 8 or not KIND_SAID.match(c.canon):
        return None
    c.session.pending = None
    return Reply(data()["play_themes"][kind], "play", expects_answer=True)


EXPECTATIONS = {"play_ideas": expect_play_ideas, "drawing": expect_drawing, "puzzle": expect_puzzle, "job": expect_job}
