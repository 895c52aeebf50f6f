"""Games of choosing: would you rather (the bear's questions, and its own pick of the child's: "would you
rather be a bird or a fish?") and rock paper scissors. Content: the `would_you_rather` and
`rock_paper_scissors` tables of `content/word_games.toml`; a child's word is said back only when it is
vetted (`bear.talk.vetting`).
"""

from __future__ import annotations

import re

from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply
from bear.talk.word_games import data

RATHER = re.compile(r"\bwould you rather\b")
RATHER_OWN = re.compile(r"^would you rather (?:be |have |eat |live |go )?.+ or .+$")
# "now you ask me one", "your turn" while playing would you rather: the bear asks another
RATHER_ASK = re.compile(r"^(?:(?:now|ok|okay|and|so|then) )*(?:(?:(?:its )?your turn|you go) )?"
                        r"(?:you ask me(?: one| 1| a question| another)?|"
                        r"ask me (?:one|1|another|a question|another one|another 1)|(?:its )?your turn|you go|"
                        r"(?:its )?your turn to ask(?: me)?(?: one| 1| a question| another)?|"
                        r"another one|another 1)(?: now| please)?$")
# "why?" after the bear's pick of the child's own would-you-rather
RATHER_WHY = re.compile(r"^(?:but |and |so )?(?:why|how come|why would you|why that one|why do you want that|"
                        r"why would you pick that|why did you pick that|why that)(?: one| 1)?(?: teddy| bear)?$")
RATHER_PICK = re.compile(r"^(?:(?:um|erm|hmm|ok|okay|well|i think) )*i (?:would|d) (?:rather|choose|pick)\b")
RATHER_PARTS = re.compile(r"would you rather (.+?) or (.+?)\?", re.I)
RATHER_VERBS = frozenset("be have eat go live talk swim fly splash build ride play sing dance drink wear climb sleep "
                         "visit see make jump run".split())
PLAIN = frozenset("a an the be have eat live go with like your you all day of in on to for and or".split())
RPS = re.compile(r"\brock,? paper,? scissors?\b|\bscissors,? paper,? stone\b|\bpaper,? scissors,? rock\b")
RPS_SHOW = re.compile(r"\b(rock|paper|scissors|stone)\b")
BEATS = {"rock": "scissors", "paper": "rock", "scissors": "paper"}
# "what did you pick?", "who won?" just after a round; "i pick scissors and you pick paper": a round told
WHAT_YOU = re.compile(r"\bwhat (?:did|do|have) you (?:pick|picked|choose|chose|do|did|get|got|show|showed|have|go)\b|"
                      r"\bwhat (?:was|is) yours\b|\bwhich (?:did|one did) you (?:pick|choose|do)\b")
WHO_WON = re.compile(r"\bwho (?:wins|won|win|is the winner|was the winner)\b|\bdid (?:i|you) win\b")
_THROW = r"(?:pick|picked|picks|did|do|does|chose|choose|have|got|went|go|goes|show|showed|shows|had|make|made) " \
         r"(rock|paper|scissors|stone)\b"
TOLD = re.compile(rf"\bi {_THROW}.*\byou {_THROW}|\byou {_THROW}.*\bi {_THROW}")


def would_you_rather(b, c: Ctx) -> Reply | None:
    """A would-you-rather question of the bear's (its answer is expected), or the bear's pick of the child's."""
    asked_again = RATHER_ASK.match(c.canon) and c.session.last_topic == "would_you_rather"
    if not RATHER.search(c.canon) and not asked_again:
        return None
    if RATHER_OWN.match(c.canon):
        pick = _own_pick(b, c.canon)
        c.session.pending = {"kind": "rather_own", "pick": pick}
        return Reply(f"Ooh, that's a tricky one! I think I'd {pick}. What would you choose?", "play",
                     expects_answer=True)
    w = data()["would_you_rather"]
    fresh = [q for q in w["questions"] if not c.session.taken("rather", q)] or w["questions"]
    q = b.rng.choice(fresh)
    c.session.take("rather", q)
    c.session.pending = {"kind": "would_you_rather", "question": q}
    c.session.last_topic = "would_you_rather"
    return Reply(f"{'Here is one' if asked_again else 'Let' + chr(39) + 's play would you rather'}! {q}", "play",
                 expects_answer=True)


RATHER_SPLIT = re.compile(r"^would you rather (.+?) or (.+?)(?: teddy| bear| please)?$")
OWN_VERBS = frozenset("be have eat live go play fly swim ride drink meet see visit do hold sleep wear climb build "
                      "stroke cuddle talk sing dance run jump".split())
WHERE = frozenset("in on at with under".split())


def _option(words: list[str]) -> tuple[str, str, str]:
    """One choice of a would-you-rather: its verb, its preposition and its thing ("be", "in", "the sea")."""
    verb = words.pop(0) if words and words[0] in OWN_VERBS else ""
    where = words.pop(0) if words and words[0] in WHERE else ""
    return verb, where, " ".join(words)


def _own_pick(b, canon: str) -> str:
    """The bear's pick of the child's own would-you-rather, in its words when its thing passes the vetting
    ("rather be a bird", "rather fly", "rather be invisible"), else "choose the first one"."""
    from bear.talk.vetting import vet_thing

    m = RATHER_SPLIT.match(canon)
    if m is None:
        return f"choose {b.rng.choice(('the first one', 'the second one'))}"
    first, second = _option(m.group(1).split()), _option(m.group(2).split())
    if not second[0] and first[0]:  # "be a bird or a fish": the fish is "be a fish" too
        second = (first[0], second[1] or first[1], second[2])
    options = [o for o in (first, second) if not o[2] or vet_thing(o[2]) is not None]
    if len(options) < 2:
        return f"choose {b.rng.choice(('the first one', 'the second one'))}"
    verb, where, thing = b.rng.choice(options)
    verb = verb or ("be" if where else "have")
    thing = vet_thing(thing) if thing else ""
    return "rather " + " ".join(w for w in (verb, where, thing) if w)


def expect_rather_own(b, c: Ctx, p: dict) -> Reply | None:
    """After the bear's pick of the child's would-you-rather: "why?" gets its reason; the child's pick the
    usual answer; anything else moves on."""
    if RATHER_WHY.match(c.canon):
        text = b.pick(c.session, "rather.why", data()["would_you_rather"]["why"])
        c.session.pending = {"kind": "rather_own"}
        return Reply(text, "play", expects_answer=True)
    if RATHER_PICK.match(c.canon):
        return expect_rather(b, c, {})
    if p.get("pick") and YOU_PICK.search(c.canon) and len(c.words) <= 8:  # "cat! now you pick"
        return Reply(f"I'd {p['pick']}! That's my pick. Shall we do another one?", "play", expects_answer=True)
    return None


# two choices of the child's own, said just after the bear asked one of its own ("fly like a bird or be invisible")
OWN_OPTIONS = re.compile(r"^(?:(?:be|have|eat|live|go|play|fly|swim|ride|drink|meet|see|visit|do|hold|sleep|wear|climb|"
                         r"build|talk|sing|dance|run|jump|a|an|the) )[a-z ]{2,40} or "
                         r"(?:be |have |a |an |the )?[a-z ]{2,40}$")
YOU_PICK = re.compile(r"\b(?:you pick|you choose|your pick|your turn|what about you|and you|now you|you say)\b")


def _picked(question: str, c: Ctx) -> str | None:
    """Which of the bear's own two choices the child's words name ("i'd rather be a dinosaur"), in its words."""
    m = RATHER_PARTS.search(question)
    if m is None:
        return None
    first, second = (part.strip(" ,") for part in m.groups())
    verb = first.split()[0]
    if verb in RATHER_VERBS and second.split()[0] not in RATHER_VERBS:  # "..., or a neck like a giraffe"
        second = f"{verb} {second}"
    named = [part for part in (first, second) if {w for w in re.findall(r"[a-z]+", part.lower()) if w not in PLAIN}
             & set(c.words)]
    return named[0] if len(named) == 1 else None


def expect_rather(b, c: Ctx, p: dict) -> Reply | None:
    """The child's pick in would you rather; None when they moved on."""
    if c.intent is not None and c.confidence >= MIN_CONFIDENCE and c.intent in ("stop", "question", "story", "song") \
            and not RATHER_PICK.match(c.canon):
        return None
    c.session.pending = None
    if RATHER.search(c.canon) or RATHER_ASK.match(c.canon):
        return None
    picked = _picked(p.get("question", ""), c)
    if picked is None and OWN_OPTIONS.match(c.canon):  # "fly like a bird or be invisible": the child's own question
        pick = _own_pick(b, f"would you rather {c.canon}")
        c.session.pending = {"kind": "rather_own", "pick": pick}
        return Reply(f"Ooh, that's a tricky one! I think I'd {pick}. What would you choose?", "play",
                     expects_answer=True)
    text = b.pick(c.session, "rather.answer", data()["would_you_rather"]["answers"])
    if picked:
        text = f"You'd rather {picked}! {text}"
    if text.endswith("?"):
        c.session.pending = {"kind": "offer", "yes": "would_you_rather", "no": ""}
    return Reply(text, "play", expects_answer=text.endswith("?"))


def rock_paper_scissors(b, c: Ctx) -> Reply | None:
    """"rock paper scissors": the bear plays (a round per throw)."""
    if not RPS.search(c.canon):
        return None
    c.session.pending = {"kind": "rps"}
    c.session.last_topic = "rock_paper_scissors"
    return Reply(data()["rock_paper_scissors"]["start"], "play", expects_answer=True)


def expect_rps(b, c: Ctx, p: dict) -> Reply | None:
    """The child's throw; what the bear picked or who won, just after a round; None when they moved on."""
    r = data()["rock_paper_scissors"]
    last = p.get("last")
    if last is not None and WHAT_YOU.search(c.canon):  # "what did you pick?"
        c.session.pending = dict(p)
        return Reply(r["picked"].format(mine=last[1]), "play", expects_answer=True)
    if last is not None and WHO_WON.search(c.canon):
        return _round(c, r, *last)
    told = TOLD.search(c.canon)
    if told is not None:  # "i pick scissors and you pick paper"
        first, second = [g for g in told.groups() if g]
        mine_first = told.group(0).startswith("you")
        theirs, mine = (second, first) if mine_first else (first, second)
        return _round(c, r, "rock" if theirs == "stone" else theirs, "rock" if mine == "stone" else mine)
    shown = {("rock" if w == "stone" else w) for w in RPS_SHOW.findall(c.canon)}
    if len(shown) > 1:  # "rock paper scissors shoot": which did the child show?
        c.session.pending = dict(p)
        return Reply(r["which"], "play", expects_answer=True)
    m = RPS_SHOW.search(c.canon)
    if m is None or len(c.words) > 6:
        return None
    theirs = "rock" if m.group(1) == "stone" else m.group(1)
    return _round(c, r, theirs, b.rng.choice(list(BEATS)))


def _round(c: Ctx, r: dict, theirs: str, mine: str) -> Reply:
    """Who wins a round (the child's throw, the bear's); the game goes on."""
    key = "draw" if mine == theirs else "win" if BEATS[theirs] == mine else "lose"
    c.session.pending = {"kind": "rps", "last": (theirs, mine)}
    return Reply(r[key].format(mine=mine, theirs=theirs, Mine=mine.capitalize(), Theirs=theirs.capitalize()), "play",
                 expects_answer=True)


def asked(b, c: Ctx) -> Reply | None:
    """Would you rather or rock paper scissors when the line asks for it, or None."""
    return would_you_rather(b, c) or rock_paper_scissors(b, c)


def rather_again(b, c: Ctx) -> Reply:
    """Another would-you-rather ("yes" to the offer of one)."""
    c2 = Ctx(c.text, c.norm, "would you rather", c.intent, c.confidence, c.session, c.profile, c.emotion, c.bedtime)
    reply = would_you_rather(b, c2)
    assert reply is not None  # the words ask for one
    return reply


HANDLERS = {"would_you_rather": rather_again}
EXPECTATIONS = {"would_you_rather": expect_rather, "rather_own": expect_rather_own, "rps": expect_rps}
