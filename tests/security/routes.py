"""The project's URLconf as a flat list of routes, so the security tests cover every URL.

The ownership, CSRF and method tests iterate over `project_routes()` instead of a
hand-written list: a URL added tomorrow is tested tomorrow. Every keyword argument
a route takes must be known to `kwarg_values()`; an unknown one fails the tests
with a message that says where to add it, so no new URL slips through untested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.contrib.auth.tokens import default_token_generator
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

# A route's id of an owned object: the tests fill it with the ids of every object the
# owner has (interview, reminder, history event), so a view that looks up any of them
# without owner scoping answers another user with something other than a 404.
OWNED_ID_KWARGS = frozenset({"pk", "interview_id", "reminder_id", "event_id"})


@dataclass(frozen=True)
class Route:
    """One URL pattern, with its full route and namespaced name."""

    route: str
    name: str | None
    callback: object
    kwargs: tuple[str, ...]
    int_kwargs: frozenset[str] = field(default_factory=frozenset)

    def __str__(self) -> str:
        return self.name or self.route

    @property
    def is_admin(self) -> bool:
        return self.route.startswith("admin/")

    @property
    def csrf_exempt(self) -> bool:
        # csrf_exempt sets this attribute on the view function (class-based views copy
        # the dispatch method's attributes onto as_view()'s function).
        return bool(getattr(self.callback, "csrf_exempt", False))

    @property
    def owned_id_kwargs(self) -> tuple[str, ...]:
        return tuple(k for k in self.kwargs if k in OWNED_ID_KWARGS or k in self.int_kwargs)

    def url(self, **kwargs) -> str:
        if self.name:
            return reverse(self.name, kwargs=kwargs)
        # An unnamed route: substitute the values into the route string.
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), self.route)


def _walk(patterns, prefix: str, namespaces: tuple[str, ...]):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            name = ":".join(namespaces + (pattern.name,)) if pattern.name else None
            kwargs = tuple(pattern.pattern.regex.groupindex)
            converters = getattr(pattern.pattern, "converters", {}) or {}
            int_kwargs = frozenset(k for k, c in converters.items() if isinstance(c, IntConverter))
            yield Route(route=route, name=name, callback=pattern.callback, kwargs=kwargs, int_kwargs=int_kwargs)


def all_routes() -> list[Route]:
    """Every pattern of the URLconf, admin included."""
    return list(_walk(get_resolver().url_patterns, "", ()))


def project_routes() -> list[Route]:
    """Every pattern except Django admin's own (staff-only; tested separately)."""
    return [r for r in all_routes() if not r.is_admin]


# --- Sample values for keyword arguments -------------------------------------------


def _flow_steps() -> list[str]:
    """Every step the flow has a URL for (the flow module is the source of truth)."""
    from interviews import flow

    step = getattr(flow, "Step", None)
    if step is None:
        raise AssertionError("interviews.flow has no Step enumeration; tests/security/routes.py needs the step names.")
    return [s.value for s in step]


def _token(route: Route, user) -> list[str]:
    if route.name == "accounts:verify":
        from accounts.tokens import make_verification_token

        return [make_verification_token(user)]
    if route.name == "accounts:unsubscribe":
        from accounts.tokens import make_unsubscribe_token

        return [make_unsubscribe_token(user)]
    if route.name == "interviews:snooze":
        from interviews.models import Reminder
        from interviews.tokens import make_snooze_token

        # A planned reminder of the user's (the world's fresh interview has some).
        reminder = Reminder.objects.filter(interview__owner=user).pending().order_by("pk").first()
        if reminder is None:
            raise AssertionError("the snooze link needs a reminder of the user's; the world has none")
        return [make_snooze_token(reminder)]
    if route.name == "interviews:calendar_feed":
        from django.utils import timezone

        from accounts.services import calendar_feed_renew

        return [calendar_feed_renew(user=user, now=timezone.now())]
    if route.name == "accounts:signup_finish":
        from accounts.tokens import make_signup_token

        # A link for an address without an account (the form), and one for the user's own (taken).
        return [make_signup_token(f"newcomer.{user.pk}@example.com"), make_signup_token(user.email)]
    if route.name and route.name.endswith("password_reset_confirm"):
        return [default_token_generator.make_token(user), "set-password"]
    raise UnknownKwarg(route, "token")


class UnknownKwarg(AssertionError):
    def __init__(self, route: Route, kwarg: str):
        super().__init__(
            f"URL {route} ({route.route}) takes <{kwarg}>, which the security tests do not know. "
            "Add sample values for it to kwarg_values() in tests/security/routes.py "
            "(and, if it is the id of something a user owns, to OWNED_ID_KWARGS)."
        )


def kwarg_values(route: Route, kwarg: str, *, user, owned_ids: list[int]) -> list[str | int]:
    """Valid sample values for one keyword argument of a route, for `user`.

    An owned id gets every id of every object the user owns. Anything unknown fails.
    """
    if kwarg in OWNED_ID_KWARGS or kwarg in route.int_kwargs:
        if kwarg not in OWNED_ID_KWARGS:
            raise UnknownKwarg(route, kwarg)
        return list(owned_ids)
    if kwarg == "step":
        return _flow_steps()
    if kwarg == "token":
        return _token(route, user)
    if kwarg == "uidb64":
        return [urlsafe_base64_encode(force_bytes(user.pk))]
    raise UnknownKwarg(route, kwarg)


def route_urls(route: Route, *, user, owned_ids: list[int]) -> list[str]:
    """Every combination of sample values for the route's keyword arguments, as URLs."""
    combos: list[dict] = [{}]
    for kwarg in route.kwargs:
        values = kwarg_values(route, kwarg, user=user, owned_ids=owned_ids)
        combos = [{**c, kwarg: v} for c in combos for v in values]
    return [route.url(**c) for c in combos]
