"""Two seeded advice items said "24 hours" where each interview now has its own notice period.

Only rows that still hold the seeded text are reworded: a row staff edited stays as it is.
"""

from django.db import migrations

OLD_TITLE = "Less than 24 hours left: decide now"
NEW_TITLE = "Past the notice deadline: decide now"
OLD_PLAN_START = "Less than 24 hours' notice is not ideal, but asking"
NEW_PLAN_START = "Notice this short is not ideal, but asking"


def reword(apps, schema_editor):
    from advice.rendering import render_markdown

    Advice = apps.get_model("advice", "Advice")
    Advice.objects.filter(stage="attend", title=OLD_TITLE).update(title=NEW_TITLE)
    for item in Advice.objects.filter(stage="plan", title="Past the deadline, ask anyway"):
        if item.body.startswith(OLD_PLAN_START):
            item.body = NEW_PLAN_START + item.body[len(OLD_PLAN_START) :]
            item.body_html = render_markdown(item.body)
            item.save(update_fields=["body", "body_html"])


class Migration(migrations.Migration):
    dependencies = [("advice", "0004_honest_drafts_and_advice_where_it_decides")]

    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
