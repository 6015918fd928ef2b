"""A user's data in every state a page can show, and a snapshot of everything stored.

`interviews_in_every_state()` builds, through the services, one interview per
situation the pages and flow steps distinguish, so a walk over the URLconf reaches
every form. `stored_state()` captures every row of the project's own tables and the
e-mail outbox, so a test can say "nothing changed" without knowing what a view
might have touched.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.core import mail
from django.db import transaction

from interviews.choices import Attendance, NoticeChannel, Plan, Reason
from interviews.models import Interview, InterviewEvent, Reminder, SweepHeartbeat
from interviews.services import interview_decide, interview_record_outcome, notice_give
from tests.factories import InterviewFactory

PROJECT_APPS = ("accounts", "interviews", "advice")


def interviews_in_every_state(owner, now: dt.datetime) -> list[Interview]:
    """Scheduled (reminders planned), rather not go, deciding (at the message step), notice given
    (at the outcome step), closed window, past."""
    fresh = InterviewFactory(owner=owner, company="Fresh Ltd", scheduled_at=now + dt.timedelta(days=5), now=now)

    reluctant = InterviewFactory(owner=owner, company="Reluctant Ltd", scheduled_at=now + dt.timedelta(days=6), now=now)
    interview_decide(interview=reluctant, now=now, attendance=Attendance.RATHER_NOT)

    deciding = InterviewFactory(owner=owner, company="Deciding Ltd", scheduled_at=now + dt.timedelta(days=4), now=now)
    interview_decide(interview=deciding, now=now, attendance=Attendance.CANNOT)
    interview_decide(interview=deciding, now=now, reason=Reason.WORK)
    interview_decide(interview=deciding, now=now, plan=Plan.RESCHEDULE)

    told = InterviewFactory(owner=owner, company="Told Ltd", scheduled_at=now + dt.timedelta(days=3), now=now)
    interview_decide(interview=told, now=now, attendance=Attendance.CANNOT)
    interview_decide(interview=told, now=now, reason=Reason.FAMILY)
    interview_decide(interview=told, now=now, plan=Plan.RESCHEDULE)
    notice_give(interview=told, channel=NoticeChannel.EMAIL, at=now - dt.timedelta(days=4))
    # Its follow-up nudge fell due a day ago, and the sweep sent it (an overdue one would fail /healthz).
    Reminder.objects.filter(interview=told).pending().update(sent_at=now - dt.timedelta(days=1))

    closed = InterviewFactory(owner=owner, company="Closed Ltd", scheduled_at=now + dt.timedelta(hours=10), now=now)

    past = InterviewFactory(
        owner=owner,
        company="Past Ltd",
        scheduled_at=now - dt.timedelta(days=2),
        now=now - dt.timedelta(days=6),
    )
    interview_record_outcome(interview=past, outcome="attended", now=now)

    # The reminder sweep has just run, so /healthz reports a healthy instance.
    SweepHeartbeat.objects.update_or_create(name="reminders", defaults={"finished_at": now})
    return [fresh, reluctant, deciding, told, closed, past]


def _owned_querysets(user):
    interviews = Interview.objects.owned_by(user)
    return [
        interviews,
        Reminder.objects.filter(interview__in=interviews),
        InterviewEvent.objects.filter(interview__in=interviews),
    ]


def owned_ids(user, *, other) -> list[int]:
    """Ids of what `user` owns, to try as `other`: every interview (each in its own state), and
    one reminder and one history event, so a view that looks either up unscoped is caught.

    No id is also the id of anything `other` owns, or of any of `user`'s interviews: a 200
    for `other` then always means a leak, never a coincidence of numbers.
    """
    taken = set()
    for queryset in _owned_querysets(other):
        taken |= set(queryset.values_list("pk", flat=True))
    interviews, *others = _owned_querysets(user)
    ids = [pk for pk in interviews.order_by("pk").values_list("pk", flat=True) if pk not in taken]
    for queryset in others:
        pk = queryset.exclude(pk__in=taken | set(ids)).order_by("pk").values_list("pk", flat=True).first()
        if pk is not None:
            ids.append(pk)
    return ids


def stored_state() -> dict:
    """Every row of the project's own tables, and the e-mails sent so far."""
    state = {}
    for label in PROJECT_APPS:
        for model in apps.get_app_config(label).get_models():
            rows = model.objects.order_by("pk").values()
            if model is apps.get_model(settings.AUTH_USER_MODEL):
                # force_login stamps last_login; that is the test's doing, not the view's.
                state[model._meta.label] = [{k: v for k, v in r.items() if k != "last_login"} for r in rows]
            else:
                state[model._meta.label] = list(rows)
    state["outbox"] = [(m.subject, tuple(m.to)) for m in getattr(mail, "outbox", [])]
    return state


def state_difference(before: dict, after: dict) -> str:
    """A short description of what changed between two snapshots ('' when nothing did)."""
    changed = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if old != new:
            if isinstance(old, list) and isinstance(new, list) and len(old) != len(new):
                changed.append(f"{key}: {len(old)} -> {len(new)} rows")
            else:
                changed.append(f"{key} changed")
    return "; ".join(changed)


@contextmanager
def rolled_back():
    """Run the block in a savepoint that is always rolled back, so requests leave no trace."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
