"""RainCheck settings, read from the environment (see the README's table).

Defaults serve a laptop: SQLite and the filesystem broker under var/, e-mail
to the console. Production sets DJANGO_DEBUG off (the default) and the
connection URLs; the hardening switches then default to on.
"""

import re
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

# Where the embedded database, broker folders and beat schedule live.
VAR_DIR = Path(env.str("RAINCHECK_VAR_DIR", default=str(BASE_DIR / "var")))

# Debug pages and the development secret key; off unless set.
DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Signs sessions, tokens and unsubscribe links; required in production.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY (required when DJANGO_DEBUG is off).")
    SECRET_KEY = "django-insecure-raincheck-development-only"  # noqa: S105 (DEBUG only)

# Host names this site answers to, comma-separated; required in production.
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS (required when DJANGO_DEBUG is off).")
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]

# Origins trusted for CSRF on HTTPS behind a proxy, comma-separated.
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "csp",
    "accounts",
    "interviews",
    "advice",
]

MIDDLEWARE = [
    "config.logging.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, the first reader of a POST body: an unreadable body is a 400 page.
    "config.middleware.RequestBodyMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page a logged-in user gets: Cache-Control private, no-store.
    "config.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "accounts.middleware.UserTimeZoneMiddleware",
    # Last, as django-axes asks, so it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# PostgreSQL (or any database) by URL; SQLite under var/ when unset.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'raincheck.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web read while the worker writes; IMMEDIATE takes the write
    # lock at BEGIN so two writers queue on the busy timeout instead of failing
    # with "database is locked" halfway through a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
# Rate-limit counters and sign-up throttles: Redis by URL in production (shared by every web
# process and worker); memory of the one process when unset (enough for `make run`).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# --- Request size ---------------------------------------------------------
# A form post larger than this (bytes, files aside) is refused with a 400: no form here takes
# more than a few kilobytes (a 20,000-character advice body is the largest).
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
# Uploaded files up to this size stay in memory; only views marked as taking a file accept
# multipart at all (config/middleware.py), and each checks its own size limit.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# The site's own page for a missing or expired form token (config/errors.py).
CSRF_FAILURE_VIEW = "config.errors.csrf_failure"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "interviews:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

# Log-in throttling: lock a (user, IP) pair after this many failures.
AXES_FAILURE_LIMIT = env.int("RAINCHECK_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_USERNAME_FORM_FIELD = "username"
# Axes' log lines name the client; ours say no e-mail address or IP (the attempts are in admin).
AXES_CLIENT_STR_CALLABLE = "config.logging.axes_client_str"
# Number of reverse proxies in front of the app that append to X-Forwarded-For; the
# locked address is the client's as the outermost one saw it (config/proxies.py).
# (Not AXES_IPWARE_*: those need django-ipware, and its proxy count picks a forgeable entry.)
RAINCHECK_TRUSTED_PROXIES = env.int("RAINCHECK_TRUSTED_PROXIES", default=0)
if RAINCHECK_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("RAINCHECK_TRUSTED_PROXIES must be 0 or more.")
AXES_CLIENT_IP_CALLABLE = "config.proxies.client_ip_address"

# Per-client limits on the forms an attacker would repeat (config/ratelimits.py), counted in the
# cache: a count per s, m, h or d; one request more gets a 429 page.
_rates = {
    # Sign-up requests (each e-mails a link) per client address.
    "RAINCHECK_SIGNUP_RATE": env.str("RAINCHECK_SIGNUP_RATE", default="10/h"),
    # Password reset requests per client address.
    "RAINCHECK_PASSWORD_RESET_RATE": env.str("RAINCHECK_PASSWORD_RESET_RATE", default="10/h"),
    # New interviews per client address.
    "RAINCHECK_INTERVIEW_CREATE_RATE": env.str("RAINCHECK_INTERVIEW_CREATE_RATE", default="60/h"),
}


def _rate(variable: str) -> tuple[int, int]:
    """The rate limit the variable names (read with env.str above it), such as "10/h", as (count, seconds)."""
    value = _rates[variable]
    match = re.fullmatch(r"\s*(\d+)\s*/\s*([smhd])\s*", value)
    if match is None or int(match.group(1)) <= 0:
        raise ImproperlyConfigured(f"{variable} must look like 10/h: a positive count per s, m, h or d.")
    return int(match.group(1)), {"s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]


RAINCHECK_RATE_LIMITS = {
    "signup": _rate("RAINCHECK_SIGNUP_RATE"),
    "password_reset": _rate("RAINCHECK_PASSWORD_RESET_RATE"),
    "interview_create": _rate("RAINCHECK_INTERVIEW_CREATE_RATE"),
}

# Days a log-in lasts (1 to 14). Sessions live in the database: log-out ends one on the server too.
RAINCHECK_SESSION_DAYS = env.int("RAINCHECK_SESSION_DAYS", default=14)
if not 1 <= RAINCHECK_SESSION_DAYS <= 14:
    raise ImproperlyConfigured("RAINCHECK_SESSION_DAYS must be a whole number of days from 1 to 14.")
SESSION_COOKIE_AGE = RAINCHECK_SESSION_DAYS * 24 * 3600
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# Hashed, compressed names need collectstatic; only the production profile asks for them.
_manifest = env.bool("RAINCHECK_MANIFEST_STATIC", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if _manifest
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail -----------------------------------------------------------------
# SMTP by URL (smtp://user:pass@host:port, smtp+tls://...); console when unset.
_email = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(_email)
if EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend":  # noqa: F821 (set just above)
    # The same backend, able to hold one SMTP conversation to an overall deadline (reminders do).
    EMAIL_BACKEND = "config.smtp.EmailBackend"
# The sender of every e-mail RainCheck sends.
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="RainCheck <reminders@raincheck.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds one reminder's whole SMTP conversation may take (and each reply within it); under half the
# task's soft time limit (unset: 30, or half a shorter soft limit).
EMAIL_TIMEOUT = env.float("RAINCHECK_EMAIL_TIMEOUT", default=None)

# --- RainCheck ----------------------------------------------------------------
# Absolute base of links in e-mails.
RAINCHECK_SITE_URL = env.str("RAINCHECK_SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Hours before an interview by which notice should be given.
RAINCHECK_NOTICE_HOURS = env.int("RAINCHECK_NOTICE_HOURS", default=24)
# Seconds between two reminder sweeps by beat.
RAINCHECK_REMINDER_SWEEP_SECONDS = env.float("RAINCHECK_REMINDER_SWEEP_SECONDS", default=60)
# Seconds after which a claimed but unsent reminder may be claimed again.
RAINCHECK_REMINDER_LEASE_SECONDS = env.float("RAINCHECK_REMINDER_LEASE_SECONDS", default=600)
# Base of the exponential back-off after a temporary send failure, in seconds.
RAINCHECK_REMINDER_RETRY_SECONDS = env.float("RAINCHECK_REMINDER_RETRY_SECONDS", default=60)
# The longest wait between two tries: an outage of any length is retried this often until the deadline.
RAINCHECK_REMINDER_RETRY_MAX_SECONDS = env.float("RAINCHECK_REMINDER_RETRY_MAX_SECONDS", default=900)
# Reminder ids handed to one batch task.
RAINCHECK_REMINDER_BATCH_SIZE = env.int("RAINCHECK_REMINDER_BATCH_SIZE", default=50)

for _name in ("RAINCHECK_NOTICE_HOURS",):
    if globals()[_name] <= 0:
        raise ImproperlyConfigured(f"{_name} must be a positive number.")
for _name in (
    "RAINCHECK_REMINDER_SWEEP_SECONDS",
    "RAINCHECK_REMINDER_LEASE_SECONDS",
    "RAINCHECK_REMINDER_RETRY_SECONDS",
    "RAINCHECK_REMINDER_RETRY_MAX_SECONDS",
    "RAINCHECK_REMINDER_BATCH_SIZE",
):
    if globals()[_name] <= 0:
        raise ImproperlyConfigured(f"{_name} must be a positive number.")
if RAINCHECK_REMINDER_RETRY_MAX_SECONDS < RAINCHECK_REMINDER_RETRY_SECONDS:
    raise ImproperlyConfigured(
        "RAINCHECK_REMINDER_RETRY_MAX_SECONDS must be at least RAINCHECK_REMINDER_RETRY_SECONDS."
    )

# --- Celery -----------------------------------------------------------------
# Redis in production; the filesystem transport under var/ when unset.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("in", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "in"),
        "data_folder_out": str(_broker_dir / "in"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    # kombu's filesystem transport, writing each message atomically (see config/broker.py).
    CELERY_BROKER_TRANSPORT = "config.broker:Transport"
else:
    # Redis redelivers an unacknowledged task after this; task limits stay under it.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Seconds a task may run: well under the lease, so a live worker never loses its claim, and under
# the visibility timeout. Defaults to half the lease, at most 300 (tests shorten the lease to seconds).
CELERY_TASK_TIME_LIMIT = env.float(
    "RAINCHECK_TASK_TIME_LIMIT", default=min(300.0, RAINCHECK_REMINDER_LEASE_SECONDS / 2)
)
# The soft limit comes first, so a batch stops cleanly (see interviews.tasks) before the hard kill.
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - min(30.0, CELERY_TASK_TIME_LIMIT / 10)
if not 0 < CELERY_TASK_TIME_LIMIT < RAINCHECK_REMINDER_LEASE_SECONDS:
    raise ImproperlyConfigured("RAINCHECK_TASK_TIME_LIMIT must be positive and below RAINCHECK_REMINDER_LEASE_SECONDS.")
if EMAIL_TIMEOUT is None:
    EMAIL_TIMEOUT = min(30.0, CELERY_TASK_SOFT_TIME_LIMIT / 2)
# One send (its whole conversation) must fit under the soft limit with room for the claim and the
# record: a batch then always gets its first e-mail out and never has the limit cut a send.
if not 0 < EMAIL_TIMEOUT <= CELERY_TASK_SOFT_TIME_LIMIT / 2:
    raise ImproperlyConfigured(
        f"RAINCHECK_EMAIL_TIMEOUT must be positive and at most half the task's soft time limit "
        f"({CELERY_TASK_SOFT_TIME_LIMIT:g} s, from RAINCHECK_TASK_TIME_LIMIT)."
    )
_visibility = CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout")
if _visibility is not None and _visibility <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured("RAINCHECK_TASK_TIME_LIMIT must be below the broker's visibility timeout.")
# On a cold shutdown (SIGQUIT, or SIGTERM with REMAP_SIGTERM=SIGQUIT) running batches get this
# long to finish before they are cancelled and requeued; 0 would disable soft shutdown.
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = env.float("RAINCHECK_WORKER_SOFT_SHUTDOWN_SECONDS", default=10.0)
# A task with late ack cannot be acknowledged over a lost broker connection: cancel it (it is
# redelivered; claims keep that from doubling an e-mail) instead of letting it run on unacked.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "sweep-reminders": {
        "task": "interviews.tasks.reminders_sweep",
        "schedule": RAINCHECK_REMINDER_SWEEP_SECONDS,
        # A sweep not started within one interval is redundant (the next one selects the same
        # reminders): dropped, so a day with the workers down does not replay 1,440 sweeps.
        "options": {"expires": RAINCHECK_REMINDER_SWEEP_SECONDS},
    },
}
# Lets `make run` and tests run tasks in-process when asked.
CELERY_TASK_ALWAYS_EAGER = env.bool("RAINCHECK_CELERY_EAGER", default=False)

# --- Hardening (on by default when DEBUG is off; each switchable) -----------
_prod = not DEBUG
# Redirect plain HTTP to HTTPS.
SECURE_SSL_REDIRECT = env.bool("RAINCHECK_SSL_REDIRECT", default=_prod)
# Load balancers probe /healthz over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Trust X-Forwarded-Proto from the proxy in front (set when behind one).
if env.bool("RAINCHECK_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS: a year, subdomains, preload.
SECURE_HSTS_SECONDS = env.int("RAINCHECK_HSTS_SECONDS", default=31536000 if _prod else 0)
# HSTS covers subdomains too, and asks to be preloaded into browsers.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("RAINCHECK_HSTS_SUBDOMAINS", default=SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env.bool("RAINCHECK_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
# Cookies only over HTTPS.
SESSION_COOKIE_SECURE = env.bool("RAINCHECK_SECURE_COOKIES", default=_prod)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # forms carry the token; no script reads the cookie
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# X-Content-Type-Options: nosniff.
SECURE_CONTENT_TYPE_NOSNIFF = env.bool("RAINCHECK_NOSNIFF", default=True)
# Referrer-Policy header: links out of RainCheck do not carry its URLs.
SECURE_REFERRER_POLICY = env.str("RAINCHECK_REFERRER_POLICY", default="same-origin")
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: our own scripts only, no inline scripts.
_csp = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'", "mailto:"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
if env.bool("RAINCHECK_CSP", default=_prod):
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _csp}
else:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _csp}

# --- Logging ------------------------------------------------------------------
# Level of RainCheck's own log records.
LOG_LEVEL = env.str("RAINCHECK_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "json",
            "filters": ["request_id"],
        },
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "raincheck": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "celery": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}
