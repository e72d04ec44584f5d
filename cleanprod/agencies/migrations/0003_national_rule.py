"""The national default agency rule (no region): filing valid 3 years, filing and scope
required, grading thresholds 2 served / 3 failures a year."""

from django.db import migrations


def forwards(apps, schema_editor):
    AgencyRule = apps.get_model("agencies", "AgencyRule")
    if not AgencyRule.objects.filter(region__isnull=True).exists():
        AgencyRule.objects.create(region=None)


class Migration(migrations.Migration):
    dependencies = [("agencies", "0002_filings_staff_rules")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
