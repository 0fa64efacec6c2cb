"""The figures' copy of every signal's forms, indicators and barriers (SignalTag), filled from the
many-to-many tables of the signals already there."""
import django.db.models.deletion
from django.db import migrations, models

# Also used by bench/figures.py after it adds forms, indicators and barriers by SQL.
BACKFILL = """
    insert into intake_signaltag (signal_id, region_id, received_at, dimension, item)
    select s.id, s.region_id, s.received_at, t.dimension, t.item
    from (select signal_id, 'form' as dimension, exploitationform_id as item from intake_signal_exploitation_forms
          union all select signal_id, 'indicator', indicator_id from intake_signal_indicators
          union all select signal_id, 'barrier', barrier_id from intake_signal_barriers) t
    join intake_signal s on s.id = t.signal_id
"""


def backfill(apps, schema_editor):
    schema_editor.execute(BACKFILL)


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0010_signal_open_deadline'),
        ('regions', '0002_suppression_threshold'),
    ]

    operations = [
        migrations.CreateModel(
            name='SignalTag',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('received_at', models.DateTimeField()),
                ('dimension', models.CharField(choices=[('form', 'form'), ('indicator', 'indicator'), ('barrier', 'barrier')], max_length=10)),
                ('item', models.PositiveIntegerField()),
                ('region', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='regions.region')),
                ('signal', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='intake.signal')),
            ],
            options={
                'indexes': [models.Index(fields=['region', 'dimension', 'received_at', 'item', 'signal'], name='intake_signaltag_figures')],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
