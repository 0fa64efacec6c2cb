"""Standard Webhooks signatures (https://www.standardwebhooks.com): each delivery carries `webhook-id`,
`webhook-timestamp` (seconds since the epoch) and `webhook-signature`: space-separated `v1,<base64>`,
the HMAC-SHA256 of "<id>.<timestamp>.<body>" under the secret's key (the base64 after `whsec_`). A
receiver recomputes it, compares in constant time, and refuses a timestamp more than a few minutes
from its own clock: a replayed delivery is then detectable."""
import base64
import hashlib
import hmac
import secrets

PREFIX = "whsec_"


def new_secret() -> str:
    return PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def sign(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(_key(secret), signed, hashlib.sha256).digest()).decode()


def headers(secrets_: list[str], message_id: str, timestamp: int, body: bytes) -> dict:
    return {"webhook-id": message_id, "webhook-timestamp": str(timestamp),
            "webhook-signature": " ".join(sign(s, message_id, timestamp, body) for s in secrets_)}
