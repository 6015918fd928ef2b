"""The production settings, plus the bench's bare page: what the bench's gunicorn (and the bench itself) runs on.

Only the bench selects it (DJANGO_SETTINGS_MODULE=bench.settings in its environment);
the product never serves bench/urls.py.
"""

from config.settings import *  # noqa: F403 (every production setting, unchanged)

ROOT_URLCONF = "bench.urls"
