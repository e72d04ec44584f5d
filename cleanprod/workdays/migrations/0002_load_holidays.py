"""The shipped calendar (data/cn_holidays.csv): the State Council notices for 2023–2026."""

from django.db import migrations


def forwards(apps, schema_editor):
    from cleanprod.workdays.services import days_upsert, workdays_read

    days_upsert(apps.get_model("workdays", "Day"), workdays_read())


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_day")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
