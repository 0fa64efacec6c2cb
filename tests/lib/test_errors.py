"""One family of domain errors: services raise them, the API answers them once as problem+json
with the field named, pages show them once on the form."""
import ast
from pathlib import Path

import pytest
from django import forms
from django.utils import timezone
from rest_framework.permissions import AllowAny
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

import ketenzicht
from ketenzicht.lib.actions import attempt
from ketenzicht.lib.errors import Conflict, DomainError, Invalid, Refused, Stale
from ketenzicht.route.steps import TransitionRefused

from ..helpers import api_client

SOURCE = Path(ketenzicht.__file__).parent


def answer(error):
    class Failing(APIView):
        authentication_classes, permission_classes = [], [AllowAny]

        def post(self, request):
            raise error

    return Failing.as_view()(APIRequestFactory().post("/api/v1/x", {}, format="json")).render()


@pytest.mark.parametrize("error, status", [(Invalid("Kies een datum.", "given_on"), 400),
                                           (Refused("Dit spoor is gesloten.", "track"), 400),
                                           (TransitionRefused("reason"), 400)])
def test_a_refusal_answers_400_naming_the_field(error, status):
    response = answer(error)
    assert response.status_code == status and response["Content-Type"] == "application/problem+json"
    assert response.data["invalid_params"] == [{"name": error.field, "reason": error.message}]


def test_conflicts_answer_with_their_own_status():
    stale = answer(Stale("Iemand anders was eerder."))
    assert stale.status_code == 412 and stale.data["detail"] == "Iemand anders was eerder."
    assert str(Refused("Dit spoor is gesloten.", "track")) == "Dit spoor is gesloten."  # as the admin shows it
    assert answer(Conflict("Bestaat al.", "name")).data["invalid_params"] == [{"name": "name", "reason": "Bestaat al."}]


def test_a_service_refusal_reaches_the_client_with_its_field(world):
    care = api_client("care.ijsselland")
    created = care.post("/api/v1/care-trajectories", {"name": "Mira", "gender": "female", "municipality": "GM0193"},
                        format="json").json()
    tomorrow = (timezone.localdate() + timezone.timedelta(days=1)).isoformat()
    refused = care.post(f"/api/v1/care-trajectories/{created['id']}/consents",
                        {"purpose": "comensha", "form": "written", "given_on": tomorrow}, format="json")
    assert refused.status_code == 400 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["invalid_params"] == [{"name": "given_on",
                                                 "reason": "Toestemming kan niet in de toekomst gegeven zijn."}]


class DateForm(forms.Form):
    given_on = forms.DateField()


def test_a_page_shows_the_refusal_on_the_field_it_names():
    def refuse(data):
        raise Invalid("Toestemming kan niet in de toekomst gegeven zijn.", "given_on")

    form = DateForm({"given_on": "2026-01-01"})
    assert attempt(form, refuse) is False
    assert form.errors == {"given_on": ["Toestemming kan niet in de toekomst gegeven zijn."]}
    whole = DateForm({"given_on": "2026-01-01"})
    attempt(whole, lambda data: (_ for _ in ()).throw(Refused("Deze stap kan nu niet worden gezet.")))
    assert whole.non_field_errors() == ["Deze stap kan nu niet worden gezet."]


def _modules(*names):
    return [p for p in SOURCE.rglob("*.py") if p.name in names and "migrations" not in p.parts]


def test_services_raise_the_domain_errors_not_their_own():
    """Each refusal a service makes is a DomainError (Invalid, Refused, Stale, ...), which the API
    and the pages translate once; no service raises Django's ValidationError or a bare Exception."""
    found = []
    for path in _modules("services.py", "emergency.py", "versions.py", "steps.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Raise) and node.exc is not None:
                call = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                name = getattr(call, "id", getattr(call, "attr", ""))
                if name in ("ValidationError", "Exception", "ValueError"):
                    found.append(f"{path.relative_to(SOURCE)}:{node.lineno} {name}")
            if isinstance(node, ast.ClassDef) and any(getattr(b, "id", "") == "Exception" for b in node.bases) \
                    and node.name != "LoginFailed":  # signing in, not a change: the login page says only that it failed
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno} class {node.name}(Exception)")
    assert found == []
    assert issubclass(TransitionRefused, DomainError)


def test_apps_do_not_import_the_api_package():
    """`ketenzicht.api` routes every app; what apps share with it lives in `ketenzicht.lib`."""
    found = []
    for path in SOURCE.rglob("*.py"):
        relative = path.relative_to(SOURCE)
        if relative.parts[0] == "api" or relative.name in ("urls.py", "settings.py") and len(relative.parts) == 1:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            found += [f"{relative}:{node.lineno}" for n in names if n == "ketenzicht.api" or n.startswith("ketenzicht.api.")]
    assert found == []
