from django.db import migrations
from django.db.models import F
from django.db.models.functions import Coalesce


def index_existing(apps, schema_editor):
    """Identifiers recorded before they were in the subject index get their entries now (their
    phone numbers and e-mail addresses, as linkage.services indexes them on every record)."""
    from ketenzicht.privacy.subjects import digest, identifiers

    PersonIdentifiers = apps.get_model("linkage", "PersonIdentifiers")
    SubjectIndex = apps.get_model("privacy", "SubjectIndex")
    rows = PersonIdentifiers.objects.annotate(
        region=Coalesce(F("person__signal__region_id"), F("trajectory__region_id"))).only("pk", "phones", "emails")
    for row in rows.iterator(chunk_size=1000):
        SubjectIndex.objects.bulk_create([
            SubjectIndex(digest=digest(i), object_type="linkage_identifiers", object_id=str(row.pk),
                         region_id=row.region)
            for i in identifiers(f"{row.phones}\n{row.emails}")], ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("linkage", "0002_trajectory_identifiers"),
        ("privacy", "0004_subject_index"),
    ]

    operations = [migrations.RunPython(index_existing, migrations.RunPython.noop)]
