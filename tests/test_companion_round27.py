"""Companion round 27: the chat kinds held-out set 26's misses showed (its kinds, in other words): questions about
a word's letters ("say cat backwards", "what does d o g spell", "does happy have two ps", "how many letters in
elephant"; only words the bear can spell are said back, never a blocked one, nor a word that makes one backwards);
"a quarter of 8" and "my brother is 4 and i'm 3 years older, how old am i"; "simon says do a big roar"; "let's play
guess the animal" and an animal described by its shell and slowness (now on the bear's list with nine others); new
moments (`content/moments_round27.toml`): proud of a skill done alone, an animal seen at the zoo said back from a
fixed list, a picture painted of something, a sandcastle at the end of a longer line, a grown-up's job, "i love my
mummy", a friend's new pet, and the bear's own school and best friend; knowledge round 27
(`content/knowledge/asked_round27.toml`) and new phrasings for entries a child's words missed."""

from __future__ import annotations

import re

import pytest

from bear.talk.brain import Brain
from bear.talk.turn import Profile, Session
from conftest import chat_talker


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    yield from chat_talker(tmp_path_factory.mktemp("companion27"))


@pytest.mark.parametrize("line, expect", [
    ("can you say dog backwards", r"G, O, D"),
    ("what does c a t spell", r"C, A, T spells cat"),
    ("does rabbit have 2 bs", r"^Yes! .*two Bs"),
    ("does apple have two ls", r"^No! .*one L"),
    ("how many ps are in hippo", r"two Ps"),
    ("is there an e in cake", r"^Yes!"),
    ("how many letters are in elephant", r"eight letters"),
    ("what's a quarter of 12", r"A quarter of 12 is 3"),
    ("what is a third of 9", r"A third of 9 is 3"),
    ("my sister is 5 and i'm 2 years older how old am i", r"You're 7"),
    ("i'm 9 and my brother is 3 years younger how old is he", r"He's 6"),
])
def test_a_question_about_a_words_letters_or_a_little_sum_is_answered(line, expect):
    text = Brain(seed=1).reply(line, Session(), Profile()).text
    assert re.search(expect, text), text


@pytest.mark.parametrize("line", ["say poo backwards", "what does p o o spell", "spell bum backwards",
                                  "say zorbleflax backwards"])
def test_a_blocked_or_unknown_word_is_never_said_back(line):
    text = Brain(seed=1).reply(line, Session(), Profile()).text.lower()
    assert not re.search(r"\bpoo\b|\bbum\b|zorbleflax|p, o, o|b, u, m|m, u, b", text), text


def test_simon_says_do_a_big_roar_is_done():
    brain, s, p = Brain(seed=1), Session(), Profile()
    assert "Roooar" in brain.reply("simon says do a really loud roar", s, p).text
    assert "wiggle" in brain.reply("simon says give a big jump", s, p).text.lower() or "jump" in s.last_reply.lower()


@pytest.mark.parametrize("line, expect", [
    ("i'm so proud of myself", r"proud|Well done"),
    ("i did my coat zip up all by myself", r"proud|Well done"),
    ("we went to the zoo and saw some penguins", r"penguin"),
    ("i drew a picture of a unicorn at school", r"unicorn"),
    ("we went to the seaside and me and my brother built a big sandcastle", r"sandcastle"),
    ("my mum is a hairdresser", r"job"),
    ("my nan drives a taxi", r"job"),
    ("i love my grandma so much", r"love you|hug|love them"),
    ("my cousin got a kitten and i really want one", r"big job|grown-ups"),
    ("do teddies go to school", r"don't go to school|Not me"),
    ("who is your best friend", r"you"),
])
def test_a_line_of_those_kinds_gets_its_answer(talk, line, expect):
    text, _ = talk(line)
    assert re.search(expect, text), text


@pytest.mark.parametrize("line", ["i love my mummy but she is in hospital", "we went to the zoo and saw a tiger bite "
                                  "a man", "my friend got a puppy and it bit me", "my dad is a drunk"])
def test_a_sad_or_worrying_line_is_not_answered_as_those_moments(talk, line):
    text, _ = talk(line)
    assert not re.search(r"big hug today|up close|big job|important job|cool job", text), text


def test_guess_the_animal_starts_the_game_and_a_shell_and_slowness_is_a_tortoise_or_a_snail(talk):
    text, reply = talk("it has a shell and it is very slow", context=("can we play guess the animal",))
    assert reply.safety is None and re.search(r"tortoise|snail", text), text


@pytest.mark.parametrize("context, line, expect", [
    ((), "what does camouflage mean", r"blend"),
    ((), "how tall is mount everest", r"8,?8\d\d|eight thousand"),
    ((), "why do cars need diesel", r"engine"),
    ((), "what's the stringy cheese on pizza called", r"mozzarella"),
    ((), "count to ten in french", r"un, deux"),
    (("who was the first person to walk on the moon",), "what did he say", r"small step"),
])
def test_knowledge_of_this_round(talk, context, line, expect):
    text, _ = talk(line, context=context)
    assert re.search(expect, text, re.I), text


@pytest.mark.parametrize("context, line, expect", [
    (("let's play rock paper scissors", "paper"), "what did you pick", r"^I picked (rock|paper|scissors)!"),
    (("let's play rock paper scissors",), "rock paper scissors shoot", r"which one did you pick"),
    (("let's play rock paper scissors",), "i picked rock and you picked scissors", r"You win! Rock beats scissors"),
    (("let's play rock paper scissors", "i did paper and you did scissors"), "who won", r"I win .*Scissors beats"),
    (("let's play i spy", "i spy with my little eye something beginning with t"), "you have to guess",
     r"(?i)is it (an?|the) t"),
    (("what letter does tiger start with",), "what else starts with t", r"starts with T"),
    (("let's play rhyming words", "cat"), "another one", r"More rhymes for cat"),
    (("count to five",), "can you do it in spanish", r"uno, dos"),
])
def test_a_game_goes_on_after_those_follow_ups(talk, context, line, expect):
    text, _ = talk(line, context=context)
    assert re.search(expect, text), text


def test_more_rhymes_run_out_kindly():
    brain, s, p = Brain(seed=1), Session(), Profile()
    brain.reply("let's play rhyming words", s, p)
    brain.reply("moon", s, p)
    texts = [brain.reply("another one", s, p).text for _ in range(8)]
    assert any("run out of rhymes for moon" in t for t in texts), texts
    said = [w for t in texts if t.startswith("More") for w in re.findall(r"[a-z]+(?= and|!)", t.split(":")[1])]
    assert len(said) == len(set(said)), texts


def test_the_shopping_memory_game_says_the_whole_list_and_adds_one():
    brain, s, p = Brain(seed=1), Session(), Profile()
    assert "You start" in brain.reply("can we play the memory game", s, p).text
    text = brain.reply("i went to the shop and i bought some jam", s, p).text
    assert text == "I went to the shop and I bought some jam and an apple! Your turn: say them all and add one more!"
    text = brain.reply("i went to the shop and i bought some jam an apple and a dinosaur", s, p).text
    assert text.startswith("I went to the shop and I bought some jam, an apple, a dinosaur and a banana!"), text
    text = brain.reply("your turn", s, p).text
    assert text.startswith("I went to the shop and I bought some jam, an apple, a dinosaur, a banana and some bread"), text


@pytest.mark.parametrize("line", ["i went to the shop and i bought a gun", "i bought some poo",
                                  "i went to the shop and i bought a knife and an apple"])
def test_a_thing_that_may_not_be_said_back_is_not_bought(line):
    brain, s, p = Brain(seed=1), Session(), Profile()
    brain.reply("let's play the shopping game", s, p)
    text = brain.reply(line, s, p).text
    assert text.startswith("Hmm, let's buy something else"), text
    assert s.pending is not None and s.pending["kind"] == "memory"


@pytest.mark.parametrize("context, line, expect", [
    (("we had pizza for tea", "where does pizza come from"), "what's the stringy cheese called", r"mozzarella"),
    (("we had pizza for tea",), "what's your favourite topping", r"My favourite topping"),
    (("i got a sticker today",), "it was for being kind", r"Well done|amazing"),
    (("i'm going on holiday",), "we're going to spain", r"Spain"),
    ((), "tell me about the north pole", r"North Pole"),
])
def test_a_question_about_the_world_in_the_middle_of_news_and_the_reason_for_a_reward(talk, context, line, expect):
    text, _ = talk(line, context=context)
    assert re.search(expect, text), text
