"""Guessing games: an animal the child thinks of ("i'm thinking of an animal", "guess my favourite animal"),
guessed from yes/no answers and clues ("it has a long tail and swings in trees" -> "Is it a monkey?"), and the
yes/no words the other guessing games share (I spy both ways round is `bear.talk.i_spy`).

Content: `content/guessing.toml` (the bear's I spy pictures are `content/games.toml`'s). A thing or
an animal the child names is never said back: the bear only says the names on its own lists.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply


@lru_cache(maxsize=1)
def data() -> dict:
    """content/guessing.toml."""
    return tomllib.loads(resources.files("bear.talk").joinpath("content/guessing.toml").read_text(encoding="utf-8"))


def _pick(b, c: Ctx, table: str, key: str, **kw) -> str:
    return b.pick(c.session, f"guessing.{table}.{key}", data()[table][key]).format(**kw)


YES = re.compile(r"^(?:(?:yes|yeah|yep|yup|yay|correct|right|that is right|thats right|you got it|you are right|"
                 r"well done|it is|you guessed it|you win)\b|(?:ok |oh )?yes\b)")
NO = re.compile(r"^(?:(?:ok |oh |um |hmm )?(?:no|nope|nah|wrong|not (?:that|it|quite)|try again|guess again|"
                r"have another (?:go|guess)|you guess|guess|it is not|its not|it isnt|another guess|keep guessing|"
                r"not right|incorrect|you have a (?:guess|go)|have a guess|your (?:turn|guess|go)|you go|"
                r"you (?:have to|need to|must|have got to|got to|gotta|can) guess|go on (?:and )?guess)\b)")
GIVE_UP = re.compile(r"\b(?:i give up|give up|i do not know|dunno|no idea|tell me the answer|just tell me|"
                     r"what is it|what was it|i can not guess|i cannot guess)\b")
# a guess at what the bear spied: "is it the window", "a flower", "my shoe?"
GUESS = re.compile(r"^(?:(?:um|erm|hmm|oh|ok|okay|is it|it is|its|maybe|i think it is|i think its|i guess|"
                   r"i know|what about|how about|the|a|an|my|your|some|is that) )*([a-z]+(?: [a-z]+)?)$")
CLEAR_INTENTS = frozenset({"goodbye", "stop", "story", "song", "joke", "hide_and_seek", "counting_game",
                           "spelling_game", "scared", "grief", "sleep", "hug", "how_are_you"})


def _lower_first(reveal: str) -> str:
    """"A tree! ..." said inside a sentence: "a tree! ..." ("I" stays as it is)."""
    return reveal if re.match(r"I\b", reveal) else reveal[:1].lower() + reveal[1:]


def _moved_on(c: Ctx) -> bool:
    return c.intent in CLEAR_INTENTS and c.confidence >= MIN_CONFIDENCE


# --- an animal the child thinks of ------------------------------------------------------------------------------
GUESSING_GAME = re.compile(r"\b(?:play|have|do|start) (?:a |the |another )?(?:guessing|guess) game\b|"
                           r"\b(?:guessing|guess) game\b|\bguess what (?:animal )?i am thinking(?: of| about)?\b|"
                           r"\bguess what i am thinking(?: of| about)?\b|"  # and twenty questions: the same game
                           r"\b(?:play|have|do|start)(?: a go at| a go of)? (?:a game of )?(?:20|twenty) questions\b|"
                           r"^(?:let us )?(?:20|twenty) questions\b|"
                           r"\b(?:play|have|do|start) (?:a game of )?guess (?:the|an|which|what) animal\b|"
                           r"^(?:(?:can we|shall we|let us|lets) )?guess the animal$")
THINKING = re.compile(r"\bi (?:am|m) thinking (?:of|about) (?:an? )?(?:animal|creature)\b|\bi (?:have|ve) got (?:an? )?"
                      r"animal\b|\bi (?:have )?thought of (?:an? )?animal\b|\bi have 1\b|\bi have got 1\b|"
                      r"\bi am ready\b|^ready\b|^(?:ok |okay )?got 1\b|^(?:ok |okay )?(?:i have|i ve) thought of 1\b")
# "think of an animal and i'll guess it", "you pick an animal": the bear thinks of one, the child guesses
BEAR_PICKS = re.compile(r"^(?:(?:ok|okay|now|teddy|can you|will you|you) )*(?:think of|pick|choose|have a think of) "
                        r"(?:an? )?(?:animal|creature)\b(?:.*\b(?:i ll|i will|and i|i can|i am going to|let me) "
                        r"(?:guess|try to guess|have a guess)\b.*)?$"
                        r"|\bguess(?:ing)?\b.*\byou (?:think of|pick|choose|have a think of) "
                        r"(?:1|an? animal|the animal)$")
# "guess what animal i'm thinking of": the child has one in mind already
THINKING_OF = re.compile(r"\bguess (?:what|which) animal i am thinking(?: of| about)?\b")
GUESS_MINE = re.compile(r"\bguess (?:what|which)?(?: is)? ?my (?:favourite |favorite |mystery |secret )?animal\b|"
                        r"\bguess (?:what|which) animal i (?:like|love) (?:best|most)?\b")
FEATURE_WORDS = {"sea": r"\b(?:sea|ocean|water|swims?|underwater)\b", "fly": r"\b(?:fly|flies|flying|wings?)\b",
                 "four_legs": r"\bfour legs\b|\b4 legs\b", "farm": r"\bfarm\b", "big": r"\b(?:big|huge|"
                              r"giant|massive)\b",
                 "pet": r"\bpet\b"}


def _animals() -> list[dict]:
    return list(data()["animal_guess"]["animal"])


def _candidates(p: dict) -> list[dict]:
    return [a for a in _animals() if a["name"] not in p["guessed"]
            and all(f in a["has"] for f in p["yes"]) and not any(f in a["has"] for f in p["no"])]


def _next_move(b, c: Ctx, p: dict, before: str = "") -> Reply:
    """Ask the next question that splits what is left, or guess the best animal."""
    g = data()["animal_guess"]
    left = _candidates(p)
    c.session.pending = p
    if not left:
        c.session.pending = {"kind": "animal_told"}
        return Reply(f"{before} {g['give_up']}".strip(), "guessing_game", expects_answer=True)
    clues = p.get("clues", [])
    # a clue few animals share ("bamboo") says more than a common one ("black"), and one of several words ("black
    # and white") more than each of its words alone
    share = {w: sum(w in a["clues"] for a in _animals()) for w in clues}
    score = {a["name"]: sum(len(w.split()) / share[w] for w in a["clues"] if w in clues) for a in left}
    best = max(left, key=lambda a: score[a["name"]])
    decided = set(p["yes"]) | set(p["no"])
    splits = [q for q in g["question"] if q["feature"] not in decided
              and 0 < sum(q["feature"] in a["has"] for a in left) < len(left)]
    if score[best["name"]] or len(left) <= 2 or not splits:
        p["guess"], p["ask"] = best["name"], None
        return Reply(f"{before} {_pick(b, c, 'animal_guess', 'guess', a=best['name'])}".strip(), "guessing_game",
                     expects_answer=True)
    p["guess"], p["ask"] = None, splits[0]["feature"]
    return Reply(f"{before} {splits[0]['ask']}".strip(), "guessing_game", expects_answer=True)


def _clues(c: Ctx, p: dict) -> None:
    """What the line tells about the animal: features said ("it lives in the sea") and clue words."""
    negative = re.search(r"\b(?:not|no|never|cannot|can not|does not|doesnt|isnt)\b", c.canon)
    for feature, pattern in FEATURE_WORDS.items():
        if re.search(pattern, c.canon) and feature not in p["yes"] + p["no"]:
            (p["no"] if negative and feature == p.get("ask") else p["yes"]).append(feature)
    words = f" {c.canon} "
    p["clues"] = p.get("clues", []) + [w for a in _animals() for w in a["clues"] if f" {w} " in words]


def guessing_game(b, c: Ctx) -> Reply | None:
    """"can we play a guessing game", "i'm thinking of an animal", "guess my favourite animal"; else None."""
    g = data()["animal_guess"]
    fresh: dict = {"kind": "animal_guess", "yes": [], "no": [], "guessed": [], "ask": None, "guess": None, "clues": []}
    if BEAR_PICKS.search(c.canon):  # "think of an animal and i'll guess it": the bear has one in mind
        c.session.pending = {"kind": "bear_animal", "animal": b.rng.choice(_animals())["name"]}
        c.session.last_topic = "guessing_game"
        return Reply(_pick(b, c, "animal_guess", "bear_thinks"), "guessing_game", expects_answer=True)
    if GUESS_MINE.search(c.canon):
        c.session.pending = fresh
        _clues(c, fresh)
        return _next_move(b, c, fresh) if fresh["clues"] else Reply(g["ask_clue"], "guessing_game",
                                                                    expects_answer=True)
    if (THINKING.search(c.canon) and re.search(r"\banimal|creature\b", c.canon)) or THINKING_OF.search(c.canon):
        _clues(c, fresh)
        return _next_move(b, c, fresh, _pick(b, c, "animal_guess", "ready"))
    if GUESSING_GAME.search(c.canon):
        c.session.pending = fresh | {"waiting": True}
        c.session.last_topic = "guessing_game"
        return Reply(g["start"], "guessing_game", expects_answer=True)
    return None


def has_clue(text: str) -> bool:
    """True when a short line gives a clue to an animal of the game ("i have stripes", "it can fly")."""
    from bear.talk.spoken import spoken_form

    canon = spoken_form(text)
    words = f" {canon} "
    return len(canon.split()) <= 12 and (any(f" {w} " in words for a in _animals() for w in a["clues"])
                                         or any(re.search(f, canon) for f in FEATURE_WORDS.values()))


def by_clues(b, c: Ctx) -> Reply | None:
    """"i hop and i have a pouch" (in "guess what animal i am"): a guess from its clues, then the game goes on;
    None when the line has no clue."""
    fresh: dict = {"kind": "animal_guess", "yes": [], "no": [], "guessed": [], "ask": None, "guess": None, "clues": []}
    _clues(c, fresh)
    return _next_move(b, c, fresh) if fresh["clues"] else None


def expect_animal(b, c: Ctx, p: dict) -> Reply | None:
    """The child's answer in the animal guessing game; None when the child moved on."""
    sure = bool(THINKING.search(c.canon) or YES.match(c.canon) or NO.match(c.canon)
                or any(re.search(f, c.canon) for f in FEATURE_WORDS.values()))
    if (_moved_on(c) and not sure) or len(c.words) > 14:
        return None
    from bear.talk.number_guess import THINKING as NUMBER

    if NUMBER.search(c.canon):  # "guess my number": another game
        return None
    if p.get("guess") and re.fullmatch(r"(?:(?:so|ok|okay|well|go on|and|teddy) )*(?:what is it|what is the animal|"
                                       r"what animal is it|guess|go on guess|you guess|have a guess|do you know|"
                                       r"(?:now |so )?guess what (?:animal )?it is|guess what animal|"
                                       r"which animal is it|"
                                       r"what animal am i thinking of|guess the animal|"
                                       r"do you know what it is|can you guess|can you guess it|any ideas?|"
                                       r"what do you think|what do you think it is)(?: teddy)?", c.canon):
        return Reply(f"Hmm... I think it's {p['guess']}! Am I right?", "guessing_game", expects_answer=True)
    if GIVE_UP.search(c.canon) and p.get("guess") is None and not p.get("waiting"):
        c.session.pending = {"kind": "animal_told"}
        return Reply(data()["animal_guess"]["give_up"], "guessing_game", expects_answer=True)
    if p.get("waiting") and BEAR_THINKS.search(c.canon):  # "you think of one": the bear has the animal in mind
        c.session.pending = {"kind": "bear_animal", "animal": b.rng.choice(_animals())["name"]}
        return Reply(_pick(b, c, "animal_guess", "bear_thinks"), "guessing_game", expects_answer=True)
    if p.get("waiting") and CHILD_ASKS.match(c.canon):  # "is it an animal?": the child guesses, the bear thinks
        thought = {"kind": "bear_animal", "animal": b.rng.choice(_animals())["name"]}
        c.session.pending = thought
        reply = expect_bear_animal(b, c, thought)
        if reply is not None:
            return Reply(f"{_pick(b, c, 'animal_guess', 'thought')} {reply.text}", "guessing_game",
                         expects_answer=True)
    if p.pop("waiting", False):
        _clues(c, p)
        return _next_move(b, c, p, _pick(b, c, "animal_guess", "ready"))
    # "it's got a long neck" (the spoken form's "it is got") is a clue, not "it is!"
    yes = (bool(YES.match(c.canon)) and not re.match(r"it is (?!yes|right|true|correct|it)\w+", c.canon)) \
        or c.intent == "yes"
    no = bool(NO.match(c.canon)) or c.intent == "no"
    if p.get("guess"):
        if yes and not no:
            c.session.pending = None
            return Reply(_pick(b, c, "animal_guess", "got_it"), "guessing_game", expects_answer=True)
        guessed = next(a for a in _animals() if a["name"] == p["guess"])
        told = [w for w in guessed["clues"] if f" {w} " in f" {c.canon} "]
        if not no and told:  # "and it has spots" after "is it a giraffe?": another clue that fits, not a no
            p["clues"] = p.get("clues", []) + told
            return Reply(f"That fits too! I still think it's {p['guess']}. Am I right?", "guessing_game",
                         expects_answer=True)
        p["guessed"].append(p["guess"])
    elif p.get("ask") and (yes or no):
        (p["yes"] if yes and not no else p["no"]).append(p["ask"])
    before = len(p["clues"]) + len(p["yes"]) + len(p["no"])
    _clues(c, p)
    if not (yes or no) and before == len(p["clues"]) + len(p["yes"]) + len(p["no"]) and QUESTION.match(c.canon):
        return None  # a question of the child's own
    return _next_move(b, c, p)


QUESTION = re.compile(r"^(?:why|what|how|where|when|who|which|can you|could you|do you|tell me)\b")
CHILD_ASKS = re.compile(r"^(?:ok |okay |um |so )?(?:is it|does it|can it|has it|is your|does your)\b")
BEAR_THINKS = re.compile(r"\byou (?:think of|pick|choose|have|go first|start)\b|\byour turn\b")


def expect_bear_animal(b, c: Ctx, p: dict) -> Reply | None:
    """The child asking about or guessing the animal the bear thought of (only names on its own list are said)."""
    if (_moved_on(c) and not c.canon.startswith(("is it", "does it", "can it"))) or len(c.words) > 12:
        return None
    a = p["animal"]
    if GIVE_UP.search(c.canon):
        c.session.pending = None
        return Reply(_pick(b, c, "animal_guess", "bear_tell", a=a), "guessing_game", expects_answer=True)
    said = [x["name"] for x in _animals() if re.search(rf"\b{x['name'].split()[-1]}s?\b", c.canon)]
    if said:
        if a in said:
            c.session.pending = None
            return Reply(_pick(b, c, "animal_guess", "bear_right", a=a), "guessing_game", expects_answer=True)
        return Reply(_pick(b, c, "animal_guess", "bear_wrong", a=said[0]), "guessing_game", expects_answer=True)
    if re.search(r"\bis it an? (?:animal|creature|living thing)\b", c.canon):  # the bear's are all animals
        return Reply(_pick(b, c, "animal_guess", "bear_is_animal"), "guessing_game", expects_answer=True)
    asked = [f for f, pattern in FEATURE_WORDS.items() if re.search(pattern, c.canon)]
    if asked:
        has = next(x for x in _animals() if x["name"] == a)["has"]
        return Reply(_pick(b, c, "animal_guess", "bear_yes" if asked[0] in has else "bear_no"), "guessing_game",
                     expects_answer=True)
    return Reply(_pick(b, c, "animal_guess", "bear_hint"), "guessing_game", expects_answer=True)


def expect_animal_told(b, c: Ctx, p: dict) -> Reply | None:
    """The animal the child had thought of, after the bear gave up: never said back."""
    c.session.pending = None
    if len(c.words) > 6 or _moved_on(c) or QUESTION.match(c.canon):
        return None
    return Reply(_pick(b, c, "animal_guess", "told"), "guessing_game", expects_answer=True)


def expect_riddle_done(b, c: Ctx, p: dict) -> Reply | None:
    """After a riddle's answer: "yes" is another riddle, a late guess ("is it a piano?") is answered."""
    from bear.talk.riddles import GUESS as RIDDLE_GUESS
    from bear.talk.riddles import riddle

    if c.intent == "yes" or re.match(r"^(?:yes|yeah|yep|ok|okay|another|1 more|again)\b", c.canon):
        c.session.pending = None
        return riddle(b, c)
    if RIDDLE_GUESS.match(c.canon) and len(c.words) <= 6 and not _moved_on(c):
        return Reply(f"The answer was: {p['riddle'].reveal} Good guessing though! Want another riddle?",
                     "riddle_answer", expects_answer=True)
    return None


def asked(b, c: Ctx) -> Reply | None:
    """Whichever of these games the line starts (I spy first), or None."""
    from bear.talk.i_spy import child_spies

    return child_spies(b, c) or guessing_game(b, c)


EXPECTATIONS = {"riddle_done": expect_riddle_done,
                "animal_guess": expect_animal, "animal_told": expect_animal_told, "bear_animal": expect_bear_animal}
