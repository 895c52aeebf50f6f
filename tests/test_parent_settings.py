"""Parent settings carried in the endpoint's answer: validated one by one, kept, applied to the
running bear (bedtime hours, volume, emotion, LLM, the child's name), and erased by forget."""

from __future__ import annotations

import logging
from datetime import datetime

import pytest

from bear.config import parse_config
from bear.store import Store
from bear.sync.settings import ParentSettings, validate
from bear.talk.chat import Chat
from conftest import arun


class Sink:  # the one thing settings touch on a sink
    volume = 0.8


@pytest.mark.parametrize("key, value, reason", [
    ("volume", "loud", "must be a number from 0 to 100, got 'loud'"),
    ("volume", 101, "must be a number from 0 to 100, got 101"),
    ("volume", True, "must be a number from 0 to 100, got True"),
    ("quiet_hours", "after tea", 'must look like "19:30-07:00"'),
    ("quiet_hours", 1930, "must be a string"),
    ("child_name", "Robert'); DROP TABLE turns;--", "must be letters"),
    ("child_name", "x" * 31, "must be letters"),
    ("child_name", 7, "must be letters"),
    ("emotion", "yes", "must be true or false, got 'yes'"),
    ("llm", True, "this bear has no llm.url and llm.model"),
    ("favourite_colour", "red", "is not a setting the bear knows"),
])
def test_invalid_settings_are_rejected_with_the_reason(key, value, reason):
    accepted, rejected = validate({key: value, "volume" if key != "volume" else "emotion": 50 if key != "volume"
                                   else False}, llm_available=False)
    assert [k for k, _ in rejected] == [key] and reason in rejected[0][1]
    assert len(accepted) == 1  # the good one beside it still counts


def test_settings_that_are_not_an_object_are_rejected():
    assert validate(["volume", 3], llm_available=True) == ({}, [("settings", "must be a JSON object, got "
                                                                                "['volume', 3]")])


def test_valid_settings_are_kept_applied_and_forgotten(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="bear.sync")
    cfg = parse_config('[talk]\nquiet_hours = "19:30-07:00"\n[audio.output]\nvolume = 0.8\n'
                       '[llm]\nurl = "http://127.0.0.1:9/v1/chat/completions"\nmodel = "tiny"\n', env={})

    async def main():
        store = await Store.open(tmp_path / "bear.db")
        chat = Chat(cfg, store, clock=lambda: datetime(2026, 11, 24, 20, 15))
        sink = Sink()
        settings = ParentSettings(cfg, store, chat, sink)
        await settings.restore()
        before = (chat.bedtime(), sink.volume, chat.emotion_on, chat.llm)
        cs = await chat.start_session("wake")
        await settings.receive({"child_name": "Mia Rose", "quiet_hours": "21:00-06:30", "volume": 55,
                                "emotion": True, "llm": True, "volume_boost": 11})
        during = (chat.bedtime(), sink.volume, chat.emotion_on, chat.llm is not None,
                  (await chat.say_all(cs, "what is my name")).text)
        # a restart: a new bear reads them back from the store
        chat2, sink2 = Chat(cfg, store, clock=lambda: datetime(2026, 11, 24, 20, 15)), Sink()
        values = await ParentSettings(cfg, store, chat2, sink2).restore()
        restarted = (chat2.bedtime(), sink2.volume, chat2.emotion_on, chat2.llm is not None, values)
        await store.forget()
        await ParentSettings(cfg, store, chat2, sink2).restore()
        forgotten = (chat2.bedtime(), sink2.volume, chat2.emotion_on, chat2.llm, await store.profile.get())
        await store.close()
        return before, during, restarted, forgotten

    before, during, restarted, forgotten = arun(main())
    assert before == (True, 0.8, False, None)
    assert during[:4] == (False, 0.55, True, True) and "Mia Rose" in during[4]
    assert restarted == (False, 0.55, True, True, {"quiet_hours": "21:00-06:30", "volume": 55.0, "emotion": True,
                                                   "llm": True})
    assert forgotten == (True, 0.8, False, None, {"name": None, "likes": []})
    messages = [r.getMessage() for r in caplog.records]
    assert any("event=sync_setting_rejected key=volume_boost" in m for m in messages)
    assert any("event=sync_settings_applied keys=child_name,emotion,llm,quiet_hours,volume" in m for m in messages)
    assert not any("Mia" in m for m in messages)  # the child's name is not logged
