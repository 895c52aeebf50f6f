"""Turn-taking games: counting and spelling (texts in content/games.toml), and hide and seek
(texts in content/moments.toml).

Each function takes the child's normalised words and the game's state (`pending`, updated in
place) and returns a `GameTurn`: what the bear says, or `text=None` when the child said no
number/letter at all (then `nudge` asks again, unless the child moved on to something else).
The brain's handlers that start the counting and spelling games and take their turns in the
conversation (`counting_game`, `spelling_game`, `expect_game`) are at the end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bear.talk.spoken import spoken_form
from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply


@dataclass(frozen=True)
class GameTurn:
    """What one game turn says, and whether the game is over."""

    text: str | None
    intent: str
    over: bool = False
    nudge: str = ""


def number(games: dict, norm: str) -> int | None:
    """The number said in the line (digits or a word), or None."""
    for w in norm.split():
        if w.isdigit():
            return int(w)
        if w in games["numbers"]:
            return int(games["numbers"][w])
    return None


def numbers(games: dict, norm: str) -> list[int]:
    """Every number said in the line, in order ("one two three" -> [1, 2, 3])."""
    said = [int(w) if w.isdigit() else games["numbers"].get(w) for w in norm.split()]
    return [int(n) for n in said if n is not None]


# "what comes after twenty nine?" during the counting game: a question, not a turn
ASKS_AFTER = re.compile(r"\bwhat (?:number )?(?:comes|is|goes) (?:after|before) \d+\b")
# "to twenty" just after the counting game started ("to" is not the number two here)
UP_TO = re.compile(r"^(?:(?:and|up|all the way|count|lets|let s|now|can we|shall we|go) )*to ([a-z]+(?: [a-z]+)?|\d+)$")


def counting_turn(games: dict, norm: str, p: dict, pick) -> GameTurn:
    """One turn of the counting game (up to ten, or down from ten when p["step"] is -1). A run of
    numbers ("one two three") counts from its last when it runs through the one expected."""
    c = games["counting"]
    step = p.get("step", 1)
    upto = UP_TO.match(norm)
    goal = [int(w) for w in spoken_form(upto.group(1)).split() if w.isdigit()] if upto else []
    if step > 0 and len(goal) == 1 and p["expected"] <= goal[0] <= 100:  # "to twenty": the bear counts on to it
        counted = ", ".join(str(n) for n in range(p["expected"] - 1, goal[0] + 1))
        return GameTurn(f"{counted}! We counted all the way to {goal[0]}. Well done!", "counting_done", over=True)
    run = numbers(games, norm)
    if not run:
        return GameTurn(None, "counting", nudge=f"Your turn! What comes after {p['expected'] - step}?")
    said = run[0]
    if len(run) > 1 and all(b - a == step for a, b in zip(run, run[1:])) and p["expected"] in run:
        said = p["expected"] = run[-1]
    if said != p["expected"]:
        return GameTurn(c["wrong"].format(last=p["expected"] - step, expected=p["expected"]), "counting")
    nxt = said + step
    if step < 0 and nxt <= 0:
        return GameTurn(c["down_done"], "counting_done", over=True)
    if step > 0 and nxt >= c["limit"]:
        done = c["done"].format(limit=c["limit"])
        return GameTurn(f"{nxt}! {done}" if nxt == c["limit"] else done, "counting_done", over=True)
    p["expected"] = nxt + step
    if step < 0 and nxt + step <= 0:  # the bear said one: blast off
        return GameTurn(f"{nxt}! {c['down_done']}", "counting_done", over=True)
    return GameTurn(pick("count.right", c["right"]).format(next=nxt), "counting")


def spelling_turn(games: dict, norm: str, p: dict, pick) -> GameTurn:
    """One turn of the spelling game."""
    s = games["spelling"]
    word, pos = p["word"], p["pos"]
    words = norm.split()
    letters = [x for x in (games["letters"].get(w) for w in words) if x]
    if not letters or len(words) > 4:
        return GameTurn(None, "spelling", nudge=f"What letter comes after {word[pos - 1].upper()}?")
    spelled = ", ".join(c.upper() for c in word)
    done = s["done"].format(spelled=spelled, word=word)
    if word[pos] in letters:
        pos += 1
        if pos >= len(word):
            return GameTurn(done, "spelling_done", over=True)
        bear_letter = word[pos].upper()  # the bear's turn: it says the next letter, then the child goes on
        pos += 1
        if pos >= len(word):
            return GameTurn(f"{bear_letter}! {done}", "spelling_done", over=True)
        p["pos"] = pos
        right = pick("spell.right", s["right"]).format(letter=word[pos - 2].upper())
        return GameTurn(f"{right.rstrip('?').rstrip()}, and I say {bear_letter}. What comes next?", "spelling")
    p["pos"] = pos + 1
    if p["pos"] >= len(word):
        return GameTurn(f"Good try! The last letter is {word[pos].upper()}. {done}", "spelling_done", over=True)
    return GameTurn(s["wrong"].format(letter=word[pos].upper()), "spelling")


def hide_and_seek(b, c: Ctx) -> Reply:
    """Start hide and seek."""
    h = b.moments.hide_and_seek
    start = b.pick(c.session, "hide.start", h["start"])
    guess = b.pick(c.session, "hide.guess", h["guesses"])
    c.session.pending = {"kind": "hide_seek", "guesses": 1}
    c.session.last_topic = "hide_and_seek"
    return Reply(f"{start} {h['count']} {guess}", "hide_and_seek", expects_answer=True)


def expect_hide(b, c: Ctx, p: dict) -> Reply | None:
    """The answer during hide and seek; None when the line is about something else."""
    h = b.moments.hide_and_seek
    if c.intent == "yes" or re.search(r"\b(found me|you found|yes)\b", c.canon):
        c.session.pending = {"kind": "offer", "yes": "hide_and_seek", "no": ""}
        return Reply(b.pick(c.session, "hide.found", h["found"]) + " Shall we play again?", "hide_and_seek",
                     expects_answer=True)
    if c.intent == "no" or re.search(r"\b(no|nope|not here|wrong|cold)\b", c.canon):
        if p["guesses"] >= 4:
            c.session.pending = None
            return Reply(b.pick(c.session, "hide.give_up", h["give_up"]), "hide_and_seek", expects_answer=True)
        p["guesses"] += 1
        return Reply(f"{b.pick(c.session, 'hide.not_found', h['not_found'])} "
                     f"{b.pick(c.session, 'hide.guess', h['guesses'])}", "hide_and_seek", expects_answer=True)
    return None


# --- starting a game, and its turns in the conversation (the brain's handlers) -----------------
def counting_game(b, c: Ctx) -> Reply:
    """Start the counting game (not at bedtime)."""
    if c.bedtime:
        return Reply(b.content.bedtime["no_games"], "counting_game", expects_answer=True)
    c.session.last_topic = None
    start = FROM.search(c.canon)
    if DOWN.search(c.canon) and start and 3 <= int(start.group(1)) <= 100:  # "count backwards from five"
        top = int(start.group(1))
        c.session.pending = {"kind": "counting", "expected": top - 2, "step": -1}
        return Reply(f"Let's count backwards from {top}! I'll start: {top}, {top - 1}! What comes next?",
                     "counting_game", expects_answer=True)
    if DOWN.search(c.canon):  # "let's count backwards": from ten, taking turns
        c.session.pending = {"kind": "counting", "expected": 9, "step": -1}
        return Reply(b.content.games["counting"]["down_start"], "counting_game", expects_answer=True)
    c.session.pending = {"kind": "counting", "expected": 2}
    return Reply(b.content.games["counting"]["start"], "counting_game", expects_answer=True)


DOWN = re.compile(r"\b(?:backwards?|count ?down|down from)\b")
FROM = re.compile(r"\bfrom (\d{1,3})$")


SPELL_WORD = re.compile(r"\b(?:how (?:do|does|can) (?:you|i|we|one) spell|can you spell|spell|what is the spelling of) "
                        r"(?:the word |word )?([a-z]{2,14})$")


def spelling_game(b, c: Ctx) -> Reply:
    """Start the spelling game (not at bedtime)."""
    if c.bedtime:
        return Reply(b.content.bedtime["no_games"], "spelling_game", expects_answer=True)
    s = b.content.games["spelling"]
    asked = SPELL_WORD.search(c.canon)
    if asked and asked.group(1) not in ("something", "words", "word", "it", "that", "me", "a", "things"):
        word = asked.group(1)
        return Reply(f"{word[:1].upper()}{word[1:]} is spelled {', '.join(word.upper())}. "
                     "Shall we play a spelling game?", "spelling_game", expects_answer=True)
    fresh = [w for w in s["words"] if not c.session.taken("spell", w)] or list(s["words"])
    word = b.rng.choice(fresh)
    c.session.take("spell", word)
    c.session.pending = {"kind": "spelling", "word": word, "pos": 1}
    c.session.last_topic = None
    return Reply(s["start"].format(word=word, first=word[0].upper()), "spelling_game", expects_answer=True)


def expect_game(b, c: Ctx, p: dict) -> Reply | None:
    """A turn of the game under way; None when the line is about something else."""
    kind = p["kind"]
    if c.intent == "stop" or re.search(r"\b(stop|finish|enough|no more|end the game|different game)\b", c.norm):
        c.session.pending = None
        return Reply("Okay, game over! That was fun. What shall we do next?", f"{kind}_stop", expects_answer=True)
    if kind == "counting" and ASKS_AFTER.search(c.canon):  # a question about numbers, not the child's turn
        from bear.talk.follow_ups import next_number

        answer = next_number(b, c)
        if answer is not None:
            c.session.pending = None
            return answer
    turn = (counting_turn if kind == "counting" else spelling_turn)(
        b.content.games, c.norm, p, lambda key, options: b.pick(c.session, key, options))
    if turn.text is None:  # no number / letter in what the child said
        if (c.intent is not None and c.confidence >= MIN_CONFIDENCE and c.intent not in (
                "yes", "no", "dont_know", "chitchat", "counting_game", "spelling_game", "repeat", "play")) \
                or re.search(r"\bhow (?:do|does|can) (?:you|i|we) spell\b|\bspell (?!it\b|that\b)\w+ for me\b",
                             c.canon):
            c.session.pending = None
            return None  # they moved on: the game ends
        return Reply(turn.nudge, kind, expects_answer=True)
    if turn.over:
        c.session.pending = None
    return Reply(turn.text, turn.intent, expects_answer=not turn.over)
