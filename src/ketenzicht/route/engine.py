"""The route engine: stages and transitions read from a region's definition.

The engine knows nothing of any one region. A definition (TOML in `route/definitions/`,
stored per region as JSON) names the stages of a signal, the transitions between them, who
may take each, which fields each requires, the deadline per stage, and which reporter
feedback a transition triggers.
"""
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

DEFINITIONS_DIR = Path(__file__).parent / "definitions"


class RouteError(ValueError):
    pass


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    public_status: str
    is_open: bool = True
    deadline_days: int | None = None


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    required: tuple[str, ...] = ()
    feedback: str | None = None


@dataclass(frozen=True)
class Flow:
    initial: str
    stages: dict[str, Stage]
    transitions: dict[str, Transition]

    def available(self, stage: str, roles) -> list[Transition]:
        return [t for t in self.transitions.values() if stage in t.sources and t.roles & set(roles)]


@dataclass(frozen=True)
class Route:
    name: str
    working_days: bool
    signal: Flow
    feedback: dict[str, str] = field(default_factory=dict)
    public_statuses: dict[str, str] = field(default_factory=dict)

    def deadline(self, start, stage_code):
        days = self.signal.stages[stage_code].deadline_days
        if days is None:
            return None
        return add_days(start, days, self.working_days)


def add_days(start, days, working_days):
    """Add calendar days or working days (Monday to Friday; public holidays not yet counted)."""
    if not working_days:
        return start + timedelta(days=days)
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def _flow(raw, where):
    try:
        stages = {
            code: Stage(code=code, label=s["label"], public_status=s["public_status"],
                        is_open=s.get("open", True), deadline_days=s.get("deadline_days"))
            for code, s in raw["stages"].items()
        }
        transitions = {}
        for t in raw["transitions"]:
            transition = Transition(
                name=t["name"], label=t["label"], sources=tuple(t["from"]), target=t["to"],
                roles=frozenset(t["roles"]), required=tuple(t.get("required", ())), feedback=t.get("feedback"),
            )
            if transition.name in transitions:
                raise RouteError(f"{where}: transition {transition.name} defined twice")
            transitions[transition.name] = transition
        flow = Flow(initial=raw["initial"], stages=stages, transitions=transitions)
    except (KeyError, TypeError) as error:
        raise RouteError(f"{where}: missing or malformed {error}") from error
    if flow.initial not in stages:
        raise RouteError(f"{where}: initial stage {flow.initial} is not a stage")
    for t in transitions.values():
        unknown = [s for s in (*t.sources, t.target) if s not in stages]
        if unknown:
            raise RouteError(f"{where}: transition {t.name} names unknown stages {unknown}")
    return flow


def parse(definition: dict) -> Route:
    if not isinstance(definition, dict) or "signal" not in definition:
        raise RouteError("a route needs a [signal] section")
    route = Route(
        name=definition.get("name", ""),
        working_days=bool(definition.get("working_days", True)),
        signal=_flow(definition["signal"], "signal"),
        feedback=dict(definition.get("feedback", {})),
        public_statuses=dict(definition.get("public_statuses", {})),
    )
    for t in route.signal.transitions.values():
        if t.feedback and t.feedback not in route.feedback:
            raise RouteError(f"transition {t.name} sends feedback {t.feedback} that has no text")
    return route


_parsed: dict = {}


def parse_cached(pk, version, definition):
    """Parse a stored definition once per process (a stored version never changes)."""
    key = (pk, version)
    if key not in _parsed:
        _parsed[key] = parse(definition)
    return _parsed[key]


def load_file(name: str) -> dict:
    with open(DEFINITIONS_DIR / f"{name}.toml", "rb") as handle:
        definition = tomllib.load(handle)
    parse(definition)  # fail early on a broken file
    return definition
