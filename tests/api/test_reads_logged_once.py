"""Every read through the API is written to the access log exactly once: one row, the object's,
whatever the endpoint asks of the policy on the way (DESIGN.md section 4)."""
import pytest

from ketenzicht.care import services as care
from ketenzicht.intake import services as intake
from ketenzicht.privacy.models import AccessLog
from ketenzicht.regions.models import Municipality

from ..helpers import api_client, report_as, user


@pytest.fixture
def records(world):
    """A signal escalated into a case, and a care trajectory."""
    signal, _code = report_as("liaison.zwolle")
    liaison = user("liaison.zwolle")
    intake.take_transition(liaison, signal, "in_behandeling_nemen")
    intake.take_transition(liaison, signal, "escaleren", reason="Sterke signalen van arbeidsuitbuiting")
    signal.refresh_from_db()
    trajectory = care.open_trajectory(user("care.ijsselland"), name="A. Jansen",
                                      municipality=Municipality.objects.get(cbs_code="GM0193"))
    return {"signal": signal, "case": signal.case, "trajectory": trajectory}


READS = [
    ("liaison.zwolle", "/api/v1/signals/{signal}", "signal"),
    ("liaison.zwolle", "/api/v1/signals/{signal}/transitions", "signal"),
    ("liaison.zwolle", "/api/v1/cases/{case}", "case"),
    ("chair.ijsselland", "/api/v1/cases/{case}", "case"),
    ("chair.ijsselland", "/api/v1/cases/{case}/transitions", "case"),
    ("chair.ijsselland", "/api/v1/cases/{case}/tracks", "case"),
    ("chair.ijsselland", "/api/v1/cases/{case}/consultations", "case"),
    ("care.ijsselland", "/api/v1/care-trajectories/{trajectory}", "trajectory"),
]


@pytest.mark.parametrize("username,url,kind", READS)
def test_each_api_read_is_logged_once(records, username, url, kind):
    client = api_client(username)
    last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = client.get(url.format(**{name: obj.pk for name, obj in records.items()}))
    assert response.status_code == 200, response.content
    rows = list(AccessLog.objects.filter(pk__gt=last).order_by("pk").values_list("action", "object_type", "object_id"))
    assert len(rows) == 1, rows
    action, object_type, object_id = rows[0]
    assert (object_type, object_id) == (kind, str(records[kind].pk)) and action in ("view", "view_all")


@pytest.mark.parametrize("username,url,kind", [
    ("liaison.zwolle", "/api/v1/signals", "signal"),
    ("chair.ijsselland", "/api/v1/cases", "case"),
    ("care.ijsselland", "/api/v1/care-trajectories", "trajectory"),
])
def test_each_api_list_is_logged_once_with_the_ids_it_showed(records, username, url, kind):
    client = api_client(username)
    last = AccessLog.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert client.get(url).status_code == 200
    rows = list(AccessLog.objects.filter(pk__gt=last))
    assert [(r.action, r.object_type) for r in rows] == [("list", kind)]
    assert str(records[kind].pk) in rows[0].detail["ids"]
