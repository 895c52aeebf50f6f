"""A riddle the child says: one of the bear's own, which the bear guesses (or, said back in the bear's riddle
game, asks again), or one the bear does not know, which stumps it until the child tells the answer."""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply

# --- a riddle the child says back -------------------------------------------------------------------------
# "i've got a riddle for you": the child asks the riddle, the bear guesses
RIDDLE_FOR_YOU = re.compile(r"^(?:(?:i|i ve|i have|i got|ive|i know) (?:got )?(?:a|an) (?:good |funny |great |hard |"
                            r"tricky |really good )?riddle(?: for you| for u)?|(?:can i|let me|i want to|i wanna) "
                            r"(?:tell|ask) you "
                            r"(?:a|an|my) (?:good |funny |hard |tricky )?riddle|"
                            r"here is (?:a|my) riddle|here s (?:a|my) riddle|(?:a )?riddle for you|"
                            r"guess this riddle) ?")


def recited_riddle(b, c: Ctx):
    """The bear's riddle that the child says ("what has hands but can't clap?"), or None."""
    from bear.talk.spoken import folded

    said = re.sub(r"\bwhats\b", "what is", RIDDLE_FOR_YOU.sub("", c.norm))  # "whats black and white ..."
    words = {_stem(w) for w in said.split()} - {"do", "you", "give", "up", "teddy", "a", "the", "it", "and", "but"}
    if len(words) < 3:
        return None
    shaped = _RIDDLE_Q.match(RIDDLE_FOR_YOU.sub("", c.norm)) is not None
    mine = words - _GENERIC
    best, share = None, 0.0
    for r in b.content.riddles:
        theirs = {_stem(w) for w in folded(r.question).split()} - {"a", "the", "it", "and", "but"}
        s = len(words & theirs) / max(len(theirs), len(words))
        both = mine & (theirs - _GENERIC)  # said in other words: "what has keys but can't open locks"
        if shaped and len(both) >= 2 and len(both) >= 0.6 * len(mine):
            s = max(s, 0.6)
        if s > share:
            best, share = r, s
    riddle_like = shaped or RIDDLE_FOR_YOU.match(c.norm) or re.search(r"^(?:what|who) am i\b|\b(?:what|who) am i$",
                                                                      c.norm)
    if share < 0.8 and not riddle_like:
        return None  # "what animal has the longest neck" is a question, not the bottle riddle
    return best if share >= 0.6 else None


def _stem(word: str) -> str:
    """A word without its plural or verb "s" ("holes", "holds"), to match a riddle said in other words."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


# a line said like a riddle, to match one of the bear's own said in other words: looser than RIDDLE_SHAPE (below),
# which alone makes an unknown line a riddle that stumps the bear ("what is a whale and not a fish" is a question)
_RIDDLE_Q = re.compile(r"^(?:(?:teddy|hey|ok|okay|so|um) )*(?:what|whats) "
                       r"(?:has|have|s got|got|has got|goes|gets|can|is|am)\b"
                       r".{0,50}"
                       r"\b(?:(?:but|and) (?:it |is |it is |it s )?(?:no|not|never|can ?t|cannot|can not|doesn ?t|"
                       r"does not|won ?t|isn ?t)|the more)\b")
_GENERIC = frozenset("what has have got can cant can t cannot not no never but and or is are am i me you your of lots "
                     "a an the it s does doesn t do".split())


# "what do you call a bear with no teeth?": a joke's question the child asks the bear
JOKE_ASKED = re.compile(r"^(?:(?:teddy|hey|ok|okay|so|um|here is a joke|i have got a joke|i ve got a joke|i got a joke|"
                        r"i have a joke|knock knock) )*(?:what do you call|what did|why did|why do|why does|why is|"
                        r"why are|what is|whats|how do you|how does|what has|what do|where do|where does|which)\b")


_JOKE_WORDS = frozenset("what do does did you call a an the is are why how where which with has have to of it its"
                        .split())


def joke_said_back(b, c: Ctx) -> Reply | None:
    """The child asks the bear one of its own jokes ("what do you call a fish with no eyes?"): the bear
    knows the punchline and laughs; None when the line is none of its jokes."""
    from bear.talk.spoken import folded

    if not JOKE_ASKED.match(c.norm):
        return None
    said = set(re.sub(r"\bwhats\b", "what is", c.norm).split())
    if len(said) < 5:
        return None
    jokes = list(b.content.jokes) + [j for _, js in b.content.joke_topics for j in js]
    for joke in jokes:
        question, _, punchline = joke.partition("?")
        if not punchline.strip():
            continue
        theirs = set(folded(question).split())
        mine, its = said - _JOKE_WORDS, theirs - _JOKE_WORDS  # the joke's own words, not "what do you call a"
        if its and len(said & theirs) / max(len(said), len(theirs)) >= 0.8 \
                and len(mine & its) / max(len(mine), len(its)) >= 0.75:
            c.session.last_topic = "joke"
            c.session.pending = {"kind": "riddle_guessed", "reveal": punchline.strip(), "answers": []}
            return Reply(f"Ooh, I know this one! {punchline.strip()} Ha ha! Have you got another joke?", "joke",
                         expects_answer=True)
    return None


def riddle_said_back(b, c: Ctx) -> Reply | None:
    """The child asks the bear a riddle: one the bear knows it guesses ("what has hands but can't clap?"
    -> "I know! A clock!"), unless it is said back in the bear's own riddle game (then it is the riddle
    asked: a guess and "I give up" are judged against it); one it does not know stumps it (the child's
    answer is asked for); None when the line is no riddle."""
    if _GIVE_UP_ASKED.match(c.norm) and c.session.last_topic == "riddle" \
            and (c.session.pending or {}).get("kind") != "riddle":  # after the bear guessed the child's riddle
        return Reply("No need, I think I guessed it! Was I right? Tell me another one!", "riddle", expects_answer=True)
    if RIDDLE_FOR_YOU.fullmatch(re.sub(r" (?:teddy|please)$", "", c.norm.strip())):
        c.session.last_topic = "riddle"  # "i know a riddle": the bear listens for it
        c.session.pending = {"kind": "riddle_coming"}
        return Reply("Ooh, a riddle for me! Go on, tell me, and I'll try to guess it.", "riddle", expects_answer=True)
    r = recited_riddle(b, c)
    asked = RIDDLE_FOR_YOU.sub("", c.norm) if RIDDLE_FOR_YOU.match(c.norm) else \
        c.norm if RIDDLE_SHAPE.match(c.norm) else ""
    if r is None and re.match(r"(?:what|who|why|where|how|which)\b", asked) and len(asked.split()) >= 3:
        c.session.last_topic = "riddle"  # a riddle of the child's the bear does not know: it is stumped
        c.session.pending = {"kind": "child_riddle"}
        return Reply("Ooh, a riddle for me! Hmm, let me think... I'm stumped! What's the answer?", "riddle",
                     expects_answer=True)
    if r is None:
        return None
    in_game = (c.session.pending or {}).get("kind") == "riddle"
    c.session.last_topic = "riddle"
    if in_game and not RIDDLE_FOR_YOU.match(c.norm):  # said back in the bear's riddle game: that one is asked now
        c.session.pending = {"kind": "riddle", "riddle": r}
        return Reply("Ooh, I know that riddle! Can you guess the answer? Or say I give up.", "riddle",
                     expects_answer=True)
    # the child asks the bear one it knows: it guesses, and asks for another
    c.session.pending = {"kind": "riddle_guessed", "reveal": r.reveal, "answers": list(r.answers)}
    return Reply(f"Hmm, let me think... I know! {r.reveal} Have you got another one?", "riddle",
                 expects_answer=True)


# a riddle said without "i've got a riddle": "what has keys but can't open locks", "what has a face but no eyes"
RIDDLE_SHAPE = re.compile(r"^what (?:has|have|has got|s got) (?:a |an |lots of |\w+ )?\w+(?: \w+)? (?:but|and) "
                          r"(?:can ?t|cannot|can not|doesn ?t|does not|no|never|not)\b|"
                          r"^what (?:goes|gets|can you|can) .{3,40} but (?:never|can ?t|cannot|can not|not)\b")


def expect_child_riddle(b, c: Ctx, p: dict) -> Reply | None:
    """The answer to the child's riddle the bear was stumped by: said back only when vetted."""
    from bear.talk.vetting import vet_thing

    c.session.pending = None
    if _GIVE_UP_ASKED.match(c.norm):  # "do you give up?": the bear does, and still wants the answer
        c.session.pending = p
        return Reply("Yes, I give up! You got me. What's the answer?", "riddle", expects_answer=True)
    if _GO_ON_GUESS.fullmatch(c.norm):
        c.session.pending = p  # "go on, guess!": a try, and the answer is still wanted
        return Reply("Hmm... is it a banana? No? I really don't know! What's the answer?", "riddle",
                     expects_answer=True)
    if _NOBODY_KNOWS.search(c.norm):  # "i don't know, tell me": neither of them knows it
        return Reply("Hmm, I don't know either! It's a real puzzler. Maybe a grown-up knows the answer. "
                     "Shall I tell you one of my riddles?", "riddle", expects_answer=True)
    answer = re.sub(r"^(?:(?:its|it is|it s|the answer is|answer is|um|erm) )+", "", c.norm)
    if not answer or len(answer.split()) > 5 or (c.intent in ("stop", "goodbye", "story", "song", "joke")
                                                and c.confidence >= 0.5):
        return None
    thing = vet_thing(answer)
    said = f"{thing[:1].upper()}{thing[1:]}! " if thing else ""
    return Reply(f"{said}Oh, of course! That's a clever riddle. Have you got another one?", "riddle",
                 expects_answer=True)


_GIVE_UP_ASKED = re.compile(r"^(?:(?:so|well|ok|okay|teddy|come on) )*(?:do you give up|do you give in|you give up|"
                            r"give up|do you want to give up|are you giving up)(?: yet| now| teddy)?$")
_NOBODY_KNOWS = re.compile(r"^(?:(?:um|erm|hmm|no|i|teddy) )*(?:i (?:do not|don t|dont) know|no idea|i forgot|i forget|"
                           r"i (?:do not|don t|dont) remember|you tell me|tell me)\b")


def expect_riddle_coming(b, c: Ctx, p: dict) -> Reply | None:
    """The riddle the child said they had: guessed when the bear knows it, else the bear is stumped."""
    from dataclasses import replace

    c.session.pending = None
    if c.intent in ("stop", "goodbye") or not re.match(r"(?:what|who|why|where|how|which|when|i am|i have|i m|i ve)\b",
                                                      c.norm) or len(c.words) < 3:
        return None
    return riddle_said_back(b, replace(c, norm=f"i have a riddle for you {c.norm}"))


_LEAD = r"(?:(?:go on|come on|ok|okay|so|teddy|well) )*"
_GUESS = r"(?:guess|have a guess|you guess|make a guess|just guess|try|have a go|can you guess)"
_GO_ON_GUESS = re.compile(_LEAD + _GUESS + r"(?: teddy| then)?")  # "go on, guess!"
_GUESS_ASKED = re.compile("^" + _LEAD + r"(?:" + _GUESS + r"|do you know|do you know it|what is it|whats it|"
                          r"(?:what is|whats) the answer|do you give up|give up)(?: teddy| then| yet)?$")


def expect_riddle_guessed(b, c: Ctx, p: dict) -> Reply | None:
    """After the bear guessed the child's riddle: "go on, guess!" hears the guess again; else None."""
    from bear.talk.guessing import NO, YES

    c.session.pending = None
    if _TELL_AGAIN.fullmatch(c.norm):  # "i give up", "tell me", "what?": the answer again
        return Reply(f"The answer is: {p['reveal']} Have you got another one?", "riddle", expects_answer=True)
    if p.get("asked") and (YES.match(c.canon) or c.intent == "yes") and not NO.match(c.canon):
        return Reply("Hooray, I got it! That's a good riddle. Have you got another one?", "riddle", expects_answer=True)
    if p.get("asked") and (NO.match(c.canon) or c.intent == "no"):
        c.session.pending = {"kind": "child_riddle"}
        return Reply("Oh no, I got it wrong! What's the answer then?", "riddle", expects_answer=True)
    if len(c.words) <= 5 and any(re.search(rf"\b{re.escape(a)}\b", c.norm) for a in p.get("answers", ())):
        return Reply("Yes! That's what I guessed! That's a good riddle. Have you got another one?", "riddle",
                     expects_answer=True)  # "a shoe!": the child tells the answer the bear guessed
    if not _GUESS_ASKED.match(c.norm):
        return None
    c.session.pending = {**p, "asked": True}
    return Reply(f"I think I guessed it: {p['reveal']} Was I right?", "riddle", expects_answer=True)


_TELL_AGAIN = re.compile(r"(?:(?:um|erm|hmm|no|so|ok|okay|teddy|but|oh) )*"
                         r"(?:i (?:do not|dont) know(?: why| what)?|no idea|"
                         r"(?:you )?tell me(?: the answer)?|what|what is it|whats the answer|what is the answer|"
                         r"i give up|give me a clue|a clue|clue|why|huh)(?: teddy| please)?")


EXPECTATIONS = {"child_riddle": expect_child_riddle, "riddle_coming": expect_riddle_coming,
                "riddle_guessed": expect_riddle_guessed}
