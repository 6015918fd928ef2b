"""Fixtures for tests with real processes: the SMTP server, the broker, and the processes themselves.

Every process a test starts belongs to a ProcessRunner fixture, which stops it
at the end of the test, also when the test fails; a failing test's report ends
with the tail of each process's log.
"""

import json
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.integration.mail_server import RecordingSMTPServer
from tests.integration.processes import ProcessRunner, pipeline_environment
from tests.services import require_redis

# The integration tests' own Redis database: flushed at the start and end of each
# test, so nothing else that uses the same Redis server is disturbed.
INTEGRATION_REDIS_DB = 14

_RUNNERS = pytest.StashKey[list]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        for runner in item.stash.get(_RUNNERS, []):
            report.sections.append((f"process logs ({report.when})", runner.report()))
    return report


@pytest.fixture
def mail_server():
    """A real SMTP server in this process, recording what it accepts."""
    server = RecordingSMTPServer()
    server.start()
    yield server
    server.stop()


class RedisBroker:
    def __init__(self, url: str):
        import redis

        self.url = url
        self.client = redis.Redis.from_url(url)

    def queued(self, task_name: str, queue: str = "celery") -> int:
        """Messages for this task waiting in the queue."""
        return sum(json.loads(raw)["headers"]["task"] == task_name for raw in self.client.lrange(queue, 0, -1))

    def flush(self) -> None:
        """Forget everything the broker holds: queued and unacknowledged tasks, bindings.

        FLUSHDB of the integration tests' own database: to the app, whose broker is
        that database, it is the same as FLUSHALL, and other users of the server are spared.
        """
        self.client.flushdb()


@pytest.fixture
def redis_broker():
    """Real Redis (skips, or fails under REQUIRE_SERVICES=1, when it is not answering)."""
    parts = urlsplit(require_redis())
    broker = RedisBroker(urlunsplit(parts._replace(path=f"/{INTEGRATION_REDIS_DB}")))
    broker.flush()
    yield broker
    broker.flush()


def _runner(request, tmp_path, mail_server, broker_url: str) -> ProcessRunner:
    env = pipeline_environment(broker_url=broker_url, email_url=mail_server.url, var_dir=tmp_path / "var")
    runner = ProcessRunner(tmp_path / "logs", env)
    request.node.stash.setdefault(_RUNNERS, []).append(runner)
    return runner


# Each runner fixture asks for transactional_db so that it is set up after the
# database and torn down before it: the processes are gone before the flush.


@pytest.fixture
def redis_processes(request, transactional_db, tmp_path, mail_server, redis_broker):
    """Workers and beats on real Redis."""
    runner = _runner(request, tmp_path, mail_server, redis_broker.url)
    yield runner
    runner.stop_all()


@pytest.fixture
def filesystem_processes(request, transactional_db, tmp_path, mail_server):
    """Workers and beats on kombu's filesystem transport in a private folder, as `make run` uses it."""
    runner = _runner(request, tmp_path, mail_server, "filesystem://")
    yield runner
    runner.stop_all()
