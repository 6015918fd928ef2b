"""Presentation of an interview's notice window: the badge and the countdown text."""

from datetime import datetime

from django import template

from interviews import flow, links
from interviews.choices import NoticeState, Status
from interviews.models import Interview

register = template.Library()

BADGE = {
    NoticeState.OPEN: ("Open", "text-bg-success"),
    NoticeState.CLOSING: ("Closing", "text-bg-warning"),
    NoticeState.CLOSED: ("Closed", "text-bg-danger"),
    NoticeState.PAST: ("Past", "text-bg-secondary"),
}


@register.filter
def notice_state(interview: Interview, now: datetime) -> str:
    """{{ interview|notice_state:now }} → "open", "closing", "closed" or "past"."""
    return interview.notice_state(now).value


@register.filter
def notice_badge_label(state: str) -> str:
    return BADGE[NoticeState(state)][0]


@register.filter
def notice_badge_class(state: str) -> str:
    return BADGE[NoticeState(state)][1]


@register.filter
def notice_can_matter(interview: Interview) -> bool:
    """{{ interview|notice_can_matter }}: the flow's rule for showing the notice countdown and deadline."""
    return flow.notice_can_matter(status=interview.status, notice_given=interview.notice_given)


# The dashboard's badge for where an interview stands (flow.standing).
STANDING_BADGE = {
    flow.DECIDED_NOT_TOLD: "text-bg-warning",
    Status.SCHEDULED: "text-bg-light border",
    Status.ATTENDING: "text-bg-success",
    Status.RESCHEDULE_REQUESTED: "text-bg-info",
    Status.CANCELLED: "text-bg-secondary",
    Status.ATTENDED: "text-bg-success",
    Status.MISSED: "text-bg-danger",
}


@register.filter
def standing(interview: Interview, now: datetime) -> str:
    """{{ interview|standing:now }}: its status, or "decided_not_told" (flow.standing)."""
    return flow.standing(
        status=interview.status,
        plan=interview.plan,
        notice_given=interview.notice_given,
        started=interview.scheduled_at <= now,
    )


@register.filter
def standing_label(standing_now: str) -> str:
    return flow.STANDING_LABELS[standing_now]


@register.filter
def standing_badge_class(standing_now: str) -> str:
    return STANDING_BADGE[standing_now]


@register.filter
def next_action(standing_now: str) -> str:
    """{{ standing|next_action }}: the flow button's label, "" when nothing is left to do."""
    return flow.next_action(standing_now)


@register.filter
def notice_countdown(interview: Interview, now: datetime) -> str:
    """The line under the badge: how long is left to give notice, or why that no longer applies."""
    if interview.notice_given:
        return "Notice given"
    if interview.status == Status.ATTENDING:
        return "You're going"
    if not notice_can_matter(interview):
        return interview.get_status_display()
    state = interview.notice_state(now)
    if state == NoticeState.PAST:
        return "The interview time has passed"
    if state == NoticeState.CLOSED:
        return "Notice window closed"
    hours = interview.hours_left_to_give_notice(now)
    if hours < 1:
        return "Less than 1 h left to give notice"
    return f"{hours} h left to give notice"


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number: int) -> str:
    """The current URL's query with one list's page changed, so the other lists keep theirs."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


@register.filter
def needs_follow_up(interview: Interview, now: datetime) -> bool:
    """{{ interview|needs_follow_up:now }}: the flow's rule for "ask again about the new time"."""
    return flow.needs_follow_up(status=interview.status, notice_given_at=interview.notice_given_at, now=now)


@register.filter
def tel_link(interview: Interview) -> str:
    """{{ interview|tel_link }}: the contact's number as a tel: link, or ""."""
    return links.tel_url(interview.contact_phone)
