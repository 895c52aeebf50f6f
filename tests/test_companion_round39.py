"""Companion round 39 (set 37's chat misses, spent this session): what the bear is scared of, and "really?" and
"why?" after it; its friends, and "who are they?"; whether teddies eat; soft fur; poorly and off school; a last
sweet given away; going camping (and "we went camping" still answered as done); building a den; going outside to
play; a lost pet (it had been "Ooh, a pet!"); the bear's favourite one of a set the child named ("do you like
dinosaurs" ... "what's your favourite one"); "why that?" after what the bear wants to be; a lost tooth and which
one it was; "three add four" said back to the bear's sum (the child's own sum, answered); a roar in a pretend
game; being a monkey, an elephant, a bunny or a penguin; "row row" after a song (the song begun by its first
words); "something outside" after ideas of what to play; "how do i do that" after "i'm going to be an astronaut"
(no game line); a cat that landed on her feet; "is it catching" after a friend's chicken pox (the news's topic had
been the pet word "chicken": `follow_ups.remember` takes a two-word subject first). Lines are this file's own, not
the table's."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion39"))


@pytest.mark.parametrize("context, line, expect", [
    ((), "teddy are you ever scared", r"scared of|makes my fur"),
    (("what scares you",), "really", r"^Yes, really"),
    (("what are you frightened of",), "how come", r"^Because"),
    ((), "do you have any friends", r"friend"),
    (("have you got any friends",), "like who", r"Bunny|Duck|Robot"),
    ((), "do teddy bears eat food", r"pretend|stuffing"),
    ((), "your ears are so fluffy", r"[Tt]hank you"),
    ((), "i feel sick so im off school today", r"sorry you"),
    ((), "i gave my friend my last biscuit", r"kind"),
    ((), "we are off camping tomorrow", r"[Tt]ent|[Cc]amping"),
    ((), "we went camping", r"[Dd]id you"),
    ((), "can we make a pillow fort", r"[Dd]en|blanket|cushion"),
    ((), "mummy can we go out to play", r"grown-up"),
    ((), "we lost our hamster", r"worr|sorry|[Oo]h dear"),
    (("do you like planets",), "which one is your favourite", r"Saturn|Mars"),
    (("what do you want to be when you grow up",), "why", r"^Because I love stories"),
    (("i lost a tooth today",), "the bottom one", r"^(?:Ooh, t|T)he bottom one"),
    (("give me a maths question",), "five add two", r"5 plus 2 is 7"),
    (("lets pretend to be lions",), "roooar", r"roar"),
    (("lets play jungle animals",), "you can be an elephant", r"elephant"),
    (("lets pretend",), "be a bunny", r"[Hh]op"),
    (("sing me a song",), "humpty dumpty", r"^Here's Humpty Dumpty"),
    (("what shall we play",), "something in the garden", r"tag|hopscotch|bubbles"),
    (("what shall we play",), "maybe something quiet", r"jigsaw|colouring|story"),
    (("i am going to be an astronaut",), "how can i do that", r"science|maths|fit"),
    ((), "the kitten jumped off the bed and landed on her paws", r"[Cc]lever cat"),
    (("my cousin has got chickenpox",), "is it catching", r"virus|spreads"),  # the topic is not the pet chicken
    (("my brother has chicken pox",), "does it hurt", r"itchy"),
])
def test_moments_of_this_round(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text), (reply.intent, text)
    assert reply.safety is None, (reply.safety, text)


@pytest.mark.parametrize("context, line", [
    ((), "i lost my tooth and there is loads of blood and it will not stop"),  # not the tooth chat
    ((), "my dog ran away because dad kicked him"),  # not the lost pet chat
])
def test_those_moments_do_not_hide_a_danger(talk, context, line):
    _, reply = talk(line, context=context)
    assert reply.safety is not None, reply.intent


def test_an_answer_to_the_bears_sum_is_still_judged(talk):
    text, _ = talk("7", context=("give me a maths question",))
    assert re.search(r"\bis \d+\b", text), text
    text, _ = talk("two add five is seven", context=("give me a maths question",))
    assert not text.startswith("2 plus 5"), text  # "1 add 4 is 5": the child's answer said in full, judged
