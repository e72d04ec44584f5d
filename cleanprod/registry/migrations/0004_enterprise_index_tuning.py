"""Fewer indexes for every enterprise import to maintain (docs/benchmarks.md, issue 3): the
region foreign key's own index (enterprise_region_id leads with region), one varchar_pattern_ops
index for the industry-path prefix filters instead of two, and no index on the history table's
copied credit code, industry path, region, industry and park (history is read by enterprise
and date). And a statistics target of 1000 for the stored search vector (PostgreSQL), so that
the planner reads the GIN index for rare two-character words instead of walking the primary key
(cleanprod.core.search.vector_statistics_operation)."""

import django.db.models.deletion
from django.db import migrations, models

from cleanprod.core.search import vector_statistics_operation


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0001_initial"),
        ("registry", "0003_enterprise_search_vector"),
    ]

    operations = [
        migrations.AlterField(
            model_name="enterprise",
            name="industry_path",
            field=models.CharField(editable=False, max_length=24, verbose_name="industry path"),
        ),
        migrations.AlterField(
            model_name="enterprise",
            name="region",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="regions.region",
                verbose_name="region",
            ),
        ),
        migrations.AlterField(
            model_name="historicalenterprise",
            name="credit_code",
            field=models.CharField(max_length=18, verbose_name="unified social credit code"),
        ),
        migrations.AlterField(
            model_name="historicalenterprise",
            name="industry",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="registry.industry",
                verbose_name="main industry",
            ),
        ),
        migrations.AlterField(
            model_name="historicalenterprise",
            name="industry_path",
            field=models.CharField(editable=False, max_length=24, verbose_name="industry path"),
        ),
        migrations.AlterField(
            model_name="historicalenterprise",
            name="park",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="registry.park",
                verbose_name="industrial park",
            ),
        ),
        migrations.AlterField(
            model_name="historicalenterprise",
            name="region",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="regions.region",
                verbose_name="region",
            ),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(
                fields=["industry_path"],
                name="enterprise_industry_path",
                opclasses=["varchar_pattern_ops"],
            ),
        ),
        vector_statistics_operation("registry_enterprise", "search_vector", 1000),
    ]
