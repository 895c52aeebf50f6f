"""Spoken-text normalisation: what a child typed or said, in one canonical form for understanding.

Shared by the safety layer, the intent classifier, the conversation engine and the knowledge
base, so that typed and spoken forms of a line are understood the same:

- lower case, apostrophes unified, punctuation dropped (sentence breaks are kept apart by
  `sentences()`);
- spoken and typed shortcuts expanded: "im", "i'm" -> "i am"; "wanna" -> "want to"; "dont" ->
  "do not"; "u" -> "you"; "plz" -> "please";
- children's forms: "hurted" -> "hurt", "runned" -> "ran", "my self" -> "myself";
- a few speech-to-text confusions that are unambiguous in context: "kill my shelf" -> "kill
  myself", "sweet side" -> "suicide";
- numbers: number words become digits ("forty two elm street" -> "42 elm street"), and a run
  of single digits said one by one becomes one number ("five five five one two" or "555 12" ->
  "55512"; "double nine" -> "99"; "oh" counts as zero inside such a run).

Deterministic, standard library only, well under a millisecond per line. The tables live in
`content/spoken.toml`.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_NOT_WORD = re.compile(r"[^a-z0-9' ]+")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\s*\n+\s*|\s+(?:and then|but then|then)\s+")

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# said for a digit inside a run of digits ("oh seven seven"), never on their own
DIGIT_SOUNDS = {"oh": 0, "o": 0, "nought": 0, "won": 1, "to": 2, "too": 2, "for": 4, "fore": 4, "ate": 8}
REPEATS = {"double": 2, "triple": 3}


@lru_cache(maxsize=1)
def _tables() -> dict:
    text = resources.files("bear.talk").joinpath("content/spoken.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    words = {k: v for k, v in data["words"].items()}
    phrases = sorted(((tuple(k.split()), v) for k, v in data["phrases"].items()), key=lambda kv: -len(kv[0]))
    return {"words": words, "phrases": phrases}


def plain(text: str) -> str:
    """Lower case, one kind of apostrophe, no punctuation, single spaces."""
    text = text.lower().translate(_APOSTROPHES).replace("-", " ").replace("_", " ")
    return " ".join(_NOT_WORD.sub(" ", text).split())


def folded(text: str) -> str:
    """`plain` with apostrophes dropped too ("don't" -> "don t"): what the output rules and
    wake-phrase matching compare."""
    return plain(text).replace("'", " ")


# words after which "ill" is the word ("i was ill", "she got ill", "really ill"), not a typed "i'll"
_ILL_AFTER = frozenset("""am is are was were be been being feel feels felt feeling very really so too got get gets
getting fell falls look looks looked seem seems seemed quite bit gone went not more most poorly sick""".split())

# words after which a typed "lets" is the verb ("she lets me", "mum never lets us"), not "let's"
_LETS_AFTER = frozenset("""he she it who mum mummy mom mommy dad daddy nan nana gran granny grandma grandad grandpa
teacher sister brother auntie uncle never always sometimes still only just""".split())


_LONG = re.compile(r"([a-z])\1{2,}")


# single letters that are words or text-speak ("u r a star", "i c u"): a run of only these is not a spelling
_LETTER_WORDS = frozenset("abcikmnruy")


def _in_spelling(words: list[str], i: int) -> bool:
    """True when words[i] is one of three or more single letters in a row that spell a word ("w a n k"): at least
    one of them is no word of its own."""
    start = i
    while start > 0 and len(words[start - 1]) == 1:
        start -= 1
    end = i
    while end + 1 < len(words) and len(words[end + 1]) == 1:
        end += 1
    run = words[start:end + 1]
    return len(run) >= 3 and any(w not in _LETTER_WORDS for w in run)


def _expand(words: list[str]) -> list[str]:
    tables = _tables()
    table = tables["words"]
    out: list[str] = []
    for i, w in enumerate(words):
        if len(w) == 1 and _in_spelling(words, i):
            out.append(w)  # a letter of a word spelled out ("w a n k", "c r a p"): a letter, not "okay" or "are"
            continue
        if w == "ill" and out and out[-1] in _ILL_AFTER:  # "i was ill", "he got ill": the word, not "i'll"
            out.append(w)
            continue
        if w == "lets" and out and out[-1] in _LETS_AFTER:
            out.append(w)
            continue
        w = _LONG.sub(r"\1\1", w)  # "sooo", "pleeease": at most two of a letter ("soo" is in the table)
        if w in table:
            out.extend(table[w].split())
            continue
        w = w.strip("'")
        if "'" in w:  # clitics: "dog's" -> "dog s" reads badly; "she'll" -> "she will"
            head, _, tail = w.partition("'")
            out.extend(table.get(head + "'" + tail, "").split() or [head] + {
                "ll": ["will"], "re": ["are"], "ve": ["have"], "d": ["would"], "m": ["am"], "s": [], "t": ["not"],
            }.get(tail, [tail]))
            continue
        if w:
            out.append(w)
    # phrase rewrites, longest first ("kill my shelf" -> "kill myself")
    phrases = tables["phrases"]
    i, result = 0, []
    while i < len(out):
        for key, value in phrases:
            if tuple(out[i:i + len(key)]) == key:
                result.extend(value.split())
                i += len(key)
                break
        else:
            result.append(out[i])
            i += 1
    return result


def _is_digit_word(w: str) -> bool:
    return w.isdigit() or w in UNITS and UNITS[w] < 10


def _digit_of(w: str) -> str:
    return w if w.isdigit() else str(UNITS.get(w, DIGIT_SOUNDS.get(w, 0)))


def _numbers(words: list[str]) -> list[str]:
    """Number words -> digits; runs of digits said one by one -> one number."""
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        # a run of single digits (with "double"/"triple" and "oh"): a phone number, a pin, a house number; a
        # two-digit number breaks the run ("5 10 15 20" is counting in fives, "555 1234" is a phone number)
        j, digits = i, []
        while j < n:
            x = words[j]
            if x in REPEATS and j + 1 < n and (_is_digit_word(words[j + 1]) or words[j + 1] in DIGIT_SOUNDS):
                digits.append(_digit_of(words[j + 1]) * REPEATS[x])
                j += 2
            elif (_is_digit_word(x) and len(_digit_of(x)) != 2) or (
                    x in DIGIT_SOUNDS and (digits or x in ("oh", "o", "nought")) and _digit_next(words, j + 1, x)):
                digits.append(_digit_of(x))
                j += 1
            else:
                break
        said = sum(len(d) for d in digits)
        if said >= 3 or (said == 2 and j - i >= 2 and any(not d.isdigit() or len(d) > 1 for d in words[i:j])
                         and all(words[k] not in UNITS or UNITS[words[k]] < 10 for k in range(i, j))
                         and not _compound_ahead(words, i)):
            out.append("".join(digits))
            i = j
            continue
        # a compound number: "forty two", "a hundred and five", "two thousand and nineteen"
        value, j = _compound(words, i)
        if j > i:
            out.append(str(value))
            i = j
            continue
        out.append(w)
        i += 1
    return out


def _digit_next(words: list[str], j: int, sound: str) -> bool:
    """Is the digit-like word before `j` a digit? Inside a run "won" and "ate" are; "to", "too"
    and "for" only when a digit follows too ("five for two" yes, "five for dinner" no); "oh"
    starts a run only when digits follow."""
    if sound in ("won", "ate", "fore", "nought"):
        return True
    nxt = words[j] if j < len(words) else ""
    return _is_digit_word(nxt) or nxt in DIGIT_SOUNDS or nxt in REPEATS


def _compound_ahead(words: list[str], i: int) -> bool:
    return i + 1 < len(words) and words[i + 1] in SCALES


def _compound(words: list[str], i: int) -> tuple[int, int]:
    """Parse a spelled-out number at words[i:]; returns (value, index after it) or (0, i)."""
    total, current, j, seen = 0, 0, i, False
    n = len(words)
    while j < n:
        w = words[j]
        if w in UNITS:
            rest = current % 100
            if seen and rest and not (rest >= 20 and rest % 10 == 0 and UNITS[w] < 10):
                break  # "five six", "ten nine" and "twenty nineteen" are two numbers; "twenty five" is one
            current += UNITS[w]
        elif w in TENS:
            if seen and current % 100:
                break
            current += TENS[w]
        elif w in SCALES and seen:
            current = max(current, 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total, current = total + current, 0
        elif w == "a" and j + 1 < n and words[j + 1] in SCALES and not seen:
            current = 1
            j += 1
            seen = True
            continue
        elif w == "and" and seen and j + 1 < n and (words[j + 1] in UNITS or words[j + 1] in TENS):
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    if not seen:
        return 0, i
    while j > i and words[j - 1] in ("and", "a"):
        j -= 1
    return total + current, j


@lru_cache(maxsize=2048)
def spoken_form(text: str) -> str:
    """The canonical form of what a child said or typed (see the module's description). A line is put in
    this form several times a turn (safety, intents, the knowledge base): the last few thousand are kept."""
    return " ".join(_numbers(_expand(plain(text).split())))


def sentences(text: str) -> list[str]:
    """The parts of an utterance that can each carry a meaning of their own ("i don't know. my
    dad hurted me" -> two; "we had tea then my stepdad hit me" -> two), in canonical form, the
    whole line first. Only sentence breaks and "then" split: "but" and "because" keep their
    context ("don't tell mummy but it's a birthday surprise")."""
    whole = spoken_form(text)
    parts = [spoken_form(p) for p in _SENTENCE.split(text.lower()) if p and p.strip()]
    parts = [p for p in parts if len(p.split()) >= 3 and p != whole]  # a fragment alone means little
    return [whole] + parts
