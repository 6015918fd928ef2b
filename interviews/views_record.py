"""The user's record: statistics, proof of notice, export and import. Thin: read or call a service, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from config.middleware import accepts_file_uploads

from .exports import export_csv, export_json
from .forms_record import ImportForm, ReportPeriodForm
from .imports import Row, UploadError, import_preview, import_rows, parse_upload
from .notice_report import Period, notice_entries, report_csv
from .statistics import record_statistics
from .views import owned_interview

# Where the rows of an uploaded file wait for the user's confirmation (never re-uploaded).
PENDING_IMPORT = "pending_import"


def _download(chunks, *, filename: str, content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "HEAD"])
def statistics(request):
    stats = record_statistics(user=request.user, now=timezone.now())
    return render(request, "interviews/record/statistics.html", {"stats": stats})


# --- Proof of notice ------------------------------------------------------------------


def _period(request) -> tuple[ReportPeriodForm, Period | None]:
    form = ReportPeriodForm(request.GET or None)
    if not form.is_bound:
        return form, Period()
    if not form.is_valid():
        return form, None
    return form, Period(start=form.cleaned_data["start"], end=form.cleaned_data["end"])


@login_required
@require_http_methods(["GET", "HEAD"])
def notice_report(request):
    form, period = _period(request)
    entries = notice_entries(user=request.user, period=period) if period is not None else []
    return render(
        request,
        "interviews/record/notice_report.html",
        {"form": form, "period": period, "entries": entries, "interview": None, "query": request.GET.urlencode()},
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def notice_report_csv(request):
    form, period = _period(request)
    if period is None:
        messages.error(request, "Check the dates of the period.")
        return redirect("interviews:notice_report")
    entries = notice_entries(user=request.user, period=period)
    return _download(
        report_csv(entries, zone_name=request.user.time_zone),
        filename="raincheck-proof-of-notice.csv",
        content_type="text/csv; charset=utf-8",
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def interview_notice_report(request, pk: int):
    interview = owned_interview(request, pk)
    return render(
        request,
        "interviews/record/notice_report.html",
        {
            "interview": interview,
            "events": interview.events.all(),
            "entries": notice_entries(user=request.user, interview=interview),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def interview_notice_report_csv(request, pk: int):
    interview = owned_interview(request, pk)
    entries = notice_entries(user=request.user, interview=interview)
    return _download(
        report_csv(entries, zone_name=request.user.time_zone),
        filename=f"raincheck-proof-of-notice-{interview.pk}.csv",
        content_type="text/csv; charset=utf-8",
    )


# --- Export ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "HEAD"])
def export_record_json(request):
    now = timezone.now()
    return _download(
        export_json(user=request.user, now=now),
        filename=f"raincheck-{now:%Y-%m-%d}.json",
        content_type="application/json; charset=utf-8",
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def export_record_csv(request):
    return _download(
        export_csv(user=request.user),
        filename=f"raincheck-interviews-{timezone.now():%Y-%m-%d}.csv",
        content_type="text/csv; charset=utf-8",
    )


# --- Import ---------------------------------------------------------------------------


def _pending_rows(request) -> list[Row] | None:
    pending = request.session.get(PENDING_IMPORT)
    if not isinstance(pending, dict) or pending.get("user") != request.user.pk:
        return None
    try:
        return [Row.from_dict(row) for row in pending["rows"]]
    except (KeyError, TypeError):
        return None


@accepts_file_uploads
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request):
    """Upload a file: its rows are checked (nothing saved) and wait in the session for "Import"."""
    form = ImportForm(request.POST or None, request.FILES or None)
    preview, filename = None, ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        filename = upload.name[:100]
        try:
            rows = parse_upload(upload.name, upload.read())
        except UploadError as error:
            form.add_error("file", str(error))
        else:
            preview = import_preview(owner=request.user, rows=rows, now=timezone.now())
            if preview.can_import:
                request.session[PENDING_IMPORT] = {
                    "user": request.user.pk,
                    "filename": filename,
                    "rows": [row.as_dict() for row in preview.new],
                }
            else:
                request.session.pop(PENDING_IMPORT, None)
    elif request.method == "GET":
        pending = _pending_rows(request)
        if pending is not None:
            preview = import_preview(owner=request.user, rows=pending, now=timezone.now())
            filename = request.session[PENDING_IMPORT].get("filename", "")
    return render(request, "interviews/record/import.html", {"form": form, "preview": preview, "filename": filename})


@login_required
@require_POST
def import_confirm(request):
    rows = _pending_rows(request)
    if "cancel" in request.POST:
        request.session.pop(PENDING_IMPORT, None)
        messages.info(request, "Nothing was imported.")
        return redirect("interviews:record_import")
    if rows is None:
        messages.warning(request, "There is nothing waiting to be imported: choose a file first.")
        return redirect("interviews:record_import")
    result = import_rows(owner=request.user, rows=rows, now=timezone.now())
    if result.errors:
        # Something changed since the preview (an interview's time passed, another tab imported): nothing saved.
        return render(
            request,
            "interviews/record/import.html",
            {"form": ImportForm(), "preview": result, "filename": request.session[PENDING_IMPORT].get("filename")},
        )
    request.session.pop(PENDING_IMPORT, None)
    count = len(result.new)
    messages.success(request, f"Imported {count} interview{'s' if count != 1 else ''}.")
    return redirect("interviews:dashboard")
