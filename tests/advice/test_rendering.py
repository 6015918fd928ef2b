"""Advice Markdown reaches the page sanitised; templates fill without surprises."""

import pytest

from advice.models import PLACEHOLDERS, MessageTemplate
from advice.rendering import SAMPLE_VALUES, fill_message, fill_sample, render_markdown


def test_markdown_becomes_html():
    html = render_markdown("**Call them** now.\n\n- one\n- two")
    assert "<strong>Call them</strong>" in html
    assert "<li>one</li>" in html


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("Hi <script>alert('x')</script> there", "<script"),
        ("Hi <script>alert('x')</script> there", "alert("),
        ('<img src="x" onerror="alert(1)">', "onerror"),
        ('<a href="#" onclick="alert(1)">x</a>', "onclick"),
        ("[click](javascript:alert(1))", "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "alert(1)"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ("<style>body{display:none}</style>", "<style"),
        ('<p style="position:fixed">x</p>', "style="),
        ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:"),
    ],
)
def test_dangerous_html_never_survives(markdown, forbidden):
    assert forbidden.lower() not in render_markdown(markdown).lower()


def test_ordinary_links_are_kept_and_marked_as_external():
    html = render_markdown("[the guide](https://example.org/guide)")
    assert 'href="https://example.org/guide"' in html
    assert "noopener" in html


def test_the_sample_values_cover_every_placeholder():
    assert set(SAMPLE_VALUES) == set(PLACEHOLDERS)


def test_a_template_fills_with_sample_values():
    template = MessageTemplate(purpose="cancel", subject="About {role}", body="Dear {contact_name},\n{your_name}")
    assert fill_sample(template) == ("About Product Designer", "Dear Alex Morgan,\nJo Seeker")


def test_a_broken_template_that_slipped_past_admin_shows_as_written_instead_of_failing():
    template = MessageTemplate(purpose="cancel", subject="Hi {nope}", body="Dear {contact_name")
    assert fill_message(template, SAMPLE_VALUES) == ("Hi {nope}", "Dear {contact_name")


# --- A message's values ---------------------------------------------------------------------


def test_message_values_fill_every_placeholder():
    from advice.rendering import message_values

    values = message_values(
        contact_name="Sam Hiring", company="Acme", role="Engineer", interview_time="Monday 7 January", your_name="Jo"
    )
    assert values == {
        "contact_name": "Sam Hiring",
        "company": "Acme",
        "role": "Engineer",
        "interview_time": "Monday 7 January",
        "your_name": "Jo",
    }
    assert set(values) == set(PLACEHOLDERS)


def test_blank_contact_and_role_still_read_well():
    from advice.rendering import message_values

    values = message_values(contact_name=" ", company="Acme", role="", interview_time="x", your_name="Jo")
    assert values["contact_name"] == "Hiring Team"
    assert values["role"] == "advertised"
