"""The shipped legal grounds: the instruments seed 003 (closure, penalty order, Bibob) and DOMAIN
section 7 name, under the articles that carry them. A region adds its own (its APV's numbering)."""
from django.db import migrations

SHIPPED = [
    ("gemeentewet-174", "Gemeentewet, art. 174 (sluiting van een openbaar toegankelijk gebouw)"),
    ("gemeentewet-125", "Gemeentewet, art. 125 en Awb, art. 5:32 (last onder dwangsom)"),
    ("apv-seksbedrijven", "APV, regels voor seksbedrijven (vergunningplicht, maximum, weigerings- en intrekkingsgronden)"),
    ("bibob-3", "Wet Bibob, art. 3 (weigeren of intrekken bij ernstig gevaar voor misbruik)"),
    ("gemeentewet-172a", "Gemeentewet, art. 172a (gebiedsverbod)"),
]


def ship(apps, schema_editor):
    LegalGround = apps.get_model("measures", "LegalGround")
    for code, label in SHIPPED:
        LegalGround.objects.get_or_create(region=None, code=code, defaults={"label": label})


def unship(apps, schema_editor):
    apps.get_model("measures", "LegalGround").objects.filter(
        region=None, code__in=[code for code, _label in SHIPPED], measures__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("measures", "0001_initial")]
    operations = [migrations.RunPython(ship, unship)]
