"""A user's record with something of everything, built through the services at chosen times.

Shared by the statistics, proof-of-notice, export and import tests. As of NOW (Monday
1 March 2027, 10:00 in Berlin):

| interview | what happened | notice | status |
| --- | --- | --- | --- |
| Alpha | asked to reschedule 120 h ahead, new time agreed 24 h later, then attended | 120 h, on time | attended |
| Beta | cancelled by phone 10 h ahead | 10 h, late | cancelled |
| Gamma | asked to reschedule 48 h ahead, no answer yet | 48 h, on time | reschedule requested |
| Delta, Epsilon, Zeta | upcoming (this week, next week twice) | | scheduled |
| Eta | upcoming, cancelled by e-mail | 225 h, on time | cancelled |
| Theta | past, missed | | missed |
"""

import datetime as dt
from dataclasses import dataclass

from interviews.choices import Attendance, NoticeChannel, Plan, Reason
from interviews.models import Interview, InterviewEvent
from interviews.services import (
    interview_add_note,
    interview_decide,
    interview_record_outcome,
    interview_reschedule,
    notice_give,
)
from tests.factories import InterviewFactory

NOW = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
HOUR = dt.timedelta(hours=1)


def _interview(owner, company: str, start: dt.datetime, **kwargs) -> Interview:
    return InterviewFactory(owner=owner, company=company, scheduled_at=start, now=start - 30 * DAY, **kwargs)


def _tell(interview: Interview, *, plan: str, channel: str, at: dt.datetime, subject="", body="") -> Interview:
    interview_decide(interview=interview, now=at, attendance=Attendance.CANNOT)
    interview_decide(interview=interview, now=at, reason=Reason.WORK)
    interview_decide(interview=interview, now=at, plan=plan)
    return notice_give(interview=interview, channel=channel, at=at, subject=subject, body=body)


def add_note(interview: Interview, *, text: str, at: dt.datetime) -> InterviewEvent:
    """A note of the company's reply, through the service."""
    return interview_add_note(interview=interview, text=text, at=at)


@dataclass
class Record:
    alpha: Interview
    beta: Interview
    gamma: Interview
    delta: Interview
    epsilon: Interview
    zeta: Interview
    eta: Interview
    theta: Interview


def build_record(owner) -> Record:
    alpha_first = NOW - 20 * DAY
    alpha = _interview(owner, "Alpha GmbH", alpha_first, role="Data engineer", notes="Ask about the team.")
    _tell(
        alpha,
        plan=Plan.RESCHEDULE,
        channel=NoticeChannel.EMAIL,
        at=alpha_first - 120 * HOUR,
        subject="Rescheduling our interview",
        body="Dear Sam,\nI am sorry, a work conflict came up. Could we find another time?\nJo",
    )
    add_note(alpha, text="Sam: no problem, how about ten days later?", at=alpha_first - 100 * HOUR)
    alpha = interview_reschedule(interview=alpha, new_time=NOW - 10 * DAY, now=alpha_first - 96 * HOUR)
    alpha = interview_record_outcome(interview=alpha, outcome="attended", now=NOW - 10 * DAY + 2 * HOUR)

    beta_at = NOW - 5 * DAY
    beta = _interview(owner, "Beta AG", beta_at)
    beta = _tell(beta, plan=Plan.CANCEL, channel=NoticeChannel.PHONE, at=beta_at - 10 * HOUR)

    gamma_at = NOW + 2 * DAY
    gamma = _interview(owner, "Gamma Ltd", gamma_at)
    gamma = _tell(gamma, plan=Plan.RESCHEDULE, channel=NoticeChannel.EMAIL, at=gamma_at - 48 * HOUR)

    delta = _interview(owner, "Delta SA", NOW + 3 * DAY)
    epsilon = _interview(owner, "Epsilon Oy", NOW + 10 * DAY)
    zeta = _interview(owner, "Zeta BV", NOW + 10 * DAY + HOUR)

    eta_at = NOW + 9 * DAY + 8 * HOUR
    eta = _interview(owner, "Eta Inc", eta_at)
    eta = _tell(eta, plan=Plan.CANCEL, channel=NoticeChannel.EMAIL, at=NOW - HOUR)

    theta_at = NOW - 3 * DAY
    theta = _interview(owner, "Theta plc", theta_at)
    theta = interview_record_outcome(interview=theta, outcome="missed", now=theta_at + 2 * HOUR)
    return Record(alpha, beta, gamma, delta, epsilon, zeta, eta, theta)
