"""A question answered when the bear is sure: a sum ("what is two plus three"), or the knowledge
base's answer (a follow-up's "they" is the last topic). Shared by the handlers and the activities
("another one" after a question)."""

from __future__ import annotations

from bear.talk.turn import Ctx, Reply


def knowledge_answer(b, c: Ctx, min_score: float | None = None) -> Reply | None:
    """The knowledge base's answer, if it is sure (a follow-up's "they" is the last topic)."""
    from bear.talk.arithmetic import solve

    sum_ = solve(c.canon)
    if sum_ is not None:
        return Reply(sum_, "question")
    used = c.session.used.get("kb", set())
    answer = b.knowledge.search(c.canon, topic=c.session.topic, exclude=used)
    if answer is None and used:
        answer = b.knowledge.search(c.canon, topic=c.session.topic)
    if answer is None or (min_score is not None and answer.score < min_score):
        return None
    c.session.take("kb", answer.entry.id)
    c.session.topic, c.session.topic_turns = answer.entry.subject, 3
    c.session.last_question = (answer.query, answer.entry.subject)
    c.session.last_topic = "question"
    return Reply(answer.entry.answer, "question")
