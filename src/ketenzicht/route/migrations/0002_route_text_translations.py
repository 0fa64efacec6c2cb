"""Route texts get their translations: stored definitions written before route texts could be
translated hold plain Dutch strings; every one the shipped definitions translate gets its English."""
from django.db import migrations

from ketenzicht.route import engine


def add_translations(apps, schema_editor):
    RouteDefinition = apps.get_model("route", "RouteDefinition")
    known = engine.shipped_translations()
    for stored in RouteDefinition.objects.all():
        translated = engine.with_translations(stored.definition, known)
        if translated != stored.definition:
            RouteDefinition.objects.filter(pk=stored.pk).update(definition=translated)


class Migration(migrations.Migration):

    dependencies = [("route", "0001_initial")]

    operations = [migrations.RunPython(add_translations, migrations.RunPython.noop)]
