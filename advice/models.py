"""Advice articles and message templates, edited by staff in admin."""

import string

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils.safestring import SafeString, mark_safe

from .choices import Purpose, Stage

# The longest advice or template body: far more than a person writes for one step (about
# ten pages), and short enough that rendering and filling it stays quick.
BODY_MAX_LENGTH = 20_000


class AdviceQuerySet(models.QuerySet):
    def published(self) -> "AdviceQuerySet":
        return self.filter(published=True)

    def for_step(self, *, stage: str, notice_state: str, reason: str = "") -> "AdviceQuerySet":
        """Published advice of a stage for a notice state ("open", "closing", "closed", "past")."""
        qs = self.published().filter(stage=stage)
        switch = {"open": "when_open", "closing": "when_closing"}.get(notice_state, "when_closed")
        qs = qs.filter(**{switch: True})
        qs = qs.filter(models.Q(reason="") | models.Q(reason=reason))
        return qs.order_by("order", "pk")


class Advice(models.Model):
    stage = models.CharField(max_length=16, choices=Stage.choices)
    reason = models.CharField(
        max_length=24,
        blank=True,
        help_text="Only for this reason (“why” answer); blank for every reason.",
    )
    title = models.CharField(max_length=200)
    body = models.TextField(
        max_length=BODY_MAX_LENGTH,
        help_text=f"Markdown, at most {BODY_MAX_LENGTH:,} characters. HTML is sanitised when shown.",
    )
    # The body rendered and sanitised when it is saved, so no page renders Markdown.
    body_html = models.TextField(editable=False, blank=True)
    order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first.")
    published = models.BooleanField(default=True)
    when_open = models.BooleanField("when the window is open", default=True)
    when_closing = models.BooleanField("when the window is closing", default=True)
    when_closed = models.BooleanField("when the window is closed", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdviceQuerySet.as_manager()

    class Meta:
        ordering = ["stage", "order", "pk"]
        verbose_name_plural = "advice"
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), BODY_MAX_LENGTH), name="advice_body_max_length"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # body_html is a cache of body, so it is written wherever body is (admin, seed, shell).
        from .rendering import render_markdown

        self.body_html = render_markdown(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "body_html"}
        super().save(*args, **kwargs)

    @property
    def html(self) -> SafeString:
        """The body as sanitised HTML, as rendered when it was last saved."""
        return mark_safe(self.body_html)  # noqa: S308 -- sanitised by render_markdown on save


PLACEHOLDERS = ("contact_name", "company", "role", "interview_time", "your_name")


def validate_placeholders(text: str) -> None:
    """Refuse unknown {names} and unbalanced braces, naming the culprit."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as exc:
        raise ValidationError(
            "Unbalanced braces: %(error)s. Write {{ or }} for a literal brace.", params={"error": exc}
        ) from None
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if field not in PLACEHOLDERS:
            raise ValidationError(
                "Unknown placeholder {%(name)s}. Use one of: %(known)s.",
                params={"name": field, "known": ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)},
            )
        if spec or conversion:
            raise ValidationError("Placeholder {%(name)s} takes no format or conversion.", params={"name": field})


class MessageTemplateQuerySet(models.QuerySet):
    def active(self) -> "MessageTemplateQuerySet":
        return self.filter(active=True)

    def for_purpose(self, purpose: str) -> "MessageTemplate | None":
        """The newest active template of a purpose, or None when staff switched them all off."""
        return self.active().filter(purpose=purpose).order_by("-updated_at", "-pk").first()


class MessageTemplate(models.Model):
    purpose = models.CharField(max_length=24, choices=Purpose.choices)
    subject = models.CharField(max_length=200, validators=[validate_placeholders])
    body = models.TextField(
        max_length=BODY_MAX_LENGTH,
        validators=[validate_placeholders],
        help_text=f"At most {BODY_MAX_LENGTH:,} characters. Placeholders: "
        + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS),
    )
    active = models.BooleanField(default=True, help_text="The flow uses the newest active template of a purpose.")
    updated_at = models.DateTimeField(auto_now=True)

    objects = MessageTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["purpose", "-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), BODY_MAX_LENGTH), name="messagetemplate_body_max_length"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.subject}"

    def render(self, values: dict[str, str]) -> tuple[str, str]:
        """The subject and body filled in. Validated templates never raise here."""
        return self.subject.format_map(values), self.body.format_map(values)
