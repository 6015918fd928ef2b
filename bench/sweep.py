"""The reminder sweep: `manage.py send_due_reminders` against two bare loops, all to a local SMTP responder.

For each size, that many due reminders are created (one per interview, each the
newest due one of its interview's plan, deadline two hours ahead, so every one
is sent and none is skipped), their e-mails are rendered once into a file, and:
- the bare smtplib loop (bench.bare_smtp, its own process) sends those bytes over one connection;
- the bare Django loop (bench.bare_django, its own process) reads the reminders, builds each
  e-mail with the same function and templates (the .ics included) and sends it over one
  connection, with no claim, check or record;
- send_due_reminders (its own process) selects, claims, reads, checks, renders and sends them,
  recording each as sent, as in production.
Each is timed from process start to exit (so start-up is in its rate) with its own maximum
RSS; the SMTP responder (bench.smtp_sink, its own process, cheap enough not to be the limit) counts what
arrived. Then a few more due reminders go through the same batch function in this process
with each step timed, to show where an e-mail's time goes.
"""

import re
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.mail.message import sanitize_address
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from accounts.models import User
from interviews import delivery
from interviews.choices import Status
from interviews.models import Interview, Reminder
from interviews.notifications import reminder_email
from interviews.reminders import ReminderSettings, plan_reminders

from .bare_smtp import write_message
from .environment import PROJECT_DIR
from .processes import Measured, run_measured
from .report import Row
from .smtp_sink import SmtpSink

# Reminders per bench user (the sweep re-reads each owner with its interview).
PER_USER = 20
# Budgets (issue 13): the sweep at least 0.75x the bare Django loop (bookkeeping costs at most a third
# of what the e-mail itself costs) and 0.25x the bare smtplib loop; memory flat from the smaller size
# to the larger.
DJANGO_RATE_BUDGET = 0.75
SMTPLIB_RATE_BUDGET = 0.25
FLAT_MEMORY = 1.10  # "flat": the larger run's peak within 10 % of the smaller's
_BEGINNING = datetime.min.replace(tzinfo=UTC)


class BenchError(RuntimeError):
    pass


def seed_due_reminders(count: int, now: datetime, tag: str) -> list[int]:
    """`count` due reminders of verified users with reminders on, each one that will be sent."""
    password = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                email=f"sweep-{tag}-{n}@bench.example",
                name=f"Sweep {n}",
                time_zone="Europe/Berlin",
                email_verified_at=now,
                password=password,
            )
            for n in range(-(-count // PER_USER))
        ],
        batch_size=1000,
    )
    interviews = []
    for n in range(count):
        scheduled_at = now + timedelta(hours=settings.RAINCHECK_NOTICE_HOURS + 2, minutes=n % 60)
        interviews.append(
            Interview(
                owner=users[n // PER_USER],
                company=f"Company {n}",
                role="Backend developer",
                scheduled_at=scheduled_at,
                time_zone="Europe/Berlin",
                location="Video call",
                contact_name="Sam Hiring",
                contact_email="sam@company.example",
                status=Status.SCHEDULED,
            )
        )
        interviews[-1].notice_deadline = interviews[-1].deadline_from_period()  # the site's default period
    interviews = Interview.objects.bulk_create(interviews, batch_size=1000)
    reminders = []
    for interview in interviews:
        planned = plan_reminders(
            status=interview.status,
            notice_given=False,
            notice_deadline=interview.notice_deadline,
            owner=ReminderSettings.of(interview.owner),
            now=_BEGINNING,
        )
        newest_due = max((p for p in planned if p.due_at <= now), key=lambda p: p.due_at)
        reminders.append(Reminder(interview=interview, kind=newest_due.kind, due_at=newest_due.due_at))
    return [r.pk for r in Reminder.objects.bulk_create(reminders, batch_size=1000)]


def analyse_tables() -> None:
    """Fresh statistics after a bulk load, as autovacuum keeps them in production.

    On a table PostgreSQL has never analysed, it plans the claim (an UPDATE by id that
    re-checks "pending and due") with the partial index reminder_pending_due instead of the
    primary key, reading every due reminder for each claim: a cost a deployed database,
    analysed by autovacuum, does not pay.
    """
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def render_messages(ids: list[int], now: datetime, path: Path) -> None:
    """The e-mails the sweep will send, as Django's SMTP backend would hand them to smtplib."""
    with path.open("wb") as stream:
        for start in range(0, len(ids), 500):
            chunk = Reminder.objects.select_related("interview__owner").filter(pk__in=ids[start : start + 500])
            for reminder in chunk.order_by("pk"):
                message = reminder_email(reminder, now=now)
                encoding = message.encoding or settings.DEFAULT_CHARSET
                write_message(
                    stream,
                    sanitize_address(message.from_email, encoding),
                    [sanitize_address(address, encoding) for address in message.recipients()],
                    message.message().as_bytes(linesep="\r\n"),
                )


def _check(what: str, measured: Measured, sink: SmtpSink, count: int, log: Path) -> None:
    if measured.returncode != 0 or sink.received != count:
        tail = log.read_text(errors="replace")[-2000:]
        raise BenchError(
            f"{what}: exit {measured.returncode}, {sink.received} of {count} messages arrived\n"
            f"{measured.output}\n{tail}"
        )


def measure_size(count: int, *, env: dict, workdir: Path, sink: SmtpSink, say) -> tuple[Measured, Measured, Measured]:
    now = timezone.now()
    say(f"sweep: {count:,} due reminders")
    ids = seed_due_reminders(count, now, tag=str(count))
    analyse_tables()
    messages = workdir / f"messages-{count}.bin"
    render_messages(ids, now, messages)
    id_file = workdir / f"ids-{count}.txt"
    id_file.write_text("\n".join(map(str, ids)))

    sink.reset()
    log = workdir / f"bare-{count}.log"
    bare = run_measured(
        [sys.executable, "-m", "bench.bare_smtp", str(messages), sink.host, str(sink.port)],
        env=env,
        cwd=PROJECT_DIR,
        log_path=log,
    )
    _check("bare smtplib loop", bare, sink, count, log)

    sink.reset()
    log = workdir / f"bare-django-{count}.log"
    bare_django = run_measured(
        [sys.executable, "-m", "bench.bare_django", str(id_file)],
        env={**env, "EMAIL_URL": sink.url},
        cwd=PROJECT_DIR,
        log_path=log,
    )
    _check("bare Django loop", bare_django, sink, count, log)

    sink.reset()
    log = workdir / f"send_due_reminders-{count}.log"
    sweep = run_measured(
        [sys.executable, "manage.py", "send_due_reminders"],
        env={**env, "EMAIL_URL": sink.url},
        cwd=PROJECT_DIR,
        log_path=log,
    )
    _check("send_due_reminders", sweep, sink, count, log)
    summary = re.search(r"(\d+) due: (\d+) sent", sweep.output)
    if not summary or int(summary.group(2)) != count:
        raise BenchError(f"send_due_reminders did not send all {count}: {sweep.output}")
    if Reminder.objects.filter(pk__in=ids, sent_at__isnull=True).exists():
        raise BenchError("send_due_reminders left reminders unsent")
    messages.unlink()
    id_file.unlink()
    return sweep, bare_django, bare


# The steps of interviews.delivery.reminders_send_batch, timed one by one.
PHASES = ("claim", "read", "checks", "render", "serialise and SMTP", "record sent")


def phase_breakdown(count: int, sink: SmtpSink) -> dict[str, float]:
    """Where an e-mail's time goes in the real batch function, in this process: ms per e-mail.

    `count` fresh due reminders go through delivery.reminders_send_batch (one batch, one
    connection) with a stopwatch around each step it calls; the read of the batch with its
    interviews and owners is what is left of the total.
    """
    ids = seed_due_reminders(count, timezone.now(), tag="phases")
    analyse_tables()
    spent = dict.fromkeys(PHASES, 0.0)

    def timed(phase, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[phase] += time.perf_counter() - start

        return wrapper

    steps = {
        "reminders_claim": "claim",
        "reminder_skip_reasons": "checks",
        "reminder_email": "render",
        "reminder_mark_sent": "record sent",
    }
    originals = {name: getattr(delivery, name) for name in steps}
    original_send = delivery._Mailer.send
    for name, phase in steps.items():
        setattr(delivery, name, timed(phase, originals[name]))
    delivery._Mailer.send = timed("serialise and SMTP", original_send)
    try:
        with override_settings(
            EMAIL_BACKEND="config.smtp.EmailBackend",
            EMAIL_HOST=sink.host,
            EMAIL_PORT=sink.port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            sink.reset()
            start = time.perf_counter()
            counts = delivery.reminders_send_batch(ids)
            total = time.perf_counter() - start
    finally:
        for name, function in originals.items():
            setattr(delivery, name, function)
        delivery._Mailer.send = original_send
    if counts.sent != count or sink.received != count:
        raise BenchError(f"phase breakdown: {counts} for {count} reminders, {sink.received} arrived")
    spent["read"] = total - sum(spent.values())
    return {phase: spent[phase] / count * 1000 for phase in PHASES}


def run(*, sizes: tuple[int, int], phases_sample: int, env: dict, workdir: Path, say) -> list[Row]:
    rows = []
    peaks = {}
    with SmtpSink() as sink:
        for count in sizes:
            sweep, bare_django, bare = measure_size(count, env=env, workdir=workdir, sink=sink, say=say)
            rate, django_rate, bare_rate = (count / m.seconds for m in (sweep, bare_django, bare))
            peaks[count] = sweep.max_rss_kb
            figure = f"{rate:,.0f} msg/s ({sweep.seconds:.1f} s), max RSS {sweep.max_rss_mb:.0f} MB"
            rows.append(
                Row(
                    area="sweep",
                    what="send_due_reminders vs bare Django",
                    setting=f"{count:,} due reminders",
                    figure=figure,
                    baseline=(
                        f"bare Django loop (same e-mails, no bookkeeping): {django_rate:,.0f} msg/s "
                        f"({bare_django.seconds:.1f} s), max RSS {bare_django.max_rss_mb:.0f} MB"
                    ),
                    ratio=f"{rate / django_rate:.2f}x rate",
                    budget=f">= {DJANGO_RATE_BUDGET:g}x bare Django rate",
                    holds=rate / django_rate >= DJANGO_RATE_BUDGET,
                )
            )
            rows.append(
                Row(
                    area="sweep",
                    what="send_due_reminders vs bare smtplib",
                    setting=f"{count:,} due reminders",
                    figure=figure,
                    baseline=(
                        f"bare smtplib loop (pre-rendered): {bare_rate:,.0f} msg/s ({bare.seconds:.1f} s), "
                        f"max RSS {bare.max_rss_mb:.0f} MB"
                    ),
                    ratio=f"{rate / bare_rate:.2f}x rate",
                    budget=f">= {SMTPLIB_RATE_BUDGET:g}x bare smtplib rate",
                    holds=rate / bare_rate >= SMTPLIB_RATE_BUDGET,
                )
            )
        say(f"sweep: {phases_sample} due reminders, step by step")
        phases = phase_breakdown(phases_sample, sink)
    rows.append(
        Row(
            area="sweep",
            what="where an e-mail's time goes: reminders_send_batch, in process",
            setting=f"{phases_sample} due reminders, ms per e-mail",
            figure=", ".join(f"{phase} {ms:.2f}" for phase, ms in phases.items())
            + f"; total {sum(phases.values()):.2f} ms",
            baseline=f"bare smtplib loop: {1000 / bare_rate:.2f} ms per e-mail, process start included",
        )
    )
    small, large = sizes
    growth = peaks[large] / peaks[small]
    rows.append(
        Row(
            area="sweep",
            what="send_due_reminders peak memory",
            setting=f"{small:,} -> {large:,} due reminders",
            figure=f"{peaks[small] / 1024:.0f} MB -> {peaks[large] / 1024:.0f} MB",
            ratio=f"{growth:.2f}x",
            budget=f"flat (<= {FLAT_MEMORY:.2f}x)",
            holds=growth <= FLAT_MEMORY,
        )
    )
    return rows
