"""The offline conversation engine: what the bear answers, given what the child meant.

Deterministic given its random seed; no network. The engine never touches the store: it reads the
child's profile passed in and returns what to remember in `Reply.remember`. Safety is not done
here (`bear.talk.chat`): every risky line is redirected before it gets here, whatever the
conversation was doing, and every reply is checked after it leaves.

A turn: (1) what the bear's own last question expects gets the first go at the answer (a yes or a
no to an offer, a riddle's answer, the next number, a story choice, a name, hide and seek); (2)
the intent (the understanding classifier's, or the fallback patterns of `content/dialogue.toml`)
picks its handler (`bear.talk.handlers`; every intent has one, checked at load); (3) what is not
understood is looked up in the knowledge base when it is a question, or answered honestly
("I didn't understand" when the words were clear, "I didn't hear" when speech-to-text was unsure).
Replies are not repeated within a conversation while others are left, and a topic carries over
one or two turns ("tell me about lions" -> "what do they eat?").
"""

from __future__ import annotations

import random
import re

from bear.talk import activities, alphabet, answering, asked_for, backwards, child_riddles, choice_games, choosing, \
    companion, favourite_why, follow_ups, fruit_guess, grammar, guess_age, guessing, i_spy, legs, meaning, \
    memory_game, new_things, news_on, noise_guess, number_guess, number_think, plans, play_along, play_more, \
    play_talk, play_turns, plurals, pretend, recall, sequences, story_more, story_talk, sums_said, word_games, \
    word_play
from bear.talk.arithmetic import compared, doubled, explained, parity, shared, solve, solve_on
from bear.talk.asking import (advice_asked, claimed, doing_asked, help_asked, if_not_asked, knowledge_answer, on_it,
                              really, what_that)
from bear.talk.content import Content, load_content
from bear.talk.knowledge import core_question
from bear.talk.spoken import folded, spoken_form
from bear.talk.turn import MIN_CONFIDENCE, Ctx, Profile, Reply, Session

WEAK_CONFIDENCE = 0.25  # ... and below this it is not trusted at all
# "my sister is four today", "i turned 7 today": a birthday, whatever the classifier's guess
AGE_TODAY = re.compile(r"^(?:guess what |and |today )?(?:i|my \w+(?: \w+)?|our \w+) (?:am|is|turned|turns|is turning) "
                       r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                       r"(?: years? old)? today$")
# "do a joke about bananas", "tell us a riddle": asked for by name, whatever the classifier heard
ASKED_JOKE = re.compile(r"^(?:(?:can you|could you|will you|please|teddy|now|ok|okay) )*(?:tell|do|say|give)"
                        r"(?: me| us)? (?:a|another|some|1|one|a funny|a silly|a new) (jokes?|riddles?)\b")
# "could you stand on jupiter", "can people live on the moon": a question about a place, not a request to play
CAN_WE_THERE = re.compile(r"^(?:can|could) (?:you|we|i|people|a person|humans|anyone) (?:ever )?(?:stand|walk|live|"
                          r"breathe|land|swim|fly|go|jump|sleep|grow|survive) (?:on|in|to|at|inside|under)\b")
UNSURE_HEARING = 0.45  # a transcript less confident than this was probably misheard
QUESTION = re.compile(r"^(why|what|how|where|when|who|whose|which|can|could|do|does|did|is|are|was|were|will|"
                      r"would|have|has)\b")  # "whose garden did peter rabbit go in" too
# a question about the world: not "can you ..." / "can we ..." (asking the bear for something), but "can dogs see"
ASKS = re.compile(r"^(why|what|how|where|when|who|whose|which|do|does|did|is|are|was|were|has|have|"
                  r"(?:can|could|will|would)(?! (?:you|we|i|u|me|us|teddy|please)\b))\b")  # not "will you ..."
# "can we walk on it?" after the moon: a question about the topic, not a request to do something
ABOUT_IT = re.compile(r"^(?:can|could|will|would) (?:we|i|you|people) [a-z ]*\b(?:it|there|them|one|they)$")
# intents a question about the world is sometimes taken for: the knowledge base is asked first
KB_FIRST = frozenset({"question", "animal_fact", "riddle", "chitchat", "help", "feelings", "about_bear", "play", "song",
                      "counting_game", "spelling_game", "story", "joke", "pet", "scared", "sleep", "thanks",
                      "lost_tooth", "compliment", "birthday"})


# "can you name some green vegetables", "can you see the great wall of china from space": asked of the bear, but a
# question the knowledge base knows almost word for word (a request to do something has no such match)
CAN_YOU = re.compile(r"^(?:teddy )?(?:can|could) you (?!(?:sing|play|tell me a|do|make|help|say|dance|count|give|read|"
                     r"hug|be|pretend|guess|spell|draw|come|keep|stop|remember|go)\b)[a-z]+\b")
KNOWN_SCORE = 0.9
# intents a question about the world the knowledge base does not answer is no line for ("do flowers talk to each
# other" is no news and no feeling): an honest "I don't know"; "do|can|are + a thing" (not "is it", "does he")
WONDERING = frozenset({"chitchat", "feelings", "compliment", "thanks"})
WONDERS = re.compile(r"^(?:do|does|can|could|are|is|was|were|did|why do|why does|why are|why is|how do|how does|"
                     r"how can) (?!(?:it|that|this|there|he|she|they|them|those|these|anyone|someone|people|a|an|"
                     r"some|me|us|your|my|the)\b)"
                     r"[a-z]+ [a-z]+")
# "i made a den, what should i bring in it": the child's news, then a question about it; a moment's line about
# the news is no answer, the knowledge base's is when it is sure of the whole line
TOLD_THEN_ASKED = re.compile(r"^(?:(?:and|so|guess what|teddy|today) )*(?:i|we|my|me and)\b.* "
                             r"(?:what|how|where|which) (?:should|shall|can|could|do) (?:i|we)\b")
TOLD_THEN_ASKED_SCORE = 0.75
# "is it good for you" just after ice cream: about the topic, not how the bear is (the classifier hears "how are you")
GOOD_FOR = re.compile(r"^(?:is|are) (?:it|they|that|those|these) (?:good|bad|healthy) for "
                      r"(?:you|me|us|people|kids|children)$")
# what the child asked the bear to do: a moment's words in it ("a story about a bad dream") are not news
ACTIVITIES = frozenset({"story", "song", "joke", "riddle", "counting_game", "spelling_game", "hide_and_seek", "goodbye",
                        "stop", "repeat", "another"})


FILLER = re.compile(r"^(?:(?:and|so|but|um+|er+|erm|well|oh|ok|okay) )+(?=\w+ )|"  # "and what do they eat"
                    r"^(?:and )?then (?=(?:why|how|where|who|which|do|does|is|are|can) \w)")  # "then why ..."

OFFERS = (("story", r"\b(story|stories)\b"), ("song", r"\b(song|sing|lullaby|rhyme)\b"), ("joke", r"\bjokes?\b"),
          ("riddle", r"\briddles?\b"), ("hug", r"\b(hug|cuddle|squeeze)\b"),
          ("counting_game", r"\b(count|counting)\b"), ("spelling_game", r"\bspell"),
          ("hide_and_seek", r"\bhide and seek\b"), ("animal_fact", r"\banimal fact"))
OFFER_QUESTION = re.compile(r"\b(would you like|do you want|shall i|shall we|how about|want to hear|want me to|"
                            r"would a|would you)\b")


def about_request(canon: str) -> bool:
    """True for "tell me about volcanoes", "i want to know about the sea" (a subject, not a story)."""
    from bear.talk.activities import ABOUT, NOT_A_SUBJECT

    m = ABOUT.match(canon)
    return m is not None and m.group(1) not in NOT_A_SUBJECT


def offer_in(text: str) -> str | None:
    """What the bear's closing question offers ("Would you like a story?" -> "story"), if anything."""
    last = re.split(r"(?<=[.!])\s+", text.strip())[-1].lower()
    if not OFFER_QUESTION.search(last):
        return None
    found = [(m.start(), intent) for intent, pattern in OFFERS for m in [re.search(pattern, last)] if m]
    return min(found)[1] if found else None


# "what did he say", "what did neil armstrong say": someone else's words (not "what did you say")
SOMEONE_SAID = re.compile(r"^(?:(?:and|so|but|teddy) )*what did (?!you\b|u\b|ya\b)[a-z]+(?: [a-z]+)? say\b")

class Brain:
    """The offline conversation engine: intent -> handler -> reply, with the session's memory of what was said."""

    def __init__(self, content: Content | None = None, *, seed: int | None = None):
        from bear.talk import handlers

        self.content = content or load_content()
        self.rng = random.Random(seed)
        self.handlers = handlers.HANDLERS
        self.expectations = handlers.EXPECTATIONS | guessing.EXPECTATIONS | i_spy.EXPECTATIONS \
            | fruit_guess.EXPECTATIONS | play_more.EXPECTATIONS | play_talk.EXPECTATIONS | story_more.EXPECTATIONS \
            | choosing.EXPECTATIONS \
            | word_play.EXPECTATIONS | alphabet.EXPECTATIONS | number_guess.EXPECTATIONS | number_think.EXPECTATIONS \
            | sums_said.EXPECTATIONS | guess_age.EXPECTATIONS | noise_guess.EXPECTATIONS
        missing = handlers.check(self)
        if missing:
            raise ValueError(f"intents without a handler: {', '.join(missing)}")
        self._moments = self._knowledge = None

    # --- lazily loaded content ---------------------------------------------------------------
    @property
    def moments(self):
        """The moments' lines (loaded on first use)."""
        if self._moments is None:
            from bear.talk.moments import load_moments

            self._moments = load_moments()
        return self._moments

    @property
    def knowledge(self):
        """The knowledge base."""
        from bear.talk.knowledge import knowledge

        return knowledge()

    # --- picking what to say -------------------------------------------------------------------
    def pick(self, session: Session, key: str, options) -> str:
        """One of `options`, not said before in this conversation while others are left, and
        never the same as last time."""
        options = list(options)
        fresh = [o for o in options if (o.text if hasattr(o, "text") else o) not in session.said]
        pool = fresh or options
        if len(pool) > 1 and session.last_pick.get(key) in pool:
            pool.remove(session.last_pick[key])
        choice = self.rng.choice(pool)
        session.last_pick[key] = choice
        return choice

    def say(self, c: Ctx, intent: str, key: str = "replies", **kw) -> str:
        """A reply line for `intent` (not said lately), with the child's name filled in."""
        text = self.pick(c.session, f"{intent}.{key}", self.content.intent(intent).data[key])
        return text.format(name=c.profile.name or "friend", **kw)

    def moment(self, c: Ctx, key: str, intent: str | None = None, **kw) -> Reply:
        """A reply from an everyday moment; an offer ("Would you like a story?") is remembered."""
        line = self.pick(c.session, f"moment.{key}", self.moments.get(key))
        values = {"name": c.profile.name or "friend", "pet": c.profile.likes.get("pet_name", "your pet"),
                  "pet_kind": c.profile.likes.get("pet_kind", "pet")} | kw
        text = line.text.format(**values)
        if line.offer is not None:
            c.session.pending = {"kind": "offer", "yes": line.offer.yes, "no": line.offer.no}
            return Reply(text, intent or key, expects_answer=True)
        expects = self.moments.expects.get(key)
        if expects is not None and ("?" in text or expects.get("kind") == "bear_said"):  # "What's yours?"
            c.session.pending = expects | {k: v for k, v in kw.items() if k == "what"}
        return Reply(text, intent or key, expects_answer=text.rstrip().endswith("?"))

    # --- the turn ----------------------------------------------------------------------------
    def reply(self, text: str, session: Session, profile: Profile, *, emotion: str | None = None,
              bedtime: bool = False, understood=None, heard_confidence: float | None = None) -> Reply:
        """The reply to one child line (never raises; an empty or unclear line gets a fallback)."""
        session.turns += 1
        norm, canon = folded(text), FILLER.sub("", spoken_form(text))
        if not norm:
            return self._done(session, Reply(self.pick(session, "empty", self.content.fallback["empty"]), "empty",
                                             expects_answer=True))
        c = Ctx(text, norm, canon, *self._intent(norm, understood), session, profile, emotion, bedtime)
        if session.topic_turns:
            session.topic_turns -= 1
            if not session.topic_turns:
                session.topic = None
        reply = play_turns.first(self, c)  # a rhyme asked for in any game, another animal while pretending
        if reply is None:  # "call him max" just after a story: a story whose hero has that name
            reply = story_talk.hero_named(self, c)
        if reply is None:  # "can i skate on it?" after "the pond is frozen"; "what should i do?"
            reply = on_it(self, c) or advice_asked(self, c)
        if reply is None and (reply := recall.asked(self, c)) is not None:  # "what's my brother's name?"
            session.pending = None
        if reply is None and session.pending is not None:
            handler = self.expectations.get(session.pending["kind"])
            pending = session.pending
            reply = handler(self, c, pending) if handler else None
            if reply is None and session.pending is pending:
                session.pending = None  # the child moved on
        if reply is None:  # "lettuce who?", a riddle of the bear's said back, a poem or a tongue twister
            reply = answering.what_to_do(self, c) or play_along.song_next(self, c) or favourite_why.asked(self, c) \
                or plans.asked(self, c) or new_things.learned(self, c) \
                or legs.asked(self, c) \
                or sums_said.asked(self, c) or grammar.asked(self, c) \
                or alphabet.start(self, c) or meaning.asked(self, c) or plurals.asked(self, c) \
                or asked_for.knock_answer(self, c) \
                or child_riddles.riddle_said_back(self, c) or child_riddles.joke_said_back(self, c) \
                or asked_for.song_known(self, c) \
                or choosing.asked(self, c) \
                or number_think.asked(self, c) or number_guess.asked(self, c) \
                or guess_age.asked(self, c) or guessing.asked(self, c) \
                or fruit_guess.fruit_game(self, c) \
                or story_more.asked(self, c) or noise_guess.asked(self, c) or play_more.asked(self, c) \
                or play_talk.asked(self, c) \
                or answering.asked(self, c) or play_turns.asked(self, c) or doing_asked(self, c) \
                or news_on.carried_on(self, c) \
                or word_play.asked(self, c) \
                or word_games.asked(self, c) or choice_games.asked(self, c) or memory_game.asked(self, c) \
                or pretend.pretend(self, c) \
                or asked_for.farm_verse(self, c) \
                or asked_for.joke_again(self, c) or companion.asked(self, c) or play_along.asked(self, c) \
                or story_talk.made_into(self, c) or story_talk.story_question(self, c) \
                or story_talk.named_story(self, c) or story_talk.about_after(self, c) \
                or story_talk.more_about(self, c)
            if reply is None and (c.intent != "song" or asked_for.TWISTER.search(c.canon)):
                reply = asked_for.poem_request(self, c)
            if reply is None:  # "and what about spiders?", "but why?", "what comes after that?"
                reply = sequences.asked(self, c) or follow_ups.and_part(self, c) or follow_ups.other_end(self, c) \
                    or follow_ups.then_what(self, c) or follow_ups.what_about(self, c) \
                    or follow_ups.why_and_how(self, c) \
                    or follow_ups.next_number(self, c) or follow_ups.work_on(self, c) or follow_ups.and_place(self, c) \
                    or sums_said.altogether(self, c) or really(self, c) or if_not_asked(self, c) \
                    or help_asked(self, c) or what_that(self, c)
        answer = (solve(c.canon) or shared(c.canon) or compared(c.text) or doubled(c.norm)
                  or solve_on(c.canon, session.last_reply)
                  or explained(c.canon, session.last_reply) or parity(c.canon, session.last_number)) \
            if reply is None else None
        if answer is not None:  # a little sum ("five add two"), however it was asked
            reply = Reply(answer, "question")
        if reply is None and TOLD_THEN_ASKED.match(c.canon):  # "i made a den, what should i bring in it"
            reply = knowledge_answer(self, c, min_score=TOLD_THEN_ASKED_SCORE)
        if reply is None:  # news and moments the child shares, by their words ("i got a new bike": said back)
            reply = new_things.asked(self, c) or self._recognised_moment(c)  # (learned: above)
        if reply is None and (c.intent in KB_FIRST or (c.session.topic and GOOD_FOR.match(c.canon))) and (
                ASKS.match(core_question(c.canon)) or (
                c.session.topic and ABOUT_IT.match(core_question(c.canon))) or CAN_WE_THERE.match(c.canon)):
            # a question about the world, whatever it sounded like
            about_us = re.search(r"\b(you|your|yourself|teddy|me|my|i)\b", c.canon)
            reply = knowledge_answer(self, c, min_score=0.75 if about_us and c.intent != "question" else None)
        if reply is None and c.intent in WONDERING and CAN_YOU.match(c.canon):
            reply = knowledge_answer(self, c, min_score=KNOWN_SCORE)  # "can you see the great wall from space": known
        if reply is None and (c.intent in KB_FIRST or c.intent is None) and not QUESTION.match(core_question(c.canon)):
            reply = backwards.asked(self, c)  # "mixing red and yellow makes what": a question, back to front
        if reply is None and c.intent in WONDERING and WONDERS.match(core_question(c.canon)) and not re.search(
                r"\b(you|your|yourself|teddy|me|my|i|we|us|our)\b", c.canon):
            reply = self.moment(c, "dont_know", "question_unknown")  # "do flowers talk?": honestly, not news
        if reply is None and (c.intent not in ("story", "song", "joke", "riddle") or not re.search(
                r"\b(story|stories|song|songs|sing|joke|jokes|riddle|riddles|poem|rhyme)\b", c.canon)) \
                and about_request(c.canon):
            reply = self.handlers["animal_fact"](self, c)  # "i want to know about volcanoes": what the bear knows
        if reply is None and c.session.topic and c.session.last_topic in ("question", "animal_fact") \
                and activities.MORE.match(c.canon):  # "tell me more" after space, whatever it sounded like
            reply = activities._about(self, c, c.session.topic)
        if reply is None and c.intent == "chitchat" and not QUESTION.match(core_question(c.canon)):
            reply = claimed(self, c)  # "octopuses have three hearts": what the bear knows of it, if it is sure
        if reply is None and c.intent is not None:
            reply = self.handlers[c.intent](self, c)
        if reply is None:  # "i broke my favourite toy", not understood: news, answered by how it feels
            reply = answering.toned_news(self, c)
        if reply is None:
            reply = self._not_understood(c, heard_confidence)
        else:
            session.fallbacks = 0
        if session.topic is None and reply.intent == "lost_tooth" and reply.safety is None:
            session.topic, session.topic_turns = "tooth", 3  # "will a new one grow?" after "i lost my tooth"
        follow_ups.remember(session, reply, c.canon)
        news_on.remember(session, c.canon, reply)
        answering.remember(session, c.canon, reply)
        recall.remember(session, c.canon, reply)
        return self._done(session, reply)

    def _recognised_moment(self, c: Ctx) -> Reply | None:
        """A moment recognised by its words ("my tooth fell out", "will you be my friend"), or None."""
        hit = self.moments.recognise(c.canon, question=bool(QUESTION.match(core_question(c.canon))),
                                     activity=c.intent in ACTIVITIES)
        if hit is None:
            return None
        rule, values = hit
        if rule.topic:  # "will a new one grow?" next is about the tooth
            c.session.topic, c.session.topic_turns = rule.topic, 3
        if "age" in values:  # "i'm six", "i'm five and a half": remembered for "how old am i?"
            c.session.age = int(values["age"])
            values["next"] = str(c.session.age + 1)
        if "month" in values:  # "my birthday is in june": a month's name, capitalised
            values["month"] = values["month"].capitalize()
        if rule.moment in ("child_age", "child_age_next", "child_age_in"):  # "how old will i be in 4 years?"
            if c.session.age is None:
                return self.moment(c, "child_age_unknown", rule.intent)
            later = int(values.get("years") or 1)
            values.update(age=str(c.session.age), next=str(c.session.age + later))
        return self.moment(c, rule.moment, rule.intent, **values)

    def _done(self, session: Session, reply: Reply) -> Reply:
        session.said.add(reply.text)
        session.last_reply = reply.text
        if session.pending is None and reply.text.rstrip().endswith("?"):
            offered = offer_in(reply.text)
            if offered is not None:  # "Would you like a gentle song?": a "yes" means the song
                session.pending = {"kind": "offer", "yes": offered, "no": ""}
        return reply

    def _intent(self, norm: str, understood) -> tuple[str | None, float]:
        """(intent, confidence): the classifier's when it is sure enough, else the fallback patterns."""
        model = (understood.intent, understood.confidence) if understood is not None and understood.intent else None
        if AGE_TODAY.match(norm):
            return "birthday", 1.0
        asked = ASKED_JOKE.match(norm)
        if asked and (model is None or model[0] in ("chitchat", "feelings", "question", "play")):
            return ("joke" if asked.group(1).startswith("joke") else "riddle"), 1.0  # "do a joke about bananas"
        if model and model[0] == "repeat" and SOMEONE_SAID.match(norm):
            return "question", model[1]  # "what did he say?" after neil armstrong: his words, not the bear's again
        if model and model[1] >= MIN_CONFIDENCE:
            return model
        for intent in self.content.intents:
            if intent.patterns and intent.match(norm):
                return intent.name, 0.5
        if model and model[1] >= WEAK_CONFIDENCE:
            return model
        return None, 0.0

    def _not_understood(self, c: Ctx, heard_confidence: float | None) -> Reply:
        from bear.talk import handlers

        if heard_confidence is not None and heard_confidence < UNSURE_HEARING:
            return self.moment(c, "didnt_hear", "fallback")
        if QUESTION.match(core_question(c.canon)):
            answer = knowledge_answer(self, c)
            if answer is not None:
                return answer
        elif (answer := claimed(self, c)) is not None:  # "the moon follows us": what the bear knows of it
            return answer
        if c.emotion in ("sadness", "fear", "anger"):
            return handlers.feelings_reply(self, c)
        c.session.fallbacks += 1
        if c.session.fallbacks == 1:
            reply = self.moment(c, "dont_understand", "fallback")
            reply.expects_answer = True
            return reply
        return Reply(self.pick(c.session, "fallback.again", self.content.fallback["again"]), "fallback",
                     expects_answer=True)
