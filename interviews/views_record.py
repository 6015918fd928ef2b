"""The user's record: statistics, proof of notice, export and import. Thin: read or call a service, render."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from .statistics import record_statistics


@login_required
@require_http_methods(["GET", "HEAD"])
def statistics(request):
    stats = record_statistics(user=request.user, now=timezone.now())
    return render(request, "interviews/record/statistics.html", {"stats": stats})
