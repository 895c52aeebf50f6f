"""A question answered when the bear is sure: a sum ("what is two plus three"), or the knowledge
base's answer (a follow-up's "they" is the last topic). Shared by the handlers and the activities
("another one" after a question)."""

from __future__ import annotations

import dataclasses
import re

from bear.talk.turn import Ctx, Reply


NEWS_TURNS = 3  # turns after the child's news in which "they" may be the animal it named
NEWS_SCORE = 0.75
PRONOUN = re.compile(r"\b(it|they|them|he|she|him|her|its|their)\b")  # "is it far away?" after "the thunder"


def as_many(canon: str) -> str:
    """"what does he like to eat" about the child's pet, asked about its kind: "what do they like to eat"."""
    return re.sub(r"\b(does|is|was|has) (?:he|she|it)\b", lambda m: f"{MANY[m.group(1)]} they", canon)


# an answer given already is given again when the question is one of its own (almost word for word) and it fits
# this much better than any other ("what are they then?" after dolphins are no fish: mammals, again)
ASKED_SO, SAME_AGAIN = 0.97, 0.05
GUESSED_SCORE = 0.6  # a topic guessed from the last line's words (other_topic): only a fairly sure answer
GUESSES = 6  # at most this many guessed topics are searched (each is a knowledge-base search)
MANY = {"does": "do", "is": "are", "was": "were", "has": "have"}


def knowledge_answer(b, c: Ctx, min_score: float | None = None) -> Reply | None:
    """The knowledge base's answer, if it is sure (a follow-up's "they" is the last topic)."""
    from bear.talk.arithmetic import solve

    sum_ = solve(c.canon)
    if sum_ is not None:
        return Reply(sum_, "question")
    used = c.session.used.get("kb", set())
    news = c.session.news_topic
    answer = None
    if c.session.topic is None and news and c.session.turns - news[1] <= NEWS_TURNS:
        answer = b.knowledge.search(as_many(c.canon), topic=news[0])  # "do they bite?" after "my hamster's ..."
        if answer is not None and answer.score < NEWS_SCORE:  # a pronoun guessed from news: only a sure answer
            answer = None
        if answer is not None and not PRONOUN.search(c.canon):  # news named no "it": the question's own words first
            answer = b.knowledge.search(c.canon, exclude=used) or answer
    again = ""
    if answer is None:
        answer = b.knowledge.search(c.canon, topic=c.session.topic, exclude=used)
        best = b.knowledge.search(c.canon, topic=c.session.topic) if used else None
        if best is not None and best.entry.id in used and best.score >= ASKED_SO and (
                answer is None or best.score - answer.score >= SAME_AGAIN):
            answer, again = best, "Like I said: "  # asked again ("what are they then?"): the same answer, not the next
        elif answer is None:
            answer = best  # nothing else answers it: the answer given already
    if answer is None:
        answer = other_topic(b, c, used)
    if answer is None or (min_score is not None and answer.score < min_score):
        return None
    c.session.take("kb", answer.entry.id)
    c.session.topic, c.session.topic_turns = answer.entry.subject, 3
    c.session.last_question = (answer.query, answer.entry.subject)
    c.session.last_topic = "question"
    return Reply(again + answer.entry.answer, "question")


def other_topic(b, c: Ctx, used: set):
    """A follow-up with a pronoun the last topic does not answer ("do they grow back?" after "why do cats have
    whiskers", "how long does its light take?" after the closest star, the sun): what each word, or pair of
    words, of the child's last line and of the first sentence of the bear's last reply makes of it; the surest
    answer the knowledge base gives, or None."""
    from bear.talk.knowledge_words import GENERIC

    if not re.search(r"\b(?:it|they|them|its|their|he|she|him|her|one|ones|there)\b", c.canon) or not c.session.heard:
        return None
    if not set(c.canon.split()) - GENERIC - {"that", "this", "those", "these", "one", "ones", "there", "its"}:
        return None  # "why do they do that?": nothing of its own to match a guessed topic with
    said = re.findall(r"[a-z]+", f"{c.session.heard[-1]} . {re.split(r'[.!?]', c.session.last_reply.lower())[0]}")
    candidates = []
    for i, word in enumerate(said):
        if word in GENERIC or len(word) < 3:
            continue
        candidates.append(word)
        if i + 1 < len(said) and said[i + 1] not in GENERIC and len(said[i + 1]) >= 3:
            candidates.append(f"{word} {said[i + 1]}")  # "north pole"
    best = None
    tried = [t for t in dict.fromkeys(candidates) if t != c.session.topic][:GUESSES]
    for topic in tried:
        answer = b.knowledge.search(c.canon, topic=topic, exclude=used)
        if answer is not None and answer.score >= GUESSED_SCORE and (best is None or answer.score > best.score):
            best = answer
    return best


# "i ate fish fingers for tea" taken for a question: news, not something the bear does not know
TOLD = re.compile(r"^(?:(?:and|so|guess what|today|yesterday|teddy) )*(?:i|we|my|me and|our|mum|mummy|dad|daddy) "
                  r"(?!(?:want to know|wonder|wondered|was wondering|do not know|dont know)\b)")


def question_reply(b, c: Ctx) -> Reply:
    """The knowledge base's answer, else that the bear does not know; news said plainly is answered as news."""
    answer = knowledge_answer(b, c)
    if answer is not None:
        return answer
    if TOLD.match(c.canon) and "?" not in c.text:
        return b.handlers["chitchat"](b, c)
    return b.moment(c, "dont_know", "question_unknown")


# "really?", "really a hundred?", "is that true?" just after an answer from the knowledge base
REALLY = re.compile(r"^(?:(?:but|so|and|oh|wow|what|teddy|no) )*(?:really|is that true|is that right|are you sure|"
                    r"honestly|no way|seriously|for real|is it true)(?: [a-z0-9]+){0,3}$")


# "my friend said the moon is made of cheese" ... "is that true?": the claim asked about ("is the moon made of cheese")
CLAIM = re.compile(r"\b(?:said|says|told me|tells me|thinks|reckons|heard) (?:that )?(?P<subj>(?:the |a |an )?[a-z]+"
                   r"(?: [a-z]+)?) (?P<verb>is|are|can|have|has|was|were) (?P<rest>[a-z ]+)$")


def claim_asked(b, c: Ctx) -> Reply | None:
    """"Is that true?" just after the child told what someone said: that claim asked of the knowledge base."""
    m = CLAIM.search(c.session.heard[-1]) if REALLY.match(c.canon) and c.session.heard else None
    if m is None:
        return None
    return knowledge_answer(b, dataclasses.replace(c, canon=f"{m['verb']} {m['subj']} {m['rest']}", intent="question"))


def really(b, c: Ctx) -> Reply | None:
    """"Really?" after an answer: yes, and the answer again (or the "why" behind it, once); else None."""
    last = c.session.last_question
    if not REALLY.match(c.canon) or last is None or c.session.last_topic != "question":
        return claim_asked(b, c)
    answer = b.knowledge.search(last[0])
    if answer is None or not c.session.last_reply.endswith(answer.entry.answer):
        return None
    if answer.entry.deeper and not c.session.taken("deeper", answer.entry.id):
        c.session.take("deeper", answer.entry.id)
        return Reply(f"Yes, really! {answer.entry.deeper}", "question")
    return Reply(f"Yes, really! {answer.entry.answer}", "question")
