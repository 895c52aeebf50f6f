"""A real OpenAI-compatible chat endpoint on loopback, with scripted behaviours (tests only).

`mode` picks what the next POST gets: "stream" (SSE, one event per `pieces` item, waiting for
`gate` before the second piece if given), "json" (one non-streamed reply), "slow" (waits
`delay` s before answering), "500", "garbage", "huge", "drop" (accepts, then closes the socket),
"garbage_stream" (SSE with a malformed event).
"""

from __future__ import annotations

import http.server
import json
import threading
import time

from http_fixture import Loopback, QuietHandler


class LlmServer(Loopback):
    def __init__(self, mode: str = "stream", pieces=("Hello there! ", "I am a bear. ", "Bye."),
                 delay: float = 0.0, gate: threading.Event | None = None):
        self.mode, self.pieces, self.delay, self.gate = mode, list(pieces), delay, gate
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        server = self

        class Handler(QuietHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                server.requests.append(json.loads(body))
                server.headers.append(dict(self.headers))
                mode = server.mode
                if mode == "slow":
                    time.sleep(server.delay)
                    mode = "stream"
                if mode == "500":
                    self.send_response(500)
                    self.send_header("Content-Length", "5")
                    self.end_headers()
                    self.wfile.write(b"oops!")
                    return
                if mode == "drop":
                    self.connection.shutdown(2)
                    self.connection.close()
                    return
                if mode in ("garbage", "huge", "json"):
                    if mode == "json":
                        data = json.dumps({"choices": [{"message": {"role": "assistant",
                                                                    "content": "".join(server.pieces)}}]}).encode()
                    elif mode == "garbage":
                        data = b"<html>not json at all"
                    else:
                        data = b'{"choices": [{"message": {"content": "' + b"la " * 200_000 + b'"}}]}'
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Connection", "close")
                self.end_headers()
                for i, piece in enumerate(server.pieces):
                    if i == 1 and server.gate is not None:
                        server.gate.wait(10)
                    if mode == "garbage_stream" and i == 1:
                        self.wfile.write(b"data: {broken json\n\n")
                    else:
                        event = {"choices": [{"delta": {"content": piece}}]}
                        self.wfile.write(b"data: " + json.dumps(event).encode() + b"\n\n")
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        self._serve(http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v1/chat/completions"
