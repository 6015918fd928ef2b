"""The draft a user gets for every reason x plan x side of the deadline, as the message step shows it.

The seeded templates are the product's voice: no emergency the user did not choose, never
"another interview", and a cancellation that keeps the door open.
"""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from interviews.choices import Reason
from interviews.services import interview_decide
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 5, 10, 8, 0, tzinfo=UTC)
BEFORE_DEADLINE = NOW + timedelta(days=4)  # 72 hours before its notice deadline
AFTER_DEADLINE = NOW + timedelta(hours=10)  # its deadline passed 14 hours ago
REASONS = [r.value for r in Reason if r.value]
CONFLICTS = [r for r in REASONS if r != Reason.EMERGENCY]

EXPECTED_PURPOSE = {
    ("reschedule", False): "reschedule_request",
    ("reschedule", True): "late_reschedule",
    ("cancel", False): "cancel",
    ("cancel", True): "late_cancel",
    ("withdraw", False): "withdraw",
    ("withdraw", True): "withdraw",
}
EMERGENCY_PURPOSE = {"reschedule": "emergency_reschedule", "cancel": "emergency_cancel", "withdraw": "withdraw"}


@pytest.fixture
def seeker(time_machine, user):
    time_machine.move_to(NOW, tick=False)
    user.name = "Jo Seeker"
    user.save()
    return user


def message_page(client, owner, *, reason: str, plan: str, past_deadline: bool):
    """The message step of an interview whose user answered "can't go", this reason and this plan."""
    interview = InterviewFactory(
        owner=owner, company="Acme", scheduled_at=AFTER_DEADLINE if past_deadline else BEFORE_DEADLINE, now=NOW
    )
    interview = interview_decide(interview=interview, now=NOW, attendance="cannot")
    interview = interview_decide(interview=interview, now=NOW, reason=reason)
    interview = interview_decide(interview=interview, now=NOW, plan=plan)
    client.force_login(owner)
    response = client.get(reverse("interviews:flow_step", args=[interview.pk, "message"]))
    assert response.status_code == 200
    return response


def draft(response) -> tuple[str, str, str]:
    """The purpose, subject and body as the page shows them in its form fields."""
    content = response.content.decode()
    purpose = re.search(r'data-purpose="([a-z_]+)"', content).group(1)
    subject = re.search(r'id="draft-subject"[^>]*>(.*?)</textarea>', content, re.S).group(1)
    body = re.search(r'id="draft-body"[^>]*>(.*?)</textarea>', content, re.S).group(1)
    return purpose, html.unescape(subject), html.unescape(body)


@pytest.mark.parametrize("past_deadline", [False, True], ids=["before-deadline", "after-deadline"])
@pytest.mark.parametrize("plan", ["reschedule", "cancel", "withdraw"])
@pytest.mark.parametrize("reason", REASONS)
def test_every_reason_plan_and_deadline_gets_an_honest_draft(client, seeker, reason, plan, past_deadline):
    purpose, subject, body = draft(message_page(client, seeker, reason=reason, plan=plan, past_deadline=past_deadline))
    text = f"{subject}\n{body}".lower()

    if reason == Reason.EMERGENCY:
        assert purpose == EMERGENCY_PURPOSE[plan]
    else:
        assert purpose == EXPECTED_PURPOSE[(plan, past_deadline)]
    assert ("emergency" in text) == (reason == Reason.EMERGENCY and plan != "withdraw")
    assert "urgent" not in text
    assert "another interview" not in text and "other interview" not in text
    assert body.startswith("Dear Sam Hiring,") and body.rstrip().endswith("Jo Seeker")
    if plan in ("reschedule", "cancel"):
        assert "still very interested" in body
        assert "withdraw" not in text
    if plan == "cancel":
        assert "glad to be considered for a later opening" in body
    if plan == "reschedule":
        assert "another time" in body
    if plan == "withdraw":
        assert "withdraw my application" in body
    if past_deadline and reason != Reason.EMERGENCY and plan != "withdraw":
        assert "sorry for the short notice" in text
        assert "a conflict has come up that i could not move" in text


def test_a_work_conflict_past_the_deadline_says_so_honestly(client, seeker):
    _, subject, body = draft(message_page(client, seeker, reason="work", plan="reschedule", past_deadline=True))
    assert subject == "Sorry for the short notice: our interview on Friday 10 May 2030 at 20:00 (CEST)"
    assert "I'm very sorry for the short notice. A conflict has come up that I could not move" in body
    assert "I would be grateful for the chance to meet at another time" in body
