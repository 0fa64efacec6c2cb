"""The case page shows the indicators of its signals as the region words them (its signalenkaart),
as the signal's own page does: a renamed indicator under its new name, a retired one still shown."""
from ketenzicht.intake import signalenkaart
from ketenzicht.intake.models import Indicator
from ketenzicht.regions.models import Region

from ..helpers import case_with_care_track, user, verified


def test_the_case_page_shows_the_regions_names_of_the_indicators(world, client):
    case = case_with_care_track()  # its signal carries excessive_hours and withholds_documents
    admin, region = user("admin.ijsselland"), Region.objects.get(slug="ijsselland")
    documents = Indicator.objects.get(code="withholds_documents")
    shipped = documents.label
    signalenkaart.rename(admin, region, documents, "Paspoort ingenomen door werkgever", "Passport taken")
    signalenkaart.retire(admin, region, documents, confirmed=True)
    html = verified(client, "chair.ijsselland").get(f"/casussen/{case.pk}").content.decode()
    assert "Paspoort ingenomen door werkgever" in html and shipped not in html
    signal_page = verified(client, "liaison.deventer").get(f"/signalen/{case.signals.get().pk}").content.decode()
    assert "Paspoort ingenomen door werkgever" in signal_page  # the same wording on both pages
