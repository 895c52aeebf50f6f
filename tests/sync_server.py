"""A parent's endpoint for tests: a real HTTPS server on loopback (certificate from a test CA made
with trustme) that stores batches by id, as a careful endpoint would, and misbehaves on request.

Behaviours, one per request in order (then "ok"):
  ok         store the batch, answer 200 with `answer` (JSON)
  500        answer 500, store nothing
  hang       read the request, answer nothing until the server stops (the bear must time out)
  slow:S     store the batch, wait S seconds, then answer 200
  garbage    answer bytes that are not HTTP, store nothing
  drop       store the batch, then close the connection without answering
  oversized  store the batch, answer 200 with a 1 MB body
  notjson    store the batch, answer 200 with HTML
  deep       store the batch, answer 200 with JSON nested 32,000 deep (64,000 bytes: within the bear's
             64 kB answer limit, so it is parsed; 100,000 deep would be cut at the limit unparsed)
  reset      close the connection before reading anything
  drip       store the batch, answer 200 and then its body one byte every 0.1 s (slowloris)
"""

from __future__ import annotations

import gzip
import http.server
import json
import ssl
import threading
import time
from pathlib import Path

from http_fixture import Loopback, QuietHandler


class ParentEndpoint(Loopback):
    def __init__(self, tmp_path: Path, behaviours=(), answer: dict | None = None, token: str = "device-token",
                 max_turns: int | None = None):
        import trustme

        self.behaviours = list(behaviours)
        self.answer = answer if answer is not None else {"ok": True}
        self.token = token
        self.max_turns = max_turns  # a batch with more turns gets 413 (too large), not stored
        self.requests: list[dict] = []  # every POST that arrived: batch_id, behaviour, headers, doc
        self.stored: dict[str, dict] = {}  # the endpoint's database: batch id -> document
        self.closing = threading.Event()
        ca = trustme.CA()
        self.ca_file = tmp_path / "endpoint-ca.pem"
        ca.cert_pem.write_to_path(str(self.ca_file))
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("localhost", "127.0.0.1").configure_cert(ctx)
        server = self

        class Handler(QuietHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                behaviour = server.behaviours.pop(0) if server.behaviours else "ok"
                if behaviour == "reset":
                    server.requests.append({"behaviour": behaviour})
                    self.connection.shutdown(2)
                    self.close_connection = True
                    return
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                doc = json.loads(gzip.decompress(raw)) if self.headers.get("Content-Encoding") == "gzip" else None
                server.requests.append({"behaviour": behaviour, "headers": dict(self.headers), "doc": doc,
                                        "batch_id": doc and doc.get("batch_id"), "path": self.path})
                if self.headers.get("Authorization") != f"Bearer {server.token}":
                    return self._reply(401, b'{"error": "bad token"}')
                if server.max_turns is not None and len(doc["turns"]) > server.max_turns:
                    return self._reply(413, b'{"error": "too large"}')
                if behaviour in ("ok", "drop", "oversized", "notjson", "drip", "deep") or behaviour.startswith("slow:"):
                    server.stored.setdefault(doc["batch_id"], doc)  # idempotent: a batch id is stored once
                if behaviour == "ok":
                    return self._reply(200, json.dumps(server.answer).encode())
                if behaviour == "500":
                    return self._reply(500, b"oops")
                if behaviour == "hang":
                    server.closing.wait(30)
                    self.close_connection = True
                    return
                if behaviour.startswith("slow:"):
                    time.sleep(float(behaviour[5:]))
                    return self._reply(200, json.dumps(server.answer).encode())
                if behaviour == "garbage":
                    self.wfile.write(b"\x00\xffthis is not HTTP at all\r\n\r\n")
                    self.close_connection = True
                    return
                if behaviour == "drop":
                    self.connection.shutdown(2)
                    self.close_connection = True
                    return
                if behaviour == "drip":
                    self.send_response(200)
                    self.send_header("Content-Length", "100000")
                    self.end_headers()
                    try:
                        while not server.closing.wait(0.1):
                            self.wfile.write(b" ")
                            self.wfile.flush()
                    except OSError:  # the bear gave up
                        pass
                    self.close_connection = True
                    return
                if behaviour == "notjson":
                    return self._reply(200, b"<html>thanks!</html>")
                if behaviour == "deep":
                    return self._reply(200, b"[" * 32_000 + b"]" * 32_000)
                if behaviour == "oversized":
                    return self._reply(200, b"{" + b" " * (1 << 20) + b"}")
                raise AssertionError(f"unknown behaviour {behaviour}")

            def _reply(self, status: int, body: bytes):
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except OSError:  # the bear gave up (timeout) and closed: fine
                    pass

        class Server(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                pass  # failed handshakes (an untrusting client) and dropped clients are expected here

        self._serve(Server(("127.0.0.1", 0), Handler))
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True, do_handshake_on_connect=False)
        self.url = f"https://localhost:{self.httpd.server_address[1]}/bear/sync"

    def turn_ids(self) -> list[int]:
        """Every turn id the endpoint has stored, once per stored batch."""
        return [t["id"] for doc in self.stored.values() for t in doc["turns"]]

    def __exit__(self, *exc):
        self.closing.set()  # handlers holding a connection open let go
        super().__exit__(*exc)
