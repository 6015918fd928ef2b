"""The second baseline: the same e-mails rendered and sent by Django, with no bookkeeping at all.

Run as its own process (`python -m bench.bare_django IDS_FILE`, EMAIL_URL pointing at
the sink), like send_due_reminders: it reads the reminders with their interviews and
owners (a query per 500), builds each e-mail with interviews.notifications.reminder_email
(the same templates, the .ics included; the e-mail advice read once, as a batch reads it)
and sends it over one SMTP connection. No claim, no check, no record: what delivering the
e-mail costs by itself, so the sweep's ratio to it is the price of "never lost, never doubled".
"""

import os
import sys


def main(path: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.mail import get_connection
    from django.utils import timezone

    from interviews.models import Reminder
    from interviews.notifications import EmailAdvice, reminder_email

    with open(path) as stream:
        ids = [int(line) for line in stream if line.strip()]
    now = timezone.now()
    sent = 0
    advice = EmailAdvice()
    connection = get_connection(fail_silently=False)
    connection.open()
    try:
        for start in range(0, len(ids), 500):
            chunk = Reminder.objects.select_related("interview__owner").filter(pk__in=ids[start : start + 500])
            for reminder in chunk.order_by("pk"):
                sent += connection.send_messages([reminder_email(reminder, now=now, advice=advice)])
    finally:
        connection.close()
    print(f"{sent} sent")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
