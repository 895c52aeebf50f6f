"""Companion round 9 (a companion worth talking to): the child's answer to the bear's own question
(a favourite after "What's yours?", an age after a guess, a birthday month), names for a new pet, a joke
explained, hello and goodbye in other languages, hide and seek with the roles swapped, a bit of a song
by its name, Happy Birthday to someone, "you're a cat" in pretend play, a riddle about a topic, and
everyday moments (a new friend, told off, an outing, a wee, a baby born, a birthday soon)."""

from __future__ import annotations

import re

import pytest

from conftest import brain_talk

from bear.talk.brain import Brain
from bear.talk.turn import Profile, Session


def talk(*lines: str, seed: int = 3):
    """(the last reply, the profile) after `lines` said in one conversation."""
    reply, _, profile = brain_talk(*lines, seed=seed)
    return reply, profile


def said(*lines: str, seed: int = 3) -> str:
    return talk(*lines, seed=seed)[0].text


# --- answers to the bear's own questions -------------------------------------------------------------------------
@pytest.mark.parametrize("question, answer, kind, thing", [
    ("what is your favourite colour", "mine is green", "colour", "green"),
    ("what's your favourite colour teddy", "pink", "colour", "pink"),
    ("what's your favorite animal", "i like sloths", "animal", "sloths"),
    ("what food do you like to eat", "my favourite is spaghetti", "food", "spaghetti"),
    ("whats your favourite snack", "probably crisps", "food", "crisps"),
    ("what's your favourite toy", "mine is my scooter", "toy", "scooter"),
])
def test_the_childs_favourite_after_whats_yours_is_remembered(question, answer, kind, thing):
    for seed in range(4):  # whichever line the bear picks, it asks back
        brain, s, p = Brain(seed=seed), Session(), Profile()
        first = brain.reply(question, s, p)
        assert "?" in first.text, first.text
        reply = brain.reply(answer, s, p)
        assert reply.remember == {"like": (kind, thing)}, (seed, reply)
        assert thing in reply.text.lower()
        assert p.likes[kind] == thing


@pytest.mark.parametrize("answer", ["mine is poo", "i like killing", "my favourite is a stupid idiot"])
def test_an_unvetted_favourite_is_neither_said_nor_remembered(answer):
    reply, p = talk("what's your favourite colour", answer)
    assert reply.remember is None and not p.likes
    word = answer.split()[-1]
    assert word not in reply.text.lower()


def test_a_new_request_after_whats_yours_is_not_taken_for_a_favourite():
    reply, p = talk("what's your favourite animal", "can you tell me a story about a dragon")
    assert reply.intent == "story" and not p.likes
    reply, p = talk("what's your favourite colour", "why is the sky blue")
    assert "blue" not in p.likes.values() and reply.remember is None


@pytest.mark.parametrize("answer, age", [("no i'm seven", "seven"), ("i am 4", "four"), ("nope im eight and a half",
                                                                                          "eight")])
def test_the_childs_age_after_the_bears_guess(answer, age):
    brain, s, p = Brain(seed=1), Session(), Profile()
    brain.reply("can you guess how old i am", s, p)
    reply = brain.reply(answer, s, p)
    assert re.search(rf"\b{age}\b", reply.text, re.I), reply.text
    assert s.age == {"seven": 7, "four": 4, "eight": 8}[age]
    assert brain.reply("how old am i", s, p).text.count(str(s.age)) >= 1


def test_a_no_to_the_guess_asks_and_the_answer_after_it_is_heard():
    assert said("guess how old i am", "no") == "Oh! How old are you, then?"
    assert "five" in said("guess how old i am", "nope", "five").lower()


@pytest.mark.parametrize("line, month", [("my birthday is in october", "October"),
                                         ("my birthday's on the 3rd of may", "May"),
                                         ("my birthday is at the end of august", "August")])
def test_a_birthday_month_is_said_back_from_the_list(line, month):
    reply = said(line)
    assert month in reply and "Happy birthday" not in reply


def test_a_birthday_soon_is_no_happy_birthday():
    for line in ("my birthday is next week", "its nearly my birthday", "three more sleeps until my birthday"):
        reply = said(line)
        assert "Happy birthday" not in reply and re.search(r"soon|not long|coming", reply, re.I), (line, reply)


# --- a new pet's name ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lines, names", [
    (("we got a kitten", "what shall we name our new kitten"), "Whiskers|Luna|Smudge|Pumpkin|Mittens|Tiger|Socks"),
    (("can you help me think of a name for my hamster",), "Nibbles|Peanut|Cookie|Hazel|Thumper|Fluffy"),
    (("any good names for a goldfish",), "Bubbles|Goldie|Finn|Splash|Flash|Nemo"),
])
def test_names_to_choose_from_for_a_new_pet(lines, names):
    reply = said(*lines)
    assert len(re.findall(names, reply)) == 3, reply


def test_the_name_picked_from_the_ideas_is_remembered():
    brain, s, p = Brain(seed=2), Session(), Profile()
    brain.reply("my mum got me a bunny", s, p)
    brain.reply("what should i call it", s, p)
    reply = brain.reply("cookie", s, p)
    assert p.likes.get("pet_name") == "Cookie" and "Cookie" in reply.text


def test_no_pet_name_ideas_for_a_teddy():
    assert "How about" not in said("what should i call my teddy")


@pytest.mark.parametrize("line, name", [("my cat is called fluffy", "Fluffy"), ("my dog is named sausage", "Sausage"),
                                        ("our rabbit's name is carrot", "Carrot")])
def test_a_pets_everyday_name_is_accepted(line, name):
    reply, p = talk(line)
    assert p.likes.get("pet_name") == name and name in reply.text


# --- a joke explained ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("after", ["i don't understand it", "why is it funny", "what does that mean", "explain the joke"])
def test_a_joke_explained_in_its_own_words(after):
    brain, s, p = Brain(seed=5), Session(), Profile()
    joke = brain.reply("tell me a joke", s, p).text
    punchline = re.split(r"(?<=\?)\s+", joke.replace(" Want another one?", ""), maxsplit=1)[1]
    punchline = re.split(r"(?<=[!.])\s+", punchline)[0].rstrip("!. ")
    reply = brain.reply(after, s, p).text
    assert punchline in reply and re.search(r"play on words|word joke", reply), reply


def test_i_dont_get_it_without_a_joke_is_no_explanation():
    assert "play on words" not in said("i don't get it")


# --- phrases in other languages -------------------------------------------------------------------------------------
@pytest.mark.parametrize("lines, expected", [
    (("how do you say goodbye in italian",), "arrivederci"),
    (("what is thank you in welsh",), "diolch"),
    (("how do you say good night in german",), "gute Nacht"),
    (("how do you say hello in spanish", "and thank you"), "gracias"),
    (("how do you say thank you in french", "what about in japanese"), "arigato"),
    (("how would i say please in polish", "and goodbye", "how about in portuguese"), "adeus"),
])
def test_phrases_in_other_languages_and_follow_ups(lines, expected):
    assert expected in said(*lines)


def test_a_language_the_bear_does_not_know_is_said_honestly_and_and_goodbye_is_no_goodbye():
    assert "don't know how to say" in said("how do you say thank you in swahili")
    reply, _ = talk("how do you say hello in german", "and goodbye")
    assert not reply.end_session and "auf Wiedersehen" in reply.text


# --- hide and seek with the roles swapped -----------------------------------------------------------------------------
def test_the_bear_hides_when_the_child_seeks():
    brain, s, p = Brain(seed=1), Session(), Profile()
    brain.reply("let's play hide and seek", s, p)
    assert re.search(r"hiding|hide", brain.reply("my turn to look for you", s, p).text)
    assert re.search(r"not there|warmer", brain.reply("are you behind the sofa", s, p).text, re.I)
    assert "found me" in brain.reply("found you teddy", s, p).text.lower()


def test_ready_or_not_the_bear_is_hiding_and_im_hiding_is_the_bears_cue():
    assert re.search(r"hiding|find me", said("let's play hide and seek", "coming to find you"))
    assert said("let's play hide and seek", "i'm ready").startswith("Ready or not, here I come!")
    assert "ten" in said("let's play hide and seek", "count again").lower()
    assert re.search(r"hid(e|ing)", said("you hide and i'll seek"))


# --- songs ----------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lines, expected", [
    (("sing the wheels on the bus", "now the mummies"), "shh shh shh"),
    (("sing the wheels on the bus", "can you do the horn bit"), "beep beep"),
    (("sing old macdonald", "can you do a sheep"), "baa"),
    (("sing old macdonald", "now do a duck"), "quack"),
])
def test_a_bit_of_the_song_just_sung(lines, expected):
    assert expected in said(*lines).lower()


def test_no_song_bit_without_the_song():
    assert "babies on the bus" not in said("do the babies bit")


@pytest.mark.parametrize("lines, who", [(("sing happy birthday", "now sing it to my grandad"), "Grandad"),
                                        (("sing happy birthday for my teacher",), "Teacher"),
                                        (("sing happy birthday to lucy",), "Lucy"),
                                        (("sing happy birthday to poopyhead",), "friend")])
def test_happy_birthday_to_someone_on_the_list_or_vetted(lines, who):
    assert f"happy birthday dear {who}," in said(*lines)


# --- pretend play and riddles ------------------------------------------------------------------------------------------
def test_youre_a_dog_is_a_game_of_pretend():
    reply = said("you're a dog")
    assert reply and re.search(r"woof|wag|bark|paw", reply, re.I)


@pytest.mark.parametrize("line, topic", [("tell me a riddle about animals", "animals"),
                                         ("have you got a riddle about the weather", "weather"),
                                         ("a riddle about fruit please", "fruit")])
def test_a_riddle_about_a_topic(line, topic):
    brain = Brain(seed=4)
    asked = {r.question: r for r in brain.content.riddles}
    for seed in range(3):
        text = said(line, seed=seed)
        question = text.removeprefix("Here's a riddle. ")
        assert question in asked and topic in asked[question].topics, text


def test_a_riddle_about_something_the_bear_has_none_about_says_so():
    assert said("tell me a riddle about volcanoes").startswith("I don't know a riddle about that yet")


# --- everyday moments -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("line, expected", [
    ("i've made two new friends at school", r"friend"),
    ("i got told off at school", r"mistakes|told off|love you"),
    ("we went to the farm with my nana", r"fun|lovely|best bit|favourite part"),
    ("i went ice skating yesterday", r"fun|lovely|best bit|favourite part"),
    ("i just did a poo", r"wash"),
    ("i need a poo", r"toilet"),
    ("i've got a new baby sister", r"baby"),
    ("we planted some sunflowers", r"grow|water"),
    ("i have a playdate after school", r"fun|play"),
])
def test_everyday_moments(line, expected):
    reply = said(line)
    assert re.search(expected, reply, re.I), (line, reply)
    assert "What happened next" not in reply and "I'm not sure" not in reply


def test_a_new_baby_at_home_is_no_baby_coming():
    for seed in range(4):
        assert "coming?" not in said("i got a new baby brother", seed=seed)


def test_everything_new_passes_the_output_check():
    from bear.talk.companion import data
    from bear.talk.moments import load_moments
    from bear.talk.safety import Safety
    from bear.talk.word_games import data as games_data

    safety = Safety.load()
    d = data()
    texts = [t for table in ("favourite", "age_guess", "joke_explained", "hide_bear") for ts in d[table].values()
             for t in ts]
    texts = [t.format(thing="dinosaurs", age="six", punchline="A dino-snore") for t in texts]
    texts += list(d["song_bits"]["The Wheels on the Bus"].values())
    texts += [n for ns in d["pet_names"].values() for n in ns]
    moments = load_moments()
    for key in ("birthday_month", "birthday_soon", "new_friend", "friend_coming", "told_off", "outing", "potty",
                "need_toilet", "baby_born", "school_no", "bear_favourite_food"):
        texts += [line.text.format(month="June") for line in moments.get(key)]
    g = games_data()
    texts += [f"In Spanish, {w} is {g[w]['spanish']}!" for w in ("hello", "goodbye", "thank you", "please",
                                                                   "good night", "good morning")]
    texts += [v for w in ("goodbye", "thank you", "please", "good night", "good morning") for v in g[w].values()]
    assert len(texts) > 100
    for text in texts:
        assert safety.output_problem(text) is None, text
