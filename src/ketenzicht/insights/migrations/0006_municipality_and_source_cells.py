"""The signal cells summed per lead municipality and kind (`MunicipalityCell`) and per sector,
organisation, open and escalated (`SourceCell`), filled from the signal cells already built (their
parts' too), so no month has to be rebuilt."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('insights', '0005_kind_cells'),
        ('regions', '0004_more_sectors'),
    ]

    operations = [
        migrations.CreateModel(
            name='MunicipalityCell',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField()),
                ('place', models.IntegerField()),
                ('n', models.IntegerField()),
                ('with_victim', models.IntegerField()),
                ('registrations', models.IntegerField()),
                ('enriched', models.IntegerField()),
                ('several', models.IntegerField()),
                ('municipality', models.IntegerField()),
                ('kind', models.CharField(max_length=10)),
                ('region', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='regions.region')),
            ],
            options={
                'indexes': [models.Index(fields=['region', 'place', 'month'], include=('municipality', 'kind', 'n', 'with_victim', 'registrations', 'enriched', 'several'), name='insights_municipalitycell_read')],
            },
        ),
        migrations.CreateModel(
            name='SourceCell',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField()),
                ('place', models.IntegerField()),
                ('n', models.IntegerField()),
                ('with_victim', models.IntegerField()),
                ('registrations', models.IntegerField()),
                ('enriched', models.IntegerField()),
                ('several', models.IntegerField()),
                ('sector', models.CharField(max_length=30)),
                ('organisation', models.IntegerField(null=True)),
                ('is_open', models.BooleanField()),
                ('escalated', models.BooleanField()),
                ('region', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='regions.region')),
            ],
            options={
                'indexes': [models.Index(fields=['region', 'place', 'month'], include=('sector', 'organisation', 'is_open', 'escalated', 'n', 'with_victim', 'registrations', 'enriched', 'several'), name='insights_sourcecell_read')],
            },
        ),
        migrations.RunSQL(
            "INSERT INTO insights_municipalitycell (region_id, month, place, municipality, kind, n, with_victim, registrations,"
            " enriched, several) SELECT region_id, month, place, municipality, kind, SUM(n), SUM(with_victim), SUM(registrations), SUM(enriched), SUM(several)"
            " FROM insights_signalcell GROUP BY region_id, month, place, municipality, kind",
            migrations.RunSQL.noop),
        migrations.RunSQL(
            "INSERT INTO insights_sourcecell (region_id, month, place, sector, organisation, is_open, escalated, n, with_victim, registrations,"
            " enriched, several) SELECT region_id, month, place, sector, organisation, is_open, escalated, SUM(n), SUM(with_victim), SUM(registrations), SUM(enriched), SUM(several)"
            " FROM insights_signalcell GROUP BY region_id, month, place, sector, organisation, is_open, escalated",
            migrations.RunSQL.noop),
    ]
