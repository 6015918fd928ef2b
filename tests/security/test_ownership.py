"""Another user's data is a 404 on every URL that takes the id of something a user owns,
and every page of the walk, the owner's and the intruder's, is Cache-Control: private, no-store.

The URLs come from the URLconf itself (tests/security/routes.py), not from a list
kept by hand: a new URL with an id is tested the day it is added, and one whose
view forgets `Interview.objects.owned_by(request.user)` fails here.
"""

from django.test import Client
from django.utils import timezone

from tests.security.htmlforms import post_forms
from tests.security.routes import project_routes, route_urls
from tests.security.world import interviews_in_every_state, owned_ids, rolled_back, state_difference, stored_state

# URLs agreed between the helpers that take an owned id; the walk must find at least
# these, so the test cannot pass by finding nothing.
AGREED_OWNED_ROUTES = {
    "interviews:detail",
    "interviews:edit",
    "interviews:delete",
    "interviews:flow",
    "interviews:flow_step",
}

# Sent along with whatever the owner's own form would submit: plausible answers for
# any form a view might process if it forgot to scope its lookup.
HIJACK = {
    "company": "Hijacked Ltd",
    "role": "Hijacked",
    "attendance": "yes",
    "reason": "work",
    "plan": "cancel",
    "channel": "email",
    "outcome": "attended",
    "confirm": "on",
}


def _owner_forms(client, url):
    """The data the owner's page at `url` would submit (rolled back: looking changes nothing)."""
    with rolled_back():
        response = client.get(url)
        if response.status_code != 200:
            return []
        return [
            form.defaults(button)
            for form in post_forms(response.content.decode(), url)
            for button in (form.buttons or [None])
        ]


def not_private(response) -> bool:
    """A page for a logged-in user that a shared or back-button cache could keep."""
    directives = {d.strip().split("=")[0] for d in response.get("Cache-Control", "").split(",")}
    return not {"private", "no-store"} <= directives


def ownership_failures(owner, intruder, routes) -> list[str]:
    """Request every sample URL of `routes` as `intruder`, with GET and POST; what was not a 404."""
    ids = owned_ids(owner, other=intruder)
    owner_client, intruder_client = Client(), Client()
    owner_client.force_login(owner)
    intruder_client.force_login(intruder)

    failures = []
    for route in routes:
        reachable_by_owner = False
        for url in route_urls(route, user=owner, owned_ids=ids):
            payloads = [{**HIJACK, **data} for data in _owner_forms(owner_client, url)] or [HIJACK]
            before = stored_state()
            # 404, or 405 where the method is not allowed at all (decided before any lookup,
            # so the same for every id); at least one of the two methods must reach the lookup.
            responses = {"GET": intruder_client.get(url)}
            for n, payload in enumerate(payloads):
                responses[f"POST#{n}" if n else "POST"] = intruder_client.post(url, payload)
            statuses = {method: response.status_code for method, response in responses.items()}
            uncached = [method for method, response in responses.items() if not_private(response)]
            if uncached:
                failures.append(f"{url} ({route}) as another user: no Cache-Control private, no-store on {uncached}")
            if not set(statuses.values()) <= {404, 405} or 404 not in statuses.values():
                failures.append(f"{url} ({route}) as another user: {statuses}, expected 404")
            changed = state_difference(before, stored_state())
            if changed:
                failures.append(f"{url} ({route}) as another user changed stored data: {changed}")

            with rolled_back():
                page = owner_client.get(url)
                get = page.status_code
                if not_private(page):
                    failures.append(f"{url} ({route}) as its owner: no Cache-Control private, no-store")
                post = owner_client.post(url, payloads[0]).status_code if get == 405 else get
            reachable_by_owner |= post != 404
        if not reachable_by_owner:
            failures.append(f"{route}: the owner gets a 404 too with every sample URL, so its 404s prove nothing")
    return failures


def owned_routes():
    """Every URL of the URLconf that takes the id of something a user owns."""
    return [r for r in project_routes() if r.owned_id_kwargs]


def test_another_users_objects_are_404_on_every_url(owner, intruder):
    now = timezone.now()
    interviews_in_every_state(owner, now)
    interviews_in_every_state(intruder, now)  # the intruder has data of their own, with other ids
    routes = owned_routes()
    missing = AGREED_OWNED_ROUTES - {r.name for r in routes}
    assert not missing, f"the walk misses URLs that take an interview id: {missing}"

    failures = ownership_failures(owner, intruder, routes)

    assert not failures, "\n".join(failures)
