"""Questions about the letters of a word: "say cat backwards", "what does d o g spell", "does happy have two ps",
"how many letters in elephant". Only words the bear can spell (its own list and its knowledge base's words, never
a blocked one) are said back; any other word gets a kind "let's try one I know"."""

from __future__ import annotations

import re

from bear.talk.number_words import number_words
from bear.talk.turn import Ctx, Reply
from bear.talk.word_games import _spell as _letters
from bear.talk.word_games import _spellings

_LEAD = r"^(?:(?:and|now|so|ok|okay|teddy|can you|could you|please|what about|hey) )*"
BACKWARDS = re.compile(_LEAD + r"(?:say|spell|what is|whats|how do you say|how do you spell|what s) (?:the word )?"
                       r"([a-z]+) (?:backwards?|back to front|the other way round)(?: please| for me)?$")
# "what does d o g spell", "d o g spells what", "what word is c a t"
SPELLED = re.compile(_LEAD + r"(?:what (?:does|do|word does|word do) ((?:[a-z] ){1,9}[a-z]) spell|"
                     r"((?:[a-z] ){1,9}[a-z]) spells? what|what word is ((?:[a-z] ){1,9}[a-z])|"
                     r"what is ((?:[a-z] ){1,9}[a-z]) spelled|what is (?:the|this) word ((?:[a-z] ){1,9}[a-z]))$")
# "does happy have two ps", "how many ps in happy", "does rabbit have double b", "is there an e in cake"
_LETTER = r"([a-z])(?: s|s)?"
HOW_MANY_OF = re.compile(_LEAD + r"how many " + _LETTER + r" (?:are )?(?:there )?(?:in|does) (?:the word )?([a-z]+)"
                         r"(?: have| got)?$")
HAS_N = re.compile(_LEAD + r"(?:does|has) (?:the word )?([a-z]+) (?:have|got|have got) (?:(2|two|double|3|three|1|one|"
                   r"a|an) )" + _LETTER + r"(?: in it)?$")
IS_IN = re.compile(_LEAD + r"is there (?:a|an) " + _LETTER + r" in (?:the word )?([a-z]+)$")
LETTERS_IN = re.compile(_LEAD + r"how many letters (?:are )?(?:there )?(?:in|does) (?:the word )?([a-z]+)(?: have)?$")
NUMBERS = {"2": 2, "two": 2, "double": 2, "3": 3, "three": 3, "1": 1, "one": 1, "a": 1, "an": 1}


def _word(word: str) -> str | None:
    """The word when the bear may say it (it can spell it, and it is no blocked word), else None."""
    if word not in _spellings() or lexicon_blocks(word):
        return None
    return word


def spelled_word(text: str) -> str | None:
    """The word a line's letters spell ("what word is s u n": sun) when the bear may say it, else None (the chat
    engine lets such a line overrule the classifier's guess of a risk: letters are often a rude word spelled)."""
    from bear.talk.spoken import folded, spoken_form

    m = SPELLED.match(folded(text)) or SPELLED.match(spoken_form(text))
    return _word(next(g for g in m.groups() if g).replace(" ", "")) if m else None


def lexicon_blocks(text: str) -> bool:
    """True when `text` holds a blocked word (a word said backwards may make one)."""
    from bear.talk.vetting import lexicon

    return lexicon().find(text) is not None


def _unknown() -> Reply:
    return Reply("Hmm, that's not a word I know how to spell! Let's try one I know: cat is C, A, T. "
                 "Backwards that's T, A, C!", "spelling_game", expects_answer=False)


def asked(c: Ctx) -> Reply | None:
    """The answer to a question about a word's letters, or None."""
    canon = c.canon
    m = BACKWARDS.match(canon)
    if m:
        word = _word(m.group(1))
        if word is None:
            return _unknown()
        back = word[::-1]
        if lexicon_blocks(back):
            return _unknown()
        return Reply(f"{word.capitalize()} backwards is {_letters(back)}. That sounds like \"{back}\"! "
                     "What a silly word!", "spelling_game")
    m = SPELLED.match(canon) or SPELLED.match(c.norm)  # the spoken form reads "s u n" as "s you n"
    if m:
        letters = next(g for g in m.groups() if g).replace(" ", "")
        word = _word(letters)
        if word is None:
            return Reply("Hmm, I don't think those letters spell a word I know. Here's one I do: C, A, T spells cat!",
                         "spelling_game")
        return Reply(f"{_letters(word)} spells {word}! Well done, you're a good speller.", "spelling_game")
    m = HOW_MANY_OF.match(canon)
    if m:
        return _count(m.group(2), m.group(1), None)
    m = HAS_N.match(canon)
    if m:
        return _count(m.group(1), m.group(3), NUMBERS[m.group(2)])
    m = IS_IN.match(canon)
    if m:
        return _count(m.group(2), m.group(1), 1)
    m = LETTERS_IN.match(canon)
    if m:
        word = _word(m.group(1))
        if word is None:
            return _unknown()
        return Reply(f"{word.capitalize()} has {number_words(len(word))} letters: {_letters(word)}.", "spelling_game")
    return None


def _count(raw: str, letter: str, asked_n: int | None) -> Reply:
    """How many times `letter` is in the word; with "does it have two": yes or no first."""
    word = _word(raw)
    if word is None:
        return _unknown()
    n = word.count(letter)
    count = number_words(n) if n else "no"
    spelled = f"{word.capitalize()} is spelled {_letters(word)}"
    letter_name = letter.upper() if n == 1 else f"{letter.upper()}s"
    if asked_n is None:
        return Reply(f"{spelled}, so it has {count} {letter_name}.", "spelling_game")
    if asked_n == 1:  # "is there an e in cake", "does cake have an e"
        return Reply(f"{'Yes' if n else 'No'}! {spelled}, so it has {count} {letter_name}.", "spelling_game")
    return Reply(f"{'Yes' if n == asked_n else 'No'}! {spelled}, so it has {count} {letter_name}.", "spelling_game")
