"""Companion round 11a: what children ask about an animal as a follow-up ("what colour are they" after
"tell me about pandas": one table per animal, a sentence per facet), single questions with their
neighbours (animals without bones, longest noses, weather on other planets, hello in other languages,
berries, black and white as colours), things in order (days, months, seasons, letters, and "what
comes after that"), big numbers said in words, "and what was the smallest" after the biggest, and a
question about the child's own pet answered."""

from __future__ import annotations

import re

import pytest

from conftest import brain_talk

from bear.talk.knowledge import load_entries
from bear.talk.knowledge_facets import FACETS, facet_records

DONT_KNOW = re.compile(r"i don.?t know|not sure|muddled|don.?t quite understand|ask a grown-up\.$", re.I)


def talk(*lines: str, seed: int = 5) -> str:
    """The bear's reply to the last line, after the ones before it in the same conversation."""
    return brain_talk(*lines, seed=seed)[0].text


@pytest.mark.parametrize("lines, expect", [
    (("tell me about koalas", "what colour are they"), r"\bgrey\b"),
    (("tell me about zebras", "what do they eat"), r"\bgrass\b"),
    (("tell me about hippos", "are they dangerous"), r"\bdangerous\b"),
    (("what do giraffes eat", "how fast can they run"), r"\bfast\b"),
    (("tell me about wolves", "what are their babies called"), r"\bpups\b"),
    (("tell me about owls", "what noise do they make"), r"\bhoot\b"),
    (("tell me about kangaroos", "how long do they live"), r"\byears\b"),
    (("tell me about penguins", "can they fly"), r"can't fly"),
    (("tell me about crocodiles", "how heavy are they"), r"\bheavier\b"),
    (("tell me about spiders", "how big can they get"), r"\bdinner plate\b"),
    (("tell me about squirrels", "where do they live"), r"\bdrey\b"),
    (("tell me about gorillas", "what sound do they make"), r"\bchests\b"),
    (("tell me about parrots", "what else can they do"), r"\bcopy words\b"),
    (("tell me about sheep", "what are baby ones called"), r"\blambs\b"),
])
def test_a_follow_up_about_an_animal_is_answered_by_its_facet(lines, expect):
    reply = talk(*lines)
    assert re.search(expect, reply, re.I), (lines, reply)


@pytest.mark.parametrize("question, expect", [
    ("do jellyfish have bones", r"\bno bones\b"),
    ("does a snake have a skeleton", r"\bbones\b"),
    ("what animal has the biggest nose", r"\belephant\b.*\btrunk\b"),
    ("which animal has the longest tongue", r"\bchameleon\b"),
    ("what did the long neck dinosaurs eat", r"\bplants\b"),
    ("can a fish breathe on land", r"\bgills\b"),
    ("why does wet washing get dry", r"\bevaporation\b"),
    ("how does electric get into the sockets", r"\bwires\b"),
    ("what is the warmest season", r"\bsummer\b"),
    ("is there weather on mars", r"\bdust storms\b"),
    ("can people go to the sun", r"^No\b"),
    ("is white a colour", r"\ball the colours\b"),
    ("are bananas berries", r"\bberry\b"),
    ("is a strawberry a berry", r"\bisn't a real berry\b"),
    ("how do you say thank you in german", r"\bdanke\b"),
    ("what is hello in italian", r"\bciao\b"),
    ("how do you say hello in mandarin", r"\bni hao\b"),
    ("what do seals have whiskers for", r"\bwhiskers\b"),
    ("is chocolate bad for rabbits", r"\bpoisonous\b"),
    ("do crocodiles have tongues", r"\btongue\b"),
    ("what do you call a baby kangaroo", r"\bjoey\b"),
    ("what is the biggest animal in the whole wide world", r"\bblue whale\b"),
    ("were there people when the dinosaurs were alive", r"\bpeople\b"),
])
def test_single_questions_and_their_neighbours(question, expect):
    reply = talk(question)
    assert re.search(expect, reply, re.I), (question, reply)


@pytest.mark.parametrize("lines, expect", [
    (("what day comes after friday",), r"^Saturday!"),
    (("what's the day before monday",), r"^Sunday!"),
    (("what comes after sunday", "and after that"), r"^Tuesday!"),
    (("which month comes after december",), r"^January!.*starts again"),
    (("what month is before march", "and before that"), r"^January!"),
    (("what season comes after summer",), r"^Autumn!"),
    (("what comes after winter",), r"^Spring!"),
    (("what letter comes after k", "what comes next"), r"^M!"),
    (("what letter comes after z",), r"last letter"),
    (("what comes after a thousand",), r"^A thousand and one!"),
    (("what number comes after twenty", "and after a hundred"), r"^A hundred and one!"),
    (("which is bigger fifty or five hundred",), r"^Five hundred is bigger"),
    (("which is smaller eight or three",), r"^Three is smaller than eight"),
    (("is a million bigger than a thousand",), r"^Yes, one million is bigger"),
])
def test_things_in_order_and_big_numbers(lines, expect):
    reply = talk(*lines)
    assert re.search(expect, reply), (lines, reply)


def test_after_that_carries_on_only_from_what_was_just_said():
    """"what comes after that" follows the last sequence only just after it; a number said later wins."""
    assert re.search(r"^Thursday!", talk("what day is after tuesday", "what comes after that"))
    reply = talk("what day is after tuesday", "what is two plus two", "what comes after that")
    assert re.search(r"^Five!", reply), reply


@pytest.mark.parametrize("lines, expect", [
    (("what is the tallest animal", "and what is the smallest"), r"\bsmall"),
    (("which is the biggest planet", "and which one is the smallest"), r"\bMercury\b"),
])
def test_the_other_end_of_a_superlative(lines, expect):
    reply = talk(*lines)
    assert re.search(expect, reply), (lines, reply)


def test_a_question_about_the_childs_pet_is_answered():
    reply = talk("why does my cat sit in boxes")
    assert re.search(r"\bsafe\b", reply), reply
    reply = talk("my dog is called rolo")  # news about the pet still gets the pet's reply
    assert not re.search(r"\bwag", reply), reply


def test_an_unknown_facet_stays_an_honest_i_dont_know():
    """No false fact: an animal with no sound in its table is not given another animal's sound."""
    reply = talk("tell me about ladybirds", "what sound do they make")
    assert "moo" not in reply.lower() and "roar" not in reply.lower(), reply
    reply = talk("what colour is a unicorn's tongue")
    assert DONT_KNOW.search(reply) or "imagine" in reply.lower(), reply


def test_every_facet_table_is_well_formed_and_in_the_index():
    records = facet_records()
    animals = {r["subject"] for r in records}
    assert len(animals) >= 40
    assert {r["id"].rsplit("-", 1)[1] for r in records} <= set(FACETS)
    for animal in animals:  # the common facets children ask about are there for nearly every animal
        facets = {r["id"].rsplit("-", 1)[1] for r in records if r["subject"] == animal}
        assert {"eat", "home", "size", "colour"} <= facets, animal
    ids = {e.id for e in load_entries()}
    kept = [r["id"] for r in records if r["id"] in ids]
    assert len(kept) >= 0.75 * len(records), len(kept)  # the rest: hand-written entries answer them
