""""What does that mean?" just after a word the child may not know, said by the child ("they went
extinct") or by the bear: the knowledge base's meaning of the longest such word it has one for."""

from __future__ import annotations

import re

from bear.talk.spoken import spoken_form
from bear.talk.turn import Ctx, Reply

WHAT_MEANS = re.compile(r"^(?:(?:and|but|so|um|erm|teddy|what|huh) )*what (?:does|do|did) (?:that|it|this|that word|"
                        r"the word|they|those) (?:mean|means)(?: teddy)?$|^(?:(?:and|but|so) )*what s that mean$")
# words too plain to be the one asked about
PLAIN = frozenset("""about after again always another around because before being could doing every going great
 little lovely really should their there these thing things think those through today tomorrow under until
 where which while would yesterday story stories friend happy other people""".split())


def asked(b, c: Ctx) -> Reply | None:
    """The meaning of the hard word just said, or None."""
    if not WHAT_MEANS.match(c.canon):
        return None
    said = (c.session.heard[-1] if c.session.heard else "", spoken_form(c.session.last_reply))
    for text in said:
        words = sorted({w for w in re.findall(r"[a-z]+", text) if len(w) >= 5 and w not in PLAIN}, key=len,
                       reverse=True)
        for word in words:
            answer = b.knowledge.search(f"what does {word} mean")
            if answer is not None and any(re.search(rf"\b{word}\b", q) for q in answer.entry.questions):
                c.session.take("kb", answer.entry.id)
                c.session.topic, c.session.topic_turns = answer.entry.subject, 3
                c.session.last_question = (answer.query, answer.entry.subject)
                c.session.last_topic = "question"
                return Reply(answer.entry.answer, "question")
    return None
