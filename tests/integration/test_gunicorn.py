"""The production profile for real: gunicorn with 2 workers, hashed static files by WhiteNoise, /healthz.

gunicorn runs on the production settings (DEBUG off, every hardening switch at
its production default) against this test's database, behind a pretend proxy
that says the request came over HTTPS (RAINCHECK_BEHIND_PROXY=1 and
X-Forwarded-Proto), with Redis as the broker.
"""

import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.integration.processes import PROJECT_DIR, ProcessRunner, pipeline_environment
from tests.integration.waiting import wait_until

pytestmark = pytest.mark.integration

# Seconds between sweeps for these processes: /healthz allows three intervals.
SWEEP_SECONDS = 2
HTTPS = {"X-Forwarded-Proto": "https"}
HASHED_STATIC = re.compile(r'(?:href|src)="(/static/[^"]+\.[0-9a-f]{12}\.(?:css|js))"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Response:
    def __init__(self, status: int, headers, body: bytes):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        import json

        return json.loads(self.body)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, headers: dict | None = None) -> Response:
    """One GET, redirects not followed, error statuses returned rather than raised."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=10) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    """collectstatic with hashed, compressed names, as a deployment runs it before starting the web."""
    root = tmp_path_factory.mktemp("static")
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": "collectstatic-in-tests-not-a-secret",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "RAINCHECK_VAR_DIR": str(root.parent / "collectstatic-var"),
        "DJANGO_STATIC_ROOT": str(root),
        "RAINCHECK_MANIFEST_STATIC": "1",
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (root / "staticfiles.json").exists()
    return root


class Site:
    """A running gunicorn and the runner that owns it (and whatever else the test starts)."""

    def __init__(self, runner: ProcessRunner, base_url: str):
        self.runner = runner
        self.base_url = base_url

    def get(self, path: str, headers: dict | None = None) -> Response:
        return fetch(self.base_url + path, headers)


@pytest.fixture
def start_site(request, transactional_db, tmp_path, static_root, redis_broker):
    """Start gunicorn (2 workers, production settings) on this test's database; stopped at the end, always."""
    runners: list[ProcessRunner] = []

    def start(name: str = "gunicorn", **overrides: str) -> Site:
        port = free_port()
        env = pipeline_environment(
            broker_url=redis_broker.url,
            email_url="consolemail://",
            var_dir=tmp_path / name / "var",
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_STATIC_ROOT=str(static_root),
            RAINCHECK_MANIFEST_STATIC="1",
            RAINCHECK_BEHIND_PROXY="1",
            RAINCHECK_REMINDER_SWEEP_SECONDS=str(SWEEP_SECONDS),
            GUNICORN_BIND=f"127.0.0.1:{port}",
            WEB_CONCURRENCY="2",
            **overrides,
        )
        runner = ProcessRunner(tmp_path / name / "logs", env)
        runners.append(runner)
        process = runner.start(
            name, [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.conf.py", "--workers", "2"]
        )
        site = Site(runner, f"http://127.0.0.1:{port}")

        def answering():
            if not process.alive():
                return True
            try:
                site.get("/healthz")
            except OSError:
                return False
            return True

        wait_until(answering, timeout=30, message="gunicorn did not answer", progress=process.tail)
        assert process.alive(), process.tail()
        wait_until(
            lambda: process.log().count("Booting worker") >= 2,
            timeout=30,
            message="gunicorn did not boot 2 workers",
            progress=process.tail,
        )
        return site

    yield start
    for runner in runners:
        runner.stop_all()
    for runner in runners:
        if any(p.name.startswith("gunicorn") for p in runner.started):
            request.node.add_report_section("teardown", "gunicorn log", runner.report())


def test_login_page_is_served_with_the_security_headers(start_site):
    site = start_site()

    response = site.get("/accounts/login/", HTTPS)

    assert response.status == 200, response.body[:500]
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Secure" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]


def test_plain_http_is_redirected_to_https(start_site):
    site = start_site()

    response = site.get("/accounts/login/")

    assert response.status == 301
    assert response.headers["Location"].startswith("https://127.0.0.1:")


def test_static_files_have_hashed_names_that_load(start_site):
    site = start_site()

    page = site.get("/accounts/login/", HTTPS).body.decode()
    static_urls = HASHED_STATIC.findall(page)

    assert any(url.endswith(".css") for url in static_urls), page[:1000]
    for url in static_urls:
        response = site.get(url, HTTPS)
        assert response.status == 200, url
        assert "immutable" in response.headers.get("Cache-Control", ""), url
    unhashed = site.get("/static/css/raincheck.css", HTTPS)
    assert unhashed.status == 200  # the original name stays available for e-mails and old pages


def test_healthz_after_one_sweep_then_names_the_sweep_when_it_stops(start_site):
    site = start_site()
    assert site.get("/healthz").json()["failing"] == ["sweep"]  # nothing has swept yet

    sweep = site.runner.send_due_reminders("send_due_reminders")
    assert site.runner.wait_exit(sweep, timeout=60) == 0, sweep.tail()
    healthy = site.get("/healthz")

    assert healthy.status == 200, healthy.body
    assert healthy.json()["checks"] == {"database": "ok", "broker": "ok", "sweep": "ok", "reminders": "ok"}
    stale = wait_until(
        lambda: (r := site.get("/healthz")).status == 503 and r,
        timeout=3 * SWEEP_SECONDS + 10,
        message="/healthz did not report the stopped sweep",
    )
    assert stale.json()["failing"] == ["sweep"]
    assert stale.json()["sweep_age_seconds"] >= 3 * SWEEP_SECONDS  # rounded to 0.1 s


def test_healthz_names_the_broker_when_nothing_listens_at_its_port(start_site):
    site = start_site("gunicorn-no-broker", CELERY_BROKER_URL=f"redis://127.0.0.1:{free_port()}/0")
    sweep = site.runner.send_due_reminders("send_due_reminders")
    assert site.runner.wait_exit(sweep, timeout=60) == 0, sweep.tail()

    response = site.get("/healthz")

    assert response.status == 503
    assert response.json()["failing"] == ["broker"]
    assert response.json()["checks"]["database"] == "ok"
