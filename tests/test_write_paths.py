"""One write path: an app changes another app's rows only through that app's service (DESIGN.md
section 2), and the demo loads its data through the same services users use."""
import ast
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

import ketenzicht
from ketenzicht.privacy import subjects
from ketenzicht.privacy.models import AccessLog
from ketenzicht.route.models import RouteDefinition

from .helpers import report_as, user

SOURCE = Path(ketenzicht.__file__).parent
WRITES = {"create", "update", "delete", "bulk_create", "bulk_update", "get_or_create", "update_or_create"}


def _foreign_writes(path):
    """`Model.objects….<write>()` in this module for models imported from another app's models."""
    app = path.relative_to(SOURCE).parts[0]
    tree = ast.parse(path.read_text())
    foreign = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ketenzicht.") \
                and node.module.endswith(".models") and node.module.split(".")[1] != app:
            foreign.update({alias.asname or alias.name: node.module for alias in node.names})
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITES):
            continue
        chain = node.func.value
        while isinstance(chain, (ast.Call, ast.Attribute)) and not (
                isinstance(chain, ast.Attribute) and chain.attr == "objects"):
            chain = chain.func if isinstance(chain, ast.Call) else chain.value
        if isinstance(chain, ast.Attribute):
            base = chain.value
            if isinstance(base, ast.Name) and base.id in foreign:
                yield base.id
            elif isinstance(base, ast.Call) and getattr(base.func, "id", "") == "type":
                yield "type(…)"  # a model reached through an object: whose rows, the code does not say


def test_apps_write_only_their_own_rows():
    found = set()
    for path in SOURCE.rglob("*.py"):
        relative = path.relative_to(SOURCE)
        if len(relative.parts) < 2 or "migrations" in relative.parts or relative.parts[0] == "demo":
            continue  # the demo makes reference data (regions, partners, places) that has no service
        found |= {f"{relative}: {model}" for model in _foreign_writes(path)}
    assert found == set()


def test_the_demo_stores_its_routes_through_the_route_service(world):
    """Every region's route is a version made by route.versions.activate: checked and logged."""
    stored = RouteDefinition.objects.all()
    logged = set(AccessLog.objects.filter(action="route_version").values_list("object_id", flat=True))
    assert stored.exists() and {str(r.pk) for r in stored} <= logged


def test_a_contact_is_corrected_by_intake_for_whoever_handles_subject_requests(world):
    signal, _code = report_as("reporter.zwolle", description="Melding met contact")
    with pytest.raises(PermissionDenied):  # a liaison handles the signal, not requests of the people concerned
        subjects.correct_contact(user("liaison.zwolle"), signal, "")
    subjects.correct_contact(user("admin.ijsselland"), signal, "nieuw@example.org")
    signal.refresh_from_db()
    assert signal.contact == "nieuw@example.org"
    assert AccessLog.objects.filter(action="subject_correct", object_id=str(signal.pk), flagged=True).exists()
