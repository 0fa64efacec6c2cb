"""Where a webhook may be sent: refusing server-side request forgery.

Only https, to a host whose every address is public: private, loopback, link-local, multicast, reserved,
unspecified and shared (CGNAT) addresses are refused, and so are Ketenzicht's own host names
(ALLOWED_HOSTS, KETENZICHT_BASE_URL). Checked when a subscription is made AND at each delivery, where the
connection then goes to the address that was checked (`Target.address`), so a name that resolves
differently the second time (DNS rebinding) cannot lead it elsewhere. Tests (and a developer's machine)
may send to 127.0.0.1 over http with KETENZICHT_WEBHOOK_ALLOW_LOOPBACK; nothing else is ever allowed.
"""
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class Refused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # with its query
    address: str  # the checked address the connection goes to


def allow_loopback() -> bool:
    return bool(getattr(settings, "KETENZICHT_WEBHOOK_ALLOW_LOOPBACK", False))


def _own_hosts():
    hosts = {h.lower().lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"}
    base = urlsplit(settings.KETENZICHT_BASE_URL).hostname
    return hosts | ({base.lower()} if base else set())


def _is_own(host):
    host = host.lower().rstrip(".")  # "ketenzicht.example.nl." is the same host
    return any(host == own or host.endswith("." + own) for own in _own_hosts())


def _loopback_allowed(ip):
    return allow_loopback() and ip.is_loopback


def _public(ip) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):  # an IPv4 address inside IPv6 counts as itself
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None:
            ip = inner
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_private or ip.is_loopback
                                 or ip.is_link_local or ip.is_unspecified)


def resolve(host, port):
    """Every address `host` resolves to (a seam for tests that play DNS)."""
    return [info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]


def check(url: str) -> Target:
    """The target of `url`, or Refused with a Dutch reason."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise Refused(_("Dit is geen geldig adres.")) from None
    host = (parts.hostname or "").lower()
    if not host or parts.scheme not in ("https", "http"):
        raise Refused(_("Het adres moet beginnen met https://."))
    if parts.username or parts.password:
        raise Refused(_("Zet geen gebruikersnaam of wachtwoord in het adres."))
    port = port or (443 if parts.scheme == "https" else 80)
    own = _is_own(host)
    if own and not allow_loopback():  # refused before any lookup of the name
        raise Refused(_("Een webhook kan niet naar Ketenzicht zelf."))
    try:
        addresses = [ipaddress.ip_address(a.split("%")[0]) for a in resolve(host, port)]
    except (OSError, UnicodeError, ValueError):
        raise Refused(_("De naam van de server is niet te vinden.")) from None
    if not addresses:
        raise Refused(_("De naam van de server is niet te vinden."))
    loopback = all(_loopback_allowed(ip) for ip in addresses)
    if parts.scheme != "https" and not loopback:
        raise Refused(_("Het adres moet beginnen met https://."))
    if not loopback:
        if own:
            raise Refused(_("Een webhook kan niet naar Ketenzicht zelf."))
        if not all(_public(ip) for ip in addresses):
            raise Refused(_("Dit adres wijst naar een intern of gereserveerd netwerkadres; alleen openbare adressen zijn toegestaan."))
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return Target(parts.scheme, host, port, path, str(addresses[0]))
