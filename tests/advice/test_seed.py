"""The seeded advice and templates: every stage, every purpose, every reason, idempotent."""

import importlib

import pytest
from django.apps import apps as django_apps

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


# --- The second edition's data migration: rewords what staff left alone, keeps their edits ----------

REVISION = importlib.import_module("advice.migrations.0004_honest_drafts_and_advice_where_it_decides")


def _revise() -> None:
    REVISION.revise(django_apps, None)


def _as_first_seeded() -> None:
    """The database as 0002 left it before this edition: the old texts, none of the new items."""
    for (stage, title), before in REVISION.PREVIOUS_ADVICE.items():
        # body_html as 0003 rendered it from the old text: anything but the new text's.
        Advice.objects.filter(stage=stage, title=title).update(**before, body_html="<p>as rendered before</p>")
    for purpose, before in REVISION.PREVIOUS_TEMPLATES.items():
        MessageTemplate.objects.filter(purpose=purpose).update(**before)
    for stage, title in REVISION.NEW_ADVICE:
        Advice.objects.filter(stage=stage, title=title).delete()
    MessageTemplate.objects.filter(purpose__in=REVISION.NEW_PURPOSES).delete()


def test_the_revision_brings_untouched_seeded_content_to_the_new_text():
    _as_first_seeded()
    _revise()
    late = MessageTemplate.objects.for_purpose(Purpose.LATE_RESCHEDULE)
    assert "emergency" not in (late.subject + late.body).lower()
    assert "could not move" in late.body
    assert "withdraw" not in MessageTemplate.objects.for_purpose(Purpose.CANCEL).body
    call_now = Advice.objects.get(title="Call them now: a phone call beats an e-mail")
    assert "people understand" in call_now.body
    assert "people understand" in call_now.html  # what the page shows, rendered with the new text
    assert "<strong>free, real practice</strong>" in Advice.objects.get(title__startswith="Real practice").html
    assert Advice.objects.get(title="No answer after three days? Follow up once").stage == Stage.FOLLOW_UP
    for purpose in REVISION.NEW_PURPOSES:
        assert MessageTemplate.objects.for_purpose(purpose) is not None, purpose
    assert (Advice.objects.count(), MessageTemplate.objects.count()) == (len(ADVICE), len(TEMPLATES))


def test_the_revision_keeps_what_staff_edited():
    _as_first_seeded()
    MessageTemplate.objects.filter(purpose=Purpose.LATE_RESCHEDULE).update(body="Our own words, {your_name}.")
    Advice.objects.filter(title="Call them now: a phone call beats an e-mail").update(body="Staff wrote this.")
    _revise()
    assert MessageTemplate.objects.for_purpose(Purpose.LATE_RESCHEDULE).body == "Our own words, {your_name}."
    assert MessageTemplate.objects.filter(purpose=Purpose.LATE_RESCHEDULE).count() == 1
    assert Advice.objects.get(title="Call them now: a phone call beats an e-mail").body == "Staff wrote this."


def test_the_revision_run_twice_changes_nothing():
    _as_first_seeded()
    _revise()
    snapshot = (
        sorted(Advice.objects.values_list("stage", "title", "body")),
        sorted(MessageTemplate.objects.values_list("purpose", "subject", "body")),
    )
    _revise()
    assert snapshot == (
        sorted(Advice.objects.values_list("stage", "title", "body")),
        sorted(MessageTemplate.objects.values_list("purpose", "subject", "body")),
    )


def test_seeding_never_adds_a_second_template_for_a_purpose_staff_rewrote():
    MessageTemplate.objects.filter(purpose=Purpose.CANCEL).update(subject="Staff subject {company}")
    seed_content()
    assert MessageTemplate.objects.filter(purpose=Purpose.CANCEL).count() == 1
