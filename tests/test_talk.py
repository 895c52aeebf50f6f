"""The conversation engine (content in data files) and the chat turn around it, with the real store."""

from __future__ import annotations

import re
import subprocess
from datetime import datetime

import pytest

from bear.config import load_config
from bear.store import Store
from bear.talk.brain import Brain
from bear.talk.turn import Profile, Session
from bear.talk.chat import Chat, in_quiet_hours
from bear.talk.content import load_content
from conftest import BEAR, arun, require_model, write_config

CONTENT = load_content()


def talk(brain, session, profile, *lines, **kw):
    return [brain.reply(line, session, profile, **kw) for line in lines]


def test_content_is_big_enough():
    assert len(CONTENT.stories) >= 20 and len({s.id for s in CONTENT.stories}) == len(CONTENT.stories)
    assert len(CONTENT.jokes) >= 12 and len(CONTENT.riddles) >= 10 and len(CONTENT.songs) >= 6
    assert sum(s.calm for s in CONTENT.stories) >= 5 and len(CONTENT.facts) >= 15


def test_no_joke_or_story_repeats_within_a_session():
    brain, s, p = Brain(seed=1), Session(), Profile()
    jokes = [r.text for r in talk(brain, s, p, *["tell me a joke"] * len(CONTENT.jokes))]
    assert len(set(jokes)) == len(CONTENT.jokes)
    assert "all my jokes" in brain.reply("another joke", s, p).text
    stories = [r.text for r in talk(brain, s, p, "tell me a story", *["another one"] * (len(CONTENT.stories) - 1))]
    assert len(set(stories)) == len(CONTENT.stories)
    assert "where you choose" in brain.reply("one more story", s, p).text  # then the interactive ones
    fresh = brain.reply("tell me a joke", Session(), p)  # a new session may repeat
    assert fresh.intent == "joke"


def test_every_story_says_the_end_once():
    brain, s, p = Brain(seed=1), Session(), Profile()
    stories = [r.text for r in talk(brain, s, p, "tell me a story", *["another one"] * (len(CONTENT.stories) - 1))]
    for text in stories:
        assert len(re.findall(r"(?i)\bthe end[.!]", text)) == 1, text[-80:]
    bedtime = brain.reply("tell me a story", Session(), p, bedtime=True).text
    assert len(re.findall(r"(?i)\bthe end[.!]", bedtime)) == 1, bedtime[-80:]


def test_story_by_topic_and_by_what_the_child_likes():
    brain, p = Brain(seed=2), Profile()
    assert "Dragon" in brain.reply("tell me a story about a dragon", Session(), p).text
    assert "Penguin" in brain.reply("a story about penguins please", Session(), p).text
    r = brain.reply("my favourite animal is owls", Session(), p)
    assert r.remember == {"like": ("animal", "owls")} and p.likes["animal"] == "owls"
    assert "Owl" in brain.reply("tell me a story", Session(), p).text  # chosen for what the child likes
    assert "owls" in brain.reply("what do I like", Session(), p).text


def test_name_is_learned_when_asked_and_used():
    brain, s, p = Brain(seed=0), Session(), Profile()
    hello, answer = talk(brain, s, p, "hello", "mia")
    assert "What's your name" in hello.text and hello.expects_answer
    assert answer.remember == {"name": "Mia"} and "Mia" in answer.text
    assert "Mia" in brain.reply("what's my name", s, p).text
    happy = brain.reply("my name is happy", Session(), Profile())  # not a name: kindly declined, nothing kept
    assert happy.remember is None and "Happy" not in happy.text and happy.expects_answer


def test_riddle_waits_for_the_answer():
    brain, s, p = Brain(seed=4), Session(), Profile()
    ask = brain.reply("tell me a riddle", s, p)
    riddle = next(r for r in CONTENT.riddles if r.question in ask.text)
    assert ask.expects_answer and ask.text.endswith("?")
    right = brain.reply(f"is it a {riddle.answers[0]}", s, p)
    assert right.intent == "riddle_answer" and right.text.startswith("Yes")
    ask2 = brain.reply("another", s, p)
    assert ask2.intent == "riddle" and ask2.text != ask.text
    give_up = brain.reply("I don't know", s, p)
    assert give_up.text.startswith("Good try") and give_up.intent == "riddle_answer"


def test_counting_game_takes_turns_to_ten():
    brain, s, p = Brain(seed=0), Session(), Profile()
    start = brain.reply("let's play a counting game", s, p)
    assert start.text.endswith("One!") and start.expects_answer
    wrong = brain.reply("five", s, p)
    assert "After 1 comes 2" in wrong.text
    replies = talk(brain, s, p, "two", "four", "six", "eight")
    assert [r.text.split("! ")[-1].rstrip("!") for r in replies] == ["3", "5", "7", "9"]
    done = brain.reply("ten", s, p)
    assert done.intent == "counting_done" and s.pending is None


def test_spelling_game_takes_turns():
    brain, s, p = Brain(seed=0), Session(), Profile()
    start = brain.reply("can we play a spelling game", s, p)
    word = s.pending["word"]
    assert f"spell {word}" in start.text
    replies = []
    while s.pending is not None and len(replies) < 10:
        replies.append(brain.reply(word[s.pending["pos"]], s, p))
    assert replies[-1].intent == "spelling_done" and f"spells {word}" in replies[-1].text


def test_bedtime_is_calmer_shorter_and_suggests_sleep():
    brain, s, p = Brain(seed=0), Session(), Profile(name="Leo")
    calm_titles = {st.title for st in CONTENT.stories if st.calm}
    for _ in range(5):
        story = brain.reply("tell me a story", s, p, bedtime=True)
        assert any(t in story.text for t in calm_titles) and "close your eyes" in story.text
    assert "sleepy time" in brain.reply("let's play a counting game", s, p, bedtime=True).text
    assert "sleepy time" in brain.reply("tell me a joke", s, p, bedtime=True).text
    night = brain.reply("bye", s, p, bedtime=True)
    assert night.end_session and ("Goodnight" in night.text or "Night night" in night.text)
    assert in_quiet_hours((19 * 60 + 30, 7 * 60), datetime(2026, 1, 1, 21, 0))
    assert in_quiet_hours((19 * 60 + 30, 7 * 60), datetime(2026, 1, 1, 6, 59))
    assert not in_quiet_hours((19 * 60 + 30, 7 * 60), datetime(2026, 1, 1, 12, 0))


@pytest.mark.parametrize("line", ["bye", "goodbye teddy", "I have to go now", "see you tomorrow", "good night"])
def test_goodbye_lets_the_child_go(line):
    brain = Brain(seed=0)
    for _ in range(4):
        r = brain.reply(line, Session(), Profile(name="Ava"))
        assert r.intent == "goodbye" and r.end_session and not r.expects_answer
        assert "?" not in r.text  # nothing to answer: no pressure to stay


def test_not_understood_asks_again_then_offers_choices():
    brain, s, p = Brain(seed=0), Session(), Profile()
    first, second = talk(brain, s, p, "blue wiggly spoon", "purple sofa moon")
    assert first.intent == second.intent == "fallback" and first.expects_answer
    assert first.text != second.text and "story" in second.text


def test_feelings_use_the_detected_emotion():
    brain = Brain(seed=0)
    sad = brain.reply("my hamster died", Session(), Profile(), emotion="sadness")
    assert sad.intent == "grief" and ("sad" in sad.text.lower() or "sorry" in sad.text.lower())
    down = brain.reply("everything is rubbish today", Session(), Profile(), emotion="sadness")
    assert down.intent == "feelings" and "sad" in down.text.lower()
    scared = brain.reply("I'm scared of the thunder", Session(), Profile())
    assert scared.intent == "feelings" and scared.expects_answer is not None and "Sorry" not in scared.text
    s = Session()
    brain.reply("how are you", s, Profile())
    good = brain.reply("good", s, Profile(), emotion="joy")
    assert good.intent == "feelings" and ("happy" in good.text.lower() or "hooray" in good.text.lower())


def _cfg(tmp_path, extra=""):
    return load_config(write_config(tmp_path, '[talk]\nquiet_hours = ""\n' + extra))


def test_chat_remembers_name_and_likes_across_restarts_and_flags_disclosures(tmp_path):
    cfg = _cfg(tmp_path)

    async def first_visit():
        store = await Store.open(cfg.db_path)
        chat = Chat(cfg, store)
        cs = await chat.start_session("chat")
        await chat.say_all(cs, "my name is noah")
        await chat.say_all(cs, "my favourite colour is green")
        hurt = await chat.say_all(cs, "someone hurts me")
        await store.close()
        return hurt

    async def second_visit():
        store = await Store.open(cfg.db_path)
        chat = Chat(cfg, store)
        cs = await chat.start_session("chat")
        name = await chat.say_all(cs, "what's my name")
        likes = await chat.say_all(cs, "what do I like")
        flags, turns = await store.conversations.safety_flags(), await store.conversations.recent_turns(10)
        await store.close()
        return name, likes, flags, turns

    hurt = arun(first_visit())
    assert hurt.reply.safety == "abuse" and "grown-up" in hurt.text
    name, likes, flags, turns = arun(second_visit())
    assert "Noah" in name.text and "green" in likes.text
    assert len(flags) == 1 and flags[0]["category"] == "abuse" and flags[0]["excerpt"] == "someone hurts me"
    assert flags[0]["turn_id"] == [t for t in turns if t["child_text"] == "someone hurts me"][0]["id"]
    assert all(t["emotion"] is None for t in turns)  # emotion is opt-in: off by default, nothing stored


def test_emotion_opt_in_stores_only_the_label(tmp_path):
    require_model("emotion-goemotions")
    from bear.models.manifest import load_manifest
    from bear.models.registry import ModelRegistry

    cfg = _cfg(tmp_path, "[emotion]\nenabled = true\n")

    async def run():
        store = await Store.open(cfg.db_path)
        registry = ModelRegistry(load_manifest(cfg.manifest_path), cfg.paths.model_dir)
        from bear.emotion import register

        register(registry)
        chat = Chat(cfg, store, registry)
        cs = await chat.start_session("chat")
        turn = await chat.say_all(cs, "I am so scared of the dark")
        rows = await store.conversations.recent_turns(1)
        registry.close()
        await store.close()
        return turn, rows

    turn, rows = arun(run(), timeout=30)
    assert turn.emotion == "fear" and rows[0]["emotion"] == "fear"
    assert "scores" not in str(rows[0]) and "0." not in (rows[0]["emotion"] or "")
    assert turn.timings["emotion_ms"] > 0


def test_emotion_off_computes_nothing(tmp_path):
    cfg = _cfg(tmp_path)
    assert not cfg.emotion.enabled

    from bear.models.manifest import ModelUnavailable

    class Registry:  # any use of the emotion model fails the test (the understanding model is absent here)
        def slot(self, name):
            raise AssertionError("the emotion model must not be touched")

        def slots(self):
            return []

        def register(self, name, loader, **kw):
            assert name != "emotion-goemotions", "the emotion model must not be registered"

        async def run(self, name, *a, **k):
            assert name != "emotion-goemotions", "the emotion model must not be touched"
            raise ModelUnavailable(f"{name}: not in this test")

    async def run():
        chat = Chat(cfg, None, Registry())
        cs = await chat.start_session("chat")
        return await chat.say_all(cs, "I am so happy")

    turn = arun(run())
    assert turn.emotion is None and turn.timings["emotion_ms"] == 0.0


def test_bear_chat_command_one_reply_and_prompt_loop(tmp_path, child_env):
    cfg = write_config(tmp_path, '[talk]\nquiet_hours = ""\n')
    one = subprocess.run(BEAR + ["chat", "--config", str(cfg), "tell me a story about a penguin"],
                         capture_output=True, text=True, env=child_env, timeout=60)
    assert one.returncode == 0, one.stderr
    assert "Penguin" in one.stdout and "event=reply intent=story" in one.stderr
    # the understanding model decides, as in the daemon and `bear eval` (not the rules alone)
    assert "understood=story" in one.stderr, one.stderr
    loop = subprocess.run(BEAR + ["chat", "--config", str(cfg)], input="my name is zoe\nwhat's my name\nbye\n",
                          capture_output=True, text=True, env=child_env, timeout=60)
    assert loop.returncode == 0, loop.stderr
    lines = [x for x in loop.stdout.splitlines() if "bear" in x and ">" in x]
    assert len(lines) == 3 and "Zoe" in lines[1] and "Zoe" in lines[2]
    assert "zoe" not in loop.stderr.lower()  # what the child says stays out of the journal


def test_bear_chat_with_a_data_dir_it_cannot_write_says_so_in_one_line(tmp_path, child_env):
    (tmp_path / "a-file").write_text("")
    cfg = write_config(tmp_path).read_text().replace(str(tmp_path / "data"), str(tmp_path / "a-file" / "data"))
    (tmp_path / "bear.toml").write_text(cfg)
    proc = subprocess.run(BEAR + ["chat", "--config", str(tmp_path / "bear.toml"), "hello"], capture_output=True,
                          text=True, env=child_env, timeout=60)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith(f"bear: {tmp_path / 'a-file' / 'data' / 'bear.db'}: NotADirectoryError")
    assert "Traceback" not in proc.stderr


def test_games_ask_again_without_an_answer_and_end_when_the_child_moves_on():
    brain, s, p = Brain(seed=0), Session(), Profile()
    brain.reply("let's count", s, p)
    nudge = brain.reply("hmm", s, p)
    assert nudge.intent == "counting" and "What comes after 1" in nudge.text and s.pending is not None
    moved_on = brain.reply("tell me a joke", s, p)
    assert moved_on.intent == "joke" and (s.pending or {}).get("kind") != "counting"
    brain.reply("spelling game", s, p)
    assert "What letter comes after" in brain.reply("hmm", s, p).text
    assert brain.reply("stop", s, p).intent == "spelling_stop" and s.pending is None
