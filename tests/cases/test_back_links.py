"""After completing a task the page goes back where the user came from, but only within this site:
Django's own check (url_has_allowed_host_and_scheme), not a hand-written prefix test."""
from datetime import timedelta

import pytest
from django.utils import timezone

from ketenzicht.cases import services as cases
from ketenzicht.cases.models import Task
from ketenzicht.intake import services as intake
from ketenzicht.regions.models import Organisation

from ..helpers import report_as, user, verified

BACKS = {
    "/casussen": "/casussen",  # a page of this site
    "http://testserver/signalen": "http://testserver/signalen",  # this site, named in full
    "//evil.example/taken": "/taken",  # another site, without a scheme
    "/\\evil.example/taken": "/taken",  # a browser reads this as //evil.example
    "https://evil.example/taken": "/taken",
    "javascript:alert(1)": "/taken",
    "": "/taken",
}


@pytest.fixture
def tasks(world):
    """One open task per back link, for the police, on a decided case."""
    signal, _code = report_as("reporter.zwolle", other_municipalities=[])
    liaison, chair = user("liaison.zwolle"), user("chair.ijsselland")
    intake.take_transition(liaison, signal, "in_behandeling_nemen")
    case = intake.take_transition(liaison, signal, "escaleren", reason="Naar de tafel").case
    police = Organisation.objects.get(name="Politie IJsselland")
    meeting = cases.plan_meeting(chair, case.table, timezone.now() + timedelta(days=3))
    cases.take_transition(chair, case, "agenderen", meeting=meeting, invited=[police])
    due = timezone.localdate() + timedelta(days=10)
    cases.take_transition(chair, case, "besluiten", decision="Strafrecht", tracks=[{
        "kind": "zorg_strafrecht", "owner": police,
        "tasks": [{"description": f"Taak {i}", "assignee": police, "due_on": due} for i in range(len(BACKS))]}])
    return list(Task.objects.order_by("pk"))


def test_completing_a_task_goes_back_only_within_the_site(tasks, client):
    police = verified(client, "police.ijsselland")
    for task, (back, expected) in zip(tasks, BACKS.items(), strict=True):
        response = police.post(f"/taken/{task.pk}/afgerond", {"back": back})
        assert response.status_code == 302 and response["Location"] == expected, back
    assert not Task.objects.filter(done_at__isnull=True).exists()
