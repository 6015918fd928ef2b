"""A stable key per interview for export and import: added empty, filled one by one, then made unique."""

import uuid

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    Interview = apps.get_model("interviews", "Interview")
    for interview in Interview.objects.filter(external_key__isnull=True).only("pk").iterator():
        Interview.objects.filter(pk=interview.pk).update(external_key=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("interviews", "0004_withdraw_plan_and_note_event")]

    operations = [
        migrations.AddField(model_name="interview", name="external_key", field=models.UUIDField(null=True)),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="interview",
            name="external_key",
            field=models.UUIDField(
                default=uuid.uuid4,
                editable=False,
                help_text="Stable across export and import: re-importing a file finds the interviews it created.",
            ),
        ),
        migrations.AddConstraint(
            model_name="interview",
            constraint=models.UniqueConstraint(fields=("owner", "external_key"), name="interview_unique_external_key"),
        ),
    ]
