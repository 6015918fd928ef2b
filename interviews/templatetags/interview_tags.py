"""Presentation of an interview's notice window: the badge and the countdown text."""

from datetime import datetime, timedelta

from django import template
from django.utils.safestring import mark_safe

from interviews import dashboard, flow, links
from interviews.choices import NoticeState
from interviews.models import Interview

register = template.Library()


@register.filter
def notice_state(interview: Interview, now: datetime) -> str:
    """{{ interview|notice_state:now }} → "open", "closing", "closed" or "past"."""
    return interview.notice_state(now).value


@register.filter
def notice_badge_label(state: str) -> str:
    return dashboard.NOTICE_BADGE[NoticeState(state)][0]


@register.filter
def notice_badge_class(state: str) -> str:
    return dashboard.NOTICE_BADGE[NoticeState(state)][1]


@register.filter
def notice_can_matter(interview: Interview) -> bool:
    """{{ interview|notice_can_matter }}: the flow's rule for showing the notice countdown and deadline."""
    return dashboard.notice_can_matter(interview)


@register.filter
def standing(interview: Interview, now: datetime) -> str:
    """{{ interview|standing:now }}: its status, or "decided_not_told" (flow.standing)."""
    return dashboard.standing(interview, now)


@register.filter
def standing_label(standing_now: str) -> str:
    return flow.STANDING_LABELS[standing_now]


@register.filter
def standing_badge_class(standing_now: str) -> str:
    return dashboard.STANDING_BADGE[standing_now]


@register.filter
def next_action(standing_now: str) -> str:
    """{{ standing|next_action }}: the flow button's label, "" when nothing is left to do."""
    return flow.next_action(standing_now)


@register.filter
def period_notice(interview: Interview) -> str:
    """{{ interview|period_notice }} → "48 hours' notice", "2 business days' notice" (its own period)."""
    # Digits and fixed words only: safe, so the apostrophe reads as one in the page's source too.
    return mark_safe(interview.notice_period_notice)  # noqa: S308


@register.filter
def notice_countdown(interview: Interview, now: datetime) -> str:
    """The line under the badge: how long is left to give notice, or why that no longer applies."""
    return dashboard.notice_countdown(interview, now)


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number: int) -> str:
    """The current URL's query with one list's page changed, so the other lists keep theirs."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


@register.filter
def needs_follow_up(interview: Interview, now: datetime) -> bool:
    """{{ interview|needs_follow_up:now }}: the flow's rule for "ask again about the new time"."""
    return flow.needs_follow_up(
        status=interview.status,
        notice_given_at=interview.notice_given_at,
        now=now,
        after=timedelta(days=interview.owner.follow_up_days),
    )


@register.filter
def mailto_link(interview: Interview) -> str:
    """{{ interview|mailto_link }}: the contact's address as a mailto: link, encoded (links.mailto_url)."""
    return links.mailto_url(to=interview.contact_email) if interview.contact_email else ""


@register.filter
def tel_link(interview: Interview) -> str:
    """{{ interview|tel_link }}: the contact's number as a tel: link, or ""."""
    return links.tel_url(interview.contact_phone, time_zone=interview.time_zone)


@register.filter
def bootstrap_widget(field) -> str:
    """{{ field|bootstrap_widget }}: the widget with the classes and ARIA crispy-forms' Bootstrap 5 pack gives it
    ("textarea form-control", "is-invalid", aria-invalid, aria-describedby naming the help and the errors)."""
    attrs = {"class": f"{type(field.field.widget).__name__.lower()} form-control"}
    described = [f"{field.auto_id}_helptext"] if field.help_text else []
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def clash_notes(row: dashboard.DashboardRow, csrf_input: str) -> str:
    """{{ row|clash_notes:csrf_input }}: a dashboard row's clash notes and buttons (dashboard.clash_notes_html)."""
    return dashboard.clash_notes_html(row, csrf_input)
