"""`manage.py seed_demo` (run by `make run`): demo accounts and three interviews, re-dated every run."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accounts.models import User
from interviews.choices import EventKind, NoticeChannel, NoticeState, Plan, Status
from interviews.models import Interview
from interviews.services import interview_decide, notice_give

NOW = datetime(2026, 5, 4, 9, 7, tzinfo=UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug(settings):
    settings.DEBUG = True


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def windows(now: datetime) -> list[NoticeState]:
    demo = User.objects.get(email="demo@raincheck.example")
    return [i.notice_state(now) for i in Interview.objects.owned_by(demo).upcoming(now)]


def test_seed_creates_a_verified_demo_user_with_open_closing_and_closed_windows():
    with time_machine.travel(NOW, tick=False):
        out = seed()

    demo = User.objects.get(email="demo@raincheck.example")
    assert demo.check_password("raincheck-demo")
    assert demo.email_verified
    assert not demo.is_staff
    assert sorted(windows(NOW)) == sorted([NoticeState.OPEN, NoticeState.CLOSING, NoticeState.CLOSED])
    assert "demo@raincheck.example / raincheck-demo" in out


def test_seed_creates_a_staff_superuser_for_the_admin():
    with time_machine.travel(NOW, tick=False):
        out = seed()

    admin = User.objects.get(email="admin@raincheck.example")
    assert admin.is_staff and admin.is_superuser
    assert admin.check_password("raincheck-admin")
    assert "admin@raincheck.example / raincheck-admin" in out


def test_seed_goes_through_the_services_with_history_and_reminders():
    with time_machine.travel(NOW, tick=False):
        seed()

    demo = User.objects.get(email="demo@raincheck.example")
    for interview in Interview.objects.owned_by(demo):
        assert interview.notice_deadline == interview.scheduled_at - timedelta(hours=24)
        assert interview.events.filter(kind=EventKind.CREATED).count() == 1
    open_one = Interview.objects.owned_by(demo).get(company="Northwind Traders")
    assert open_one.reminders.pending().count() == 2


def test_seed_again_days_later_re_dates_instead_of_duplicating():
    with time_machine.travel(NOW, tick=False):
        seed()
    later = NOW + timedelta(days=6, hours=5)
    with time_machine.travel(later, tick=False):
        out = seed()

    demo = User.objects.get(email="demo@raincheck.example")
    assert Interview.objects.owned_by(demo).count() == 3
    assert User.objects.filter(email__in=["demo@raincheck.example", "admin@raincheck.example"]).count() == 2
    assert sorted(windows(later)) == sorted([NoticeState.OPEN, NoticeState.CLOSING, NoticeState.CLOSED])
    assert out.count("re-dated") == 3
    moved = Interview.objects.owned_by(demo).get(company="Globex")
    assert moved.events.filter(kind=EventKind.RESCHEDULED).count() == 1


def test_seed_resets_a_demo_interview_that_was_walked_through_the_flow():
    with time_machine.travel(NOW, tick=False):
        seed()
        demo = User.objects.get(email="demo@raincheck.example")
        globex = Interview.objects.owned_by(demo).get(company="Globex")
        interview_decide(interview=globex, now=NOW, attendance="cannot", reason="work", plan=Plan.CANCEL)
        notice_give(interview=globex, channel=NoticeChannel.PHONE, at=NOW)
    later = NOW + timedelta(days=1)
    with time_machine.travel(later, tick=False):
        seed()

    globex.refresh_from_db()
    assert globex.status == Status.SCHEDULED
    assert globex.notice_given_at is None
    assert globex.notice_state(later) == NoticeState.CLOSING
    assert globex.events.filter(kind=EventKind.NOTICE_GIVEN).count() == 1  # the history keeps it


def test_seed_resets_the_demo_passwords():
    with time_machine.travel(NOW, tick=False):
        seed()
        demo = User.objects.get(email="demo@raincheck.example")
        demo.set_password("something else entirely")
        demo.save()
        seed()

    demo.refresh_from_db()
    assert demo.check_password("raincheck-demo")


def test_seed_refuses_to_run_without_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        seed()

    assert not User.objects.filter(email="demo@raincheck.example").exists()
