"""Talk around a story: a story asked for by its name ("do you know the three little pigs"), and
questions about the story just told ("what happened to the straw house?", "what did the wolf do?",
"what happens at the end?"), answered from the story's own sentences.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bear.talk.turn import Ctx, Reply

# "do you know the three little pigs", "tell me goldilocks and the three bears", "read me jack and the beanstalk"
NAMED = re.compile(r"^(?:(?:teddy|please|can you|could you|will you) )*(?:do you know|have you heard of|tell me|"
                   r"read me|read|i want|i would like|i like|what about|say) (?:the story |a story )?(?:of |about )?"
                   r"(?:the )?(.+)$")
# "what happens at the end", "and then what", "what happened next", "how does it end"
ENDING = re.compile(r"^(?:(?:and|so|but|then) )*(?:what (?:happens|happened|happen) (?:at the end|in the end|next|"
                    r"after that|then)|then what|what then|how does it end|how did it end|what is the end|"
                    r"what was the end|what happens after)$")
ASKS = re.compile(r"^(?:why|what|how|where|who|whose|which|did|does|was|were|is|are)\b")
RECENT = 3  # turns after a story in which a question is about it
# words that say nothing about which part of the story is meant
PLAIN = frozenset("a an the and or of to in on at for with is are was were be do does did what why how where who which "
                  "when happen happens happened story it its they them their he she his her him that this there then "
                  "go goes went get got have has had make made say said end next after".split())


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=512)
def _title(title: str) -> frozenset[str]:
    from bear.talk.activities import TITLE_STOP
    from bear.talk.spoken import spoken_form

    return frozenset(spoken_form(title).split()) - TITLE_STOP


def named_story(b, c: Ctx) -> Reply | None:
    """A story asked for by (nearly) its whole name, whatever the intent was taken for; else None
    (and None when a song's name fits as well: "do you know twinkle twinkle little star")."""
    from bear.talk.activities import _start_interactive, _tell
    from bear.talk.stories import load_stories

    m = NAMED.match(c.canon)
    if m is None:
        return None
    words = set(m.group(1).split())

    def share(title: str) -> float:
        have = _title(title)
        return len(have & words) / len(have) if len(have) >= 2 else 0.0

    best = max(list(load_stories()) + list(b.content.stories), key=lambda s: share(s.title))
    if share(best.title) < 0.66 or any(share(song.title) >= share(best.title) for song in b.content.songs):
        return None
    c.session.last_topic = "story"
    return _tell(b, c, best) if best in b.content.stories else _start_interactive(b, c, best)


def from_the_story(session, canon: str) -> str | None:
    """The answer to a question about the story just told, from its own sentences, or None when
    the line is not one (or the story does not say)."""
    told, at = session.last_story
    if not told or session.turns - at > RECENT:
        return None
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", told) if s and not s.startswith("The end")]
    if ENDING.match(canon):
        return f"Here's how it ends: {sentences[-1]} The end!"
    if not ASKS.match(canon):
        return None
    asked = {_stem(w) for w in canon.split() if w not in PLAIN and len(w) > 2}
    if not asked:
        return None
    later = bool(re.search(r"\bhappen", canon))  # "what happened to the straw house": what came of it
    scored = []
    for i, sentence in enumerate(sentences):
        have = {_stem(w) for w in re.findall(r"[a-z]+", sentence.lower())}
        scored.append((len(asked & have), i if later else -i, sentence))
    found, _, sentence = max(scored)
    if found < min(2, len(asked)):  # both of "straw house", or the one word asked about
        return None
    return f"Let me remember... {sentence}"


def story_question(b, c: Ctx) -> Reply | None:
    """"what did the wolf do?" just after the story: its own sentence; else None."""
    answer = from_the_story(c.session, c.canon)
    return Reply(answer, "story") if answer is not None else None
