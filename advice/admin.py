"""Staff edit the advice and the message templates here, with a preview of each."""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from interviews.choices import Reason

from .choices import Purpose
from .models import PLACEHOLDERS, Advice, MessageTemplate
from .rendering import fill_sample


class AdviceForm(forms.ModelForm):
    # The model keeps the reason as free text (advice is not tied to the interviews app's
    # schema); staff pick from the reasons the flow actually asks about.
    reason = forms.ChoiceField(
        choices=[("", "Every reason")] + [(value, label) for value, label in Reason.choices if value],
        required=False,
        help_text="Show this only to someone who gave this reason (on the steps after the “why” question).",
    )

    class Meta:
        model = Advice
        fields = ("stage", "reason", "title", "body", "order", "published", "when_open", "when_closing", "when_closed")


@admin.register(Advice)
class AdviceAdmin(admin.ModelAdmin):
    form = AdviceForm
    list_display = ("title", "stage", "reason", "order", "published", "when_open", "when_closing", "when_closed")
    list_display_links = ("title",)
    list_editable = ("order", "published")
    list_filter = ("stage", "published", "reason", "when_open", "when_closing", "when_closed")
    search_fields = ("title", "body")
    ordering = ("stage", "order", "pk")
    readonly_fields = ("preview", "updated_at")
    fieldsets = [
        (None, {"fields": ("stage", "reason", "title", "body", "order", "published")}),
        (
            "Notice states",
            {
                "fields": ("when_open", "when_closing", "when_closed"),
                "description": "Open: more than 6 hours before the notice deadline. Closing: the last 6 hours "
                "before it. Closed: the deadline has passed (on the outcome step, also after the interview).",
            },
        ),
        ("Preview", {"fields": ("preview", "updated_at")}),
    ]

    @admin.display(description="preview (as last saved)")
    def preview(self, obj: Advice) -> str:
        if obj.pk is None:
            return "Save to see the preview."
        return format_html('<div class="advice-preview">{}</div>', obj.html)


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    change_list_template = "admin/advice/messagetemplate/change_list.html"
    list_display = ("subject", "purpose", "active", "updated_at")
    list_display_links = ("subject",)
    list_editable = ("active",)
    list_filter = ("purpose", "active")
    search_fields = ("subject", "body")
    readonly_fields = ("preview", "updated_at")
    fieldsets = [
        (
            None,
            {
                "fields": ("purpose", "subject", "body", "active"),
                "description": "Placeholders: "
                + ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
                + ". Write {{ or }} for a literal brace.",
            },
        ),
        ("Preview, filled with sample values", {"fields": ("preview", "updated_at")}),
    ]

    @admin.display(description="preview (as last saved)")
    def preview(self, obj: MessageTemplate) -> str:
        if obj.pk is None:
            return "Save to see the preview."
        subject, body = fill_sample(obj)
        return format_html(
            '<p class="template-preview-subject"><strong>Subject:</strong> {}</p>'
            '<pre class="template-preview-body">{}</pre>',
            subject,
            body,
        )

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_all_view)
        return [path("preview/", preview, name="advice_messagetemplate_preview_all"), *super().get_urls()]

    def preview_all_view(self, request):
        """Every purpose with the template the flow drafts from now, filled with sample values."""
        drafts = []
        for purpose in Purpose:
            template = MessageTemplate.objects.for_purpose(purpose)
            subject, body = fill_sample(template) if template else ("", "")
            drafts.append({"purpose": purpose, "template": template, "subject": subject, "body": body})
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "The drafts the flow uses, with sample values",
            "drafts": drafts,
        }
        return TemplateResponse(request, "admin/advice/messagetemplate/preview_all.html", context)
