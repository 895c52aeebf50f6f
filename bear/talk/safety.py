"""The safety layer's rules and replies: deterministic checks on every child input and every bear output.

Rules live in `content/safety.toml`: per risk category whether it is flagged for the parent (and
urgent), its precise patterns and its replies; the output rules; what counts as garbage. Deciding
whether a line is risky (rules + the trained classifier) is `bear.talk.understand`'s job; this
module holds the rules, picks a category's reply, and decides whether a reply may be spoken at
all, whoever wrote it (conversation engine, LLM, parent settings, a redirect).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bear.talk.spoken import folded

_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
GENERIC_REPLY = "Let's talk to a grown-up you trust about that. Shall we do something fun together?"


# "call me max", "you can call me lily rose": the whole line is the name to call the child
CALL_ME = re.compile(r"^(?:(?:please|you can|just|now|ok|okay|um) )*call me (?P<name>[a-z]+(?: [a-z]+)?)(?: please)?$")


def just_a_name(canonical: str) -> bool:
    """True when the line only asks the bear to call the child by first names it knows (a made-up or
    misspelled word stays with the classifier: "call me dumass")."""
    from bear.talk.vetting import first_names

    m = CALL_ME.match(canonical)
    return m is not None and all(w in first_names() for w in m.group("name").split())


@dataclass(frozen=True)
class Category:
    """One safety category: its replies and patterns, and whether it is flagged for the parent."""

    name: str
    replies: tuple[str, ...]
    patterns: tuple[re.Pattern, ...] = ()
    flag: bool = False  # a safety flag (the child's words) is stored for the parent
    urgent: bool = False  # ... and sent at once when sync is set up
    about_to: re.Pattern | None = None  # flags an unflagged category when the child is doing it now
    escalate: str | None = None  # ... and the category the line becomes then ("danger_now": urgent)
    others_now: re.Pattern | None = None  # someone else (a brother, a friend, the baby) doing it now
    others_escalate: str | None = None  # ... and the category the line becomes then ("danger_near")

    def matches(self, canonical: str) -> bool:
        """True when a pattern matches the canonical line."""
        return any(p.search(canonical) for p in self.patterns)

    def about_to_here(self, canonical: str) -> bool:
        """True when the line says the child is about to do it."""
        return self.about_to is not None and bool(self.about_to.search(canonical))

    def others_now_here(self, canonical: str) -> bool:
        """True when the line says someone else is doing it now, near the child."""
        return self.others_now is not None and bool(self.others_now.search(canonical))


class SafetyError(Exception):
    """The safety rules file is malformed."""


@lru_cache(maxsize=4)
def _compiled(text: str) -> tuple:
    """The rules of `text` compiled (~700 patterns: ~0.3 s), once per process for each text: every Chat
    (a test's, an eval line's) shares them; the parts are immutable."""
    data = tomllib.loads(text)
    cats = tuple(Category(name, tuple(c["replies"]), tuple(re.compile(p) for p in c.get("patterns", ())),
                          bool(c.get("flag", False)), bool(c.get("urgent", False)),
                          re.compile(c["about_to"]) if c.get("about_to") else None, c.get("escalate"),
                          re.compile(c["others_now"]) if c.get("others_now") else None, c.get("others_escalate"))
                 for name, c in data["category"].items())
    out, garbage, harmless = data["output"], data["garbage"], data.get("harmless", {})
    guard, idioms = harmless.get("guard"), harmless.get("idioms", ())
    return (cats, tuple(re.compile(p) for p in out["patterns"]), out["replacement"], tuple(garbage["replies"]),
            int(garbage["max_chars"]), float(garbage["min_letter_ratio"]),
            tuple(re.compile(p) for p in harmless.get("patterns", ())), re.compile(guard) if guard else None,
            re.compile("|".join(f"(?:{p})" for p in idioms)) if idioms else None)


class Safety:
    """The safety layer: risk categories on the child's line, forbidden patterns on the bear's output, garbage
    detection."""

    def __init__(self, categories: list[Category], output: tuple[re.Pattern, ...], replacement: str,
                 garbage_replies: tuple[str, ...], max_chars: int, min_letter_ratio: float,
                 emergency_number: str = "", harmless: tuple[re.Pattern, ...] = (),
                 harmless_guard: re.Pattern | None = None, harmless_idioms: re.Pattern | None = None):
        self.categories = {c.name: c for c in categories}
        self.harmless_patterns = harmless
        self.harmless_guard = harmless_guard
        self.harmless_idioms = harmless_idioms
        self.output = output
        self.replacement = replacement
        self.garbage_replies = garbage_replies
        self.max_chars = max_chars
        self.min_letter_ratio = min_letter_ratio
        self.emergency_number = emergency_number
        self._turn = 0

    @classmethod
    def load(cls, text: str | None = None, *, emergency_number: str = "") -> Safety:
        """Load the rules (content/safety.toml unless `text` is given); raises SafetyError for bad rules."""
        if text is None:
            text = resources.files("bear.talk").joinpath("content/safety.toml").read_text(encoding="utf-8")
        try:
            cats, output, replacement, garbage, max_chars, ratio, harmless, guard, idioms = _compiled(text)
        except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, re.error) as exc:
            raise SafetyError(f"safety rules: {type(exc).__name__}: {exc}") from None
        return cls(list(cats), output, replacement, garbage, max_chars, ratio, emergency_number, harmless, guard,
                   idioms)

    def category(self, name: str) -> Category:
        """A category's rules and replies (an unknown name, e.g. from a newer classifier, gets a
        careful generic reply and a flag)."""
        return self.categories.get(name) or Category(name, (GENERIC_REPLY,), flag=True)

    def escalated(self, name: str, canonical: str) -> str:
        """The category a risky line becomes when the child says the danger is happening now or
        about to ("i'm climbing up to get the medicine bottle": `danger_now`), or that someone else
        is doing it now ("my sister is playing with the lighter": `danger_near`), else `name`."""
        cat = self.category(name)
        if cat.escalate and cat.escalate in self.categories and cat.about_to_here(canonical):
            return cat.escalate
        if cat.others_escalate and cat.others_escalate in self.categories and cat.others_now_here(canonical):
            return cat.others_escalate
        return name

    def rule_hits(self, canonical: str) -> list[str]:
        """Every category whose precise patterns match the line (canonical spoken form), in file order."""
        return [c.name for c in self.categories.values() if c.matches(canonical)]

    def harmless(self, canonical: str) -> bool:
        """True when the line (canonical spoken form) is of a harmless kind the classifier is known
        to mistake for a risk ("when i grow up i'm going to be a paramedic", "is it a car?" in a
        guessing game, "i ran away from a bee"): one of the [harmless] patterns matches and the
        guard (words of harm, fear or secrecy) does not. It overrules only the classifier's guess,
        never a rule. So is a line that only tells the bear a known first name to call the child
        ("call me max": `just_a_name`). A figure of speech with a word of harm in it ("i'm going to
        die of boredom") is harmless too, when the rest of the line has no such word."""
        idiom = self.harmless_idioms.search(canonical) if self.harmless_idioms is not None else None
        if idiom is not None:
            canonical = self.harmless_idioms.sub(" ", canonical)  # type: ignore[union-attr]
        if self.harmless_guard is not None and self.harmless_guard.search(canonical):
            return False
        return idiom is not None or any(p.search(canonical) for p in self.harmless_patterns) or just_a_name(canonical)

    def reply(self, name: str) -> str:
        """A reply for a risk category, in turn (never the same one twice in a row)."""
        if name == "garbage":
            return self._pick(self.garbage_replies)
        text = self._pick(self.category(name).replies)
        number = f" If you can't find one, call {self.emergency_number}." if self.emergency_number else ""
        return text.replace("{emergency}", number)

    def _pick(self, replies: tuple[str, ...]) -> str:
        self._turn += 1
        return replies[self._turn % len(replies)]

    def is_garbage(self, text: str) -> bool:
        """True when the line is too long or too little of it is words or numbers ("1 2 3" is counting)."""
        stripped = "".join(text.split())
        if len(text) > self.max_chars:
            return True
        letters = sum(c.isalnum() for c in stripped)
        return bool(stripped) and letters / len(stripped) < self.min_letter_ratio

    def output_problem(self, text: str) -> str | None:
        """The first output rule a reply breaks (its pattern, or the blocked word), or None when it
        may be spoken."""
        from bear.talk.vetting import OUTPUT_BLOCKED, lexicon

        for sentence in _SENTENCES.split(text):
            norm = folded(sentence)
            for p in self.output:
                if p.search(norm):
                    return p.pattern
        found = lexicon().find(text, OUTPUT_BLOCKED)
        return f"blocked word ({found[0]})" if found else None

    def check_output(self, text: str) -> tuple[str, str | None]:
        """(what the bear may say, the rule that was broken or None)."""
        problem = self.output_problem(text)
        return (self.replacement, problem) if problem else (text, None)
