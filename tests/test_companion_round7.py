"""Companion round 7 (the kinds of held-out chat set 6's failures, in other words than its lines):
word and number games asked for by name (opposites, shapes, counting in steps or in another
language, spelling a word said wrongly or the child's name, first letters, bigger numbers, halves,
would you rather, rock paper scissors) and pretend play that goes on for a few turns."""

from __future__ import annotations

import re

import pytest

from conftest import brain_talk

from bear.talk.brain import Brain
from bear.talk.turn import Profile, Session


def said(*lines: str, seed: int = 3) -> str:
    """The bear's reply to the last of `lines`, said in one conversation."""
    return brain_talk(*lines, seed=seed)[0].text


@pytest.mark.parametrize("line, expected", [
    ("what is the opposite of wet", r"\bdry\b"),
    ("whats the opposite of loud", r"\bquiet\b"),
    ("what's the opposite of up", r"\bdown\b"),
    ("which shape has got 6 sides", r"\bhexagon\b"),
    ("what shape has four sides", r"\bsquare\b"),
    ("how many sides has a triangle got", r"\bthree\b"),
    ("can you count in tens", r"ten, twenty, thirty"),
    ("count by fives to twenty", r"five, ten, fifteen, twenty!"),
    ("how do you count to three in french", r"un, deux, trois!"),
    ("can you count in german", r"\beins\b"),
    ("how do you say hello in spanish", r"\bhola\b"),
    ("how do u spell butterfly", r"B, U, T, T, E, R, F, L, Y"),
    ("can you spel giraff", r"G, I, R, A, F, F, E"),  # said wrongly: spelled right
    ("what letter does cat begin with", r"letter C\b"),
    ("is 3 smaller than 8", r"^Yes, eight is bigger than three"),
    ("is twelve more than twenty", r"^No, twenty is bigger"),
    ("what's half of six", r"\bthree\b"),
    ("what's half of seven", r"three and a half"),
])
def test_word_and_number_games_by_name(line, expected):
    assert re.search(expected, said(line), re.I), (line, said(line))


def test_an_unknown_word_is_not_spelled_as_said():
    text = said("how do you spell zzgrblat")
    assert "Z, Z" not in text and "not sure" in text


def test_the_childs_name_is_spelled_only_when_it_is_a_name():
    assert "M, I, A" in said("can you spell my name, it's mia")
    assert "," not in said("spell my name").split("?")[0]  # not said: asked for


def test_counting_in_another_language_just_after_a_count():
    assert re.search(r"\bdos\b", said("count to three", "now in spanish"))
    assert not re.search(r"\bdos\b", said("i like trains", "in spanish"))


def test_rock_paper_scissors_rounds():
    first = said("let's play rock paper scissors")
    assert "rock" in first.lower()
    text = said("rock paper scissors", "scissors")
    assert re.search(r"(win|draw)", text, re.I) and "cissors" in text


def test_would_you_rather_asks_and_takes_the_answer():
    assert "Would you rather" in said("can we play would you rather")
    assert re.search(r"(choice|answer|love that)", said("play would you rather", "the first one"))


@pytest.mark.parametrize("line, expected", [
    ("let's pretend we are pirates", r"\b(pirate|treasure|ahoy)\w*"),
    ("can we play doctors", r"\b(doctor|ouch)\b"),
    ("you be the dragon", r"\bdragon\b"),
    ("pretend you're a kitten", r"\b(meow|kitten|purr)\b"),
    ("let's have a picnic", r"\b(tea|cake|biscuit)\b"),
    ("i am the teacher", r"\b(teacher|learn)\w*"),
])
def test_pretend_play_takes_a_part(line, expected):
    assert re.search(expected, said(line), re.I), (line, said(line))


def test_pretend_play_goes_on_then_stops_and_a_question_ends_it():
    brain, s, p = Brain(seed=2), Session(), Profile()
    brain.reply("let's pretend we're astronauts", s, p)
    on = brain.reply("we're flying really fast", s, p)
    assert on.intent == "play" and s.pending and s.pending["kind"] == "pretend"
    answer = brain.reply("why is the sky blue", s, p)
    assert "light" in answer.text.lower()  # a real question gets its answer


def test_no_pretend_play_without_asking():
    for line in ("we are going to the doctor", "my dad is a firefighter", "i saw a dragon film"):
        assert said(line) not in {t for r in __import__("bear.talk.pretend", fromlist=["roles"]).roles()
                                  for t in r.start}, line


@pytest.mark.parametrize("lines, expected", [
    (("what do you call a baby goat", "and a baby horse"), r"\bfoal\b"),
    (("what is a baby duck called", "and a sheep"), r"\blamb\b"),
    (("whats a baby pig called", "and a cow"), r"\bcalf\b"),
    (("what happened to the titanic", "were there kids on it"), r"\bchildren\b"),
])
def test_follow_ups_keep_the_kind_of_question(lines, expected):
    assert re.search(expected, said(*lines)), (lines, said(*lines))


def test_news_about_writing_is_no_spelling_request():
    assert "spell it for you" not in said("i can write my name all by myself")
    assert "spell it for you" in said("how do i write my name")


@pytest.mark.parametrize("lines, expected", [
    (("tell me the story about the owl who was scared of the dark", "who was in that story"), r"\bOlive\b"),
    (("tell me the story of goldilocks", "who were the characters"), r"Goldilocks"),
    (("tell me sammy the brave snail", "what was the snail called"), r"^Sammy!"),
    (("tell me a story about a dragon", "what was her name"), r"^Dot!"),  # in an interactive story: then the choice
    (("tell me a story about a fox", "what was the fox's name"), r"^Little Fox!"),
])
def test_who_was_in_the_story_and_what_they_were_called(lines, expected):
    assert re.search(expected, said(*lines)), (lines, said(*lines))


def test_a_question_in_an_interactive_story_keeps_the_choice_open():
    brain, s, p = Brain(seed=1), Session(), Profile()
    brain.reply("tell me a story about a dragon", s, p)
    reply = brain.reply("what was the dragon called", s, p)
    assert reply.text.startswith("Dot!") and s.pending and s.pending["kind"] == "story_choice"


def test_why_about_the_story_is_its_sentence_or_honestly_not_said():
    assert "scared of the dark" in said("tell me the story about the owl who was scared of the dark",
                                         "why was she scared")
    assert "didn't say" in said("tell me the story of goldilocks", "why was baby bear grumpy")


@pytest.mark.parametrize("lines, expected", [
    (("can a penguin fly", "why not"), r"\bflippers\b.*\bheavy\b"),  # the why, not the same answer again
    (("tell me about the moon", "has anyone been there"), r"\b(astronauts|Armstrong)\b"),
    (("tell me about mars", "how long would it take to get there"), r"\bmonths\b"),
    (("what is the biggest animal in the world", "what does it eat"), r"\bkrill\b"),
    (("are there penguins at the north pole",), r"^No\b.*\bSouth Pole\b"),
])
def test_follow_ups_and_new_knowledge(lines, expected):
    assert re.search(expected, said(*lines)), (lines, said(*lines))


@pytest.mark.parametrize("question", ["what does a fox eat", "where does a bat sleep", "how does a bee make honey"])
def test_a_question_about_one_animal_is_asked_as_about_them_all(question):
    from bear.talk.knowledge import knowledge

    assert knowledge().search(question) is not None, question


@pytest.mark.parametrize("line", ["do flowers talk to each other", "do rocks have feelings", "can clouds get sad"])
def test_a_wondering_question_nobody_answers_is_an_honest_i_dont_know(line):
    brain, s, p = Brain(seed=1), Session(), Profile()
    for intent in ("chitchat", "feelings"):
        from bear.talk.understand import Understanding

        u = Understanding(text=line, intent=intent, confidence=0.9)
        reply = brain.reply(line, s, p, understood=u)
        assert reply.intent == "question_unknown", (line, intent, reply.text)


@pytest.mark.parametrize("lines, expected", [
    (("sing old macdonald had a farm", "now one with a duck"), r"had a duck.*\bquack quack\b"),
    (("sing old macdonald with a sheep",), r"had a sheep.*\bbaa baa\b"),
    (("can you sing a song about brushing teeth",), r"\bbrush our teeth\b"),
    (("sing frere jacques",), r"\bBrother John\b"),
])
def test_songs_by_name_topic_and_old_macdonalds_animals(lines, expected):
    assert re.search(expected, said(*lines)), (lines, said(*lines))


def test_an_animal_after_another_song_is_no_old_macdonald_verse():
    assert "MacDonald" not in said("sing twinkle twinkle", "now a pig")


@pytest.mark.parametrize("lines, expected", [
    (("tell me a joke about a dog", "haha now do one about a frog"), r"\b(frogs?|croak\w*|flies)\b"),
    (("tell me a story", "now one about a dragon"), r"\bdragon\b"),
    (("guess which animal i am, oink oink",), r"\bpig\b"),
    (("guess what animal i am", "neighhhh"), r"\bhorse\b"),
    (("count to three", "and now to six"), r"\bsix!"),
])
def test_one_about_something_else_guessing_a_noise_and_counting_on(lines, expected):
    assert re.search(expected, said(*lines), re.I), (lines, said(*lines))


@pytest.mark.parametrize("lines, expected", [
    (("my hamster's name is biscuit", "what do they eat"), r"\bhamster food\b"),
    (("i've got a pet rabbit", "how do i look after it"), r"\bhay\b"),
    (("birds fly south in winter", "where do they go"), r"\b(warmer|migration)\b"),
    (("do whales breathe air", "how do they sleep then"), r"\b(naps?|rest\w*)\b"),
    (("what's the biggest animal in the world", "how big is it"), r"\bmetres\b"),
    (("birds fly south in winter", "how do they no the way"), r"\b(stars|sun|magnet\w*)\b"),
])
def test_an_animal_in_the_childs_news_is_what_they_means_next(lines, expected):
    assert re.search(expected, said(*lines)), (lines, said(*lines))


def test_they_after_a_subject_is_many_of_it():
    from bear.talk.knowledge import knowledge

    got = knowledge().search("where do they go", topic="bird")
    assert got is not None and got.entry.id == "animals.bird-migrate", got


def test_a_pronoun_guessed_from_news_needs_a_sure_answer():
    brain, s, p = Brain(seed=1), Session(), Profile()
    for line in ("my cat had kittens", "what should i call them"):  # no "what should cats be called" entry
        reply = brain.reply(line, s, p)
    assert reply.intent != "question", reply.text  # no food answer


def test_why_they_do_that_after_news_is_what_the_news_said_they_do():
    """(Round 37: "why do they do that" after "my dog wags his tail when i come home" is asked in full, "why does
    my dog wag his tail when i come home": the tail's answer, never the nose's.)"""
    brain, s, p = Brain(seed=1), Session(), Profile()
    for line in ("my dog wags his tail when i come home", "why do they do that"):
        reply = brain.reply(line, s, p)
    assert "wag" in reply.text and "nose" not in reply.text, reply.text


def test_he_or_she_about_the_childs_pet_is_about_its_kind():
    assert "hamster food" in said("my hamster is called nibbles", "what does he like to eat")


def test_a_wish_for_when_i_grow_up_and_counting_in_my_head_are_no_games():
    from bear.talk.pretend import roles

    starts = {t for r in roles() for t in r.start}
    assert said("i will be a firefighter when i grow up") not in starts
    assert "language" not in said("can you count in your head")


def test_everything_the_new_games_can_say_passes_the_output_check():
    from bear.talk.pretend import roles
    from bear.talk.safety import Safety
    from bear.talk.word_games import data

    safety = Safety.load()
    d = data()
    texts = [t for r in roles() for t in r.start + r.next]
    texts += list(d["shapes"].values()) + list(d["shape_sides"].values())
    texts += d["would_you_rather"]["questions"] + d["would_you_rather"]["answers"]
    texts += [v.format(mine="rock", theirs="paper", Mine="Rock", Theirs="Paper") if "{" in v else v
              for v in d["rock_paper_scissors"].values()]
    assert len(texts) > 100
    for text in texts:
        assert safety.output_problem(text) is None, text


def test_a_question_about_teddies_is_about_the_bear_not_an_i_dont_know():
    from bear.talk.understand import Understanding

    line = "do teddy bears have dreams"
    reply = Brain(seed=1).reply(line, Session(), Profile(), understood=Understanding(line, intent="about_bear",
                                                                                      confidence=0.9))
    assert reply.intent != "question_unknown", reply.text


def test_they_after_cows_is_cows_for_a_why():
    assert "four parts" in said("what do cows eat", "why have they got four tummies")
