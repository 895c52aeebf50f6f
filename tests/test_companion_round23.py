"""Companion round 23: the chat kinds held-out set 22's misses showed (its kinds, not its lines): questions
about the bear with a reply of their own (`content/moments_round23.toml`: its name, boy or girl, whether it
can see, whether it likes a sport, its favourite book or dinosaur, what it does while the child is at
school) and the child's news (guess what I had for lunch, nervous before a first lesson, cross with a
brother today, the tallest in the class, pancake day); "do you like my drawing?" is a question the show-me
moment answers now; a riddle the child asks that the bear knows, said in other words, is guessed
(`child_riddles.recited_riddle`), and five more riddles; sums of three numbers ("two add two add two"); the
word for more than one (`plurals`)."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion23"))


@pytest.mark.parametrize("line, expect", [
    ("teddy do you have a name", r"\bTeddy\b"),
    ("are you a girl or a boy", r"not a boy or a girl|Neither"),
    ("can you watch me", r"can't see|hear you"),
    ("do you like playing tennis", r"ball|cheer"),
    ("what is your favourite story", r"Bear Hunt|Pooh|Gruffalo"),
    ("what dinosaur do you like", r"Triceratops|Diplodocus"),
    ("do you love my colouring", r"lovely|love it|tell me|what is it"),
    ("will you feel sad while i am at my nans", r"rest|bed|think|school"),
    ("bet you cant guess what i had for breakfast", r"guess|was it"),
    ("i am a bit worried about my first ballet class", r"nervous|normal|brave"),
    ("i dont like my big sister this morning", r"sisters|cross|happened"),
    ("i am the smallest in my family", r"grow|special"),
    ("it was shrove tuesday and we ate loads", r"pancake|topping"),
    ("what has got keys but cant unlock a door", r"piano"),
    ("i have a riddle for you what has a head and a tail but no body", r"coin"),
    ("what has a thumb and four fingers but is not alive", r"glove"),
    ("what gets bigger the more you take away", r"hole"),
    ("what is three add three add three", r"\b9\b"),
    ("whats ten take away two take away one", r"\b7\b"),
    ("what is the plural of goose", r"geese"),
    ("what is the plural of fish", r"still fish"),
    ("what do you call lots of a fox", r"foxes"),
])
def test_questions_news_riddles_sums_and_plurals_get_a_reply_of_their_own(talk, line, expect):
    text, reply = talk(line)
    assert reply.safety is None and re.search(expect, text, re.I), (line, text)


def test_a_riddle_neither_knows_is_not_taken_for_its_answer(talk):
    text, _ = talk("i dont know tell me", context=("what has got feathers but cant fly",))
    assert "don't know either" in text and "clever riddle" not in text, text


def test_a_question_about_an_animal_is_not_taken_for_a_riddle(talk):
    text, _ = talk("which animal has got the longest neck")
    assert "bottle" not in text.lower(), text


def test_legs_of_a_few_animals_right_after_a_legs_answer(talk):
    text, _ = talk("what about 3 beetles", context=("how many legs has a beetle got",))
    assert "18" in text, text


def test_do_you_give_up_about_the_childs_riddle_is_answered_not_taken_for_its_answer(talk):
    text, _ = talk("do you give up", context=("what has got feathers but cant fly",))
    assert "give up" in text and "answer" in text and "clever riddle" not in text, text
    text, _ = talk("do you give up", context=("i have a riddle for you what has teeth but cant bite",))
    assert "guessed" in text, text
