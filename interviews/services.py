"""Every write to an interview: one transaction each, with its history event and a replan."""

from datetime import UTC, datetime, timedelta
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from accounts.one_line import one_line_cut, validate_one_line
from accounts.time_zones import canonical_time_zone

from . import flow
from .choices import Attendance, EventKind, NoticeChannel, NoticeUnit, Plan, Reason, ReminderKind, Status
from .models import NOTES_MAX_LENGTH, Interview, InterviewEvent, Reminder, ReminderChoice
from .notice import NoticePeriod, notice_is_late, notice_period_problem
from .reminders import ReminderChoices, plan_for
from .time_display import show_time


class InterviewError(Exception):
    """A change that the interview's state does not allow; the message is for the user."""


class NoticeAlreadyGiven(InterviewError):
    def __init__(self, interview: Interview):
        super().__init__("Notice was already given for this interview time.")
        self.interview = interview


def _event(interview: Interview, kind: str, at: datetime, summary: str, **data) -> InterviewEvent:
    return InterviewEvent.objects.create(interview=interview, kind=kind, at=at, summary=summary[:300], data=data)


def _when(moment: datetime, interview: Interview) -> str:
    """A time on the timeline: in the interview's zone, with its abbreviation (the reader may be elsewhere)."""
    return show_time(moment, interview.zone)


# --- Reminders ----------------------------------------------------------------


def reminders_replan(*, interview: Interview, now: datetime) -> None:
    """Make the pending reminders match the plan: delete those that no longer fit, add the missing.

    Sent, skipped and failed reminders stay as history. A claimed reminder stays too: a worker
    may be sending it right now, and the batch that holds it skips it, or records it as sent
    with a note that the interview changed meanwhile.
    """
    planned = plan_for(interview, choices=reminder_choices_of(interview), now=now)
    wanted = {(p.kind, p.due_at) for p in planned}
    pending = Reminder.objects.filter(interview=interview, claimed_at__isnull=True).pending()
    existing = {(r.kind, r.due_at): r.pk for r in pending}
    stale = [pk for key, pk in existing.items() if key not in wanted]
    if stale:
        # claimed_at re-checked in the DELETE itself: a worker may have claimed one since the read.
        Reminder.objects.filter(pk__in=stale, claimed_at__isnull=True).delete()
    taken = set(Reminder.objects.filter(interview=interview).values_list("kind", "due_at"))
    Reminder.objects.bulk_create(
        [
            Reminder(interview=interview, kind=kind, due_at=due_at)
            for kind, due_at in wanted
            if (kind, due_at) not in taken
        ]
    )


def reminder_choices_of(interview: Interview) -> ReminderChoices:
    """The user's changes to this interview's plan, as the planner takes them."""
    return ReminderChoices.of(interview.reminder_choices.all())


def reminders_replan_for_user(*, user, now: datetime) -> None:
    """After a change of the user's reminder settings or verification: replan every upcoming interview,
    and every reschedule request still waiting for an answer (its follow-up nudge)."""
    with transaction.atomic():
        waiting = Q(scheduled_at__gt=now) | Q(status=Status.RESCHEDULE_REQUESTED)
        for interview in Interview.objects.owned_by(user).filter(waiting).select_related("owner"):
            interview.owner = user
            reminders_replan(interview=interview, now=now)


# --- The user's changes to one interview's reminders ----------------------------------


def reminders_adjustable(interview: Interview) -> bool:
    """Reminders before the deadline can be added, switched or snoozed: the user still has to decide."""
    return flow.notice_can_matter(status=interview.status, notice_given=interview.notice_given_at is not None)


def _minutes_before_deadline(*, interview: Interview, at: datetime, now: datetime) -> int:
    """Where a reminder the user sets for `at` sits: whole minutes before the deadline (due no earlier than `at`).

    Raises a ValidationError keyed "remind_at" unless now < at < deadline.
    """
    deadline = interview.notice_deadline
    if not reminders_adjustable(interview):
        message = "Reminders come only while you still have to decide, and this interview is past that."
        raise ValidationError({"remind_at": ValidationError(message, code="not_adjustable")})
    if now >= deadline:
        message = "The notice deadline has passed, so a reminder can no longer help. If you cannot go, tell them now."
        raise ValidationError({"remind_at": ValidationError(message, code="after_deadline")})
    if at <= now:
        raise ValidationError(
            {"remind_at": ValidationError("That time has passed already. Choose a later one.", code="past")}
        )
    minutes = int((deadline - at).total_seconds() // 60)
    if minutes < 1:
        message = "Choose a time before the notice deadline, %(deadline)s: a reminder after it comes too late."
        raise ValidationError(
            {
                "remind_at": ValidationError(
                    message, code="after_deadline", params={"deadline": _when(deadline, interview)}
                )
            }
        )
    return minutes


def _offset_of(reminder: Reminder) -> int:
    return int((reminder.interview.notice_deadline - reminder.due_at).total_seconds() // 60)


@transaction.atomic
def reminder_add(*, interview: Interview, at: datetime, now: datetime) -> ReminderChoice:
    """Add a reminder of the user's own at `at`, before the deadline; it keeps its distance to the deadline
    when the interview's time or notice period changes."""
    minutes = _minutes_before_deadline(interview=interview, at=at, now=now)
    if interview.reminder_choices.filter(kind=ReminderKind.EXTRA, minutes_before_deadline=minutes).exists():
        raise ValidationError(
            {"remind_at": ValidationError("You have a reminder at that time already.", code="duplicate")}
        )
    choice = ReminderChoice.objects.create(
        interview=interview, kind=ReminderKind.EXTRA, minutes_before_deadline=minutes
    )
    due = interview.notice_deadline - timedelta(minutes=minutes)
    _event(
        interview, EventKind.REMINDERS_CHANGED, now, f"Reminder added for {_when(due, interview)}", due=due.isoformat()
    )
    reminders_replan(interview=interview, now=now)
    return choice


@transaction.atomic
def reminder_turn_off(*, reminder: Reminder, now: datetime) -> None:
    """Switch a planned reminder off for its interview: a default kind stays off through every replan
    (until turned back on); one of the user's own is removed."""
    interview = reminder.interview
    if reminder.kind == ReminderKind.EXTRA:
        interview.reminder_choices.filter(
            kind=ReminderKind.EXTRA, minutes_before_deadline=_offset_of(reminder)
        ).delete()
        summary = f"Reminder removed: {_when(reminder.due_at, interview)}"
    else:
        ReminderChoice.objects.update_or_create(
            interview=interview, kind=reminder.kind, defaults={"off": True, "minutes_before_deadline": None}
        )
        summary = f"Reminder switched off: {reminder.get_kind_display().lower()}"
    _event(
        interview,
        EventKind.REMINDERS_CHANGED,
        now,
        summary,
        reminder_kind=reminder.kind,
        due=reminder.due_at.isoformat(),
    )
    reminders_replan(interview=interview, now=now)


@transaction.atomic
def reminder_turn_on(*, interview: Interview, kind: str, now: datetime) -> bool:
    """Switch a kind switched off for this interview back on. Returns False when it was not off."""
    deleted, _ = interview.reminder_choices.filter(kind=kind, off=True).delete()
    if not deleted:
        return False
    _event(
        interview, EventKind.REMINDERS_CHANGED, now, f"Reminder switched back on: {ReminderKind(kind).label.lower()}"
    )
    reminders_replan(interview=interview, now=now)
    return True


@transaction.atomic
def reminder_snooze(*, reminder: Reminder, to: datetime, now: datetime) -> Reminder:
    """Move this reminder to `to` (the snooze link): the next e-mail of its kind comes then, never at or after
    the deadline. Returns the reminder now planned for that time.

    A default kind keeps its new distance to the deadline through replans; one of the user's own moves.
    The follow-up nudge is not snoozed (the follow-up page asks for another).
    """
    interview = reminder.interview
    if reminder.kind == ReminderKind.FOLLOW_UP:
        raise ValidationError("A follow-up nudge cannot be snoozed; ask for another on the follow-up page.")
    minutes = _minutes_before_deadline(interview=interview, at=to, now=now)
    if reminder.kind == ReminderKind.EXTRA:
        extras = interview.reminder_choices.filter(kind=ReminderKind.EXTRA)
        if not extras.filter(minutes_before_deadline=minutes).exists():
            # Replaced by the snoozed time; gone already if the interview moved since the e-mail.
            extras.filter(minutes_before_deadline=_offset_of(reminder)).delete()
            ReminderChoice.objects.create(interview=interview, kind=ReminderKind.EXTRA, minutes_before_deadline=minutes)
    else:
        ReminderChoice.objects.update_or_create(
            interview=interview, kind=reminder.kind, defaults={"off": False, "minutes_before_deadline": minutes}
        )
    due = interview.notice_deadline - timedelta(minutes=minutes)
    _event(
        interview,
        EventKind.REMINDERS_CHANGED,
        now,
        f"Reminder snoozed ({reminder.get_kind_display().lower()}) to {_when(due, interview)}",
        reminder=reminder.pk,
        due=due.isoformat(),
    )
    reminders_replan(interview=interview, now=now)
    return interview.reminders.get(kind=reminder.kind, due_at=due)


@transaction.atomic
def follow_up_nudge_again(*, interview: Interview, now: datetime) -> Interview:
    """The user asks for another follow-up nudge, the owner's follow-up days from `now` (one, not a series)."""
    if interview.status != Status.RESCHEDULE_REQUESTED:
        raise InterviewError("There is no open reschedule request to follow up on.")
    interview.follow_up_again_from = now
    interview.save(update_fields=["follow_up_again_from", "updated_at"])
    interview.reminder_choices.filter(kind=ReminderKind.FOLLOW_UP, off=True).delete()
    due = now + timedelta(days=interview.owner.follow_up_days)
    _event(interview, EventKind.REMINDERS_CHANGED, now, f"Follow-up nudge asked for again: {_when(due, interview)}")
    reminders_replan(interview=interview, now=now)
    return interview


# --- Interviews -----------------------------------------------------------------

# An interview further ahead than this is a typo in the year. It also keeps every stored
# time displayable in any zone (a time late on 9999-12-31 UTC overflows east of UTC).
MAX_YEARS_AHEAD = 5

# The details a user edits (interview_update's keywords).
EDITABLE_FIELDS = (
    "company",
    "role",
    "scheduled_at",
    "time_zone",
    "duration_minutes",
    "location",
    "contact_name",
    "contact_email",
    "contact_phone",
    "notes",
    "notice_period_amount",
    "notice_period_unit",
    "notice_policy",
)


def interview_time_validate(*, scheduled_at: datetime, now: datetime, moving_from: datetime | None = None) -> None:
    """A new or moved interview's time: ahead of `now`, and within MAX_YEARS_AHEAD years.

    Raises a ValidationError keyed "scheduled_at". `moving_from` is the time it is moved from
    (None for a new interview); a time left as it is is not checked: editing a past interview keeps it.
    """
    try:
        utc = scheduled_at.astimezone(UTC)
    except (OverflowError, ValueError):
        # Hours from the start of year 1 or the end of 9999 the instant falls outside a datetime.
        raise ValidationError(
            {
                "scheduled_at": ValidationError(
                    "This time is too far in the past or the future. Check the date.", code="year"
                )
            }
        ) from None
    if utc <= now:
        if moving_from is None:
            message = "This time is in the past. Add interviews that are still ahead of you."
        elif moving_from <= now:
            message = "This time is in the past. A past interview keeps its time; it cannot move to another past one."
        else:
            message = "This time is in the past. An upcoming interview cannot be moved into the past."
        raise ValidationError({"scheduled_at": ValidationError(message, code="past")})
    if utc.year > now.year + MAX_YEARS_AHEAD:
        raise ValidationError(
            {
                "scheduled_at": ValidationError(
                    "Check the year: an interview more than %(years)s years ahead is most likely a typo.",
                    params={"years": MAX_YEARS_AHEAD},
                    code="year",
                )
            }
        )


def _canonical_zone(name: str) -> str:
    # "europe/berlin" is Europe/Berlin; an unknown name is left for the model's validator to refuse.
    return canonical_time_zone(name) or name


def notice_period_validate(*, amount: int, unit: str) -> None:
    """A period RainCheck can count with (notice.notice_period_problem); a ValidationError keyed
    "notice_period_amount" otherwise."""
    problem = notice_period_problem(amount, unit)
    if problem:
        raise ValidationError({"notice_period_amount": ValidationError(problem, code="notice_period")})


def _save_details(interview: Interview) -> None:
    """Validate every field (one line, the zone, lengths, the period), set the deadline from the time,
    the zone and the period, save."""
    notice_period_validate(amount=interview.notice_period_amount, unit=interview.notice_period_unit)
    if len(interview.notes) > NOTES_MAX_LENGTH:
        raise ValidationError({"notes": [f"Keep the notes to {NOTES_MAX_LENGTH:,} characters."]})
    # The zone first: a business-day deadline is counted on its calendar.
    interview.full_clean(exclude=["notice_deadline"])
    interview.notice_deadline = interview.deadline_from_period()
    interview.save()


@transaction.atomic
def interview_create(
    *,
    owner,
    now: datetime,
    company: str,
    scheduled_at: datetime,
    time_zone: str,
    role: str = "",
    duration_minutes: int = 60,
    location: str = "",
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    notes: str = "",
    notice_period_amount: int | None = None,
    notice_period_unit: str | None = None,
    notice_policy: str = "",
) -> Interview:
    """Add an interview ahead of `now`; its notice deadline follows from its time and notice period.

    No period given: the owner's default (User.default_notice_period). An amount without a unit is in hours.
    """
    interview_time_validate(scheduled_at=scheduled_at, now=now)
    if notice_period_amount is None:
        period = owner.default_notice_period()
    else:
        period = NoticePeriod(notice_period_amount, notice_period_unit or NoticeUnit.HOURS)
    interview = Interview(
        owner=owner,
        company=company,
        role=role,
        scheduled_at=scheduled_at.astimezone(UTC),
        time_zone=_canonical_zone(time_zone),
        duration_minutes=duration_minutes,
        location=location,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        notes=notes,
        notice_period_amount=period.amount,
        notice_period_unit=period.unit,
        notice_policy=notice_policy,
    )
    _save_details(interview)
    _event(interview, EventKind.CREATED, now, f"Added: {_when(interview.scheduled_at, interview)}")
    reminders_replan(interview=interview, now=now)
    return interview


@transaction.atomic
def interview_update(
    *,
    interview: Interview,
    now: datetime,
    company: str | None = None,
    role: str | None = None,
    scheduled_at: datetime | None = None,
    time_zone: str | None = None,
    duration_minutes: int | None = None,
    location: str | None = None,
    contact_name: str | None = None,
    contact_email: str | None = None,
    contact_phone: str | None = None,
    notes: str | None = None,
    notice_period_amount: int | None = None,
    notice_period_unit: str | None = None,
    notice_policy: str | None = None,
) -> Interview:
    """Edit the details (None: leave as it is). A new time, zone or notice period moves the deadline (and the
    reminders, in this transaction) but keeps the decision; a new time must be ahead of `now`, while a past
    interview edited otherwise keeps its time.

    On a ValidationError the interview is left as it was, in memory and in the table.
    """
    given = {
        "company": company,
        "role": role,
        "scheduled_at": scheduled_at,
        "time_zone": None if time_zone is None else _canonical_zone(time_zone),
        "duration_minutes": duration_minutes,
        "location": location,
        "contact_name": contact_name,
        "contact_email": contact_email,
        "contact_phone": contact_phone,
        "notes": notes,
        "notice_period_amount": notice_period_amount,
        "notice_period_unit": notice_period_unit,
        "notice_policy": notice_policy,
    }
    changed = {name: value for name, value in given.items() if value is not None and getattr(interview, name) != value}
    if not changed:
        return interview
    old_time = interview.scheduled_at
    old_period = interview.notice_period_text
    if "scheduled_at" in changed:
        interview_time_validate(scheduled_at=changed["scheduled_at"], now=now, moving_from=old_time)
        changed["scheduled_at"] = changed["scheduled_at"].astimezone(UTC)
    before = {name: getattr(interview, name) for name in [*changed, "notice_deadline"]}
    for name, value in changed.items():
        setattr(interview, name, value)
    try:
        _save_details(interview)
    except ValidationError:
        for name, value in before.items():
            setattr(interview, name, value)
        raise
    if interview.scheduled_at != old_time:
        _event(
            interview,
            EventKind.RESCHEDULED,
            now,
            f"Time changed from {_when(old_time, interview)} to {_when(interview.scheduled_at, interview)}",
            old=old_time.isoformat(),
            new=interview.scheduled_at.isoformat(),
        )
    if interview.notice_period_text != old_period:
        _event(
            interview,
            EventKind.EDITED,
            now,
            f"Notice period changed from {old_period} to {interview.notice_period_text}: "
            f"give notice by {_when(interview.notice_deadline, interview)}",
            old=old_period,
            new=interview.notice_period_text,
            deadline=interview.notice_deadline.isoformat(),
        )
    other = sorted(set(changed) - {"scheduled_at", "notice_period_amount", "notice_period_unit"})
    if other:
        labels = ", ".join(Interview._meta.get_field(n).verbose_name for n in other)
        _event(interview, EventKind.EDITED, now, f"Edited: {labels}", fields=other)
    reminders_replan(interview=interview, now=now)
    return interview


@transaction.atomic
def interview_reschedule(*, interview: Interview, new_time: datetime, now: datetime) -> Interview:
    """The company agreed a new time: move there, back to scheduled, a fresh chance to give notice.

    The decision and notice fields are cleared; the history keeps them. The new time must be ahead of `now`.
    """
    interview_time_validate(scheduled_at=new_time, now=now, moving_from=interview.scheduled_at)
    new_time = new_time.astimezone(UTC)
    old = {
        "old": interview.scheduled_at.isoformat(),
        "new": new_time.isoformat(),
        "status": interview.status,
        "attendance": interview.attendance,
        "reason": interview.reason,
        "plan": interview.plan,
        "notice_given_at": interview.notice_given_at.isoformat() if interview.notice_given_at else None,
        "notice_channel": interview.notice_channel,
    }
    old_time = interview.scheduled_at
    interview.scheduled_at = new_time
    interview.notice_deadline = interview.deadline_from_period()
    interview.follow_up_again_from = None
    interview.status = Status.SCHEDULED
    interview.attendance = Attendance.UNDECIDED
    interview.reason = Reason.NONE
    interview.plan = Plan.NONE
    interview.notice_given_at = None
    interview.notice_channel = NoticeChannel.NONE
    interview.notice_hours = None
    interview.notice_late = False
    interview.full_clean()
    interview.save()
    _event(
        interview,
        EventKind.RESCHEDULED,
        now,
        f"New time agreed: {_when(old_time, interview)} → {_when(new_time, interview)}",
        **old,
    )
    reminders_replan(interview=interview, now=now)
    return interview


@transaction.atomic
def interview_decide(
    *,
    interview: Interview,
    now: datetime,
    attendance: str | None = None,
    reason: str | None = None,
    plan: str | None = None,
) -> Interview:
    """Save one answer of the flow. "I can attend" sets the status to attending.

    Answers given after notice was given are refused: that decision is on record.
    """
    if interview.notice_given_at is not None:
        raise NoticeAlreadyGiven(interview)
    if interview.status not in (Status.SCHEDULED, Status.ATTENDING):
        raise InterviewError(f"This interview is {interview.get_status_display().lower()}; the decision is closed.")
    summary = []
    decision = flow.Decision(attendance=interview.attendance, reason=interview.reason, plan=interview.plan)
    if attendance is not None:
        decision = flow.decide(decision, field="attendance", answer=attendance)
        summary.append("Going to the interview" if attendance == Attendance.YES else Attendance(attendance).label)
    if reason is not None:
        decision = flow.decide(decision, field="reason", answer=reason)
        summary.append(f"Reason: {Reason(reason).label.lower()}")
    if plan is not None:
        decision = flow.decide(decision, field="plan", answer=plan)
        summary.append(f"Plan: {Plan(plan).label.lower()}")
    interview.attendance, interview.reason, interview.plan = decision.attendance, decision.reason, decision.plan
    interview.status = decision.status
    interview.full_clean()
    interview.save()
    _event(
        interview,
        EventKind.DECISION,
        now,
        "; ".join(summary) or "Decision changed",
        status=interview.status,
        attendance=interview.attendance,
        reason=interview.reason,
        plan=interview.plan,
    )
    reminders_replan(interview=interview, now=now)
    return interview


def notice_hours_between(*, at: datetime, scheduled_at: datetime) -> Decimal:
    # In UTC: between two datetimes of one zone Python subtracts wall-clock time.
    hours = Decimal((scheduled_at.astimezone(UTC) - at.astimezone(UTC)).total_seconds()) / Decimal(3600)
    return max(hours, Decimal(0)).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


# The longest message and note kept on the timeline: a long e-mail fits, a pasted book does not.
MESSAGE_SUBJECT_MAX = 300
MESSAGE_BODY_MAX = 10_000
NOTE_MAX = 5_000
# The plans that end in telling them, and the status telling them leads to.
NOTICE_STATUSES = {
    Plan.RESCHEDULE: Status.RESCHEDULE_REQUESTED,
    Plan.CANCEL: Status.CANCELLED,
    Plan.WITHDRAW: Status.CANCELLED,
}


def _message_validate(*, subject: str, body: str) -> None:
    errors = {}
    try:
        validate_one_line(subject)
    except ValidationError as error:
        errors["subject"] = error.messages
    if len(subject) > MESSAGE_SUBJECT_MAX:
        errors["subject"] = [f"Keep the subject to {MESSAGE_SUBJECT_MAX} characters."]
    if len(body) > MESSAGE_BODY_MAX:
        errors["body"] = [f"Keep the message to {MESSAGE_BODY_MAX:,} characters."]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def notice_give(*, interview: Interview, channel: str, at: datetime, subject: str = "", body: str = "") -> Interview:
    """Record that the company was told, and the message as the user sent it. Once per scheduled time.

    The status follows the plan: reschedule_requested, or cancelled (a cancellation or a withdrawal).
    The message is kept on the history event, which outlives a reschedule (that clears the
    interview's notice fields).
    """
    subject, body = subject.strip(), body.strip()
    _message_validate(subject=subject, body=body)
    # Two tabs pressing "I've told them" at once: the row lock (an IMMEDIATE
    # transaction on SQLite) makes the second one see the first one's notice.
    current = Interview.objects.select_for_update().only("notice_given_at").get(pk=interview.pk)
    if interview.notice_given_at is not None or current.notice_given_at is not None:
        raise NoticeAlreadyGiven(interview)
    if interview.plan not in NOTICE_STATUSES:
        raise InterviewError("Choose to reschedule, cancel or withdraw before recording notice.")
    interview.notice_given_at = at
    interview.notice_channel = channel
    interview.notice_hours = notice_hours_between(at=at, scheduled_at=interview.scheduled_at)
    interview.notice_late = notice_is_late(given_at=at, deadline=interview.notice_deadline)
    interview.status = NOTICE_STATUSES[Plan(interview.plan)]
    interview.full_clean()
    interview.save()
    late = " (late notice)" if interview.notice_late else ""
    _event(
        interview,
        EventKind.NOTICE_GIVEN,
        at,
        f"Told them by {NoticeChannel(channel).label.lower()}, {interview.notice_hours_text} h before{late}",
        channel=channel,
        hours=str(interview.notice_hours),
        late=interview.notice_late,
        notice_period=interview.notice_period_text,
        plan=interview.plan,
        message_subject=subject,
        message_body=body,
    )
    reminders_replan(interview=interview, now=at)
    return interview


@transaction.atomic
def interview_add_note(*, interview: Interview, text: str, at: datetime) -> InterviewEvent:
    """A note on the timeline (the company's reply, a call, anything), at any time: its text and one line of it."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": ["Write the note first."]})
    if len(text) > NOTE_MAX:
        raise ValidationError({"text": [f"Keep a note to {NOTE_MAX:,} characters."]})
    return _event(interview, EventKind.NOTE, at, one_line_cut(text, 120), text=text)


# The outcomes a user can record, and the status each leads to.
OUTCOME_STATUSES = {
    flow.OUTCOME_CANCELLED: Status.CANCELLED,
    flow.OUTCOME_ATTENDED: Status.ATTENDED,
    flow.OUTCOME_MISSED: Status.MISSED,
}


@transaction.atomic
def interview_record_outcome(*, interview: Interview, outcome: str, now: datetime) -> Interview:
    """Cancelled, attended or missed. (A new agreed time is interview_reschedule.)

    "Attended" and "missed" only once the interview has started (flow.outcome_possible).
    """
    try:
        status = OUTCOME_STATUSES[outcome]
    except KeyError:
        raise InterviewError(f"Unknown outcome: {outcome}") from None
    if not flow.outcome_possible(outcome, started=now >= interview.scheduled_at):
        raise ValidationError(
            "The interview has not started yet: record whether you went once its time has come.", code="not_started"
        )
    previous = interview.status
    interview.status = status
    interview.full_clean()
    interview.save()
    _event(interview, EventKind.OUTCOME, now, f"Outcome: {status.label.lower()}", status=status, previous=previous)
    reminders_replan(interview=interview, now=now)
    return interview


@transaction.atomic
def interview_delete(*, interview: Interview) -> None:
    """Delete the interview with its history and reminders."""
    interview.delete()


def notice_deadlines_recompute(*, now: datetime, chunk_size: int = 500) -> int:
    """Set every stored deadline from its interview's own time, zone and notice period; replan the upcoming.

    RAINCHECK_NOTICE_HOURS is only the default of new interviews, so changing it moves nothing here.
    A deadline moves when what it was computed from changed underneath: the time zone database's
    rules (a business-day deadline keeps its wall-clock time), or rows written outside the services.
    One transaction per chunk, so a large table is not locked for the whole run.
    Returns how many interviews changed.
    """
    changed = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            chunk = list(Interview.objects.filter(pk__gt=last_pk).select_related("owner").order_by("pk")[:chunk_size])
            if not chunk:
                return changed
            last_pk = chunk[-1].pk
            for interview in chunk:
                deadline = interview.deadline_from_period()
                if interview.notice_deadline == deadline:
                    continue
                old = interview.notice_deadline
                interview.notice_deadline = deadline
                interview.save(update_fields=["notice_deadline", "updated_at"])
                _event(
                    interview,
                    EventKind.EDITED,
                    now,
                    f"Notice deadline moved to {_when(deadline, interview)} "
                    f"(recomputed from its notice period, {interview.notice_period_text})",
                    old=old.isoformat(),
                    new=deadline.isoformat(),
                )
                if interview.scheduled_at > now or interview.status == Status.RESCHEDULE_REQUESTED:
                    reminders_replan(interview=interview, now=now)
                changed += 1
