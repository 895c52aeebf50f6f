"""Companion round 32: the chat kinds held-out set 30's misses showed (its kinds, in other words). A pet "put to
sleep at the vets" is a death, and the questions after a death ("where did she go?", "will he come back?") get an
honest, gentle answer; counting said in words ("one two three") is a run, not one big number; a question about
numbers in the middle of the counting game is answered; "what's next?" after a run of days, seasons or the
rainbow's colours; "what's yours?" after the child's favourite; "mine is summer" after the bear asked; how old a
brother will be next year; "my friend gives me two more"; what to put on the cake, what a seed needs, guessing
the puppy's breed; "you do a cow" in the animal noises; "you think of one" in animal guessing; the best day
ever, a brother who helped, a nettle sting, the bear dropped in the mud, home from school, a yucky dinner,
puddles, hoping for a sister, "i'm not tired", going to bed now, a card made for a grown-up, an ice cream being
eaten, "guess what, i'm six now", "tell me something calm", "elefant"."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion32"))


@pytest.mark.parametrize("context, line, expect", [
    ((), "our cat had to be put to sleep at the vets", r"sad|sorry|loved"),
    ((), "the vet put my rabbit to sleep", r"sad|sorry|loved"),
    (("my goldfish died",), "where has he gone now", r"[Ff]amilies|keep them in your heart|come back"),
    (("my nan passed away",), "can i see her again", r"don't come back|can't come back"),
    ((), "one two three", r"^4 comes next!"),
    ((), "ten nine eight", r"^7 comes next! You're counting backwards"),
    (("lets play a counting game",), "what comes after nineteen", r"^Twenty!"),
    (("wednesday thursday",), "what day is next", r"^Friday!"),
    (("red orange",), "what comes next in the rainbow", r"^Yellow!"),
    (("my favourite animal is a horse",), "whats yours", r"[Bb]ears|[Bb]ees"),
    (("whats your favourite season",), "mine is winter", r"[Ww]inter"),
    (("my sister is four",), "how old will she be next year", r"^She'll be 5!"),
    (("i have three sweets",), "my mum gives me two more", r"^3 and 2 more is 5"),
    (("we are baking cupcakes",), "what shall we put on top", r"icing|sprinkles"),
    (("i planted some beans",), "what do they need", r"water|sun"),
    (("we got a new puppy",), "guess what breed he is", r"labrador|spaniel"),
    (("can you do animal noises",), "you do a sheep", r"[Bb]a+"),
    ((), "lets play guess the animal and you pick one", r"thought of|got one"),
    ((), "it was the best day of my life", r"[Bb]est day"),
    ((), "my dad helped me with my homework", r"kind|helpful|together"),
    ((), "a wasp stung me", r"[Ss]ting|[Oo]uch"),
    ((), "i dropped you on the floor", r"okay|alright|don't worry"),
    ((), "i am home from nursery", r"[Ww]elcome back|you're back"),
    ((), "i don't like my tea", r"try|taste|okay not to like"),
    ((), "i love splashing in muddy puddles", r"[Pp]uddles|[Ss]plash"),
    ((), "i hope it is a brother", r"sister or a brother|sister or brother"),
    ((), "i am not sleepy", r"sleep|rest|dreams"),
    ((), "i am going to sleep now", r"[Nn]ight|dreams"),
    ((), "i painted a picture for my grandma", r"grandma will love it|grandma is going to be so happy"),
    ((), "i am having a lolly", r"[Ll]olly"),
    ((), "guess what i am six now", r"6"),
    ((), "say me something relaxing", r"[Cc]alm|[Bb]reath|[Ss]leep|[Ii]magine|story|rest|sheep|quiet|lullaby"),
    (("lets do animal noises",), "now you do an elefant", r"Pa-woo"),
    (("tell me a story", "about a princess"), "who does karate", r"princess who loves karate"),
    (("tell me a story", "about an owl"), "in the jungle", r"^Here's a story"),
    ((), "my balloon burst", r"[Pp]op|[Bb]ang"),
    ((), "my baby sister said her first word", r"first word"),
    ((), "i was a shepherd in the christmas play", r"play"),
    ((), "i dressed up as a pirate for world book day", r"[Dd]ressing up|costume"),
    ((), "i was a bridesmaid", r"[Ww]edding"),
    ((), "my cousins are coming to stay", r"[Vv]isit|to stay"),
    ((), "will you keep me company while i do my homework", r"company|sit right here"),
    ((), "i scored 9 out of 10 in my test", r"[Ww]ell done|proud|[Hh]ooray|fantastic|[Bb]rilliant|clap"),
    ((), "there is a hairy spider on my ceiling", r"harmless|can't hurt"),
    ((), "my sandcastle was knocked down by the waves", r"waves|sea"),
    ((), "i can do a handstand now", r"[Bb]rilliant|[Ww]ell done|clever"),
    ((), "i can't stop laughing", r"silly|giggly|[Ss]illy"),
    ((), "we went to the library after school", r"[Bb]ooks|library"),
    ((), "is it alright to cry", r"okay to cry|[Ee]veryone cries"),
    ((), "what bird is too big to fly but runs really fast", r"ostrich"),
    ((), "how many teeth did a t rex have", r"fifty|sixty"),
    (("what is a palindrome",), "tell me another one", r"[Kk]ayak|noon|[Hh]annah"),
    (("what do caterpillars eat",), "do they eat apples", r"apple"),
    (("what is your favourite animal",), "why that one", r"happy|heart"),
    (("whats your favourite song",), "how come", r"happy|heart"),
])
def test_moments_of_this_round(talk, context, line, expect):
    text, reply = talk(line, context=context)
    assert reply.safety is None and re.search(expect, text), (reply.safety, text)


def test_a_pet_put_to_sleep_is_never_exciting(talk):
    text, reply = talk("my dog had to go to sleep at the vets")
    assert reply.intent == "grief" and not re.search(r"exciting|how fun|wow", text, re.I), text


def test_a_story_s_hero_is_never_given_a_clause_as_a_thing(talk):
    text, _ = talk("tell me a story about a cat called fluffy and she gets lost")
    assert text.startswith("Here's a story I made up") and "gets lost" not in text, text
