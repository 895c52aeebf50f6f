"""The child asks the bear to guess or to choose, and then answers: "guess mine" after the bear's
favourite colour (the bear guesses from its own list, and the child's favourite is still expected),
"pick pirates or dinosaurs" / "which is better, the red car or the blue car" / "which crayon should i
use" (the choice handed back: "which one do you like best?", which `bear.talk.answering.picked` takes),
"guess what!" / "guess what i made" (the bear listens for what it was: "a rocket!"), and "are you
ready?" in a race ("i'm ready" -> "Ready, steady, go!").

Content: `content/choosing.toml`. No word of the child's is said back here.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply

LEAD = r"^(?:(?:and|so|now|ok|okay|um+|er+|oh|hey|teddy|but|well) )*"
# "guess mine", "can you guess what mine is", "now guess my favourite colour", "what s mine", "and mine"
GUESS_MINE = re.compile(LEAD + r"(?:(?:can|could|will) you |you |now you |try and |try to )?(?:(?:guess|what s|whats|"
                        r"what is|what do you think) (?:mine|what mine is|what mine s|my favou?rite(?: [a-z]+)?|"
                        r"what my favou?rite(?: [a-z]+)? is|what i like(?: best)?)|and mine|what about mine)"
                        r"(?: is| then| teddy| now)*$")
KIND = re.compile(r"\bfavou?rite (colou?r|animal|food|season|number|toy|game)s?\b")
# "pick pirates or dinosaurs", "which is better the red car or the blue car", "do you like cats or dogs"
EITHER = re.compile(LEAD + r"(?:(?:can you |you )?(?:pick|choose)|which (?:one )?(?:is|s|are) (?:better|best|"
                    r"nicer|cooler|faster|your favou?rite)|"
                    r"which (?:one )?do you (?:like|pick|prefer|choose|love)(?: best| more)?|"
                    r"what s better|whats better|what is better|what do you like (?:best|better|more)|"
                    r"do you like|who is better|who s better)(?: teddy)? (?P<a>[a-z ]{2,40}?) or (?P<b>[a-z ]{2,40}?)"
                    r"(?: teddy| best| better| more)?$")
# options that are things to do: not a pick to hand back ("do you like stories or songs": a request)
ACTIVITY = re.compile(r"\b(story|stories|song|songs|sing|joke|jokes|riddle|riddles|game|games|play|hide|seek|count|"
                      r"counting|spell|spelling|poem|rhyme|tell|read|go|do|be)\b")
# "which crayon should i use for the grass", "which dress shall i wear"
WHICH_MINE = re.compile(LEAD + r"which (?:one|[a-z]+) (?:should|shall|could|can) (?:i|we) (?:use|pick|choose|wear|"
                        r"have|take|get|play with|bring|colour with|draw with|paint with)\b")
GUESS_WHAT = re.compile(LEAD + r"guess what(?: (?:i|we) (?:made|did|drew|built|got|found|saw|have|painted|baked|"
                        r"learned|learnt|can do|am making|m making|am building|m building|am drawing|m drawing)"
                        r"(?: today| at school| at nursery| for you)?| i m making| im making| i am making)?"
                        r"(?: teddy)?$")
# "guess where we're going", "guess where i went today": a guess or two, then the bear listens
GUESS_WHERE = re.compile(LEAD + r"guess where (?:(?:we|i) (?:are|am|re|m) (?:going|off to|going to go)|"
                         r"(?:we|i) (?:went|have been|ve been|been|are going|am going|go))"
                         r"(?: today| tomorrow| on holiday| for (?:my|our) holiday| at the weekend| this weekend|"
                         r" on saturday| on sunday)?(?: teddy)?$")
READY_Q = re.compile(LEAD + r"(?:are|r) (?:you|u) ready(?: teddy| now)?$")
READY = re.compile(LEAD + r"(?:(?:yes|yeah|yep|yay) )?(?:(?:i m|im|i am|we re|we are|me too i m) )?(?:ready|all ready)"
                   r"(?: now| teddy| too| steady)*$")
RACE_START = re.compile(LEAD + r"(?:let s|lets|let us|can we|shall we|we can|do you want to|will you) "
                        r"(?:have a |do a )?(?:race|running race|race me|race each other)(?: teddy| now| please)*$|"
                        + LEAD + r"race me(?: teddy| now| please)*$")
RACE = re.compile(r"\b(race|racing|races|run|running)\b")
BEDTIME = re.compile(r"\b(bed|bedtime|sleep|sleepy|nap|bath|school|nursery|dinner|tea|lunch|breakfast)\b")
MOVED_ON = frozenset({"goodbye", "stop", "story", "song", "joke", "riddle", "hide_and_seek", "counting_game",
                      "spelling_game", "help", "scared", "grief", "sleep", "question", "animal_fact", "hug",
                      "repeat", "another"})
QUESTION = re.compile(r"^(?:why|what|how|where|when|who|which|can|could|do|does|did|is|are|will|would)\b")
GLAD_TONES = frozenset({"big_day", "well_done", "looking_forward", "happy_news"})


@lru_cache(maxsize=1)
def data() -> dict:
    """content/choosing.toml."""
    return tomllib.loads(resources.files("bear.talk").joinpath("content/choosing.toml").read_text(encoding="utf-8"))


def _pick(b, c: Ctx, key: str, sub: str = "replies", **kw) -> str:
    return b.pick(c.session, f"choosing.{key}.{sub}", data()[key][sub]).format(**kw)


def guess_favourite(b, c: Ctx, what: str) -> Reply:
    """The bear's guess at the child's favourite `what` (from its own list); the favourite is then expected."""
    words = data()["guess"]["words"]
    tried = list((c.session.pending or {}).get("tried", ()))
    choices = [w for w in words.get(what) or words["thing"] if w not in tried and not re.search(rf"\b{w}\b", c.canon)]
    if tried and choices:  # "no, not blue": another guess
        guess = b.rng.choice(choices)
        c.session.pending = {"kind": "favourite", "what": what, "tried": tried + [guess]}
        return Reply(f"Hmm, is it {guess}? Tell me, what's yours?", "guess_mine", expects_answer=True)
    guess = b.pick(c.session, f"choosing.guess.{what}", words.get(what) or words["thing"])
    c.session.pending = {"kind": "favourite", "what": what, "tried": [guess]}
    return Reply(_pick(b, c, "guess", guess=guess), "guess_mine", expects_answer=True)


def guess_mine(b, c: Ctx) -> Reply | None:
    """"guess mine" / "what's mine?" just after favourites were talked about (and the child's is not
    known yet): the bear's guess, and the child's favourite is expected; else None."""
    if not GUESS_MINE.match(c.canon):
        return None
    from bear.talk.spoken import spoken_form

    # favourites talked about just before (not this line: "guess my favourite animal" first is a clue game)
    recent = " ".join(c.session.heard[-2:] + [spoken_form(c.session.last_reply)])
    kind = KIND.search(recent)
    own = KIND.search(c.canon)
    if own is not None and own.group(1) != "animal":  # "guess my favourite colour" (an animal is a clue game)
        kind, recent = own, c.canon
    if kind is None and "favourite" not in recent and "favorite" not in recent:
        return None
    what = kind.group(1).replace("color", "colour") if kind else "thing"
    if c.profile.likes.get(what):
        return None  # known: "what's my favourite colour?" is answered by what was remembered
    return guess_favourite(b, c, what)


def either(b, c: Ctx) -> Reply | None:
    """"pick pirates or dinosaurs", "which crayon should i use": the choice handed back to the child."""
    m = EITHER.match(c.canon)
    if m is not None and not ACTIVITY.search(f"{m.group('a')} {m.group('b')}"):
        return Reply(_pick(b, c, "either"), "choosing", expects_answer=True)
    if WHICH_MINE.match(c.canon) and b.knowledge.search(c.canon) is None:
        # "which pet should i get" has advice in the knowledge base; "which crayon should i use" is the child's own
        return Reply(_pick(b, c, "yours"), "choosing", expects_answer=True)
    return None


def guess_what(b, c: Ctx) -> Reply | None:
    """"guess what!", "guess what i made": the bear can't guess, and listens for what it was; "guess what i drew",
    "guess where we're going": a guess or two first."""
    where = GUESS_WHERE.match(c.canon)
    if not GUESS_WHAT.match(c.canon) and not where:
        return None
    c.session.pending = {"kind": "reveal", "where": True} if where else {"kind": "reveal"}
    got = re.search(r"\bguess what (?:i|we) (?:got|get|was given|have got|ve got|were given|had)\b", c.canon)
    found = re.search(r"\bguess what (?:i|we) (?:found|find|picked up|dug up)\b", c.canon)
    drew = re.search(r"\bguess what (?:i|we) (?:drew|painted|coloured|colored|am drawing|m drawing)\b", c.canon)
    kind = "guess_where" if where else "guess_got" if got else "guess_found" if found else "guess_drew" if drew \
        else "guess_what"
    return Reply(_pick(b, c, kind), "guess_what", expects_answer=True)


def expect_reveal(b, c: Ctx, p: dict) -> Reply | None:
    """What the child made or has after "guess what" ("a rocket!"), when it is glad or plain news; None for a
    question, another request, or news that is not glad (the news' own handlers answer it)."""
    from bear.talk import news_tone

    if QUESTION.match(c.canon) or len(c.words) > 14 or (c.intent in MOVED_ON and c.confidence >= MIN_CONFIDENCE
                                                          and len(c.words) > 2):
        return None
    if p.get("where") and b.moments.recognise(c.canon, question=False) is not None:
        return None  # "we went to the zoo" after "guess where we went": the zoo's own moment
    tone = news_tone.tone_of(c.canon)
    if tone is not None and tone.name not in GLAD_TONES:
        return None
    from bear.talk.answering import MOODS

    if any(pattern.search(c.canon) for _, pattern in MOODS):
        return None
    return Reply(_pick(b, c, "revealed"), "revealed")


def ready(b, c: Ctx) -> Reply | None:
    """"are you ready?" in a race or a game (not at bedtime): the bear is, and asks back; "i'm ready" after
    the bear asked, or in a race: "Ready, steady, go!"; else None."""
    recent = " ".join(c.session.heard[-2:])
    if BEDTIME.search(recent) or BEDTIME.search(c.canon):
        return None
    if RACE_START.match(c.canon):
        c.session.pending = {"kind": "ready"}
        return Reply(_pick(b, c, "ready", "start"), "play", expects_answer=True)
    if READY_Q.match(c.canon) and c.session.heard:
        c.session.pending = {"kind": "ready"}
        return Reply(_pick(b, c, "ready", "asked"), "play", expects_answer=True)
    if READY.match(c.canon) and RACE.search(recent):
        return Reply(_pick(b, c, "ready", "go"), "play")
    return None


def expect_ready(b, c: Ctx, p: dict) -> Reply | None:
    """After the bear's "are you ready too?": "yes" / "i'm ready" -> go; else None."""
    if READY.match(c.canon) or (c.intent == "yes" and len(c.words) <= 3):
        return Reply(_pick(b, c, "ready", "go"), "play")
    return None


AMONG = re.compile(LEAD + r"(?:which (?:one|1|of them|of those|one of them|1 of them|one of those|1 of those) "
                   r"(?:is|s|do you like|would you pick|would you choose)|what s|whats|what is|and) (?:your )?"
                   r"(?:favou?rite|best|like best|the best)(?: one| 1)?(?: teddy)?$|"
                   + LEAD + r"which (?:one |1 )?do you like (?:best|the best|most)(?: teddy)?$")


def among(b, c: Ctx) -> Reply | None:
    """"which one is your favourite?" right after the bear named several of a set (seasons, planets), or after
    the child named the set ("do you like dinosaurs"): its own pick; else None."""
    if not AMONG.match(c.canon):
        return None
    from bear.talk.spoken import spoken_form

    said = spoken_form(c.session.last_reply)
    before = c.session.heard[-1] if c.session.heard else ""
    for i, group in enumerate(data()["among"]):
        if sum(1 for w in group["words"] if re.search(rf"\b{w}\b", said)) >= 2 \
                or any(re.search(rf"\b{k}\b", before) for k in group.get("kinds", ())):
            c.session.pending = {"kind": "favourite", "what": group.get("what", "thing")}  # "mine is summer"
            return Reply(b.pick(c.session, f"choosing.among.{i}", group["replies"]), "about_bear", expects_answer=True)
    return None


def asked(b, c: Ctx) -> Reply | None:
    """Whichever of these the line is, or None."""
    return guess_mine(b, c) or either(b, c) or guess_what(b, c) or ready(b, c) or among(b, c)


EXPECTATIONS = {"reveal": expect_reveal, "ready": expect_ready}
