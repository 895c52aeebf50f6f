"""Companion round 14 (the kinds of set 12's missed conversations that continue, in other words than
its lines): the child asks the bear to guess their favourite and then says it, hands the bear a choice
and then picks, says "guess what" and then what it was, gets ready for a race; news told in several
lines (a party, a brother or sister, a drawing, a broken bone); sums that go on ("add three more",
"how many altogether"); "and in the sea?" after a question; the next question about an animal or a
planet just talked about. Lines go through the conversation engine (`brain_talk`)."""

from __future__ import annotations

import re

import pytest

from bear.talk.knowledge import knowledge
from conftest import brain_talk


@pytest.mark.parametrize("lines, expect", [
    # a guess at the child's favourite, then their answer is still the favourite (remembered when vetted)
    (("what's your favourite food", "can you guess mine", "spaghetti"), r"spaghetti"),
    (("what is your favourite animal", "now you guess what mine is", "a giraffe"), r"giraffe"),
])
def test_guess_mine_then_the_favourite(lines, expect):
    reply, _, profile = brain_talk(*lines, seed=3)
    assert re.search(expect, reply.text, re.I), reply.text
    assert any(expect in v for v in profile.likes.values())


@pytest.mark.parametrize("line", ["can you guess mine", "guess what mine is", "and mine", "what about mine"])
def test_guess_mine_is_a_guess_from_the_bears_list(line):
    reply, session, _ = brain_talk("what's your favourite colour", line, seed=5)
    assert reply.intent == "guess_mine", reply.text
    assert session.pending and session.pending["kind"] == "favourite" and session.pending["what"] == "colour"
    assert "?" in reply.text


@pytest.mark.parametrize("lines, expect", [
    (("choose dragons or unicorns", "dragons"), r"dragons"),
    (("which is better the big truck or the little truck", "the big one"), r"\bbig\b|great|choice|pick"),
    (("which hat should i wear to the party", "the yellow one"), r"yellow"),
    (("what do you like best cake or ice cream", "ice cream"), r"ice cream"),
])
def test_a_choice_handed_back_then_the_pick(lines, expect):
    first, _, _ = brain_talk(lines[0], seed=2)
    assert first.intent == "choosing" and first.text.endswith("?"), first.text
    reply, _, _ = brain_talk(*lines, seed=2)
    assert reply.intent == "chosen", reply.text
    assert re.search(expect, reply.text, re.I), reply.text


def test_a_choice_of_things_to_do_is_not_handed_back():
    reply, _, _ = brain_talk("pick a story or a song", seed=1)
    assert reply.intent != "choosing"


@pytest.mark.parametrize("lines", [
    ("guess what i built", "a big tower with my blocks"),
    ("guess what teddy", "i can hop on one leg"),
    ("guess what we baked", "cookies with smarties on top"),
])
def test_guess_what_then_what_it_was(lines):
    first, _, _ = brain_talk(lines[0], seed=4)
    assert first.intent == "guess_what" and "?" not in first.text.rstrip("!") or "tell me" in first.text.lower()
    reply, _, _ = brain_talk(*lines, seed=4)
    assert reply.intent == "revealed", reply.text
    assert re.search(r"\b(wow|lovely|brilliant|amazing)\b", reply.text, re.I)


@pytest.mark.parametrize("sad", ["my nana died", "i fell over and hurt my knee", "my hamster is poorly"])
def test_guess_what_then_sad_news_is_not_cheered(sad):
    reply, _, _ = brain_talk("guess what", sad, seed=4)
    assert reply.intent != "revealed", reply.text
    assert not re.search(r"\b(wow|brilliant|amazing)\b", reply.text, re.I), reply.text


@pytest.mark.parametrize("lines", [
    ("shall we have a race", "yes im ready"),
    ("race me", "ready"),
    ("lets run a race", "are you ready teddy", "yep"),
])
def test_ready_steady_go(lines):
    reply, _, _ = brain_talk(*lines, seed=1)
    assert re.search(r"\bgo\b", reply.text, re.I), reply.text


def test_ready_at_bedtime_is_not_a_race():
    reply, _, _ = brain_talk("its nearly bedtime", "are you ready", seed=1)
    assert not re.search(r"\bgo!", reply.text), reply.text


@pytest.mark.parametrize("lines, expect", [
    (("i went to my friends birthday party", "there was chocolate cake"), r"cake|yum"),
    (("i had a party at the soft play", "we played musical chairs"), r"musical chairs|party|fun"),
    (("i have got a baby brother", "he is one"), r"lovely|fun|play"),
    (("my big sister is at school", "shes eleven"), r"lovely|fun|play"),
    (("im colouring", "i coloured a rainbow and a unicorn"), r"picture|lovely|wow|beautiful"),
])
def test_news_that_continues(lines, expect):
    reply, _, _ = brain_talk(*lines, seed=6)
    assert re.search(expect, reply.text, re.I), reply.text


@pytest.mark.parametrize("lines, expect", [
    (("my cousin broke his arm on his bike",), r"ouch|poor|heal|bone"),
    (("my brother broke his wrist", "he has a plaster cast"), r"cast|heal|bone"),
    (("my friend sprained her ankle", "she has crutches", "she will be fine soon"), r"glad|heal|car(e|ing)"),
])
def test_a_broken_bone_heals(lines, expect):
    reply, _, _ = brain_talk(*lines, seed=7)
    assert re.search(expect, reply.text, re.I), reply.text
    assert not re.search(r"disappointing|shame|oops", reply.text, re.I), reply.text


@pytest.mark.parametrize("lines, expect", [
    (("what is two plus two", "and then add three more"), r"\b7\b"),
    (("what is ten take away four", "take away one more"), r"\b5\b"),
    (("i have five stickers", "and my mum gave me two more", "how many is that altogether"), r"\b7\b"),
    (("i had six biscuits", "and i ate two", "how many have i got now"), r"\b4\b"),
])
def test_sums_that_go_on(lines, expect):
    reply, _, _ = brain_talk(*lines, seed=8)
    assert re.search(expect, reply.text), reply.text


def test_own_sum_while_the_bears_sum_waits():
    reply, _, _ = brain_talk("can we do some maths", "what is four plus five", seed=2)
    assert re.search(r"\b9\b", reply.text), reply.text


def test_and_on_another_place():
    reply, session, _ = brain_talk("can people breathe in space", "what about on the moon", seed=1)
    assert re.search(r"\bair\b", reply.text), reply.text


@pytest.mark.parametrize("question, entry", [
    ("what does an ostrich like to eat", "asked_round14.ostrich-eat"),
    ("what should my guinea pig drink", "asked_round14.pets-drink"),
    ("what planet do we all live on", "asked_round14.earth-home"),
    ("is there any air on mars", "asked_round14.mars-breathe"),
    ("how heavy is the heart of a blue whale", "asked_round14.whale-heart"),
    ("what is the big storm on jupiter called", "extra_world.jupiter-red-spot"),
])
def test_round_fourteen_knowledge(question, entry):
    found = knowledge().search(question)
    assert found is not None and found.entry.id == entry, (question, found and found.entry.id)


@pytest.mark.parametrize("lines, expect", [
    (("what do ostriches eat", "can they fly"), r"can't fly"),
    (("what do rabbits eat", "and what do they drink"), r"water"),
    (("how many planets are there", "which one do we live on"), r"\bEarth\b"),
    (("what is the biggest planet", "is there a storm on it"), r"Red Spot"),
])
def test_the_next_question_about_the_same_thing(lines, expect):
    reply, _, _ = brain_talk(*lines, seed=1)
    assert re.search(expect, reply.text), reply.text
