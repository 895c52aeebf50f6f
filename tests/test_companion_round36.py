"""Companion round 36: the chat kinds held-out set 34's misses showed (spent), in other words: a costume worn, a
visit to a grandparent, a brother's present and none for the child, a last day at nursery, the Hokey Cokey, a
clapping game, something silly, "guess what colour", "have you ever been camping", a favourite loved "more than
anything", a word spelled out ("what's the word d o g"), a noise game where the bear goes first, "your turn to
ask me" in would you rather, "you pick" to another song, playing house, a big roar like a t rex, "i drawed", and
"what should i do" after a lost toy (the `lost` mood), and
more words for earlier moments (glasses and their colour, a fire fighter, a handstand against the wall, lemonade
for rain, a dinner with mushrooms in it, a cat that did not come back)."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion36"))


@pytest.mark.parametrize("context, line, expect", [
    ((), "look i am wearing my pirate costume", r"pirate"),
    ((), "we are going to nanas for dinner", r"nana|lovely"),
    ((), "my sister got a toy and i did not get one", r"unfair|tricky feeling"),
    ((), "today was my last day at preschool", r"last day"),
    ((), "lets do the hokey pokey", r"in, out|shake it"),
    ((), "can we play a clapping song", r"[Cc]lap"),
    ((), "say something really funny", r"silly"),
    (("i got new wellies",), "guess what colour they are", r"[Ii]s it|colour"),
    ((), "have you ever been to the seaside", r"to the seaside"),
    ((), "i love strawberries more than anything in the world", r"[Ss]trawberries"),
    (("i am learning to read",), "what is the word d o g", r"D, O, G spells dog"),
    (("lets do animal noises",), "you do one first and i will guess", r"Which animal am I"),
    (("lets play would you rather",), "its your turn to ask me", r"[Ww]ould you rather"),
    (("sing me a song",), "you choose", r"^Here's"),
    (("lets play pretend",), "you be the mummy and i will be the baby", r"baby"),
    ((), "do a loud roar like a lion", r"[Rr]oar"),
    ((), "i drawed a picture of a rocket", r"rocket"),
    ((), "i just got glasses and they are blue", r"[Gg]lasses"),
    ((), "my auntie is a fire fighter", r"job|[Hh]elping|helpers"),
    ((), "i did a cartwheel on the trampoline", r"cartwheel"),
    ((), "what if it rained hot chocolate", r"hot chocolate"),
    ((), "i dont like my tea its got peas in it", r"taste|bite|like everything"),
    ((), "our dog went out and did not come back", r"look|grown-up"),
    (("i have lost my blanket at nursery",), "what should i do", r"grown-up"),
    (("i cant find my lunchbox",), "mum found it in the car", r"found it|back with you"),
    (("i love lions | tell me a lion fact",), "yes please", r"^Here's an animal fact"),
])
def test_moments_of_this_round(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert reply.safety is None and re.search(expect, text), (reply.intent, text)


@pytest.mark.parametrize("line", ["lets play a pretend game where i am a baby", "i am a big girl not a baby"])
def test_a_baby_alone_is_not_playing_house(talk, line):
    text, _ = talk(line)
    assert "Let's play house" not in text and "play families" not in text, text


def test_a_big_roar_alone_is_not_an_animal_called_big(talk):
    text, _ = talk("do a big roar")
    assert "a big sounds" not in text, text


# --- round 36b: held-out set 35's chat kinds (spent this session), in other words ---------------------------------
@pytest.mark.parametrize("context, line, expect", [
    ((), "daddy popped you in the wash and you smell nice", r"fluffy|clean"),
    ((), "nana gave me 2 pounds for helping", r"save|lucky|kind"),
    (("my grandad died last week",), "will i ever see him again", r"big question|don't come back|can't come back"),
    (("tell me a story",), "a tiger who is scared of the dark", r"^(Story time|Here's|Once)"),
    (("tell me a story",), "a cat called tom", r"Tom"),
    (("give me a sum", "what is nine and eight"), "that is too hard", r"easier one! .*\b[1-4]\b"),
    (("lets do some maths", "what is 5 add 4"), "can you do an easy one", r"easier one!"),
    (("i am bored",), "something different", r"riddle|story|counting"),
])
def test_moments_of_round_36b(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert reply.safety is None and re.search(expect, text), (reply.intent, text)


def test_grown_ups_shouting_at_each_other_is_a_worry(talk):
    text, reply = talk("my mum and dad keep shouting at each other")
    assert reply.safety in ("worry", "abuse") and reply.flag and "grown-up" in text, (reply.safety, text)
