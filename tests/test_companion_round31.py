"""Companion round 31: the chat kinds held-out set 28's misses showed (its kinds, in other words): spelling asked
for in more ways ("what's the spelling for said", "spell it for my shopping list", "letter by letter", "i always
get because wrong, how do you spell it", "is it frend or freind", "does beautiful start with e"); stories that
open like a storybook ("Once upon a time, ..."); a sum carried on ("and take away 3 again") is no risk; a wobbly
tooth's "will it hurt when it comes out" (a question, not the news of it coming out); a holiday "on an aeroplane";
snow at the child's house, pancakes a grown-up made, second place at sports day; "do you think i'm funny"; a big
hairy spider in the bath. Set 29's kinds (spent): "and of fast" after "what's the opposite of big"; "about a
dog who can fly" just after a story; counting backwards from five, counting on "to twenty"; pretending to be an
animal or a robot; a party today, a hurt knee, a friend who was mean, a grown-up away for work, an accident in
bed, a school trip, happy easter, a haircut; "aminal"; knowledge round 31 (Mars's moons, the gingerbread man's
fox, Peter Rabbit's Mr McGregor, "whose" questions, the bear's favourite fairy tale, why skunks smell, ...)."""

from __future__ import annotations

import re

import pytest

from bear.talk.stories import once_upon
from conftest import brain_talk, chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion31"))


@pytest.mark.parametrize("line, expect", [
    ("what is the spelling for friend", r"^Friend is spelled F, R, I, E, N, D\."),
    ("spell banana for my shopping list", r"^Banana is spelled B, A, N, A, N, A\."),
    ("can you spell elephant out letter by letter", r"^Elephant is spelled E, L, E, P, H, A, N, T\."),
    ("i always get said wrong how do you spell it", r"^Said is spelled S, A, I, D\."),
    ("how do you spell dinosour i got it wrong", r"^Dinosaur is spelled"),
    ("is it becuase or becaus", r"^It's because, spelled B, E, C, A, U, S, E\."),
    ("does elephant start with e", r"^Yes! Elephant starts with the letter E"),
    ("does giraffe start with j", r"^No! Giraffe starts with the letter G"),
])
def test_spelling_asked_in_more_ways(line, expect):
    reply, _, _ = brain_talk(line, seed=1)
    assert re.search(expect, reply.text), reply.text


def test_two_spellings_of_different_words_are_no_spelling_question():
    reply, _, _ = brain_talk("is it a cat or a dog", seed=1)
    assert "spelled" not in reply.text, reply.text


@pytest.mark.parametrize("text, expect", [
    ("The fox went out.", "Once upon a time, the fox went out."),
    ("Sammy the snail went out.", "Once upon a time, Sammy the snail went out."),
    ("Once upon a time a fox went out.", "Once upon a time a fox went out."),
    ("One night the moon shone.", "One night the moon shone."),
])
def test_a_story_opens_like_a_storybook(text, expect):
    assert once_upon(text) == expect


@pytest.mark.parametrize("context, line, expect", [
    (("whats 9 take away 2",), "and take away 3 again", r"^7 take away 3 is 4!"),
    (("i have a wobbly tooth",), "will it hurt when it comes out", r"doesn.t hurt much"),
    (("we are going on holiday",), "on a aeroplane", r"aeroplane"),
    ((), "it snowed in our garden", r"[Ss]now"),
    ((), "my grandma made pancakes for breakfast", r"[Pp]ancakes"),
    ((), "it was sports day and i came third", r"third"),
    ((), "do you think i'm funny", r"funny|giggle"),
    ((), "there was a massive hairy spider in the bath", r"harmless|can't hurt"),
    ((), "tell me a story about a dragon", r"Once upon a time"),
    (("whats the opposite of hot",), "and of big", r"small|little"),
    (("tell me a story",), "about a brave little mouse", r"mouse"),
    ((), "lets count backwards from six", r"6, 5!"),
    (("lets count",), "to fifteen", r"14, 15! We counted all the way to 15"),
    ((), "pretend to be a lion", r"lion"),
    ((), "i am off to my cousins party today", r"[Pp]arty"),
    ((), "i grazed my elbow at the park", r"elbow|hurt|Ouch"),
    ((), "my friend was unkind to me at school", r"grown-up"),
    ((), "i wet the bed last night", r"okay|happens|normal|fault"),
    ((), "happy easter", r"Easter"),
    ((), "whats the biggest aminal", r"blue whale"),
    ((), "how many moons does mars have", r"Phobos"),
    ((), "who ate the gingerbread man", r"fox"),
    ((), "whose garden did peter rabbit go into", r"McGregor"),
    ((), "what is your favourite fairy tale", r"Goldilocks"),
    ((), "why do skunks stink", r"spray"),
    ((), "how does a glow stick work", r"liquids"),
    ((), "what would happen with no gravity", r"float"),
    (("i made a den in the garden",), "what should we bring in it", r"cushions|blanket|torch"),
    (("what is ice cream made of",), "is it good for you", r"treat"),
])
def test_moments_of_this_round(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert reply.safety is None and re.search(expect, text), (reply.safety, text)
