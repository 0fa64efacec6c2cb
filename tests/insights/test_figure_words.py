"""Figures name forms of exploitation, indicators and barriers in the reader's language (the API by
Accept-Language, Dutch by default)."""
from datetime import date

import pytest
from django.utils import translation
from django.utils.formats import get_format, number_format

from ketenzicht.insights import tables

from ..helpers import api_client, signal

QUERY = "?from=2026-01-01&to=2026-03-31"  # a whole quarter: the analyst gets fixed periods only


def test_forms_indicators_and_barriers_are_named_in_the_readers_language(world):
    for day in range(6):
        signal("liaison.zwolle", "GM0193", date(2026, 3, 10 + day))
    api = api_client("analyst.ijsselland")
    labels = {figure: {r["key"]: r["label"] for r in api.get(f"/api/v1/stats/{figure}{QUERY}",
                                                                HTTP_ACCEPT_LANGUAGE="en").json()["rows"]}
              for figure in ("forms", "indicators", "barriers")}
    assert labels["forms"]["labour"] == "Labour exploitation" and labels["barriers"]["housing"] == "Housing"
    assert "Does not hold their own identity document" in labels["indicators"].values()
    dutch = {r["key"]: r["label"] for r in api.get(f"/api/v1/stats/forms{QUERY}").json()["rows"]}
    assert dutch["labour"] == "Arbeidsuitbuiting"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_whole_numbers_are_written_as_the_language_writes_them(language):
    with translation.override(language):
        for value in (0, 7, -12, 999, 1000, -1234, 1234567, 10**12):
            assert tables.whole(value, get_format("THOUSAND_SEPARATOR")) == number_format(value, 0, force_grouping=True)


def test_a_growth_in_signals_is_a_whole_number_and_a_rate_keeps_its_decimal():
    """"Groei" is the difference of two counts: 4, not 4,0; signals per 10,000 inhabitants stay 1,5."""
    with translation.override("nl"):
        assert tables._format(4, tables.RATE, ".") == "4" and tables._format(-12, tables.RATE, ".") == "-12"
        assert tables._format(1.5, tables.RATE, ".") == "1,5" and tables._format(4.0, tables.RATE, ".") == "4,0"
