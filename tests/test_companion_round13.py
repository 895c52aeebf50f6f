"""Companion round 13 (the kinds of set 10's missed chat questions, in other words than its lines):
the knowledge base answers the neighbouring questions children ask about clever animals, grazing,
what bees see, what pets and tadpoles eat, whether sea animals drink, sleeping standing up, honey,
snow in summer, the wind's noise, what trees give us, air in space, volcanoes in Britain, each season,
making rain, people flying, the Eiffel Tower and famous footballers; old entries answer more ways of
asking (thunder, the telly, bulbs, seeds, bikes, snowflakes, bread rising, balls, aliens, rainbows)."""

from __future__ import annotations

import pytest

from bear.talk.knowledge import knowledge


@pytest.mark.parametrize("question, entry", [
    ("is an octopus really smart", "asked_round13.octopus-clever"),
    ("which animal is the cleverest in the world", "asked_round13.clever-animals"),
    ("why do cows munch grass all day", "asked_round13.cows-grass"),
    ("what colours do bees see", "asked_round13.bees-colours"),
    ("what should i feed my goldfish", "asked_round13.goldfish-eat"),
    ("what do little tadpoles eat", "asked_round13.tadpoles-eat"),
    ("do dolphins ever drink water", "asked_round13.whales-drink"),
    ("can elephants sleep standing up", "asked_round13.sleep-standing"),
    ("is honey ok for children", "asked_round13.honey-eat"),
    ("does it ever snow in summer", "asked_round13.snow-summer"),
    ("why does the wind whistle so loud", "asked_round13.wind-noise"),
    ("what do trees do for people", "asked_round13.trees-give"),
    ("why is space empty of air", "asked_round13.space-no-air"),
    ("are there any volcanoes in the uk", "extra_world.volcano-britain"),
    ("what happens in the winter", "asked_round13.winter"),
    ("what happens in the autumn", "asked_round13.autumn"),
    ("why cant people fly", "asked_round13.people-fly"),
    ("how tall is the eiffel tower in paris", "asked_round13.eiffel-tower"),
    ("who is the best footballer ever", "asked_round13.best-footballer"),
    ("what causes the thunder", "weather.thunder"),
    ("how do televisions show pictures", "machines.tv"),
    ("what makes a bicycle go", "machines.bike-chain"),
    ("what makes the bread rise", "everyday_why.bread-holes"),
    ("what shape is a beach ball", "extra_everyday.shape-sphere"),
    ("are aliens really real", "space.aliens"),
])
def test_round_thirteen_knowledge_answers_new_wordings(question, entry):
    got = knowledge().search(question)
    assert got is not None and got.entry.id == entry, (question, got)


@pytest.mark.parametrize("question, topic, words", [
    ("do they drink water", "whale", ("salty", "food")),
    ("what do they eat", "tadpole", ("algae",)),
    ("is it hot", "sun", ("Yes", "hot")),
])
def test_follow_ups_on_a_topic_find_the_new_answers(question, topic, words):
    got = knowledge().search(question, topic=topic)
    assert got is not None and all(w in got.entry.answer for w in words), (question, got)


def test_neighbours_keep_their_own_entries():
    """New phrasings must not pull neighbouring questions away from the entries that answer them."""
    kb = knowledge()
    for question, entry in [("why is it cold in winter", "space.seasons"),
                            ("how do bees make honey", "animals.bee-honey"),
                            ("why does bread have holes", "everyday_why.bread-holes"),
                            ("what is a group of crows called", "more_animals.crow-group")]:
        got = kb.search(question)
        assert got is not None and got.entry.id == entry, (question, got)
