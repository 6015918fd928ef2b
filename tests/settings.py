"""The test suite runs on the real settings, with the production profile (DEBUG off).

Only what the test client cannot do is switched here, through the same
environment variables an operator would use: the HTTPS redirect (the test
client speaks plain HTTP) and hashed static names (no collectstatic). HSTS,
secure cookies, CSP, nosniff and the referrer policy stay at their production
defaults for the whole suite. tests/test_production_pages.py turns the redirect
on and walks the main pages over HTTPS; tests/integration/test_gunicorn.py runs
gunicorn with every production default, hashed static files included.
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("RAINCHECK_MANIFEST_STATIC", "0")
os.environ.setdefault("RAINCHECK_VAR_DIR", os.path.join(tempfile.gettempdir(), "raincheck-test-var"))
# WhiteNoise looks into STATIC_ROOT at start-up (and warns when it is missing); no collectstatic here.
os.environ.setdefault("DJANGO_STATIC_ROOT", os.path.join(tempfile.gettempdir(), "raincheck-test-static"))
os.makedirs(os.environ["DJANGO_STATIC_ROOT"], exist_ok=True)
os.environ.setdefault("RAINCHECK_SSL_REDIRECT", "0")

from config.settings import *  # noqa: E402,F403

# Fast hashing: the suite creates many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
