"""A hostile contact address cannot turn the interview page's mailto: link into more recipients or headers."""

import re
from html import unescape
from urllib.parse import unquote

import pytest
from django.urls import reverse

from interviews.templatetags.interview_tags import mailto_link
from tests.factories import InterviewFactory

pytestmark = pytest.mark.django_db

HOSTILE = "a?bcc=evil@evil.example"


def mailto_links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="(mailto:[^"]*)"', html)]


def test_a_hostile_contact_address_stays_one_recipient_on_the_interview_page(client_logged_in, user):
    interview = InterviewFactory(owner=user, contact_email=HOSTILE)

    html = client_logged_in.get(reverse("interviews:detail", args=[interview.pk])).content.decode()

    (link,) = mailto_links(html)
    # RFC 6068: everything after the first "?" is headers. There is none, and the one
    # address, decoded, is the contact's as typed.
    assert "?" not in link and "&" not in link
    assert unquote(link.removeprefix("mailto:")) == HOSTILE
    assert "bcc=" not in link.lower()


@pytest.mark.parametrize("address", ["sam@acme.example,evil@evil.example", "sam@acme.example&cc=evil@evil.example"])
def test_no_separator_in_the_address_reaches_the_link_raw(client_logged_in, user, address):
    interview = InterviewFactory.build(owner=user)
    interview.contact_email = address
    link = mailto_link(interview)

    assert "," not in link and "&" not in link and "?" not in link
    assert unquote(link.removeprefix("mailto:")) == address
