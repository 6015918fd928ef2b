"""The production profile: start-up refuses missing secrets, hardening is on and each part can be switched.

Each case starts a fresh Python process with a clean environment, as an operator's would be.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
MANAGE = str(BASE_DIR / "manage.py")

SETTINGS_DUMP = """
import json
import django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_HSTS_PRELOAD": s.SECURE_HSTS_PRELOAD,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
    "SESSION_COOKIE_SAMESITE": s.SESSION_COOKIE_SAMESITE,
    "SESSION_COOKIE_AGE": s.SESSION_COOKIE_AGE,
    "SESSION_ENGINE": s.SESSION_ENGINE,
    "SECURE_CONTENT_TYPE_NOSNIFF": s.SECURE_CONTENT_TYPE_NOSNIFF,
    "SECURE_REFERRER_POLICY": s.SECURE_REFERRER_POLICY,
    "CSP": getattr(s, "CONTENT_SECURITY_POLICY", None),
    "CSP_REPORT_ONLY": getattr(s, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None),
    "STATICFILES": s.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], env=env, cwd=BASE_DIR, capture_output=True, text=True, timeout=120)


def production_settings(env: dict) -> dict:
    done = run(["-c", SETTINGS_DUMP], env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_start_up_without_secret_key_fails_naming_it(production_env):
    del production_env["DJANGO_SECRET_KEY"]

    done = run([MANAGE, "check"], production_env)

    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert "Set DJANGO_SECRET_KEY" in done.stderr


def test_start_up_with_empty_secret_key_fails_naming_it(production_env):
    production_env["DJANGO_SECRET_KEY"] = ""

    done = run([MANAGE, "check"], production_env)

    assert done.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in done.stderr


def test_start_up_without_allowed_hosts_fails_naming_it(production_env):
    del production_env["DJANGO_ALLOWED_HOSTS"]

    done = run([MANAGE, "check"], production_env)

    assert done.returncode != 0
    assert "Set DJANGO_ALLOWED_HOSTS" in done.stderr


def test_debug_mode_starts_without_secret_key_or_hosts(production_env):
    del production_env["DJANGO_SECRET_KEY"]
    del production_env["DJANGO_ALLOWED_HOSTS"]
    production_env["DJANGO_DEBUG"] = "1"

    done = run([MANAGE, "check"], production_env)

    assert done.returncode == 0, done.stderr


def test_deploy_check_passes_with_the_production_variables(production_env):
    done = run([MANAGE, "check", "--deploy", "--fail-level", "WARNING"], production_env)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout


def test_deploy_check_fails_when_hardening_is_switched_off(production_env):
    production_env["RAINCHECK_SSL_REDIRECT"] = "0"

    done = run([MANAGE, "check", "--deploy", "--fail-level", "WARNING"], production_env)

    assert done.returncode != 0
    assert "security.W008" in done.stdout + done.stderr


def test_hardening_is_on_by_default_in_production(production_env):
    s = production_settings(production_env)

    assert s["DEBUG"] is False
    assert s["SECURE_SSL_REDIRECT"] is True
    assert s["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert s["SECURE_HSTS_PRELOAD"] is True
    assert s["SESSION_COOKIE_SECURE"] is True
    assert s["CSRF_COOKIE_SECURE"] is True
    assert s["SESSION_COOKIE_HTTPONLY"] is True
    assert s["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert s["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert s["SECURE_REFERRER_POLICY"] == "same-origin"
    assert s["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_csp_is_enforced_in_production_without_inline_scripts(production_env):
    directives = production_settings(production_env)["CSP"]["DIRECTIVES"]

    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in json.dumps(directives)
    assert "'unsafe-eval'" not in json.dumps(directives)
    assert directives["frame-ancestors"] == ["'none'"]


def test_sessions_are_server_side_and_last_at_most_14_days(production_env):
    s = production_settings(production_env)

    assert s["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    assert s["SESSION_COOKIE_AGE"] == 14 * 24 * 3600


def test_session_days_are_set_by_a_variable(production_env):
    production_env["RAINCHECK_SESSION_DAYS"] = "2"

    assert production_settings(production_env)["SESSION_COOKIE_AGE"] == 2 * 24 * 3600


@pytest.mark.parametrize("days", ["15", "0"])
def test_session_days_outside_1_to_14_stop_start_up_naming_the_variable(production_env, days):
    production_env["RAINCHECK_SESSION_DAYS"] = days

    done = run([MANAGE, "check"], production_env)

    assert done.returncode != 0
    assert "RAINCHECK_SESSION_DAYS" in done.stderr


def test_each_hardening_part_can_be_switched_off(production_env):
    production_env.update(
        {
            "RAINCHECK_SSL_REDIRECT": "0",
            "RAINCHECK_HSTS_SECONDS": "0",
            "RAINCHECK_SECURE_COOKIES": "0",
            "RAINCHECK_CSP": "0",
            "RAINCHECK_NOSNIFF": "0",
            "RAINCHECK_REFERRER_POLICY": "strict-origin-when-cross-origin",
            "RAINCHECK_MANIFEST_STATIC": "0",
        }
    )

    s = production_settings(production_env)

    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SECURE_HSTS_SECONDS"] == 0
    assert s["SECURE_HSTS_PRELOAD"] is False
    assert s["SESSION_COOKIE_SECURE"] is False
    assert s["CSRF_COOKIE_SECURE"] is False
    assert s["CSP"] is None
    assert s["CSP_REPORT_ONLY"]["DIRECTIVES"]["script-src"] == ["'self'"]
    assert s["SECURE_CONTENT_TYPE_NOSNIFF"] is False
    assert s["SECURE_REFERRER_POLICY"] == "strict-origin-when-cross-origin"
    assert s["STATICFILES"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


def test_hsts_subdomains_and_preload_can_be_switched_separately(production_env):
    production_env.update({"RAINCHECK_HSTS_SUBDOMAINS": "0", "RAINCHECK_HSTS_PRELOAD": "0"})

    s = production_settings(production_env)

    assert s["SECURE_HSTS_SECONDS"] == 365 * 24 * 3600
    assert s["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert s["SECURE_HSTS_PRELOAD"] is False


def test_debug_mode_turns_hardening_and_hashed_static_off(production_env):
    production_env["DJANGO_DEBUG"] = "1"

    s = production_settings(production_env)

    assert s["SECURE_SSL_REDIRECT"] is False
    assert s["SECURE_HSTS_SECONDS"] == 0
    assert s["SESSION_COOKIE_SECURE"] is False
    assert s["CSP"] is None
    assert s["STATICFILES"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
