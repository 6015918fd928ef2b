"""Recompute every stored notice deadline from its interview's own notice period (and replan reminders).

RAINCHECK_NOTICE_HOURS is only the default of new interviews: changing it moves no stored
deadline. Run this after an update of the time zone database (a business-day deadline keeps
its wall-clock time, so a changed daylight-saving rule moves it) or after rows were written
outside the services.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from interviews.services import notice_deadlines_recompute


class Command(BaseCommand):
    help = "Recompute every interview's notice deadline from its own notice period and replan reminders."

    def handle(self, *args, **options):
        changed = notice_deadlines_recompute(now=timezone.now())
        self.stdout.write(f"{changed} interview deadline(s) recomputed from their own notice periods.")
