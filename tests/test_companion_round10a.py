"""Companion round 10a: knowledge answers (baby animals and how they start, small animals that bite or sting,
animals' teeth and speeds, a hen's eggs, languages by country, polar bears and the poles, wheels, chillies,
flying reptiles, rockets, a question asked back to front) and everyday news the child shares (a first day
at school, a new baby or cousin, a visitor, a rainy day, the beach, pretend food for the bear, an annoying
sibling, a clean plate, a treat for tea, a nice teacher, a pet's mischief, a dropped treat, an animal seen,
Christmas soon, too little for a ride, farm animals fed, a den, a lovely dream, a sneeze, a parent poorly)."""

from __future__ import annotations

import re

import pytest

from conftest import brain_talk


GENERIC = re.compile(r"what happened next|i don.?t know|not sure|muddled|tell me more|quite a day|"
                     r"love hearing about your day|do it again|funniest thing", re.I)


def said(line: str, seed: int = 3) -> str:
    return brain_talk(line, seed=seed)[0].text


@pytest.mark.parametrize("question, expect", [
    ("what does a tadpole look like", r"\btail\b"),
    ("what is a baby butterfly", r"\begg\b.*\bcaterpillar"),
    ("how does a butterfly start its life", r"\bcaterpillar"),
    ("what do baby ladybirds look like", r"\blarva\b"),
    ("are baby birds fluffy", r"\bfeathers\b"),
    ("what are baby spiders called", r"\bspiderlings\b"),
    ("what is a baby fish called", r"\bfry\b"),
    ("can a ladybird hurt you", r"\bharmless\b"),
    ("can butterflies sting", r"^No\b"),
    ("is it safe to touch a caterpillar", r"without touching"),
    ("do ants hurt", r"\bpinch\b"),
    ("do worms have teeth", r"\bno teeth\b"),
    ("have turtles got teeth", r"\bbeak\b"),
    ("do elephants have teeth", r"\btusks\b"),
    ("do goldfish have teeth", r"\bthroat\b"),
    ("how slow is a snail", r"\bslow\b"),
    ("are tortoises slow", r"\bslow"),
    ("how fast can a horse run", r"\bkilometres an hour\b"),
    ("how often do hens lay eggs", r"\bevery day\b"),
    ("how long does an egg take to hatch", r"\b21 days\b"),
    ("what do people in germany speak", r"\bGerman\b"),
    ("what language is spoken in brazil", r"\bPortuguese\b"),
    ("what do people in mexico speak", r"\bSpanish\b"),
    ("are there polar bears in antarctica", r"^No\b.*\bArctic\b"),
    ("how many wheels has a trike got", r"\bthree\b"),
    ("how many wheels does a unicycle have", r"\bone wheel\b"),
    ("how many wheels does a car have", r"\bfour\b"),
    ("what is the hottest chilli in the world", r"\bPepper X\b"),
    ("are bell peppers spicy", r"\bnot spicy|aren't spicy"),
    ("could any dinosaurs fly", r"\bPterosaurs\b"),
    ("would a t rex eat a person", r"^No\b.*\blong before people\b"),
    ("how do rockets take off", r"\bfuel\b"),
])
def test_knowledge_kinds_are_answered(question, expect):
    reply = said(question)
    assert re.search(expect, reply), reply


@pytest.mark.parametrize("line, expect", [
    ("if you mix red and blue what do you get", r"\bpurple\b"),
    ("blue and yellow makes what colour", r"\bgreen\b"),
    ("mixing black and white makes what", r"\bgrey\b"),
    ("a spider has how many legs", r"\beight\b"),
])
def test_a_question_asked_back_to_front(line, expect):
    reply = said(line)
    assert re.search(expect, reply), reply


def test_a_back_to_front_question_about_the_childs_own_things_is_not_a_fact():
    assert "puppy" not in said("my dog is called what").lower()


@pytest.mark.parametrize("line, expect", [
    ("tomorrow is my first day at school", r"\b(?:brave|friends|nervous|exciting|proud)\b"),
    ("i start reception on monday", r"\b(?:brave|friends|nervous|exciting|proud)\b"),
    ("my mummy has had a baby", r"\bbaby\b"),
    ("the new baby was born today", r"\bbaby\b"),
    ("my auntie just had a baby", r"\b(?:cousin|baby)\b"),
    ("grandpa is coming to stay", r"\b(?:lovely|exciting|hug|visit|special)"),
    ("my grandparents are visiting tomorrow", r"\b(?:lovely|exciting|hug|visit|special)"),
    ("oh no it is raining again", r"\b(?:rain|inside|den|cosy|drawing)"),
    ("we can't go out because it's raining", r"\b(?:rain|inside|den|cosy|drawing)"),
    ("were off to the seaside today", r"\b(?:sand|waves|beach|seaside|shells)"),
    ("here is a pizza for you", r"\b(?:thank|yum|munch|nom)", ),
    ("i baked you a cupcake", r"\b(?:thank|yum|munch|nom)"),
    ("my little sister is really annoying", r"\b(?:annoy|frustrat|cross|grr)"),
    ("i ate up all my vegetables", r"\b(?:well done|great|brilliant|proud)"),
    ("we're having fish and chips for tea", r"\bfish and chips\b"),
    ("it's pancake day", r"\bpancakes?\b"),
    ("i really like my new teacher", r"\bteachers?\b"),
    ("the dog chewed my slipper", r"\bdog\b"),
    ("i dropped my ice lolly", r"\b(?:oh no|shame|oh dear|oops|sad)"),
    ("we saw a real whale", r"\bwhale\b"),
    ("two more sleeps till christmas", r"\b(?:christmas|reindeer|stocking|santa)", ),
    ("i am too small to go on the log flume", r"\b(?:grow|tall enough|bigger|safe)"),
    ("we fed the goats at the farm", r"\b(?:hungry|feeding|gobbled|food)"),
    ("my dad built us a fort", r"\b(?:den|cosy|hideout|snuggly)"),
    ("i had a funny dream", r"\bdreams?\b"),
    ("atishoo", r"\bbless you\b"),
    ("my dad has got a cold", r"\b(?:better|rest|poorly|care|card)"),
    ("were going on a picnic", r"\b(?:exciting|fun|lovely)"),
])
def test_everyday_news_gets_a_fitting_reply(line, expect):
    for seed in range(3):  # whichever line the bear picks
        reply = said(line, seed)
        assert re.search(expect, reply, re.I), (seed, reply)
        assert not GENERIC.search(reply), (seed, reply)


def test_news_replies_never_say_back_an_unvetted_word():
    reply = said("my teacher is called mrs poopyhead and she is nice")
    assert "poopyhead" not in reply.lower()
    reply = said("i got a new baby cousin called stinky")
    assert "stinky" not in reply.lower()


def test_were_going_is_news_but_were_there_is_still_a_question():
    assert re.search(r"\b(?:beach|sand|waves)\b", said("were going to the beach tomorrow"), re.I)
    assert re.search(r"\bPterosaurs\b", said("were there dinosaurs that had wings"))


def test_bored_gets_an_idea_of_something_to_do():
    for seed in range(5):
        reply = said("i'm so bored", seed)
        assert re.search(r"\b(?:how about|idea|build|draw|treasure hunt|pretend)\b", reply, re.I), reply
