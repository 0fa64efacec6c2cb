import django.db.models.deletion
import uuid
from django.db import migrations, models


def own_identity(apps, schema_editor):
    """Every existing person is their own identity (AddField would give them all one value)."""
    Person = apps.get_model("intake", "Person")
    for person in Person.objects.only("pk").iterator():
        Person.objects.filter(pk=person.pk).update(identity=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ('intake', '0008_signal_case_links'),
        ('regions', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='identity',
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(own_identity, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='person',
            name='identity',
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False),
        ),
        migrations.AddField(
            model_name='person',
            name='residence',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.municipality', verbose_name='woongemeente'),
        ),
    ]
