"""Demo accounts get a TOTP secret derived from their name, so demo codes are reproducible."""
import hashlib
import hmac

DEMO_TOTP_SEED = b"ketenzicht-demo-totp"


def demo_totp_key(username: str) -> str:
    """20 bytes, hex, as django-otp's TOTPDevice stores them."""
    return hmac.new(DEMO_TOTP_SEED, username.encode(), hashlib.sha1).hexdigest()
