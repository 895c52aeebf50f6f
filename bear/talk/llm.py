"""The optional LLM backend: an OpenAI-compatible chat endpoint, streamed sentence by sentence.

The request runs through `bear.httpio` on its own short-lived thread (TLS verified for https;
plain http only to this device). Sentences reach the event loop as soon as they are complete,
so the first one can be spoken while the rest is still being written. When the reply is no
longer wanted (or a sentence is late) the socket is shut, which ends the thread at once.
Anything unexpected (status, body, size, timing) raises `LlmError` and the offline engine answers.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import tomllib
from collections.abc import Sequence
from importlib import resources

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024  # bytes read from the endpoint, at most
MAX_REPLY_CHARS = 600  # a longer reply is cut at the last sentence before this
_SENTENCE_END = re.compile(r"(?<=[.!?])([\"')\]]*)\s+")
_END = object()


class LlmError(Exception):
    """The endpoint did not give a usable reply in time."""


def system_prompt() -> str:
    """The LLM's system prompt (content/llm.toml)."""
    text = resources.files("bear.talk").joinpath("content/llm.toml").read_text(encoding="utf-8")
    return " ".join(tomllib.loads(text)["system"].split())


def split_sentences(buffer: str) -> tuple[list[str], str]:
    """Complete sentences in `buffer`, and the unfinished rest."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(buffer):
        sentence = buffer[start:m.end(1)].strip()
        if sentence:
            out.append(sentence)
        start = m.end()
    return out, buffer[start:]


class LlmClient:
    """Streams a reply from the configured OpenAI-compatible endpoint (`llm.url`)."""

    def __init__(self, cfg):
        from bear.httpio import Target

        self.cfg = cfg
        self.target = Target.parse(cfg.url, schemes=("https", "http"))  # (config allows http only to localhost)
        self.prompt = system_prompt()

    def _request(self, conn, text: str, history: list[tuple[str, str]], emit, cancelled: threading.Event) -> None:
        """On the request thread: POST, then emit(sentence) for each complete sentence."""
        messages = [{"role": "system", "content": self.prompt}]
        for child, bear in history[-3:]:
            messages += [{"role": "user", "content": child}, {"role": "assistant", "content": bear}]
        messages.append({"role": "user", "content": text})
        body = json.dumps({"model": self.cfg.model, "messages": messages, "stream": True,
                           "max_tokens": self.cfg.max_tokens, "temperature": 0.6}).encode()
        headers = {"Content-Type": "application/json", "Accept": "text/event-stream"}
        if self.cfg.api_key:
            headers["Authorization"] = f"Bearer {self.cfg.api_key}"
        try:
            conn.request("POST", self.target.path, body, headers)
            resp = conn.getresponse()
            if not 200 <= resp.status < 300:
                raise LlmError(f"endpoint answered HTTP {resp.status}")
            ctype = resp.getheader("Content-Type", "")
            buffer, total, read = "", 0, 0
            stream = "event-stream" in ctype
            raw = b""
            while not cancelled.is_set():
                line = resp.readline(MAX_BODY + 1) if stream else resp.read(8192)
                if not line:
                    break
                read += len(line)
                if read > MAX_BODY:
                    raise LlmError(f"endpoint sent more than {MAX_BODY} bytes")
                if not stream:
                    raw += line
                    continue
                line = line.strip()
                if not line.startswith(b"data:"):
                    continue
                data = line[5:].strip()
                if data == b"[DONE]":
                    break
                piece = _delta(data)
                buffer += piece
                sentences, buffer = split_sentences(buffer)
                for s in sentences:
                    total += len(s)
                    if total > MAX_REPLY_CHARS:
                        return
                    emit(s)
            if not stream:
                try:
                    content = json.loads(raw)["choices"][0]["message"]["content"]
                except (ValueError, KeyError, IndexError, TypeError) as exc:
                    raise LlmError(f"endpoint sent a malformed reply ({type(exc).__name__})") from None
                if not isinstance(content, str):
                    raise LlmError("endpoint sent a reply without text")
                buffer = content
            sentences, rest = split_sentences(buffer + " ")
            for s in sentences + ([rest.strip()] if rest.strip() else []):
                total += len(s)
                if total > MAX_REPLY_CHARS:
                    return
                emit(s)
        except (OSError, ValueError) as exc:  # socket errors, timeouts, http.client protocol errors
            raise LlmError(f"endpoint failed: {type(exc).__name__}: {exc}") from None
        except Exception as exc:
            if isinstance(exc, LlmError):
                raise
            raise LlmError(f"endpoint failed: {type(exc).__name__}: {exc}") from None

    async def sentences(self, text: str, history: Sequence[tuple[str, str]] = ()):
        """Yield the reply sentence by sentence. The first must arrive within `timeout_s`,
        each next one within `timeout_s` of the previous; otherwise LlmError."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        cancelled = threading.Event()

        def post(item) -> None:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, item)
            except RuntimeError:  # the loop closed while we were waiting: nobody to tell
                pass

        def emit(sentence: str) -> None:
            if not cancelled.is_set():
                post(sentence)

        def run(conn) -> None:
            try:
                self._request(conn, text, list(history), emit, cancelled)
                post(_END)
            except LlmError as exc:
                post(exc)

        from bear.httpio import connection, exchange

        # the loop's deadlines below decide; the socket's, a second later, is only a backstop
        conn = connection(self.target, timeout_s=self.cfg.timeout_s + 1.0)
        request = asyncio.ensure_future(exchange(conn, run, deadline_s=None))
        got = 0
        try:
            while True:
                try:
                    item = await asyncio.wait_for(queue.get(), self.cfg.timeout_s)
                except TimeoutError:
                    raise LlmError(
                        f"no {'first ' if not got else ''}sentence within {self.cfg.timeout_s:g} s") from None
                if item is _END:
                    if not got:
                        raise LlmError("endpoint sent an empty reply")
                    return
                if isinstance(item, LlmError):
                    if got:  # what was said stands; the rest is lost
                        log.warning("event=llm_stream_broken error=%r", str(item))
                        return
                    raise item
                got += 1
                yield item
        finally:
            cancelled.set()  # what the thread still reads is dropped ...
            request.cancel()  # ... and its socket is shut: the thread ends at once


def _delta(data: bytes) -> str:
    try:
        obj = json.loads(data)
        choice = obj["choices"][0]
        piece = (choice.get("delta") or choice.get("message") or {}).get("content") or ""
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
        raise LlmError(f"endpoint sent a malformed stream event ({type(exc).__name__})") from None
    if not isinstance(piece, str):
        raise LlmError("endpoint sent a stream event without text")
    return piece
