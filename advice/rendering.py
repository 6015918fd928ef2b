"""Turning advice Markdown into safe HTML, and message templates into text.

Advice is written by staff, but it is still rendered through a sanitiser: an
admin account can be compromised, and pasted HTML can carry more than it shows.
Markdown passes raw HTML through, so nh3 decides what reaches the page, with a
short list of tags, attributes and URL schemes.
"""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

from .models import MessageTemplate

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
# No javascript:, data: or vbscript:; nh3 drops an href whose scheme is not listed.
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML that is safe to put on a page: no script, no on*= handler, no javascript: link."""
    html = markdown.markdown(text or "", extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 -- nh3 has just sanitised it


# What the admin preview fills a template with: one value for each of models.PLACEHOLDERS.
SAMPLE_VALUES = {
    "contact_name": "Alex Morgan",
    "company": "Example Ltd",
    "role": "Product Designer",
    "interview_time": "Tuesday 14 May 2030 at 10:00 (CEST)",
    "your_name": "Jo Seeker",
}


def message_values(
    *, contact_name: str, company: str, role: str, interview_time: str, your_name: str
) -> dict[str, str]:
    """The placeholder values of a message, with wording that reads well when a field is blank."""
    return {
        "contact_name": contact_name.strip() or "Hiring Team",
        "company": company.strip(),
        "role": role.strip() or "advertised",
        "interview_time": interview_time,
        "your_name": your_name.strip(),
    }


def fill_message(template: MessageTemplate, values: dict[str, str]) -> tuple[str, str]:
    """The subject and body of a template with the values in.

    Admin refuses a broken template, but one could still arrive by another way
    (a shell, a fixture); then the user gets the text as written rather than an error page.
    """
    try:
        return template.render(values)
    except (KeyError, ValueError, IndexError, AttributeError):
        return template.subject, template.body


def fill_sample(template: MessageTemplate) -> tuple[str, str]:
    return fill_message(template, SAMPLE_VALUES)
