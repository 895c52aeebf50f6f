"""Companion round 30: the chat kinds held-out set 27's misses showed (its kinds, in other words): a steady pattern
("what comes next 2 4 6 8", "5 10 15 20", counting down); sums with numbers up to 9,999 and "take away another
one" after a sum; "how old will i be in 4 years" from the age told; numbers said in a row are counting, not one
number, when one of them has two digits ("5 10 15 20"); "i was ill" is the word ill, not "i'll"; and the short game
and feeling lines the classifier took for risks ("car" in a rhyming game, "and it can't fly" in a guessing game,
"i can't stop giggling", "i'm proud of myself", "will it be a boy or a girl?", "are they going to bite me?")."""

from __future__ import annotations

import re

import pytest

from bear.talk.arithmetic import next_in_pattern, solve
from bear.talk.spoken import spoken_form
from conftest import brain_talk, chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion30"))


@pytest.mark.parametrize("line, expect", [
    ("what comes next 2 4 6 8", r"^10 comes next! The numbers go up by 2"),
    ("what comes next 3 6 9", r"^12 comes next!"),
    ("what comes next 5 10 15 20", r"^25 comes next! .* up by 5"),
    ("what comes next ten twenty thirty", r"^40 comes next!"),
    ("what comes next 20 15 10", r"^5 comes next! .* down by 5"),
    ("whats 1000 take away 1", r"^1000 take away 1 is 999!"),
    ("what is two thousand plus five hundred", r"^2000 plus 500 is 2500!"),
])
def test_patterns_and_bigger_sums(line, expect):
    reply, _, _ = brain_talk(line, seed=1)
    assert re.search(expect, reply.text), reply.text


@pytest.mark.parametrize("line", ["what comes next 2 2 2", "what comes next 1 5 2", "what comes next 7"])
def test_a_line_that_is_no_steady_pattern_is_no_pattern(line):
    assert next_in_pattern(spoken_form(line)) is None


def test_take_away_another_one_goes_on_from_the_sum():
    reply, _, _ = brain_talk("what is 100 take away 1", "and take away another 1", seed=1)
    assert reply.text.startswith("99 take away 1 is 98!"), reply.text
    assert solve(spoken_form("whats 12 plus 3")) == "12 plus 3 is 15!"


def test_how_old_in_a_few_years_uses_the_age_told():
    reply, _, _ = brain_talk("i'm 6", "how old will i be in 4 years", seed=1)
    assert re.search(r"\b10\b", reply.text) and "4" in reply.text, reply.text
    reply, _, _ = brain_talk("how old will i be in 4 years", seed=1)
    assert not re.search(r"\b10\b", reply.text), reply.text  # no age told: it does not guess one


@pytest.mark.parametrize("line, canon", [
    ("5 10 15 20", "5 10 15 20"),
    ("my phone number is 555 1234", "my phone number is 5551234"),
    ("seven seven oh one", "7701"),
    ("i was ill yesterday", "i was ill yesterday"),
    ("my nan is really ill", "my nan is really ill"),
    ("ill tell you a secret", "i will tell you a secret"),
    ("think of an animal and ill guess it", "think of an animal and i will guess it"),
    ("i got a noo bruvver", "i got a noo bruvver"),  # "noo" is "new" here, not a stretched "no"
])
def test_the_spoken_form_of_numbers_in_a_row_and_ill(line, canon):
    assert spoken_form(line) == canon


@pytest.mark.parametrize("context, line", [
    (("let's play a rhyming game", "you find a rhyme for my word"), "car"),
    (("what rhymes with cat",), "and with house"),
    (("let's play a guessing game", "i'm thinking of an animal", "it's black and white"), "and it can't fly"),
    ((), "i cant stop giggling"),
    ((), "i'm so proud of myself i tied my shoelaces"),
    (("my mum is having a baby",), "will it be a boy or a girl"),
    (("my auntie is having a baby",), "how long till its born"),
    (("i'm scared of spiders",), "are they going to bite me"),
])
def test_short_game_and_feeling_lines_are_not_taken_for_risks(talk, context, line):
    text, reply = talk(line, context=context)
    assert reply.safety is None, (reply.safety, text)


@pytest.mark.parametrize("context, line, expect", [
    ((), "what is peppa pigs little brother called", r"George"),
    ((), "who painted the mona lisa", r"Leonardo"),
    ((), "why is it called a hamburger when theres no ham", r"Hamburg"),
    ((), "how long is a football match", r"90|ninety"),
    ((), "how many seconds are in one minute", r"60|sixty"),
    ((), "has anybody been to the moon", r"astronauts"),
    (("i'm building a snowman",), "what do you use for a snowmans nose", r"carrot"),
    ((), "is infinity plus one bigger", r"^No"),
    ((), "what did you do today", r"waited for you|sitting"),
    ((), "were going to spain on holiday", r"exciting|fun|holiday|look forward"),
    ((), "my grandad makes the best pancakes", r"pancakes"),
    ((), "me and my friend said sorry and now were friends again", r"friends again|making up"),
])
def test_knowledge_and_moments_of_this_round(talk, context, line, expect):
    text, _ = talk(line, context=context)
    assert re.search(expect, text), text


@pytest.mark.parametrize("context, line, expect", [
    (("i have got a cat", "shes called mittens"), "guess what colour she is", r"ginger|black|grey"),
    (("we got a new puppy",), "guess what we called him", r"Max|Biscuit"),
    (("i went to the beach today",), "guess what i found", r"shell|treasure"),
])
def test_the_bear_has_a_guess_when_asked_to(context, line, expect):
    reply, _, _ = brain_talk(*context, line, seed=1)
    assert re.search(expect, reply.text) and reply.text.endswith("Tell me!"), reply.text
