"""The reminder plan, without a database or a clock."""

from datetime import UTC, datetime, timedelta

from interviews.choices import ReminderKind, Status
from interviews.reminders import ReminderSettings, plan_reminders

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DEADLINE = NOW + timedelta(days=3)
ON = ReminderSettings(enabled=True, verified=True)


def plan(**overrides):
    args = {"status": Status.SCHEDULED, "notice_given": False, "notice_deadline": DEADLINE, "owner": ON, "now": NOW}
    args.update(overrides)
    return {(r.kind, r.due_at) for r in plan_reminders(**args)}


def test_default_plan_is_24h_and_3h_before_the_deadline():
    assert plan() == {
        (ReminderKind.DECIDE_NOW, DEADLINE - timedelta(hours=24)),
        (ReminderKind.CLOSES_SOON, DEADLINE - timedelta(hours=3)),
    }


def test_offsets_follow_the_owner_settings():
    owner = ReminderSettings(enabled=True, verified=True, first_hours=48, second_hours=1)
    assert plan(owner=owner) == {
        (ReminderKind.DECIDE_NOW, DEADLINE - timedelta(hours=48)),
        (ReminderKind.CLOSES_SOON, DEADLINE - timedelta(hours=1)),
    }


def test_only_scheduled_interviews_get_reminders():
    for status in Status:
        expected = 2 if status == Status.SCHEDULED else 0
        assert len(plan(status=status)) == expected, status


def test_no_reminders_once_notice_is_given():
    assert plan(notice_given=True) == set()


def test_no_reminders_when_the_owner_switched_them_off():
    assert plan(owner=ReminderSettings(enabled=False, verified=True)) == set()


def test_no_reminders_to_an_unverified_address():
    assert plan(owner=ReminderSettings(enabled=True, verified=False)) == set()


def test_reminders_already_past_when_planned_are_left_out():
    # 30 h before the interview: the deadline is 6 h ahead, so only the 3 h reminder is still ahead.
    deadline = NOW + timedelta(hours=6)
    assert plan(notice_deadline=deadline) == {(ReminderKind.CLOSES_SOON, deadline - timedelta(hours=3))}
    # 25 h before: deadline 1 h ahead, both reminders already past.
    assert plan(notice_deadline=NOW + timedelta(hours=1)) == set()


def test_a_reminder_due_exactly_now_is_not_planned():
    assert plan(notice_deadline=NOW + timedelta(hours=3)) == set()
