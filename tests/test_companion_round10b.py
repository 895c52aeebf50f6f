"""Companion round 10b (games, play and follow-ups in context): I spy both ways round, an animal guessed
from clues, play asked for by name and carried on (noises, voices, a dance, a language, a maths question,
opposites, spelling, a bear hunt, ideas, a jigsaw, jobs, habitats), the child's news carried on by the
next line, stories carried on, and follow-ups that lean on the line before. New phrasings, not the
measured tables' lines."""

from __future__ import annotations

import re

import pytest

from conftest import brain_talk

from bear.talk.brain import Brain
from bear.talk.turn import Profile, Session


def talk(*lines: str, seed: int = 5):
    """(the last reply, the session, the profile) after `lines` said in one conversation."""
    return brain_talk(*lines, seed=seed)


def said(*lines: str, seed: int = 5) -> str:
    return talk(*lines, seed=seed)[0].text


# --- I spy and guessing games ----------------------------------------------------------------------------------
def test_a_wrong_i_spy_guess_is_no_and_the_answer_comes_after_three():
    reply, s, _ = talk("shall we play i spy", "is it the lamp")
    assert re.search(r"\b(no|not quite|nope)\b", reply.text, re.I) and s.pending["kind"] == "i_spy"
    reply, s, _ = talk("shall we play i spy", "is it the lamp", "my sock", "a spoon")
    assert "It was" in reply.text and s.pending is None


def test_a_right_i_spy_guess_is_yes():
    brain, s, p = Brain(seed=2), Session(), Profile()
    brain.reply("can we do i spy", s, p)
    answer = s.pending["spied"]["answers"][0]
    assert re.match(r"(Yes|That's right)", brain.reply(f"maybe {answer}", s, p).text)


@pytest.mark.parametrize("spies, letter", [
    ("i spy with my little eye something beginning with b", "b"),
    ("ok i spy something starting with the letter c", "c"),
    ("my turn i spy something beginning with p", "p"),
])
def test_the_bear_guesses_what_the_child_spies_by_its_letter(spies, letter):
    reply, s, _ = talk(spies)
    first = re.search(r"is it (?:an? |the |some |your )?(\w+)", reply.text, re.I)
    assert first and first.group(1).startswith(letter), reply.text
    again = talk(spies, "nope guess again")[0].text
    second = re.search(r"is it (?:an? |the |some |your )?(\w+)", again, re.I)
    assert second and second.group(1).startswith(letter) and second.group(1) != first.group(1), again


def test_the_child_spies_a_colour_and_a_yes_ends_the_round():
    assert "red" in said("i spy something red")
    assert re.search(r"guessed it|got it", said("i spy something red", "yes"))


def test_the_bear_gives_up_after_five_guesses_and_never_repeats_the_answer():
    lines = ["i spy something beginning with t"] + ["no"] * 5
    assert "I give up" in said(*lines)
    told = said(*lines, "a tambourine")
    assert "tambourine" not in told and re.search(r"clever|guessed|play again", told, re.I)


@pytest.mark.parametrize("lines, expect", [
    (("i'm thinking of an animal", "yes"), r"\?"),
    (("can you guess my favourite animal", "it has a big trunk"), r"elephant"),
    (("guess which animal i'm thinking of", "it waddles on the ice"), r"penguin"),
    (("let's have a guessing game", "ok i've got one", "no", "yes it can fly", "it makes honey"), r"\bbee\b"),
    (("i am thinking of an animal", "it lives on a farm and says oink"), r"\bpig\b"),
])
def test_an_animal_the_child_thinks_of_is_guessed_from_answers_and_clues(lines, expect):
    assert re.search(expect, said(*lines), re.I)


def test_a_late_guess_after_a_riddles_answer_is_answered_not_a_new_riddle():
    reply, s, _ = talk("give me a riddle", "i give up", "could it be a carrot")
    assert reply.text.startswith("The answer was") and s.pending["kind"] == "riddle_done"
    assert talk("give me a riddle", "i give up", "yes please")[0].intent == "riddle"


def test_a_question_of_the_childs_own_during_a_riddle_is_no_guess():
    assert "riddle" not in talk("tell me a riddle", "why is the sky blue")[0].intent


# --- play asked for by name --------------------------------------------------------------------------------------
@pytest.mark.parametrize("lines, expect", [
    (("make some animal noises", "what about a sheep"), r"baa"),
    (("can you do animal sounds", "and a pig"), r"oink"),
    (("talk like a pirate",), r"arr"),
    (("can you do a monster voice",), r"grr"),
    (("will you dance with me",), r"\b(wiggle|stomp|hop|twirl|spin)"),
    (("do you speak french",), r"bonjour"),
    (("teach me some german",), r"hallo"),
    (("ask me a sum",), r"\b(add|plus|take away)\b"),
    (("let's play the opposites game", "fast"), r"\bslow\b"),
    (("let's play opposites", "happy", "and wet"), r"\bdry\b"),
    (("help me with my spelling", "the word fish", "and now frog"), r"F, R, O, G"),
    (("we're going on a bear hunt", "we're not scared", "swishy swashy"), r"river"),
    (("me and my cousin are bored what should we play",), r"\b(den|hide and seek|tag|tea party|treasure)"),
    (("i don't know what to draw", "a rocket"), r"\bfins?\b"),
    (("how do i draw a cat",), r"whiskers"),
    (("i'm doing a jigsaw", "i've got all the edges"), r"\b(edge|frame|straight)"),
    (("what would you like to be when you grow up", "i want to be a firefighter"), r"brave|fires?"),
    (("i want to be a scientist when i grow up", "how can i become one"), r"experiments|curious"),
    (("which animals live in the desert",), r"camels?"),
    (("name some animals that live in the arctic",), r"polar bears?"),
    (("tell me about a weird dinosaur",), r"saurus|raptor|don\b"),
    (("can we count to fifteen",), r"fifteen"),
    (("count to five", "now count back"), r"five, four, three, two, one"),
    (("what's 6 add 4", "multiply it by 3"), r"\b30\b"),
    (("i've got a question",), r"ask"),
    (("sing twinkle twinkle", "you go first"), r"little star"),
    (("tell me a funny poem",), r"silly poem"),
])
def test_play_asked_for_by_name_and_carried_on(lines, expect):
    reply = said(*lines)
    assert re.search(expect, reply, re.I), (lines, reply)


def test_a_maths_answer_is_judged():
    brain, s, p = Brain(seed=1), Session(), Profile()
    brain.reply("give me a maths question", s, p)
    right = s.pending["answer"]
    words = "zero one two three four five six seven eight nine ten eleven twelve".split()
    assert re.search(r"right|yes", brain.reply(f"is it {words[right]}", s, p).text, re.I)


def test_a_place_that_shuts_is_no_hiding_place():
    reply = said("can we play hide and seek", "i'm hiding inside the washing machine")
    assert "never hide in anything that shuts" in reply
    found = said("can we play hide and seek", "i'm hiding under the table")
    assert "under the table" in found and "Found you" in found


def test_a_pirate_game_goes_on_when_the_child_asks_inside_it():
    assert re.search(r"dig|treasure|island", said("let's pretend we're pirates", "where are we going"), re.I)


# --- news carried on by the next line ------------------------------------------------------------------------------
@pytest.mark.parametrize("lines, expect", [
    (("my tooth is really wobbly", "it fell out at lunch"), r"tooth fairy|gap"),
    (("we got a guinea pig", "she loves carrots"), r"carrots"),
    (("my puppy is so naughty", "he bit my teddy's ear"), r"chew|teeth"),
    (("i got a scooter for christmas", "it's pink and sparkly"), r"sparkly|pink"),
    (("we built a den in the garden", "but it collapsed"), r"oh no|again"),
    (("there's thunder outside", "it keeps booming"), r"loud|safe"),
    (("i'm learning to ride my bike", "it's too tricky"), r"practi[sc]e|tricky"),
    (("i'm practising swimming", "i swam a whole width"), r"well done|amazing|brilliant"),
    (("we're going away on a boat", "to france"), r"france"),
    (("do i have to eat my veg", "i don't like broccoli"), r"carrots|sweetcorn|try"),
    (("we're baking cupcakes", "strawberry ones"), r"strawberry"),
    (("i planted some seeds", "tomato ones"), r"tomato"),
    (("we're having pizza tonight", "what toppings do you like"), r"topping"),
    (("is it christmas soon", "what will father christmas bring"), r"surprise|secret|wish"),
    (("we went to the farm", "which animals will be there"), r"cows|sheep"),
])
def test_news_is_carried_on_by_the_next_line(lines, expect):
    reply = said(*lines)
    assert re.search(expect, reply, re.I), (lines, reply)


def test_a_childs_word_not_on_the_list_is_not_said_back():
    assert "blorptastic" not in said("i got a new bike", "its blorptastic with a bell")


def test_sad_news_starts_no_cheerful_thread():
    reply = said("my hamster died", "he was called peanut")
    assert "lovely" not in reply.lower() and "snack" not in reply.lower()


# --- stories carried on ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lines, expect", [
    (("tell me a story", "one about a unicorn"), r"unicorn"),
    (("tell me a story about a whale", "no a penguin"), r"penguin"),
    (("tell me a story about a dragon", "can you make her sparkly"), r"sparkly"),
    (("tell me a story about the moon", "did they find it"), r"yes|find out|happily"),
    (("can we make up a story together", "a bunny found a rocket"), r"what happens next|your turn|\?"),
    (("tell me a story about me my name is maya",), r"Maya"),
])
def test_stories_are_carried_on(lines, expect):
    reply = said(*lines)
    assert re.search(expect, reply, re.I), (lines, reply)


def test_a_story_made_together_ends_after_a_few_turns_without_saying_the_childs_words():
    lines = ("let's make up a story together", "a giant zoggle came", "then it flew away", "and it landed in a pond",
             "and then it went home")
    reply = said(*lines)
    assert "The end" in reply and "zoggle" not in reply


# --- follow-ups that lean on the line before ------------------------------------------------------------------------
def test_why_after_the_bears_favourite_is_its_reason():
    reply, s, _ = talk("what's your favourite colour", "why")
    assert reply.text.startswith("Because") and s.pending["kind"] == "favourite"


def test_and_another_part_after_an_animal_answer():
    assert re.search(r"teeth|dig", said("tell me about elephants", "why do elephants have big ears", "and the tusks"))
