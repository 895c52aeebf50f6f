"""The next turn of a game or a story already going, and a request that names what it wants.

Before the bear's pending question is looked at (`first`): a rhyme asked for in any game ("what
rhymes with dog", "and with moon" after a rhyme), and "i want a different animal" while the bear
pretends to be one. In the engine's chain (`asked`):

- a story asked for in so many words ("tell me a story about a robot ...", "a story instead")
  whatever the line also sounded like (a pretend game, a stop);
- after a story: "what happened next?" / "and then?" once it has ended, "was it real?", and "a
  pirate one" / "the forest one" (a story about that, when the bear knows one);
- after a joke: "that's silly" / "haha", and "the dog one" / "a dinosaur one" (a joke about it);
- after a song: "louder", "quieter", "faster", "slower" (the song again, that way);
- at bedtime: "ten more minutes"; counting together: "i'm at ten"; after a times table: "can we
  do the same with five"; rock paper scissors: "i win"; I spy: "my turn", "no, you go first",
  "something beginning with b".

Content: `content/play_turns.toml`. Only numbers and words of the bear's own lists are said back.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from functools import lru_cache
from importlib import resources

from bear.talk.turn import MIN_CONFIDENCE, Ctx, Reply

NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
           "seventeen eighteen nineteen twenty").split()
LEAD = r"^(?:(?:and|so|but|ok|okay|yeah|yes|um+|oh|no|nooo*|please|teddy) )*"

RHYME_MORE = re.compile(LEAD + r"(?:what about |and |with |now )+(?:with )?(?:the word )?([a-z]+)$")
DIFFERENT = re.compile(r"\b(?:a different|another|a new|other) (?:animal|one|thing)\b|\b(?:be|do) something else\b")

STORY_ASKED = re.compile(LEAD + r"(?:(?:can|could|will|would) you |i want you to |please )*(?:(?:tell|read|make up)"
                         r" (?:me |us )?|(?:i want|i would like|can i have|can we have|let s have|lets have|"
                         r"let us have|i wanna hear|i want to hear) )"
                         r"(?:a |another |one more )?(?:bedtime |new |different |little )?story\b")
INSTEAD = re.compile(r"\b(?:a|an|another|some|one) (story|song|joke|riddle)s? instead\b")
AFTER_END = re.compile(LEAD + r"(?:then what|what happened next|what happens next|what happened after(?: that)?|"
                       r"what happened then|then what happened|then what happens|and then|then|what next|"
                       r"what did (?:they|he|she|it) do next|"
                       r"and after that|what then)(?: teddy)?$")
REAL = re.compile(LEAD + r"(?:was it|is it|was that|is that|was (?:he|she|they)|are (?:they|there)) (?:a )?"
                  r"(?:real|true|really real|true story|real story)$|^did (?:that|it|this) really happen$")
THE_END = re.compile(LEAD + r"(?:and )?(?:the end|and they lived happily ever after|happily ever after)(?: the end)?$")
STORY_PICK = re.compile(LEAD + r"(?:a|an|the|one|1) (?:with (?:a |an |the )?|about (?:a |an |the )?)?"
                        r"([a-z]+)(?: (?:one|1|story))?$")
LAUGH = r"(?:(?:ha)+h?|(?:he)+|lol|hee hee)"
LAUGHED = re.compile(LEAD + rf"(?:{LAUGH} )*(?:{LAUGH}|(?:that s|thats|that is|that was|it s|its|you re|"
                     r"you are|that one s) (?:so |really |very |super )?(silly|funny|hilarious|daft|rubbish|"
                     r"cheesy|terrible|bad|a good one|good))(?: teddy)?$")
JOKE_PICK = re.compile(LEAD + r"(?:tell me )?(?:a |an |the |one )?(?:(?:one |1 |joke )?about (?:a |an |the )?)?"
                       r"([a-z]+)(?: (?:one|1|joke))?$")
SONG_WAY = re.compile(LEAD + r"(?:(?:now|can you|could you|will you|please) )*"
                      r"(?:sing (?:it |that |that one |the song )?|do it |again )?"
                      r"(louder|quieter|softer|faster|slower|more quietly|more loudly|again|one more time|once more)"
                      r"(?: (?:please|this time|again|teddy|now))*$")
MORE_MINUTES = re.compile(LEAD + r"(?:can i have |can we have |just |only |i want |pleeease |another )*"
                          r"(\d{1,2}|[a-z]+) more minutes?(?: please| teddy)*$")
AT_NUMBER = re.compile(LEAD + r"(?:i m|i am|im|we re|we are|i got|i have got|i counted|i ve got|we got) "
                       r"(?:at|on|up to|to) (\d{1,3})$")
SAME_WITH = re.compile(LEAD + r"(?:can we |let s |lets |let us |now |shall we |could we )*(?:do |try )?"
                       r"(?:the same|that|it|one) (?:with|for) (\d{1,2})(?: now| please)?$")
TIMES_SAID = re.compile(r"\b(\d{1,2}) times (\d{1,2}) is (\d+)")
WON = re.compile(LEAD + r"(?:yay |yes |hooray )*(?:i (win|won|beat you)|you (lose|lost)|(?:you|teddy) (win|won)|"
                 r"i (lose|lost))\b")
MY_TURN = re.compile(LEAD + r"(?:my turn|can i (?:go|have a go|spy|do one)(?: now)?|let me (?:go|spy|have a go)|"
                     r"i ll go|i will go|i go (?:now|next|first)|i want to (?:go|spy))(?: now| next| first)?$")
YOU_FIRST = re.compile(LEAD + r"you (?:go|start|do it|spy|do one|choose)(?: first| now)?$")
# "can you give me a quiz", "quiz me", "pretend you're my teacher and ask me a question": the bear asks
QUIZ = re.compile(r"\b(?:give me|do|have|play|start|want|like|make) (?:a |an |another )?(?:little |fun )?quiz\b|"
                  r"\bquiz me\b|\bask me (?:a |some |another )?(?:question|questions)\b|"
                  r"\b(?:you are|you re|youre|ur|you be|be) (?:my|the|a|our) teacher\b")
# "ok i'm ready", "go on then": the bear's question again
READY = re.compile(LEAD + r"(?:i m |i am |im |we re |we are )?(?:ready|go on|go on then|ask me|i m ready now)"
                   r"(?: now| teddy| then)?$")
SPY_BARE = re.compile(LEAD + r"(?:i spy (?:with my little eye )?)?something (?:beginning|starting) with "
                      r"(?:the letter )?([a-z]|are|bee|see|sea|dee|gee|jay|kay|pee|queue|cue|tee|vee|why|zed|zee)$"
                      r"|" + LEAD + r"something (red|blue|green|yellow|orange|purple|pink|brown|black|white|grey|gold|"
                      r"silver)$")


@lru_cache(maxsize=1)
def data() -> dict:
    """content/play_turns.toml."""
    return tomllib.loads(resources.files("bear.talk").joinpath("content/play_turns.toml").read_text(encoding="utf-8"))


def _pick(b, c: Ctx, table: str, key: str, **kw) -> str:
    return b.pick(c.session, f"play_turns.{table}.{key}", data()[table][key]).format(**kw)


def _said(c: Ctx, canon: str) -> Ctx:
    """The line as if the child had said `canon` (for a handler that reads the words)."""
    from bear.talk.spoken import folded

    return dataclasses.replace(c, canon=canon, norm=folded(canon))


def _number_word(n: int) -> str | None:
    return NUMBERS[n] if 0 <= n <= 20 else str(n) if n < 1000 else None


# --- before the pending question -----------------------------------------------------------------------
def first(b, c: Ctx) -> Reply | None:
    """A rhyme or a count asked for in any game, or another animal while pretending; else None."""
    from bear.talk import choice_games, word_games, word_play

    if word_play.RHYME.search(c.canon) and not ((c.session.pending or {}).get("kind") == "rhyme_game"
                                                and word_play.PAIR.match(c.canon)):
        c.session.pending = None
        return word_play.rhymes(b, c)
    if c.session.last_topic == "would_you_rather" and choice_games.RATHER_ASK.match(c.canon):  # "now you ask me one"
        c.session.pending = None
        return choice_games.would_you_rather(b, c)
    if word_games.COUNT_IN.search(c.canon) or word_games.COUNT_TO_IN.search(c.canon) \
            or word_play.COUNT_TO.match(c.canon):  # a count asked for, in any game
        c.session.pending = None
        return word_games.counting(c) or word_play.count_to(c)
    m = RHYME_MORE.match(c.canon)
    if m and re.search(r"\brhyme with\b", c.session.last_reply.lower()):
        c.session.pending = None
        return word_play.rhymes(b, _said(c, f"what rhymes with {m.group(1)}"))
    pending = c.session.pending or {}
    if pending.get("kind") == "story_together":  # "we could call her ember": the name, and the story goes on
        from bear.talk.answering import NAMED, named

        if NAMED.match(c.canon):
            reply = named(b, c)
            if reply is not None:
                return Reply(f"{reply.text} What happens next in our story?", "story", expects_answer=True)
    if pending.get("kind") in ("counting", "count", "counting_game") and AT_NUMBER.match(c.canon):
        return numbers_game(b, c)  # "we're at fifteen": counting on their own, the next number
    if pending.get("kind") == "maths" and READY.match(c.canon):  # "ok i'm ready": the question again
        question = re.split(r"(?<=[.!])\s+", c.session.last_reply.strip())[-1]
        return Reply(f"Here's your question: {question}", "question", expects_answer=True)
    if pending.get("kind") == "pretend" and DIFFERENT.search(c.canon):
        return _other_animal(b, c, pending["role"])
    if pending.get("kind") == "i_spy" and MY_TURN.match(c.canon):  # the child's turn, not a wrong guess
        return games_turn(b, c)
    if pending.get("kind") == "offer" and pending.get("yes") in ("joke", "story") and len(c.words) <= 6:
        # "yeah the dog one" to "Want another one?": that one, not any
        return after_joke(b, c) if pending["yes"] == "joke" else after_story(b, c)
    return None


ANIMAL_ROLES = ("dog", "cat", "lion", "dinosaur", "dragon", "monster")


def _other_animal(b, c: Ctx, role: int) -> Reply | None:
    from bear.talk.pretend import roles

    others = [i for i, r in enumerate(roles()) if i != role and r.words[0] in ANIMAL_ROLES]
    if not others:
        return None
    i = b.rng.choice(others)
    start = b.pick(c.session, f"pretend.{i}.start", roles()[i].start)
    c.session.pending = {"kind": "pretend", "role": i, "step": 0}
    return Reply(_pick(b, c, "pretend", "other", start=start), "play", expects_answer=True)


# --- in the chain -----------------------------------------------------------------------------------------
def _recent(c: Ctx, topic: str) -> bool:
    return c.session.last_topic == topic


def story_asked(b, c: Ctx) -> Reply | None:
    """A story asked for in so many words, whatever else the line sounded like."""
    from bear.talk import pretend
    from bear.talk.handlers import HANDLERS

    m = INSTEAD.search(c.canon)
    if m is not None:
        return HANDLERS[m.group(1)](b, c)
    if STORY_ASKED.match(c.canon) and (c.intent != "story" or pretend.role_in(c.canon) is not None):
        return HANDLERS["story"](b, c)
    return None


def after_story(b, c: Ctx) -> Reply | None:
    """"what happened next?" after a story that ended, "was it real?", "a pirate one"."""
    from bear.talk.activities import story
    from bear.talk.stories import load_stories

    told, at = c.session.last_story
    if THE_END.match(c.canon) and (_recent(c, "story") or any("story" in h for h in c.session.heard[-3:])):
        from bear.talk.story_more import _pick as story_pick

        c.session.pending = None  # "the end" of a story made together: a happy ending, whoever ended it
        return Reply(story_pick(b, c, "together", "ending"), "story")
    if not told and not _recent(c, "story"):
        return None
    recent = c.session.turns - at <= 3 if told else True
    last = c.session.last_reply
    if recent and REAL.match(c.canon):
        return Reply(_pick(b, c, "story", "real"), "story", expects_answer=True)
    if told and recent and AFTER_END.match(c.canon) and "The end" in last:
        sentences = [x for x in re.split(r"(?<=[.!?])\s+", told) if x and not x.startswith("The end")]
        c.session.pending = {"kind": "offer", "yes": "story", "no": ""}
        return Reply(f"It ended like this: {sentences[-1]} {_pick(b, c, 'story', 'after_end')}".strip(), "story",
                     expects_answer=True)
    m = STORY_PICK.match(c.canon)
    if m is None or not _recent(c, "story") or len(c.words) > 6:
        return None
    word = m.group(1)
    if word in ("other", "same", "next", "first", "last", "end", "new", "different", "long", "short", "good"):
        return None
    topics = {t for s in list(b.content.stories) + list(load_stories()) for t in s.topics}
    if word not in topics and word.rstrip("s") not in topics:
        return None
    c.session.pending = None
    return story(b, _said(c, f"tell me a story about {word}"))


def after_joke(b, c: Ctx) -> Reply | None:
    """"that's silly" / "haha" after a joke; "the dog one" (a joke about it)."""
    if not _recent(c, "joke"):
        return None
    m = LAUGHED.match(c.canon)
    if m is not None:
        groan = m.group(1) in ("rubbish", "terrible", "bad", "cheesy")
        if not groan:
            c.session.pending = {"kind": "offer", "yes": "joke", "no": ""}
        return Reply(_pick(b, c, "joke", "groan" if groan else "laughed"), "joke", expects_answer=True)
    m = JOKE_PICK.match(c.canon)
    if m is None or len(c.words) > 7 or not re.search(r"\b(?:one|1|joke|about)\b", c.canon):
        return None
    word = m.group(1)
    if word in ("other", "another", "different", "new", "more", "same", "funny", "good", "next", "last"):
        return None
    from bear.talk.asked_for import joke_request

    about = joke_request(b, _said(c, f"tell me a joke about {word}s"))  # a knock-knock or a pirate joke
    if about is not None:
        return about
    stems = {word, word.rstrip("s"), f"{word}s"}
    fresh = [j for j in b.content.jokes if not c.session.taken("joke", j)
             and stems & set(re.findall(r"[a-z]+", j.lower()))]
    c.session.pending = {"kind": "offer", "yes": "joke", "no": ""}
    before = ""
    if not fresh:  # none about it left: one told already today about it, else honestly another
        fresh = [j for j in b.content.jokes if stems & set(re.findall(r"[a-z]+", j.lower()))]
        if not fresh or not b.knowledge.is_subject(word.rstrip("s")) and word not in " ".join(b.content.jokes):
            fresh = [j for j in b.content.jokes if not c.session.taken("joke", j)] or list(b.content.jokes)
            before = _pick(b, c, "joke", "none") + " "
    text = b.rng.choice(fresh)
    c.session.take("joke", text)
    return Reply(before + text + " Want another one?", "joke", expects_answer=True)


def after_song(b, c: Ctx) -> Reply | None:
    """"louder!" after a song: the song again, that way."""
    m = SONG_WAY.match(c.canon)
    if m is None or not _recent(c, "song"):
        return None
    way = {"softer": "quieter", "more quietly": "quieter", "more loudly": "louder", "one more time": "again",
           "once more": "again"}.get(m.group(1), m.group(1))
    song = re.sub(r"\s*(?:Shall I sing another\?|Would you like another( one)?\?)$", "", c.session.last_answer
                  or c.session.last_reply).strip()
    song = re.sub(r"^(?:Here's|Here is|Okay, once more:|Of course! I said:)[^.]*\.\s*", "", song)
    if not song:
        return None
    c.session.pending = {"kind": "offer", "yes": "song", "no": ""}
    return Reply(_pick(b, c, "song", way, song=song) + " Shall I sing another?", "song", expects_answer=True)


def numbers_game(b, c: Ctx) -> Reply | None:
    """"ten more minutes", "i'm at ten", "the same with five" (after a times table)."""
    m = MORE_MINUTES.match(c.canon)
    if m is not None:
        n = int(m.group(1)) if m.group(1).isdigit() else NUMBERS.index(m.group(1)) if m.group(1) in NUMBERS else None
        word = _number_word(n) if n is not None and 1 <= n <= 60 else None
        if word is None:
            return None
        return Reply(_pick(b, c, "bedtime", "more_minutes", number=word, Number=word.capitalize()), "sleep",
                     expects_answer=True)
    m = AT_NUMBER.match(c.canon)
    if m is not None:
        word = _number_word(int(m.group(1)) + 1)
        if word is None:
            return None
        c.session.last_number = int(m.group(1)) + 1
        return Reply(_pick(b, c, "counting", "next", next=word, Next=word.capitalize()), "counting_game",
                     expects_answer=True)
    m = SAME_WITH.match(c.canon)
    said = TIMES_SAID.search(c.session.last_reply)
    if m is not None and said is not None:
        n, a, b_ = int(m.group(1)), int(said.group(1)), int(said.group(2))
        other = n if a == b_ else b_
        return Reply(f"{n} times {other} is {n * other}!", "question")
    return None


def games_turn(b, c: Ctx) -> Reply | None:
    """Rock paper scissors' "i win"; I spy's "my turn", "you go first", "something beginning with b"."""
    from bear.talk import i_spy, word_play

    if _recent(c, "rock_paper_scissors"):
        m = WON.match(c.canon)
        if m is not None:
            mine = bool(m.group(3) or m.group(4))
            return Reply(_pick(b, c, "rps", "bear_wins" if mine else "you_win"), "play", expects_answer=True)
    spying = _recent(c, "i_spy") or re.search(r"\bi spy\b", c.session.last_reply.lower()) \
        or any("i spy" in h for h in c.session.heard[-2:])
    if not spying:
        return None
    if MY_TURN.match(c.canon):
        c.session.pending = None
        c.session.last_topic = "i_spy"
        return Reply(_pick(b, c, "i_spy", "your_turn"), "i_spy", expects_answer=True)
    if YOU_FIRST.match(c.canon):
        c.session.pending = None
        return word_play.game(b, _said(c, "let us play i spy"))
    m = SPY_BARE.match(c.canon)
    if m is not None:
        letter, colour = m.group(1), m.group(2)
        said = f"i spy something beginning with {letter}" if letter else f"i spy something {colour}"
        return i_spy.child_spies(b, _said(c, said))
    return None


def quiz(b, c: Ctx) -> Reply | None:
    """"give me a quiz", "be my teacher and ask me a question": a question the child answers (`play_more`'s sums)."""
    from bear.talk.play_more import _sum

    if not QUIZ.search(c.canon) or QUESTION_WORD.match(c.canon):
        return None
    asked_sum = _sum(b, c)
    key = "teacher" if re.search(r"\bteacher\b", c.canon) else "start"
    return Reply(f"{_pick(b, c, 'quiz', key)} {asked_sum.text}", "question", expects_answer=True)


QUESTION_WORD = re.compile(r"^(?:why|what|how|where|when|who|which)\b")


def asked(b, c: Ctx) -> Reply | None:
    """Whichever of these the line is, or None."""
    if c.intent in ("goodbye", "scared", "grief") and c.confidence >= MIN_CONFIDENCE:
        return None
    return story_asked(b, c) or quiz(b, c) or after_story(b, c) or after_joke(b, c) or after_song(b, c) \
        or numbers_game(b, c) or games_turn(b, c)
