"""gunicorn, the production web server: `gunicorn --config config/gunicorn.conf.py`.

Read from the environment (the README's table):
  GUNICORN_BIND     address to listen on; default 0.0.0.0:$PORT when PORT is set, else 127.0.0.1:8000
  WEB_CONCURRENCY   worker processes; default 2 x CPU cores + 1
  GUNICORN_THREADS  threads per worker; default 1
  GUNICORN_TIMEOUT  seconds a request may take before its worker is restarted; default 30
  FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* headers gunicorn trusts; default 127.0.0.1
Requests are logged by RainCheck's own middleware (JSON, with the request id), so
gunicorn's access log is off; its own messages go to stderr as JSON too.
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"

_port = os.environ.get("PORT")
bind = [os.environ.get("GUNICORN_BIND") or (f"0.0.0.0:{_port}" if _port else "127.0.0.1:8000")]
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 30)
graceful_timeout = 30
keepalive = 5
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Recycle workers now and then, so a slow leak never grows (jitter: not all at once).
max_requests = 1000
max_requests_jitter = 100

accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json"},
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["stderr"], "level": loglevel.upper(), "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
    "root": {"handlers": [], "level": "WARNING"},
}
