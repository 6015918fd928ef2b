from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone

from .forms import AdminUserChangeForm, AdminUserCreationForm
from .models import User
from .services import user_replan_after_edit


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Users log in with their e-mail address; there is no user name."""

    form = AdminUserChangeForm
    add_form = AdminUserCreationForm
    ordering = ("email",)
    list_display = ("email", "name", "time_zone", "email_verified_at", "reminders_enabled", "is_staff", "date_joined")
    list_filter = (
        ("email_verified_at", admin.EmptyFieldListFilter),
        "reminders_enabled",
        "is_staff",
        "is_superuser",
        "is_active",
    )
    search_fields = ("email", "name")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name", "time_zone", "email_verified_at")}),
        ("Reminders", {"fields": ("reminders_enabled", "reminder_first_hours", "reminder_second_hours")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "name", "time_zone", "password1", "password2"),
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Reminder settings and verification decide the reminders: keep the plan in step with an admin edit.
        if change:
            user_replan_after_edit(user=obj, changed=form.changed_data, now=timezone.now())
