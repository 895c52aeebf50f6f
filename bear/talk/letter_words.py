"""Words of a letter: "tell me a word that starts with z", "an animal beginning with q", "now one that
ends with b". Only words of the bear's own lists (`content/word_games.toml`) are said."""

from __future__ import annotations

import re
from functools import lru_cache

from bear.talk.turn import Ctx, Reply

# a letter as speech-to-text writes it ("bee", "zed", "queue")
LETTER_NAMES = {"ay": "a", "bee": "b", "be": "b", "see": "c", "sea": "c", "dee": "d", "ee": "e", "ef": "f", "eff": "f",
                "gee": "g", "aitch": "h", "haitch": "h", "eye": "i", "jay": "j", "kay": "k", "el": "l", "ell": "l",
                "em": "m", "en": "n", "oh": "o", "pee": "p", "queue": "q", "cue": "q", "are": "r", "ar": "r",
                "es": "s", "ess": "s", "tee": "t", "tea": "t", "you": "u", "vee": "v", "double u": "w",
                "double you": "w", "ex": "x", "why": "y", "wye": "y", "zed": "z", "zee": "z"}
_LETTER = r"(?:the )?(?:letter )?(double u|double you|[a-z]+)"
ASKED = re.compile(r"^(?:(?:and|now|so|ok|okay|teddy|can you|please) )*(?:tell me |say |give me |think of |what is |"
                   r"whats |what s |do you know |name )?(?:a|an|one|1|another|a different) (word|animal|thing)?"
                   r"(?: (?:word|one))? ?(?:that |which )?(?:starts|start|starting|begins|begin|beginning|that starts|"
                   r"(ends|end|ending)) with " + _LETTER + r"(?: please| teddy)?$"
                   # "what else starts with z", "what other words begin with b"
                   r"|^(?:(?:and|now|so|ok|okay|teddy) )*(?:what|tell me something|say something|what other) ?"
                   r"(?:else)? (?:(word|animal|thing)s? )?(?:that |which )?(?:starts|start|begins|begin|(ends|end)) "
                   r"with " + _LETTER + r"$")


def _words(key: str) -> list[str]:
    from bear.talk.word_games import data

    return sorted(set(data()[key].split()))


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(w for w in _words("spelling_words") if w.isalpha() and len(w) >= 3), tuple(_words("animal_words"))


def _letter(said: str) -> str | None:
    if len(said) == 1:
        return said
    return LETTER_NAMES.get(said)


def asked(b, c: Ctx) -> Reply | None:
    """A word (or an animal) of the letter asked for; else None."""
    m = ASKED.match(c.canon)
    if m is None:
        return None
    kind, ends, said = m.group(1) or m.group(4), m.group(2) or m.group(5), m.group(3) or m.group(6)
    letter = _letter(said)
    if letter is None:
        return None
    words, animals = _vocabulary()
    animal = kind == "animal" or (kind is None and c.session.last_topic == "animal_letter")
    pool = animals if animal else words
    fits = [w for w in pool if (w.endswith(letter) if ends else w.startswith(letter))]
    fresh = [w for w in fits if not c.session.taken("letter_word", w)]
    if not fits:
        return Reply(f"Hmm, I can't think of {'an animal' if animal else 'a word'} that "
                     f"{'ends' if ends else 'starts'} with {letter.upper()}! Can you?", "spelling_game",
                     expects_answer=True)
    chosen = b.rng.sample(fresh or fits, k=min(3, len(fresh or fits)))
    for w in chosen:
        c.session.take("letter_word", w)
    c.session.last_topic = "animal_letter" if animal else "letter_word"
    first, more = chosen[0], chosen[1:]
    where = "ends" if ends else "starts"
    text = f"{first.capitalize()}! {first.capitalize()} {where} with {letter.upper()}."
    if more:
        text += f" So {'do' if len(more) > 1 else 'does'} {' and '.join(more)}!"
    return Reply(text + " Can you think of another one?", "spelling_game", expects_answer=True)
