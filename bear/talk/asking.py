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
# "octopuses have three hearts" ... "did you know that?": the child's own fact, asked about
KNEW = re.compile(r"^(?:(?:but|so|and|oh|teddy) )*(?:did you know (?:that|this)|do you know (?:that|this)|"
                  r"is that true|is it true|is that right|am i right)(?: teddy)?$")
SAID_BY = r"\b(?:said|says|told me|tells me|thinks|reckons|heard) (?:that )?"  # "my friend said (that) ..."
SAID = re.compile(SAID_BY + r"(?P<claim>[a-z][a-z0-9 ]+)$")
CLAIM_SCORE = 0.75  # a fact the child said, answered from the knowledge base: only a sure match
ABOUT_CHILD = re.compile(r"\b(i|me|my|mine|you|your|teddy)\b")


# "my friend said the moon is made of cheese" ... "is that true?": the claim asked about ("is the moon made of cheese")
CLAIM = re.compile(SAID_BY + r"(?P<subj>(?:the |a |an )?[a-z]+(?: [a-z]+)?) (?P<verb>is|are|can|have|has|was|were) "
                   r"(?P<rest>[a-z ]+)$")


def claim_asked(b, c: Ctx) -> Reply | None:
    """"Is that true?" just after the child told what someone said: that claim asked of the knowledge base."""
    m = CLAIM.search(c.session.heard[-1]) if REALLY.match(c.canon) and c.session.heard else None
    if m is None and REALLY.match(c.canon) and c.session.heard \
            and (said := SAID.search(c.session.heard[-1])) is not None:  # "my friend said the moon follows us"
        return claimed(b, dataclasses.replace(c, canon=said["claim"]))
    if m is None:
        return fact_asked(b, c)
    return knowledge_answer(b, dataclasses.replace(c, canon=f"{m['verb']} {m['subj']} {m['rest']}", intent="question"))


# "why does she do that?" just after "my cat brings me dead mice": why does my cat bring me dead mice
DO_THAT = re.compile(r"^(?:(?:but|and|so|teddy|hmm) )*(?P<how>why|y|how) (?:does|did|do|is|was|would) "
                     r"(?:he|she|it|they) (?:do|doing|does|did) (?:that|it|this|those)(?: teddy)?$")
DOER = re.compile(r"^(?:(?:guess what|teddy|and|so|well|today|always|every day) )*"
                  r"(?P<who>(?:my|our|the|a|an|grandma|nana|granny) (?:(?:baby|big|little|new|old|pet|fluffy) )?[a-z]+)"
                  r" (?P<verb>[a-z]+) (?P<rest>[a-z0-9 ]+)$")
WHEN = re.compile(r"(?: (?:all|every|each) (?:day|night|morning|evening|time|the time|afternoon)| all day long| again"
                  r"| today| yesterday| at night| in the morning| sometimes| a lot| so much| loads)+$")
NOT_DOING = frozenset("is are was were has have had can could will would did does do got gets said says told "
                      "and isnt wasnt doesnt didnt".split())


def _bare(verb: str) -> str:
    """"brings" -> "bring", "chases" -> "chase", "cries" -> "cry", "keeps" -> "keep" (a past tense stays)."""
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if re.search(r"(?:ss|sh|ch|x)es$", verb):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") and not verb.endswith("ss") else verb


def doing_asked(b, c: Ctx) -> Reply | None:
    """"Why does she do that?" just after the child told what someone or something does ("my cat brings me dead
    mice"): that asked of the knowledge base ("why does my cat bring me dead mice"); else None."""
    m = DO_THAT.match(c.canon)
    told = DOER.match(c.session.heard[-1]) if m is not None and c.session.heard else None
    if m is None or told is None or told["verb"] in NOT_DOING:
        return None
    rest = WHEN.sub("", told["rest"])
    asked = f"{'why' if m['how'] == 'y' else m['how']} does {told['who']} {_bare(told['verb'])} {rest}"
    return knowledge_answer(b, dataclasses.replace(c, canon=asked, intent="question"))


# "what happens if i dont?" just after "why do we have to brush our teeth": what happens if i dont brush my teeth
IF_NOT = re.compile(r"^(?:(?:but|and|so|teddy) )*what (?:happens |will happen |would happen )?if (?:i|we|you) "
                    r"(?:dont|do not|didnt|did not|never)(?: do it| do that)?(?: teddy)?$")
HAVE_TO = re.compile(r"^(?:(?:but|and|so|teddy) )*(?:why )?(?:do|should|must|have) (?:i|we|you|kids|children|people) "
                     r"(?:have to |need to |got to |gotta )?(?P<act>[a-z][a-z ]+)$")


def if_not_asked(b, c: Ctx) -> Reply | None:
    """"What happens if I don't?" just after a question about something children must do: that asked in full of
    the knowledge base; else None."""
    told = HAVE_TO.match(c.session.heard[-1]) if IF_NOT.match(c.canon) and c.session.heard else None
    if told is None:
        return None
    act = re.sub(r"\b(?:our|your)\b", "my", told["act"])
    answer = knowledge_answer(b, dataclasses.replace(c, canon=f"what happens if i dont {act}", intent="question"))
    if answer is None and c.session.last_topic == "question":  # the why just given is what happens
        answer = _again(b, c, "Good question! Here's why it matters:", deeper=False)
    return answer


# "can you help me tie my shoes": how to, when the knowledge base knows it ("how do i tie my shoes")
HELP_ME = re.compile(r"^(?:(?:teddy|please) )*(?:(?:can|could|will|would) you )?help me (?:to )?(?P<act>(?:tie|make|"
                     r"build|draw|clean|brush|wash|fold|plant|grow|find|learn|remember|catch|look after|take care of|"
                     r"feed|train|blow|whistle|skip|ride|swim|tell|do)\b[a-z0-9 ]*)$")
HOW_TO_SCORE = 0.7


def help_asked(b, c: Ctx) -> Reply | None:
    """"Can you help me tie my shoes?": the knowledge base's answer to "how do i tie my shoes" when it is sure;
    else None (the bear says what it can help with)."""
    m = HELP_ME.match(c.canon)
    if m is None or c.intent not in ("help", "chitchat", None):  # "help me fall asleep": the sleep handler's
        return None
    asked = dataclasses.replace(c, canon=f"how do i {m['act']}", intent="question")
    return knowledge_answer(b, asked, min_score=HOW_TO_SCORE)


# "whats that?" just after "my grandad has a telescope": what the thing the child named is
WHATS_THAT = re.compile(r"^(?:(?:and|so|but|um|teddy) )*(?:whats|what is|what s|what are) "
                        r"(?:that|those|them|it|that thing)(?: teddy)?$")
TERM_SCORE = 0.95  # "what is <term>" must be one of an entry's own phrasings, near enough word for word
THAT_STOP = frozenset("i me my you your we us our it they them he she a an the and or but so to of in on at is are was "
                      "were be been have has had do does did this that there here with for from by about".split())
PLACE_WORDS = frozenset("in on at to from into near by for with".split())  # "on holiday", "at the beach"
QUESTION_WORD = re.compile(r"(?:why|what|how|where|when|who|which|do|does|did|is|are|can|could|will)\b")


def what_that(b, c: Ctx) -> Reply | None:
    """"What's that?" just after the child named a thing the knowledge base explains ("my grandad has a
    telescope", "i found a fossil at the beach"): its "what is" answer, the last such words of the line first;
    else None (after a question of the child's, "that" is in the bear's answer, and stays a "don't know")."""
    if not WHATS_THAT.match(c.canon) or not c.session.heard or QUESTION_WORD.match(c.session.heard[-1]):
        return None
    for term in _things(c.session.heard[-1]):
        answer = b.knowledge.search(f"what is {term}")
        own = re.compile(rf"^(?:what is|whats|what are) (?:a |an |the )?{re.escape(term)}s?$")
        if answer is not None and answer.score >= TERM_SCORE and any(own.match(q) for q in answer.entry.questions):
            if c.session.last_reply.endswith(answer.entry.answer):
                return None  # said just now
            return knowledge_answer(b, dataclasses.replace(c, canon=f"what is {term}", intent="question"))
    return None


def _things(line: str) -> list[str]:
    """The things a line names, as "what is" might ask them: the last words first (a pair, "milky way", before its
    first word alone), and the words after "in", "on", "at"... (where and when: "a glacier on holiday") last."""
    said = line.split()
    found: list[tuple[bool, str]] = []
    for i, w in enumerate(said):
        if w in THAT_STOP:
            continue
        before = next((p for p in reversed(said[:i]) if p not in ("a", "an", "the", "my", "our", "some")), "")
        found.append((before in PLACE_WORDS, w))
        if i + 1 < len(said) and said[i + 1] not in THAT_STOP:
            found.append((before in PLACE_WORDS, f"{w} {said[i + 1]}"))
    found.reverse()
    return [t for place, t in found if not place] + [t for place, t in found if place]


def fact_asked(b, c: Ctx) -> Reply | None:
    """"Did you know that?" just after the child told a fact of the world ("octopuses have three hearts"): the
    knowledge base's answer to it when it is a sure match, else None."""
    if not KNEW.match(c.canon) or not c.session.heard:
        return None
    if c.session.last_topic == "question":  # the bear has just answered it: it knew
        return _again(b, c, "Yes, I did!")
    return claimed(b, dataclasses.replace(c, canon=c.session.heard[-1]))


def claimed(b, c: Ctx) -> Reply | None:
    """A fact of the world the child told ("the moon follows us"), answered from the knowledge base when it is
    a sure match and about the world, not the child; else None."""
    if ABOUT_CHILD.search(c.canon):
        return None
    return knowledge_answer(b, dataclasses.replace(c, intent="question"), min_score=CLAIM_SCORE)


def really(b, c: Ctx) -> Reply | None:
    """"Really?" after an answer: yes, and the answer again (or the "why" behind it, once); else None."""
    if not REALLY.match(c.canon) or c.session.last_topic not in ("question", "legs"):
        return claim_asked(b, c)
    again = _again(b, c, "Yes, really!") if c.session.last_topic == "question" else None
    if again is None and c.session.last_reply and not c.session.last_reply.endswith("?"):
        return Reply(f"Yes, really! {c.session.last_reply}", "question")  # a sum, a count of legs: said again
    return again


def _again(b, c: Ctx, yes: str, deeper: bool = True) -> Reply | None:
    """The last answer said again after `yes` (or, with `deeper`, the "why" behind it, once), if it was the
    knowledge base's."""
    last = c.session.last_question
    answer = b.knowledge.search(last[0]) if last is not None else None
    if answer is None or not c.session.last_reply.endswith(answer.entry.answer):
        return None
    if deeper and answer.entry.deeper and not c.session.taken("deeper", answer.entry.id):
        c.session.take("deeper", answer.entry.id)
        return Reply(f"{yes} {answer.entry.deeper}", "question")
    return Reply(f"{yes} {answer.entry.answer}", "question")


# "can i skate on it?" just after "the pond is frozen": asked in full, so the frozen-ice moment answers it
ON_IT = re.compile(r"^(?:(?:so|and|but|teddy|ooh) )*(?:can|could|shall|may|should) (?:i|we) (?:go )?"
                   r"(?P<act>skate|ice skate|walk|slide|stand|play|run|jump|go) on "
                   r"(?:it|there|the ice|that)(?: teddy)?$")
FROZEN = re.compile(r"\b(?P<place>pond|lake|river|canal)\b[a-z ]{0,20}\b(?:frozen|iced over|icy|ice)\b|"
                    r"\b(?:frozen|icy) (?P<place2>pond|lake|river|canal)\b")


def on_it(b, c: Ctx) -> Reply | None:
    """"Can I skate on it?" just after the child said the pond is frozen: "can i skate on the frozen pond" (never
    a yes); else None."""
    m = ON_IT.match(c.canon)
    told = FROZEN.search(c.session.heard[-1]) if m and c.session.heard else None
    if m is None or told is None:
        return None
    place = told["place"] or told["place2"]
    return b._recognised_moment(dataclasses.replace(c, canon=f"can i {m['act']} on the frozen {place}"))


# "what should i do?" just after "she keeps taking my crayons": what a child can do about it
WHAT_DO = re.compile(r"^(?:(?:so|but|and|teddy|then|um) )*what (?:should|shall|can|do|could) (?:i|we) do"
                     r"(?: about (?:it|that|her|him|them))?(?: teddy| now)?$")
TAKES_MINE = re.compile(r"^(?!.*\b(?:hit\w*|hurt\w*|kick\w*|punch\w*|bull\w*|scar\w*|touch\w*|secret|money|"
                        r"lunch)\b)"
                        r"(?:.*\b(?:she|he|they|my (?:little |baby |big )?(?:sister|brother|cousin|friend))\b) "
                        r"(?:keeps|kept|always|is always|keep) (?:taking|snatching|grabbing|stealing) my\b")
ADVICE = ("You could ask nicely for them back, and offer something else to play with instead. If it keeps happening, "
          "ask a grown-up to help you share and take turns.")


def advice_asked(b, c: Ctx) -> Reply | None:
    """"What should I do?" just after the child said a brother or sister keeps taking their things: a kind way
    to sort it out, with a grown-up's help; else None."""
    if not WHAT_DO.match(c.canon) or not c.session.heard or not TAKES_MINE.search(c.session.heard[-1]):
        return None
    return Reply(ADVICE, "feelings")
