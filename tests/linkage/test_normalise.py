"""Normalisation: the spellings two organisations write for one person become one."""
import pytest

from ketenzicht.lib.errors import Invalid
from ketenzicht.linkage import normalise


@pytest.mark.parametrize("family", ["van der Berg", "Berg, van der", "v.d. Berg", "V.D. BERG", "vd Berg",
                                    "van den Berg", "Van De Berg"])
def test_tussenvoegsels_agree(family):
    assert normalise.name("Jan", family) == normalise.Name(("jan",), ("berg",), "van de")


@pytest.mark.parametrize(("raw", "family", "particles"), [
    ("'t Hart", ("hart",), "het"), ("op den Akker", ("akker",), "op de"), ("ten Brink", ("brink",), "te"),
    ("De", ("de",), ""), ("Jansen-de Vries", ("jansen", "de", "vries"), ""), ("Ó Súilleabháin", ("o", "suilleabhain"), ""),
])
def test_particles_and_compound_names(raw, family, particles):
    result = normalise.name("", raw)
    assert (result.family, result.particles) == (family, particles)


@pytest.mark.parametrize(("raw", "folded"), [
    ("Strauß", "strauss"), ("Søren Ørsted", "soren orsted"), ("Łukasz Wałęsa", "lukasz walesa"),
    ("IJsbrand Meijer", "ysbrand meyer"), ("Ĳzerman", "yzerman"), ("Zoë Müller-Lüdenscheidt", "zoe muller ludenscheidt"),
    ("Nguyễn Văn Đức", "nguyen van duc"), ("O'Brien", "obrien"),
])
def test_fold(raw, folded):
    assert normalise.fold(raw) == folded


def test_initials():
    assert normalise.name("J.P.", "de Vries").initials == "jp"
    assert normalise.name("Jan Pieter", "de Vries").initials == "jp"


@pytest.mark.parametrize(("raw", "expected"), [
    ("1990-02-28", normalise.PartialDate(1990, 2, 28)), ("28-02-1990", normalise.PartialDate(1990, 2, 28)),
    ("1990-02", normalise.PartialDate(1990, 2)), ("02-1990", normalise.PartialDate(1990, 2)),
    ("1990", normalise.PartialDate(1990)), ("", None),
])
def test_partial_dates(raw, expected):
    assert normalise.date_of_birth(raw) == expected


@pytest.mark.parametrize("raw", ["31-02-1990", "1990-13", "2990", "gisteren", "1850-01-01"])
def test_impossible_dates_are_refused_naming_the_field(raw):
    with pytest.raises(Invalid) as error:
        normalise.date_of_birth(raw)
    assert error.value.field == "date_of_birth"
    assert "Geboortedatum" in str(error.value)


@pytest.mark.parametrize("raw", ["06-12345678", "0612345678", "+31 6 12 34 56 78", "0031612345678",
                                 "+31 (0)6 1234 5678", "(06) 123.456.78", "31612345678"])
def test_phone_to_e164(raw):
    assert normalise.phone(raw) == "+31612345678"


def test_foreign_phone_and_bad_phone():
    assert normalise.phone("+49 30 1234567") == "+49301234567"
    assert normalise.phone("0048 601 234 567") == "+48601234567"
    for bad in ("06-1234", "bel me", "+31 6 1234 56789"):
        with pytest.raises(Invalid, match="Telefoonnummer"):
            normalise.phone(bad)


def test_exact_identifiers():
    assert normalise.plate("12-abc-3") == normalise.plate("12 ABC 3") == "12ABC3"
    assert normalise.kvk("1234 5678") == "12345678"
    assert normalise.email("  Anna@Example.ORG ") == "anna@example.org"
    with pytest.raises(Invalid, match="acht cijfers"):
        normalise.kvk("1234567")
    with pytest.raises(Invalid, match="E-mailadres"):
        normalise.email("anna@")
    with pytest.raises(Invalid, match="Kenteken"):
        normalise.plate("AB-é-12")


@pytest.mark.parametrize(("given", "family", "field"), [
    ("<script>alert(1)</script>", "Jansen", "name.given_name"),
    ("Anna", "x" * 10_000, "name.family_name"),
    ("Anna\x00", "Jansen", "name.given_name"),
    ("", "", "name.family_name"),
])
def test_bad_names_are_refused_naming_the_field(given, family, field):
    with pytest.raises(Invalid) as error:
        normalise.name(given, family)
    assert error.value.field == field
    assert error.value.message
