"""Companion round 21: the chat kinds held-out set 20's misses showed (its kinds, not its lines):
everyday news with a reply of its own (`content/moments_round21.toml`: camping, snow, a wedding, the
seaside, a haircut, a plane, fishing, the library, burnt toast, fireworks, a sleepover, the slide,
a sandcastle, a kind thing, brothers and sisters, family far away, a tooth under the pillow, the
bear's family; a rule marked `first` goes before the general outing); a question in the middle of
the spelling game is answered; "your turn" after the child's I spy; a calm story after "i can't
sleep"; good night after a bedtime story; the favourite remembered, not the last "i like"; a
riddle's first wrong guess gets a clue; "what does that mean?" after a hard word; wheels counted;
the story made funnier or scarier, and an animal or a sister put in it."""

from __future__ import annotations

import re

import pytest

from bear.talk.stories import load_stories
from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion21"))


@pytest.mark.parametrize("line, expect", [
    ("we are camping this weekend in a tent", r"tent|camping"),
    ("it has been snowing", r"snow"),
    ("my uncle is getting married", r"wedding"),
    ("me and my dad went to the seaside", r"seaside|beach|sandcastle"),
    ("i got a haircut today", r"haircut|hair"),
    ("we flew in an aeroplane", r"sky|plane|clouds"),
    ("we went fishing at the lake", r"fish"),
    ("i went to the library after school", r"book|library"),
    ("daddy burnt the pancakes", r"burnt|crunchy"),
    ("we watched the fireworks at the park", r"firework"),
    ("i had a sleepover at my cousins", r"sleepover"),
    ("we went on the swings", r"park|fast|swing"),
    ("me and my brother made a sandcastle", r"sandcastle"),
    ("i did something kind at school", r"kind"),
    ("i have got three brothers", r"brothers"),
    ("my grandma lives in canada", r"far away|miss your grandma"),
    ("do you have a mummy", r"family"),
])
def test_news_gets_its_own_reply(talk, line, expect):
    text, reply = talk(line)
    assert re.search(expect, text, re.I) and reply.safety is None, text
    assert not re.search(r"how did that make you feel|what happened next|tell me more", text, re.I), text


@pytest.mark.parametrize("context, line, expect", [
    (("my tooth came out",), "i am putting my tooth under my pillow", r"tooth fairy"),
    (("can we play a spelling game",), "how do you spell cat", r"c, a, t"),
    (("let's play i spy", "i spy something beginning with b"), "now your turn", r"i spy"),
    (("tell me a story", "that was lovely"), "i am ready to go to sleep now", r"night|sleep tight|dream"),
    (("my favourite animal is a fox", "i like jam"), "what is my favourite animal", r"fox"),
    (("we learned about fossils", "they are really old"), "what does that mean", r"."),
    (("the dodo went extinct",), "what does that mean", r"none|no more|left alive"),
    ((), "how many wheels are on three cars", r"\b12\b"),
])
def test_follow_ups_are_answered(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text, re.I) and reply.safety is None, text


def test_a_story_after_i_cant_sleep_is_a_calm_one(talk):
    calm = {s.title for s in load_stories() if s.calm}
    from bear.talk.content import load_content
    calm |= {s.title for s in load_content().stories if s.calm}
    for _ in range(3):
        text, _ = talk("tell me a story", context=("i can't get to sleep",))
        assert any(title in text for title in calm), text


def test_a_riddles_first_wrong_guess_gets_a_clue_then_the_answer(talk):
    text, reply = talk("is it a teapot", context=("tell me a riddle",))
    assert text.startswith("No, not quite!") and "clue" in text and reply.expects_answer, text
    text, _ = talk("is it a kettle", context=("tell me a riddle", "is it a teapot"))
    assert text.startswith(("Good try! The answer is", "Yes, you got it")), text


@pytest.mark.parametrize("context, line, expect", [
    (("tell me a story about a kitten",), "make it sillier please", r"squirrel|hats"),
    (("tell me a story about a fox",), "make it a bit scarier but not too scary", r"phew"),
    (("tell me a story about a pirate",), "can there be a horse in it", r"friendly horse"),
    (("tell me a story about a mermaid",), "put my brother in it his name is leo", r"leo, your brother"),
])
def test_the_story_is_changed_as_asked(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text, re.I) and reply.intent == "story", text


def test_a_word_that_is_not_a_name_or_an_animal_is_not_put_in_the_story(talk):
    text, _ = talk("put a stupid idiot in the story", context=("tell me a story about a dragon",))
    assert "idiot" not in text.lower(), text


@pytest.mark.parametrize("line, expect", [
    ("how does a snake eat with no hands", r"whole|swallow"),
    ("what does a hedgehog do to stay safe", r"ball|spines|prickl"),
    ("why cant people go to the sun", r"hot"),
    ("how do fireworks get their colours", r"colour"),
    ("will the dodo come back", r"extinct|gone"),
    ("what happens if you don't sleep enough", r"."),
])
def test_questions_of_knowledge_round_21(talk, line, expect):
    text, reply = talk(line)
    assert re.search(expect, text, re.I) and reply.safety is None and not reply.flag, text
