"""The reminder plan, without a database or a clock."""

from datetime import UTC, datetime, timedelta

from interviews.choices import ReminderKind, Status
from interviews.reminders import ReminderChoices, ReminderSettings, plan_reminders

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


# --- The user's changes for one interview, and the follow-up nudge ------------------------------

TOLD = NOW - timedelta(hours=1)


def test_a_kind_switched_off_for_the_interview_is_not_planned():
    choices = ReminderChoices(off=frozenset({ReminderKind.DECIDE_NOW}))
    assert plan(choices=choices) == {(ReminderKind.CLOSES_SOON, DEADLINE - timedelta(hours=3))}


def test_a_snoozed_kind_comes_at_its_moved_time_and_the_users_own_at_theirs():
    choices = ReminderChoices(
        moved={ReminderKind.DECIDE_NOW: timedelta(hours=23)}, extra=(timedelta(hours=30), timedelta(hours=1))
    )
    assert plan(choices=choices) == {
        (ReminderKind.DECIDE_NOW, DEADLINE - timedelta(hours=23)),
        (ReminderKind.CLOSES_SOON, DEADLINE - timedelta(hours=3)),
        (ReminderKind.EXTRA, DEADLINE - timedelta(hours=30)),
        (ReminderKind.EXTRA, DEADLINE - timedelta(hours=1)),
    }


def test_a_reschedule_request_gets_one_follow_up_nudge_after_the_owners_days():
    owner = ReminderSettings(enabled=True, verified=True, follow_up_days=5)
    planned = plan(status=Status.RESCHEDULE_REQUESTED, notice_given=True, notice_given_at=TOLD, owner=owner)
    assert planned == {(ReminderKind.FOLLOW_UP, TOLD + timedelta(days=5))}


def test_asking_for_another_nudge_counts_from_then():
    again = NOW + timedelta(days=4)
    planned = plan(
        status=Status.RESCHEDULE_REQUESTED, notice_given=True, notice_given_at=TOLD, follow_up_again_from=again
    )
    assert planned == {(ReminderKind.FOLLOW_UP, again + timedelta(days=3))}


def test_no_nudge_once_it_is_due_behind_now_switched_off_or_with_reminders_off():
    requested = {"status": Status.RESCHEDULE_REQUESTED, "notice_given": True, "notice_given_at": TOLD}
    assert plan(**requested, now=TOLD + timedelta(days=3)) == set()
    assert plan(**requested, choices=ReminderChoices(off=frozenset({ReminderKind.FOLLOW_UP}))) == set()
    assert plan(**requested, owner=ReminderSettings(enabled=False, verified=True)) == set()


def test_the_nudge_is_for_reschedule_requests_only():
    for status in (Status.CANCELLED, Status.ATTENDED, Status.MISSED, Status.SCHEDULED):
        planned = plan(status=status, notice_given=True, notice_given_at=TOLD)
        assert not any(kind == ReminderKind.FOLLOW_UP for kind, _ in planned), status


def test_choices_are_read_from_rows():
    class Row:
        def __init__(self, kind, off=False, minutes=None):
            self.kind, self.off, self.minutes_before_deadline = kind, off, minutes

    rows = [Row(ReminderKind.CLOSES_SOON, off=True), Row(ReminderKind.DECIDE_NOW, minutes=90), Row("extra", minutes=30)]
    assert ReminderChoices.of(rows) == ReminderChoices(
        off=frozenset({ReminderKind.CLOSES_SOON}),
        moved={ReminderKind.DECIDE_NOW: timedelta(minutes=90)},
        extra=(timedelta(minutes=30),),
    )
