"""The URLconf walks catch what they are for: a URL added with a mistake fails them.

tests/security/urls_with_mistakes.py is the project's URLconf plus an unscoped view,
a CSRF-exempt view and a URL with an argument nobody described; these tests swap it
in and check that each walk reports its mistake, by name.
"""

import pytest
from django.utils import timezone

from tests.security.routes import UnknownKwarg, all_routes, route_urls
from tests.security.test_csrf_and_methods import unlisted_csrf_exempt_views
from tests.security.test_ownership import ownership_failures
from tests.security.world import interviews_in_every_state, owned_ids


@pytest.fixture
def urls_with_mistakes(settings):
    settings.ROOT_URLCONF = "tests.security.urls_with_mistakes"


def test_the_ownership_walk_fails_on_a_new_url_without_owner_scoping(urls_with_mistakes, owner, intruder):
    interviews_in_every_state(owner, timezone.now())
    peek = [r for r in all_routes() if r.name == "peek"]
    assert [r.owned_id_kwargs for r in peek] == [("pk",)], "the walk does not see the new URL's id"

    failures = ownership_failures(owner, intruder, peek)

    assert failures and all("(peek)" in f for f in failures)
    assert any("{'GET': 200" in f for f in failures)


def test_the_csrf_walk_fails_on_a_new_exempt_view(urls_with_mistakes):
    assert unlisted_csrf_exempt_views() == {"ping"}


def test_a_new_url_with_an_undescribed_argument_fails_the_walks(urls_with_mistakes, owner, intruder):
    interviews_in_every_state(owner, timezone.now())
    share = next(r for r in all_routes() if r.name == "share")

    with pytest.raises(UnknownKwarg, match="takes <nonce>"):
        route_urls(share, user=owner, owned_ids=owned_ids(owner, other=intruder))
