"""The safety layer: deterministic checks on every child input and every bear output.

Rules live in `content/safety.toml` (patterns per category, replies, output rules). The input
check decides whether the child's words get a gentle redirect instead of a normal answer (and
whether to flag them for the parent); the output check decides whether a reply may be spoken at
all, whoever wrote it (conversation engine, LLM, or a redirect).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib import resources

_PUNCT = re.compile(r"[^a-z0-9' ]+")
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")


def normalize(text: str) -> str:
    """Lower case, apostrophes dropped ("don't" -> "don t"), other punctuation -> spaces, single spaces."""
    text = text.lower().replace("’", "'").replace("-", " ")
    text = _PUNCT.sub(" ", text).replace("'", " ")
    return " ".join(text.split())


@dataclass(frozen=True)
class Rule:
    category: str
    patterns: tuple[re.Pattern, ...]
    replies: tuple[str, ...]
    flag: bool = False


@dataclass(frozen=True)
class Verdict:
    """What the input check decided: `category` None means the input is fine."""

    category: str | None = None
    reply: str = ""
    flag: bool = False

    @property
    def ok(self) -> bool:
        return self.category is None


class SafetyError(Exception):
    """The safety rules file is malformed."""


class Safety:
    def __init__(self, rules: list[Rule], output: tuple[re.Pattern, ...], replacement: str,
                 garbage_replies: tuple[str, ...], max_chars: int, min_letter_ratio: float):
        self.rules = rules
        self.output = output
        self.replacement = replacement
        self.garbage_replies = garbage_replies
        self.max_chars = max_chars
        self.min_letter_ratio = min_letter_ratio
        self._turn = 0

    @classmethod
    def load(cls, text: str | None = None) -> "Safety":
        if text is None:
            text = resources.files("bear.talk").joinpath("content/safety.toml").read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
            rules = [Rule(r["category"], tuple(re.compile(p, re.I) for p in r["patterns"]),
                          tuple(r["replies"]), bool(r.get("flag", False))) for r in data["input"]]
            out = data["output"]
            garbage = data["garbage"]
            return cls(rules, tuple(re.compile(p, re.I) for p in out["patterns"]), out["replacement"],
                       tuple(garbage["replies"]), int(garbage["max_chars"]), float(garbage["min_letter_ratio"]))
        except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError, re.error) as exc:
            raise SafetyError(f"safety rules: {type(exc).__name__}: {exc}") from None

    def _pick(self, replies: tuple[str, ...]) -> str:
        self._turn += 1
        return replies[self._turn % len(replies)]

    def is_garbage(self, text: str) -> bool:
        stripped = "".join(text.split())
        if len(text) > self.max_chars:
            return True
        letters = sum(c.isalpha() for c in stripped)
        return bool(stripped) and letters / len(stripped) < self.min_letter_ratio

    def check_input(self, text: str) -> Verdict:
        """Redirect (with the category) or Verdict() when the child's words are fine to answer."""
        if self.is_garbage(text):
            return Verdict("garbage", self._pick(self.garbage_replies))
        norm = normalize(text)
        for rule in self.rules:
            if any(p.search(norm) for p in rule.patterns):
                return Verdict(rule.category, self._pick(rule.replies), rule.flag)
        return Verdict()

    def output_problem(self, text: str) -> str | None:
        """The first output rule a reply breaks (its pattern), or None when it may be spoken."""
        for sentence in _SENTENCES.split(text):
            norm = normalize(sentence)
            for p in self.output:
                if p.search(norm):
                    return p.pattern
        return None

    def check_output(self, text: str) -> tuple[str, str | None]:
        """(what the bear may say, the rule that was broken or None)."""
        problem = self.output_problem(text)
        return (self.replacement, problem) if problem else (text, None)
