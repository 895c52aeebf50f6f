"""Riddles: one not asked yet today (about a topic when the bear has one), and the child's answer: right,
a clue asked for or after a first wrong guess, then the answer; a question of the child's own is no guess."""

from __future__ import annotations

import re

from bear.talk import child_riddles
from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply

DONT_KNOW = re.compile(r"\b(i do not know|dunno|no idea|give up|tell me the answer|just tell me|tell me what it is|"
                       r"what is it|i do not get it|not sure)\b|^tell me$")
GUESS = re.compile(r"^(?:(?:um|erm|hmm|oh|ok) )*(?:is it|it is|its|maybe|i think it is|i think it s|i guess|"
                   r"could it be) (?:a |an |the |some )?[a-z]+$")
# "give me a clue", "can i have a hint", "help me": a riddle's clue
CLUE = re.compile(r"\b(?:clue|hint|clues|hints)\b|^(?:please )?help(?: me)?(?: please)?$|\bhelp me guess\b")
RIDDLE_ABOUT = re.compile(r"\briddles? (?:about|with|on|for) (?:an |a |the |some )?([a-z]+)")


def riddle(b, c: Ctx) -> Reply:
    """Ask a riddle not asked yet today (the answer is expected next)."""
    fresh = [r for r in b.content.riddles if not c.session.taken("riddle", r.question)]
    if not fresh:
        c.session.last_topic = None
        return Reply("I've asked all my riddles today! Shall we play a counting game instead?", "riddle",
                     expects_answer=True)
    topic = RIDDLE_ABOUT.search(c.canon)  # "a riddle about animals": one of those when the bear has one
    about = [r for r in fresh if topic and {topic.group(1), topic.group(1).removesuffix("s")} & set(r.topics)]
    r = b.rng.choice(about or fresh)
    c.session.take("riddle", r.question)
    c.session.pending = {"kind": "riddle", "riddle": r}
    c.session.last_topic = "riddle"
    intro = "I don't know a riddle about that yet, but here's another." if topic and not about else "Here's a riddle."
    return Reply(f"{intro} {r.question}", "riddle", expects_answer=True)


def expect_riddle(b, c: Ctx, p: dict) -> Reply | None:
    """The child's answer to a riddle; None when the line is about something else."""
    from bear.talk.spoken import folded

    r = p["riddle"]
    said_back = child_riddles.riddle_said_back(b, c)  # the child says a riddle: that one is asked now
    if said_back is not None:
        return said_back
    words = f" {c.norm} "
    if re.match(r"^(?:why|how|where|when|who|what (?:is|are|do|does) (?:a|an|the|we|you)) \w+ \w+", c.canon) \
            and not DONT_KNOW.search(c.canon) and not any(f" {folded(a)} " in words for a in r.answers):
        return None  # "why do we have eyelashes": a question of the child's own, no guess
    if CLUE.search(c.canon) and not p.get("clued") and not any(f" {folded(a)} " in words for a in r.answers):
        p["clued"] = True  # one clue, then the answer
        answer = r.answers[0]
        return Reply(f"Here's a clue: it starts with the letter {answer[0].upper()}, and it has {len(answer)} letters. "
                     "What do you think it is?", "riddle", expects_answer=True)
    if any(f" {folded(a)} " in words for a in r.answers):
        text = f"Yes, you got it! {r.reveal} Want another riddle?"
    elif not p.get("clued") and GUESS.match(c.canon) and c.intent not in ("dont_know", "repeat") \
            and not DONT_KNOW.search(c.canon):
        p["clued"] = True  # a first wrong guess: not quite, a clue and another go; then the answer
        answer = r.answers[0]
        return Reply(f"No, not quite! Here's a clue: it starts with the letter {answer[0].upper()}. Have another go!",
                     "riddle", expects_answer=True)
    elif c.intent in ("dont_know", "repeat") or DONT_KNOW.search(c.canon) or GUESS.match(c.canon) or not (
            c.intent is not None and c.confidence >= MIN_CONFIDENCE
            and c.intent not in ("question", "chitchat", "animal_fact", "yes", "no", "dont_know", "riddle")):
        text = f"Good try! The answer is: {r.reveal} Want another riddle?"
    else:
        return None  # the child moved on to something else
    c.session.pending = {"kind": "riddle_done", "riddle": r}  # "yes" is another; a late guess is answered
    return Reply(text, "riddle_answer", expects_answer=True)
