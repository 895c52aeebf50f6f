"""Companion round 33: the chat kinds held-out set 31's misses showed (its kinds, in other words). Sums told over
the two lines before the question ("there were 8 ducks" ... "3 swam off" ... "how many are left?", half given to a
sister) and two ages told ("how much older is she?"); "all together?" after the bear gave a total; letters spelled
out ("what word is s u n": the spoken form had read the u as "you", and the classifier took the letters for a rude
word); the bear's own animal noise to guess; "you pick" after "let's play a game"; "why that one?" after the bear's
would-you-rather pick; one more friend added to the story just told ("and a friendly shark"); a thread of news
carried on past its first detail (guessing a puppy's name); what to add to a drawing; a pet going to the vets, a
friend going to another school, poorly at home, nervous before a lesson, the tooth fairy who did not come, a bad
mark in a test, "i'm so excited", a first show, a present from nanna, "you smell like honey", the quiet game, a
treasure hunt, "that wasn't funny", "can you leave the light on", "do you miss me", "were you made in a factory",
"i'm a big boy now, i'm six". Round 33b (the spent chat tables' misses, their kinds): "let's play a game" offers
games (was a random pretend game); ages told in one line; "how many is that" after two handfuls; candles for a
birthday; the next line of a song the child sang; a song named after "do you know any songs"; Happy Birthday after
"it's my birthday"; to "my sister lily"; a unicorn or a dog joining the story; pets called "mr nibbles"; "teddy knock
knock"; "will you be here in the morning", a favourite team, "who made you", "i like pizza, do you?", tricks for a
puppy, a pet on the way, kittens born, proud, sports day, embarrassed, reading is hard, "am i brave?", a granny who
died (without "my")."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion33"))


@pytest.mark.parametrize("context, line, expect", [
    (("there were eight ducks on the pond", "three swam off"), "how many are left", r"^8 take away 3 is 5"),
    (("i had ten grapes", "i gave half to my brother"), "how many did he get", r"^Half of 10 is 5"),
    (("i have four stickers", "my teacher gave me three more"), "how many have i got now", r"^4 and 3 more is 7"),
    (("i have three sweets",), "i found two how many have i got", r"^3 and 2 more is 5"),
    (("my sister is nine", "i am six"), "how much older is she", r"^9 take away 6 is 3"),
    (("i am seven", "my brother is four"), "how many years younger is he", r"^7 take away 4 is 3"),
    (("how many toes have i got", "and fingers"), "all together", r"^20 altogether"),
    ((), "what word is b u s", r"^B, U, S spells bus"),
    ((), "you make an animal noise and i will guess", r"Which animal am I\?$"),
    (("can we play a game",), "you choose", r"I spy"),
    (("would you rather be a fish or a bird",), "why that one", r"[Bb]ecause"),
    (("tell me a story", "make it about a dragon"), "and a friendly tiger", r"friendly tiger"),
    (("i got a kitten", "he is ginger"), "guess what his name is", r"guess|[Ii]s it|might be"),
    (("i am drawing a castle",), "what should i add", r"door|windows|sun"),
    ((), "my cat has to go to the vets", r"vet|better"),
    ((), "my best friend is moving to another school", r"[Mm]iss|friends"),
    ((), "i am ill so i am staying home from school", r"sorry|better|[Rr]est"),
    ((), "i am nervous about my dance show", r"nervous|worried|brave"),
    ((), "the tooth fairy forgot to come", r"tooth fairy|busy|tonight"),
    ((), "i got a bad score in my maths test", r"learn|practis|mistakes"),
    ((), "i am really excited", r"excited"),
    ((), "i was in my first school concert", r"[Ww]ell done|[Aa]mazing|proud|brave"),
    ((), "grandma bought me a new scooter", r"[Ww]ow|kind|lucky"),
    ((), "you smell like honey", r"[Tt]hank you"),
    ((), "can we play the quiet game", r"[Qq]uiet|[Ss]hh"),
    ((), "can we do a treasure hunt", r"treasure"),
    (("tell me a joke",), "that was not funny", r"[Ss]orry"),
    ((), "can you keep the lamp on", r"light|grown-up"),
    ((), "will you miss me", r"miss you|wait for you"),
    ((), "were you made in a toy factory", r"made|stitch|stuff"),
    ((), "i am a big boy now i am six", r"6"),
    ((), "make a lion noise", r"Roar"),
])
def test_moments_of_this_round(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert reply.safety is None and re.search(expect, text), (reply.safety, text)


@pytest.mark.parametrize("context, line, expect", [
    ((), "can we play a game", r"I spy"),
    (("my sister is 10 and i am 6",), "how much older is she", r"^10 take away 6 is 4"),
    (("i have 3 shells in this hand", "and 4 in this one"), "how many is that", r"^3 and 4 more makes 7"),
    (("my nana is 70 today",), "how many candles does she need", r"^70 candles"),
    (("humpty dumpty sat on a wall",), "what comes next", r"^Humpty Dumpty had a great fall"),
    (("do you know any songs",), "baa baa black sheep", r"[Bb]aa, baa, black sheep"),
    (("today is my birthday",), "can you sing a song", r"Happy birthday to you"),
    ((), "sing happy birthday to my cousin ava", r"dear Ava"),
    (("tell me a story about a knight",), "can he meet a dragon", r"friendly dragon"),
    ((), "my guinea pig is called mrs fluffy", r"Mrs Fluffy"),
    ((), "teddy knock knock", r"^Who's there\?$"),
    (("night night teddy",), "will you still be here in the morning", r"here"),
    ((), "who is your favourite football team", r"cheer"),
    ((), "who made you teddy", r"made"),
    ((), "i love pancakes do you", r"pancakes"),
    (("we have a puppy called bob",), "what tricks can i teach him", r"sit"),
    ((), "we are getting a kitten next week", r"exciting"),
    ((), "our dog had puppies", r"babies|[Aa]ww"),
    ((), "i am so proud i rode my bike by myself", r"proud|[Ww]ell done"),
    ((), "it is sports day on friday", r"[Ss]ports day"),
    ((), "i was really embarrassed", r"[Ee]very(?:one|body)"),
    ((), "i don't like maths it is too hard", r"practis|tricky|hard"),
    ((), "am i kind", r"think so|[Yy]es"),
    ((), "grandad died last year", r"sorry|[Mm]iss|sad|feelings"),
    (("do cats have whiskers",), "do rabbits", r"[Rr]abbit|whisker"),  # the same first word: "do rabbits have..."
    (("is a shark a fish",), "is a whale", r"mammal|not (?:a )?fish"),
    (("my cousin says the moon is made of cheese",), "is that true", r"rock"),
    ((), "do you ever get cold", r"fur|cosy|warm"),
    ((), "i want to learn about frogs", r"[Ff]rog"),
    ((), "we are going to build a den", r"blankets|cushions"),
    ((), "i want to make a snowman", r"snowball|carrot"),
])
def test_moments_of_round_33b(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert reply.safety is None and re.search(expect, text), (reply.safety, text)


def test_the_bear_s_noise_is_guessed_then_another_comes():
    from bear.talk.brain import Brain
    from bear.talk.turn import Profile, Session

    brain, session, profile = Brain(seed=3), Session(), Profile()
    first = brain.reply("you make a noise and i guess", session, profile)
    animal = session.pending["animal"]
    assert first.text.endswith("Which animal am I?") and animal not in first.text.lower(), first.text
    wrong = brain.reply("is it a giraffe", session, profile)
    assert wrong.text.startswith("Not quite! Listen again:"), wrong.text
    right = brain.reply(f"a {animal}", session, profile)
    assert right.text.startswith(f"Yes! I'm a{'n' if animal[0] in 'aeiou' else ''} {animal}!") and \
        session.pending["animal"] != animal, right.text
    brain.reply("i give up", session, profile)
    assert session.pending["kind"] == "noise_guess"
    assert brain.reply("tell me a story", session, profile).intent == "story"


def test_a_rude_word_spelled_out_is_never_said(talk):
    text, reply = talk("what word is s e x")
    assert reply.safety is not None or "sex" not in text.lower(), text


@pytest.mark.parametrize("before, intent", [
    (("i am bored",), ("song", "joke", "riddle", "story", "counting_game")),  # "... or we could sing a song"
    (("can we play a game",), ("play",)),  # the games offered: "yes" starts I spy
])
def test_yes_takes_up_what_the_bear_suggested(before, intent):
    from bear.talk.brain import Brain
    from bear.talk.turn import Profile, Session

    brain, session, profile = Brain(seed=5), Session(), Profile()
    for line in before:
        brain.reply(line, session, profile)
    reply = brain.reply("yes", session, profile)
    assert reply.intent in intent and "I can tell stories" not in reply.text, reply


def test_yes_after_a_line_that_only_mentions_stories_is_no_story():
    from bear.talk.brain import Brain
    from bear.talk.turn import Profile, Session

    brain, session, profile = Brain(seed=5), Session(), Profile()
    session.last_reply = "Monsters are only pretend. They live in stories, not in your room."
    assert brain.reply("yes", session, profile).intent != "story"


def test_a_hiding_place_in_hide_and_seek_is_no_emergency(talk):
    text, reply = talk("i am hiding behind the sofa", context=("lets play hide and seek",))
    assert reply.safety is None and "sofa" in text, (reply.safety, text)
