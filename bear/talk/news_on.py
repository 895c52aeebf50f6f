"""The child's news carried on: a line that starts a thread ("i have a wobbly tooth", "i got a new
bike", "why do we have to eat vegetables") makes the next line or two more of it ("it just came
out", "its red with a bell", "but i hate peas"), answered about that thread rather than as news
of its own. A detail's pattern must match (any short statement gets the thread's default), and a
clear request for something else, a question the thread does not know, or a risky line (the
safety layer, before this) is never taken for it.

Content: `content/news_on.toml`. The child's own words are said back only when on a detail's `say` list.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply

TURNS = 2  # a thread is carried on this many turns after the news that started it
QUESTION = re.compile(r"^(?:why|what|how|where|when|who|which|can|could|do|does|did|is|are|was|were|will|would|"
                      r"have|has|should|shall)\b")
# intents that ask for something else: never taken for more of the news (unless a detail's words say so)
ELSEWHERE = frozenset({"goodbye", "stop", "story", "song", "joke", "riddle", "hide_and_seek", "counting_game",
                       "spelling_game", "scared", "grief", "sleep", "hug", "how_are_you", "help", "repeat", "another",
                       "greeting", "love_you", "set_name", "ask_my_name", "animal_fact"})


@dataclass(frozen=True)
class Detail:
    """More of the news: its patterns, the words that may be said back, and the replies."""

    patterns: tuple[re.Pattern, ...]
    say: tuple[str, ...]
    replies: tuple[str, ...]
    replies_said: tuple[str, ...]


@dataclass(frozen=True)
class Thread:
    """News that the next lines carry on."""

    name: str
    news: tuple[re.Pattern, ...]
    details: tuple[Detail, ...]
    default: tuple[str, ...]


@lru_cache(maxsize=1)
def threads() -> tuple[Thread, ...]:
    """content/news_on.toml."""
    data = tomllib.loads(resources.files("bear.talk").joinpath("content/news_on.toml").read_text(encoding="utf-8"))
    out = []
    for t in data["thread"]:
        details = tuple(Detail(tuple(re.compile(p) for p in d["patterns"]), tuple(d.get("say", ())),
                               tuple(d["replies"]), tuple(d.get("replies_said", ()))) for d in t.get("detail", ()))
        out.append(Thread(t["name"], tuple(re.compile(p) for p in t["news"]), details, tuple(t["default"])))
    return tuple(out)


SAD = re.compile(r"\b(?:died|dead|die|dying|passed away|lost(?! (?:my |a |another |one of my |my first |my second )?"
                 r"(?:wobbly |baby )?(?:tooth|teeth)\b)|missing|poorly|sick|ill|hurt|hurts|ran away|run away|"
                 r"gone|sad|crying|cried|hate|hit|kicked|bit me|bitten)\b")
# replies that are no news: a thread is not started by asking for a song about a farm, or by a game
NOT_NEWS = frozenset({"grief", "safety", "news_on", "song", "story", "joke", "riddle", "riddle_answer", "poem",
                      "tongue_twister", "knock_knock", "play", "counting_game", "spelling_game", "hide_and_seek",
                      "i_spy", "guessing_game", "goodbye", "stop"})


def remember(session, canon: str, reply: Reply) -> None:
    """After each reply: the thread the child's line starts (not a sad or risky line's, not a detail's: after a
    detail the thread goes on from its news, "i got a puppy" ... "she's fluffy" ... "guess her name")."""
    if reply.intent == "news_on" and not reply.safety and not SAD.search(canon):
        return
    if reply.safety or reply.intent in NOT_NEWS or SAD.search(canon):
        session.news_thread = None
        return
    hit = next((t.name for t in threads() if any(p.search(canon) for p in t.news)), None)
    if hit is not None:
        session.news_thread = (hit, session.turns)


# a question to the bear about the news ("what's your favourite topping?", "what kind of pizza?"), not about the world
ABOUT_BEAR = re.compile(r"\b(?:you|your|yours)\b|\bwhat (?:kind|sort) of\b")
WH = re.compile(r"^(?:(?:and|so|but|um) )*(?:what|which|why|how|who|where|when)\b")


def carried_on(b, c: Ctx) -> Reply | None:
    """More of the news the thread is about, answered about it; else None."""
    thread_at = c.session.news_thread
    if thread_at is None or c.session.turns - thread_at[1] > TURNS:
        return None
    thread = next((t for t in threads() if t.name == thread_at[0]), None)
    if thread is None:
        return None
    asked = WH.match(c.canon) and not ABOUT_BEAR.search(c.canon)
    for d in thread.details:
        if asked and d.say:  # a thing the child names ("pepperoni!"), not asked about ("what's the stringy cheese?")
            continue
        if any(p.search(c.canon) for p in d.patterns):
            if c.intent in ("goodbye", "stop", "scared", "grief", "sleep") and c.confidence >= MIN_CONFIDENCE:
                return None
            return _said(b, c, thread, d)
    if any(p.search(c.canon) for p in thread.news) and len(c.words) > 3:
        return None  # the news said again, or more: answered as news
    if QUESTION.match(c.canon) or len(c.words) > 12 or (c.intent in ELSEWHERE and c.confidence >= MIN_CONFIDENCE) \
            or c.emotion in ("sadness", "fear", "anger") or SAD.search(c.canon):
        return None
    if c.intent in ("yes", "no", "dont_know", "thanks") and len(c.words) <= 2:
        return None
    if b.moments.recognise(c.canon, question=False) is not None:  # a moment of its own ("he likes to play"): that
        return None
    return Reply(b.pick(c.session, f"news_on.{thread.name}", thread.default), "news_on")


def _said(b, c: Ctx, thread: Thread, d: Detail) -> Reply:
    line = f" {c.canon} "
    said = next((w for w in sorted(d.say, key=len, reverse=True) if f" {w} " in line), None)
    if said and d.replies_said:
        text = b.pick(c.session, f"news_on.{thread.name}.said", d.replies_said).format(said=said,
                                                                                     Said=said.capitalize())
    else:
        text = b.pick(c.session, f"news_on.{thread.name}", d.replies)
    c.session.news_thread = None  # answered: the thread is done
    return Reply(text, "news_on", expects_answer=text.rstrip().endswith("?"))
