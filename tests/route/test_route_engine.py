"""The route engine on its own: definitions that are wrong are refused with a reason, and time is
counted in working days without public holidays where the route says so."""
from datetime import datetime

import pytest

from ketenzicht.route import engine
from ketenzicht.route.holidays import easter, netherlands


def definition(**changes):
    raw = engine.load_file("ijsselland")
    for path, value in changes.items():
        target = raw
        *parents, last = path.split(".")
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[last] = value
    return raw


def test_the_shipped_routes_parse():
    for name in engine.SHIPPED:
        route = engine.parse(engine.load_file(name))
        assert route.case is not None and route.tracks and route.holidays == "nl"


@pytest.mark.parametrize("changes, message", [
    ({"signal.initial": "nergens"}, "initial stage"),
    ({"signal.transitions.0.to": "nergens"}, "unknown stages"),
    ({"signal.transitions.0.required": ["handtekening"]}, "unknown fields"),
    ({"signal.transitions.0.effect": "teleport"}, "unknown effect"),
    ({"signal.transitions.0.feedback": "geheim"}, "has no text"),
    ({"case.transitions.1.required": ["decision"]}, "does not require tracks"),
    ({"case.on_tracks_closed": "verdwijnen"}, "unknown transition"),
    ({"case.transitions.2.signal_transition": "toveren"}, "unknown signal transition"),
    ({"tracks": {}}, "names no \\[tracks\\]"),
    ({"holidays": "mars"}, "holiday calendar"),
])
def test_broken_definitions_are_refused_with_a_reason(changes, message):
    with pytest.raises(engine.RouteError, match=message):
        engine.parse(definition(**changes))


def test_a_signal_cannot_open_a_case_without_a_case_flow():
    raw = definition()
    del raw["case"]
    with pytest.raises(engine.RouteError, match="no \\[case\\] flow"):
        engine.parse(raw)


def test_easter_and_the_dutch_holidays():
    assert [easter(y).isoformat() for y in (2024, 2025, 2026, 2038)] == [
        "2024-03-31", "2025-04-20", "2026-04-05", "2038-04-25"]
    days = {d.isoformat() for d in netherlands(2025)}
    assert {"2025-04-18", "2025-04-21", "2025-04-26", "2025-05-29", "2025-06-09", "2025-12-25"} <= days
    assert "2025-04-27" not in days  # King's Day on a Sunday moves to Saturday


def test_working_days_skip_weekends_and_holidays():
    thursday_before_easter = datetime(2026, 4, 2, 9)
    assert engine.add_days(thursday_before_easter, 2, True, "nl") == datetime(2026, 4, 8, 9)
    assert engine.add_days(thursday_before_easter, 2, True) == datetime(2026, 4, 6, 9)
    assert engine.add_days(thursday_before_easter, 2, False) == datetime(2026, 4, 4, 9)
