"""The test suite runs on the real settings, with the production profile (DEBUG off).

Only what the test client cannot do is switched here, through the same
environment variables an operator would use. RAINCHECK_TEST_PRODUCTION=1 keeps
every hardening switch at its production default.
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
if os.environ.get("RAINCHECK_TEST_PRODUCTION") != "1":
    # The test client speaks plain HTTP.
    os.environ.setdefault("RAINCHECK_SSL_REDIRECT", "0")

from config.settings import *  # noqa: E402,F403

# Fast hashing: the suite creates many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
