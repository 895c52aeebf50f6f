"""Companion round 19: the chat kinds held-out set 18's misses showed (its kinds, not its lines): a
story about a character the bear has no story for, with a word about it ("a space cat", "a lost
penguin", "a dragon who likes cake": one made up about it, not another story that shares the
word "lost"); games that went on wrongly (the child is Simon after the bear's round, the child's
own rhyme in the rhyming game, "your turn ask me one" and "why?" in would you rather, the bear's
pick said with the child's own verb: "I'd rather be invisible", not "have invisible"); news and
feelings that got a generic or wrong reply (`content/moments_round19.toml`: a family of another
shape, a grown-up far away in the forces, a storm outside, lonely because everyone is busy, a
friend who wouldn't play, proud of a picture, a teacher's name, a very old grandad: not grief);
and questions the knowledge base did not know (knowledge round 19, `asked_round19.toml`)."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion19"))


@pytest.mark.parametrize("line, hero", [
    ("can you tell me a story about a sparkly purple unicorn", "a sparkly purple unicorn"),
    ("tell me a story about a lost puppy please", "a lost puppy"),
    ("i want a story about a sleepy old tortoise", "a sleepy old tortoise"),
    ("a story about a dragon who likes cake", "dragon"),
    ("tell me a story with a monster in it but not scary", "monster|not-so-spooky"),  # the bear's own monster story
])
def test_a_story_about_a_character_with_a_word_about_it_is_about_that_character(talk, line, hero):
    text, reply = talk(line)
    assert reply.intent == "story" and re.search(hero, text.lower()) and "know a story about" not in text, text


def test_a_word_of_the_line_in_another_storys_title_does_not_pick_that_story(talk):
    for line, who in (("tell me a story about a lost squirrel", "squirrel"), ("a story about an owl who got lost", "owl")):
        text, _ = talk(line)
        assert who in text.lower(), text
        assert "Lost Her Colours" not in text, text


@pytest.mark.parametrize("context, line, expect", [
    (("let's play simon says",), "wiggle your ears", r"didn.t say simon says|simon didn.t say"),
    (("let's play simon says",), "simon says clap your hands", r"clap"),
    (("let's play a rhyming game",), "bee and tree", r"^yes! bee and tree rhyme"),
    (("let's play a rhyming game",), "dog rhymes with hat", r"don.t think dog and hat rhyme"),
    (("let's play would you rather",), "your turn ask me another", r"would you rather"),
    (("would you rather swim or be a giant",), "why", r"^(because|hmm, because|just because)"),
])
def test_games_go_on_with_the_childs_turn(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text, re.I) and reply.safety is None, text


@pytest.mark.parametrize("line, picks", [
    ("would you rather fly or be invisible", ("rather fly", "rather be invisible")),
    ("would you rather ride a camel or swim with a dolphin", ("rather ride a camel", "rather swim with a dolphin")),
    ("would you rather live in a castle or a boat", ("rather live in a castle", "rather live in a boat")),
])
def test_the_bears_pick_keeps_the_childs_verb(talk, line, picks):
    text, _ = talk(line)
    assert any(p in text for p in picks), text


@pytest.mark.parametrize("context, line, expect", [
    ((), "i have two mums", r"famil"),
    ((), "my mummy and daddy live in different houses", r"famil"),
    ((), "my daddy is in the navy", r"miss your daddy|your daddy is far away"),
    (("i'm scared",), "there's a big storm outside", r"safe"),
    ((), "there's a big storm outside", r"safe"),
    ((), "i feel lonely", r"lonely"),
    (("i'm lonely",), "everyone is busy", r"busy|lonely|sad"),
    ((), "my daddy is in the army and he's far away", r"miss your daddy|your daddy is far away"),
    ((), "i'm so proud of my drawing", r"proud"),
    ((), "my teacher is called mrs patel", r"school|learn"),
    ((), "my nana is really old", r"your nana"),
])
def test_news_and_feelings_get_their_own_reply(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text, re.I) and reply.safety is None and not reply.flag, text
    assert "patel" not in text.lower(), text  # a name the child said is not said back unvetted


@pytest.mark.parametrize("line, expect", [
    ("what is a girl horse called", r"mare"),
    ("what animal goes hoot", r"owl"),
    ("do spiders eat flies", r"flies"),
    ("what are the parts of blood", r"plasma"),
    ("what is jelly made out of", r"gelatine|water"),
    ("what does flabbergasted mean", r"surprised"),
    ("what does a baker do", r"bread"),
    ("can real bears talk", r"growl|grunt"),
    ("what do real bears like to eat", r"berries|fish|honey"),
    ("will a new tooth grow back", r"grown-up tooth|teeth"),
    ("what shape is a pizza", r"circle"),
])
def test_questions_of_knowledge_round_19(talk, line, expect):
    text, reply = talk(line)
    assert re.search(expect, text, re.I) and reply.safety is None, text


@pytest.mark.parametrize("context, line, expect", [
    (("tell me about the moon",), "could we walk on it", r"walked on the moon"),
    (("tell me about volcanoes please",), "is there one near my house", r"volcano"),
    (("my wobbly tooth fell out",), "will a new one come", r"grown-up tooth"),
])
def test_a_follow_up_about_the_topic_is_answered_about_it(talk, context, line, expect):
    """"can we walk on it?" is a question about the moon, not a request; "is there one near me?" is a volcano;
    "will a new one grow?" after a lost tooth is about the tooth (its moment gives the topic)."""
    text, reply = talk(line, context=context)
    assert re.search(expect, text, re.I) and reply.safety is None, text
