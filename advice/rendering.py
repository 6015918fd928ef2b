"""Turning advice Markdown into safe HTML, and message templates into text.

Advice is written by staff, but it is still rendered through a sanitiser: an
admin account can be compromised, and pasted HTML can carry more than it shows.
Markdown passes raw HTML through, so nh3 decides what reaches the page, with a
short list of tags, attributes and URL schemes.

The parser is markdown-it-py (CommonMark), whose cost grows with the length of the
text whatever it holds: Python-Markdown rescanned the rest of the text for every
unclosed "[", so 6,000 of them took 10 seconds. Advice is rendered once per change
anyway (Advice.body_html); pages never render Markdown.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

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


# CommonMark, with raw HTML passed to the sanitiser, no typographer and no linkify.
_markdown = MarkdownIt("commonmark", {"html": True, "xhtmlOut": False})
# Every link becomes a link and nh3 alone judges its URL (one list of schemes, below): a link
# markdown-it refused would stay on the page as its raw text, "javascript:..." included.
_markdown.validateLink = lambda url: True


def render_markdown(text: str) -> SafeString:
    """Markdown to HTML that is safe to put on a page: no script, no on*= handler, no javascript: link."""
    html = _markdown.render(text or "")
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
