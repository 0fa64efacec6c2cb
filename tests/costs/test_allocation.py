"""Seed 001 §4.4 row by row (eleven amounts to the cent, the percentages, the total and the cent
that is stated), the largest-remainder rule, Zeeland's € 85.215 (seed 002), a fixed part plus
inhabitants, and the input the key refuses."""
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from ketenzicht.costs import services
from ketenzicht.costs.allocation import split
from ketenzicht.costs.models import SharedCost, Weight
from ketenzicht.lib.errors import Invalid
from ketenzicht.regions.models import Region

from ..helpers import user

# Seed 001 §4.4: Gemeente, Aantal inwoners per 1-1-2021, Percentage aandeel, Middelen 2022
SEED_001 = [
    ("Dalfsen", 28901, "5,40%", "€ 4.385,30"),
    ("Deventer", 101236, "18,93%", "€ 15.361,07"),
    ("Hardenberg", 61357, "11,47%", "€ 9.310,02"),
    ("Kampen", 54474, "10,19%", "€ 8.265,62"),
    ("Olst-Wijhe", 18361, "3,43%", "€ 2.786,01"),
    ("Ommen", 18295, "3,42%", "€ 2.776,00"),
    ("Raalte", 37911, "7,09%", "€ 5.752,43"),
    ("Staphorst", 17261, "3,23%", "€ 2.619,10"),
    ("Steenwijkerland", 44341, "8,29%", "€ 6.728,09"),
    ("Zwartewaterland", 22823, "4,27%", "€ 3.463,05"),
    ("Zwolle", 129840, "24,28%", "€ 19.701,30"),
]
# Seed 002 bijlage 6: inhabitants December 2017, twelve municipalities excluding Tholen, € 85.215
SEED_002 = [("Borsele", 22701), ("Goes", 37635), ("Hulst", 27465), ("Kapelle", 12698), ("Middelburg", 48274),
            ("Noord-Beveland", 7316), ("Reimerswaal", 22536), ("Schouwen-Duiveland", 33683), ("Sluis", 23552),
            ("Terneuzen", 54480), ("Veere", 21884), ("Vlissingen", 44476)]


def _dutch(result):
    with translation.override("nl"):
        return [(s.name.name, s.weight, services.percent(s.percentage), services.euro(s.amount))
                for s in result.shares]


def test_the_demo_reproduces_seed_001_section_4_4_row_by_row(world):
    cost = SharedCost.objects.get(region__slug="ijsselland", year=2022)
    assert cost.amount == Decimal("81148.00") and cost.reference_date == date(2021, 1, 1)
    result = services.allocation(cost)
    assert _dutch(result) == SEED_001
    assert result.total_weight == 534800
    assert result.total == Decimal("81147.99") and result.difference == Decimal("-0.01")
    assert result.total_percentage == Decimal("100.00")
    with translation.override("nl"):
        text = services.difference_text(result)
    assert "€ 81.147,99" in text and "€ 0,01 minder dan het budget van € 81.148,00" in text
    assert "laten staan" in text


def test_largest_remainder_adds_up_to_the_budget_exactly_and_moves_the_one_cent():
    result = split(Decimal("81148"), [(n, w) for n, w, _p, _a in SEED_001], rule="largest_remainder")
    assert result.total == Decimal("81148.00") and result.difference == 0
    leave = split(Decimal("81148"), [(n, w) for n, w, _p, _a in SEED_001])
    moved = [(a.name, b.amount - a.amount) for a, b in zip(leave.shares, result.shares, strict=True)
             if a.amount != b.amount]
    assert moved == [("Kampen", Decimal("0.01"))]  # 8265.6249…: the largest cut-off remainder


def test_largest_remainder_takes_cents_away_when_half_up_overshoots():
    result = split(Decimal("85215"), SEED_002, rule="largest_remainder")
    assert result.total == Decimal("85215.00")
    assert sum(split(Decimal("85215"), SEED_002).shares[i].amount for i in range(12)) == Decimal("85215.01")


def test_zeeland_splits_85215_over_its_twelve_municipalities_as_the_seed_gives_them(world):
    cost = SharedCost.objects.get(region__slug="zeeland")
    result = services.allocation(cost)
    assert [(s.name.name, s.weight) for s in result.shares] == SEED_002
    assert result.total_weight == 356700  # the seed's "aantal inwoners Zld"
    assert [str(s.amount) for s in result.shares] == [
        "5423.23", "8990.94", "6561.34", "3033.53", "11532.57", "1747.78", "5383.81", "8046.81", "5626.53",
        "13015.18", "5228.05", "10625.24"]
    assert [str(s.percentage) for s in result.shares] == [
        "6.36", "10.55", "7.70", "3.56", "13.53", "2.05", "6.32", "9.44", "6.60", "15.27", "6.14", "12.47"]
    assert result.total == Decimal("85215.01") and result.difference == Decimal("0.01")
    with translation.override("nl"):
        assert "€ 0,01 meer dan het budget van € 85.215,00" in services.difference_text(result)


def test_a_fixed_part_plus_inhabitants(world):
    region = Region.objects.get(slug="ijsselland")
    cost = services.add_cost(user("admin.ijsselland"), region, year=2023, function="table", label="Casustafel",
                             label_en="Case table", amount=Decimal("100000"), key_kind="fixed_plus_inhabitants",
                             fixed_part=Decimal("2000"), reference_date=date(2021, 1, 1))
    result = services.allocation(cost)
    shares = {s.name.name: s for s in result.shares}
    # 2000 each, the other 78000 by inhabitants: Zwolle 2000 + 78000 × 129840 / 534800 = 20937.023…
    assert (shares["Zwolle"].amount, shares["Zwolle"].percentage) == (Decimal("20937.02"), Decimal("20.94"))
    assert shares["Ommen"].amount == Decimal("4668.31")  # 4668.3059…
    assert abs(result.difference) <= Decimal("0.06")


@pytest.fixture
def admin(world):
    return user("admin.ijsselland")


@pytest.fixture
def ijsselland(world):
    return Region.objects.get(slug="ijsselland")


def _fields(**overrides):
    return {"year": 2024, "function": "training", "label": "Scholing", "label_en": "Training",
            "amount": Decimal("5000"), "reference_date": date(2021, 1, 1), **overrides}


@pytest.mark.parametrize(("overrides", "field", "words"), [
    ({"amount": Decimal("-1")}, "amount", "negatief"),
    ({"amount": Decimal("10") ** 9}, "amount", "te groot"),
    ({"year": 1990}, "year", "jaar"),
    ({"reference_date": date(2024, 1, 1)}, "weights", "Het inwonertal van Dalfsen op 1 januari 2024 ontbreekt"),
    ({"key_kind": "own_weights", "weights": {"GM0193": 1}}, "weights", "Het gewicht van Dalfsen ontbreekt"),
    ({"weights": {"GM0363": 5}}, "weights", "GM0363 is geen gemeente van deze regio"),
    ({"key_kind": "fixed_plus_inhabitants", "fixed_part": Decimal("500")}, "fixed_part", "meer dan het bedrag"),
    ({"key_kind": "nonsense"}, "key_kind", "Onbekende verdeelsleutel"),
])
def test_bad_input_is_refused_in_dutch_naming_the_field_and_nothing_changes(admin, ijsselland, overrides, field,
                                                                             words):
    before = (SharedCost.objects.count(), Weight.objects.count())
    with translation.override("nl"), pytest.raises(Invalid) as refused:
        services.add_cost(admin, ijsselland, **_fields(**overrides))
    assert words in " ".join(refused.value.errors[field])
    assert (SharedCost.objects.count(), Weight.objects.count()) == before


def test_a_missing_inhabitant_count_is_named_and_typed_weights_fill_it(admin, ijsselland):
    ommen = ijsselland.municipalities.get(name="Ommen")
    ommen.inhabitants = None
    ommen.save()
    with translation.override("nl"), pytest.raises(Invalid, match="Het inwonertal van Ommen op 1 januari 2021"):
        services.add_cost(admin, ijsselland, **_fields())
    weights = {m.cbs_code: m.inhabitants or 18295 for m in ijsselland.municipalities.all()}
    cost = services.add_cost(admin, ijsselland, **_fields(weights=weights))
    assert services.weights_of(cost)[ommen.cbs_code] == 18295


def test_only_the_regions_administrator_records_costs(world):
    zeeland = Region.objects.get(slug="zeeland")
    for name in ("liaison.zwolle", "analyst.ijsselland", "admin.ijsselland"):
        with pytest.raises(PermissionDenied):
            services.add_cost(user(name), zeeland, **_fields(reference_date=date(2017, 12, 1)))
    assert SharedCost.objects.filter(region=zeeland).count() == 1


def test_a_stale_version_is_refused(admin):
    cost = SharedCost.objects.get(region__slug="ijsselland", year=2022)
    fields = {name: getattr(cost, name) for name in ("year", "function", "label", "label_en", "amount", "key_kind",
                                                      "fixed_part", "reference_date", "remainder_rule")}
    services.update_cost(admin, cost, **{**fields, "remainder_rule": "largest_remainder"}, expected_version=1)
    with pytest.raises(services.StaleCost):
        services.update_cost(admin, cost, **fields, expected_version=1)
    assert services.allocation(SharedCost.objects.get(pk=cost.pk)).total == Decimal("81148.00")


def test_amounts_read_in_english_the_english_way(world):
    result = services.allocation(SharedCost.objects.get(region__slug="ijsselland", year=2022))
    with translation.override("en"):
        assert services.euro(result.shares[3].amount) == "€ 8,265.62"
        assert services.percent(result.shares[3].percentage) == "10.19%"
        assert "€ 0.01 less than the budget of € 81,148.00" in services.difference_text(result)
