"""State changes only by POST with a CSRF token, on every URL of the URLconf.

The two signed-token views of DESIGN.md ("E-mail") are the only exemptions, named
here; any other view marked csrf_exempt fails the first test.
"""

from django.test import Client
from django.utils import timezone

from tests.security.routes import all_routes, project_routes, route_urls
from tests.security.world import interviews_in_every_state, rolled_back, state_difference, stored_state

# The e-mail verification link (a GET from the e-mail) and the RFC 8058 one-click
# unsubscribe POST (sent by the mail provider, without cookies) authenticate by a
# signed token instead of a session, so CSRF does not apply to them.
CSRF_EXEMPT = {"accounts:verify", "accounts:unsubscribe"}

# A GET that changes state by design: following the verification link verifies the address.
GET_CHANGES_STATE = {"accounts:verify"}

UNSAFE_METHODS_BUT_POST = ("put", "patch", "delete")


def unlisted_csrf_exempt_views() -> set[str]:
    """Views of the URLconf (admin's included) exempted from CSRF protection but not on the list."""
    return {str(r) for r in all_routes() if r.csrf_exempt} - CSRF_EXEMPT


def test_only_the_signed_token_views_are_csrf_exempt():
    unlisted = unlisted_csrf_exempt_views()
    assert not unlisted, f"views exempted from CSRF protection without being on the list: {unlisted}"
    stale = CSRF_EXEMPT - {r.name for r in all_routes()}
    assert not stale, f"the exemption list names URLs that no longer exist: {stale}"


def _logged_in(user, *, enforce_csrf_checks):
    client = Client(enforce_csrf_checks=enforce_csrf_checks)
    client.force_login(user)
    return client


def test_a_post_without_csrf_token_is_refused_on_every_url(owner):
    now = timezone.now()
    ids = [i.pk for i in interviews_in_every_state(owner, now)]
    clients = {"logged in": _logged_in(owner, enforce_csrf_checks=True), "anonymous": Client(enforce_csrf_checks=True)}

    failures = []
    checked = 0
    for route in project_routes():
        if route.name in CSRF_EXEMPT:
            continue
        for url in route_urls(route, user=owner, owned_ids=ids):
            for who, client in clients.items():
                before = stored_state()
                response = client.post(url, {"company": "Forged", "attendance": "yes", "plan": "cancel"})
                checked += 1
                if response.status_code != 403:
                    failures.append(f"POST {url} ({route}) without a CSRF token, {who}: {response.status_code}")
                changed = state_difference(before, stored_state())
                if changed:
                    failures.append(f"POST {url} ({route}) without a CSRF token, {who}, changed: {changed}")
    assert checked > 0
    assert not failures, "\n".join(failures)


def test_only_post_changes_anything(owner):
    """GET and OPTIONS (and PUT, PATCH, DELETE, even past CSRF) change nothing and log no one out."""
    now = timezone.now()
    interviews = interviews_in_every_state(owner, now)
    # CSRF checks off: this test is about what the view itself does with each method.
    client = _logged_in(owner, enforce_csrf_checks=False)

    failures = []
    for route in project_routes():
        methods = ("get", "options", *UNSAFE_METHODS_BUT_POST)
        if route.name in GET_CHANGES_STATE:
            methods = UNSAFE_METHODS_BUT_POST
        for url in route_urls(route, user=owner, owned_ids=[i.pk for i in interviews]):
            before = stored_state()
            for method in methods:
                with rolled_back():
                    try:
                        response = getattr(client, method)(url)
                    except Exception as exc:  # the test client re-raises what a view raised: a 500
                        failures.append(f"{method.upper()} {url} ({route}) raised {exc!r}")
                        continue
                    if response.status_code >= 500:
                        failures.append(f"{method.upper()} {url} ({route}): {response.status_code}")
                    changed = state_difference(before, stored_state())
                    if changed:
                        failures.append(f"{method.upper()} {url} ({route}) changed: {changed}")
                    if "_auth_user_id" not in client.session:
                        failures.append(f"{method.upper()} {url} ({route}) logged the user out")
                        client.force_login(owner)
    assert not failures, "\n".join(failures)
