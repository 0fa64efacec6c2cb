"""People seen in one month only are tallied per month (`PersonTally`, `PersonCell.alone`).

The cells built before are marked and tallied here, for every region at once, as
`aggregates.settle` does for one (its SQL, frozen here): an upgrade reads the new way at once,
without a rebuild. Until `alone` is set every row is read one by one, which is correct too."""
import django.db.models.deletion
from django.db import migrations, models

ATTRIBUTES = ("municipality", "age_group", "gender", "nationality")
LIVED = (("here_here", "residence", "="), ("here_elsewhere", "residence", "<>"), ("elsewhere_here", "municipality", "<>"))


def settle_all(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE insights_personcell SET alone = ((region_id, place, identity) IN (SELECT region_id, place, identity "
            "FROM insights_personcell WHERE place >= 0 GROUP BY region_id, place, identity "
            "HAVING MIN(month) = MAX(month))) WHERE place >= 0")
        latest = ", ".join(f"MAX({a}_key) AS {a}" for a in ATTRIBUTES)
        per_attribute = " UNION ALL ".join(
            f"SELECT region_id, month, place, '{a}', SUBSTR({a}, 34), COUNT(*) FROM per_person "
            f"GROUP BY region_id, month, place, SUBSTR({a}, 34)" for a in ATTRIBUTES)
        lived = " UNION ALL ".join(
            f"SELECT region_id, month, place, '{name}', CAST({field} AS VARCHAR(40)), COUNT(DISTINCT identity) "
            f"FROM insights_personcell WHERE alone AND place >= 0 AND residence IS NOT NULL "
            f"AND residence {compare} municipality GROUP BY region_id, month, place, {field}"
            for name, field, compare in LIVED)
        cursor.execute(
            f"WITH per_person AS (SELECT region_id, month, place, identity, {latest} FROM insights_personcell "
            f"WHERE alone AND place >= 0 GROUP BY region_id, month, place, identity) "
            f"INSERT INTO insights_persontally (region_id, month, place, attribute, value, n) "
            f"{per_attribute} UNION ALL {lived}")


class Migration(migrations.Migration):

    dependencies = [
        ('insights', '0002_change_triggers'),
        ('regions', '0004_more_sectors'),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('month', models.DateField()),
                ('place', models.IntegerField()),
                ('attribute', models.CharField(max_length=15)),
                ('value', models.CharField(max_length=40)),
                ('n', models.IntegerField()),
            ],
        ),
        migrations.RemoveIndex(
            model_name='personcell',
            name='insights_personcell_read',
        ),
        migrations.AddField(
            model_name='personcell',
            name='alone',
            field=models.BooleanField(default=False),
        ),
        migrations.AddIndex(
            model_name='personcell',
            index=models.Index(fields=['region', 'place', 'alone', 'month'], include=('identity', 'municipality', 'residence', 'municipality_key', 'age_group_key', 'gender_key', 'nationality_key'), name='insights_personcell_read'),
        ),
        migrations.AddIndex(
            model_name='personcell',
            index=models.Index(fields=['region', 'identity'], name='insights_personcell_identity'),
        ),
        migrations.AddField(
            model_name='persontally',
            name='region',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='regions.region'),
        ),
        migrations.AddIndex(
            model_name='persontally',
            index=models.Index(fields=['region', 'place', 'month'], include=('attribute', 'value', 'n'), name='insights_persontally_read'),
        ),
        migrations.RunPython(settle_all, migrations.RunPython.noop),
    ]
