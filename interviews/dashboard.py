"""The dashboard's rows: what each row shows, worked out once per row in Python.

A row used to be a dozen template filters, three includes and up to three {% url %}
per interview, ~0.6 ms a row and most of a busy user's dashboard (docs/performance.md).
Here each value is computed once, by the same rules: the notice state and the
countdown from the model and interviews/countdown.py, where the interview stands and
what to do next from flow.py, times from interviews/time_display.py, the links from
one reverse() per kind of page, the clashes as interviews/clashes.py found them. The
template only writes the values out. The badge words and colours live here; the
interview page's template tags use them too.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from . import flow
from .choices import NoticeState, Status
from .clashes import Clash
from .models import Interview
from .time_display import show_short

NOTICE_BADGE = {
    NoticeState.OPEN: ("Open", "text-bg-success"),
    NoticeState.CLOSING: ("Closing", "text-bg-warning"),
    NoticeState.CLOSED: ("Closed", "text-bg-danger"),
    NoticeState.PAST: ("Past", "text-bg-secondary"),
}

# The badge for where an interview stands (flow.standing).
STANDING_BADGE = {
    flow.DECIDED_NOT_TOLD: "text-bg-warning",
    Status.SCHEDULED: "text-bg-light border",
    Status.ATTENDING: "text-bg-success",
    Status.RESCHEDULE_REQUESTED: "text-bg-info",
    Status.CANCELLED: "text-bg-secondary",
    Status.ATTENDED: "text-bg-success",
    Status.MISSED: "text-bg-danger",
}


def notice_can_matter(interview: Interview) -> bool:
    """The flow's rule for showing the notice countdown and deadline."""
    return flow.notice_can_matter(status=interview.status, notice_given=interview.notice_given)


def standing(interview: Interview, now: datetime) -> str:
    """Its status, or "decided_not_told" (flow.standing)."""
    return flow.standing(
        status=interview.status,
        plan=interview.plan,
        notice_given=interview.notice_given,
        started=interview.scheduled_at <= now,
    )


def notice_countdown(interview: Interview, now: datetime, state: NoticeState | None = None) -> str:
    """The line under the notice badge: how long is left to give notice, or why that no longer applies."""
    if interview.notice_given:
        return "Notice given"
    if interview.status == Status.ATTENDING:
        return "You're going"
    if not notice_can_matter(interview):
        return interview.get_status_display()
    state = state or interview.notice_state(now)
    if state == NoticeState.PAST:
        return "The interview time has passed"
    if state == NoticeState.CLOSED:
        return "Notice window closed"
    hours = interview.hours_left_to_give_notice(now)
    if hours < 1:
        return "Less than 1 h left to give notice"
    return f"{hours} h left to give notice"


class InterviewLinks:
    """The interview pages' addresses, from one reverse() each: only the id changes from row to row."""

    MARK = "2147483647"  # an id no URL pattern holds otherwise

    def __init__(self):
        self._detail, self._flow, self._follow_up, self._clash_move = (
            reverse(name, args=[int(self.MARK)]).split(self.MARK)
            for name in ("interviews:detail", "interviews:flow", "interviews:flow_follow_up", "interviews:clash_move")
        )

    def detail(self, pk: int) -> str:
        return f"{self._detail[0]}{pk}{self._detail[1]}"

    def flow(self, pk: int) -> str:
        return f"{self._flow[0]}{pk}{self._flow[1]}"

    def follow_up(self, pk: int) -> str:
        return f"{self._follow_up[0]}{pk}{self._follow_up[1]}"

    def clash_move(self, pk: int) -> str:
        return f"{self._clash_move[0]}{pk}{self._clash_move[1]}"


@dataclass(frozen=True, slots=True)
class ClashNote:
    """Another interview too close to a row's, as the row's note says it."""

    overlaps: bool
    gap_minutes: int
    company: str
    when: str  # the other interview's time in the viewer's zone, without the year
    move_url: str  # the flow for asking the other company to move (views_calendar.clash_move)
    detail_url: str  # the other interview's page


@dataclass(frozen=True, slots=True)
class DashboardRow:
    pk: int
    company: str
    role: str
    detail_url: str
    when: str  # the interview's time in the viewer's zone
    notice_state: str
    notice_label: str
    notice_class: str
    countdown: str
    counts_down: bool  # notice can still matter: the browser ticks the countdown, the deadline is shown
    deadline: str
    deadline_iso: str
    start_iso: str
    standing: str
    standing_label: str
    standing_class: str
    action: str  # the flow button's label, "" when nothing is left to do
    flow_url: str
    follow_up_url: str  # "" unless a reschedule request has waited the owner's follow-up days
    clashes: tuple[ClashNote, ...]  # only on the upcoming list
    move_url: str  # the flow for asking this row's company to move, beside each clash


# The fields a row reads (Interview.objects....only(*ROW_FIELDS)): a busy user's list skips the rest of each row.
ROW_FIELDS = (
    "company",
    "role",
    "scheduled_at",
    "duration_minutes",
    "notice_deadline",
    "status",
    "plan",
    "notice_given_at",
)


def dashboard_rows(
    interviews,
    *,
    now: datetime,
    zone: tzinfo,
    links: InterviewLinks,
    follow_up_after: timedelta,
    clashes: Mapping[int, Sequence[Clash]] | None = None,
) -> list[DashboardRow]:
    """The rows of one list of the viewer's own interviews; `follow_up_after` is their follow-up days, `clashes`
    by interview id (clashes.clashes_by_interview), for the upcoming list."""
    clashes = clashes or {}
    others = _ClashOthers(zone=zone, links=links)
    return [
        dashboard_row(
            interview,
            now=now,
            zone=zone,
            links=links,
            follow_up_after=follow_up_after,
            clashes=clashes.get(interview.pk, ()),
            others=others,
        )
        for interview in interviews
    ]


class _ClashOthers:
    """The other interview's side of a clash note (company, time, "ask to move" link), once per interview:
    on a busy page the same interview is too close to several rows."""

    def __init__(self, *, zone: tzinfo, links: InterviewLinks):
        self.zone, self.links = zone, links
        self._seen: dict[int, tuple[str, str, str]] = {}

    def note(self, clash: Clash) -> "ClashNote":
        other = clash.other
        if other.pk not in self._seen:
            when = show_short(other.scheduled_at.astimezone(self.zone), year=False)
            self._seen[other.pk] = {
                "company": other.company,
                "when": when,
                "move_url": self.links.clash_move(other.pk),
                "detail_url": self.links.detail(other.pk),
            }
        return ClashNote(overlaps=clash.overlaps, gap_minutes=clash.gap_minutes, **self._seen[other.pk])


def clash_notes(clashes: Sequence[Clash], *, zone: tzinfo, links: InterviewLinks) -> list["ClashNote"]:
    """What interviews/_clashes.html says of each clash (the interview page, the add and edit forms)."""
    others = _ClashOthers(zone=zone, links=links)
    return [others.note(clash) for clash in clashes]


def dashboard_row(
    interview: Interview,
    *,
    now: datetime,
    zone: tzinfo,
    links: InterviewLinks,
    follow_up_after: timedelta,
    clashes: Sequence[Clash] = (),
    others: _ClashOthers | None = None,
) -> DashboardRow:
    others = others or _ClashOthers(zone=zone, links=links)
    state = interview.notice_state(now)
    stands = standing(interview, now)
    start, deadline = interview.scheduled_at.astimezone(zone), interview.notice_deadline.astimezone(zone)
    follow_up = flow.needs_follow_up(
        status=interview.status,
        notice_given_at=interview.notice_given_at,
        now=now,
        after=follow_up_after,
    )
    return DashboardRow(
        pk=interview.pk,
        company=interview.company,
        role=interview.role,
        detail_url=links.detail(interview.pk),
        when=show_short(start),
        notice_state=state.value,
        notice_label=NOTICE_BADGE[state][0],
        notice_class=NOTICE_BADGE[state][1],
        countdown=notice_countdown(interview, now, state),
        counts_down=notice_can_matter(interview),
        deadline=show_short(deadline, year=False),
        deadline_iso=deadline.isoformat(),
        start_iso=start.isoformat(),
        standing=stands,
        standing_label=flow.STANDING_LABELS[stands],
        standing_class=STANDING_BADGE[stands],
        action=flow.next_action(stands),
        flow_url=links.flow(interview.pk),
        follow_up_url=links.follow_up(interview.pk) if follow_up else "",
        clashes=tuple(others.note(clash) for clash in clashes),
        move_url=links.clash_move(interview.pk),
    )


# One clash note on a dashboard row: interviews/_clashes.html's compact markup. A busy user's rows carry
# several each, and the template engine spent half the dashboard's time on them (docs/performance.md).
CLASH_NOTE = (
    '<p class="mb-1">{lead} your interview with {company} ({when}).</p>\n'
    '<div class="d-flex flex-wrap gap-2 mb-2">\n'
    '<form method="post" action="{move_url}">{csrf}<button type="submit" class="btn btn-sm btn-outline-dark">'
    "Ask {company} to move</button></form>\n"
    '<form method="post" action="{row_move_url}">{csrf}<button type="submit" class="btn btn-sm btn-outline-dark">'
    "Ask {row_company} to move</button></form>\n"
    "</div>\n"
)
OVERLAPS = "<strong>Clash:</strong> overlaps"
TIGHT = "<strong>Tight:</strong> only {} minutes from"


def clash_notes_html(row: DashboardRow, csrf_input: str) -> SafeString:
    """A row's clash notes, each saying how close the other interview is, with a button to ask either company
    to move. Every value is escaped as Django's escape() does (it is html.escape), the row's own once."""
    own = {"row_company": escape(row.company), "row_move_url": escape(row.move_url), "csrf": csrf_input}
    return mark_safe(  # noqa: S308 -- each value is escaped here; the markup is CLASH_NOTE's
        "".join(
            CLASH_NOTE.format(
                lead=OVERLAPS if note.overlaps else TIGHT.format(int(note.gap_minutes)),
                company=escape(note.company),
                when=escape(note.when),
                move_url=escape(note.move_url),
                **own,
            )
            for note in row.clashes
        )
    )
