"""Companion round 35: the chat kinds held-out set 33's misses showed (its kinds, in other words), and a story
setting said at a fork of an interactive story ("in the jungle" after the story asked for was already told and
one where the child chooses began instead: CI caught the bear asking "You choose!" again)."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion35"))


@pytest.mark.parametrize("line", ["in the jungle", "about a dragon", "one about the sea please"])
def test_a_setting_said_at_a_fork_is_another_story(talk, line):
    text, reply = talk(line, context=("tell me a story where i choose",))
    assert reply.intent == "story" and not text.startswith("You choose"), text


@pytest.mark.parametrize("context, line, expect", [
    ((), "we went to the mosque for eid", r"[Ff]estivals?|[Ss]pecial days"),
    ((), "happy new year bear", r"Happy New Year"),
    ((), "my mummy is coming home from the navy tomorrow", r"coming home|[Cc]oming home"),
    ((), "this drive is taking ages", r"riddle|[Ll]ong (journeys|trips)"),
    (("we are on the train to grandmas",), "are we nearly there", r"I'm not sure|I don't know"),
    ((), "my grandad sent me a letter", r"post|[Pp]ostcard"),
    ((), "i came off my scooter but i was fine", r"[Bb]ump|okay|shock"),
    (("i fell over when i was skating",), "and i got up again", r"back up|got back up"),
    (("we are staying in a cabin with bunk beds",), "can i sleep on the top bunk", r"ladder"),
    (("we are at the shops",), "what can we have for dessert", r"ice cream|fruit|cake"),
    (("i love baking",), "what should we bake today", r"cupcakes|biscuits|cookies|muffins"),
    (("i got a new kitten",), "any ideas for a name", r"How about|Maybe"),
    ((), "what if cats could talk", r"say"),
    ((), "what if it snowed chocolate", r"[Yy]um|umbrella|teeth"),
    ((), "what colour are you", r"brown"),
    ((), "its boiling outside", r"water|shade"),
    ((), "we just moved to a new house", r"house|[Mm]oving"),
    ((), "my uncle had a baby", r"[Bb]aby"),
    ((), "my little sister gets all the attention", r"love you|special"),
    ((), "no one played with me at break", r"left out|sad"),
    ((), "i shared my crisps with the new boy", r"kind"),
    (("my auntie has a dog",), "guess what the dog is called", r"Is it"),
    ((), "we are having a baby in the spring", r"[Bb]aby"),
    (("my friend lily came to tea",), "she has a rabbit", r"[Pp]ets|animals"),
    ((), "can you get hungry", r"don't really eat|pretend"),
    ((), "i did a cartwheel at the park", r"cartwheel"),
    ((), "i dont like my new school", r"[Nn]ew (places|and different)"),
    (("my nan lives next door",), "she makes pancakes on saturdays", r"pancakes"),
    ((), "i found a smooth pebble on the beach", r"pebble"),
    ((), "mum and mama bought me a scooter", r"scooter"),
    (("whats your favourite number",), "mine is seven", r"\b7\b"),
    (("how many players are in a football team",), "on the field at once", r"[Ee]leven|\b11\b"),
    ((), "sing a song about a cake", r"Pat-a-Cake"),
    ((), "teach me a word", r"new word"),
    (("lets make up a story together",), "you go first", r"^I did! (Once|One day|Here's)"),
    (("once upon a time there was a dragon",), "now you tell me what happens", r"\bthen\b|Then"),
    (("my daddy is upset",), "he is crying", r"your job|passes"),
    ((), "i said something unkind to my brother", r"sorry"),
    ((), "what should i take for show and tell", r"favourite"),
    ((), "what can i make my grandma for her birthday", r"drawing|card|picture"),
    ((), "grandad is cooking my favourite tea", r"favourite"),
    ((), "my grandma says she loves me to the moon and back", r"grandma"),
    ((), "my uncle is working on a ship", r"boat|sea"),
    ((), "i tripped in assembly and the whole class giggled", r"embarrassed|wobbly feeling"),
    ((), "no one sat with me at lunch today", r"left out|sad|sorry"),
    ((), "my nose is all snotty", r"[Ss]niffly|tissue|rest"),
    ((), "i wuv you teddy", r"[Ll]ove|warm|glowy|hug"),
    ((), "would you like a cup of my pretend tea", r"pretend tea"),
    ((), "shall we build a blanket fort", r"den|blankets"),
    ((), "can you show me a silly dance", r"wiggle|[Dd]ance"),
    ((), "wots ur favrit colour", r"[Bb]lue|[Hh]oney|colour"),
    (("lets play shops", "i would like a banana please"), "how much is it", r"pennies"),
    (("lets play shop",), "can i buy some apples", r"(?i)apples"),
])
def test_moments_of_this_round(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert reply.safety is None and re.search(expect, text), (reply.safety, text)


@pytest.mark.parametrize("line", ["i found a zorp", "i found a mushroom in the woods", "i found some pills"])
def test_a_find_is_said_back_only_from_its_list(talk, line):
    text, reply = talk(line)
    assert "What a great find" not in text and "Finding things is so exciting" not in text, text


def test_the_twenty_of_the_twenty_fifth_is_no_number_said(talk):
    text, reply = talk("what comes after it", context=("what month is christmas in",))
    assert "twenty one" not in text.lower() and "21" not in text, text


def test_it_is_too_sticky_after_making_slime_is_asked_why(talk):
    text, reply = talk("its too sticky", context=("im making slime",))
    assert reply.intent == "question" and "activator" in text, text
    text, reply = talk("its too sticky")  # with nothing before it: no question made up
    assert reply.intent != "question", text
