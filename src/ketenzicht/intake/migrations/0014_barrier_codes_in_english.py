"""Stored codes are English, as every other code the product defines (forms, indicators, kinds);
the barriers of the barrier model were the exception. Labels stay Dutch (and translated)."""
from django.db import migrations

CODES = {"entree": "entry", "identiteit": "identity", "huisvesting": "housing", "arbeid": "employment",
         "financiele_stromen": "financial_flows"}


def rename(mapping):
    def run(apps, schema_editor):
        Barrier = apps.get_model("intake", "Barrier")
        for old, new in mapping.items():
            Barrier.objects.filter(code=old).update(code=new)
    return run


class Migration(migrations.Migration):
    dependencies = [("intake", "0013_retention_of_untouched_signals")]

    operations = [migrations.RunPython(rename(CODES), rename({new: old for old, new in CODES.items()}))]
