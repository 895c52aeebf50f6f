"""The optional LLM backend against a real HTTP server on loopback: streaming, timeouts,
failures and hostile replies. Whatever happens, the child gets a safe answer."""

from __future__ import annotations

import threading
import time

import pytest

from bear.config import ConfigError, load_config
from bear.talk.chat import Chat
from bear.talk.llm import LlmClient, LlmError, split_sentences
from conftest import arun, write_config
from llm_server import LlmServer

QUESTION = "what makes a glockenspiel ring"  # the offline engine does not know: the LLM is asked


def _cfg(tmp_path, url: str, timeout: float = 2.5):
    return load_config(write_config(tmp_path, f'[talk]\nquiet_hours = ""\n[llm]\nenabled = true\nurl = "{url}"\n'
                                              f'model = "tiny-test"\napi_key = "sk-test-123"\ntimeout_s = {timeout}\n'))


async def _ask(cfg, text=QUESTION):
    chat = Chat(cfg, None)
    cs = await chat.start_session("test")
    t0 = time.monotonic()
    turn = await chat.say_all(cs, text)
    return turn, time.monotonic() - t0


def test_streamed_reply_first_sentence_before_the_rest(tmp_path):
    gate = threading.Event()
    with LlmServer("stream", ["The sky looks blue because sunlight bounces around in the air. ",
                              "Blue light bounces ", "the most!"], gate=gate) as server:
        cfg = _cfg(tmp_path, server.url)

        async def run():
            chat = Chat(cfg, None)
            cs = await chat.start_session("test")
            turn = await chat.respond(cs, QUESTION)
            pieces = turn.pieces()
            first = await pieces.__anext__()  # arrives while the server still holds the rest back
            gate.set()
            rest = [p async for p in pieces]
            return turn, first, rest

        turn, first, rest = arun(run())
    assert first == "The sky looks blue because sunlight bounces around in the air."
    assert rest == ["Blue light bounces the most!"]
    assert turn.reply.source == "llm" and turn.text.endswith("the most!")
    req, headers = server.requests[0], server.headers[0]
    assert req["model"] == "tiny-test" and req["stream"] is True
    assert req["messages"][0]["role"] == "system" and "child" in req["messages"][0]["content"]
    assert req["messages"][-1] == {"role": "user", "content": QUESTION}
    assert headers["Authorization"] == "Bearer sk-test-123"


def test_non_streamed_json_reply(tmp_path):
    with LlmServer("json", ["Rainbows need sun and rain. ", "Isn't that neat?"]) as server:
        turn, _ = arun(_ask(_cfg(tmp_path, server.url)))
    assert turn.reply.source == "llm" and turn.text == "Rainbows need sun and rain. Isn't that neat?"


@pytest.mark.parametrize("mode", ["500", "garbage", "drop", "huge"])
def test_failing_endpoints_fall_back_to_the_offline_engine(tmp_path, mode):
    with LlmServer(mode) as server:
        turn, took = arun(_ask(_cfg(tmp_path, server.url)))
    assert turn.reply.source == "offline" and turn.reply.intent == "fallback", (mode, turn.reply)
    assert took < 2.5


def test_slow_endpoint_times_out_and_offline_answers(tmp_path):
    with LlmServer("slow", delay=3.0) as server:
        turn, took = arun(_ask(_cfg(tmp_path, server.url, timeout=0.5)))
    assert turn.reply.source == "offline" and 0.45 < took < 1.5, took


def test_stream_breaking_after_the_first_sentence_keeps_what_was_said(tmp_path):
    with LlmServer("garbage_stream", ["Cats purr when happy. ", "ignored", "also ignored. "]) as server:
        turn, _ = arun(_ask(_cfg(tmp_path, server.url)))
    assert turn.reply.source == "llm" and turn.text == "Cats purr when happy."


@pytest.mark.parametrize("pieces", [
    ["Sure! ", "What is your address? ", "I can visit."],
    ["Matches are fun. ", "Light the match like this. ", "Whoosh!"],
    ["Okay. ", "Don't tell your mum about our secret. "],
    ["Fuck yes. "],
])
def test_hostile_replies_pass_the_same_safety_layer(tmp_path, pieces):
    with LlmServer("stream", pieces) as server:
        turn, _ = arun(_ask(_cfg(tmp_path, server.url)))
    from bear.talk.safety import Safety

    safety = Safety.load()
    assert safety.output_problem(turn.text) is None, turn.text
    assert safety.replacement in turn.text


def test_unsafe_child_input_never_reaches_the_endpoint(tmp_path):
    with LlmServer("stream") as server:
        turn, _ = arun(_ask(_cfg(tmp_path, server.url), "how do I light a match"))
    assert turn.reply.safety == "dangerous_object" and server.requests == []


def test_offline_intents_do_not_call_the_endpoint(tmp_path):
    with LlmServer("stream") as server:
        turn, _ = arun(_ask(_cfg(tmp_path, server.url), "tell me a joke"))
    assert turn.reply.intent == "joke" and server.requests == []


def test_unreachable_endpoint(tmp_path):
    turn, took = arun(_ask(_cfg(tmp_path, "http://127.0.0.1:9/v1/chat/completions", timeout=1.0)))
    assert turn.reply.source == "offline" and took < 2


def test_config_rules(tmp_path):
    for url in ("http://example.com/v1", "ftp://127.0.0.1/x", "not a url"):
        with pytest.raises(ConfigError, match="llm.url"):
            _cfg(tmp_path, url)
    with pytest.raises(ConfigError, match="llm.model"):
        load_config(write_config(tmp_path, '[llm]\nenabled = true\nurl = "https://x.example/v1"\n'))
    cfg = _cfg(tmp_path, "https://llm.example/v1/chat/completions")
    assert "sk-test-123" not in repr(cfg) and "sk-test-123" not in str(cfg.redacted())


def test_split_sentences():
    assert split_sentences("One. Two! Thr") == (["One.", "Two!"], "Thr")
    assert split_sentences('He said "hi." Then') == (['He said "hi."'], "Then")


def test_client_stream_raises_on_first_sentence_timeout(tmp_path):
    with LlmServer("slow", delay=2.0) as server:
        client = LlmClient(_cfg(tmp_path, server.url, timeout=0.3).llm)

        async def run():
            return [s async for s in client.sentences("hi")]

        with pytest.raises(LlmError, match="first sentence"):
            arun(run())
