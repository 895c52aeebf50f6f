"""Follow-ups that lean on what was just said: "say it again" (the last real answer, not a "pardon?"),
"and what about spiders?" / "and a spider?" (the last question asked again about something else),
"why?" / "how tall?" / "when?" after an answer (the last question asked again with that question
word), and "what comes after that?" (the number after the last one said)."""

from __future__ import annotations

import re

from bear.talk.arithmetic import next_in_pattern
from bear.talk.turn import Ctx, Reply

# "what about bees", and "now do one for cat" after a rhyme or a word the bear found
WHAT_ABOUT = re.compile(r"^(?:and |but |so |ok |okay |now )?(?:(?:what|how) about|(?:do|say|find) (?:1|one|another "
                        r"1|another) for) (?:the |a |an |some )?"
                        r"(?!(?:my|your|me|you|it|that|this|us)\b)([a-z]+(?: [a-z]+)?)$")
AND_ABOUT = re.compile(r"^(?:and|or|but) (?:the |a |an |some )?([a-z]+)$")  # "and a ant" (as said, not canonical)
AND_BABY = re.compile(r"^(?:and|or|but|what about) (?:the |a |an |some )?baby ([a-z]+)$")  # after a baby animal
NOT_NAMED = frozenset("what why how where when who which baby little big".split())
HOW = r"how(?: (?:tall|big|long|many|much|old|far|fast|heavy|deep|high|hot|cold|small|loud))?"
# "why?", "but why", "how tall?", "when was that": the last question again, asked with another question word
BARE_WH = re.compile(rf"^(?:and |but |so |ok |okay |um |oh )*(why|{HOW}|when|where|who)"
                     r"(?: (?:is that|was that|is it|was it|do they|does it|did it|though|exactly|then|for))?$")
WHY_NOT = re.compile(r"^(?:and |but |so |ok |okay |um |oh )*why not(?: then)?$")
# "why do they do that" after "why do elephants roll in mud": the same question (its answer again, not "a deep why")
DO_THAT = re.compile(r"^(?:and |but |so |ok |okay |um |oh )*why (?:do|does|did|would) (?:they|it|he|she) "
                     r"do (?:that|it|this)$")
AUX = frozenset("can could do does did is are was were will would have has".split())
ASKED_WITH = re.compile(rf"^(?:what|who|which|where|when|why|{HOW})\b ?")
# "and double that", "now halve it", "add two to that", "times it by three": the last number said, worked on
WORK_ON = re.compile(r"^(?:and |now |so |ok |okay |then )*(?:(double|half|halve|treble|triple) (?:of )?"
                     r"(?:that|it|the answer)(?: again)?|"
                     r"(add|plus|take away|minus|times) (\d+) (?:to |from |on to |onto )?(?:that|it)|"
                     r"(?:that|it) (plus|add|minus|take away|times) (\d+)|"
                     r"(?:(times|multiply|add|take away) (?:that|it|the answer) (?:by|to|from|away) (\d+))|"
                     # "and then add two more", "plus three more", "take away one more"
                     r"(add|plus|take away|minus) (?:on )?(\d+) more|"
                     # "and take away one", "and ten more", "two less" (just after a number was said)
                     r"(add|plus|take away|minus|times) (\d+)|(\d+) (more|less|fewer))$")
SUM_SAID = re.compile(r"\b(?:is|makes|leaves) \d+\b")  # the bear's answer to a sum ("4 plus 4 is 8!")
NEXT_NUMBER = re.compile(r"^(?:and |so |ok |okay )?what (?:is |comes |number (?:is |comes )?)?(after|before|next)"
                         r"(?: (that|it|this|\d+))?$")
# "and after a hundred": the number after one the child names
AND_AFTER = re.compile(r"^(?:(?:and|then|so) )?(?:what (?:is |comes )?)?(after|before) (\d+)(?: then)?$")
# "and after that?" / "what about before that?" just after a number answer
AND_AFTER_THAT = re.compile(r"^(?:(?:and|then|so|ok|okay) )*(?:what (?:is |comes )?|what about |how about )?"
                            r"(after|before) (?:that|it|this)(?: 1| one| number)?(?: then)?$")
# "and what was the smallest" after "which dinosaur was the biggest": the same question the other way
OTHER_END = re.compile(r"^(?:and |but |so |ok |okay |then )*(?:(?:what|which)(?: 1| one)? (?:is|was|are|were) |"
                       r"what about |how about )?the (\w{3,}est)(?: 1| one| ones)?$")
# replies to the child's news: an animal in it is what "they" means next ("do they bite?")
NEWS = frozenset({"pet", "chitchat", "feelings", "set_favourite", "grief", "fallback", "question_unknown", "news_on"})
# replies that are no answer to repeat ("I don't understand", "I don't know")
# words of news that are no topic for "it" or "they" next (people, feelings, and what every line has)
NOT_NEWS_TOPICS = frozenset("mum mummy dad daddy brother sister friend friends baby teacher grandma grandpa nana "
                            "granny school day today home house bed scared sad happy angry cross worried excited "
                            "bored tired hungry lonely".split())
NOT_AN_ANSWER = frozenset({"fallback", "question_unknown", "empty", "repeat", "dont_know"})
NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                "sixteen seventeen eighteen nineteen twenty").split()
# a number in a reply, as the bear says it (not the "twenty" of "the twenty-fifth")
SAID_NUMBER = re.compile(r"\b(\d{1,4}|" + "|".join(NUMBER_WORDS) + r")\b(?!-(?:first|second|third|[a-z]+th)\b)")


def _what_about(knowledge, canon: str, norm: str) -> str | None:
    """What "and what about spiders?" / "and a spider?" asks about ("spiders"), or None."""
    m = WHAT_ABOUT.match(canon)
    if m is None:
        m = AND_ABOUT.match(norm)  # "and a ant?": only about something the bear knows about
        if m is None or not knowledge.is_subject(m.group(1)):
            return None
    return m.group(1)


def about_again(knowledge, session, canon: str, norm: str) -> tuple[str, str | None] | None:
    """(what "and what about spiders?" asks about, the last question asked again about it, when
    there was one to ask again), or None when the line is no such follow-up."""
    from bear.talk.knowledge import singular
    from bear.talk.knowledge_words import plural

    last = session.last_question
    baby = AND_BABY.match(norm) if last is not None and " baby " in f" {last[0]} " else None
    other = baby.group(1) if baby and knowledge.is_subject(baby.group(1)) else _what_about(knowledge, canon, norm)
    if other is None:
        return None
    if last is None:
        return other, None
    query, subject = last
    # what the question was about: its subject, else the last thing named ("a baby cat" is about a cat)
    named = [w for w in query.split() if knowledge.is_subject(w) and w not in NOT_NAMED]
    if other.split()[-1] in ("ones", "1") and len(other.split()) == 2:  # "what about electric ones" after cars
        noun = named[-1] if named else subject
        if re.search(r"\b\w+est\b", query):  # "the small ones" after "the biggest bird": not a question to ask again
            return None
        other = f"{other.split()[0]} {plural(singular(noun))}"
    from bear.talk.ellipsis import KEEP

    last_word = [w for w in query.split() if w not in KEEP and len(w) > 2][-1:]  # "england": no subject, still named
    said = [singular(subject)] + [singular(w) for w in reversed(named)] + last_word
    asked = [p.sub(other, query, count=1) for p in (re.compile(rf"\b(?:an? )?{re.escape(s)}(?:s|es)?\b")
                                                      for s in dict.fromkeys(said)) if p.search(query)]
    if len(asked) > 1:  # "and france?" after "what's the capital of england": france in place of england, not
        scores = [getattr(knowledge.search(q), "score", 0.0) for q in asked]  # of the subject ("capital")
        asked = [asked[scores.index(max(scores))]] if max(scores) > 0 else asked
    return other, (asked[0] if asked else None)


# "and the long neck?", "what about its tusks?" after "why do elephants have big ears": the same kind of question
# about another part of the animal the answers were about
AND_PART = re.compile(r"^(?:(?:and|or|but|what about|how about) )?(?:the|its|their|his|her) "
                      r"((?:(?:long|big|little|short|sharp|funny|spiky|curly|stripy|spotty|huge) )?[a-z]+)$")


def and_part(b, c: Ctx) -> Reply | None:
    """"and the long neck?" just after an answer about an animal: why it has that; else None."""
    from bear.talk.knowledge_words import plural

    m = AND_PART.match(c.canon)
    topic = c.session.topic
    if m is None or topic is None or c.session.last_topic != "question":
        return None
    answer = b.knowledge.search(f"why do {plural(topic)} have {m.group(1)}", topic=topic)
    if answer is None or answer.score < 0.75:
        return None
    c.session.take("kb", answer.entry.id)
    c.session.topic_turns = 3
    c.session.last_question = (answer.query, answer.entry.subject)
    return Reply(answer.entry.answer, "question")


def other_end(b, c: Ctx) -> Reply | None:
    """"and what was the smallest?" just after "which dinosaur was the biggest": the last question
    with the other superlative, when the knowledge base is sure of it; else None."""
    m = OTHER_END.match(c.canon)
    last = c.session.last_question
    if m is None or last is None or c.session.last_topic != "question":
        return None
    was = re.search(r"\b\w{3,}est\b", last[0])
    if was is None or was.group(0) == m.group(1):
        return None
    answer = b.knowledge.search(f"{last[0][:was.start()]}{m.group(1)}{last[0][was.end():]}")
    if answer is None:
        return None
    c.session.take("kb", answer.entry.id)
    c.session.last_question = (answer.query, answer.entry.subject)
    return Reply(answer.entry.answer, "question")


def what_about(b, c: Ctx) -> Reply | None:
    """"and what about spiders?" after "how many legs does an ant have": the same question about
    spiders, when the knowledge base is sure of it; else None."""
    from bear.talk.activities import _about

    found = about_again(b.knowledge, c.session, c.canon, c.norm)
    if found is None:
        return None
    other, query = found
    answer = b.knowledge.search(query) if query is not None else None
    if answer is None:  # nothing to ask again: what the bear knows about it ("tell me about spiders")
        return _about(b, c, other.split()[-1]) if b.knowledge.is_subject(other.split()[-1]) else None
    c.session.take("kb", answer.entry.id)
    c.session.topic, c.session.topic_turns = answer.entry.subject, 3
    c.session.last_question = (answer.query, answer.entry.subject)
    c.session.last_topic = "question"
    return Reply(answer.entry.answer, "question")


THEN_WHAT = re.compile(r"^(?:(?:and|so|but|ok|okay) )*(?:then what|what then|(?:and |then )*what (?:happens|happened|"
                       r"happens next|comes next|next|then|after that)(?: to (?:it|them|him|her))?(?: next| then)?)$")


def then_what(b, c: Ctx) -> Reply | None:
    """"and then what happens?" just after an answer about the world (not a story): what happens to the thing it
    was about, when the knowledge base is sure of it, else honestly that the bear does not know; None when it
    is no such line."""
    from bear.talk.knowledge_words import plural

    topic = c.session.topic
    if not THEN_WHAT.match(c.canon) or topic is None or c.session.last_topic != "question" \
            or (c.session.last_story[0] and c.session.turns - c.session.last_story[1] <= 2):
        return None
    last = c.session.last_question
    named = [w for w in (last[0].split() if last else ()) if b.knowledge.is_subject(w) and w not in NOT_NAMED]
    answer = None
    for thing in [*reversed(named), topic]:  # "a caterpillar" in "what does a caterpillar eat", then the topic
        for query in (f"what happens to {plural(thing)}", f"what do {plural(thing)} turn into"):
            found = b.knowledge.search(query)
            if found is not None and found.score >= 0.75 and not c.session.last_answer.startswith(found.entry.answer):
                answer = found
                break
        if answer is not None:
            break
    if answer is None:
        return b.moment(c, "dont_know", "question_unknown")
    c.session.take("kb", answer.entry.id)
    c.session.last_question = (answer.query, answer.entry.subject)
    return Reply(answer.entry.answer, "question")


def asked_again(session, canon: str) -> str | None:
    """The last question the knowledge base answered, asked again with the question word of a bare
    follow-up ("why" after "what do bees make" -> "why do bees make"), or None when `canon` is
    not one or nothing was asked."""
    if session.last_question is None or session.last_topic != "question":
        return None
    query = session.last_question[0]
    if WHY_NOT.match(canon):  # "why not" after "can penguins fly": "why can not penguins fly"
        from bear.talk.knowledge_words import plural

        first, _, rest = query.partition(" ")
        one = re.match(r"(?:(?:a|an|the) )?([a-z]+) (.+)$", rest)
        if session.topic and one and one.group(1) == session.topic:  # "can a penguin fly": why can't penguins
            rest = f"{plural(one.group(1))} {one.group(2)}"
        return f"why {first} not {rest}" if first in AUX else f"why {ASKED_WITH.sub('', query, count=1)}"
    m = BARE_WH.match(canon)
    if m is None:
        return f"why {ASKED_WITH.sub('', query, count=1)}" if DO_THAT.match(canon) else None
    return f"{m.group(1)} {ASKED_WITH.sub('', query, count=1)}"


def why_and_how(b, c: Ctx) -> Reply | None:
    """"why?", "how?", "when?", "how tall?" just after an answer: the answer to the same question
    asked that way (which may be the answer just given, when it says so already); to a "why" it
    does not answer, honestly that the bear does not know that why. None when it is not such a
    follow-up."""
    query = asked_again(c.session, c.canon)
    if query is None:
        return None
    answer = b.knowledge.search(query, topic=c.session.topic)
    if answer is not None and answer.entry.deeper and c.session.last_reply.startswith(answer.entry.deeper) \
            and query.startswith("why "):  # a "why?" after the deeper answer too: that's all the bear knows
        return b.moment(c, "deeper_why", "question_unknown")
    same = answer is not None and c.session.last_reply.startswith(answer.entry.answer)
    deeper = answer is not None and same and query.startswith("why ") and not WHY_NOT.match(c.canon) \
        and not DO_THAT.match(c.canon)
    if deeper and answer is not None and answer.entry.deeper and not c.session.taken("deeper", answer.entry.id):
        c.session.take("deeper", answer.entry.id)  # "but why?": one step deeper, once
        return Reply(answer.entry.deeper, "question")
    if answer is None or deeper:
        return b.moment(c, "deeper_why" if query.startswith("why ") else "dont_know", "question_unknown")
    c.session.take("kb", answer.entry.id)
    c.session.topic, c.session.topic_turns = answer.entry.subject, 3
    c.session.last_question = (answer.query, answer.entry.subject)
    return Reply(("Like I said: " if same else "") + answer.entry.answer, "question")


def work_on(b, c: Ctx) -> Reply | None:
    """"and double that" after "what is ten plus ten": the sum on the last number said; else None."""
    m = WORK_ON.match(c.canon)
    n = c.session.last_number
    if m is None or n is None or (m.group(10) or m.group(12)) and not SUM_SAID.search(c.session.last_reply):
        return None  # "and ten more" only just after a sum ("one more" after a story is another story)
    how = m.group(1) or m.group(2) or m.group(4) or m.group(6) or m.group(8) or m.group(10) \
        or {"more": "add", "less": "take away", "fewer": "take away", None: None}[m.group(13)]
    how = "times" if how == "multiply" else how
    k = int(m.group(3) or m.group(5) or m.group(7) or m.group(9) or m.group(11) or m.group(12) or 0)
    if how == "double":
        result, said = n * 2, f"Double {n} is {n * 2}"
    elif how in ("treble", "triple"):
        result, said = n * 3, f"Three lots of {n} is {n * 3}"
    elif how in ("half", "halve"):
        if n % 2:
            return Reply(f"Half of {n} is {n // 2} and a half!", "question")
        result, said = n // 2, f"Half of {n} is {n // 2}"
    elif how in ("add", "plus"):
        result, said = n + k, f"{n} add {k} is {n + k}"
    elif how in ("take away", "minus"):
        if k > n:
            return None
        result, said = n - k, f"{n} take away {k} is {n - k}"
    else:
        result, said = n * k, f"{n} times {k} is {n * k}"
    if result > 10000:
        return None
    c.session.last_number = result
    return Reply(f"{said}!", "question")


# "and on the moon?", "what about in the sea?" after "could people breathe in space": the last question, somewhere else
AND_PLACE = re.compile(r"^(?:and |but |so |ok |okay )*(?:what about |how about )?(on|in|at|under|inside) "
                       r"(?:the |a |an )?([a-z]+(?: [a-z]+)?)$")
PLACE_IN = re.compile(r"\b(?:on|in|at|under|inside) (?:the |a |an )?[a-z]+$")


def and_place(b, c: Ctx) -> Reply | None:
    """"and on the moon?" just after "could people breathe in space": the last question asked about the new
    place, when the knowledge base is sure of it; else None."""
    m = AND_PLACE.match(c.canon)
    last = c.session.last_question
    if m is None or last is None or c.session.last_topic != "question":
        return None
    query = last[0]
    place = f"{m.group(1)} the {m.group(2)}" if m.group(2) in ("moon", "sun", "sea", "sky", "ocean") \
        else f"{m.group(1)} {m.group(2)}"
    asked = PLACE_IN.sub(place, query) if PLACE_IN.search(query) else f"{query} {place}"
    answer = b.knowledge.search(asked)
    if answer is None or answer.score < 0.75:
        return None
    same = c.session.last_answer.startswith(answer.entry.answer)  # one answer for both places
    c.session.take("kb", answer.entry.id)
    c.session.last_question = (answer.query, answer.entry.subject)
    return Reply(("It's the same there. " if same else "") + answer.entry.answer, "question")


def _number_said(n: int, reply: str) -> bool:
    """True when the bear's last reply said the number (in digits or words) as its answer."""
    from bear.talk.number_words import a_number

    said = reply.lower()
    return bool(re.search(rf"\b{n}\b", said)) or a_number(n).lower() in said


def next_number(b, c: Ctx) -> Reply | None:
    """"what comes after that?" / "what's after 7?" / "and after a hundred?": the next (or previous)
    number; else None."""
    if next_in_pattern(c.canon) is not None:  # "what comes next 2 4 6 8": a pattern, for `arithmetic.solve`
        return None
    m = NEXT_NUMBER.match(c.canon) or AND_AFTER.match(c.canon)
    if m is None and c.session.last_number is not None and _number_said(c.session.last_number, c.session.last_reply):
        m = AND_AFTER_THAT.match(c.canon)  # "and after that?" after a story is what happened next
    if m is None:
        return None
    asked = m.group(2) if m.re.groups > 1 else None
    n = int(asked) if asked and asked.isdigit() else c.session.last_number
    if n is None:
        return None
    after = m.group(1) != "before"
    k = n + 1 if after else n - 1
    if k < 0:
        return None
    if k >= 10 ** 12:
        return None
    from bear.talk.number_words import a_number

    said, first = a_number(k), a_number(n)
    c.session.last_number, c.session.number_said = k, True  # not a number word of the reply ("a million and one")
    return Reply(f"{said[:1].upper()}{said[1:]}! {'After' if after else 'Before'} {first} comes {said}.", "question")


BIG_WORDS = re.compile(r"\b(?:million|millions|billion|billions|trillion|infinity|thousand|thousands)\b", re.IGNORECASE)


# "we learned about the romans", "i'm doing a project on volcanoes": the subject of the next questions
LEARNED = re.compile(r"\b(?:learned|learnt|learning|learn|found out|did a project|doing a project|read a book|"
                     r"watched a film|talked) (?:all )?(?:about|on) (?:the |a |an )?([a-z]+(?: [a-z]+){0,3})"
                     r"(?: today| at school)?$")


def remember(session, reply: Reply, child_canon: str) -> None:
    """After each reply: the last real answer (for "say it again") and the last number said."""
    if reply.intent not in NOT_AN_ANSWER:
        session.last_answer = reply.text
    if reply.intent in NEWS:  # "my hamster's called nibbles" -> "do they bite?" (bear.talk.asking)
        from bear.talk.knowledge import knowledge, singular
        from bear.talk.vetting import PET_KINDS

        words = child_canon.split()
        pairs = [f"{a} {b}" for a, b in zip(words, words[1:])]
        # "my friend has chicken pox" -> "is it catching?": a two-word subject first (not the pet "chicken")
        pet = next((p for p in pairs if p.split()[0] in PET_KINDS and knowledge().is_subject(p)), None) \
            or next((w for w in words if singular(w) in PET_KINDS), None)
        if pet is None:  # "i'm scared of the thunder" -> "how far away is it?": what the news was about
            from bear.talk.knowledge_words import GENERIC

            kb = knowledge()
            pet = next((w for w in reversed(words)
                        if w not in NOT_NEWS_TOPICS and w not in GENERIC and kb.is_subject(w)), None)
        if pet is not None:
            session.news_topic = (singular(pet), session.turns)
    learned = LEARNED.search(child_canon)
    if learned and not reply.safety:  # "we learned about the great fire of london": what "it" is next
        from bear.talk.knowledge import knowledge

        if knowledge().is_subject(learned.group(1)):
            session.topic, session.topic_turns = learned.group(1), 3
    numbers = SAID_NUMBER.findall(reply.text.lower()) or re.findall(r"\b\d{1,4}\b", child_canon)
    if session.number_said:  # the reply set it already
        session.number_said = False
    elif BIG_WORDS.search(reply.text):  # "after a million comes a million and one": no small number it said
        session.last_number = None
    elif numbers:
        n = numbers[-1]
        session.last_number = int(n) if n.isdigit() else NUMBER_WORDS.index(n)
