"""What one turn of the conversation is made of, as the engine, its handlers and the chat share it:
the child's line as the handlers see it (`Ctx`), the bear's `Reply`, what the bear remembers within
a conversation (`Session`) and about the child (`Profile`). Plain data: no engine, no content."""

from __future__ import annotations

from dataclasses import dataclass, field

MIN_CONFIDENCE = 0.45  # the classifier's intent is used above this; below, the patterns first


@dataclass
class Profile:
    """What the bear knows about the child: name and likes."""

    name: str | None = None
    likes: dict[str, str] = field(default_factory=dict)  # kind ("animal", "colour", "pet_name", ...) -> what

    @classmethod
    def from_store(cls, data: dict) -> Profile:
        """The profile from the store's form (likes as "kind:thing")."""
        likes = {}
        for item in data.get("likes") or []:
            kind, _, thing = str(item).partition(":")
            if thing:
                likes[kind] = thing
        return cls(data.get("name"), likes)

    def likes_list(self) -> list[str]:
        """Likes in the store's form ("kind:thing")."""
        return [f"{k}:{v}" for k, v in self.likes.items()]


@dataclass
class Reply:
    """The bear's reply to one line, and what follows from it."""

    text: str
    intent: str
    expects_answer: bool = False  # the bear asked something: listen for the answer without a wake word
    end_session: bool = False
    remember: dict | None = None  # {"name": str} or {"like": (kind, thing)} or {"likes": {kind: thing}}
    safety: str | None = None  # set by the safety layer when it redirected
    flag: bool = False
    urgent: bool = False
    source: str = "offline"  # offline | llm | safety


@dataclass
class Session:
    """What the bear remembers within one conversation (until goodbye or silence)."""

    used: dict[str, set] = field(default_factory=dict)
    pending: dict | None = None  # what the bear's last question expects
    last_topic: str | None = None  # the last kind of thing asked for ("joke"): what "another one" means
    last_song: str | None = None  # the title of the last song sung ("again!" sings it again)
    topic: str | None = None  # what the last answers were about ("lions"), for a follow-up question
    topic_turns: int = 0
    news_topic: tuple[str, int] | None = None  # an animal the child's own news named ("my hamster"), and the turn
    news_thread: tuple[str, int] | None = None  # what the child's news is about ("tooth"), and the turn (news_on)
    fallbacks: int = 0
    last_pick: dict[str, str] = field(default_factory=dict)
    said: set[str] = field(default_factory=set)
    last_reply: str = ""
    last_answer: str = ""  # the last reply that was an answer (not "I don't understand"): "say it again"
    last_question: tuple[str, str] | None = None  # (query, subject) the knowledge base last answered
    last_number: int | None = None  # the last number said, by either: "what comes after that?"
    number_said: bool = False  # the reply set last_number itself ("a million and one" is not "one")
    last_in_order: tuple[str, int, int] | None = None  # (a sequence, the item said, the turn): "what comes after that?"
    age: int | None = None  # the age the child said ("i'm six"): "how old am i?" (this conversation only)
    last_story: tuple[str, int] = ("", 0)  # the story told last (as told so far) and the turn it was told at
    mood: tuple[str, int] | None = None  # a sad or worrying topic the child told of ("grief"), and the turn (answering)
    heard: list[str] = field(default_factory=list)  # the child's last few lines (canonical), newest last
    told: list[str] = field(default_factory=list)  # the child's plain statements (canonical) to ask back (recall)
    turns: int = 0
    bedtime_suggested_at: int | None = None

    def take(self, kind: str, key: str) -> None:
        """Mark `key` of `kind` as used this session."""
        self.used.setdefault(kind, set()).add(key)

    def taken(self, kind: str, key: str) -> bool:
        """True when `key` of `kind` was used this session."""
        return key in self.used.get(kind, ())


@dataclass
class Ctx:
    """One child line, as the handlers see it."""

    text: str  # as heard or typed
    norm: str  # folded: lower case, no punctuation, apostrophes dropped (what the patterns match)
    canon: str  # canonical spoken form (bear.talk.spoken)
    intent: str | None
    confidence: float
    session: Session
    profile: Profile
    emotion: str | None = None
    bedtime: bool = False

    @property
    def words(self) -> list[str]:
        """The canonical words of the line."""
        return self.canon.split()
