"""The flow's advice and templates are read once and kept, until staff change them."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from advice.choices import Purpose, Stage
from advice.models import Advice, MessageTemplate
from advice.selectors import advice_for_step, message_template_for

pytestmark = pytest.mark.django_db


def titles(items) -> list[str]:
    return [item.title for item in items]


def test_a_steps_advice_is_read_from_the_database_once():
    advice_for_step(stage=Stage.ATTEND, notice_state="open")

    with CaptureQueriesContext(connection) as queries:
        again = advice_for_step(stage=Stage.ATTEND, notice_state="open")

    assert len(queries) == 0
    assert titles(again) == titles(Advice.objects.for_step(stage=Stage.ATTEND, notice_state="open"))


def test_advice_edited_by_staff_shows_at_once():
    advice_for_step(stage=Stage.ATTEND, notice_state="open")
    item = Advice.objects.for_step(stage=Stage.ATTEND, notice_state="open").first()
    item.title = "Go anyway: it is free practice"
    item.save()

    assert "Go anyway: it is free practice" in titles(advice_for_step(stage=Stage.ATTEND, notice_state="open"))


def test_advice_unpublished_or_deleted_by_staff_is_gone_at_once():
    first, second = Advice.objects.for_step(stage=Stage.ATTEND, notice_state="open")[:2]
    advice_for_step(stage=Stage.ATTEND, notice_state="open")
    first.published = False
    first.save()
    second.delete()

    shown = titles(advice_for_step(stage=Stage.ATTEND, notice_state="open"))

    assert first.title not in shown
    assert second.title not in shown


def test_each_notice_state_and_reason_has_its_own_advice():
    Advice.objects.create(stage=Stage.PLAN, reason="work", title="Only for work", body="x", when_open=False)

    assert "Only for work" in titles(advice_for_step(stage=Stage.PLAN, notice_state="closed", reason="work"))
    assert "Only for work" not in titles(advice_for_step(stage=Stage.PLAN, notice_state="closed", reason="family"))
    assert "Only for work" not in titles(advice_for_step(stage=Stage.PLAN, notice_state="open", reason="work"))


def test_a_template_edited_or_switched_off_by_staff_shows_at_once():
    template = message_template_for(Purpose.RESCHEDULE_REQUEST)
    template.subject = "Could we find another time?"
    template.save()
    assert message_template_for(Purpose.RESCHEDULE_REQUEST).subject == "Could we find another time?"

    for each in MessageTemplate.objects.filter(purpose=Purpose.RESCHEDULE_REQUEST):
        each.active = False
        each.save()

    assert message_template_for(Purpose.RESCHEDULE_REQUEST) is None


def test_no_template_is_remembered_too():
    MessageTemplate.objects.filter(purpose=Purpose.WITHDRAW).delete()
    assert message_template_for(Purpose.WITHDRAW) is None

    with CaptureQueriesContext(connection) as queries:
        assert message_template_for(Purpose.WITHDRAW) is None

    assert len(queries) == 0
