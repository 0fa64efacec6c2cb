from django.db import migrations


def load(apps, schema_editor):
    from ketenzicht.intake.reference import ensure_reference_data

    ensure_reference_data(tuple(apps.get_model("intake", name) for name in ("ExploitationForm", "Indicator", "Barrier")))


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
