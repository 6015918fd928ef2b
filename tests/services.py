"""The two kinds of skip (DESIGN.md "Tests").

A missing service (Redis, PostgreSQL, Chromium) skips with the reason, and
fails instead under REQUIRE_SERVICES=1. A test for another database backend
(requires_postgres) always skips on the other one.
"""

import os
import shutil
import socket

import pytest

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def service_missing(reason: str) -> None:
    """Skip, or fail when CI requires every service."""
    if REQUIRE_SERVICES:
        pytest.fail(f"required service missing: {reason}", pytrace=False)
    pytest.skip(reason)


def port_open(host: str, port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def redis_url() -> str:
    return os.environ.get("RAINCHECK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def require_redis() -> str:
    import redis

    url = redis_url()
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        service_missing(f"Redis is not answering at {url}: {exc}")
    return url


CHROMIUM = os.environ.get("RAINCHECK_CHROMIUM", "/usr/bin/chromium")


def require_chromium() -> str:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        service_missing(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return CHROMIUM


def is_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"
