"""What a browser walk found on the cost pages (issue 19): the year and the amount are refused with
the other fields at once; the PDF names its title once; the workbook heads its columns as the page."""
import io
import subprocess  # nosec B404
import tempfile

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from ketenzicht.costs.models import SharedCost

from ..helpers import verified
from .test_pages_and_api import _form


@pytest.fixture
def cost(world):
    return SharedCost.objects.get(region__slug="ijsselland", year=2022)


def test_year_and_amount_errors_come_with_the_others_on_the_first_submit(cost):
    admin = verified(Client(), "admin.ijsselland")
    response = admin.post(reverse("costs:setup_cost", args=["ijsselland", cost.pk]),
                          _form(cost, year="2999", amount="-5,00", label=""))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Kies een jaar van 2000 tot en met 2100." in body and "Het bedrag kan niet negatief zijn." in body
    assert SharedCost.objects.get(pk=cost.pk).year == 2022


def test_the_pdf_says_its_title_once(cost):
    response = verified(Client(), "analyst.ijsselland").get(
        reverse("costs:download", args=["ijsselland", cost.pk, "pdf"]))
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(b"".join(response.streaming_content))
        pdf.flush()
        text = subprocess.run(["pdftotext", pdf.name, "-"], capture_output=True, text=True,  # nosec
                              check=True).stdout
    assert text.count(cost.label) == 1 and "Verdeling per gemeente" in text


def test_the_workbook_heads_its_columns_as_the_page(cost):
    response = verified(Client(), "liaison.zwolle").get(reverse("costs:download", args=["ijsselland", cost.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [c.value for c in sheet[2]][2:] == ["Percentage aandeel", "Middelen 2022"]
