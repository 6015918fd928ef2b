"""Two guards around every view: request bodies Django cannot read, and caching of private pages.

RequestBodyMiddleware sits before the CSRF check, which is the first thing to read a
POST body: a body in an unknown or non-UTF-8 charset, a malformed multipart body, or
one over DATA_UPLOAD_MAX_MEMORY_SIZE would otherwise raise there (a 500 with a
traceback in the log, because Django's own 400 handler runs the CSRF check again and
meets the same body). Here it gets the site's 400 page and one log line. A file in a
multipart body is refused at its first byte where the view takes no file
(accepts_file_uploads), so nobody can make the server spool uploads to disk for a form
that has no file field; multipart without a file (as some clients send any form) is read
as usual.

PrivatePagesMiddleware marks every page served to a logged-in user as private and not to
be stored (Cache-Control), so a shared cache or another person's back button never shows
someone's interviews. Token pages (sign-up, verification, unsubscribe, password reset, snooze)
are marked by their views with never_cache.
"""

import logging

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.core.files.uploadhandler import FileUploadHandler
from django.http.multipartparser import MultiPartParserError
from django.utils.cache import add_never_cache_headers

from .errors import bad_request_page

log = logging.getLogger("raincheck.security")


def accepts_file_uploads(view):
    """Mark a view whose form takes a file: only such views accept multipart/form-data."""
    view.accepts_file_uploads = True
    return view


class FileRefused(MultiPartParserError):
    """A multipart body carried a file to a view that takes none."""


class RefuseFilesUploadHandler(FileUploadHandler):
    """The upload handler of views that take no file: the first file part ends the parse."""

    def new_file(self, *args, **kwargs):
        raise FileRefused("this page takes no file")

    def receive_data_chunk(self, raw_data, start):  # never reached: new_file refuses first
        raise FileRefused("this page takes no file")

    def file_complete(self, file_size):
        return None


class RequestBodyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        if request.content_type == "multipart/form-data" and not getattr(view_func, "accepts_file_uploads", False):
            request.upload_handlers = [RefuseFilesUploadHandler(request)]
        try:
            # Parse now, once: the CSRF check and the view read the parsed result.
            request.POST  # noqa: B018
            request.FILES  # noqa: B018
        except (BadRequest, SuspiciousOperation, MultiPartParserError, LookupError, UnicodeDecodeError) as exc:
            # The type only: no traceback, no body, no header (they are the attacker's words).
            log.warning("request body could not be read: %s", type(exc).__name__)
            return bad_request_page(request, reason=_reason(exc))
        return None


def _reason(exc: Exception) -> str:
    if isinstance(exc, FileRefused):
        return "files"
    if type(exc).__name__ in {"RequestDataTooBig", "TooManyFieldsSent", "TooManyFilesSent"}:
        return "too_large"
    return "unreadable"


class PrivatePagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
