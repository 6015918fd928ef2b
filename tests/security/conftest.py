import os

import pytest
from hypothesis import HealthCheck, settings

# Property-based tests stay bounded in CI (the whole security run has to fit in
# about three minutes per database); HYPOTHESIS_PROFILE=thorough digs deeper by hand.
_common = {
    "deadline": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}
settings.register_profile("ci", max_examples=25, derandomize=False, print_blob=True, **_common)
settings.register_profile("thorough", max_examples=300, **_common)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture
def owner(db):
    from tests.factories import UserFactory

    return UserFactory(name="Olive Owner")


@pytest.fixture
def intruder(db):
    from tests.factories import UserFactory

    return UserFactory(name="Ivan Intruder")
