"""A question asked again about something else by a fragment: "what's the capital of england?" ...
"and france?", "how many teeth do grown ups have?" ... "and kids?", "what's the opposite of happy?"
... "and day?". The child's last line, when it was a question, with the fragment's words put in
place of some of its words: the candidates, latest words first ("grown ups" before "teeth").

Only a fragment of one to three plain words is taken, never one with a word of harm, fear or
secrecy (the safety layer's harmless guard), and the chat engine answers a candidate only when the
whole safety layer finds no risk in it and the bear really answers it (`bear.talk.chat`)."""

from __future__ import annotations

import copy
import logging
import re

log = logging.getLogger(__name__)

TRIES = 4  # at most this many questions in full are tried

FRAGMENT = re.compile(r"^(?:and|or|but|so|then)(?: (?:what|how) about)? (?:the |a |an |some )?"
                      r"(?!(?:my|your|me|you|it|that|this|us|he|she|they|i|we|then|what|why|how|when|where|who)\b)"
                      r"([a-z0-9]+(?: [a-z0-9]+){0,2})$")
# "and the last one": the one asked about, as a word of the question ("the last letter")
ONE = re.compile(r" (?:1|one|ones)$")
# a question a fragment may follow ("whats" too, unlike `bear.talk.brain.QUESTION`; no "can you")
QUESTION = re.compile(r"^(?:what|whats|which|who|where|when|how|why|is|are|can|does|do|did|was|were)\b")
# words of the question that are never what a fragment stands for
KEEP = frozenset("""what whats which who where when how why is are was were can could does do did will would has have
 had the a an of in on at to for from by with and or it its that this there they them their his her my your you
 i me we us our many much say spell called call mean means word letter number plus add
 take away minus times more less equals make makes made come comes go goes live lives eat eats get gets start starts
 begin begins end ends""".split())
WHICH = re.compile(r"^(?:first|second|third|fourth|fifth|last|next|middle|other|\w{2,}est|big|small|little|long|"
                   r"short|tall|old|new|young|red|blue|green|yellow|pink|purple|orange|black|white|brown)$")
PRONOUN = re.compile(r"\b(?:that|this|it|them|those|these|then|there)\b")
# what the bear's reply to a question in full must be to count as answered
ANSWERS = frozenset({"question", "animal_fact", "spelling_game", "counting_game"})
# a fragment that starts with one of the question's own little words stands for what came after it ("and of fast")
PREPOSITIONS = frozenset("of for in to at on from with".split())
WORK_ON_WORDS = re.compile(r"^(?:add|plus|take away|minus|times|\d+ more|\d+ less)\b")


# "do sharks?" just after "do fish have teeth?": the question's own first word, then what it is asked of now
ECHO = re.compile(r"^(do|does|is|are|can|did|was|were|have|has) (?:the |a |an |some )?"
                  r"(?!(?:my|your|me|you|it|that|this|us|he|she|they|i|we|not)\b)([a-z]+(?: [a-z]+)?)(?: too)?$")


def echoed(spoken: str, previous: str) -> str | None:
    """The words of "do sharks" after "do fish have teeth" (the same first word, two words at most), else None."""
    m = ECHO.match(spoken)
    return m.group(2) if m and previous.split()[:1] == [m.group(1)] and len(previous.split()) >= 3 else None


def echo_candidates(previous: str, words: str) -> list[str]:
    """"do sharks have teeth" for "do sharks" after "do fish have teeth": the words in place of the question's
    subject (one word, or two: "polar bears"), right after its first word and any "the", "a", "an"."""
    said = previous.split()
    at = 2 if len(said) > 2 and said[1] in ("the", "a", "an", "some") else 1
    return [" ".join(said[:1] + [words] + said[at + size:]) for size in (1, 2) if at + size < len(said)]


# "every day" just after "how many eggs does a chicken lay": a time, place or "too" put on the end of the question
QUALIFIER = re.compile(r"^(?:and |but |so )?(?:what about |how about )?((?:every|each|a|in a|in 1|per) "
                       r"(?:day|night|week|month|year|minute|hour|second)|at (?:night|night time|bedtime|the weekend)|"
                       r"in (?:the )?(?:day|daytime|night|morning|winter|summer|autumn|spring|sea|ocean|water|wild|"
                       r"jungle|desert|zoo|dark|rain|snow|cold|space)|underwater|under water|on the moon|on mars|too|"
                       r"as well|all year|at (?:once|the same time|a time)|on (?:the|a|1|one) (?:pitch|field|court|"
                       r"team|side)(?: at (?:once|the same time|a time))?|altogether|all together|in total|in all)$")


def qualified(spoken: str, previous: str) -> str | None:
    """"how many eggs does a chicken lay every day" for "every day" just after "how many eggs does a
    chicken lay"; None when the line is no such qualifier or the line before no question."""
    m = QUALIFIER.match(spoken)
    if m is None or not QUESTION.match(previous) or m.group(1) in previous:
        return None
    return f"{previous} {m.group(1)}"


# "it's too sticky" just after "i'm making slime": a question asked without its question words (what the child is
# doing is the topic the answer is looked up under)
TOO_MUCH = re.compile(r"^(?:but |and |oh no |uh oh )*(?:it is|it s|its|this is|mine is) (?:too|really|so|way too) "
                      r"(sticky|runny|wet|dry|hard|stiff|crumbly|lumpy|flat|slippery|floppy|gooey|watery)(?: now)?$")


def unasked(spoken: str, previous: str) -> str | None:
    """"why is it too sticky" for "it's too sticky" just after news ("i'm making slime"); None for any other line,
    or after a question."""
    if QUESTION.match(previous):
        return None
    m = TOO_MUCH.match(spoken)
    return f"why is it too {m.group(1)}" if m is not None else None


def fragment(spoken: str) -> str | None:
    """The words a fragment ("and france", "and the last one") puts in, or None when the line is none."""
    m = FRAGMENT.match(spoken)
    if m is None or WORK_ON_WORDS.match(m.group(1)) or PRONOUN.search(m.group(1)):
        return None  # "and take away one" works on the last number, "and after that" on the last answer
    return m.group(1)


# "what's yours?" just after the child told a favourite ("my favourite colour is green"): the same asked of the bear
YOURS = re.compile(r"^(?:and |so |ok |okay |teddy )*(?:what is yours|what s yours|which is yours|what about you|"
                   r"how about you|and you|what is your 1|what is your favourite)(?: teddy)?$")
TOLD_FAVOURITE = re.compile(r"\bmy (?:best |most )?favou?rite (?P<kind>[a-z]+(?: [a-z]+)?) (?:is|are|was)\b")


def turned_back(spoken: str, previous: str) -> str | None:
    """"what is your favourite colour" for "what's yours?" after "my favourite colour is green"; else None."""
    m = TOLD_FAVOURITE.search(previous) if YOURS.match(spoken) else None
    return f"what is your favourite {m.group('kind')}" if m else None


def said_in(words: str, reply: str) -> bool:
    """The fragment's words said in a reply, as words ("banana" in "Banana starts with B!", not "an" in "want")."""
    return re.search(rf"\b{re.escape(words)}\b", reply.lower()) is not None


def candidates(previous: str, words: str) -> list[str]:
    """The child's `previous` question (canonical) with `words` in place of one or two of its own
    words, latest first; none when `previous` is no question."""
    if not QUESTION.match(previous):
        return []
    said = previous.split()
    one = ONE.search(words) is not None and len(words.split()) > 1
    new = ONE.sub("", words) if one else words
    out: list[str] = []
    prep, _, rest = new.partition(" ")
    if prep in PREPOSITIONS and rest and not one:  # "and of fast" after "what's the opposite of big"
        for at in range(len(said) - 2, 0, -1):
            if said[at] != prep:
                continue
            for size in (1, 2):
                span = said[at + 1:at + 1 + size]
                if len(span) == size and not any(w in KEEP or w.isdigit() for w in span):
                    question = " ".join(said[:at + 1] + [rest] + said[at + 1 + size:])
                    if question not in out and question != previous:
                        out.append(question)
    for end in range(len(said), 0, -1):
        for size in ((1,) if one else (2, 1)):  # "the last one" stands for one word that says which ("first")
            start = end - size
            span = said[start:end]
            if start < 1 or any(w in KEEP or w.isdigit() for w in span) or (one and not WHICH.match(span[0])):
                continue
            question = " ".join(said[:start] + [new] + said[end:])
            if question not in out and question != previous:
                out.append(question)
    return out


async def asked_in_full(understander, brain, guard, session, text: str, understood, profile, bedtime: bool):
    """"and france?" just after "what's the capital of england?": (the question in full, its
    understanding) when the whole safety layer finds no risk in it and the bear really answers it
    (tried on a copy of the conversation `session`), and the fragment itself (`understood`) is
    either no answer or taken for a risk by the classifier; else None. The fragment's own model
    guess of risk ("and kids?" sounds like bullying to the classifier) then gives way; a rule on the
    fragment never does (the chat engine asks only when none fired)."""
    from bear.talk.spoken import spoken_form

    spoken = spoken_form(text)  # the line's canonical form, once
    back = turned_back(spoken, session.heard[-1]) if session.heard else None
    if back is not None:
        asked = await understander.understand(back)
        if asked.risk is None:
            trial = brain.reply(back, copy.deepcopy(session), profile, bedtime=bedtime, understood=asked)
            if trial.intent in ANSWERS | {"about_bear"}:
                log.info("event=fragment_asked_in_full intent=%s", trial.intent)
                return back, asked
    longer = (qualified(spoken, session.heard[-1]) or unasked(spoken, session.heard[-1])) if session.heard else None
    if longer is not None:  # "every day": the question before, asked again with it on the end
        asked = await understander.understand(longer)
        if asked.risk is None:
            trial = brain.reply(longer, copy.deepcopy(session), profile, bedtime=bedtime, understood=asked)
            if trial.intent in ANSWERS:  # only when the bear knows the answer
                log.info("event=fragment_asked_in_full intent=%s", trial.intent)
                return longer, asked
    echo = echoed(spoken, session.heard[-1]) if session.heard else None
    words = fragment(spoken) or echo
    if words is None or not session.heard or (guard is not None and guard.search(words)):
        return None
    as_is = brain.reply(text, copy.deepcopy(session), profile, bedtime=bedtime, understood=understood) \
        if understood.risk is None and echo is None else None  # "do sharks?" is never a question of its own
    if as_is is not None and as_is.intent in ANSWERS - {"animal_fact"} \
            and (as_is.intent != "spelling_game" or said_in(words, as_is.text)):  # not a new word game's start
        return None  # the follow-ups answer it as it is ("and good night?" after "hello in french"), not just
        # with what the bear knows about the word ("and france?": "People in France speak French")
    tries = echo_candidates(session.heard[-1], words) if echo else candidates(session.heard[-1], words)
    for question in tries[:TRIES]:
        asked = await understander.understand(question)
        if asked.risk is not None:
            continue
        trial = brain.reply(question, copy.deepcopy(session), profile, bedtime=bedtime, understood=asked)
        if trial.intent in ANSWERS and (trial.intent != "spelling_game" or said_in(words, trial.text)):
            log.info("event=fragment_asked_in_full intent=%s", trial.intent)
            return question, asked
    return None
