"""Route texts are region data with their translations: shown in the active language, Dutch when a
definition has none; older stored definitions stay readable and get the shipped translations."""
import importlib

import pytest
from django.apps import apps
from django.utils import translation

from ketenzicht.regions.models import Region
from ketenzicht.route import engine
from ketenzicht.route.models import RouteDefinition

MIGRATION = importlib.import_module("ketenzicht.route.migrations.0002_route_text_translations")


def plain(definition):
    """The definition as older versions stored it: every text a plain Dutch string."""
    for holder, key in engine.text_slots(definition):
        holder[key] = engine.texts(holder[key])["nl"]
    return definition


def test_texts_show_in_the_active_language():
    route = engine.parse(engine.load_file("ijsselland"))
    with translation.override("en"):
        assert route.signal.stages["verrijking"].label == "Enrichment"
        assert route.signal.transitions["in_behandeling_nemen"].label == "Take up"
        assert route.tracks["zorg"] == "Care" and route.public_statuses["closed"] == "Completed"
    with translation.override("nl"):
        assert route.signal.stages["verrijking"].label == "Verrijking"
        assert route.tracks["zorg"] == "Zorg"
    assert route.feedback_in("closed").startswith("De behandeling")  # stored for the reporter: Dutch


@pytest.mark.parametrize("name", engine.SHIPPED)
def test_every_text_of_a_shipped_route_has_english(name):
    for holder, key in engine.text_slots(engine.load_file(name)):
        assert set(engine.texts(holder[key])) == {"nl", "en"}, (key, holder[key])


def test_a_definition_with_plain_strings_still_reads_and_falls_back_to_dutch():
    route = engine.parse(plain(engine.load_file("ijsselland")))
    with translation.override("en"):
        assert route.signal.stages["verrijking"].label == "Verrijking"


def test_a_text_without_dutch_is_refused():
    definition = engine.load_file("ijsselland")
    definition["signal"]["stages"]["verrijking"]["label"] = {"en": "Enrichment"}
    with pytest.raises(engine.RouteError, match="nl"):
        engine.parse(definition)


def test_the_migration_gives_stored_definitions_their_translations(world):
    old = plain(engine.load_file("ijsselland"))
    old["signal"]["stages"]["monitoren"]["label"] = "Eigen tekst van de regio"
    stored = RouteDefinition.objects.create(region=Region.objects.first(), name="oud", version=99, definition=old,
                                            active=False)
    MIGRATION.add_translations(apps, None)
    stored.refresh_from_db()
    assert stored.definition["signal"]["stages"]["verrijking"]["label"] == {"nl": "Verrijking", "en": "Enrichment"}
    assert stored.definition["signal"]["stages"]["monitoren"]["label"] == "Eigen tekst van de regio"
    with translation.override("en"):
        assert stored.route.tracks["zorg"] == "Care"
