"""Word and number games asked for by name: the opposite of a word, a shape by its sides (or a
shape's sides), counting in twos or fives or in another language (hello in one: `bear.talk.companion`),
spelling a word (said right or wrongly: "elefant" is spelled as elephant) or the child's name, the
first letter of a word, which of two numbers is bigger, half of a number (would you rather and
rock paper scissors: `bear.talk.choice_games`). Content: `content/word_games.toml`; a child's word
is said back only when it is on the bear's lists or vetted (`bear.talk.vetting`).
"""

from __future__ import annotations

import difflib
import re
import tomllib
from functools import lru_cache
from importlib import resources

from bear.talk.number_words import a_number, number_words
from bear.talk.turn import Ctx, Reply

STEPS = {"2": 2, "twos": 2, "two": 2, "5": 5, "fives": 5, "five": 5, "10": 10, "tens": 10, "ten": 10, "3": 3,
         "threes": 3, "three": 3, "4": 4, "fours": 4, "four": 4}

OPPOSITE = re.compile(r"\b(?:the )?opposites? (?:of|for|to) (?:the word )?(?:a |an )?([a-z]+)\b(?! [a-z]+ [a-z]+)"
                      r"|\bwhat is (?:a |an )?([a-z]+) the opposite of\b")
SHAPE_SIDES = re.compile(r"\b(?:shape|shapes) (?:has|have|has got|with|that has|that have) (\d+|no) "
                         r"(?:straight )?(?:sides|side|corners|corner)\b")
SIDES_OF = re.compile(r"\bhow many (?:sides|corners|points|faces) (?:does|do|has|have|is on|are on|on) (?:a |an |the )?"
                      r"([a-z]+)(?: have| got| has)?$|\bwhat (?:shape )?is (?:a |an )?([a-z]+) shape\b|"
                      r"\bwhat does (?:a |an )([a-z]+) (?:shape )?look like\b")
COUNT_IN = re.compile(r"\bcount (?:in|by|up in|up by) (2|twos|two|5|fives|five|10|tens|ten|3|threes|three|4|fours|four)"
                      r"(?: (?:up |all the way )?to (\d+))?\b")
# "count to twenty in twos": the top first
COUNT_TO_IN = re.compile(r"\bcount (?:up |all the way )?to (\d+) (?:in|by) "
                         r"(2|twos|two|5|fives|five|10|tens|ten|3|threes|three|4|fours|four)\b")
LANGUAGE = re.compile(r"\bcount(?: (?:up )?to (\d+))? in ([a-z]+)\b|\bhow do (?:you|i|we) count(?: to (\d+))? in "
                      r"([a-z]+)\b|^(?:(?:and|now|ok|okay|can you|could you|will you|please) )*"
                      r"(?:do it |say it |do that |say them |count them |count it |count |what about |how about )?"
                      r"(?:in )?"
                      r"([a-z]+)"
                      r"(?: now| please| then)?$|"
                      r"\b(?:numbers|counting) in ([a-z]+)\b")
OTHER_LANGUAGES = frozenset("english arabic russian urdu korean dutch swedish greek turkish latin bengali punjabi "
                            "gujarati tamil romanian hungarian czech swahili thai vietnamese hebrew danish norwegian "
                            "finnish somali persian farsi tagalog yoruba igbo zulu".split())
SPELL = re.compile(r"\b(?:how (?:do|does|can|would|should) (?:you|i|we|one) |can you |could you |please |teddy )?"
                   r"(?:spell|spel|spelll) (?:the word |word |out )?([a-z]+)(?: out)?"
                   r"(?: please| for me| letter by letter| for my [a-z]+(?: [a-z]+)?| so i can (?:write|copy) it)*"
                   r"(?:$|(?= (?:i|because|cos|cause|coz|as) "
                   r"(?:always|never|keep|get|got|can not|forget|do not|mix)\b))"
                   r"|\bhow (?:is|do you say) ([a-z]+) spelt\b|\bhow is ([a-z]+) spelled\b"
                   r"|\bwhat is the spelling (?:of|for) ([a-z]+)$"
                   r"|^(?:teddy )?i (?:always |keep |never |often )?(?:get|getting|got|spell|write) ([a-z]+) wrong\b"
                   r"[a-z ]{0,12}\b(?:how do (?:you|i|we) spell it|spell it|how is it spelled)\b")
# "is it frend or freind": two spellings of one word the bear knows
WHICH_SPELLING = re.compile(r"^(?:(?:teddy|so|and|um) )*(?:is it|do you spell it|is it spelled|which is right) "
                            r"([a-z]+) or ([a-z]+)$")
# "does beautiful start with e"
STARTS_WITH = re.compile(r"^(?:(?:teddy|so|and|um) )*(?:does|do) (?:the word )?([a-z]+) (?:start|begin) with (?:an? )?"
                         r"([a-z])$")
# "spell my name", "how do i write my name" ("i can write my name now" is news, not a request)
SPELL_NAME = re.compile(r"\b(?:spell|spel) (?:my|me) name\b"
                        r"|\b(?:how do (?:you|i|we)|can you|could you|will you|help me) write (?:my|me) name\b")
NAME_SAID = re.compile(r"\b(?:it is|its|is|i am|i m|name is|called) ([a-z]+)$")
FIRST_LETTER = re.compile(r"\bwhat (?:letter|sound) (?:does|do|is) (?:the word )?([a-z]+) (?:start|begin|starts|begins)"
                          r"(?: with)?\b|\bwhat does ([a-z]+) (?:start|begin) with\b|\bwhat is the first letter "
                          r"(?:of|in) ([a-z]+)\b")
COMPARE = re.compile(r"^(?:is|are) (\d+) (bigger|more|larger|greater|higher|smaller|less|fewer|lower) than (\d+)$"
                     r"|^(?:which|what) (?:number )?is (?:the )?(bigger|more|larger|smaller|less|biggest|smallest) "
                     r"(\d+) or (\d+)$")
HALF_THAT = re.compile(r"\b(half|double) (?:of )?(?:that|it|that number|this)$")
HALF = re.compile(r"\b(?:what is |whats )?(half|double) (?:of )?(\d+)$")
GUESS_ME = re.compile(r"\bguess (?:what|which) (?:animal|noise) (?:i am|this is|it is|that is|i m)\b|"
                      r"\bwhat animal (?:am i|is this|makes this noise)\b")
COUNT_ON = re.compile(r"^(?:(?:and|now|ok|okay|then|can you|keep going|carry on|go on|keep counting|more) )*"
                      r"(?:count )?(?:up |all the way |on )?to (\d+)(?: now| please)?$")
NOT_A_WORD = frozenset("something words word it that me a things this them you my your".split())


@lru_cache(maxsize=1)
def data() -> dict:
    """content/word_games.toml."""
    return tomllib.loads(resources.files("bear.talk").joinpath("content/word_games.toml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _spellings() -> frozenset[str]:
    """Words the bear spells: its list, its games' words and the knowledge base's words."""
    words = set(data()["spelling_words"].split())
    words |= {w for g in data()["opposites"] for w in g}
    knowledge = resources.files("bear.talk").joinpath("content/knowledge")
    for f in knowledge.iterdir():
        if f.name.endswith(".toml"):  # the answers' words (a word with an apostrophe is left out)
            text = "\n".join(line for line in f.read_text(encoding="utf-8").lower().splitlines()
                             if line.startswith(("answer", "says", "text")))
            words |= {m.group() for m in re.finditer(r"(?<![a-z'])[a-z]{3,}(?![a-z'])", text)}
    return frozenset(words)


def _spell(word: str) -> str:
    return ", ".join(word.upper())


def opposite(c: Ctx) -> Reply | None:
    """"what's the opposite of hot": from the bear's list of opposites."""
    m = OPPOSITE.search(c.canon)
    if m is None:
        return None
    word = m.group(1) or m.group(2)
    if word in ("day",) and "opposite day" in c.canon:
        return None
    found = [b for a, b in data()["opposites"] if a == word] + [a for a, b in data()["opposites"] if b == word]
    if not found:
        return Reply("Hmm, I'm not sure that one has an opposite I know! Try me with another: what's the opposite "
                     "of up?", "spelling_game", expects_answer=True)
    others = list(dict.fromkeys(found))
    said = " or ".join(others[:2])
    return Reply(f"The opposite of {word} is {said}! Can you think of another pair of opposites?", "spelling_game",
                 expects_answer=True)


def shape(c: Ctx) -> Reply | None:
    """"what shape has three sides", "how many sides does a hexagon have"."""
    m = SHAPE_SIDES.search(c.canon)
    if m:
        n = "0" if m.group(1) == "no" else m.group(1)
        text = data()["shapes"].get(n)
        if text is None:
            return Reply("Ooh, that's a shape with lots of sides! I know shapes with up to ten sides: a decagon "
                         "has ten.", "question")
        return Reply(text, "question")
    m = SIDES_OF.search(c.canon)
    if m:
        name = next(g for g in m.groups() if g)
        text = data()["shape_sides"].get(name) or data()["shape_sides"].get(name.rstrip("s"))
        return Reply(text, "question") if text else None
    return None


def _count_list(numbers: list[int]) -> str:
    return ", ".join(number_words(n) for n in numbers).capitalize() + "!"


def counting(c: Ctx) -> Reply | None:
    """"count in twos up to ten", "count to five in spanish", "now in french" after a count."""
    m, m2 = COUNT_IN.search(c.canon), COUNT_TO_IN.search(c.canon)
    said = (m.group(1), m.group(2)) if m else (m2.group(2), m2.group(1)) if m2 else None  # (step, top)
    if said is not None:
        step = STEPS[said[0]]
        top = int(said[1]) if said[1] else step * 10
        top = min(max(top, step), step * 20, 100)
        return Reply(f"{_count_list(list(range(step, top + 1, step)))} Counting in {number_words(step)}s is "
                     "super fast!", "counting_game")
    m = LANGUAGE.search(c.canon)
    if m is None:
        return None
    counted = c.session.last_topic == "count" or re.match(r"^(?:one|two|five|ten), ", c.session.last_reply.lower())
    if m.group(5) and not counted and not re.search(r"\bcount\b", c.canon):  # "now in french" only after a count
        return None
    top = int(m.group(1) or m.group(3) or 10)
    language = next(g for g in m.groups()[1:] if g and not g.isdigit())
    if language not in data()["languages"] and language not in OTHER_LANGUAGES:
        return None  # "count in my head", "count in the garden"
    numbers = data()["languages"].get(language)
    c.session.last_topic = "count"
    if numbers is None:
        if language in ("english", "numbers"):
            return Reply(_count_list(list(range(1, min(top, 20) + 1))), "counting_game")
        known = ", ".join(k.capitalize() for k in list(data()["languages"])[:4])
        return Reply(f"I don't know how to count in that language yet! I can count in {known} and English.",
                     "counting_game", expects_answer=True)
    said = numbers.split(", ")[:max(1, min(top, 10))]
    return Reply(f"In {language.capitalize()}: {', '.join(said)}! Can you say them too?", "counting_game",
                 expects_answer=True)


def _known_word(word: str) -> str | None:
    """The word as the bear spells it: itself when known, else the closest known word (a child's
    spelling a little off), else None."""
    known = _spellings()
    if word in known:
        return word
    close = difflib.get_close_matches(word, known, n=8, cutoff=0.7)
    said = _sounds(word)  # "elefant" is elephant, not relevant: the same sounds first, then the same first letter
    best = max(close, key=lambda k: (_sounds(k) == said, difflib.SequenceMatcher(None, said, _sounds(k)).ratio(),
                                     k[:1] == word[:1]), default=None)
    if best is None or (_sounds(best) != said and difflib.SequenceMatcher(None, word, best).ratio() < 0.8):
        return None
    return best


_SOUNDS = (("sch", "sk"), ("ph", "f"), ("ck", "k"), ("gh", "g"), ("wh", "w"), ("kn", "n"), ("wr", "r"), ("ee", "i"),
           ("ea", "i"), ("c", "k"), ("q", "k"), ("z", "s"), ("y", "i"), ("ll", "l"), ("ss", "s"), ("tt", "t"),
           ("pp", "p"))


def _sounds(word: str) -> str:
    """A rough sound key for a word: "elephant" and "elefant" both "elefant"."""
    for a, b in _SOUNDS:
        word = word.replace(a, b)
    return word


# "what about people?" just after the bear spelled a word: that one spelled too
SPELL_AGAIN = re.compile(r"^(?:(?:and|now|so|ok|okay) )*(?:what about|how about|and|now|now do|do) (?:the word )?"
                         r"([a-z]+)(?: please)?$")


def spelling(c: Ctx) -> Reply | None:
    """Spell a word (the bear's spelling, when the child's is a little off), or the child's name."""
    from bear.talk.vetting import OUTPUT_BLOCKED, lexicon, vet_name

    if SPELL_NAME.search(c.canon):
        said = NAME_SAID.search(c.canon)
        name = vet_name(said.group(1)) if said else c.profile.name
        if name is None:
            return Reply("Tell me your name and I'll spell it for you! What's your name?", "spelling_game",
                         expects_answer=True)
        return Reply(f"{name} is spelled {_spell(name)}. What a lovely name!", "spelling_game")
    m = SPELL.search(c.canon)
    again = SPELL_AGAIN.match(c.canon) if m is None and " is spelled " in c.session.last_reply else None
    if m is None and again is None:
        return None
    word = again.group(1) if again is not None else next(g for g in m.groups() if g) if m else ""
    if word in NOT_A_WORD:
        return None
    if lexicon().find(word, OUTPUT_BLOCKED) is not None:  # never spelled out, nor a near word in its place
        return Reply(f"Let's spell a kind word instead! Rainbow is spelled {_spell('rainbow')}. Can you write it too?",
                     "spelling_game", expects_answer=True)
    close = _known_word(word)
    if close is None:
        return Reply("Hmm, I'm not sure how to spell that one! A grown-up could help you write it down.",
                     "spelling_game", expects_answer=False)
    return Reply(f"{close[:1].upper()}{close[1:]} is spelled {_spell(close)}. Can you write it too?", "spelling_game",
                 expects_answer=True)


def which_spelling(c: Ctx) -> Reply | None:
    """"is it frend or freind": both are one word the bear knows (neither blocked), said with its spelling."""
    from bear.talk.vetting import OUTPUT_BLOCKED, lexicon

    m = WHICH_SPELLING.match(c.canon)
    if m is None or m.group(1) == m.group(2) or lexicon().find(c.canon, OUTPUT_BLOCKED) is not None:
        return None
    first, second = _known_word(m.group(1)), _known_word(m.group(2))
    if first is None or first != second:
        return None
    return Reply(f"It's {first}, spelled {_spell(first)}. Can you write it too?", "spelling_game", expects_answer=True)


def first_letter(c: Ctx) -> Reply | None:
    """"what letter does dog start with"; "does beautiful start with e": yes or no, and its first letter."""
    from bear.talk.vetting import OUTPUT_BLOCKED, lexicon

    m = FIRST_LETTER.search(c.canon)
    starts = STARTS_WITH.match(c.canon) if m is None else None
    if starts is not None:
        word = starts.group(1)
        close = None if lexicon().find(word, OUTPUT_BLOCKED) is not None else _known_word(word)
        if close is None:
            return None
        yes = "Yes" if close[0] == starts.group(2) else "No"
        return Reply(f"{yes}! {close[:1].upper()}{close[1:]} starts with the letter {close[0].upper()}: "
                     f"{_spell(close)}.", "spelling_game")
    if m is None:
        return None
    word = next(g for g in m.groups() if g)
    if word in NOT_A_WORD:
        return None
    if lexicon().find(word, OUTPUT_BLOCKED) is not None:  # never said back, nor a near word in its place
        return Reply("Let's try a kind word instead! Rainbow starts with the letter R!", "spelling_game")
    close = _known_word(word)
    if close is None:
        return None
    return Reply(f"{close[:1].upper()}{close[1:]} starts with the letter {close[0].upper()}!", "spelling_game")


def numbers(c: Ctx) -> Reply | None:
    """"is seven bigger than nine", "what's half of ten", "double four"."""
    m = COMPARE.match(c.canon)
    if m:
        if m.group(1):
            a, word, b = int(m.group(1)), m.group(2), int(m.group(3))
        else:
            word, a, b = m.group(4), int(m.group(5)), int(m.group(6))
        if a == b:
            return Reply(f"They're the same! {number_words(a).capitalize()} and {number_words(b)} are equal.",
                         "question")
        big, small = (a, b) if a > b else (b, a)
        if m.group(1):
            right = (a > b) == (word in ("bigger", "more", "larger", "greater", "higher"))
            return Reply(f"{'Yes' if right else 'No'}, {number_words(big)} is bigger than {number_words(small)}!",
                         "question")
        if word in ("smaller", "less", "smallest"):  # "which is smaller, five or three"
            return Reply(f"{a_number(small).capitalize()} is smaller than {a_number(big)}!", "question")
        return Reply(f"{a_number(big).capitalize()} is bigger than {a_number(small)}!", "question")
    m = HALF.search(c.canon)
    that = HALF_THAT.search(c.canon)
    if that is not None and c.session.last_number is not None and 0 <= c.session.last_number <= 10 ** 6 \
            and not c.norm.startswith("and "):  # "and double that": follow_ups.work_on
        m, n = that, c.session.last_number  # "what's double that?" after "double two is four"
    elif m is None:
        return None
    else:
        n = int(m.group(2))
    if m.group(1) == "double":
        return Reply(f"Double {number_words(n)} is {number_words(2 * n) if n < 500 else 2 * n}!", "question")
    if n % 2:
        return Reply(f"Half of {number_words(n)} is {number_words(n // 2)} and a half!", "question")
    return Reply(f"Half of {number_words(n)} is {number_words(n // 2)}!", "question")


def _squeeze(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)  # "hissssss" -> "his"


def guess_my_animal(b, c: Ctx) -> Reply | None:
    """"guess what animal i am, hissss": the animal of the bear's noise list whose noise that is."""
    if not GUESS_ME.search(c.canon):
        return None
    return guess_noise(b, c) or _ask_noise(c)


def _ask_noise(c: Ctx) -> Reply:
    c.session.pending = {"kind": "guess_noise"}
    return Reply("Ooh, let me think! Make your animal's noise for me, and I'll guess!", "play", expects_answer=True)


def guess_noise(b, c: Ctx) -> Reply | None:
    """The animal of the bear's noise list whose noise the child made ("oink oink" -> a pig), or None."""
    noises = b.content.games["word_play"]["noises"]
    said = {_squeeze(w) for w in c.canon.split() if len(w) > 2}
    for animal, noise in noises.items():
        if {_squeeze(w) for w in re.findall(r"[a-z]+", noise.lower())} & said:
            a = "an" if animal[0] in "aeiou" else "a"
            return Reply(f"Are you {a} {animal}? {noise} Am I right?", "play", expects_answer=True)
    return None


def expect_noise(b, c: Ctx, p: dict) -> Reply | None:
    """The animal noise the child makes for the bear to guess; None for anything else."""
    from bear.talk.guessing import by_clues

    c.session.pending = None
    return (guess_noise(b, c) if len(c.words) <= 6 else None) or by_clues(b, c)


def more_counting(c: Ctx) -> Reply | None:
    """"now to ten" just after the bear counted: counting on to it (twenty at most)."""
    m = COUNT_ON.match(c.canon)
    counted = re.match(r"^(?:one|two|five|ten), ", c.session.last_reply.lower())
    if m is None or not counted or not 1 <= int(m.group(1)) <= 20:
        return None
    return Reply(_count_list(list(range(1, int(m.group(1)) + 1))), "counting_game")


def asked(b, c: Ctx) -> Reply | None:
    """Whichever of these games the line asks for, or None."""
    from bear.talk import letter_words, word_questions

    return (word_questions.asked(c) or opposite(c) or shape(c) or counting(c) or spelling(c) or which_spelling(c)
            or first_letter(c) or letter_words.asked(b, c) or numbers(c) or guess_my_animal(b, c) or more_counting(c))


def warm() -> None:
    """Load the games' and pretend play's content (the daemon does it at start, off the loop)."""
    from bear.talk.pretend import roles

    _spellings()
    roles()


EXPECTATIONS = {"guess_noise": expect_noise}
