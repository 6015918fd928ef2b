"""The product's URLs plus one bench-only page: the yardstick for the pages' ratios.

The bare page is what every logged-in page costs at least: the log-in check (the
session and the user, two queries), the middleware, and base.html with nothing in
its content block. A page within 2x of it spends no more on its own content than
Django spends on any page.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_http_methods

from config.urls import urlpatterns as product_urlpatterns

BARE_TEMPLATE = engines["django"].from_string('{% extends "base.html" %}{% block title %}Bare page{% endblock %}')


@login_required
@require_http_methods(["GET", "HEAD"])
def bare_page(request):
    return HttpResponse(BARE_TEMPLATE.render({}, request))


urlpatterns = [path("bench/bare/", bare_page, name="bench_bare"), *product_urlpatterns]
