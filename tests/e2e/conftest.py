"""Browser journeys: headless Chromium (Debian's package) driven by Playwright against pytest-django's live_server.

One browser per session, a fresh context (cookies, storage, permissions) per test.
The live server's tests flush the tables, so seeded advice is restored before each test.
"""

import os
import re

import pytest

from tests.services import require_chromium

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# alongside it are still plain synchronous calls. Set here only, for the browser tests.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PASSWORD = "correct horse battery"  # tests.factories.UserFactory's password

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# How long a locator waits for the page before failing: the live server answers in milliseconds.
TIMEOUT_MS = 5_000


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (skips without it; fails then under REQUIRE_SERVICES=1)."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(autouse=True)
def _e2e_site(settings, live_server):
    """Links in e-mails point at the live server; its e-mail goes to django.core.mail.outbox."""
    settings.RAINCHECK_SITE_URL = live_server.url
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # The production profile's Secure cookies stay on: Chromium keeps them for http://localhost.


@pytest.fixture(autouse=True)
def seeded_advice(transactional_db):
    """Restore the seeded advice and message templates (the previous test's flush removed them)."""
    from advice.seed import seed_content

    seed_content()


class BrowserErrors(list):
    """JavaScript errors and CSP refusals seen by the pages of one test."""


def _console_error(page, msg, errors: BrowserErrors) -> None:
    # A browser may still ask for /favicon.ico (base.html links an SVG icon); nobody sees that 404.
    if msg.type == "error" and not (msg.location or {}).get("url", "").endswith("/favicon.ico"):
        errors.append(f"{page.url}: console {msg.type}: {msg.text}")


@pytest.fixture
def new_context(browser, live_server):
    """Make a fresh browser context (desktop by default); every context is closed after the test.

    A page's uncaught JavaScript errors and console errors (a CSP refusal shows up there)
    fail the test.
    """
    contexts = []
    errors = BrowserErrors()

    def make(*, viewport=None, **kwargs):
        kwargs.setdefault("locale", "en-GB")
        # Bootstrap animates focus rings and collapses; without motion the page is in its final state at once.
        kwargs.setdefault("reduced_motion", "reduce")
        context = browser.new_context(base_url=live_server.url, viewport=viewport or DESKTOP, **kwargs)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS * 2)

        def watch(page):
            page.on("pageerror", lambda exc: errors.append(f"{page.url}: uncaught {exc}"))
            page.on("console", lambda msg: _console_error(page, msg, errors))

        context.on("page", watch)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert not errors, "The browser reported errors:\n" + "\n".join(errors)


@pytest.fixture
def context(new_context):
    return new_context()


@pytest.fixture
def page(context):
    """A page in a fresh desktop context."""
    return context.new_page()


@pytest.fixture
def phone_page(new_context):
    """A page in a fresh 390×844 touch context."""
    return new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2).new_page()


@pytest.fixture
def make_user(transactional_db):
    """Create a verified user who can log in with PASSWORD."""
    from tests.factories import UserFactory

    def make(**fields):
        return UserFactory(**fields)

    return make


def field(page, label: str):
    """The form control with exactly this label (crispy-forms marks a required field's label with "*").

    A regular expression is matched against the label's raw text, spaces and line breaks included.
    """
    return page.get_by_label(re.compile(rf"^\s*{re.escape(label)}\s*\*?\s*$"))


def log_in(page, email: str, password: str = PASSWORD) -> None:
    """Log in through the real log-in form, as a person would (going there first unless already on it)."""
    from playwright.sync_api import expect

    if "/accounts/login/" not in page.url:
        page.goto("/accounts/login/")
    field(page, "E-mail").fill(email)
    field(page, "Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    # Past the log-in page (on a phone the "Log out" button is folded into the menu).
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
