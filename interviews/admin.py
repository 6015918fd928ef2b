from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

from accounts.time_zones import TimeZoneField

from .choices import NoticeState
from .delivery import RetryNow, reminder_retry_now, reminders_being_sent
from .models import CLOSING_WINDOW, Interview, InterviewEvent, Reminder
from .services import EDITABLE_FIELDS, interview_delete, interview_time_validate, interview_update


class NoticeStateFilter(admin.SimpleListFilter):
    """The notice state is derived from the clock, so the filter computes it from the stored times."""

    title = "notice state"
    parameter_name = "notice_state"

    def lookups(self, request, model_admin):
        return [(state.value, state.value.capitalize()) for state in NoticeState]

    def queryset(self, request, queryset):
        now = timezone.now()
        value = self.value()
        if value == NoticeState.OPEN:
            return queryset.filter(notice_deadline__gt=now + CLOSING_WINDOW)
        if value == NoticeState.CLOSING:
            return queryset.filter(notice_deadline__gt=now, notice_deadline__lte=now + CLOSING_WINDOW)
        if value == NoticeState.CLOSED:
            return queryset.filter(notice_deadline__lte=now, scheduled_at__gt=now)
        if value == NoticeState.PAST:
            return queryset.filter(scheduled_at__lte=now)
        return queryset


class InterviewEventInline(admin.TabularInline):
    """The history is append-only: shown, never edited here."""

    model = InterviewEvent
    fields = ("at", "kind", "summary", "data")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("at", "pk")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class InterviewAdminForm(forms.ModelForm):
    """The service's rules, checked while the form can still show them (save_model then calls the service)."""

    time_zone = TimeZoneField()

    class Meta:
        model = Interview
        fields = EDITABLE_FIELDS

    def clean(self):
        cleaned = super().clean()
        if "scheduled_at" in self.changed_data and cleaned.get("scheduled_at") is not None:
            try:
                interview_time_validate(
                    scheduled_at=cleaned["scheduled_at"], now=timezone.now(), moving_from=self.instance.scheduled_at
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    form = InterviewAdminForm
    list_display = ("company", "role", "owner", "scheduled_at", "status", "notice_deadline", "notice_state_display")
    list_filter = ("status", NoticeStateFilter)
    search_fields = ("company", "role", "owner__email")
    list_select_related = ("owner",)
    date_hierarchy = "scheduled_at"
    ordering = ("-scheduled_at",)
    inlines = [InterviewEventInline]
    # Only the details a user could edit on the form are editable here; the decision,
    # notice and status change through the flow's services, and the deadline follows the time.
    readonly_fields = (
        "owner",
        "notice_deadline",
        "status",
        "attendance",
        "reason",
        "plan",
        "notice_given_at",
        "notice_channel",
        "notice_hours",
        "notice_late",
        "created_at",
        "updated_at",
    )
    fieldsets = [
        (None, {"fields": ("owner", "company", "role", "status")}),
        ("Time", {"fields": ("scheduled_at", "time_zone", "duration_minutes", "notice_deadline")}),
        ("Where and who", {"fields": ("location", "contact_name", "contact_email", "contact_phone", "notes")}),
        (
            "Decision and notice",
            {
                "fields": (
                    "attendance",
                    "reason",
                    "plan",
                    "notice_given_at",
                    "notice_channel",
                    "notice_hours",
                    "notice_late",
                )
            },
        ),
        ("Record", {"fields": ("created_at", "updated_at")}),
    ]

    @admin.display(description="notice state")
    def notice_state_display(self, obj: Interview) -> str:
        return obj.notice_state(timezone.now()).value

    def has_add_permission(self, request):
        # Interviews are their owners' own: users add them in the app.
        return False

    def save_model(self, request, obj, form, change):
        # Through the service, so the deadline, the history and the reminders follow.
        current = Interview.objects.select_related("owner").get(pk=obj.pk)
        changed = {name: form.cleaned_data[name] for name in form.changed_data if name in EDITABLE_FIELDS}
        updated = interview_update(interview=current, now=timezone.now(), **changed)
        obj.notice_deadline = updated.notice_deadline

    def delete_model(self, request, obj):
        interview_delete(interview=obj)

    def delete_queryset(self, request, queryset):
        for interview in queryset:
            interview_delete(interview=interview)


# --- Reminders ------------------------------------------------------------------------


class ReminderStatusFilter(admin.SimpleListFilter):
    """Where a reminder stands: waiting to be sent, or done one way or the other."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("pending", "Pending"),
            ("retrying", "Retrying after a failure"),
            ("sent", "Sent"),
            ("skipped", "Skipped"),
            ("failed", "Failed"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "pending":
            return queryset.pending()
        if value == "retrying":
            return queryset.pending().filter(attempts__gt=0)
        if value == "sent":
            return queryset.filter(sent_at__isnull=False)
        if value == "skipped":
            return queryset.filter(skipped_at__isnull=False)
        if value == "failed":
            return queryset.filter(failed_at__isnull=False)
        return queryset


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Reminders are the delivery pipeline's rows: staff watch them and retry failed ones, nothing else."""

    list_display = (
        "id",
        "interview",
        "owner_email",
        "kind",
        "due_at",
        "status_display",
        "attempts",
        "last_error_short",
        "next_try",
    )
    list_filter = (ReminderStatusFilter, "kind")
    list_select_related = ("interview__owner",)
    search_fields = ("interview__company", "interview__owner__email")
    ordering = ("-due_at", "-pk")
    date_hierarchy = "due_at"
    actions = ["retry_now"]
    fields = (
        "interview",
        "owner_email",
        "kind",
        "due_at",
        "status_display",
        "claimed_at",
        "next_attempt_at",
        "attempts",
        "last_error",
        "sent_at",
        "skipped_at",
        "skip_reason",
        "failed_at",
        "created_at",
    )
    # Every column is the pipeline's state: read-only; "retry now" is the one change staff make.
    readonly_fields = fields

    @admin.display(description="owner", ordering="interview__owner__email")
    def owner_email(self, obj: Reminder) -> str:
        return obj.interview.owner.email

    def get_queryset(self, request):
        # Which rows a worker holds right now, by the database's clock (the one claims use).
        being_sent = reminders_being_sent(Reminder.objects.all()).values("pk")
        return super().get_queryset(request).annotate(being_sent=Q(pk__in=being_sent))

    @admin.display(description="status")
    def status_display(self, obj: Reminder) -> str:
        if obj.sent_at:
            return "sent"
        if obj.skipped_at:
            return f"skipped ({obj.skip_reason})"
        if obj.failed_at:
            return "failed"
        if getattr(obj, "being_sent", False):
            return "being sent"
        if obj.attempts:
            return f"pending (retrying after {obj.attempts} failed attempt{'s' if obj.attempts > 1 else ''})"
        return "pending"

    @admin.display(description="last error")
    def last_error_short(self, obj: Reminder) -> str:
        return obj.last_error[:80]

    @admin.display(description="next try", ordering="next_attempt_at")
    def next_try(self, obj: Reminder):
        done = obj.sent_at or obj.skipped_at or obj.failed_at
        return obj.next_attempt_at if obj.next_attempt_at and not done else "-"

    @admin.action(description="Retry now (on the next sweep)", permissions=["change"])
    def retry_now(self, request, queryset):
        outcomes = Counter(reminder_retry_now(reminder) for reminder in queryset)
        if outcomes[RetryNow.QUEUED]:
            self.message_user(
                request, f"{outcomes[RetryNow.QUEUED]} reminder(s) will be retried on the next sweep.", messages.SUCCESS
            )
        if outcomes[RetryNow.BEING_SENT]:
            self.message_user(
                request,
                f"{outcomes[RetryNow.BEING_SENT]} being sent right now by a worker: left alone "
                "(retrying it now could send it twice). Look again in a few minutes.",
                messages.WARNING,
            )
        if outcomes[RetryNow.DONE]:
            self.message_user(
                request, f"{outcomes[RetryNow.DONE]} already sent or skipped: left as they are.", messages.WARNING
            )

    def has_add_permission(self, request):
        # The planner creates reminders; by hand they would bypass it.
        return False
