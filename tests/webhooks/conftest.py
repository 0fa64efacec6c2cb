"""A real webhook receiver on 127.0.0.1: an http.server in a thread that checks each delivery's signature
with the algorithm of the Standard Webhooks specification (written here again, not imported from the
product) and its timestamp against its own clock, and answers as the test tells it: 204, 500, a redirect,
nothing for a while (hangs), or its answer a byte at a time (drips)."""
import base64
import hashlib
import hmac
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

TOLERANCE = 5 * 60  # seconds: the spec's advice


def verify(secret, headers, body, now=None):
    """The receiver's check: (True, "") or (False, why). Any of the space-separated v1 signatures may match."""
    msg_id, stamp, signatures = (headers.get("webhook-id"), headers.get("webhook-timestamp"),
                                 headers.get("webhook-signature", ""))
    if not (msg_id and stamp and signatures):
        return False, "missing headers"
    if abs((now or time.time()) - int(stamp)) > TOLERANCE:
        return False, "timestamp too old or new (replay?)"
    key = base64.b64decode(secret.split("_", 1)[1])
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{stamp}.".encode() + body, hashlib.sha256).digest()).decode()
    for signature in signatures.split(" "):
        version, _sep, value = signature.partition(",")
        if version == "v1" and hmac.compare_digest(value, expected):
            return True, ""
    return False, "no signature matches"


class Receiver:
    def __init__(self):
        self.secrets = []  # of the subscriptions sending here: a delivery must verify under one of them
        self.mode = "ok"  # ok | fail | hang | redirect | drip
        self.hang_for = 3.0
        self.received = []  # dicts: headers, body, payload, verified, why
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                checks = [verify(secret, headers, body) for secret in receiver.secrets] or [(False, "no secret")]
                ok, why = next((c for c in checks if c[0]), checks[0])
                receiver.received.append({"headers": headers, "body": body, "payload": json.loads(body),
                                          "verified": ok, "why": why, "path": self.path})
                if receiver.mode == "hang":
                    time.sleep(receiver.hang_for)
                    return
                if receiver.mode == "drip":  # each byte well within the time-out between bytes
                    for byte in b"HTTP/1.1 204 No Content\r\n\r\n":
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(receiver.hang_for)
                    return
                if receiver.mode == "redirect":
                    self.send_response(302)
                    self.send_header("Location", "http://127.0.0.1:1/elsewhere")
                    self.end_headers()
                    return
                self.send_response(204 if receiver.mode == "ok" and ok else 500 if receiver.mode == "fail" else 401)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/ketenzicht"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def secret(self):
        return self.secrets[-1]

    def start(self):
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.KETENZICHT_WEBHOOK_ALLOW_LOOPBACK = True
    server = Receiver()
    server.start()
    yield server
    server.stop()
