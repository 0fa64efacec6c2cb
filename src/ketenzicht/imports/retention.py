"""How long an import is kept. A dry run nobody confirmed still holds its rows (signals, encrypted);
a finished import only its counts and report. Neither is needed for long: after the term (a month
by default) the import is deleted by the nightly retention run; the signals it made stay."""
from django.utils.translation import gettext_lazy

from ketenzicht.privacy.kinds import Kind

from .models import ImportBatch


def _due(region_id, cutoff, now):
    return ImportBatch.objects.filter(region_id=region_id, created_at__lt=cutoff)


KEPT = Kind("signal_import", gettext_lazy("Import van signalen (proefrun en verslag)"), default_months=1,
            minimum_months=1, due=_due, apply=lambda batches: batches.delete()[0], verb="delete")
