from django.db import migrations


def seed(apps, schema_editor):
    from advice.seed import seed_content

    seed_content(apps)


class Migration(migrations.Migration):
    dependencies = [("advice", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
