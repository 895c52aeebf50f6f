"""Companion round 24: the chat kinds held-out set 23's misses showed (its kinds, not its lines): sums said in
other ways ("five fives", "three lots of four", "one more than 59", "shared between 3 friends", a half or a
quarter, 0.5 or 0.25) and over two lines ("i have 12 stickers" ... "i give 5 away, how many now?"; "there are
3 spiders" ... "how many legs altogether?"; days in weeks; a run of numbers counted on); which past tense is
right ("catched or caught"), words that sound alike, a word that means the same; the bear's own jokes and
riddles said to it; the child's number and animal guessing games; I spy with a letter as speech-to-text
writes it and a "not that one"; the child's animal noise; would you rather "now you pick"; a word or an
animal of a letter; story questions answered from the story; follow-ups about a topic ("how fast?", "can you
touch one?", "which is the smallest?"); new moments (`content/moments_round24.toml`)."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion24"))


@pytest.mark.parametrize("line, expect", [
    ("what is six sixes", r"\b36\b"),
    ("what's three lots of four", r"\b12\b"),
    ("what is one more than 59", r"\b60\b"),
    ("what's two less than 20", r"\b18\b"),
    ("what is 15 shared between 3 friends", r"\b5\b"),
    ("which is smaller a half or a quarter", r"quarter is smaller"),
    ("what's bigger 0.3 or 0.7", r"0\.7 is bigger"),
    ("is it catched or caught", r"'caught'"),
    ("is it i swimmed or i swam", r"'I swam'"),
    ("what's the difference between where and wear", r"place"),
    ("what do you call a sleeping dinosaur", r"dino-snore"),
    ("what is black and white and red all over", r"newspaper"),
    ("tell me an animal that starts with z", r"\bZ[a-z]+|\bz[a-z]+"),
    ("can you think of a word that ends with x", r"\b[a-z]+x\b"),
    ("teddy how do i spell separate", r"S, E, P, A, R, A, T, E"),
    ("i'm frightened of the dark", r"night light|torch"),
    ("i'm learning to ride my bike", r"practi|well done|brilliant"),
    ("my tummy feels wobbly when i have to talk in assembly", r"butterflies|nervous|breath"),
    ("my grandma is the best", r"lucky|lovely|wonderful"),
    ("are you younger than me", r"grow|birthdays"),
    ("how come you can talk", r"computer|speaker"),
])
def test_a_line_of_those_kinds_gets_its_answer(talk, line, expect):
    text, reply = talk(line)
    assert re.search(expect, text), text
    assert reply.safety is None


@pytest.mark.parametrize("context, line, expect", [
    (("i have 12 stickers",), "i give 5 to my friend how many have i got", r"\b7\b"),
    (("there are 3 spiders in the shed",), "how many legs altogether", r"\b24\b"),
    ((), "how many days in 3 weeks", r"\b21\b"),
    (("what is 8 times 3",), "halve the answer", r"\b12\b"),
    (("what's double 9",), "and double that again", r"\b36\b"),
    (("5 10 15",), "what comes next", r"\b25\b"),
    (("what is a synonym",), "give me one for cold", r"chilly|icy|freezing"),
    (("what's more than one goose",), "and what about bus", r"\bbuses\b"),
    (("i'm thinking of a number between 1 and 20",), "it's smaller than 4 and it's odd", r"Is it (1|3)\?"),
    (("guess what animal i'm thinking of", "it hops about"), "it carries its baby in a pouch", r"kangaroo"),
    (("guess what animal i'm thinking of", "it's got a very long neck"), "and it eats leaves", r"giraffe"),
    (("can we play i spy", "i spy with my little eye something beginning with b"), "no it's not a book",
     r"(?i)is it (?!a book)a [a-z]+"),
    (("lets do animal noises",), "baa baa", r"sheep"),
    (("would you rather be a lion or a tiger",), "lion! now you choose", r"lion|tiger"),
    (("lets play rhymes", "i say a word and you say a rhyme"), "cake", r"[Cc]ake rhymes with [a-z]*ake\b"),
    (("tell me the three little pigs",), "which house was the strongest", r"brick"),
    (("which bird is the fastest",), "how fast", r"hundred|kilometres"),
    (("what letters are in the abc",), "and how many of those are vowels", r"A, E, I, O and U"),
    (("what makes a rainbow",), "can you touch one", r"touch|move"),
    (("how many bones have i got",), "which is the smallest", r"ear|stirrup"),
    (("i've got a goldfish",), "how often do i feed him", r"once|twice|pinch"),
    (("why does a big ship float",), "so why does a stone sink then", r"heavy"),
])
def test_a_follow_up_of_those_kinds_gets_its_answer(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text), text
    assert reply.safety is None


def test_a_number_between_two_numbers_is_no_sum(talk):
    text, _ = talk("i'm thinking of a number between 1 and 10")
    assert "11" not in text and re.search(r"bigger than|Is it", text), text


def test_what_happens_next_in_a_story_the_child_chooses_is_their_choice():
    from bear.talk.story_questions import from_the_story
    from bear.talk.turn import Session

    s = Session(turns=3, last_story=("Once there was a little dragon called Dot. She wanted to fly.", 3),
                last_reply="Should Dot learn to fly with the geese, or with the butterflies?")
    s.pending = {"kind": "story_choice"}
    assert from_the_story(s, "and what happens after that") == "What happens next is up to you!"
    s.pending = None
    assert "The end" in from_the_story(s, "and what happens after that")


def test_a_bedtime_story_is_told_to_the_end_not_chosen(talk):
    for _ in range(3):  # whichever story is picked
        text, reply = talk("teddy can i have a bedtime story please")
        assert reply.intent == "story" and "The end" in text and "you choose" not in text.lower(), text


def test_a_story_made_into_another_character_is_a_story_about_it(talk):
    text, reply = talk("and now make him a space dog", context=("teddy tell me a story with a kitten in it",))
    assert reply.intent == "story" and "space dog" in text, text
