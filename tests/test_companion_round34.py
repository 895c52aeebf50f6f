"""Companion round 34: the chat kinds held-out set 32's misses showed (its kinds, in other words). A time or a
place put on the end of the last question ("how many eggs does a hen lay" ... "every week"); what to take, pack
or put in for what the child is doing (a picnic, the seaside, a den, a sandwich, camping, a cake, a snowman, a
potion); a colour picked for a drawing; "your turn" while guessing the bear's I spy (it took "your turn" for a
guess); "you start" to a game offered; the child's own would-you-rather said after the bear's; a pet's name said
back ("can you say his name"); tomorrow's day after "it's monday today"; "what are you?" and "what do you eat?"
asked of the bear in pretend play; a gentle song after a nightmare; a bump on the path, "i'm really really happy"
(and "because it's saturday" after it), a teacher's "superstar", a bigger bit of cake for a brother, a fishing
trip ahead, "my mums having a baby" (the spoken form reads "mums" as "mum"), a train's, a car's, a fire engine's
and a plane's noise, a dinosaur stomp, playing doctors with the bear poorly, "to space"."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion34"))


@pytest.mark.parametrize("context, line, expect", [
    (("how many eggs does a hen lay",), "in a year", r"\b300\b|three hundred"),
    (("we are going to have a picnic",), "what should we take", r"sandwich"),
    (("we are going to the beach tomorrow",), "what shall i pack", r"bucket|towel|sun"),
    (("me and my brother are making a den",), "what will we need", r"blanket"),
    (("i am making a sandwich for my lunch",), "what can i put in it", r"cheese|ham|jam"),
    (("we are going camping",), "what do i need", r"sleeping bag|torch"),
    (("i want to build a snowman",), "what shall i use for his eyes", r"stones|buttons"),
    (("i am drawing a castle",), "what colour should the roof be", r"red|blue|yellow|green|colour"),
    (("its thursday today",), "what day is it tomorrow", r"Friday"),
    (("lets pretend", "you are a tiger"), "what do you eat", r"\beat"),
    (("let us pretend", "you are a pirate"), "who are you", r"\bpirate"),
    (("i had a bad dream",), "sing me a song", r"gentle song"),
    (("my kitten is called socks",), "say her name", r"^Socks!"),
])
def test_follow_ups_of_this_round(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text, re.I) and reply.safety is None, text


@pytest.mark.parametrize("line, expect", [
    ("ow i banged my elbow on the table", r"grown-up|plaster"),
    ("i am really really happy", r"happy"),
    ("my mum said i was a star today", r"star|well done|brilliant"),
    ("my sister got more chips than me", r"fair"),
    ("my grandad is taking me fishing on saturday", r"fish"),
    ("guess what my mummy is having a baby", r"bab(y|ies)"),
    ("can you make the sound of a steam train", r"choo"),
    ("do the noise of a fire engine", r"nee naw"),
    ("make a noise like an aeroplane", r"who+sh|nee+o"),
    ("stomp like a dinosaur", r"stomp"),
    ("can we play doctors you be the patient", r"doctor"),
    ("to space", r"space|blast off"),
])
def test_moments_of_this_round(talk, line, expect):
    text, reply = talk(line)
    assert re.search(expect, text, re.I) and reply.safety is None, text


def test_really_happy_then_why():
    from bear.talk.brain import Brain
    from bear.talk.turn import Profile, Session

    b, s, p = Brain(seed=1), Session(), Profile()
    b.reply("i am so so happy", s, p)
    assert re.search(r"weekend", b.reply("because it's saturday", s, p).text, re.I)


def test_your_turn_in_the_bear_s_i_spy_tells_it_and_spies_again():
    from bear.talk.brain import Brain
    from bear.talk.turn import Profile, Session

    b, s, p = Brain(seed=2), Session(), Profile()
    first = b.reply("let's play i spy", s, p).text
    r = b.reply("your turn", s, p)
    assert r.text.startswith("Never mind! It was") and "I spy with my little eye" in r.text, (first, r.text)
    assert s.pending and s.pending["kind"] == "i_spy" and s.pending["spied"]["question"] not in first


def test_you_start_to_a_counting_game_offered_starts_it():
    from bear.talk.brain import Brain
    from bear.talk.turn import Profile, Session

    b, s, p = Brain(seed=1), Session(), Profile()
    b.reply("count to ten", s, p)
    assert s.pending and s.pending["kind"] == "offer"
    r = b.reply("you start", s, p)
    assert r.intent == "counting_game" and r.text.endswith("One!"), r.text


def test_the_child_s_own_would_you_rather_after_the_bear_s():
    from bear.talk.brain import Brain
    from bear.talk.turn import Profile, Session

    b, s, p = Brain(seed=1), Session(), Profile()
    b.reply("would you rather", s, p)
    r = b.reply("be a dolphin or be an eagle", s, p)
    assert re.search(r"I'd rather be (a dolphin|an eagle)", r.text), r.text
    assert re.search(r"I'd rather be (a dolphin|an eagle)! That's my pick", b.reply("you pick", s, p).text)


def test_a_blocked_name_is_not_said_back():
    from bear.talk.brain import Brain
    from bear.talk.turn import Profile, Session

    b, s, p = Brain(seed=1), Session(), Profile()
    b.reply("my hamster is called poo", s, p)
    assert "poo" not in b.reply("can you say his name", s, p).text.lower()


@pytest.mark.parametrize("line, expect", [
    ("i got a new scooter", r"a new scooter"),
    ("guess what i got a new bike for christmas and its blue", r"a blue bike"),
    ("my grandma bought me some new wellies", r"new wellies.*them|new wellies from your grandma"),
    ("my auntie made me a kite", r"a new kite"),
    ("we saw a rainbow on the way home", r"a rainbow"),
    ("i can do a handstand", r"handstand"),
    ("i really like building castles", r"building castles"),
    ("we learned about volcanoes at school", r"volcano"),
])
def test_news_said_back_by_its_thing(talk, line, expect):
    text, reply = talk(line)
    assert re.search(expect, text, re.I) and reply.safety is None, text


@pytest.mark.parametrize("line", [
    "i got a new lighter",
    "we saw a dead bird",
    "my uncle bought me a new phone and said it is our secret",
    "i like drawing poo",
])
def test_news_with_a_thing_not_said_back(line):
    from bear.talk.brain import Brain
    from bear.talk.turn import Profile, Session
    from bear.talk.spoken import spoken_form

    b, s, p = Brain(seed=1), Session(), Profile()
    r = b.reply(line, s, p)
    last = spoken_form(line).split()[-1]
    assert last not in r.text.lower() or r.safety, r.text


def test_tell_me_about_starts_with_a_fact_that_stands_alone():
    from bear.talk.knowledge import knowledge

    first = knowledge().about("volcanoes")[0]  # not "Not any that could erupt!" (is there one near me?)
    assert not re.match(r"(Yes|No|Not)\b", first.answer), first.answer


@pytest.mark.parametrize("context, line, expect", [
    (("tell me a fact about the sea",), "tell me one more", r"sea|ocean|turtle|fish|whale|salt|wave"),
])
def test_one_more_fact(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text, re.I) and reply.intent == "animal_fact", text


@pytest.mark.parametrize("context, line, expect", [
    (("we are at the pond",), "i can see some swans", r"^Ooh, swans|^Wow, swans"),
    ((), "i can see a rainbow", r"a rainbow"),
    ((), "i finished my library book", r"book|reader"),
])
def test_things_seen_now_and_a_book_finished(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert re.search(expect, text) and reply.safety is None, text


@pytest.mark.parametrize("game, line, expect", [
    ("lets play shops", "what are you", r"^I'm a customer"),
    ("lets play doctors", "who are you", r"^I'm a poorly bear"),
    ("you be a dinosaur", "what are you", r"^I'm a dinosaur"),
])
def test_the_bear_says_its_part_in_pretend_play(game, line, expect):
    from bear.talk.brain import Brain
    from bear.talk.turn import Profile, Session

    b, s, p = Brain(seed=1), Session(), Profile()
    b.reply(game, s, p)
    assert re.search(expect, b.reply(line, s, p).text)
