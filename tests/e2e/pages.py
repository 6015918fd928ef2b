"""The main pages of RainCheck, with the data that brings each one up.

Shared by the page checks (test_pages.py) and `make screenshots` (screenshots.py): one user
with an interview at every step of the flow, built through the services as the app would.
"""

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class MainPage:
    name: str  # also the screenshot's file name
    url: str
    who: str = "user"  # whose log-in: "user", "newcomer" (no interviews), or "" (logged out)
    lands_on: str = ""  # the path a redirect must end on ("" when it is the URL itself)
    screenshot: bool = True  # False for the secondary pages that are checked but not pictured


@dataclass
class Scenario:
    user: object
    newcomer: object  # a user with no interviews: the empty dashboard
    interviews: dict

    def flow(self, key: str) -> str:
        return reverse("interviews:flow", args=[self.interviews[key].pk])

    def step(self, key: str, step: str) -> str:
        return reverse("interviews:flow_step", args=[self.interviews[key].pk, step])


def build_scenario(now: dt.datetime | None = None) -> Scenario:
    """A user in Berlin with interviews at every flow step, and a newcomer with none."""
    from interviews.choices import Attendance, NoticeChannel, Plan, Reason
    from interviews.services import interview_create, interview_decide, notice_give
    from tests.factories import UserFactory

    now = now or timezone.now()
    user = UserFactory(email="jo@example.com", name="Jo Seeker", time_zone="Europe/Berlin")
    newcomer = UserFactory(email="new@example.com", name="New Comer", time_zone="Europe/Berlin")

    def add(company: str, starts_in: dt.timedelta, *, added: dt.datetime = now, **fields):
        values = {
            "role": "Backend developer",
            "time_zone": "Europe/Berlin",
            "duration_minutes": 60,
            "location": "Video call",
            "contact_name": "Sam Hiring",
            "contact_email": "sam@example.com",
            "contact_phone": "+49 30 1234567",
        }
        values.update(fields)
        return interview_create(owner=user, now=added, company=company, scheduled_at=now + starts_in, **values)

    def decide(interview, *, at: dt.datetime = now, **answers):
        for name, value in answers.items():
            interview = interview_decide(interview=interview, now=at, **{name: value})
        return interview

    interviews = {}
    interviews["attend"] = add("Acme Corp", 5 * DAY)
    interviews["rather_not"] = decide(add("Umbrella Inc", 6 * DAY), attendance=Attendance.RATHER_NOT)
    interviews["why"] = decide(add("Hooli", 7 * DAY), attendance=Attendance.CANNOT)
    interviews["plan"] = decide(add("Initech", 8 * DAY), attendance=Attendance.CANNOT, reason=Reason.WORK)
    interviews["message_reschedule"] = decide(
        add("Globex", 4 * DAY, time_zone="America/New_York", contact_phone="+1 212 555 0100"),
        attendance=Attendance.CANNOT,
        reason=Reason.FAMILY,
        plan=Plan.RESCHEDULE,
    )
    interviews["message_cancel"] = decide(
        add("Stark Industries", 9 * DAY), attendance=Attendance.CANNOT, reason=Reason.OTHER, plan=Plan.CANCEL
    )
    # Added two days ago for 20 hours from now: the notice deadline passed 4 hours ago.
    interviews["message_late"] = decide(
        add("Wayne Enterprises", 20 * HOUR, added=now - 2 * DAY),
        attendance=Attendance.CANNOT,
        reason=Reason.EMERGENCY,
        plan=Plan.RESCHEDULE,
    )
    # 28 hours ahead: the deadline is 4 hours away, the window is closing.
    interviews["closing"] = add("Soylent", 28 * HOUR)
    outcome = decide(
        add("Cyberdyne", 10 * DAY, added=now - 4 * DAY),
        at=now - 4 * DAY,
        attendance=Attendance.CANNOT,
        reason=Reason.WORK,
        plan=Plan.RESCHEDULE,
    )
    # Asked four days ago, no new time yet: a follow-up is due.
    interviews["outcome"] = notice_give(interview=outcome, channel=NoticeChannel.EMAIL, at=now - 4 * DAY)
    interviews["done"] = decide(add("Vandelay Industries", 12 * DAY), attendance=Attendance.YES)
    return Scenario(user=user, newcomer=newcomer, interviews=interviews)


def main_pages(scenario: Scenario) -> list[MainPage]:
    """Every main page, in the order a person meets them, then a few secondary ones."""
    from accounts.tokens import make_signup_token, make_unsubscribe_token

    s = scenario
    pk = {key: interview.pk for key, interview in s.interviews.items()}
    unsubscribe_token = make_unsubscribe_token(s.user)
    return [
        MainPage("landing", reverse("interviews:dashboard"), who="", screenshot=False),
        MainPage("login", reverse("accounts:login"), who=""),
        MainPage("signup", reverse("accounts:signup"), who=""),
        MainPage("dashboard-empty", reverse("interviews:dashboard"), who="newcomer"),
        MainPage("dashboard", reverse("interviews:dashboard")),
        MainPage("add-interview", reverse("interviews:create")),
        MainPage("edit-interview", reverse("interviews:edit", args=[pk["message_reschedule"]])),
        MainPage("interview", reverse("interviews:detail", args=[pk["outcome"]])),
        MainPage("flow-attend", s.flow("attend"), lands_on=s.step("attend", "attend")),
        MainPage("flow-rather-not", s.flow("rather_not"), lands_on=s.step("rather_not", "rather_not")),
        MainPage("flow-why", s.flow("why"), lands_on=s.step("why", "why")),
        MainPage("flow-plan", s.flow("plan"), lands_on=s.step("plan", "plan")),
        MainPage(
            "flow-message-reschedule",
            s.flow("message_reschedule"),
            lands_on=s.step("message_reschedule", "message"),
        ),
        MainPage("flow-message-cancel", s.flow("message_cancel"), lands_on=s.step("message_cancel", "message")),
        MainPage("flow-message-late", s.flow("message_late"), lands_on=s.step("message_late", "message")),
        MainPage("flow-outcome", s.flow("outcome"), lands_on=s.step("outcome", "outcome")),
        MainPage("flow-follow-up", reverse("interviews:flow_follow_up", args=[pk["outcome"]])),
        MainPage("flow-done", s.flow("done"), lands_on=s.step("done", "done")),
        MainPage("settings", reverse("accounts:settings")),
        # Secondary pages: checked like the others, not pictured.
        MainPage("delete-interview", reverse("interviews:delete", args=[pk["attend"]]), screenshot=False),
        MainPage("past-interviews", reverse("interviews:past"), screenshot=False),
        MainPage("password-change", reverse("accounts:password_change"), screenshot=False),
        MainPage("password-reset", reverse("accounts:password_reset"), who="", screenshot=False),
        MainPage("signup-sent", reverse("accounts:signup_sent"), who="", screenshot=False),
        MainPage(
            "signup-finish",
            reverse("accounts:signup_finish", args=[make_signup_token("new.reader@example.com")]),
            who="",
            screenshot=False,
        ),
        MainPage("unsubscribe", reverse("accounts:unsubscribe", args=[unsubscribe_token]), who="", screenshot=False),
    ]
