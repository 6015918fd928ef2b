"""Advice and template bodies hold under a hostile or careless editor: a human-sized limit, and Markdown
rendered once per change (a page never renders it), by a parser whose cost follows the text's length."""

from unittest import mock

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

import advice.rendering
from advice.models import BODY_MAX_LENGTH, Advice, MessageTemplate
from advice.rendering import render_markdown
from tests.advice.test_admin import advice_form
from tests.factories import InterviewFactory, UserFactory

pytestmark = pytest.mark.django_db

# Each is quadratic (or worse) for a parser that rescans the rest of the text per bracket:
# Python-Markdown took 10 s for 6,000 "[".
HOSTILE_UNITS = ["[", "![", "[](", "[a](", "[x][", "**[", "<a ", "[\n", "*_"]


def hostile(unit: str) -> str:
    return (unit * (BODY_MAX_LENGTH // len(unit) + 1))[:BODY_MAX_LENGTH]


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def count_renders():
    with mock.patch.object(advice.rendering, "render_markdown", wraps=render_markdown) as spy:
        yield spy


def test_the_body_is_rendered_once_when_saved_and_never_by_the_flow_page(client_logged_in, user, count_renders):
    item = Advice.objects.create(stage="attend", title="Hostile", body=hostile("["), order=0)
    assert count_renders.call_count == 1
    interview = InterviewFactory(owner=user)
    step = reverse("interviews:flow_step", args=[interview.pk, "attend"])

    pages = [client_logged_in.get(step) for _ in range(3)]

    assert count_renders.call_count == 1  # three page views, no rendering
    for page in pages:
        assert page.status_code == 200
        assert "[[[[" in page.content.decode()  # the brackets are shown as the text they are
    assert item.body_html.count("[") == BODY_MAX_LENGTH


def test_a_change_of_the_body_renders_it_again(count_renders):
    item = Advice.objects.create(stage="attend", title="Tip", body="**old**", order=0)

    item.body = "**new**"
    item.save(update_fields=["body"])

    assert count_renders.call_count == 2
    assert "<strong>new</strong>" in Advice.objects.get(pk=item.pk).body_html


@pytest.mark.parametrize("unit", HOSTILE_UNITS)
def test_a_hostile_body_of_the_largest_size_renders_as_text(unit):
    html = render_markdown(hostile(unit))

    assert "<script" not in html
    assert html.startswith("<p>") or html.startswith("<ul>") or html.startswith("<ol>")


def test_admin_refuses_an_advice_body_over_the_limit_and_says_so(staff_client):
    item = Advice.objects.create(stage="attend", title="Tip", body="short", order=0)

    response = staff_client.post(
        reverse("admin:advice_advice_change", args=[item.pk]), advice_form(item, body="x" * (BODY_MAX_LENGTH + 1))
    )

    assert response.status_code == 200
    assert "Ensure this value has at most 20000 characters" in response.content.decode()
    assert Advice.objects.get(pk=item.pk).body == "short"


def test_admin_states_the_limit_on_the_form(staff_client):
    html = staff_client.get(reverse("admin:advice_advice_add")).content.decode()

    assert f'maxlength="{BODY_MAX_LENGTH}"' in html
    assert "at most 20,000 characters" in html


def test_the_database_refuses_an_over_long_body_by_any_path():
    with pytest.raises(IntegrityError), transaction.atomic():
        Advice.objects.create(stage="attend", title="Tip", body="x" * (BODY_MAX_LENGTH + 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        MessageTemplate.objects.create(purpose="cancel", subject="Hi", body="x" * (BODY_MAX_LENGTH + 1))
