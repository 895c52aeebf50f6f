"""The tone of news no moment fits (bear/talk/news_tone.py, content/news_tone.toml): something gone
wrong gets an "oh no", something coming a "how exciting", something done well a "well done", and
words of harm or of being left alone never a cheerful reply."""

from __future__ import annotations

import re

import pytest

from conftest import chat_talker

from bear.talk.news_tone import tone_of, tones
from bear.talk.spoken import spoken_form

CHEERFUL = re.compile(r"\b(wow|yay|hooray|how exciting|how fun|well done|brilliant|wonderful|lovely|amazing)\b", re.I)


@pytest.fixture(scope="module")
def talk(tmp_path_factory):
    """talk("line", context=[...]) -> (the bear's reply, the Reply) in a fresh conversation."""
    yield from chat_talker(tmp_path_factory.mktemp("tone"))


def tone(line: str) -> str | None:
    t = tone_of(spoken_form(line))
    return t.name if t else None


@pytest.mark.parametrize("line, expected", [
    ("my balloon popped on the way home", "mishap"),
    ("i dropped my sandwich in the mud", "mishap"),
    ("the swimming pool was closed when we got there", "mishap"),
    ("my tower of blocks got knocked over", "mishap"),
    ("we cant go to the park cos its pouring", "stuck_inside"),
    ("its too windy to fly my kite", "stuck_inside"),
    ("my cousin keeps copying everything i say", "grumble"),
    ("my sister wont let me play with her dolls", "grumble"),
    ("daddy has got a bad cold", "unwell_other"),
    ("grandad is in hospital but hes getting better", "unwell_other"),
    ("i have got a runny nose", "unwell_me"),
    ("i am not tall enough for the big slide", "too_little"),
    ("im starting at a new school after christmas", "big_day"),
    ("i have got a swimming lesson and im a bit nervous", "big_day"),
    ("i learnt to do a cartwheel", "well_done"),
    ("i can write my whole name now", "well_done"),
    ("i got a sticker for tidying up", "well_done"),
    ("auntie sue is coming to stay at the weekend", "looking_forward"),
    ("were having a picnic later", "looking_forward"),
    ("we went to the big museum with the whale", "happy_news"),
    ("i made a bracelet out of beads", "happy_news"),
    ("i look after the baby by myself because mum never gets up", "worry"),
    ("we did not have any tea last night", "worry"),
    ("the big boy grabbed my coat", "worry"),
    ("the sky is blue", None),
])
def test_the_tone_of_news(line, expected):
    assert tone(line) == expected


def test_a_sticker_at_the_dentist_is_no_nervous_big_day():
    assert tone("i went to the dentist and got a sticker") != "big_day"


def test_a_worry_word_wins_over_good_news():
    """Words of harm come first: "he gave me a present and touched me" is no happy news."""
    assert tone("the man gave me a present and touched me") == "worry"
    assert tone("i did it all by myself because mummy is always asleep") == "worry"


def test_every_tone_has_replies_and_no_reply_cheers_a_worry():
    names = [t.name for t in tones()]
    assert names[0] == "worry" and len(set(names)) == len(names)
    worry = tones()[0]
    assert worry.replies and not any(CHEERFUL.search(r.text) for r in worry.replies)


@pytest.mark.parametrize("line, fitting", [
    ("my toast fell off my plate butter side down", r"\b(oh no|oh dear|oops)\b"),
    ("granny and grandpa are coming tomorrow", r"\b(exciting|look forward|fun|wonderful|lovely|special)\b"),
    ("i finished the whole jigsaw", r"\b(well done|you did it|proud|amazing)\b"),
    ("my brother keeps bugging me", r"\b(frustrat\w*|cross|annoying|breath)\b"),
])
def test_the_bear_answers_news_in_its_tone(talk, line, fitting):
    text, _ = talk(line)
    assert re.search(fitting, text, re.I), text
    assert not re.search(r"what happened next|would you like to do it again", text, re.I)


def test_an_offer_in_a_tone_reply_takes_its_yes():
    """"Would a silly joke cheer you up?" -> "yes" tells a joke (the story offered, a story); every
    mishap reply that offers something is tried, whichever the seed picks."""
    from bear.talk.brain import Brain
    from bear.talk.turn import Profile, Session
    from bear.talk.understand import Understanding

    line = "my ice lolly melted all over my hand"
    offered = set()
    for seed in range(40):
        brain, s, p = Brain(seed=seed), Session(), Profile()
        first = brain.reply(line, s, p, understood=Understanding(line, intent="chitchat", confidence=0.9))
        offer = re.search(r"\b(joke|story)\b[^.!]*\?", first.text)
        if offer is None:
            continue
        offered.add(offer.group(1))
        follow = brain.reply("yes please", s, p, understood=Understanding("yes please", intent="yes", confidence=0.9))
        assert follow.intent == offer.group(1), (first.text, follow.text)
    assert offered == {"joke", "story"}


def test_a_dare_is_never_cheered_on():
    """"my cousin dared me to jump off the shed roof, shall i" gets no "sounds fun, do it again"."""
    assert tone("my cousin dared me to climb on the roof of the shed") == "worry"
