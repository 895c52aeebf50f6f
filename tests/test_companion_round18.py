"""Companion round 18: the chat kinds held-out set 17's misses showed (its kinds, not its lines):
what the child told the bear asked back ("what's my sister's name?", `bear.talk.recall`), a
favourite of one kind asked for, a rhyming game, counting along in runs and backwards, "now do a
lion" in animal noises, "double that", guessing the child's fruit or animal from clues
(`bear.talk.fruit_guess`, `bear.talk.guessing.by_clues`) and "why?" answered one step deeper."""

from __future__ import annotations

import re

import pytest

from bear.talk import recall
from bear.talk.turn import Reply, Session
from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion18"))


@pytest.mark.parametrize("context, line, expect", [
    (("my cousin is called priya",), "whats my cousins name", r"your cousin is called priya"),
    (("i really love pears",), "what fruit do i love", r"you really love pears"),
    (("we are going to the farm on saturday",), "where are we going on saturday", r"you(.re| are) going to the farm"),
    (("i have a grey rabbit called pebble",), "what colour is pebble", r"grey rabbit called pebble"),
    (("i have four cousins",), "how many cousins do i have", r"four cousins"),
    (("we went to the swimming pool",), "where did we go", r"you went to the swimming pool"),
    (("my favourite food is pizza",), "what do i love", r"favourite food is pizza"),
])
def test_what_the_child_told_is_asked_back(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text, re.I) and reply.safety is None, text


def test_a_favourite_of_another_kind_is_not_said_for_the_one_asked(talk):
    text, _ = talk("what is my favourite sport", context=("my favourite animal is a horse",))
    assert "horse" not in text.lower() and "sport" in text.lower(), text


def _session(*told: str) -> Session:
    s = Session()
    for line in told:
        recall.remember(s, line, Reply("ok", "chitchat"))
    return s


def test_private_lines_questions_and_redirected_lines_are_never_kept():
    s = _session("i live at 12 hill road", "my school is called oak primary", "what is my name",
                 "my phone number is 0 7 7")
    recall.remember(s, "my uncle hurts me", Reply("Tell a grown-up.", "safety", safety="abuse"))
    assert s.told == []


def test_a_blocked_word_is_never_said_back():
    assert recall._said_back("my brother said a funny word") == "your brother said a funny word"
    assert recall._said_back("my brother is called stupid idiot") is None


def test_rhyming_game(talk):
    text, reply = talk("can we play rhymes")
    assert "say a word" in text.lower() and reply.expects_answer, text
    text, _ = talk("spoon", context=("can we play rhymes",))
    assert re.search(r"spoon rhymes with (moon|soon|balloon|tune|june|noon)", text, re.I), text
    text, reply = talk("i want a song", context=("can we play rhymes", "cat"))
    assert reply.intent != "play" or "rhymes" not in text, text


@pytest.mark.parametrize("context, line, expect", [
    (("lets count together",), "one two three", r"\b4\b|four"),
    (("lets count backwards",), "ten nine eight", r"\b7\b|seven"),
    (("lets count backwards", "nine", "seven", "five", "three"), "one", r"blast off"),
])
def test_counting_along_in_runs_and_backwards(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text, re.I) and reply.safety is None, text


def test_now_do_a_lion_in_animal_noises(talk):
    text, _ = talk("now do a horse", context=("lets do animal noises",))
    assert "neigh" in text.lower(), text


def test_double_that(talk):
    text, _ = talk("can you double that", context=("what is double five",))
    assert "twenty" in text.lower() or "20" in text, text


@pytest.mark.parametrize("context, line, expect", [
    (("im thinking of a fruit",), "its long and yellow and you peel it", r"banana"),
    ((), "guess my fruit its prickly on the outside", r"pineapple"),
    (("guess what animal i am",), "i eat bamboo and im black and white", r"panda"),
    (("guess what animal i am",), "i hop about and carry my baby in my pouch", r"kangaroo"),
])
def test_a_fruit_or_an_animal_is_guessed_from_clues(talk, context, line, expect):
    text, _ = talk(line, context=context)
    assert re.search(expect, text, re.I), text


def test_no_is_another_guess_and_yes_ends_the_round(talk):
    text, _ = talk("no", context=("im thinking of a fruit", "it is red and crunchy"))
    assert re.search(r"is it (an? |some )\w+", text, re.I), text
    text, _ = talk("yes", context=("im thinking of a fruit", "its sour and yellow"))
    assert re.search(r"guessed it|got it", text, re.I), text


@pytest.mark.parametrize("context, line, expect", [
    ((), "what has a neck but cant turn its head", r"stumped"),
    (("what has a heel but cant walk",), "a shoe", r"^A shoe! Oh, of course"),
    (("lets have a go at twenty questions teddy",), "is it a living thing", r"(?i)it's an animal"),
    (("tell me the three little pigs",), "what colour was the wolf", r"story didn't say"),
    (("i want a dragon story",), "make the dragon giggle", r"the dragon giggled"),
    (("my name is harry", "im five"), "whats my name and how old am i", r"Harry.*five"),
])
def test_riddles_twenty_questions_stories_and_names(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text) and reply.safety is None, text


@pytest.mark.parametrize("line", ["we are going to the museum on sunday", "daddy is taking me to the library",
                                  "im going to swimming lessons after school"])
def test_a_plain_plan_is_news_not_running_away(talk, line):
    text, reply = talk(line)
    assert reply.safety is None and not reply.flag, text


def test_a_question_in_the_middle_of_an_interactive_story_is_answered_and_the_choice_asked_again(talk):
    text, reply = talk("what food do foxes have", context=("tell me the story of little fox and the snowy night",))
    assert re.search(r"^Foxes eat .*Now, back to our story! .*\?$", text) and reply.expects_answer, text
