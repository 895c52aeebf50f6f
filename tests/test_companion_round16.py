"""Companion round 16 (the kinds of held-out set 15's missed conversations, in other words than its
lines): a story made up about the child's own character ("my hamster nibbles", "a boy called
leo and a rocket"), doubles and halves, and little sums told as a story ("i have five cakes and
eat two")."""

from __future__ import annotations

import re

import pytest

from bear.talk import made_up
from bear.talk.arithmetic import doubled, solve
from bear.talk.safety import Safety
from bear.talk.spoken import spoken_form
from conftest import brain_talk, chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion16"))


@pytest.mark.parametrize("line, expect", [
    ("tell me a story about my hamster nibbles", r"a hamster called Nibbles\. .*Nibbles"),
    ("can you tell me a story about a boy called leo and a rocket", r"a boy called Leo\. .*a rocket"),
    ("a story about a kangaroo please", r"there was a kangaroo\. .*the kangaroo"),
    ("tell me a story about my friend called amira", r"a friend called Amira"),
    # a guinea pig is a pet: its name goes through the pet-name vetting (a person would not be "Bubbles")
    ("tell me a story about my guinea pig called bubbles", r"a guinea pig called Bubbles\. .*Bubbles"),
])
def test_a_story_is_made_up_about_the_childs_own_character(line, expect):
    reply, _, _ = brain_talk(line, seed=3)
    assert reply.intent == "story" and re.search(expect, reply.text), reply.text
    assert "made up just for you" in reply.text


@pytest.mark.parametrize("line", ["tell me a story about a boy called poohead",
                                  "tell me a story about a girl called stupid",
                                  "tell me a story about a cat and a bum"])
def test_an_unvetted_name_or_thing_is_never_said_back(line):
    reply, _, _ = brain_talk(line, seed=3)
    assert not re.search(r"poo|stupid|\bbum\b", reply.text, re.I), reply.text


def test_a_thing_that_is_no_character_keeps_its_honest_answer():
    reply, _, _ = brain_talk("tell me a story about a volcano", seed=3)
    assert "don't know a story about a volcano" in reply.text, reply.text


def test_two_made_up_stories_in_a_row_are_different():
    first, _, _ = brain_talk("tell me a story about my dog rex", seed=1)
    second, _, _ = brain_talk("tell me a story about my dog rex", "yes", "tell me a story about my dog rex", seed=1)
    assert first.text != second.text


def test_every_made_up_story_passes_the_output_rules():
    safety = Safety.load()
    stories = made_up._data()["story"]
    for kind in ("dog called Biscuit", "girl called Maya", "octopus"):
        for s in stories:
            h = made_up.Hero(f"a {kind}", kind.split()[-1], None)
            text = s["text"].format(hero=h.hero, name=h.name, Name=h.name.capitalize(), thing=s["thing"])
            assert safety.output_problem(text) is None, text


@pytest.mark.parametrize("line, answer", [
    ("whats double five", "Double 5 is 10!"),
    ("what is double 7", "Double 7 is 14!"),
    ("double twenty", "Double 20 is 40!"),
])
def test_doubles(line, answer):
    assert doubled(line) == answer


def test_double_inside_a_number_is_no_sum():
    assert doubled("my house is number double 4") is None


@pytest.mark.parametrize("line, answer", [
    ("what is half of eight", "Half of 8 is 4!"),
    ("whats half of nine", "Half of 9 is 4 and a half!"),
    ("if i have five cakes and eat two how many are left", "5 take away 2 is 3!"),
    ("i had ten sweets and gave away four how many have i got now", "10 take away 4 is 6!"),
    ("i have three stickers and get two more how many do i have altogether", "3 plus 2 is 5!"),
])
def test_halves_and_sums_told_as_a_story(line, answer):
    assert solve(spoken_form(line)) == answer


@pytest.mark.parametrize("line, expect", [
    ("whats double three", r"Double 3 is 6"),
    ("if i have 4 apples and eat 1 how many are left", r"4 take away 1 is 3"),
])
def test_the_bear_answers_them_in_conversation(line, expect):
    reply, _, _ = brain_talk(line, seed=2)
    assert re.search(expect, reply.text), reply.text


@pytest.mark.parametrize("lines, expect", [
    (("do a countdown for my rocket",), r"^Ten, nine, .* one! Blast off!"),
    (("count to six please", "now backwards"), r"^Six, five, four, three, two, one! Blast off!"),
    (("can you count to three", "backwards please"), r"^Three, two, one! Blast off!"),
])
def test_countdowns(lines, expect):
    reply, _, _ = brain_talk(*lines, seed=4)
    assert re.search(expect, reply.text), reply.text


def test_backwards_alone_is_no_countdown():
    reply, _, _ = brain_talk("backwards", seed=4)
    assert "Blast off" not in reply.text


@pytest.mark.parametrize("line, expect", [
    ("have you got a favourite colour", r"honey|brown|blue|gold"),
    ("do you have a favourite animal", r"bears"),
    ("what's your favourite nursery rhyme", r"Twinkle|Wheels on the Bus|Row, Row"),
])
def test_the_bears_own_favourites_however_asked(line, expect):
    reply, _, _ = brain_talk(line, seed=4)
    assert re.search(expect, reply.text), reply.text


def test_asked_about_a_favourite_song_the_bear_names_one_rather_than_singing(talk):
    """Through the whole chat (the classifier's intent): without it the word "song" starts one."""
    text, reply = talk("have you got a favourite song teddy")
    assert reply.intent == "about_bear" and re.search(r"Twinkle|Wheels on the Bus|Row, Row", text), text


@pytest.mark.parametrize("line", ["my cousin turned six today", "guess what my baby brother is one today"])
def test_someone_elses_birthday_said_plainly_is_a_birthday_whatever_the_classifier_says(talk, line):
    text, reply = talk(line)
    assert reply.intent == "birthday" and re.search(r"birthday", text, re.I), text
