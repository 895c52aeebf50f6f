"""Companion round 20: the chat kinds held-out set 19's misses showed (its kinds, not its lines):
news that got a generic reply (`content/moments_round20.toml`: a grown-up who works at night, the
dentist, moving house, a pet at the vet or one that got out, too many sweets, a pony ride, a shaved
beard, a power cut, a cake baked at home, a sibling who won't play, two homes); planning with the
child (`bear.talk.plans`: what to take to grandma's, what to write in a card, what there is to do at
the beach, what a finished picture is of); legs counted (`bear.talk.legs`: "how many legs do two
dogs have", "what about a spider?" after); a sum checked and explained ("are you sure?", "how did
you work it out?"); the bear's pick among what it just named ("which one is your favourite?" after
the seasons); games that went on wrongly ("i did it" after a round of Simon says, "about a frog"
after "let's make up a rhyme"); the reason the child is happy; "make it longer" after a story;
"what colour was she?" when the story did not say; a story about a boat."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion20"))


@pytest.mark.parametrize("line, expect", [
    ("my mummy works nights at the hospital", r"night"),
    ("we went to the dentist today", r"dentist|teeth"),
    ("we are moving house next week", r"new house|new home|moving house"),
    ("my dog had an operation", r"dog"),
    ("our hamster escaped", r"hamster"),
    ("i had too much chocolate", r"tummy"),
    ("i went on a donkey at the beach", r"donkey"),
    ("my grandad shaved his moustache off", r"grandad"),
    ("all the lights went out at home", r"torch|electricity"),
    ("me and my nana baked cupcakes", r"cupcakes|baking|oven|spoon|tasty|delicious"),
    ("my little brother wont play with me", r"little brother"),
    ("i live in two houses", r"famil"),
])
def test_news_gets_its_own_reply(talk, line, expect):
    text, reply = talk(line)
    assert re.search(expect, text, re.I) and reply.safety is None and not reply.flag, text
    assert not re.search(r"how did that make you feel|what happened next|tell me more", text, re.I), text


@pytest.mark.parametrize("context, line, expect", [
    (("we are going to see my nana",), "what can i bring her", r"card|drawing|hug"),
    (("i am writing a card for daddy",), "what shall i write", r"love|thank"),
    (("we're going to the seaside",), "what can we do there", r"sandcastle|shells"),
    (("we are off to a farm at the weekend",), "what will i see there", r"goats|pigs|cows|lambs|piglets"),
    (("i finished my painting",), "it's a dragon and a castle", r"a dragon and a castle"),
])
def test_plans_are_helped(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text, re.I) and reply.safety is None, text


def test_a_picture_of_something_unvetted_is_not_said_back(talk):
    text, _ = talk("it's a stupid idiot", context=("i finished my drawing",))
    assert "idiot" not in text.lower(), text


@pytest.mark.parametrize("context, line, expect", [
    ((), "how many legs has an ant got", r"\bsix\b"),
    ((), "how many legs have three cats got", r"\b12\b"),
    ((), "how many legs has a snake got", r"no legs"),
    (("how many legs has a ladybird got",), "what about a spider", r"\beight\b"),
    (("how many legs has a bumble bee got", "and a crab"), "and a bird", r"\btwo\b"),
])
def test_legs_are_counted(talk, context, line, expect):
    text, _ = talk(line, context=context)
    assert re.search(expect, text), text


@pytest.mark.parametrize("context, line, expect", [
    (("what is 9 take away 3",), "are you sure", r"^yes, i'm sure!.*\b6\b"),
    (("what's 4 plus 3",), "how do you know", r"counted on 3 more: 5, 6, 7"),
    (("what is 2 times 5",), "how did you do it", r"5 lots of 2: 2, 4, 6, 8, 10"),
])
def test_a_sum_is_checked_and_explained(talk, context, line, expect):
    text, _ = talk(line, context=context)
    assert re.search(expect, text, re.I), text


def test_the_bears_pick_among_what_it_named_then_the_childs_is_remembered(talk):
    text, _ = talk("which one do you like best", context=("why do we have seasons",))
    assert re.search(r"autumn|winter", text, re.I), text
    text, reply = talk("summer", context=("why do we have seasons", "which one is your favourite"))
    assert reply.intent == "set_favourite" and "summer" in text.lower(), text


@pytest.mark.parametrize("context, line, expect", [
    (("let's play simon says",), "i did it", r"well done|brilliant"),
    (("can we make up a rhyme",), "about a cat", r"^cat rhymes with"),
    (("i feel so happy",), "because it's saturday", r"weekend"),
    (("tell me a story about a rabbit",), "make it longer", r"whole story.*another one"),
    (("tell me a story about a puppy",), "what colour was he", r"didn't say what colour"),
])
def test_games_feelings_and_stories_go_on(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text, re.I) and reply.safety is None, text


def test_a_story_about_a_boat_is_about_a_boat(talk):
    text, reply = talk("can i have a story about a boat")
    assert reply.intent == "story" and "boat" in text.lower() and "know a story" not in text, text


@pytest.mark.parametrize("line, expect", [
    ("can we play musical bumps", r"freeze|stop"),
    ("lets play sleeping lions", r"still"),
    ("shall we play follow the leader", r"leader"),
])
def test_party_games_are_played_in_words(talk, line, expect):
    text, reply = talk(line)
    assert reply.intent == "play" and re.search(expect, text, re.I), text


@pytest.mark.parametrize("context, line, expect", [
    ((), "lets play the abc game", r"a is for apple.*what's b for"),
    (("can we play the alphabet game",), "b is for bus", r"^yes! b is for bus! what's c for"),
    (("can we play the alphabet game",), "dunno", r"^b is for banana! what's c for"),
    (("can we play the alphabet game",), "duck", r"starts with b"),
    (("can we play the alphabet game", "bear", "cake"), "poo poo head", r"."),  # not said back, whatever it is
])
def test_the_alphabet_game_goes_letter_by_letter(talk, context, line, expect):
    text, _ = talk(line, context=context)
    assert re.search(expect, text, re.I), text
    assert "poo" not in text.lower(), text
