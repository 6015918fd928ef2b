"""Demo accounts for `make run`: a job seeker with three interviews, and a staff admin.

Every run re-dates the demo interviews relative to now, so their notice
windows are always open, closing and closed, and resets the passwords to the
ones printed. It writes through interviews.services, so deadlines, history and
reminders are real. Accounts with known passwords: DEBUG only.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from interviews.choices import Attendance, Plan, Reason, Status
from interviews.models import Interview
from interviews.services import interview_create, interview_reschedule, interview_update
from interviews.time_display import show_time

DEMO_EMAIL = "demo@raincheck.example"
DEMO_PASSWORD = "raincheck-demo"  # noqa: S105 (printed for the demo; DEBUG only)
ADMIN_EMAIL = "admin@raincheck.example"
ADMIN_PASSWORD = "raincheck-admin"  # noqa: S105 (printed for the demo; DEBUG only)
DEMO_TIME_ZONE = "Europe/Berlin"


@dataclass(frozen=True)
class DemoInterview:
    company: str
    role: str
    starts_in: timedelta
    window: str  # what the dashboard badge should say, for the printout
    contact_name: str
    contact_email: str
    contact_phone: str
    location: str


# With a 24-hour notice period: the deadline is 3 days away (open), 3 hours away
# (closing: under 6 h), and 4 hours past (closed, the interview still ahead).
DEMO_INTERVIEWS = (
    DemoInterview(
        "Northwind Traders",
        "Backend developer",
        timedelta(days=4),
        "open",
        "Nancy Davolio",
        "nancy@northwind.example",
        "+49 30 5550101",
        "Video call",
    ),
    DemoInterview(
        "Globex",
        "Product engineer",
        timedelta(hours=27),
        "closing",
        "Hank Scorpio",
        "hank@globex.example",
        "+1 555 0102",
        "Cypress Creek, building 4",
    ),
    DemoInterview(
        "Initech",
        "Software engineer",
        timedelta(hours=20),
        "closed",
        "Bill Lumbergh",
        "bill@initech.example",
        "+1 555 0103",
        "4120 Freidrich Lane, Austin",
    ),
)


def _start_of_next_quarter_hour(now: datetime) -> datetime:
    """Round up, so the demo shows tidy times (at most 15 minutes later: the windows stay as named)."""
    base = now.replace(second=0, microsecond=0)
    return base + timedelta(minutes=15 - base.minute % 15)


def _account(*, email: str, password: str, now: datetime, staff: bool) -> User:
    user = User.objects.filter(email=email).first() or User(email=email)
    user.name = "Demo Admin" if staff else "Alex Demo"
    user.time_zone = DEMO_TIME_ZONE
    user.email_verified_at = user.email_verified_at or now
    user.is_active = True
    user.is_staff = staff
    user.is_superuser = staff
    user.set_password(password)
    user.save()
    return user


def _place(*, owner: User, demo: DemoInterview, at: datetime, now: datetime) -> tuple[Interview, str]:
    """Create the demo interview, or move the existing one to its new time (a fresh decision)."""
    interview = Interview.objects.owned_by(owner).filter(company=demo.company).order_by("pk").first()
    details = {
        "role": demo.role,
        "time_zone": DEMO_TIME_ZONE,
        "duration_minutes": 60,
        "location": demo.location,
        "contact_name": demo.contact_name,
        "contact_email": demo.contact_email,
        "contact_phone": demo.contact_phone,
    }
    if interview is None:
        return interview_create(owner=owner, now=now, company=demo.company, scheduled_at=at, **details), "created"
    undecided = (
        interview.status == Status.SCHEDULED
        and interview.attendance == Attendance.UNDECIDED
        and interview.reason == Reason.NONE
        and interview.plan == Plan.NONE
        and interview.notice_given_at is None
    )
    if undecided:
        return interview_update(interview=interview, now=now, scheduled_at=at, **details), "re-dated"
    # The demo was walked through the flow last time: a new time clears the decision (history keeps it).
    interview = interview_reschedule(interview=interview, new_time=at, now=now)
    return interview_update(interview=interview, now=now, **details), "re-dated"


class Command(BaseCommand):
    help = "Create or re-date the demo user's three interviews (open, closing, closed) and a staff admin."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with known passwords; it runs only with DJANGO_DEBUG=1 (as make run does)."
            )
        now = timezone.now()
        base = _start_of_next_quarter_hour(now)
        with transaction.atomic():
            demo = _account(email=DEMO_EMAIL, password=DEMO_PASSWORD, now=now, staff=False)
            placed = [
                (spec, *_place(owner=demo, demo=spec, at=base + spec.starts_in, now=now)) for spec in DEMO_INTERVIEWS
            ]
            _account(email=ADMIN_EMAIL, password=ADMIN_PASSWORD, now=now, staff=True)

        for spec, interview, what in placed:
            local = show_time(interview.scheduled_at, interview.zone)
            self.stdout.write(f"  {what}: {interview.company}, {local} (notice window {spec.window})")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo log-in: {DEMO_EMAIL} / {DEMO_PASSWORD}\n"
                f"Admin log-in: {ADMIN_EMAIL} / {ADMIN_PASSWORD} (at /admin/)"
            )
        )
