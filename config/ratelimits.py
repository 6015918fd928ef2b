"""Per-client rate limits on the forms an attacker would repeat: sign-up, password reset, new interviews.

Counted in Django's cache (CACHE_URL: Redis in production, so every web process
shares the count) per client address as config/proxies.py reads it, in fixed
windows: "10/h" lets ten POSTs through in each clock hour. A POST over the limit
gets the 429 page, which says what was limited and when to try again; the view
does not run. Log-in has its own, stricter lock (django-axes).
"""

import functools
import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

from .proxies import client_ip_address


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @property
    def wait(self) -> str:
        """When to try again, as the page says it."""
        if self.seconds >= 86400:
            return "tomorrow"
        if self.seconds >= 3600:
            return "in an hour" if self.seconds == 3600 else f"in {self.seconds // 3600} hours"
        return "in a minute" if self.seconds <= 60 else f"in {self.seconds // 60} minutes"


# What the 429 page says was refused, per limit.
WHAT = {
    "signup": "sign-up requests",
    "password_reset": "password reset requests",
    "interview_create": "new interviews",
}


def rate_limit_exceeded(request, scope: str) -> Rate | None:
    """Count this request against the client's limit of `scope`; the limit if it is now exceeded, else None."""
    rate = Rate(*settings.RAINCHECK_RATE_LIMITS[scope])
    client = client_ip_address(request) or "unknown"
    window = int(time.time() // rate.seconds)
    # Hashed: cache keys stay short and free of the characters some backends refuse (IPv6 colons).
    digest = hashlib.sha256(f"{scope}|{client}|{window}".encode()).hexdigest()
    key = f"raincheck:rate:{digest}"
    cache.add(key, 0, timeout=rate.seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window's key expired between add and incr
        cache.add(key, 1, timeout=rate.seconds)
        count = 1
    return rate if count > rate.count else None


def rate_limited(scope: str):
    """Decorate a view: its POSTs count against the client's limit of `scope`; one too many gets the 429 page."""
    if scope not in WHAT:
        raise ValueError(f"unknown rate limit {scope!r}")

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method == "POST":
                exceeded = rate_limit_exceeded(request, scope)
                if exceeded is not None:
                    response = render(request, "429.html", {"what": WHAT[scope], "rate": exceeded}, status=429)
                    response["Retry-After"] = str(exceeded.seconds)
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
