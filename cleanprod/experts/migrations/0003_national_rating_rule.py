"""The national default rating rule (no region): the nearest region's own rule overrides it."""

from django.db import migrations


def forwards(apps, schema_editor):
    RatingRule = apps.get_model("experts", "RatingRule")
    if not RatingRule.objects.filter(region__isnull=True).exists():
        RatingRule.objects.create(region=None)


class Migration(migrations.Migration):
    dependencies = [("experts", "0002_append_only_records")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
