"""Companion round 25: the chat kinds held-out set 24's misses showed (its kinds, not its lines): a word spelt
as it sounds ("elefant", "skool") spelled as the word it is; a spelling asked with a worry after it; sharing
sums ("share 20 sweets between 4 people"); odd or even, of a number said or the last one; "and after that?"
after a number; "how many for three dogs?" after a legs answer; the child's riddle told after "i know a
riddle", guessed by the bear (more classic riddles it knows) and "go on, guess!"; "guess my number" inside the
animal guessing game; "no, higher" to "is it bigger than 5?"; "guess my favourite colour" and "no, not red";
"guess how old my grandad is" and "older than that"; "guess what i got"; "think of an animal and i'll guess
it"; "say a word that rhymes" ... "with moon"; a rhyme with "now your turn"; "you be simon"; "what about
french" after counting in Spanish; "something with space" after "what should i draw"; "It was a tree!" in I
spy; new moments (`content/moments_round25.toml`): the bear's feelings and dreams, tired, the child's own
poem, helping a grown-up, butterflies before a show, a friend who did not sit with them, a zoo trip."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion25"))


@pytest.mark.parametrize("line, expect", [
    ("how do you spell skool", r"S, C, H, O, O, L"),
    ("teddy can you spell frend", r"F, R, I, E, N, D"),
    ("how do you spell because i keep getting it wrong", r"B, E, C, A, U, S, E"),
    ("if we share 20 sweets between 4 people how many each", r"\b5 each\b"),
    ("share 9 cakes between 2", r"4 each, with 1 left over"),
    ("is 15 an even number", r"^No! 15 is an odd number"),
    ("is 8 odd or even", r"8 is an even number"),
    ("do teddy bears have feelings", r"toy|teddy"),
    ("can you dream", r"dream"),
    ("i'm so tired today", r"rest|sleep|night"),
    ("can i read you my poem i wrote", r"love to hear|I'm all ears"),
    ("i helped my grandma bake a cake", r"helpful|helper|helping"),
    ("my tummy is all wobbly before my dance show", r"butterflies|nervous|breath"),
    ("my best friend wouldn't play with me", r"sad|hard|tomorrow"),
    ("we went to the aquarium and saw a shark", r"exciting|what else|other animals"),
])
def test_a_line_of_those_kinds_gets_its_answer(talk, line, expect):
    text, reply = talk(line)
    assert re.search(expect, text), text


@pytest.mark.parametrize("context, line, expect", [
    (("what number comes after 49",), "and after that", r"fifty-one|51|fifty one"),
    (("what is 4 plus 3",), "is that an even number", r"^No! 7 is an odd number"),
    (("how many legs has a dog got",), "so how many for three dogs", r"\b12\b"),
    (("i know a riddle",), "what has a bed but never sleeps", r"river"),
    (("can i tell you a riddle", "what has a bark but no bite"), "go on guess", r"tree"),
    (("lets play a guessing game",), "guess my number its between 1 and 20", r"bigger than 10"),
    (("guess my number",), "no higher", r"bigger than|is it"),
    (("guess my favourite colour",), "no not red", r"is it [a-z]+\?"),
    (("guess how old my grandad is",), "he's older than that", r"is he 80"),
    (("guess how old my grandad is",), "he's 66", r"66"),
    (("its christmas",), "guess what i got", r"toy|book|bike|puzzle"),
    ((), "think of an animal and i'll guess it", r"thought of an animal|got one"),
    (("say a word that rhymes",), "with moon", r"spoon|soon|noon|june|balloon"),
    (("lets play rhymes", "dog"), "log now your turn", r"rhymes with"),
    (("lets play simon says",), "now you be simon", r"Simon says"),
    (("count to three in spanish",), "what about french", r"un, deux, trois"),
    (("what should i draw",), "something with space", r"rocket|astronaut|planet"),
    (("lets play i spy", "is it a car", "i give up"), "what was it", r"It was ((a|an|the|some) )?[a-z]+!"),
])
def test_a_follow_up_of_those_kinds_gets_its_answer(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text), text


def test_a_misspelt_word_is_the_word_it_sounds_like_not_one_that_looks_like_it(talk):
    text, _ = talk("how do you spell elefant please")
    assert "E, L, E, P, H, A, N, T" in text, text


def test_the_childs_riddle_the_bear_does_not_know_still_stumps_it_and_a_guess_asks_for_the_answer(talk):
    text, _ = talk("go on guess", context=("i know a riddle", "what is orange and sounds like a parrot"))
    assert "What's the answer" in text, text


def test_a_grown_ups_age_guessed_goes_down_when_younger(talk):
    text, _ = talk("younger", context=("guess how old my mum is",))
    assert re.search(r"is she (1|2)\d\?", text), text


@pytest.mark.parametrize("context, line, expect", [
    (("are dolphins fish",), "so what are they then", r"^Like I said: .*mammals"),
    (("why do leaves fall off trees",), "do all trees lose their leaves", r"[Ee]vergreen"),
    (("how many legs does a centipede have",), "really", r"^Yes, really!"),
    (("whats the capital of england",), "and france", r"Paris"),
    (("tell me a story about a dragon",), "what was the dragons name", r"The dragon was called"),
    (("we learned about the great fire of london at school",), "how did it start", r"Pudding Lane|bakery"),
    (("my grandad is in hospital",), "they're letting him come home tomorrow", r"glad|good news|great news"),
])
def test_a_follow_up_about_the_last_answer_gets_its_answer(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text), text


def test_an_animals_clue_in_the_guessing_game_is_no_emergency_but_a_person_going_grey_is(talk):
    text, reply = talk("it's grey with big flappy ears and a long nose", context=("i'm thinking of an animal",))
    assert reply.safety is None and "elephant" in text, (reply.safety, text)
    text, reply = talk("my baby brother has gone all grey", context=("i'm thinking of an animal",))
    assert reply.safety == "emergency" and reply.flag, (reply.safety, text)


def test_no_guess_again_in_the_childs_i_spy_is_no_disclosure(talk):
    text, reply = talk("no it's not the bed guess again",
                       context=("lets play i spy i go first", "i spy with my little eye something beginning with b"))
    assert reply.safety is None and re.search(r"is it", text, re.I), (reply.safety, text)
