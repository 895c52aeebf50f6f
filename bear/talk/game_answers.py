"""When a classifier's guess of risk gives way to a game under way: a word or two in a game's turn
("boo" in a knock-knock joke, "nine" counting down, "moon" in the rhyming game, "i have stripes" for
the bear to guess), a riddle's clue or guess, a question about the story just told. Never a rule's
risk; a flagged guess only when it is faint and the story answers the question (`WEAK_FLAG`).
"""

from __future__ import annotations

import re

# numbers said in the counting game ("nine", "ten nine eight"): an answer, not a phone number
COUNTED = re.compile(r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
                     r"(?:[ ,]+(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)){0,3}[.!]?")
WEAK_FLAG = 0.2  # a classifier flag this faint (every flagged category below it) gives way to a story question
# an animal's clue in the animal guessing game ("it's grey and it has a really long nose") gives way to a flag up to
# this, when it names no person (a person going grey is a rule's, and rules never give way)
ANIMAL_CLUE_FLAG = 0.45
PERSON = re.compile(r"\b(?:baby|brother|sister|he|she|him|her|grandad|grandpa|nan|nana|grandma|granny|man|lady|"
                    r"someone|somebody|friend|they|them|cousin|uncle|auntie|teacher|lips|face|skin)\b")


def game_answer(session, u) -> bool:
    """A word or two in answer to "Who's there?" in a knock-knock joke ("boo"), asking for a
    riddle's clue or guessing it ("is it a car?"), or a question about the story just told that
    the story answers: the classifier's guess of an unflagged risk (never a rule's, never a
    flagged one) gives way; the reply that repeats it ("Boo who?") still passes the output check."""
    from bear.talk.riddles import CLUE, GUESS
    from bear.talk.guessing import has_clue
    from bear.talk.story_questions import from_the_story

    pending = session.pending or {}
    if pending.get("kind") in ("riddle", "i_spy", "riddle_done") and (CLUE.search(u.text) or GUESS.match(u.text)):
        return True
    if pending.get("kind") in ("opposites", "noise_next", "i_spy_child") and len(u.text.split()) <= 3:  # "hot"
        return True
    if pending.get("kind") == "hide_seek" and _hiding_place(u.text):  # "i'm hiding behind the curtains"
        return True
    if pending.get("kind") == "counting" and COUNTED.fullmatch(u.text.strip().lower()):  # "nine!" counting down
        return True
    if pending.get("kind") == "rhyme_game" and re.fullmatch(r"[a-z]+[.!]?", u.text.strip().lower()):  # "moon"
        return True
    if pending.get("kind") in ("guess_noise", "animal_guess") and has_clue(u.text):  # "i have stripes"
        return True
    if from_the_story(session, u.text) is not None:  # "and then what?" just after a story
        return True
    return pending.get("kind") == "knock" and pending.get("who") is None and len(u.text.split()) <= 3


# words that keep a weak classifier flag standing on a game's turn: the child, their family, a harm
ABOUT_THE_CHILD = re.compile(r"\b(?:me|my|mummy|mum|daddy|dad|hurt\w*|hit\w*|touch\w*|dead|die|kill\w*|blood|"
                             r"bleed\w*|scared|secret)\b")


def animal_clue(session, u) -> bool:
    """A short clue in the animal guessing game ("and it eats leaves", "it has a pouch"): the classifier's weak
    guess of a flagged risk on it gives way (the caller checks the mass is weak; a rule's never does)."""
    from bear.talk.guessing import has_clue

    pending = session.pending or {}
    return pending.get("kind") in ("animal_guess", "guess_noise") and len(u.text.split()) <= 12 and has_clue(u.text) \
        and not ABOUT_THE_CHILD.search(u.text)


def weak_flag(session, u) -> float:
    """How faint every flagged category must be for a game's turn to overrule it: more for an animal's clue."""
    return ANIMAL_CLUE_FLAG if animal_clue(session, u) and not PERSON.search(u.text.lower()) else WEAK_FLAG


# "no it's not the telly, guess again" while the bear guesses the child's I spy
NOT_IT = re.compile(r"^(?:no|nope|nah|wrong|not quite|not that|it is not|its not|it s not|guess again|try again)\b")


def spy_turn(session, u) -> bool:
    """A "no, guess again" while the bear guesses the child's I spy: a weak flag on it gives way."""
    pending = session.pending or {}
    text = u.text.lower()
    return pending.get("kind") in ("i_spy_child", "i_spy_told") and len(text.split()) <= 8 \
        and NOT_IT.search(text) is not None and not ABOUT_THE_CHILD.search(text)


def hiding_turn(session, u) -> bool:
    """"i'm hiding behind the curtains" in hide and seek, only where the child hides: a weak flag gives way."""
    return (session.pending or {}).get("kind") == "hide_seek" and _hiding_place(u.text)


def story_change(session, u) -> bool:
    """"but make her a pirate princess" just after a story: a new story asked for, whose character the made-up
    stories vet (the caller checks the classifier's flag is weak; a rule's never gives way)."""
    from bear.talk.story_more import ADD_IN, HAVE_ONE
    from bear.talk.story_talk import MADE_INTO

    asked = MADE_INTO.match(u.text) or HAVE_ONE.match(u.text) or ADD_IN.match(u.text)  # "can he meet a dragon"
    return session.last_topic == "story" and asked is not None and not ABOUT_THE_CHILD.search(u.text)


def _hiding_place(text: str) -> bool:
    """Only where the child hides in the game ("i'm hiding under the table"), no more: no "from", "because",
    nobody's name, no fear or hurt."""
    from bear.talk.play_along import HIDING_AT
    from bear.talk.spoken import spoken_form

    canon = spoken_form(text)
    m = HIDING_AT.search(canon)
    return m is not None and m.end() == len(canon) and len(canon.split()) <= 8 and not re.search(
        r"\b(?:from|because|cause|scared|afraid|hurt|angry|shout\w*|help|cry\w*|mummy|daddy|mum|dad|he|she|they|him|"
        r"her|them|man|lady|someone|somebody|hit|bad)\b", canon)
