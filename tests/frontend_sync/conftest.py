"""A real HTTP receiver for webhooks (http.server in a thread) and a site with an endpoint."""

import hashlib
import hmac
import json
import socket
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from frontend_sync.models import WebhookEndpoint


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    """Records every POST; answers `status` (a list is used up one answer per request)."""

    port: int
    secret: str = "receiver-secret"
    status: object = 204
    received: list = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hooks/revalidate"

    def verifies(self, request, secret=None):
        """What a receiver does: HMAC-SHA256 of the raw body, compared in constant time."""
        expected = hmac.new(
            (secret or self.secret).encode(), request.body, hashlib.sha256
        ).hexdigest()
        return hmac.compare_digest(
            request.headers.get("X-Webhook-Signature", ""), f"sha256={expected}"
        )

    def start(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                receiver.received.append(Received(self.path, dict(self.headers), body))
                status = receiver.status
                if isinstance(status, list):
                    status = status.pop(0) if len(status) > 1 else status[0]
                self.send_response(status)
                if status in (301, 302, 307, 308):
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self.server = None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def receiver():
    """A receiver that is up, at a free port."""
    running = Receiver(free_port()).start()
    yield running
    running.stop()


@pytest.fixture
def down_receiver():
    """A receiver whose port nothing listens on yet: `.start()` brings it up."""
    later = Receiver(free_port())
    yield later
    later.stop()


@pytest.fixture
def fast_retries(settings):
    settings.WEBHOOK_BACKOFF_SECONDS = 1
    settings.WEBHOOK_BACKOFF_MAX = 4
    settings.WEBHOOK_TIMEOUT = 5
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    return settings


def endpoint_for(receiver, **kwargs):
    return WebhookEndpoint.objects.create(
        name="Frontend", url=receiver.url, secret=receiver.secret, **kwargs
    )
