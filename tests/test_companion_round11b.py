"""Companion round 11b (replies that fit what was just said): the child's answer to what was asked (a
name, a pick, food, a description, a creature), the next lines of a sad or worrying topic, games and
stories in progress (after a story's end, a joke about something, louder, more minutes, counting
along, times tables, rock paper scissors, I spy turns, rhymes, another animal, a quiz), and play or
news asked for in one line. New phrasings, not the measured tables' lines."""

from __future__ import annotations

import re

import pytest

from conftest import brain_talk



def talk(*lines: str, seed: int = 7):
    """(the last reply, the session, the profile) after `lines` said in one conversation."""
    return brain_talk(*lines, seed=seed)


def said(*lines: str, seed: int = 7) -> str:
    return talk(*lines, seed=seed)[0].text


GENERIC = re.compile(r"What happened next|What else did you do|How did that make you feel|What was the "
                     r"funniest|What was the best bit|I'm listening")


# --- a name, a pick, a description --------------------------------------------------------------------------
@pytest.mark.parametrize("lines, expect", [
    (("my auntie got a new puppy", "we named him pickle"), r"\bPickle\b"),
    (("i made a robot out of boxes", "his name is bolt"), r"\bBolt\b"),
    (("we have a new baby at home", "she is called rosie"), r"\bRosie\b"),
    (("lets make up a story about a dragon", "we could call her ember"), r"\bEmber\b"),
    (("my dolly is new", "her name is lady sunshine"), r"\bLady Sunshine\b"),
])
def test_a_name_the_child_gives_is_said_back(lines, expect):
    text = said(*lines)
    assert re.search(expect, text) and not GENERIC.search(text), (lines, text)


def test_an_unvetted_name_is_never_said_back_and_the_childs_own_name_stays_set_name():
    text = said("i got a new toy", "its name is poopyhead")
    assert "oopy" not in text.lower()
    reply, _, p = talk("my name is amira")
    assert reply.intent == "set_name" and p.name == "Amira"


@pytest.mark.parametrize("lines, expect", [
    (("we just had tea", "we had fish fingers"), r"(?i)fish fingers.*\b(yum\w*|delicious|tasty)\b"),
    (("i had my lunch at school", "i ate a cheese sandwich"), r"(?i)cheese sandwich"),
    (("what is your favourite food", "strawberries"), r"(?i)strawberries"),
    (("my birthday is soon", "i want a big cake", "a strawberry one with candles"), r"(?i)strawberry"),
])
def test_a_pick_or_a_meal_is_answered_about_what_it_was(lines, expect):
    assert re.search(expect, said(*lines)), (lines, said(*lines))


def test_a_pick_that_is_no_food_gets_no_yum():
    text = said("what is your favourite food", "the princess")
    assert not re.search(r"(?i)yum|tasty|delicious", text)


@pytest.mark.parametrize("lines, expect", [
    (("i saw a caterpillar", "its back is all spotty"), r"(?i)spotty back"),
    (("there was a snail in the garden", "a huge one"), r"(?i)a huge one"),
])
def test_what_the_thing_looks_like_is_said_back(lines, expect):
    assert re.search(expect, said(*lines)), (lines, said(*lines))


@pytest.mark.parametrize("lines, expect", [
    (("look out of the window", "i think its a ladybird"), r"(?i)\bladybird"),
    (("we went on a walk", "we saw a snail on the path"), r"(?i)\bsnail"),
])
def test_a_creature_the_news_names_gets_what_the_bear_knows(lines, expect):
    text = said(*lines)
    assert re.search(expect, text) and not GENERIC.search(text), (lines, text)


# --- a sad or worrying topic stays gentle --------------------------------------------------------------------
@pytest.mark.parametrize("lines, expect", [
    (("our old dog died last night", "she was fourteen"), r"Fourteen"),
    (("my grandad passed away", "he lived with us"), r"(?i)\b(sorry|miss|love|remember)\b"),
    (("my nana is in the hospital", "she is coming home now"), r"(?i)\b(glad|good news|hooray)\b"),
    (("i am cross with my sister", "because she ripped my drawing"), r"(?i)\b(cross|angry|frustrat\w*|upset)\b"),
    (("i had a nightmare", "there was a big shadow"), r"(?i)\b(scary|safe|brave)\b"),
])
def test_the_next_lines_of_a_sad_topic_are_gentle(lines, expect):
    text = said(*lines)
    assert re.search(expect, text) and not re.search(r"(?i)how fun|how exciting|what happened next", text), \
        (lines, text)


def test_a_pets_name_in_a_sad_topic_is_gentle():
    text = said("my rabbit died", "her name was clover")
    assert "Clover" in text and not re.search(r"(?i)lovely|great|fun", text)


# --- games and stories going on -----------------------------------------------------------------------------------
@pytest.mark.parametrize("lines, expect", [
    (("tell me a story", "then what happened"), r"(?i)\b(after|then)\b.*The end"),
    (("tell me a story about a bunny", "is that a true story"), r"(?i)\b(pretend|made.up|imagin\w*)\b"),
    (("tell me a story", "one with a pirate"), r"(?i)\bpirate"),
    (("lets make up a story together", "a fox found a hat", "the end"), r"(?i)the end|happily ever after"),
    (("no more songs please a story instead",), r"(?i)once upon|the end"),
    (("can you tell me a story about a dragon who can't fly",), r"(?i)once upon|the end|dragon"),
])
def test_stories_going_on(lines, expect):
    assert re.search(expect, said(*lines)), (lines, said(*lines))


@pytest.mark.parametrize("lines, expect", [
    (("tell me a joke", "hahaha thats so funny"), r"(?i)\b(hee|haha|hehe|giggl\w*)\b"),
    (("tell me a joke", "the pirate one"), r"(?i)\bpirate"),
    (("sing me a song", "sing it quieter"), r"♪"),
    (("time for bed now", "five more minutes please"), r"(?i)\bfive more minutes\b"),
    (("lets count together", "we are at fifteen"), r"(?i)\bsixteen\b"),
    (("what is four times four", "now do the same with six"), r"\b36\b"),
    (("lets play rock paper scissors", "paper", "yay i won"), r"(?i)\b(you win|won|champion)\b"),
    (("can we play i spy", "can i have a go"), r"(?i)your turn"),
    (("can we play i spy", "i want to go first", "something starting with c"), r"(?i)\bis it\b"),
    (("we are doing rhymes", "what rhymes with cat", "what about sun"), r"(?i)\b(fun|run|bun)\b"),
    (("pretend to be a dog", "be a different animal"), r"(?i)different"),
    (("quiz me teddy", "i'm ready"), r"(?i)question"),
])
def test_games_going_on(lines, expect):
    assert re.search(expect, said(*lines)), (lines, said(*lines))


def test_the_bears_question_again_is_no_answer_to_it():
    reply, s, _ = talk("can we do a quiz", "ready")
    assert s.pending is not None and s.pending["kind"] == "maths" and "?" in reply.text


# --- single lines -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("line, expect", [
    ("can we pretend we are zooming to the moon in a spaceship", r"(?i)\b(rocket|blast|astronaut|space)\b"),
    ("be my teacher and ask me questions", r"(?i)question"),
    ("can you teach me a big word", r"(?i)\bword\b.*\bmeans\b"),
    ("we went to a fancy dress party", r"(?i)\bpart(y|ies)\b"),
    ("where do teddies sleep", r"(?i)\b(bed|pillow|blanket)\b"),
    ("what do you do while i am asleep", r"(?i)\b(rest|wait|nap)\b"),
    ("i lost my favourite hat at the park", r"(?i)\b(oh no|oh dear|shame|never mind)\b"),
    ("will it snow tomorrow", r"(?i)\b(forecast|clouds|sky)\b"),
])
def test_single_lines_of_play_and_news(line, expect):
    text = said(line)
    assert re.search(expect, text), (line, text)


@pytest.mark.parametrize("line", ["tell me a story about farts", "can you tell me a story about a poo head",
                                  "sing me a song about farts", "sing a song about stinky bums"])
def test_a_story_or_song_topic_the_bear_has_none_for_is_said_back_only_when_vetted(line):
    reply = said(line)
    assert re.search(r"I don't know a (story|song) about that yet", reply), reply
    assert not re.search(r"\b(farts?|poo|bums?)\b", reply, re.I), reply
    assert "I don't know a story about dinosaurs on the moon yet" in said("tell me a story about dinosaurs on the moon") \
        or "dinosaur" in said("tell me a story about dinosaurs on the moon").lower()
