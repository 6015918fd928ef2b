"""The mailto: and tel: links of the message step."""

import pytest

from interviews import links


def test_the_mailto_link_encodes_subject_and_body_for_a_mail_app():
    url = links.mailto_url(to="sam@acme.example", subject="Our interview & more", body="Dear Sam,\n\nSorry?\nJo")
    assert url == (
        "mailto:sam@acme.example?subject=Our%20interview%20%26%20more&body=Dear%20Sam%2C%0D%0A%0D%0ASorry%3F%0D%0AJo"
    )


def test_the_mailto_link_cannot_be_given_extra_headers_through_the_address():
    url = links.mailto_url(to="sam@acme.example?bcc=x@evil.example", subject="s", body="b")
    assert url.startswith("mailto:sam@acme.example%3Fbcc%3Dx@evil.example?subject=s&body=b")


@pytest.mark.parametrize(
    ("phone", "url"),
    [
        ("+49 (30) 123-4567", "tel:+49301234567"),
        ("030 1234567", "tel:0301234567"),
        ("", ""),
        ("ask reception", ""),
    ],
)
def test_the_phone_number_becomes_a_tel_link(phone, url):
    assert links.tel_url(phone) == url
