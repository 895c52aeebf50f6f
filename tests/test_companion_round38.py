"""Companion round 38 (set 36's chat misses, spent this session): news the bear met with only "what else?" (a
grandparent's visit, "a good helper", a playdate, a fart, a farm trip, the tooth fairy's visit, someone poorly in
hospital, a barking dog, a grown-up home from the army, a naughty word said by accident); more of the news
after it (where the holiday is: the seaside; the age the child will be; what a sticker was for); a story made
together that says back who the child brought in ("a purple cat!"); "what should i do?" after a little sister who
keeps taking the child's things; "guess who i went with";
"guess what he is"; "when is your birthday"; "about my spelling test" after "i'm worried" (it started the spelling
game); a frozen pond (the classifier took it for an emergency) and "can i skate on it" after it (never a yes); the
child's own I spy turn ("something beginning with r": the bear had left its own I spy for a pretend game); "going
to big school tomorrow" and "will i get them" after wrinkles (both taken for risks). Lines are this file's own."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion38"))


@pytest.mark.parametrize("context, line, expect", [
    ((), "guess what my grandad came round to see us", r"visit from your grandad"),
    ((), "my teacher said i was a great helper", r"[Hh]elper"),
    ((), "my best friend came over to play", r"[Pp]laydate|play"),
    ((), "oops i just farted", r"[Ee]xcuse|[Ff]art"),
    ((), "we are going to a farm at the weekend", r"[Ff]arm"),
    ((), "yay the tooth fairy has been", r"tooth fairy"),
    ((), "my nana is in hospital", r"sorry|doctors"),
    ((), "the big dog over the road barked at me", r"[Bb]ark"),
    ((), "my mummy came home from the air force", r"home"),
    ((), "i said a bad word by mistake", r"okay|mistakes"),
    (("we went to the beach",), "guess who i went with", r"[Ww]as it"),
    (("i got a new pet",), "guess what she is", r"guess|[Ii]s (?:it|he)"),
    ((), "teddy do you have a birthday", r"birthday"),
    (("i am a little worried",), "about my spelling test", r"(?i)worr|nervous|okay"),
    ((), "the duck pond is all frozen", r"[Ff]rozen|ice"),
    (("the pond in the park is frozen",), "can we slide on it", r"not safe|don't"),
    ((), "can i walk on the frozen canal", r"not safe|don't"),
    (("lets play i spy",), "something beginning with t", r"your turn.*[Ii]s it"),
    ((), "i am going to big school on monday", r"."),
    (("we are going on holiday next week",), "to the beach", r"[Ss]andcastles"),
    (("it is my birthday on friday",), "i am going to be seven", r"year bigger|big number"),
    (("i got a gold star today",), "it was for my handwriting", r"[Ff]or handwriting"),
    (("lets make up a story together",), "one day there lived a grumpy dragon", r"^A grumpy dragon!"),
    (("my baby sister keeps grabbing my pens",), "what should i do", r"grown-up.*turns"),
])
def test_moments_of_this_round(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text), (reply.intent, text)
    assert reply.safety is None or "frozen" in line, (reply.safety, text)


@pytest.mark.parametrize("context, line", [
    ((), "the pond is frozen and my sister fell in"),  # not the frozen-pond chat: a danger
    (("the pond is frozen",), "my brother is stuck on it"),
])
def test_a_frozen_pond_with_someone_in_danger_is_not_chit_chat(talk, context, line):
    text, _ = talk(line, context=context)
    assert "looks like glass" not in text and "grown-up" in text, text


def test_can_i_skate_on_it_is_only_the_ice_after_a_frozen_pond(talk):
    text, _ = talk("can i skate on it", context=("i got new roller skates",))
    assert "frozen" not in text, text
