"""Reading the linkage: the networks of signals that share an exact identifier (equal keyed hashes)."""
from . import access, keys
from .models import NETWORK_KINDS, IdentifierCode, IdentifierKind


def network(user, signal):
    """The other signals this user may see that share a phone number, address, vehicle plate or
    KvK number with one of this signal's persons: [(signal, [kind labels])], newest first.
    Compares the stored codes under the current key only; signals outside the user's scope are left out."""
    version = keys.current().version
    kinds = [str(kind) for kind in NETWORK_KINDS]
    own = IdentifierCode.objects.filter(identifiers__person__signal=signal, identifiers__key_version=version,
                                        kind__in=kinds).values_list("kind", "code")
    shared = {}
    for kind, code in set(own):
        for signal_id in (IdentifierCode.objects.filter(kind=kind, code=code, identifiers__key_version=version,
                                                        identifiers__person__isnull=False)  # not a trajectory's
                          .exclude(identifiers__person__signal=signal)
                          .values_list("identifiers__person__signal_id", flat=True)):
            shared.setdefault(signal_id, set()).add(kind)
    if not shared:
        return []
    seen = access.visible_signals(user).filter(pk__in=shared).order_by("-received_at")
    return [(other, [str(IdentifierKind(kind).label) for kind in sorted(shared[other.pk])]) for other in seen]
