"""The seeded advice and message templates, in RainCheck's own words.

seed_content() is called by the data migration, and by tests after a flush
(transactional tests and the live server empty the tables). It only adds what
is missing, so running it twice changes nothing.
"""

ADVICE: list[dict] = []
TEMPLATES: list[dict] = []


def seed_content(apps=None) -> None:
    if apps is None:
        from advice.models import Advice, MessageTemplate
    else:
        Advice = apps.get_model("advice", "Advice")
        MessageTemplate = apps.get_model("advice", "MessageTemplate")
    for item in ADVICE:
        Advice.objects.get_or_create(stage=item["stage"], title=item["title"], defaults=item)
    for item in TEMPLATES:
        MessageTemplate.objects.get_or_create(purpose=item["purpose"], subject=item["subject"], defaults=item)
