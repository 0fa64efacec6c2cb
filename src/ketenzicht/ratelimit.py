"""A fixed-window rate limit per client address, shared by public pages, API and login.

Uses Django's cache, so with several processes configure a shared cache backend.
"""
import time

from django.core.cache import cache


def client_address(request):
    return request.META.get("REMOTE_ADDR", "unknown")


def rate_limited(request, scope, per_minute):
    """Count this request; True when the address went over `per_minute` in this minute."""
    window = int(time.time() // 60)
    key = f"rl:{scope}:{client_address(request)}:{window}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > per_minute
