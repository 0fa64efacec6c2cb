"""The permit a measure names becomes a reference to the permits register (it was its bare id): the
id is copied where the permit exists, then the column takes the old one's name (`permit_id`)."""
import django.db.models.deletion
from django.db import migrations, models


def copy(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    Permit = apps.get_model("permits", "Permit")
    named = Measure.objects.filter(permit_number__isnull=False)
    existing = set(Permit.objects.filter(pk__in=named.values("permit_number")).values_list("pk", flat=True))
    for measure in named.only("pk", "permit_number"):
        if measure.permit_number in existing:
            Measure.objects.filter(pk=measure.pk).update(permit_ref_id=measure.permit_number)


def copy_back(apps, schema_editor):
    Measure = apps.get_model("measures", "Measure")
    for measure in Measure.objects.filter(permit_ref__isnull=False).only("pk", "permit_ref_id"):
        Measure.objects.filter(pk=measure.pk).update(permit_number=measure.permit_ref_id)


class Migration(migrations.Migration):
    dependencies = [("measures", "0002_shipped_grounds"), ("permits", "0001_permits_maxima_bibob")]

    operations = [
        migrations.RenameField("measure", "permit_id", "permit_number"),
        migrations.AddField(
            model_name="measure", name="permit_ref",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="measures", to="permits.permit", verbose_name="vergunning"),
        ),
        migrations.RunPython(copy, copy_back),
        migrations.RemoveField("measure", "permit_number"),
        migrations.RenameField("measure", "permit_ref", "permit"),
    ]
