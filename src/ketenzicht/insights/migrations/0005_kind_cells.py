"""The signal cells summed per kind (`KindCell`), filled from the signal cells already built (their
parts' too), so no month has to be rebuilt."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('insights', '0004_kept_parts'),
        ('regions', '0004_more_sectors'),
    ]

    operations = [
        migrations.CreateModel(
            name='KindCell',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField()),
                ('place', models.IntegerField()),
                ('kind', models.CharField(max_length=10)),
                ('n', models.IntegerField()),
                ('with_victim', models.IntegerField()),
                ('registrations', models.IntegerField()),
                ('enriched', models.IntegerField()),
                ('several', models.IntegerField()),
                ('region', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='regions.region')),
            ],
            options={
                'indexes': [models.Index(fields=['region', 'place', 'month'], include=('kind', 'n', 'with_victim', 'registrations', 'enriched', 'several'), name='insights_kindcell_read')],
            },
        ),
        migrations.RunSQL(
            "INSERT INTO insights_kindcell (region_id, month, place, kind, n, with_victim, registrations, enriched,"
            " several) SELECT region_id, month, place, kind, SUM(n), SUM(with_victim), SUM(registrations),"
            " SUM(enriched), SUM(several) FROM insights_signalcell GROUP BY region_id, month, place, kind",
            migrations.RunSQL.noop),
    ]
