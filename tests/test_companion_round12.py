"""Companion round 12 (set 11's misses, each as a family): knowledge children ask ("why", "what", "where",
"do X sleep", capitals, word meanings, every colour of fruit) and its follow-ups ("too" at the end, "it"
that is the weather, "which one" after space, "sun burn" said as two words), everyday news and wishes
(vegetables, light-up shoes, glasses, a creature found, themed pyjamas, the tooth fairy, a crying baby, a
runny nose, a themed cake), and little requests (a magic trick, a silly noise, yoga, the floor is lava,
twenty questions, a nursery rhyme). New phrasings, not the measured tables' lines."""

from __future__ import annotations

import re

import pytest

from conftest import brain_talk

from bear.talk.brain import Brain
from bear.talk.knowledge import knowledge
from bear.talk.safety import Safety
from bear.talk.turn import Profile, Session


SAFETY = Safety.load()


def said(*lines: str, seed: int = 7) -> str:
    """The last reply after `lines` said in one conversation."""
    reply = brain_talk(*lines, seed=seed)[0]
    assert SAFETY.output_problem(reply.text) is None, reply.text
    return reply.text


# --- knowledge: each question's family -----------------------------------------------------------------------
@pytest.mark.parametrize("question, expect", [
    ("why do alligators keep their mouths open", r"\bcool"),
    ("why do lizards sit in the sun", r"\bwarm"),
    ("did pterosaurs fly", r"^Yes"),
    ("do wasps sleep", r"\b(sleep|rest)"),
    ("do butterflies sleep", r"\brest"),
    ("where do ladybirds go in winter", r"\bbark\b"),
    ("what happens to insects in the winter", r"\b(hide|eggs)\b"),
    ("do toads breathe underwater", r"\bskin\b"),
    ("do trees go to sleep", r"\b(rest|winter)"),
    ("what happens to an egg when you boil it", r"\bproteins\b"),
    ("why does pasta go soft when you cook it", r"\bwater\b"),
    ("which fruits are red", r"\bStrawberries\b"),
    ("what food is purple", r"\bgrapes?\b|\bGrapes\b"),
    ("why is it always raining", r"\bsea\b"),
    ("tell me a fact about the moon", r"\bfootprints\b"),
    ("could people live on the moon", r"\bno air\b"),
    ("what planet is nearest the sun", r"\bMercury\b"),
    ("what is the capital of italy", r"\bRome\b"),
    ("whats the capital city of japan", r"\bTokyo\b"),
    ("what does curious mean", r"\bfind out\b"),
    ("what does the word patient mean", r"\bwait"),
    ("what is the meaning of honest", r"\btruth\b"),
    ("did knights ride horses", r"^Yes"),
    ("are mummies real", r"\bEgypt\b"),
    ("what colour is a giraffes tongue", r"\bblue"),
    ("do sharks eat humans", r"\bfish\b"),
    ("how many days does a leap year have", r"\bthree hundred and sixty-six\b"),
    ("why does thunder bang", r"\blightning|Lightning\b"),
    ("will the sun run out", r"\bbillions\b"),
    ("what are toes for", r"\bbalance\b"),
    ("how do i click my fingers", r"\bthumb\b"),
])
def test_a_question_of_the_family_is_answered(question, expect):
    text = said(question)
    assert re.search(expect, text), (question, text)


@pytest.mark.parametrize("question, topic, entry", [
    ("do tigers purr too", None, "more_animals.big-cats-purr"),  # "too" at the end is no word of the question
    ("does it rain a lot there", "weather", None),  # not "does weather rain": "it" is the weather itself
    ("why does it rain so much in england", "weather", "asked_round12.rain-a-lot-here"),
    ("does it snow there", "mars", "asked_more.rain-on-mars"),  # "there" is the topic when "it" is the weather
    ("which one is the coldest", "space", "extra_world.coldest-planet"),  # after space, "which one" is a planet
    ("will the sun burn out", None, "extra_world.sun-burn-out"),  # "sun burn" said as a phrasing says it
])
def test_follow_up_words_are_understood(question, topic, entry):
    answer = knowledge().search(question, topic=topic)
    if entry is None:
        assert answer is None or "forecast" not in answer.entry.id, answer
    else:
        assert answer is not None and answer.entry.id == entry, (question, answer)


def test_which_one_after_space_and_what_about_after_a_capital():
    assert re.search(r"\bVenus\b", said("how many planets are there", "which one is the hottest"))
    assert re.search(r"\bBerlin\b", said("what is the capital of spain", "what about germany"))


# --- news, wishes and little requests ------------------------------------------------------------------------
@pytest.mark.parametrize("line, expect", [
    ("i really dont want to eat my broccoli", r"\b(strong|healthy|grow|bite)\b"),
    ("i hate peas", r"\b(strong|healthy|grow|bite)\b"),
    ("my new trainers flash when i walk", r"(?i)\b(flash\w*|light\w*|sparkle)\b"),
    ("we bought new boots today", r"(?i)\bnew shoes\b"),
    ("i have to wear glasses now", r"(?i)\bglasses\b"),
    ("i caught a caterpillar", r"(?i)\bcaterpillar\b"),
    ("i am in my unicorn onesie", r"(?i)\bunicorn onesie\b"),
    ("does the tooth fairy come tonight", r"(?i)\b(tooth fairy|pillow)\b"),
    ("my nose keeps running", r"\b(tissue|rest)\b"),
    ("i would like a chocolate cake", r"(?i)\bchocolate cake\b"),
    ("what flavour ice cream do you like", r"\b(Honey|vanilla|Strawberry)\b"),
    ("which pet should i get", r"\b(fish|hamster|care|look after)\b"),
    ("what do i feed my puppy", r"\bpuppy food\b"),
    ("show me a magic trick", r"(?i)\b(abracadabra|hocus)\b"),
    ("can you do a burping noise", r"(?i)\b(parp|thbbt|toot)\b"),
    ("shall we do yoga together", r"(?i)\b(stretch|breathe)"),
    ("lets play the floor is lava", r"\blava\b"),
    ("can we play 20 questions", r"(?i)\bthink of an animal\b"),
    ("lets play twenty questions", r"(?i)\bthink of an animal\b"),
    ("sing me a nursery rhyme", r"\b(Humpty|Jack|diddle|Hickory|Muffet|Baa)\b"),
])
def test_news_wishes_and_little_requests(line, expect):
    text = said(line)
    assert re.search(expect, text), (line, text)


def test_a_crying_baby_after_the_news_and_an_unlisted_creature_is_not_said_back():
    assert re.search(r"(?i)\bbab(y|ies)\b.*\bcry", said("we have a new baby", "she cries all night"))
    assert "zorp" not in said("i found a zorp in the garden").lower()


def test_the_age_next_year_after_the_child_said_it():
    assert re.search(r"\b8\b|\beight\b", said("i am seven", "how old will i be on my next birthday"))
    assert not re.search(r"\d", said("what age will i be next year"))  # not told: not guessed as a fact


def test_a_knock_knock_one_asked_after_other_jokes():
    from types import SimpleNamespace

    brain, s, p = Brain(seed=3), Session(), Profile()
    for line in ("tell me a joke", "another one", "tell me a knock knock one"):
        reply = brain.reply(line, s, p, understood=SimpleNamespace(intent="joke", confidence=0.9))
    assert reply.text.startswith("Knock knock"), reply.text


def test_twenty_questions_either_way_round():
    assert re.search(r"(?i)think of an animal", said("can we play twenty questions"))
    text = said("lets play 20 questions", "no you think of one", "does it live in the sea")
    assert re.search(r"^(Yes|No|Nope)\b", text), text
    text = said("lets play 20 questions", "you think of an animal", "is it a zebra")
    assert re.search(r"\b(Yes|No|Not)\b.*\bzebra\b", text), text


def test_sneezing_stays_the_sneeze_moment():
    assert re.search(r"(?i)\bbless you\b", said("i keep sneezing"))


def test_a_follow_up_about_the_topic_in_the_knowledge_bases_words_and_asked_with_will():
    assert re.search(r"\bEgypt\b", said("tell me about mummies", "were they real"))
    assert re.search(r"\bbillions\b", said("tell me about the sun", "will it burn out"))
    assert "friend" in said("will you be my friend").lower()  # asking the bear, not the knowledge base
