"""A real HTTP server on loopback serving files with Range support and scripted faults."""

from __future__ import annotations

import http.server
import threading


class QuietHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass


class Loopback:
    """Serves `self.httpd` (set up by the subclass with `_serve`) on a thread for a `with` block."""

    def _serve(self, httpd: http.server.ThreadingHTTPServer) -> None:
        self.httpd = httpd
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


class FileServer(Loopback):
    """Serves `files` {url path: bytes}. `drop_after` {path: n}: the first GET of that path sends
    n bytes and then drops the connection. `ignore_range`: always answer 200 with everything."""

    def __init__(self, files: dict[str, bytes], drop_after: dict[str, int] | None = None,
                 ignore_range: bool = False):
        self.files = files
        self.drop_after = dict(drop_after or {})
        self.ignore_range = ignore_range
        self.requests: list[tuple[str, str | None]] = []
        server = self

        class Handler(QuietHandler):
            def do_GET(self):
                rng = self.headers.get("Range")
                server.requests.append((self.path, rng))
                body = server.files.get(self.path)
                if body is None:
                    self.send_error(404, "Not Found")
                    return
                start = 0
                if rng and not server.ignore_range:
                    start = int(rng.split("=")[1].split("-")[0])
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
                else:
                    self.send_response(200)
                part = body[start:]
                self.send_header("Content-Length", str(len(part)))
                self.end_headers()
                cut = server.drop_after.pop(self.path, None)
                if cut is not None:
                    self.wfile.write(part[:cut])
                    self.wfile.flush()
                    self.connection.shutdown(2)
                    return
                self.wfile.write(part)

        self._serve(http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
