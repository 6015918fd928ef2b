"""The site's own error pages (config/urls.py names them as Django's handlers).

None of them reads the request body or runs the CSRF check: Django's defaults do
(requires_csrf_token), and a request whose body cannot be parsed then fails again
inside its own error page, a 500. The 500 page renders without the request at all,
so it cannot fail for the reason the view did.
"""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

# What the 400 page says, per reason a request was refused.
BAD_REQUEST_REASONS = {
    "unreadable": "The form data could not be read (an unknown character set or a broken upload). "
    "Reload the page and send the form again.",
    "too_large": "The form you sent is larger than any RainCheck form takes. Shorten the text and send it again.",
    "files": "This page does not take files. Send the form from its page on RainCheck.",
    "other": "The request could not be understood. Reload the page and try again.",
}


def bad_request_page(request, *, reason: str = "other"):
    return render(request, "400.html", {"reason": BAD_REQUEST_REASONS[reason]}, status=400)


def bad_request(request, exception=None):
    return bad_request_page(request)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render())


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: an expired or missing form token, said plainly (Django's reason stays in its log)."""
    return render(request, "403_csrf.html", status=403)
