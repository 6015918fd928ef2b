"""Where the bench runs: a database of its own and the production settings.

The database is PostgreSQL when one answers at the local default address (a
database the bench creates and drops), SQLite in a temporary folder otherwise.
Every process the bench starts (gunicorn, send_due_reminders, collectstatic)
and the bench itself read the same environment: the production settings with
DEBUG off and hardening on (bench/settings.py adds only the bench's bare page to
the URLs), behind a pretend proxy that says each request came over HTTPS.
"""

import os
import platform
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

PROJECT_DIR = Path(__file__).resolve().parent.parent
# Where `make bench` looks for PostgreSQL, and the database it creates there.
LOCAL_POSTGRES = "postgres://postgres@127.0.0.1:5432/raincheck_bench"

# Variables of the calling shell that would change what is measured (a test run's
# settings, another database, another mail server): the bench sets its own.
_OWN_PREFIXES = ("DJANGO_", "RAINCHECK_", "CELERY_", "GUNICORN_")
_OWN_NAMES = {"DATABASE_URL", "EMAIL_URL", "PORT"}


@dataclass
class BenchDatabase:
    engine: str  # "PostgreSQL" or "SQLite"
    url: str
    why: str  # how it was chosen, for the report
    version: str = ""

    @property
    def is_postgres(self) -> bool:
        return self.engine == "PostgreSQL"

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.lstrip("/")

    def _maintenance_url(self) -> str:
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path="/postgres"))

    def create(self) -> None:
        """A fresh, empty database (an old one of the same name, left by a killed run, is dropped)."""
        if not self.is_postgres:
            return
        with psycopg.connect(self._maintenance_url(), autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))

    def drop(self) -> None:
        if not self.is_postgres:
            return  # the SQLite file goes with the bench's temporary folder
        with psycopg.connect(self._maintenance_url(), autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))


def postgres_answers(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def choose_database(choice: str, workdir: Path) -> BenchDatabase:
    """`auto`: the local PostgreSQL when it answers, else SQLite; `sqlite`; or a postgres:// URL."""
    sqlite_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    if choice == "sqlite":
        return BenchDatabase("SQLite", sqlite_url, "SQLite, as asked")
    url = LOCAL_POSTGRES if choice == "auto" else choice
    where = urlsplit(url)
    if postgres_answers(url):
        return BenchDatabase("PostgreSQL", url, f"PostgreSQL answered at {where.hostname}:{where.port or 5432}")
    if choice == "auto":
        return BenchDatabase(
            "SQLite", sqlite_url, f"SQLite: no PostgreSQL answered at {where.hostname}:{where.port or 5432}"
        )
    raise SystemExit(f"bench: no PostgreSQL answers at {where.hostname}:{where.port or 5432}")


def production_environment(*, workdir: Path, database: BenchDatabase, web_workers: int | None) -> dict[str, str]:
    """The environment of an operator's production deployment, pointed at the bench's database."""
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(_OWN_PREFIXES) and key not in _OWN_NAMES
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            # TLS ends at a proxy: requests say X-Forwarded-Proto: https, every hardening switch stays on.
            "RAINCHECK_BEHIND_PROXY": "1",
            "RAINCHECK_MANIFEST_STATIC": "1",
            "DJANGO_STATIC_ROOT": str(workdir / "static"),
            "RAINCHECK_VAR_DIR": str(workdir / "var"),
            "RAINCHECK_SITE_URL": "https://raincheck.example",
            "DATABASE_URL": database.url,
        }
    )
    if web_workers is not None:
        env["WEB_CONCURRENCY"] = str(web_workers)
    elif os.environ.get("WEB_CONCURRENCY"):
        env["WEB_CONCURRENCY"] = os.environ["WEB_CONCURRENCY"]
    return env


def gunicorn_workers(env: dict[str, str]) -> int:
    """What config/gunicorn.conf.py will start with this environment."""
    return int(env.get("WEB_CONCURRENCY") or (os.cpu_count() or 1) * 2 + 1)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return " ".join(line.split(":", 1)[1].split())
    except OSError:
        pass
    return platform.processor() or platform.machine()


def database_version(database: BenchDatabase) -> str:
    """The server's version, asked of the bench's own (Django) connection."""
    from django.db import connection

    if database.is_postgres:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return cursor.fetchone()[0].split()[0]
    return sqlite3.sqlite_version
