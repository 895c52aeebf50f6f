"""What the bear says often, for the phrase cache: every fixed sentence of the conversation,
cut into exactly the pieces `bear.speech.tts.Speaker` speaks.

Almost everything the offline engine says is fixed text: the content files (`bear/talk/content/`:
dialogue, moments, safety redirects, jokes, riddles, animal facts, games, knowledge answers,
interactive and told stories, songs) and a few lines written in the conversation code
(`"Here's a riddle."`, `"Want another one?"`). Replies are built from whole sentences of these, and
`chunks_for_speech` cuts each sentence on its own, so the pieces of a reply are the pieces of its
sentences. A sentence with a placeholder is expanded when its values are few and known (`{name}`:
"friend" and the child's name; `{title}`: every story and song title; the counting game's numbers,
the spelling game's words and letters; the interactive stories' default favourite things) and
left out otherwise (`{thing}`: whatever the child likes).

`catalogue()` orders the pieces by how much they are worth: first the filler ("Hmm!") and the first
pieces of every line (a reply whose first piece is cached starts at once), then the rest.
"""

from __future__ import annotations

import ast
import itertools
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from bear.speech.tts import FILLER
OPENING_PIECES = 2  # pieces of each line built in the first pass
MAX_EXPANSIONS = 256  # a sentence whose placeholders have more combinations than this is left out
_SENTENCE = re.compile(r"(?<=[.!?])\s+")  # as bear.speech.tts.chunks_for_speech
_FIELD = re.compile(r"\{([a-z_]+)\}")
_MARK = "\x00"
# conversation code whose string literals are lines the bear says
CODE_MODULES = ("activities", "riddles", "handlers", "games", "brain", "chat", "safety")


@dataclass(frozen=True, slots=True)
class Phrase:
    """One piece of speech, as the Speaker cuts it. `personal`: it says the child's name;
    `opening`: one of the first pieces of a line."""

    text: str
    personal: bool = False
    opening: bool = True


def _walk(value, out: list[str], skip: frozenset = frozenset()) -> None:
    if isinstance(value, str):
        out.append(value)
    elif isinstance(value, dict):
        for k, v in value.items():
            if k not in skip:
                _walk(v, out, skip)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _walk(v, out, skip)


def _code_lines(module: str) -> list[str]:
    """Complete sentences in the string literals of a conversation module (f-strings: their fixed
    sentences), docstrings and log messages left out."""
    source = resources.files("bear.talk").joinpath(f"{module}.py").read_text(encoding="utf-8")
    tree = ast.parse(source)
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    inner = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in n.values}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            # a value stands in as a sentence of its own: the sentences around it stay whole
            text = "".join(v.value if isinstance(v, ast.Constant) else f" {_MARK}. " for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                and id(node) not in inner:
            text = node.value
        else:
            continue
        for sentence in _SENTENCE.split(" ".join(text.split())):
            if _MARK not in sentence and re.fullmatch(r"[A-Z][^=_{}\[\]<>|\\]*[.!?]", sentence) and " " in sentence:
                out.append(sentence)
    return out


def _sources() -> tuple[list[str], list[str], list[str]]:
    """(short lines, medium lines, long lines) of the conversation, templates unexpanded."""
    import tomllib

    from bear.talk.content import load_content
    from bear.talk.knowledge import knowledge
    from bear.talk.moments import load_moments
    from bear.talk.stories import load_stories

    content = load_content()
    short: list[str] = []
    for intent in content.intents:
        _walk(intent.data, short)
    _walk(content.fallback, short)
    _walk(content.bedtime, short)
    moments = load_moments()
    for lines in moments.lines.values():
        for line in lines:
            short.append(line.text)
            if line.offer is not None:  # "yes"/"no": an intent to run, or a line to say
                short += [x for x in (line.offer.yes, line.offer.no) if " " in x]
    _walk(moments.hide_and_seek, short)
    safety = tomllib.loads(resources.files("bear.talk").joinpath("content/safety.toml").read_text(encoding="utf-8"))
    for category in safety["category"].values():
        short += list(category["replies"])
    short += list(safety["garbage"]["replies"]) + [safety["output"]["replacement"]]
    _walk({k: v for k, v in content.games.items() if k in ("counting", "spelling")}, short, frozenset({"words"}))
    for module in CODE_MODULES:
        short += _code_lines(module)
    medium = list(content.jokes) + [r.question for r in content.riddles] + [r.reveal for r in content.riddles]
    medium += [fact for facts in content.facts.values() for fact in facts]
    medium += [e.answer for e in knowledge().entries]  # the bear's own (prebuilt, memory-mapped) index
    long = [p.text for s in load_stories() for p in s.parts.values()]
    long += [p.ask for s in load_stories() for p in s.parts.values() if p.ask]
    long += [s.text for s in content.stories] + [s.text for s in content.songs]
    return short, medium, long


@lru_cache(maxsize=4)
def _values(name: str | None) -> dict[str, tuple[str, ...]]:
    from bear.talk.content import load_content
    from bear.talk.stories import DEFAULTS

    content = load_content()
    counting, spelling = content.games["counting"], content.games["spelling"]
    limit = int(counting["limit"])
    words = tuple(spelling["words"])
    letters = tuple(sorted({c.upper() for w in words for c in w}))
    numbers = tuple(str(n) for n in range(1, limit + 1))
    return {
        "name": ("friend",) + ((name,) if name else ()),
        "title": tuple(s.title for s in content.stories) + tuple(s.title for s in content.songs),
        "next": numbers, "last": numbers, "expected": numbers, "limit": (str(limit),),
        "letter": letters, "first": letters, "word": words,
        "spelled": tuple(", ".join(c.upper() for c in w) for w in words),
        "pet": ("your pet",), "pet_kind": ("pet",),
        **{k: (v,) for k, v in DEFAULTS.items()},
    }


def _expand(sentence: str, values: dict[str, tuple[str, ...]], name: str | None):
    """(text, personal) for every known filling of the sentence's placeholders."""
    fields = sorted(set(_FIELD.findall(sentence)))
    if not fields:
        yield sentence, False
        return
    if any(f not in values for f in fields):
        return
    if math.prod(len(values[f]) for f in fields) > MAX_EXPANSIONS:
        return
    for combo in itertools.product(*(values[f] for f in fields)):
        filled = dict(zip(fields, combo))
        text = _FIELD.sub(lambda m: filled[m.group(1)], sentence)  # noqa: B023 (called right here)
        yield text, bool(name) and filled.get("name") == name


def _pieces(line: str, values, name: str | None, emergency: str):
    """Per sentence of a (template) line: its pieces."""
    from bear.speech.tts import chunks_for_speech

    line = line.replace("{emergency}", emergency)
    for sentence in _SENTENCE.split(" ".join(line.split())):
        for text, personal in _expand(sentence, values, name):
            yield [Phrase(p, personal, i < OPENING_PIECES) for i, p in enumerate(chunks_for_speech(text))]


def catalogue(name: str | None = None, emergency_number: str = "") -> list[Phrase]:
    """Every piece the bear says from fixed text, most useful first, each once. With `name`, the
    pieces that say it are in (marked personal) besides those that say "friend"."""
    emergency = f" If you can't find one, call {emergency_number}." if emergency_number else ""
    values = _values(name)
    short, medium, long = _sources()
    seen: dict[str, Phrase] = {FILLER: Phrase(FILLER)}
    for group in (short, medium, long):
        for line in group:
            for pieces in _pieces(line, values, name, emergency):
                for phrase in pieces:
                    old = seen.get(phrase.text)
                    if old is None or (phrase.opening and not old.opening):
                        seen[phrase.text] = phrase
    return [p for p in seen.values() if p.opening] + [p for p in seen.values() if not p.opening]


def personal_pieces(name: str, emergency_number: str = "") -> list[Phrase]:
    """The pieces that say the child's name (what is rendered when it is learned)."""
    return [p for p in catalogue(name, emergency_number) if p.personal]
