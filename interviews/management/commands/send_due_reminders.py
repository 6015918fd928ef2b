"""Send due reminders in this process: the same sweep as beat's, for deployments that use cron."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from interviews.delivery import DeliveryCounts, reminders_send_batch, reminders_sweep

# A batch hands back what it could not send within its lease; cron's next run may be a minute
# or more away, so the command sweeps again at once, while the passes still send something.
MAX_PASSES = 20


class Command(BaseCommand):
    help = "Select, claim and send the due reminder e-mails in batches, then record the sweep (run it from cron)."

    def handle(self, *args, **options):
        counts = DeliveryCounts()

        def send_inline(ids: list[int]) -> None:
            nonlocal counts
            counts += reminders_send_batch(ids)

        due = None
        for _ in range(MAX_PASSES):
            before = (counts.sent, counts.skipped, counts.failed, counts.left)
            swept = reminders_sweep(timezone.now(), enqueue=send_inline)
            due = swept if due is None else due
            handed_back = counts.left - before[3]
            progressed = (counts.sent, counts.skipped, counts.failed) != before[:3]
            if not handed_back or not progressed:
                break
        self.stdout.write(
            f"{due} due: {counts.sent} sent, {counts.skipped} skipped, {counts.failed} failed"
            f" ({counts.not_claimed} taken by another worker or no longer due)"
        )
