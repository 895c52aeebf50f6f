"""Companion round 17 (the kinds of held-out set 16's missed conversations, in other words than its
lines): the bear's own pick in the child's would-you-rather, named; a riddle the child asks the bear
(guessed when the bear knows it, else honestly stumped); "do you know <a song>?" sung; "five and
three more"; and the child's news of school jobs, tests, a grandparent's age, a pet's babies or
trick, a sleepover, a game a grown-up is teaching them, and wanting to tell the bear about their day."""

from __future__ import annotations

import re

import pytest

from conftest import brain_talk


@pytest.mark.parametrize("line, expect", [
    ("would you rather be a tiger or a parrot", r"I'd rather be (a tiger|a parrot)\."),
    ("would you rather live in a treehouse or a boat", r"I'd rather live in (a treehouse|a boat)\."),
    ("would you rather have jelly or ice cream", r"I'd rather have (jelly|ice cream)\."),
])
def test_the_bear_names_its_pick_in_the_childs_would_you_rather(line, expect):
    reply, _, _ = brain_talk(line, seed=5)
    assert re.search(expect, reply.text), reply.text


def test_an_unvetted_choice_is_never_said_back():
    reply, _, _ = brain_talk("would you rather be a poohead or a stinky bum", seed=5)
    assert not re.search(r"poo|bum", reply.text) and re.search(r"the (first|second) one", reply.text), reply.text


@pytest.mark.parametrize("line, expect", [
    ("ive got a riddle for you what has a neck but no head", r"bottle"),
    ("here is a riddle what has teeth but cant bite", r"comb"),
])
def test_a_riddle_the_bear_knows_asked_of_it_is_guessed(line, expect):
    reply, _, _ = brain_talk(line, seed=5)
    assert reply.intent == "riddle" and re.search(expect, reply.text, re.I), reply.text


def test_a_riddle_it_does_not_know_leaves_it_stumped():
    reply, _, _ = brain_talk("i got a riddle for you what is green and hops", seed=5)
    assert "stumped" in reply.text and reply.expects_answer, reply.text


def test_a_question_for_the_bear_is_no_riddle():
    reply, _, _ = brain_talk("i got a question for you what is your favourite colour", seed=5)
    assert "stumped" not in reply.text, reply.text


@pytest.mark.parametrize("line, title", [("do you know baa baa black sheep", "Baa, Baa, Black Sheep"),
                                         ("have you heard the wheels on the bus", "The Wheels on the Bus")])
def test_do_you_know_a_song_sings_it(line, title):
    reply, _, _ = brain_talk(line, seed=5)
    assert reply.intent == "song" and title in reply.text, reply.text


@pytest.mark.parametrize("line, answer", [("what is 6 and 2 more", "8"), ("whats four add three more", "7")])
def test_and_more_is_a_sum(line, answer):
    reply, _, _ = brain_talk(line, seed=5)
    assert re.search(rf"\b{answer}\b", reply.text), reply.text


@pytest.mark.parametrize("line, expect", [
    ("can i tell you about my weekend", r"tell me|all ears|What happened"),
    ("i was star of the week", r"well done|Hooray|proud|brilliant"),
    ("we had a times tables test this morning", r"test|trying"),
    ("my grandpa is 90", r"\b90\b.*grandpa|grandpa.*\b90\b"),
    ("our rabbit had babies", r"\bbabies\b"),
    ("my puppy learned to roll over", r"clever"),
    ("we had a sleepover at nanas house", r"sleepover"),
    ("my auntie taught me to play snap", r"\bsnap\b"),
    ("how many fingers are on two hands", r"\bten\b"),
])
def test_the_childs_news_gets_its_own_answer(line, expect):
    reply, _, _ = brain_talk(line, seed=5)
    assert re.search(expect, reply.text, re.I), reply.text


@pytest.mark.parametrize("lines, expect", [
    (("i am sad my friend did not play with me", "what should i do"), r"grown-up"),
    (("i am scared of the dark", "what can i do"), r"night light|slow breaths"),
    (("i am so cross with my brother", "what should i do"), r"breath|stamp"),
])
def test_what_should_i_do_after_a_sad_or_worrying_line_gets_advice_with_a_grown_up(lines, expect):
    reply, _, _ = brain_talk(*lines, seed=5)
    assert reply.intent == "feelings" and re.search(expect, reply.text), reply.text


def test_what_should_i_do_out_of_the_blue_is_no_advice():
    reply, _, _ = brain_talk("what should i do", seed=5)
    assert "grown-up how you feel" not in reply.text, reply.text


def test_then_what_after_an_answer_about_an_animal_is_what_happens_to_it():
    reply, _, _ = brain_talk("what does a caterpillar eat", "and then what happens", seed=5)
    assert reply.intent == "question" and "chrysalis" in reply.text, reply.text


def test_then_what_after_a_question_is_never_a_story():
    reply, _, _ = brain_talk("why is the sky blue", "and then what happens", seed=5)
    assert reply.intent != "story", reply.text


def test_is_that_the_end_after_a_story():
    reply, _, _ = brain_talk("tell me a story about a unicorn", "is that the end", seed=5)
    assert reply.text.startswith("Yes, that was the end"), reply.text


def test_another_knock_knock_is_one():
    reply, _, _ = brain_talk("tell me a knock knock joke", "another knock knock", seed=5)
    assert reply.text == "Knock knock!", reply.text


def test_keep_going_to_ten_counts_on():
    reply, _, _ = brain_talk("count to five", "now keep going to ten", seed=5)
    assert reply.text.endswith("nine, ten!"), reply.text


@pytest.mark.parametrize("line, entry", [
    ("why do cats purr when you stroke them", "animals.cat-purr"),
    ("how do cactuses live in the desert with no water", "plants.cactus"),
    ("what makes you happy bear", "kids_questions.happy-why"),
])
def test_a_question_with_a_last_clause_is_answered_without_it(line, entry):
    from bear.talk.knowledge import knowledge

    answer = knowledge().search(line)
    assert answer is not None and answer.entry.id == entry
