"""One HTTPS POST to the parent's endpoint, on a short-lived thread (never on the event loop).

TLS is always verified: the system's CAs, or `sync.ca_file` for a self-hosted endpoint. Redirects
are not followed (a batch goes only where the parent said). The answer is read up to
`MAX_ANSWER` bytes; a longer one is cut off and reported as such (the status code still counts).
The whole exchange has one deadline: when it passes, the socket is shut from the loop, which
ends the thread's blocking read at once.
"""

from __future__ import annotations

import http.client
import ssl
from dataclasses import dataclass

from bear.httpio import Target, connection, exchange, tls_context

MAX_ANSWER = 64 * 1024


class SyncError(Exception):
    """The endpoint did not acknowledge the batch (the reason is in the message; `status` is the
    HTTP status when there was one)."""

    def __init__(self, reason: str, status: int | None = None):
        super().__init__(reason)
        self.status = status


@dataclass(frozen=True)
class Answer:
    """The endpoint's answer to one POST."""

    status: int
    body: bytes
    too_large: bool  # the endpoint sent more than MAX_ANSWER bytes: body is cut


class Client:
    """HTTPS POST of a batch to the parent's endpoint (bearer token, verified TLS), run in a thread."""

    def __init__(self, url: str, token: str, *, ca_file=None, timeout_s: float = 20.0, software: str = "bear"):
        try:
            self.target = Target.parse(url)
        except ValueError as exc:
            raise ValueError(f"sync {exc}") from None
        self.token = token
        self.timeout_s = timeout_s
        self.software = software
        self.context = tls_context(ca_file)

    def _exchange(self, conn: http.client.HTTPConnection, body: bytes, batch_id: str) -> Answer:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip",
                   "Authorization": f"Bearer {self.token}", "Idempotency-Key": batch_id,
                   "User-Agent": self.software, "Accept": "application/json"}
        conn.request("POST", self.target.path, body, headers)
        resp = conn.getresponse()
        data = resp.read(MAX_ANSWER + 1)
        return Answer(resp.status, data[:MAX_ANSWER], len(data) > MAX_ANSWER)

    async def post(self, body: bytes, batch_id: str) -> Answer:
        """POST the batch; raises SyncError unless the endpoint answers 2xx in time."""
        conn = connection(self.target, timeout_s=self.timeout_s, context=self.context)
        try:
            answer = await exchange(conn, lambda c: self._exchange(c, body, batch_id), deadline_s=self.timeout_s)
        except TimeoutError:
            raise SyncError(f"no answer within {self.timeout_s:g} s") from None
        except ssl.SSLCertVerificationError as exc:
            raise SyncError(f"the endpoint's certificate is not trusted: {exc.verify_message}") from None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise SyncError(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from None
        if not 200 <= answer.status < 300:
            raise SyncError(f"endpoint answered HTTP {answer.status}", answer.status)
        return answer

