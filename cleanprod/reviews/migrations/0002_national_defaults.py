from django.db import migrations

from cleanprod.reviews.defaults import seed


def forwards(apps, schema_editor):
    seed(apps)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
