"""The dashboard's rows of a busy user read the same as before the dashboard was made faster.

A user with 200 interviews in every state (notice open, closing, closed, past; going,
decided but not told, told, cancelled, attended, missed; another time zone) at a fixed
time, the company's notice period varying. Every row of both lists, across all their pages (the
upcoming ones on the dashboard; the past and cancelled ones on the past page, whose five most
recent the dashboard shows too), is reduced to what a person gets from it: its visible text
(tags stripped, whitespace normalised, the screen-reader-only text included), the links it
holds, the forms its buttons post to (asking a clashing interview to move), its badges' colours
and its data attributes (the countdown's for the browser, the badges' states). Interview ids
differ between runs and databases, so a link names the interview by its company instead.

The expected rows are in dashboard_rows_200.json, captured from the templates as they
were before the optimisation. To capture them again on purpose (a change the user
should see), run this file with RAINCHECK_CAPTURE_DASHBOARD_ROWS=1: it writes the file
and fails, so a capture never passes as a check.
"""

import datetime as dt
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse

from interviews.choices import Attendance, NoticeChannel, NoticeUnit, Plan, Reason
from interviews.flow import OUTCOME_ATTENDED, OUTCOME_MISSED
from interviews.services import interview_decide, interview_record_outcome, notice_give
from tests.factories import InterviewFactory, UserFactory

UTC = dt.UTC
NOW = dt.datetime(2030, 5, 3, 9, 0, tzinfo=UTC)
EXPECTED = Path(__file__).with_name("dashboard_rows_200.json")
CAPTURE = os.environ.get("RAINCHECK_CAPTURE_DASHBOARD_ROWS") == "1"
INTERVIEWS = 200


def scheduled_at(n: int) -> dt.datetime:
    """From 6 days behind to 10 days ahead, minutes varied: every notice state and countdown occurs."""
    hours = (n * 37) % 400 - 150
    return NOW + dt.timedelta(hours=hours, minutes=(n * 7) % 60)


# Each interview's own notice period: the site's default, some hours, some business days.
NOTICE_PERIODS = [
    {},
    {"notice_period_amount": 6, "notice_period_unit": NoticeUnit.HOURS},
    {"notice_period_amount": 2, "notice_period_unit": NoticeUnit.BUSINESS_DAYS},
]


def make_interview(owner, n: int):
    when = scheduled_at(n)
    created = min(NOW, when) - dt.timedelta(days=12)
    interview = InterviewFactory(
        owner=owner,
        company=f"Company {n:03d}",
        role="" if n % 9 == 4 else "Backend developer",
        scheduled_at=when,
        time_zone="America/New_York" if n % 7 == 3 else owner.time_zone,
        now=created,
        **NOTICE_PERIODS[n % 3],
    )
    # Decisions happen before the interview starts and before NOW (the page's time).
    act = min(NOW, when) - dt.timedelta(hours=1 + n % 5 * 20)
    started = when <= NOW
    kind = n % 8
    if kind == 1:
        interview_decide(interview=interview, now=act, attendance=Attendance.YES)
    elif kind == 2:  # decided, not told yet
        interview_decide(
            interview=interview, now=act, attendance=Attendance.CANNOT, reason=Reason.WORK, plan=Plan.RESCHEDULE
        )
    elif kind in (3, 4):  # told: cancelled, or a reschedule requested (some long enough ago to follow up)
        plan = Plan.CANCEL if kind == 3 else Plan.RESCHEDULE
        interview_decide(interview=interview, now=act, attendance=Attendance.CANNOT, reason=Reason.FAMILY, plan=plan)
        notice_give(interview=interview, channel=NoticeChannel.EMAIL, at=act)
    elif kind == 5:
        interview_decide(interview=interview, now=act, attendance=Attendance.RATHER_NOT)
    elif kind == 6 and started:
        interview_record_outcome(interview=interview, outcome=OUTCOME_ATTENDED, now=NOW)
    elif kind == 7 and started:
        interview_record_outcome(interview=interview, outcome=OUTCOME_MISSED, now=NOW)
    return interview


class RowReader(HTMLParser):
    """One dashboard page: per list (its <section id>), the rows (<tr data-interview>) and the "Next" page link."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: dict[str, list[dict]] = {}
        self.next_pages: dict[str, str] = {}
        self._section: str | None = None
        self._row: dict | None = None
        self._text: list[str] = []
        self._link: str | None = None  # a pagination link being read
        self._link_text: list[str] = []
        self._in_nav = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section":
            self._section = attrs.get("id")
        elif tag == "nav":
            self._in_nav = True
        elif tag == "a" and self._in_nav:
            self._link, self._link_text = attrs.get("href"), []
        if self._row is None:
            if tag == "tr" and "data-interview" in attrs:
                self._row = {"id": attrs["data-interview"], "links": [], "forms": [], "data": []}
                self._text = []
            return
        if tag == "br":
            self._text.append(" ")
        if tag == "a":
            self._row["links"].append(attrs.get("href"))
        if tag == "form":
            self._row["forms"].append(f"{attrs.get('method')} {attrs.get('action')}")
        if "badge" in (attrs.get("class") or "").split():
            self._row["data"].append(f"badge={attrs['class']}")
        self._row["data"] += [f"{name}={value}" for name, value in attrs.items() if name.startswith("data-")]

    def handle_endtag(self, tag):
        if tag == "nav":
            self._in_nav = False
        elif tag == "a" and self._link is not None:
            if "".join(self._link_text).strip() == "Next":
                self.next_pages[self._section] = self._link
            self._link = None
        elif tag == "section":
            self._section = None
        if self._row is None:
            return
        if tag == "tr":
            self._row["text"] = " ".join("".join(self._text).split())
            self.rows.setdefault(self._section, []).append(self._row)
            self._row = None
        elif tag in ("td", "div"):
            self._text.append(" ")

    def handle_data(self, data):
        if self._row is not None:
            self._text.append(data)
        if self._link is not None:
            self._link_text.append(data)


def read_page(client, path: str) -> RowReader:
    response = client.get(path)
    assert response.status_code == 200
    reader = RowReader()
    reader.feed(response.content.decode())
    return reader


# Where each list is read in full: the upcoming interviews on the dashboard, the past ones on their page.
LIST_PAGES = {"upcoming": "interviews:dashboard", "past": "interviews:past"}


def read_list(client, section: str) -> list[dict]:
    """One list's rows over all its pages, following its "Next" link."""
    rows, path = [], reverse(LIST_PAGES[section])
    while True:
        page = read_page(client, path)
        rows += page.rows.get(section, [])
        following = page.next_pages.get(section)
        if following is None:
            return rows
        path = reverse(LIST_PAGES[section]) + following.split("#")[0]


def as_read(rows: list[dict], companies: dict[str, str]) -> list[dict]:
    """Each row's interview id replaced by its company (ids differ between runs)."""

    def named(link: str) -> str:
        return re.sub(r"/interviews/(\d+)/", lambda m: f"/interviews/[{companies[m.group(1)]}]/", link)

    return [
        {
            "interview": companies[row["id"]],
            "text": row["text"],
            "links": [named(link) for link in row["links"]],
            "forms": [named(form) for form in row["forms"]],
            "data": row["data"],
        }
        for row in rows
    ]


def rows_by_list(client, companies: dict[str, str]) -> dict[str, list[dict]]:
    return {section: as_read(read_list(client, section), companies) for section in ("upcoming", "past")}


@pytest.mark.django_db
def test_the_rows_of_a_user_with_200_interviews_read_as_before(client):
    owner = UserFactory(email="busy@example.com", name="Busy Seeker", time_zone="Europe/Berlin")
    companies = {str(make_interview(owner, n).pk): f"Company {n:03d}" for n in range(INTERVIEWS)}

    with time_machine.travel(NOW, tick=False):
        client.force_login(owner)
        shown = rows_by_list(client, companies)
        on_dashboard = as_read(read_page(client, reverse("interviews:dashboard")).rows["past"], companies)

    assert sum(len(rows) for rows in shown.values()) == INTERVIEWS
    if CAPTURE:
        EXPECTED.write_text(json.dumps(shown, indent=1, ensure_ascii=False) + "\n")
        pytest.fail(f"captured the rows into {EXPECTED.name}; run again without RAINCHECK_CAPTURE_DASHBOARD_ROWS")
    expected = json.loads(EXPECTED.read_text())
    assert shown == expected
    # The dashboard's own past list: the most recent five, as the past page shows them.
    assert on_dashboard == expected["past"][:5]
