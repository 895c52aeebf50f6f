"""Companion round 26: the chat kinds held-out set 25's misses showed (its kinds, in other words): the bear thinks
of a number and the child guesses it ("pick a number and i'll guess it": higher, lower, how many goes); a classic
joke the child asks ("why did the chicken cross the road?") answered with its punchline, and the answer said
again after "i give up", "tell me" or "what?"; a riddle said as "what's got ..." or in other word forms ("holds"
for "hold"), also inside the bear's own riddle game; new moments (`content/moments_round26.toml`): missing a
parent at school, worrying about someone in hospital, a silly mood, good news from the dentist or the pool, a
game played at break, art at school, a dog's wagging tail, the bear's favourite season, "is father christmas
real?", how the reindeer fly, what the tooth fairy brings, a lost toy found again."""

from __future__ import annotations

import re

import pytest

from bear.talk.brain import Brain
from bear.talk.turn import Profile, Session
from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion26"))


def test_the_bear_thinks_of_a_number_and_says_higher_or_lower_until_the_child_gets_it():
    brain, s, p = Brain(seed=11), Session(), Profile()
    first = brain.reply("can you pick a number between 1 and 20 and i will guess it", s, p).text
    assert "between 1 and 20" in first, first
    number = s.pending["number"]
    lo, hi, goes = 1, 20, 0
    while True:
        guess = (lo + hi) // 2
        goes += 1
        text = brain.reply(f"is it {guess}", s, p).text
        if guess == number:
            assert text.startswith(f"Yes! It's {number}!") and (f"{goes} goes" in text or "first go" in text), text
            break
        assert ("higher" if guess < number else "lower") in text, text
        lo, hi = (guess + 1, hi) if guess < number else (lo, guess - 1)
        assert goes < 10


def test_the_bears_number_is_told_when_the_child_gives_up_and_a_guess_out_of_range_is_said_so():
    brain, s, p = Brain(seed=2), Session(), Profile()
    brain.reply("think of a number and i'll guess it", s, p)
    number = s.pending["number"]
    assert "between 1 and 10" in brain.reply("55", s, p).text
    assert brain.reply("i give up", s, p).text.startswith(f"It was {number}!")


def test_asking_for_something_else_in_the_number_game_does_not_give_the_number_away():
    brain, s, p = Brain(seed=2), Session(), Profile()
    brain.reply("think of a number and i'll guess it", s, p)
    assert not brain.reply("tell me a joke", s, p).text.startswith("It was")


@pytest.mark.parametrize("line, expect", [
    ("i missed my daddy at nursery today", r"miss|hug"),
    ("i'm worried because my grandad is poorly in hospital", r"doctors|nurses|card"),
    ("i feel so giggly", r"silly|giggly"),
    ("the dentist said my teeth are healthy", r"teeth|brushing"),
    ("i swam without my armbands", r"swimm|armbands"),
    ("we played netball at lunch", r"netball"),
    ("we played mermaids at playtime", r"mermaids"),
    ("today we did some clay in art", r"art|make|colours"),
    ("my puppy wags her tail when she sees me", r"happy|excited"),
    ("which season do you like best", r"autumn|summer"),
    ("is the easter bunny real", r"what do you think|grown-up"),
    ("how does rudolph fly", r"magic"),
    ("what does the tooth fairy bring", r"coin|surprise"),
    ("yay we found my teddy", r"found|Yay|Hooray"),
])
def test_a_line_of_those_kinds_gets_its_answer(talk, line, expect):
    text, _ = talk(line)
    assert re.search(expect, text), text


@pytest.mark.parametrize("context, line, expect", [
    (("why did the chicken cross the road",), "tell me", r"other side"),
    (("tell me a joke", "why are skeletons never scared"), "i give up", r"guts"),
    (("whats orange and sounds like a parrot",), "what", r"carrot"),
    ((), "what's got a neck but no head", r"bottle"),
    (("lets do a riddle", "whats full of holes but still holds water"), "i don't know", r"sponge"),
])
def test_a_joke_or_riddle_of_those_kinds_gets_its_answer(talk, context, line, expect):
    text, _ = talk(line, context=context)
    assert re.search(expect, text, re.I), text


@pytest.mark.parametrize("line", ["i miss my grandad since he died", "i miss my dad he lives far away",
                                  "we found him and he is not moving"])
def test_a_sad_or_worrying_line_is_not_answered_as_everyday_news(talk, line):
    text, _ = talk(line)
    assert not re.search(r"so happy to see you|best news|Hooray", text), text


def test_a_clue_few_animals_share_outweighs_common_ones(talk):
    text, _ = talk("it's black and white with stripes and it looks like a horse", context=("i'm thinking of an animal",))
    assert "zebra" in text, text


@pytest.mark.parametrize("context, line, expect", [
    (("why do cats have whiskers",), "do they grow back if they fall out", r"grows back"),
    (("whats the closest star to us",), "how long does its light take to get here", r"eight minutes"),
    (("is it cold at the north pole",), "are there penguins there", r"South Pole|Antarctica"),
    (("what is a tornado",), "do we get them in england", r"UK"),
])
def test_a_pronoun_the_last_topic_does_not_answer_is_tried_with_the_last_lines_words(talk, context, line, expect):
    text, _ = talk(line, context=context)
    assert re.search(expect, text), text
