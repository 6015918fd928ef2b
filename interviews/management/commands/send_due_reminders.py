"""Send due reminders in this process: the same sweep as beat's, for deployments that use cron."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from interviews.delivery import DeliveryCounts, reminders_send_batch, reminders_sweep


class Command(BaseCommand):
    help = "Select, claim and send the due reminder e-mails in batches, then record the sweep (run it from cron)."

    def handle(self, *args, **options):
        counts = DeliveryCounts()

        def send_inline(ids: list[int]) -> None:
            nonlocal counts
            counts += reminders_send_batch(ids)

        due = reminders_sweep(timezone.now(), enqueue=send_inline)
        self.stdout.write(
            f"{due} due: {counts.sent} sent, {counts.skipped} skipped, {counts.failed} failed"
            f" ({counts.not_claimed} taken by another worker or no longer due)"
        )
