"""Companion round 37: a fact the child tells ("octopuses have three hearts") answered from the knowledge base,
and "did you know that?" after it; what the bear's eyes look like; a pet that scratched or bit the child (a
grown-up to clean it, never "what a lovely pet"); a story's hero given a name just after a story ("call him
max"); "really?" after a count of legs; "why does he do that?" after what the child's dog does; "is that true?" after
what a friend said; "and which one do we live on" after Jupiter (a planet); "what if i don't?" after why
children must brush their teeth; "can you help me tie my shoes" (how to, from the knowledge base); "what's that?" after a thing the child named.
"""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion37"))


@pytest.mark.parametrize("context, line, expect", [
    (("the sun is really a star",), "did you know that", r"^Yes, I did!.*star"),
    (("bats hang upside down when they sleep",), "do you know that", r"[Uu]pside down"),
    ((), "the sun is a star", r"star"),
    ((), "teddy what colour are your eyes", r"[Bb]rown"),
    ((), "do you have blue eyes", r"[Bb]rown"),
    ((), "ow my hamster scratched me", r"grown-up"),
    ((), "my puppy bited me on my finger", r"grown-up"),
    ((), "my uncles dog bit me", r"grown-up"),
    (("my puppy chases his tail all day",), "why does he do that", r"tail"),
    (("my dog barks at the door every morning",), "but why does he do it", r"[Bb]ark"),
    (("my cousin says the moon is following our car",), "is it true", r"far away"),
    ((), "could you see the great wall of china from space", r"Great Wall"),
    ((), "hello teddy can you hear me", r"hear you"),
    (("how many planets are there", "which is the biggest one"), "and which one is our home", r"Earth"),
    (("why do i need to brush my teeth",), "what will happen if i dont", r"plaque|germs"),
    (("why do we have to wash our hands",), "so what if we dont", r"^Good question!.*germs"),
    (("tell me a story about a dragon",), "can the dragon be called sparky", r"a dragon called Sparky"),
    (("tell me a story about a unicorn",), "call the unicorn rosie", r"a unicorn called Rosie"),
    ((), "quick call the fire brigade", r"grown-up"),
    (("tell me a story about a hedgehog",), "please give her a name", r"a hedgehog called [A-Z]"),
    (("my dog wags his tail when i get home",), "y does he do that", r"wag"),
    ((), "could you help me tie my shoelaces", r"laces|bunny ear"),
    (("my uncle has got a telescope",), "whats that", r"[Tt]elescope"),
    (("i found a fossil in the garden",), "what is it", r"[Ff]ossil"),
    (("how many legs has a crab got",), "really", r"^Yes, really!.*(?:ten|10)"),
    (("tell me a story",), "can you call her rosie", r"a girl called Rosie"),
    (("tell me a story",), "make the main character called ben", r"called Ben"),
])
def test_moments_of_this_round(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text), (reply.intent, text)


@pytest.mark.parametrize("line", ["my cat scratched me", "my dog bit me on my face"])
def test_a_pet_that_hurt_the_child_is_no_happy_news(talk, line):
    text, _ = talk(line)
    assert "grown-up" in text and not re.search(r"[Ll]ovely|name", text), text


@pytest.mark.parametrize("context, line", [
    ((), "call him max"),  # no story just told: the child names something else
    (("tell me a story",), "call her poopyhead"),  # a name the bear may not say: no story with it
])
def test_a_hero_is_named_only_after_a_story_and_only_with_a_vetted_name(talk, context, line):
    text, _ = talk(line, context=context)
    assert "Once upon a time" not in text and "oopyhead" not in text, text


def test_a_fact_about_the_child_is_not_taken_for_a_fact_of_the_world(talk):
    text, _ = talk("my dog has four legs")
    assert not text.startswith("Yes, I did"), text


@pytest.mark.parametrize("context, line", [
    (("my friend says i am silly",), "is that true"),  # about the child: no fact of the world
    (("my brother is annoying",), "why is he doing that"),  # no doing told
])
def test_no_knowledge_answer_for_a_claim_about_people(talk, context, line):
    _, reply = talk(line, context=context)
    assert reply.intent != "question", reply.text  # no fact from the knowledge base


@pytest.mark.parametrize("kind", ["boy", "girl", "hero", "dragon", "hedgehog", "unicorn"])
def test_every_name_the_bear_picks_for_a_hero_passes_the_name_vetting(kind):
    from bear.talk.made_up import hero
    from bear.talk.story_talk import PICKED_NAMES

    assert all(hero(f"tell me a story about a {kind} called {name.lower()}") for name in PICKED_NAMES)


def test_help_to_fall_asleep_is_still_the_sleep_help(talk):
    text, reply = talk("can you help me fall asleep")
    assert reply.intent == "sleep", (reply.intent, text)


def test_after_a_million_the_next_number_is_no_small_one(talk):
    text, _ = talk("what comes after it", context=("whats the biggest number", "is it a million"))
    assert not re.search(r"^Two!|After one", text), text
