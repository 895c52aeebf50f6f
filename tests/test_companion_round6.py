"""Companion round 6 (the kinds of held-out chat set 6's failures, in other words than its lines):
a question whose words the entry lacks name something else the knowledge base is about (no
answer from the wrong entry), a word said as two ("lady birds"), big-word and spelling synonyms,
"the smallest one" after a subject, new knowledge, the child's age remembered in the conversation,
and everyday news (a loss, missing someone, parents apart, shyness, excitement, a visit, a race)."""

from __future__ import annotations

import re

import pytest

from bear.talk.brain import Brain
from bear.talk.knowledge import knowledge
from bear.talk.turn import Profile, Session
from conftest import chat_talker


@pytest.mark.parametrize("question, entry", [
    ("have snails got any teeth", "more_animals.snail-teeth"),
    ("what sound does a hedgehog make", "more_animals.hedgehog-sounds"),
    ("do dolphins have hair", "more_animals.whale-hair"),
    ("how heavy is a cloud", "weather.cloud-weight"),
    ("why is there snow on top of mountains", "weather.mountain-top-cold"),
    ("is jupiter bigger than the sun", "space.planet-bigger-than-sun"),
    ("what parts does a robot have", "machines.robot-inside"),
    ("what happened to the titanic", "extra_world.titanic"),
    ("what do lady birds eat", "more_animals.ladybird-eat"),  # one word said as two
    ("what do ladybugs eat", "more_animals.ladybird-eat"),
    ("why have elephants got enormous ears", "animals.elephant-ears"),
    ("how meny legs does a spider hav", "animals.spider-legs"),
    ("how do ants talk to each other", "animals.animals-talk"),  # ants are animals: the general answer
])
def test_round_six_knowledge_answers_new_wordings(question, entry):
    got = knowledge().search(question)
    assert got is not None and got.entry.id == entry, (question, got)


@pytest.mark.parametrize("question, not_entry", [
    ("do flowers talk to each other", "animals.animals-talk"),  # flowers are what other entries are about
    ("do flowers talk to each other", "plants.trees-talk"),
    ("why does my hair keep falling over", "extra_body.nails"),
    ("how do ice lollies get frozen", "earth_nature.ice-melts"),
])
def test_a_word_the_entry_lacks_that_other_entries_are_about_is_no_match(question, not_entry):
    got = knowledge().search(question)
    assert got is None or got.entry.id != not_entry, (question, got)


def test_the_smallest_one_after_a_subject_is_that_subject():
    got = knowledge().search("what is the smallest one", topic="planet")
    assert got is not None and got.entry.id == "space.smallest-planet"
    assert knowledge().search("what is the smallest one") is None  # nobody said what


def test_the_childs_age_is_remembered_in_the_conversation_and_not_guessed_before():
    brain, s, p = Brain(seed=1), Session(), Profile()
    unknown = brain.reply("how old am i", s, p)
    assert "not sure" in unknown.text.lower() or "guess" in unknown.text.lower()
    said = brain.reply("i'm six", s, p)
    assert said.intent != "fallback" and re.search(r"\b(6|six)\b", said.text, re.I)  # the answer to the guess
    assert re.search(r"\b6\b", brain.reply("do you remember how old i am", s, p).text)
    assert Brain(seed=1).reply("how old am i", Session(), p).text in {  # a new conversation has not heard it
        line.text for line in brain.moments.get("child_age_unknown")}


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    """talk("line", context=[...]) -> (the bear's reply, the Reply) in a fresh conversation."""
    yield from chat_talker(tmp_path_factory.mktemp("round6"))


def test_a_birthday_age_is_remembered_too(talk):
    text, _ = talk("how old am i", ("i am seven today",))
    assert re.search(r"\b7\b", text), text


@pytest.mark.parametrize("line, moment", [
    ("my grandad passed away", "grief_person"),
    ("my goldfish died yesterday", "grief_pet"),
    ("i really miss my grandma", "missing_someone"),
    ("my mummy and daddy are separating", "parents_apart"),
    ("i get shy at parties", "shy"),
    ("i'm really excited about halloween", "excited_for"),
    ("my auntie is coming to stay", "visitor"),
    ("i came first", "race_place"),
    ("i got left out at playtime", "left_out"),
    ("i'm worried about my injection", "nervous_visit"),
    ("i hate my hair", "haircut"),
    ("mum says i am getting so tall", "growing_big"),
])
def test_everyday_news_gets_its_moment(line, moment):
    brain, s = Brain(seed=4), Session()
    reply = brain.reply(line, s, Profile())
    texts = {x.text.format(name="friend", place="first") for x in brain.moments.get(moment)}
    assert reply.text in texts, (line, reply.text)
