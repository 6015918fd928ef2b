import os
import secrets

import pytest

from tests.services import is_postgres
from tests.smtp import smtp_server  # noqa: F401 (a fixture: the real SMTP server)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("requires_postgres"):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, request):
    """Integration tests share the test database with real processes: on SQLite it must be a file."""
    from tests.integration.database import file_based_sqlite_test_database

    with file_based_sqlite_test_database(request.session.items):
        yield


@pytest.fixture(autouse=True)
def _requires_postgres(request):
    if request.node.get_closest_marker("requires_postgres") and not is_postgres():
        pytest.skip("needs PostgreSQL as the database backend (this run is on another one)")


@pytest.fixture(autouse=True)
def _site_settings(settings, tmp_path):
    settings.RAINCHECK_SITE_URL = "http://testserver"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # A task queued by the code under test runs in the test's process (Celery reads Django's
    # settings live), and an error in it fails the test instead of vanishing into a result.
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counts and sign-up throttles live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def after_commit(django_capture_on_commit_callbacks):
    """`with after_commit(): client.post(...)`: run what the request left for after its commit (the
    account e-mails' tasks), as the commit that the test's transaction holds back would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def user(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def other_user(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def client_logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def production_env(tmp_path):
    """What an operator sets for a subprocess: a real secret key and the host name; nothing of the test run leaks in."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "raincheck.example",
        "RAINCHECK_VAR_DIR": str(tmp_path / "var"),
    }
