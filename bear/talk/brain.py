"""The offline conversation engine: intents from the child's words, content from data files.

Deterministic given its random seed; no network, no model. The engine never touches the store:
it reads the child's profile passed in and returns what to remember in `Reply.remember`.
Safety is not done here (see `bear.talk.chat`): every input is checked before it gets here and
every reply after it leaves.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field

from bear.talk.content import Content, Intent, load_content
from bear.talk.safety import normalize

FEELING_WORDS = {
    "joy": ("happy", "glad", "excited", "great", "good"),
    "neutral": ("fine", "ok", "okay"),
    "sadness": ("sad", "unhappy", "upset", "lonely", "miss", "missed", "bad", "horrible", "rotten", "nobody"),
    "anger": ("grumpy", "cross", "angry", "mad", "cranky"),
    "fear": ("scared", "afraid", "frightened", "worried", "nervous"),
    "surprise": ("surprised",),
    "tired": ("tired", "sleepy", "poorly", "sick"),
    "bored": ("bored",),
}
NOT_NAMES = {"a", "an", "the", "not", "is", "so", "very", "teddy", "bear", "going", "happy", "sad", "tired",
             "scared", "bored", "hungry", "here", "back", "fine", "ok", "okay", "good", "four", "five", "six"}
DONT_KNOW = re.compile(r"\b(i don t know|dunno|no idea|give up|tell me|what is it|i don t get it)\b")
STOP_GAME = re.compile(r"\b(stop|finish|enough|no more|end the game|different game)\b")


@dataclass
class Profile:
    name: str | None = None
    likes: dict[str, str] = field(default_factory=dict)  # kind ("animal", "colour", "thing") -> what

    @classmethod
    def from_store(cls, data: dict) -> "Profile":
        likes = {}
        for item in data.get("likes") or []:
            kind, _, thing = str(item).partition(":")
            if thing:
                likes[kind] = thing
        return cls(data.get("name"), likes)

    def likes_list(self) -> list[str]:
        return [f"{k}:{v}" for k, v in self.likes.items()]


@dataclass
class Reply:
    text: str
    intent: str
    expects_answer: bool = False  # the bear asked something: listen for the answer without a wake word
    end_session: bool = False
    remember: dict | None = None  # {"name": str} or {"like": (kind, thing)}
    safety: str | None = None  # set by the safety layer when it redirected
    flag: bool = False
    source: str = "offline"  # offline | llm | safety


@dataclass
class Session:
    """What the bear remembers within one conversation (until goodbye or silence)."""

    used: dict[str, set] = field(default_factory=dict)
    pending: dict | None = None
    last_topic: str | None = None
    fallbacks: int = 0
    last_pick: dict[str, str] = field(default_factory=dict)
    turns: int = 0

    def take(self, kind: str, key: str) -> None:
        self.used.setdefault(kind, set()).add(key)

    def taken(self, kind: str, key: str) -> bool:
        return key in self.used.get(kind, ())


class Brain:
    def __init__(self, content: Content | None = None, *, seed: int | None = None):
        self.content = content or load_content()
        self.rng = random.Random(seed)

    # --- helpers ---------------------------------------------------------------------------
    def _pick(self, session: Session, key: str, options) -> str:
        options = list(options)
        if len(options) > 1 and session.last_pick.get(key) in options:
            options.remove(session.last_pick[key])
        choice = self.rng.choice(options)
        session.last_pick[key] = choice
        return choice

    def _say(self, session: Session, intent: Intent, profile: Profile, key: str = "replies", **kw) -> str:
        text = self._pick(session, f"{intent.name}.{key}", intent.data[key])
        return text.format(name=profile.name or "friend", **kw)

    @staticmethod
    def _words(norm: str) -> list[str]:
        return norm.split()

    # --- the turn --------------------------------------------------------------------------
    def reply(self, text: str, session: Session, profile: Profile, *, emotion: str | None = None,
              bedtime: bool = False) -> Reply:
        session.turns += 1
        norm = normalize(text)
        if not norm:
            return Reply(self._pick(session, "empty", self.content.fallback["empty"]), "empty", expects_answer=True)
        goodbye = self.content.intent("goodbye")
        if goodbye.match(norm):
            session.pending = None
            key = "bedtime_replies" if bedtime else "replies"
            return Reply(self._say(session, goodbye, profile, key), "goodbye", end_session=True)
        if session.pending is not None:
            reply = self._pending(norm, session, profile, emotion, bedtime)
            if reply is not None:
                session.fallbacks = 0
                return reply
        for intent in self.content.intents[1:]:
            m = intent.match(norm)
            if m:
                reply = getattr(self, f"_{intent.name}")(intent, m, norm, session, profile, emotion, bedtime)
                if reply is not None:
                    session.fallbacks = 0
                    return reply
        return self._fallback(session, profile, emotion)

    def _fallback(self, session: Session, profile: Profile, emotion: str | None) -> Reply:
        if emotion in ("sadness", "fear", "anger"):
            feelings = self.content.intent("feelings")
            text = self._pick(session, f"feel.{emotion}", feelings.data["by_emotion"][emotion])
            return Reply(text.format(name=profile.name or "friend"), "feelings", expects_answer=True)
        session.fallbacks += 1
        key = "first" if session.fallbacks == 1 else "again"
        return Reply(self._pick(session, f"fallback.{key}", self.content.fallback[key]), "fallback",
                     expects_answer=True)

    # --- follow-up turns -------------------------------------------------------------------
    def _pending(self, norm, session, profile, emotion, bedtime) -> Reply | None:
        p = session.pending
        kind = p["kind"]
        if kind == "riddle":
            session.pending = None
            riddle = p["riddle"]
            words = f" {norm} "
            right = any(f" {normalize(a)} " in words for a in riddle.answers)
            if right:
                text = f"Yes, you got it! {riddle.reveal} Want another riddle?"
            elif DONT_KNOW.search(norm) or not self._other_intent(norm):
                text = f"Good try! The answer is: {riddle.reveal} Want another riddle?"
            else:
                return None  # the child moved on to something else
            session.last_topic = "riddle"
            return Reply(text, "riddle_answer", expects_answer=True)
        if kind in ("counting", "spelling"):
            if STOP_GAME.search(norm):
                session.pending = None
                return Reply("Okay, game over! That was fun. What shall we do next?", f"{kind}_stop",
                             expects_answer=True)
            return self._game_turn(kind, norm, session)
        if kind == "how_are_you":
            session.pending = None
            if self._other_intent(norm):
                return None
            return self._feelings_reply(norm, session, profile, emotion)
        if kind == "ask_name":
            session.pending = None
            words = self._words(norm)
            if len(words) <= 2 and not self._other_intent(norm) and words[-1] not in NOT_NAMES:
                return self._remember_name(words[-1], session, profile)
            return None
        session.pending = None
        return None

    def _other_intent(self, norm: str) -> bool:
        return any(i.match(norm) for i in self.content.intents if i.name not in ("yes", "no"))

    def _game_turn(self, kind: str, norm: str, session) -> Reply | None:
        from bear.talk import games

        turn = (games.counting_turn if kind == "counting" else games.spelling_turn)(
            self.content.games, norm, session.pending, lambda key, options: self._pick(session, key, options))
        if turn.text is None:  # no number / letter in what the child said
            if self._other_intent(norm):  # ... because they moved on: the game ends
                session.pending = None
                return None
            return Reply(turn.nudge, kind, expects_answer=True)
        if turn.over:
            session.pending = None
        return Reply(turn.text, turn.intent, expects_answer=not turn.over)

    # --- intents (one method per intent in dialogue.toml's `order`) ----------------------------
    def _remember_name(self, raw: str, session, profile) -> Reply:
        name = raw.strip().capitalize()
        profile.name = name
        intent = self.content.intent("set_name")
        return Reply(self._say(session, intent, profile), "set_name", remember={"name": name}, expects_answer=True)

    def _set_name(self, intent, m, norm, session, profile, emotion, bedtime):
        raw = m.group("thing")
        if raw in NOT_NAMES:
            return None
        return self._remember_name(raw, session, profile)

    def _set_favourite(self, intent, m, norm, session, profile, emotion, bedtime):
        thing = re.sub(r"^(the|a|an|my) ", "", m.group("thing").strip())
        thing = re.sub(r" (too|as well|very much|a lot|so much)$", "", thing)
        if not thing or thing in ("you", "it", "that", "this", "them"):
            return None
        kind = (m.groupdict().get("kind") or "thing").replace("color", "colour")
        profile.likes[kind] = thing
        return Reply(self._say(session, intent, profile, thing=thing), "set_favourite",
                     remember={"like": (kind, thing)})

    def _ask_my_name(self, intent, m, norm, session, profile, emotion, bedtime):
        if profile.name:
            return Reply(self._say(session, intent, profile), "ask_my_name")
        session.pending = {"kind": "ask_name"}
        return Reply(self._say(session, intent, profile, "unknown"), "ask_my_name", expects_answer=True)

    def _ask_my_favourite(self, intent, m, norm, session, profile, emotion, bedtime):
        if not profile.likes:
            return Reply(self._say(session, intent, profile, "unknown"), "ask_my_favourite", expects_answer=True)
        things = [f"{v}" if k == "thing" else f"{v} as your favourite {k}" for k, v in profile.likes.items()]
        text = "I remember you like " + (", ".join(things[:-1]) + " and " + things[-1] if len(things) > 1
                                         else things[0]) + "!"
        return Reply(text, "ask_my_favourite")

    def _simple(self, intent, profile, session, bedtime, expects=False) -> Reply:
        key = "bedtime_replies" if bedtime and "bedtime_replies" in intent.data else "replies"
        return Reply(self._say(session, intent, profile, key), intent.name, expects_answer=expects)

    def _ask_bear_name(self, intent, m, norm, session, profile, emotion, bedtime):
        return self._simple(intent, profile, session, bedtime)

    _ask_bear_age = _ask_bear_home = _thanks = _ask_bear_name

    def _how_are_you(self, intent, m, norm, session, profile, emotion, bedtime):
        session.pending = {"kind": "how_are_you"}
        return self._simple(intent, profile, session, bedtime, expects=True)

    def _feelings(self, intent, m, norm, session, profile, emotion, bedtime):
        return self._feelings_reply(norm, session, profile, emotion)

    def _feelings_reply(self, norm, session, profile, emotion) -> Reply:
        words = set(self._words(norm))
        negated = "not" in words or "don" in words
        label = None
        for key, feeling_words in FEELING_WORDS.items():
            if words & set(feeling_words):
                label = key
                break
        if label in ("joy", "neutral") and negated:
            label = "sadness"
        if label is None or (label == "neutral" and emotion):
            label = emotion or "neutral"
        options = self.content.intent("feelings").data["by_emotion"].get(label) or \
            self.content.intent("feelings").data["by_emotion"]["neutral"]
        text = self._pick(session, f"feel.{label}", options).format(name=profile.name or "friend")
        return Reply(text, "feelings", expects_answer=True)

    def _another(self, intent, m, norm, session, profile, emotion, bedtime):
        topic = session.last_topic
        if topic is None:
            return None
        handler = getattr(self, f"_{topic}")
        return handler(self.content.intent(topic), None, norm, session, profile, emotion, bedtime)

    def _yes(self, intent, m, norm, session, profile, emotion, bedtime):
        if session.last_topic:
            return self._another(intent, m, norm, session, profile, emotion, bedtime)
        return self._simple(self.content.intent("help"), profile, session, bedtime, expects=True)

    def _no(self, intent, m, norm, session, profile, emotion, bedtime):
        session.last_topic = None
        return self._simple(intent, profile, session, bedtime, expects=True)

    def _joke(self, intent, m, norm, session, profile, emotion, bedtime):
        session.last_topic = "joke"
        if bedtime:
            return Reply(self._say(session, intent, profile, "bedtime_replies"), "joke")
        fresh = [j for j in self.content.jokes if not session.taken("joke", j)]
        if not fresh:
            return Reply("I've told you all my jokes today! Shall I tell you a story instead?", "joke",
                         expects_answer=True)
        joke = self.rng.choice(fresh)
        session.take("joke", joke)
        return Reply(joke + " Want another one?", "joke", expects_answer=True)

    def _riddle(self, intent, m, norm, session, profile, emotion, bedtime):
        fresh = [r for r in self.content.riddles if not session.taken("riddle", r.question)]
        if not fresh:
            session.last_topic = None
            return Reply("I've asked all my riddles today! Shall we play a counting game instead?", "riddle",
                         expects_answer=True)
        riddle = self.rng.choice(fresh)
        session.take("riddle", riddle.question)
        session.pending = {"kind": "riddle", "riddle": riddle}
        session.last_topic = "riddle"
        return Reply(f"Here's a riddle. {riddle.question}", "riddle", expects_answer=True)

    def _story(self, intent, m, norm, session, profile, emotion, bedtime):
        session.last_topic = "story"
        pool = [s for s in self.content.stories if not session.taken("story", s.id) and (s.calm or not bedtime)]
        if not pool:
            return Reply("I've told you all my stories for today! We can have more stories next time.", "story")
        words = set(self._words(norm))
        wanted = [s for s in pool if words & set(s.topics)]
        if not wanted:  # nothing asked for: something the child likes, if a story is about it
            liked = {w for v in profile.likes.values() for w in v.split()}
            wanted = [s for s in pool if liked & set(s.topics)] or pool
        story = self.rng.choice(wanted)
        session.take("story", story.id)
        intro = self._pick(session, "story.intro", intent.data["intro"]).format(title=story.title)
        outro = intent.data["bedtime_outro"] if bedtime else intent.data["outro"]
        return Reply(intro + story.text + outro, "story", expects_answer=not bedtime)

    def _song(self, intent, m, norm, session, profile, emotion, bedtime):
        session.last_topic = "song"
        pool = [s for s in self.content.songs if not session.taken("song", s.title) and (s.calm or not bedtime)]
        if not pool:
            return Reply("I've sung all my songs today! Would you like a story instead?", "song", expects_answer=True)
        song = self.rng.choice(pool)
        session.take("song", song.title)
        intro = self._pick(session, "song.intro", intent.data["intro"]).format(title=song.title)
        tail = self.content.bedtime["suggest"] if bedtime else " Shall I sing another?"
        return Reply(intro + song.text + tail, "song", expects_answer=not bedtime)

    def _animal_fact(self, intent, m, norm, session, profile, emotion, bedtime):
        session.last_topic = "animal_fact"
        aliases = self.content.animal_aliases
        named = [aliases[w] for w in self._words(norm) if w in aliases]
        if not named and "animal" in profile.likes and profile.likes["animal"] in aliases:
            named = [aliases[profile.likes["animal"]]]
        if m is not None and m.groupdict().get("thing") and not named:
            return None  # "tell me about <something that is not an animal I know>"
        animals = named or list(self.content.facts)
        facts = [(a, f) for a in animals for f in self.content.facts[a] if not session.taken("fact", f)]
        if not facts:
            return Reply("I've shared all my facts about that today! Want to hear about a different animal?",
                         "animal_fact", expects_answer=True)
        animal, fact = self.rng.choice(facts)
        session.take("fact", fact)
        return Reply(f"Here's an animal fact! {fact} Want another one?", "animal_fact", expects_answer=True)

    def _counting_game(self, intent, m, norm, session, profile, emotion, bedtime):
        if bedtime:
            return Reply(self.content.bedtime["no_games"], "counting_game", expects_answer=True)
        session.pending = {"kind": "counting", "expected": 2}
        session.last_topic = None
        return Reply(self.content.games["counting"]["start"], "counting_game", expects_answer=True)

    def _spelling_game(self, intent, m, norm, session, profile, emotion, bedtime):
        if bedtime:
            return Reply(self.content.bedtime["no_games"], "spelling_game", expects_answer=True)
        s = self.content.games["spelling"]
        fresh = [w for w in s["words"] if not session.taken("spell", w)] or list(s["words"])
        word = self.rng.choice(fresh)
        session.take("spell", word)
        session.pending = {"kind": "spelling", "word": word, "pos": 1}
        session.last_topic = None
        return Reply(s["start"].format(word=word, first=word[0].upper()), "spelling_game", expects_answer=True)

    def _sleepy(self, intent, m, norm, session, profile, emotion, bedtime):
        return self._simple(intent, profile, session, bedtime, expects=True)

    def _help(self, intent, m, norm, session, profile, emotion, bedtime):
        return self._simple(intent, profile, session, bedtime, expects=True)

    def _greeting(self, intent, m, norm, session, profile, emotion, bedtime):
        if not profile.name and not bedtime:
            session.pending = {"kind": "ask_name"}
            return Reply(self._say(session, intent, profile, "unknown_name"), "greeting", expects_answer=True)
        return self._simple(intent, profile, session, bedtime, expects=True)
