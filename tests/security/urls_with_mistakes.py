"""The project's URLconf plus the mistakes the URLconf walks must catch (used by test_walks_catch_mistakes.py).

Each view here is wrong on purpose: one forgets owner scoping, one is exempted from
CSRF, one takes an argument the security tests have no sample values for.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from config.urls import urlpatterns as project_urlpatterns
from interviews.models import Interview


def peek(request, pk: int):
    """Forgets Interview.objects.owned_by(request.user)."""
    return HttpResponse(get_object_or_404(Interview, pk=pk).company)


@csrf_exempt
def ping(request):
    return HttpResponse("pong")


def share(request, pk: int, nonce: str):
    return HttpResponse("shared")


unscoped = [path("interviews/<int:pk>/peek/", peek, name="peek")]
exempt = [path("ping/", ping, name="ping")]
unknown_argument = [path("interviews/<int:pk>/share/<slug:nonce>/", share, name="share")]

urlpatterns = [*project_urlpatterns, *unscoped, *exempt, *unknown_argument]
