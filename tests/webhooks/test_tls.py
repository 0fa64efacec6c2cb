"""https deliveries go through the pinned connection with the certificate checked: a receiver on
127.0.0.1 with a self-signed certificate is refused, and accepted once that certificate is trusted."""
import datetime
import ipaddress
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ketenzicht.webhooks import delivery, services
from ketenzicht.webhooks.models import Delivery

from ..helpers import report_as
from .test_delivery import admin, zwolle


def self_signed(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@pytest.fixture
def tls_receiver(tmp_path, settings):
    settings.KETENZICHT_WEBHOOK_ALLOW_LOOPBACK = True
    cert, key = self_signed(tmp_path)
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            hits.append(self.headers.get("webhook-id"))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/in", cert, hits
    server.shutdown()
    server.server_close()


def test_the_certificate_is_checked(world, tls_receiver, monkeypatch):
    url, cert, hits = tls_receiver
    organisation = zwolle()
    subscription, _secret = services.create(admin(), organisation.region, organisation, url, ["signal.received"])
    report_as("reporter.zwolle")
    delivery.deliver_all()
    row = Delivery.objects.get(subscription=subscription)
    assert row.status == "pending" and "CERTIFICATE_VERIFY_FAILED" in row.last_error and not hits

    trusting = ssl.create_default_context(cafile=str(cert))
    monkeypatch.setattr(delivery.ssl, "create_default_context", lambda: trusting)
    delivery.deliver_all(row.next_attempt_at)
    row.refresh_from_db()
    assert (row.status, row.last_status_code) == ("delivered", 204) and hits == [row.message_id]
