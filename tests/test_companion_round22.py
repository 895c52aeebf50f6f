"""Companion round 22: the chat kinds held-out set 21's misses showed (its kinds, not its lines): everyday
news and requests with a reply of their own (`content/moments_round22.toml`: a tooth out today, heard as a
loss before; a toilet break; "tickle me"; a noisy machine that scares the child; a grown-up working away on
a boat; kittens or puppies born at home; a volcano made at school; whether the bear
likes an animal or a food), "i love you" answered with love, and legs counted "altogether" or, right after a
legs answer, without the word "legs" ("how many do 3 dogs have"); a story made up about a pirate dog, a
wobbly jelly, a robot penguin or a little red tractor (more describing words and characters)."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion22"))


@pytest.mark.parametrize("line, expect", [
    ("guess what i pulled out my wobbly tooth", r"tooth fairy|tooth"),
    ("hold on i gotta pee", r"toilet|loo"),
    ("tickle me teddy", r"tickl"),
    ("the hairdryer is too loud", r"noise|loud"),
    ("i am frightened of the vacuum cleaner", r"noise|loud|machine"),
    ("my mum works on a ship", r"ship|boat|sea|ocean"),
    ("our dog had puppies", r"babies|tiny"),
    ("me and my dad made a volcano", r"volcano|fizz"),
    ("do you like giraffes", r"animals|love"),
    ("do you like pancakes", r"yum"),
])
def test_everyday_news_and_requests_get_a_reply_of_their_own(talk, line, expect):
    text, reply = talk(line)
    assert reply.safety is None and re.search(expect, text, re.I), (line, text)


def test_i_love_you_is_answered_with_love_every_time(talk):
    for _ in range(6):
        text, _reply = talk("i love you lots and lots bear")
        assert re.search(r"love|aww|friend|special", text, re.I), text


def test_legs_counted_altogether_and_then_without_the_word_legs(talk):
    text, _reply = talk("how many legs do three cats have all together")
    assert "12" in text, text
    text, _reply = talk("how many do 2 beetles have", context=("how many legs does a beetle have",))
    assert "12" in text, text


def test_a_question_about_being_tickled_is_not_a_tickle_news(talk):
    text, reply = talk("do you like being tickled")
    assert "Coochie" not in text and "Tickle, tickle" not in text, text


@pytest.mark.parametrize("line, hero", [
    ("can you make up a story about a pirate dog", "pirate dog"),
    ("a silly story about a wobbly jelly please", "wobbly jelly"),
    ("tell me a story about a robot penguin", "robot penguin"),
    ("story about a little red tractor", "little red tractor"),
])
def test_a_story_is_made_up_about_a_pirate_a_jelly_a_robot_or_a_tractor(talk, line, hero):
    text, reply = talk(line)
    assert hero in text.lower() and reply.safety is None, text


def test_a_pet_snail_or_gecko_has_its_name_remembered(talk):
    text, reply = talk("we have got a gecko called ziggy")
    assert "Ziggy" in text and reply.safety is None, text


def test_what_blood_is_for_is_answered_not_tied_with_what_is_in_it(talk):
    text, _reply = talk("what is blood for")
    assert "delivery" in text.lower(), text
    text, _reply = talk("what is blood made of")
    assert "plasma" in text.lower(), text
