"""`make screenshots`: a PNG of each main page, on a desktop and on a phone, into docs/screenshots/.

Not part of the suite (pytest collects test_*.py only); run it by path:
    .venv/bin/pytest tests/e2e/screenshots.py
The pages are the ones test_pages.py checks, with the same data (tests/e2e/pages.py).
"""

from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.conftest import DESKTOP, PHONE, log_in
from tests.e2e.pages import build_scenario, main_pages

pytestmark = pytest.mark.e2e

OUT = Path(settings.BASE_DIR) / "docs" / "screenshots"

DEVICES = {
    "desktop": {"viewport": DESKTOP},
    "phone": {"viewport": PHONE, "is_mobile": True, "has_touch": True},
}


def test_save_a_screenshot_of_every_main_page(new_context, transactional_db):
    scenario = build_scenario()
    OUT.mkdir(parents=True, exist_ok=True)
    saved = []
    for device, options in DEVICES.items():
        tabs = {}
        for who, visitor in {"": None, "user": scenario.user, "newcomer": scenario.newcomer}.items():
            tabs[who] = new_context(**options).new_page()
            if visitor is not None:
                log_in(tabs[who], visitor.email)
        for main_page in main_pages(scenario):
            if not main_page.screenshot:
                continue
            page = tabs[main_page.who]
            response = page.goto(main_page.url)
            assert response is not None and response.ok, f"{main_page.name}: {main_page.url} answered badly"
            path = OUT / f"{main_page.name}-{device}.png"
            page.screenshot(path=str(path), full_page=True, animations="disabled")
            saved.append(path)
    print(f"\nSaved {len(saved)} screenshots in {OUT}")
