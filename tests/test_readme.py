"""The README's table names every environment variable the settings and the gunicorn config read."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# env.str("NAME", ...), env.bool(\n    "NAME", ...), os.environ.get("NAME") ...
READ_VARIABLE = re.compile(r'(?:env(?:\.\w+)?|os\.environ\.get)\(\s*"([A-Z][A-Z0-9_]+)"')


def variables_read_by(path: Path) -> set[str]:
    return set(READ_VARIABLE.findall(path.read_text()))


def variables_in_readme_tables() -> set[str]:
    readme = (BASE_DIR / "README.md").read_text()
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", readme, flags=re.MULTILINE))


def test_every_settings_variable_is_in_the_readme_table():
    read = variables_read_by(BASE_DIR / "config" / "settings.py")

    assert len(read) > 30  # the pattern still finds them
    assert read - variables_in_readme_tables() == set()


def test_every_gunicorn_variable_is_in_the_readme_table():
    read = variables_read_by(BASE_DIR / "config" / "gunicorn.conf.py")

    assert {"WEB_CONCURRENCY", "GUNICORN_BIND"} <= read
    assert read - variables_in_readme_tables() == set()


def test_the_readme_documents_no_variable_that_nothing_reads():
    read = variables_read_by(BASE_DIR / "config" / "settings.py") | variables_read_by(
        BASE_DIR / "config" / "gunicorn.conf.py"
    )

    assert variables_in_readme_tables() - read == set()
