"""One conversational turn, whoever answers: emotion -> understanding (risk, intent) -> engine or
LLM -> safety (out).

Used by the daemon (spoken replies) and by `bear chat` (printed replies) alike, with the same
store, so the child's name and favourite things are remembered across restarts either way.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import datetime

from bear.talk.brain import Brain
from bear.talk.turn import Profile, Reply, Session

log = logging.getLogger(__name__)

KNOWN_QUESTION_SCORE = 0.5  # a knowledge-base match this good outweighs the classifier's guess of risk
# a question the classifier took for a disclosure (a flagged risk) never gives way to a knowledge answer with a word
# of harm to oneself in it ("how do i tie a knot in a rope to hang" is no question about knots)
HARM_WORDS = re.compile(r"\b(?:noose|suicide|(?:kill|strangle|poison|hang) (?:myself|me)|(?:hurt|cut|harm) myself|"
                        r"end it all|(?:rope|string|belt|scarf|cord)\b.{0,30}\bhang)\b")
GROWN_UP = re.compile(r"\bgrown-?ups?\b|\bgrown ups?\b", re.IGNORECASE)  # a reply that sends the child to one


@dataclass
class ChatSession:
    """One conversation: the store's session id, the brain's session and the LLM's history."""

    id: int | None  # the store's session id
    brain: Session = field(default_factory=Session)
    history: list[tuple[str, str]] = field(default_factory=list)  # (child, bear) for the LLM's context
    last_turn_at: float = field(default_factory=time.monotonic)
    ended: bool = False


@dataclass
class Turn:
    """One reply: the brain's reply and its pieces as they are spoken."""

    child_text: str
    reply: Reply
    emotion: str | None = None
    timings: dict = field(default_factory=dict)
    _pieces: object = None  # async iterator of safe sentences still to come (LLM), or None
    spoken: list[str] = field(default_factory=list)

    async def pieces(self):
        """The reply in pieces (each passed the safety check), as soon as each exists."""
        if self._pieces is None:
            self.spoken.append(self.reply.text)
            yield self.reply.text
            return
        async for piece in self._pieces:
            self.spoken.append(piece)
            yield piece

    @property
    def text(self) -> str:
        """What was spoken (the reply's text before it is)."""
        return " ".join(self.spoken) if self.spoken else self.reply.text


def in_quiet_hours(quiet: tuple[int, int] | None, now: datetime) -> bool:
    """True when `now` falls in the quiet hours (minutes of the day; may wrap past midnight)."""
    if quiet is None:
        return False
    start, end = quiet
    minute = now.hour * 60 + now.minute
    return start <= minute < end if start <= end else (minute >= start or minute < end)


class Chat:
    """One turn of conversation: emotion -> safety -> brain or LLM -> safety, with the store's profile and records."""

    def __init__(self, cfg, store, registry=None, *, brain: Brain | None = None, safety=None, llm=None,
                 clock=datetime.now, on_urgent=None):
        from bear.config import parse_quiet_hours
        from bear.talk.safety import Safety
        from bear.talk.understand import MODEL, Understander, register

        self.cfg = cfg
        self.store = store
        self.registry = registry
        self.brain = brain or Brain()
        self.safety = safety or Safety.load(emergency_number=cfg.talk.emergency_number)
        if registry is not None and MODEL not in {s.name for s in registry.slots()}:
            register(registry)
        self.understander = Understander(self.safety, registry)
        self.on_urgent = on_urgent  # called after an urgent flag is stored (the daemon syncs at once)
        self.clock = clock
        self._llm_client = llm
        self._profile: Profile | None = None
        self.use_settings(quiet=parse_quiet_hours(cfg.talk.quiet_hours), emotion=cfg.emotion.enabled,
                          llm=cfg.llm.enabled or llm is not None)

    def use_settings(self, *, quiet: tuple[int, int] | None, emotion: bool, llm: bool) -> None:
        """Bedtime hours, emotion detection and the LLM on or off (config, or the parent's settings)."""
        self.quiet, self.emotion_on = quiet, emotion
        if llm and self._llm_client is None:
            from bear.talk.llm import LlmClient

            self._llm_client = LlmClient(self.cfg.llm)
        self.llm = self._llm_client if llm else None

    def set_child_name(self, name: str | None) -> None:
        """The parent set (or cleared) the child's name: a conversation in progress uses it too."""
        if self._profile is not None:
            self._profile.name = name or None

    def forget(self) -> None:
        """Drop what this turn engine holds about the child (the store is erased separately)."""
        self._profile = None

    def _bedtime_nudge_due(self, cs: ChatSession) -> bool:
        """At most once every `bedtime.suggest_every` turns (not at the end of every reply)."""
        last = cs.brain.bedtime_suggested_at
        return last is None or cs.brain.turns - last >= int(self.brain.content.bedtime.get("suggest_every", 4))

    def bedtime(self) -> bool:
        """True in the quiet hours now."""
        return in_quiet_hours(self.quiet, self.clock())

    async def start_session(self, trigger: str) -> ChatSession:
        """Start a conversation (loads the child's profile; without a store, an empty one)."""
        from bear.store import StoreUnavailable

        if self.store is None:
            self._profile = Profile()
            return ChatSession(None)
        session_id = await self.store.conversations.start_session(trigger)
        try:
            self._profile = Profile.from_store(await self.store.profile.get())
        except StoreUnavailable:  # the disk failed: what is in memory, else a stranger
            self._profile = self._profile or Profile()
        return ChatSession(session_id)

    async def end_session(self, cs: ChatSession) -> None:
        """End the conversation (once)."""
        if not cs.ended:
            cs.ended = True
            if self.store is not None:
                await self.store.conversations.end_session(cs.id)

    async def _emotion(self, text: str):
        if not self.emotion_on or self.registry is None or not text.strip():
            return None, 0.0
        from bear.emotion import classify
        from bear.models.manifest import ModelUnavailable

        t0 = time.perf_counter()
        try:
            result = await classify(self.registry, text)
        except ModelUnavailable as exc:
            log.warning("event=emotion_unavailable reason=%r", str(exc))
            return None, (time.perf_counter() - t0) * 1000
        return result.label, (time.perf_counter() - t0) * 1000

    async def respond(self, cs: ChatSession, text: str, *, heard_confidence: float | None = None) -> Turn:
        """Decide the reply to `text` (the first LLM sentence is awaited here, the rest streams)."""
        cs.last_turn_at = time.monotonic()
        profile = self._profile or Profile()
        emotion, emotion_ms = await self._emotion(text)
        t0 = time.perf_counter()
        bedtime = self.bedtime()
        u = await self.understander.understand(text)
        said = text  # what the brain answers: the line, or a fragment's question in full ("and france?")
        from bear.talk.answering import grief_question
        from bear.talk.game_answers import animal_clue, game_answer, hiding_turn, spy_turn, story_change, weak_flag
        from bear.talk.word_questions import spelled_word
        from bear.talk.story_questions import from_the_story

        if u.source != "rule":
            from bear.talk.ellipsis import asked_in_full

            asked = await asked_in_full(self.understander, self.brain, self.safety.harmless_guard, cs.brain, text, u,
                                        profile, bedtime)
            if asked is not None:
                said, u = asked
        if u.risk is not None and u.source == "model" and grief_question(cs.brain, text):
            log.info("event=risk_overruled category=%s reason=grief_question", u.risk)
            u = dataclasses.replace(u, risk=None, flag=False, urgent=False, source="")
        if u.risk is not None and u.source == "model" and spelled_word(text) is not None:  # "what word is s u n"
            log.info("event=risk_overruled category=%s reason=spelled_word", u.risk)
            u = dataclasses.replace(u, risk=None, flag=False, urgent=False, source="")
        if u.risk is not None and u.source == "model" and not u.flag and game_answer(cs.brain, u):
            log.info("event=risk_overruled category=%s reason=game_answer", u.risk)
            u = dataclasses.replace(u, risk=None, urgent=False, source="")
        if u.risk is not None and u.source == "model" and u.flag and max(u.scores.get(u.risk, 0.0), u.concern) \
                < weak_flag(cs.brain, u) and (from_the_story(cs.brain, u.text) is not None  # "what happened to the
                                              or animal_clue(cs.brain, u)  # stick house?"; "and it eats leaves"
                                              or spy_turn(cs.brain, u)  # "no it's not the telly, guess again"
                                              or hiding_turn(cs.brain, u)  # "i'm behind the curtains" in the game
                                              or story_change(cs.brain, u)):  # "make him a space dog" after a story
            log.info("event=risk_overruled category=%s reason=story_question", u.risk)
            u = dataclasses.replace(u, risk=None, flag=False, urgent=False, source="")
        if u.risk is not None and u.source == "model" and self._is_known_question(cs, u):
            log.info("event=risk_overruled category=%s reason=knowledge", u.risk)
            u = dataclasses.replace(u, risk=None, flag=False, urgent=False, source="", intent="question",
                                    confidence=1.0)
        if u.risk is not None:  # safety first, whatever the conversation was doing
            log.info("event=safety_redirect category=%s flagged=%s urgent=%s source=%s", u.risk, u.flag, u.urgent,
                     u.source)
            cs.brain.pending = cs.brain.news_thread = None
            reply = Reply(self.safety.reply(u.risk), "safety", safety=u.risk, flag=u.flag, urgent=u.urgent,
                          source="safety")
        else:
            reply = self.brain.reply(said, cs.brain, profile, emotion=emotion, bedtime=bedtime, understood=u,
                                     heard_confidence=heard_confidence)
            reply = await self._vet_like(cs, profile, reply)
        reply = self._worry_net(cs, u, reply)
        turn = Turn(text, reply, emotion)
        if reply.intent in ("fallback", "question_unknown") and self.llm is not None and text.strip():
            await self._ask_llm(cs, turn)
        if turn._pieces is None:
            safe, problem = self.safety.check_output(turn.reply.text)
            if problem:
                log.warning("event=safety_output_blocked source=%s rule=%r", turn.reply.source, problem[:60])
                turn.reply = Reply(safe, turn.reply.intent, source="safety")
            elif bedtime and reply.intent not in ("goodbye", "safety", "sleep") and self._bedtime_nudge_due(cs):
                cs.brain.bedtime_suggested_at = cs.brain.turns
                turn.reply.text += self.brain.pick(cs.brain, "bedtime.suggest", self.brain.content.bedtime["suggest"])
        turn.timings = {"emotion_ms": round(emotion_ms, 2), "understand_ms": round(u.ms, 2),
                        "reply_ms": round((time.perf_counter() - t0) * 1000, 2)}
        log.info("event=reply intent=%s source=%s emotion=%s bedtime=%s understood=%s confidence=%.2f reply_ms=%.1f",
                 turn.reply.intent, turn.reply.source, emotion or "-", bedtime, u.intent or "-", u.confidence,
                 turn.timings["reply_ms"])
        return turn

    def _worry_net(self, cs: ChatSession, u, reply: Reply) -> Reply:
        """The safety net (`bear.talk.worry`): a line with signs of danger or harm that got a
        generic reply is answered warmly and flagged `worry` for the parent; an unflagged category's
        reply is kept and flagged when it sends the child to a grown-up."""
        from bear.talk import worry

        net = worry.net(u, reply)
        if net is None:
            return reply
        log.info("event=worry_net category=%s intent=%s concern=%.3f", net, reply.intent, u.concern)
        urgent = self.safety.category(net).urgent
        if reply.intent == "safety" and GROWN_UP.search(reply.text):
            return dataclasses.replace(reply, flag=True, urgent=urgent or reply.urgent, safety=net)
        # a reply that names no grown-up ("it's good to have lots of friends" to "promise not to tell anyone
        # ever"): the net's own, which does
        cs.brain.pending = cs.brain.news_thread = None
        return Reply(self.safety.reply(net), "safety", safety=net, flag=True, urgent=urgent, source="safety")

    def _is_known_question(self, cs: ChatSession, u) -> bool:
        """A question about the world the knowledge base answers with confidence ("what is a baby
        cow called", "can they fly" after penguins): the classifier's guess of risk on it (never a
        rule's) gives way. The knowledge base's coverage check keeps disclosures out of this."""
        from bear.talk import follow_ups
        from bear.talk.activities import ABOUT, NOT_A_SUBJECT
        from bear.talk.arithmetic import compared, solve
        from bear.talk.letter_words import ASKED as LETTER_ASKED
        from bear.talk.brain import ASKS, FILLER
        from bear.talk.knowledge import core_question
        from bear.talk.story_questions import ENDING, from_the_story

        if solve(u.text) is not None or compared(u.text) is not None:  # a sum, whatever it sounded like
            return True
        if not u.flag and LETTER_ASKED.match(u.text):  # "a word that starts with z": only the bear's own words said
            return True
        if cs.brain.last_number is not None and follow_ups.WORK_ON.match(FILLER.sub("", u.text)):  # "double it"
            return True
        if ENDING.match(u.text) and from_the_story(cs.brain, u.text) is not None:  # "and then what?" after a story
            return True
        # "when?", "and a spider?" just after an answer: the last question asked again, with no words of
        # the child's own but a question word or something the knowledge base is about
        other = follow_ups.about_again(self.brain.knowledge, cs.brain, u.text, u.text)
        again = follow_ups.asked_again(cs.brain, FILLER.sub("", u.text)) or (other[1] if other else None)
        if again is not None:
            answer = self.brain.knowledge.search(again, topic=cs.brain.topic)
            return answer is not None and answer.score >= KNOWN_QUESTION_SCORE and _sure_enough(u, again)
        text = core_question(FILLER.sub("", u.text))
        about = ABOUT.match(text)
        if about and not u.flag:  # "i want to know about the sea": a subject the bear knows about
            return about.group(1) not in NOT_A_SUBJECT and bool(self.brain.knowledge.about(about.group(1)))
        if not ASKS.match(text) and not text.startswith(("can ", "could ")):
            return False
        answer = self.brain.knowledge.search(text, topic=cs.brain.topic)
        if answer is None and cs.brain.topic is None and cs.brain.news_topic and not u.flag:
            from bear.talk.asking import NEWS_SCORE, NEWS_TURNS, as_many

            topic, at = cs.brain.news_topic  # "do they bite?" after "my hamster's called nibbles": only a sure answer
            answer = self.brain.knowledge.search(as_many(text), topic=topic) if cs.brain.turns - at < NEWS_TURNS \
                else None
            return answer is not None and answer.score >= NEWS_SCORE
        from bear.talk.knowledge import trimmed

        # found only without its last clause ("is it ok [if i don't eat so i disappear]"): no reason to overrule
        return answer is not None and answer.score >= KNOWN_QUESTION_SCORE and answer.query not in trimmed(text) \
            and _sure_enough(u, text)

    async def _vet_like(self, cs: ChatSession, profile: Profile, reply: Reply) -> Reply:
        """A favourite thing is remembered only if it is harmless to the understanding layer too
        ("my favourite thing is kicking the dog" has no blocked word, but it is cruelty)."""
        like = (reply.remember or {}).get("like")
        if like is None:
            return reply
        kind, thing = like
        check = await self.understander.understand(f"i like {thing}")
        if check.risk is None:
            return reply
        profile.likes.pop(kind, None)
        log.info("event=like_declined category=%s", check.risk)
        declined = self.brain.content.intent("set_favourite").data["declined"]
        return Reply(self.brain.pick(cs.brain, "set_favourite.declined", declined), "set_favourite",
                     expects_answer=True)

    async def _ask_llm(self, cs: ChatSession, turn: Turn) -> None:
        from bear.talk.llm import LlmError

        t0 = time.perf_counter()
        stream = self.llm.sentences(turn.child_text, cs.history)
        try:
            first = await stream.__anext__()
        except (LlmError, StopAsyncIteration) as exc:
            await stream.aclose()
            log.warning("event=llm_fallback reason=%r waited_ms=%.0f", str(exc), (time.perf_counter() - t0) * 1000)
            return
        log.info("event=llm_first_sentence ms=%.0f", (time.perf_counter() - t0) * 1000)
        safety = self.safety

        async def pieces():
            try:
                sentence = first
                while True:
                    safe, problem = safety.check_output(sentence)
                    if problem:
                        log.warning("event=safety_output_blocked source=llm rule=%r", problem[:60])
                        yield safe
                        return
                    yield sentence
                    try:
                        sentence = await stream.__anext__()
                    except StopAsyncIteration:
                        return
                    except LlmError as exc:
                        log.warning("event=llm_stream_stopped reason=%r", str(exc))
                        return
            finally:
                await stream.aclose()

        turn.reply = Reply(first, "llm", expects_answer=True, source="llm")
        turn._pieces = pieces()

    async def record(self, cs: ChatSession, turn: Turn, timings: dict | None = None) -> int | None:
        """Store the turn (what was actually said) with its safety flag and anything to remember,
        in one transaction; the turn's id (None without a store, or while the disk refuses it:
        it is written later)."""
        from bear.store import TurnRecord

        bear_text = turn.text
        cs.history.append((turn.child_text, bear_text))
        del cs.history[:-5]
        remember = turn.reply.remember or {}
        likes = None
        if "like" in remember or "likes" in remember:
            profile = self._profile or Profile()
            if "like" in remember:
                kind, thing = remember["like"]
                profile.likes[kind] = thing
            profile.likes.update(remember.get("likes") or {})
            likes = tuple(profile.likes_list())
        turn_id = None
        if self.store is not None:
            turn_id = await self.store.conversations.record(TurnRecord(
                cs.id, turn.child_text, bear_text, emotion=turn.emotion if self.emotion_on else None,
                timings={**turn.timings, **(timings or {})},
                flag=(turn.reply.safety or "unknown") if turn.reply.flag else None,
                name=remember.get("name"), likes=likes))
        if turn.reply.flag:
            log.warning("event=safety_flag category=%s turn_id=%s urgent=%s", turn.reply.safety, turn_id,
                        turn.reply.urgent)
            if turn.reply.urgent and self.on_urgent is not None:
                self.on_urgent()
        if turn.reply.end_session:
            await self.end_session(cs)
        return turn_id

    async def say_all(self, cs: ChatSession, text: str) -> Turn:
        """respond + collect every piece + record (for `bear chat`: nothing is spoken)."""
        turn = await self.respond(cs, text)
        async for _ in turn.pieces():
            pass
        await self.record(cs, turn)
        return turn


def _sure_enough(u, asked: str) -> bool:
    """A knowledge answer outweighs the classifier's guess of risk unless it flagged a disclosure and the line (or
    the question it was taken for) has a word of harm to oneself in it."""
    return not u.flag or not (HARM_WORDS.search(u.text) or HARM_WORDS.search(asked))
