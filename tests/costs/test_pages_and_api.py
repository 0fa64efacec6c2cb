"""Who reads and keeps the costs (pages and API), the allocation page, the set-up form, the Excel
and PDF downloads for the council letter, and the API with its money as exact strings."""
import io
import subprocess  # nosec B404
import tempfile

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ketenzicht.costs.models import SharedCost

from ..helpers import api_client, verified

READERS = ["liaison.zwolle", "burgemeester.zwolle", "vergunningen.zwolle", "analyst.ijsselland",
           "care.ijsselland", "admin.ijsselland"]
OTHERS = ["reporter.zwolle", "police.ijsselland", "privacy.ijsselland", "admin.zeeland", "liaison.middelburg"]


@pytest.fixture
def cost(world):
    return SharedCost.objects.get(region__slug="ijsselland", year=2022)


def page(username, url):
    return verified(Client(), username).get(url)


@pytest.mark.parametrize("username", READERS)
def test_the_regions_municipalities_read_the_allocation(cost, username):
    response = page(username, reverse("costs:cost", args=["ijsselland", cost.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "€ 8.265,62" in body and "10,19%" in body and "€ 81.147,99" in body
    assert "Inwoners per 1 januari 2021" in body
    assert ("Deze kosten wijzigen" in body) == (username == "admin.ijsselland")


@pytest.mark.parametrize("username", OTHERS)
def test_others_and_other_regions_find_nothing(cost, username):
    for url in (reverse("costs:cost", args=["ijsselland", cost.pk]), reverse("costs:region", args=["ijsselland"]),
                reverse("costs:download", args=["ijsselland", cost.pk, "pdf"])):
        assert page(username, url).status_code == 404
    assert api_client(username).get(f"/api/v1/shared-costs/{cost.pk}").status_code == 404


def test_a_forged_id_under_another_region_is_404(world):
    zeeland = SharedCost.objects.get(region__slug="zeeland")
    assert page("liaison.zwolle", reverse("costs:cost", args=["ijsselland", zeeland.pk])).status_code == 404
    assert page("admin.ijsselland", reverse("costs:setup_cost", args=["zeeland", zeeland.pk])).status_code == 404


def test_the_region_page_lists_the_costs_per_year(cost):
    body = page("liaison.zwolle", reverse("costs:region", args=["ijsselland"])).content.decode()
    assert "Zorgcoördinator mensenhandel" in body and "€ 81.148,00" in body
    assert page("liaison.zwolle", reverse("costs:index"))["Location"].endswith("/kosten/ijsselland")


def test_the_excel_download_holds_numbers_with_a_euro_format(cost):
    response = page("liaison.zwolle", reverse("costs:download", args=["ijsselland", cost.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=3, max_row=14)}
    assert float(rows["Kampen"][3].value) == 8265.62 and "€" in rows["Kampen"][3].number_format
    assert rows["Zwolle"][1].value == 129840 and abs(rows["Zwolle"][2].value - 0.2428) < 1e-9
    assert float(rows["Totaal"][3].value) == 81147.99
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("€ 0,01 minder" in t for t in texts)


def test_the_excel_download_keeps_formulas_out(cost, world):
    admin = verified(Client(), "admin.ijsselland")
    data = _form(cost, label="=HYPERLINK(\"x\")")
    assert admin.post(reverse("costs:setup_cost", args=["ijsselland", cost.pk]), data).status_code == 302
    response = page("liaison.zwolle", reverse("costs:download", args=["ijsselland", cost.pk, "xlsx"]))
    cell = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active["A1"]
    assert cell.data_type == "s" and cell.value.startswith("Kostenverdeling =HYPERLINK")


def test_the_pdf_for_the_council_letter(cost):
    response = page("analyst.ijsselland", reverse("costs:download", args=["ijsselland", cost.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(b"".join(response.streaming_content))
        pdf.flush()
        text = subprocess.run(["pdftotext", "-layout", pdf.name, "-"], capture_output=True, text=True,  # nosec
                              check=True).stdout
    for expected in ("Dalfsen", "€ 4.385,30", "5,40%", "Zwolle", "€ 19.701,30", "24,28%", "534.800", "100,00%",
                     "€ 81.147,99"):
        assert expected in text


def _form(cost, **overrides):
    data = {"year": cost.year, "function": cost.function, "label": cost.label, "label_en": cost.label_en,
            "amount": "81.148,00", "key_kind": cost.key_kind, "fixed_part": "", "reference_date": "2021-01-01",
            "remainder_rule": cost.remainder_rule, "version": cost.version}
    return {**data, **overrides}


def test_the_administrator_switches_to_largest_remainder_on_the_page(cost):
    admin = verified(Client(), "admin.ijsselland")
    url = reverse("costs:setup_cost", args=["ijsselland", cost.pk])
    assert admin.get(url).status_code == 200
    response = admin.post(url, _form(cost, remainder_rule="largest_remainder"), follow=True)
    body = response.content.decode()
    assert "€ 8.265,63" in body and "precies het budget (€ 81.148,00)" in body


def test_the_page_refuses_a_negative_budget_keeping_what_was_typed(cost):
    admin = verified(Client(), "admin.ijsselland")
    response = admin.post(reverse("costs:setup_cost", args=["ijsselland", cost.pk]),
                          _form(cost, amount="-5,00", label="Nieuwe naam"))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Het bedrag kan niet negatief zijn." in body and "Nieuwe naam" in body
    assert SharedCost.objects.get(pk=cost.pk).label == cost.label


def test_the_administrator_adds_a_cost_on_the_set_up_page(world):
    admin = verified(Client(), "admin.ijsselland")
    url = reverse("costs:setup", args=["ijsselland"])
    assert admin.get(url).status_code == 200
    response = admin.post(url, {"year": 2023, "function": "training", "label": "Scholing", "label_en": "Training",
                                "amount": "12.000,00", "key_kind": "inhabitants", "reference_date": "2021-01-01",
                                "remainder_rule": "largest_remainder"})
    assert response.status_code == 302
    assert SharedCost.objects.get(region__slug="ijsselland", year=2023).weights.count() == 11
    assert verified(Client(), "liaison.zwolle").get(url).status_code == 404


# --------------------------------------------------------------------------------- API
def test_the_api_reads_a_cost_and_its_allocation_with_money_as_strings(cost):
    client = api_client("liaison.zwolle")
    listed = client.get("/api/v1/shared-costs?region=ijsselland").json()
    assert [c["id"] for c in listed] == [cost.pk] and listed[0]["amount"] == "81148.00"
    one = client.get(f"/api/v1/shared-costs/{cost.pk}")
    assert one["ETag"] and one.json()["reference_date"] == "2021-01-01"
    assert {"municipality": "GM0193", "weight": 129840} in one.json()["weights"]
    allocation = client.get(f"/api/v1/shared-costs/{cost.pk}/allocation").json()
    shares = {s["name"]: (s["percentage"], s["amount"]) for s in allocation["shares"]}
    assert shares["Kampen"] == ("10.19", "8265.62") and len(shares) == 11
    assert (allocation["total"], allocation["difference"], allocation["budget"]) == ("81147.99", "-0.01", "81148.00")


def test_the_api_filters_on_a_year_in_the_documented_range(cost):
    client = api_client("liaison.zwolle")
    assert [c["id"] for c in client.get("/api/v1/shared-costs?year=2022").json()] == [cost.pk]
    assert client.get("/api/v1/shared-costs?year=2100").json() == []
    for wrong in ["-918798593849", "1999", "2101", "twee", ""]:
        response = client.get(f"/api/v1/shared-costs?year={wrong}")
        assert response.status_code == 400, wrong
        assert response.json()["invalid_params"][0]["name"] == "year"


def test_the_api_creates_and_patches_with_if_match(world):
    client = api_client("admin.ijsselland")
    created = client.post("/api/v1/shared-costs", {
        "region": "ijsselland", "year": 2023, "function": "table", "label": "Casustafel", "label_en": "Case table",
        "amount": "30000.00", "key_kind": "inhabitants", "reference_date": "2021-01-01",
        "remainder_rule": "largest_remainder"}, format="json")
    assert created.status_code == 201, created.content
    pk, etag = created.json()["id"], created["ETag"]
    assert client.patch(f"/api/v1/shared-costs/{pk}", {"amount": "1.00"}, format="json").status_code == 428
    changed = client.patch(f"/api/v1/shared-costs/{pk}", {"amount": "31000.50"}, format="json", HTTP_IF_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["amount"] == "31000.50"
    stale = client.patch(f"/api/v1/shared-costs/{pk}", {"amount": "1.00"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    total = client.get(f"/api/v1/shared-costs/{pk}/allocation").json()["total"]
    assert total == "31000.50"


@pytest.mark.parametrize(("body", "field"), [
    ({"amount": "-1.00"}, "amount"),
    ({"weights": [{"municipality": "GM0193", "weight": 5}], "key_kind": "own_weights"}, "weights"),
    ({"weights": [{"municipality": "GM9999", "weight": 5}]}, "weights"),
    ({"key_kind": "fixed_plus_inhabitants", "fixed_part": "9000.00"}, "fixed_part"),
    ({"colour": "red"}, "colour"),
])
def test_the_api_refuses_bad_input_as_problem_json_and_changes_nothing(cost, body, field):
    client = api_client("admin.ijsselland")
    etag = client.get(f"/api/v1/shared-costs/{cost.pk}")["ETag"]
    response = client.patch(f"/api/v1/shared-costs/{cost.pk}", body, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400 and response["Content-Type"].startswith("application/problem+json")
    assert field in str(response.json())
    assert SharedCost.objects.get(pk=cost.pk).version == cost.version


def test_readers_may_not_change_through_the_api(cost):
    client = api_client("liaison.zwolle")
    etag = client.get(f"/api/v1/shared-costs/{cost.pk}")["ETag"]
    assert client.patch(f"/api/v1/shared-costs/{cost.pk}", {"amount": "1.00"}, format="json",
                        HTTP_IF_MATCH=etag).status_code == 404
    assert client.post("/api/v1/shared-costs", {"region": "ijsselland"}, format="json").status_code == 400
