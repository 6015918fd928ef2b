"""The seeded advice and templates: every stage, every purpose, every reason, idempotent."""

import pytest

from advice.choices import Purpose, Stage
from advice.models import Advice, MessageTemplate, validate_placeholders
from advice.seed import ADVICE, TEMPLATES, seed_content
from interviews.choices import Reason

pytestmark = pytest.mark.django_db


def test_every_stage_has_published_advice_for_every_notice_state():
    for stage in Stage.values:
        for state in ("open", "closing", "closed", "past"):
            assert Advice.objects.for_step(stage=stage, notice_state=state).exists(), (stage, state)


def test_every_reason_has_its_own_advice():
    for reason in Reason.values:
        if reason:
            assert Advice.objects.published().filter(reason=reason).exists(), reason


def test_a_closed_window_gets_different_advice_than_an_open_one():
    for stage in ("attend", "rather_not", "message"):
        open_titles = set(Advice.objects.for_step(stage=stage, notice_state="open").values_list("title", flat=True))
        closed_titles = set(Advice.objects.for_step(stage=stage, notice_state="closed").values_list("title", flat=True))
        assert open_titles != closed_titles, stage
    closed_message = Advice.objects.for_step(stage="message", notice_state="closed").values_list("title", flat=True)
    assert "Call them now: a phone call beats an e-mail" in closed_message


def test_every_purpose_has_one_active_valid_template():
    for purpose in Purpose.values:
        template = MessageTemplate.objects.for_purpose(purpose)
        assert template is not None, purpose
        template.full_clean()
        assert MessageTemplate.objects.filter(purpose=purpose, active=True).count() == 1


def test_seed_templates_use_only_known_placeholders():
    for item in TEMPLATES:
        validate_placeholders(item["subject"])
        validate_placeholders(item["body"])


def test_seeding_twice_changes_nothing():
    before = (Advice.objects.count(), MessageTemplate.objects.count())
    seed_content()
    assert (Advice.objects.count(), MessageTemplate.objects.count()) == before == (len(ADVICE), len(TEMPLATES))


def test_seeding_after_a_flush_restores_everything():
    Advice.objects.all().delete()
    MessageTemplate.objects.all().delete()
    seed_content()
    assert Advice.objects.count() == len(ADVICE)
    assert MessageTemplate.objects.count() == len(TEMPLATES)


def test_seeding_keeps_a_staff_edit():
    advice = Advice.objects.get(title="Going is usually worth it")
    advice.body = "Edited by staff."
    advice.save()
    seed_content()
    advice.refresh_from_db()
    assert advice.body == "Edited by staff."
