"""Run after changing RAINCHECK_NOTICE_HOURS: every stored notice deadline follows the new period."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from interviews.services import notice_deadlines_recompute


class Command(BaseCommand):
    help = "Recompute every interview's notice deadline from RAINCHECK_NOTICE_HOURS and replan reminders."

    def handle(self, *args, **options):
        changed = notice_deadlines_recompute(now=timezone.now())
        hours = settings.RAINCHECK_NOTICE_HOURS
        self.stdout.write(f"{changed} interview(s) moved to a {hours}-hour notice period.")
