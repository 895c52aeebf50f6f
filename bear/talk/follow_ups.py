"""Follow-ups that lean on what was just said: "say it again" (the last real answer, not a "pardon?"),
"and what about spiders?" (the last question asked again about something else), and "what comes
after that?" (the number after the last one said)."""

from __future__ import annotations

import re

from bear.talk.turn import Ctx, Reply

WHAT_ABOUT = re.compile(r"^(?:and |but |so |ok |okay )?(?:what|how) about (?:the |a |an |some )?"
                        r"(?!(?:my|your|me|you|it|that|this|us)\b)([a-z]+(?: [a-z]+)?)$")
NEXT_NUMBER = re.compile(r"^(?:and |so |ok |okay )?what (?:is |comes |number (?:is |comes )?)?(after|before|next)"
                         r"(?: (that|it|this|\d+))?$")
# replies that are no answer to repeat ("I don't understand", "I don't know")
NOT_AN_ANSWER = frozenset({"fallback", "question_unknown", "empty", "repeat", "dont_know"})
NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                "sixteen seventeen eighteen nineteen twenty").split()
SAID_NUMBER = re.compile(r"\b(\d{1,4}|" + "|".join(NUMBER_WORDS) + r")\b")  # in a reply, as the bear says it


def what_about(b, c: Ctx) -> Reply | None:
    """"and what about spiders?" after "how many legs does an ant have": the same question about
    spiders, when the knowledge base is sure of it; else None."""
    from bear.talk.activities import _about
    from bear.talk.knowledge import singular

    m = WHAT_ABOUT.match(c.canon)
    if m is None:
        return None
    last = c.session.last_question
    answer = None
    if last is not None:
        query, subject = last
        said = [singular(subject)] + [singular(w) for w in query.split() if b.knowledge.is_subject(w)]
        pattern = next((p for p in (re.compile(rf"\b(?:an? )?{re.escape(s)}(?:s|es)?\b") for s in said)
                        if p.search(query)), None)
        if pattern is not None:
            answer = b.knowledge.search(pattern.sub(m.group(1), query, count=1))
    if answer is None:  # nothing to ask again: what the bear knows about it ("tell me about spiders")
        return _about(b, c, m.group(1).split()[-1]) if b.knowledge.is_subject(m.group(1).split()[-1]) else None
    c.session.take("kb", answer.entry.id)
    c.session.topic, c.session.topic_turns = answer.entry.subject, 3
    c.session.last_question = (answer.query, answer.entry.subject)
    c.session.last_topic = "question"
    return Reply(answer.entry.answer, "question")


def next_number(b, c: Ctx) -> Reply | None:
    """"what comes after that?" / "what's after 7?": the next (or previous) number; else None."""
    m = NEXT_NUMBER.match(c.canon)
    if m is None:
        return None
    n = int(m.group(2)) if m.group(2) and m.group(2).isdigit() else c.session.last_number
    if n is None:
        return None
    after = m.group(1) != "before"
    k = n + 1 if after else n - 1
    if k < 0:
        return None
    said = NUMBER_WORDS[k] if k < len(NUMBER_WORDS) else str(k)
    return Reply(f"{said[:1].upper()}{said[1:]}! {'After' if after else 'Before'} {n} comes {k}.", "question")


def remember(session, reply: Reply, child_canon: str) -> None:
    """After each reply: the last real answer (for "say it again") and the last number said."""
    if reply.intent not in NOT_AN_ANSWER:
        session.last_answer = reply.text
    numbers = SAID_NUMBER.findall(reply.text.lower()) or re.findall(r"\b\d{1,4}\b", child_canon)
    if numbers:
        n = numbers[-1]
        session.last_number = int(n) if n.isdigit() else NUMBER_WORDS.index(n)
