"""The route engine: stages and transitions read from a region's definition.

The engine knows nothing of any one region. A definition (TOML in `route/definitions/`, stored
per region as JSON) has two flows, `signal` and `case`, each with stages, transitions between
them, the roles that may take each transition, the fields each requires, the deadline per stage,
the reporter feedback a transition triggers, and an `effect` the services carry out:

- `open_case` (signal flow): the signal becomes (part of) a case, which starts in `case_stage` at
  the table of kind `table` (e.g. "local": the local meeting covering the signal's municipality;
  the regional table when not named);
- `agenda` (case flow): the case is placed on a meeting's agenda;
- `decide` (case flow): the table decides one or more tracks.

The case flow also names the transition the system takes when the last track closes
(`on_tracks_closed`) and, per transition, the signal transition taken on the case's signals
(`signal_transition`, e.g. to close them with feedback to the reporter). Track kinds are data too.

Every text in a route (stage and transition labels, track kinds, feedback, public statuses) is
region data, so its translations live in the definition too: a text is either a plain string (Dutch,
as older definitions have it) or a table of languages, `{nl = "Ontvangen", en = "Received"}`. It is
shown in the active language, Dutch when the definition has no translation.
"""
import copy
import tomllib
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.utils.translation import get_language

from .holidays import CALENDARS

DEFINITIONS_DIR = Path(__file__).parent / "definitions"
SHIPPED = ("ijsselland", "ijsselstreek", "model2012")

# What a transition may require the user to give, and the effects the services know.
FIELDS = {"reason", "until", "referral", "meeting", "decision", "tracks", "intervention"}
EFFECTS = {"open_case", "agenda", "decide"}
SYSTEM = "system"  # the role the services take transitions under on their own
# The kinds of table a case can be opened at, named by the app that has tables (cases registers
# them): the engine checks a definition against them without knowing any.
TABLE_KINDS: set[str] = set()


class RouteError(ValueError):
    pass


DEFAULT_LANGUAGE = "nl"


def texts(value, where="") -> dict[str, str]:
    """A route text as {language: text}: a plain string is Dutch; a table needs its Dutch text."""
    if isinstance(value, str):
        return {DEFAULT_LANGUAGE: value}
    if isinstance(value, dict) and isinstance(value.get(DEFAULT_LANGUAGE), str) \
            and all(isinstance(v, str) for v in value.values()):
        return dict(value)
    raise RouteError(f"{where}: a text is a string or a table of languages with at least nl")


def in_language(value: dict[str, str], language=None) -> str:
    """The text in the given (default: active) language, Dutch when there is no translation."""
    language = (language or get_language() or DEFAULT_LANGUAGE).split("-")[0]
    return value.get(language) or value[DEFAULT_LANGUAGE]


def _texts_by_code(raw, where):
    return {code: texts(value, f"{where}.{code}") for code, value in dict(raw).items()}


@dataclass(frozen=True)
class Stage:
    code: str
    labels: dict[str, str] = field(compare=False)
    public_status: str = ""
    is_open: bool = True
    deadline_days: int | None = None

    @property
    def label(self) -> str:
        return in_language(self.labels)


@dataclass(frozen=True)
class Transition:
    name: str
    labels: dict[str, str] = field(compare=False)
    sources: tuple[str, ...]
    target: str
    roles: frozenset[str]
    required: tuple[str, ...] = ()
    feedback: str | None = None
    effect: str | None = None
    case_stage: str | None = None
    signal_transition: str | None = None
    table: str | None = None

    @property
    def label(self) -> str:
        return in_language(self.labels)


@dataclass(frozen=True)
class Flow:
    initial: str
    stages: dict[str, Stage]
    transitions: dict[str, Transition]
    on_tracks_closed: str | None = None

    def available(self, stage: str, roles) -> list[Transition]:
        return [t for t in self.transitions.values() if stage in t.sources and t.roles & set(roles)]


@dataclass(frozen=True)
class Route:
    name: str
    working_days: bool
    signal: Flow
    holidays: str | None = None
    case: Flow | None = None
    track_texts: dict[str, dict[str, str]] = field(default_factory=dict)
    feedback_texts: dict[str, dict[str, str]] = field(default_factory=dict)
    public_status_texts: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def tracks(self) -> dict[str, str]:
        """The kinds of track, code -> name in the active language."""
        return {code: in_language(t) for code, t in self.track_texts.items()}

    @property
    def feedback(self) -> dict[str, str]:
        return {code: in_language(t) for code, t in self.feedback_texts.items()}

    @property
    def public_statuses(self) -> dict[str, str]:
        return {code: in_language(t) for code, t in self.public_status_texts.items()}

    def feedback_in(self, milestone, language=DEFAULT_LANGUAGE) -> str:
        """Feedback is stored in Dutch, the reporter's default, whoever's language the step was taken in."""
        return in_language(self.feedback_texts[milestone], language)

    def flow(self, kind: str) -> Flow:
        return self.signal if kind == "signal" else self.case

    def deadline(self, start, stage_code, kind="signal"):
        days = self.flow(kind).stages[stage_code].deadline_days
        if days is None:
            return None
        return add_days(start, days, self.working_days, self.holidays)


def add_days(start, days, working_days, holidays=None):
    """Add calendar days, or working days: Monday to Friday, not on the public holidays of the
    route's calendar (`holidays = "nl"`)."""
    if not working_days:
        return start + timedelta(days=days)
    calendar = CALENDARS.get(holidays)
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and not (calendar and current.date() in calendar(current.year)):
            days -= 1
    return current


def _flow(raw, where):
    try:
        stages = {
            code: Stage(code=code, labels=texts(s["label"], f"{where}.stages.{code}.label"), public_status=s.get("public_status", ""),
                        is_open=s.get("open", True), deadline_days=s.get("deadline_days"))
            for code, s in raw["stages"].items()
        }
        transitions = {}
        for t in raw["transitions"]:
            transition = Transition(
                name=t["name"], labels=texts(t["label"], f"{where}.transitions.{t['name']}.label"), sources=tuple(t["from"]), target=t["to"],
                roles=frozenset(t["roles"]), required=tuple(t.get("required", ())), feedback=t.get("feedback"),
                effect=t.get("effect"), case_stage=t.get("case_stage"), signal_transition=t.get("signal_transition"),
                table=t.get("table"),
            )
            if transition.name in transitions:
                raise RouteError(f"{where}: transition {transition.name} defined twice")
            transitions[transition.name] = transition
        flow = Flow(initial=raw["initial"], stages=stages, transitions=transitions,
                    on_tracks_closed=raw.get("on_tracks_closed"))
    except (KeyError, TypeError) as error:
        raise RouteError(f"{where}: missing or malformed {error}") from error
    if flow.initial not in stages:
        raise RouteError(f"{where}: initial stage {flow.initial} is not a stage")
    for t in transitions.values():
        unknown = [s for s in (*t.sources, t.target) if s not in stages]
        if unknown:
            raise RouteError(f"{where}: transition {t.name} names unknown stages {unknown}")
        if set(t.required) - FIELDS:
            raise RouteError(f"{where}: transition {t.name} requires unknown fields {sorted(set(t.required) - FIELDS)}")
        if t.effect and t.effect not in EFFECTS:
            raise RouteError(f"{where}: transition {t.name} has unknown effect {t.effect}")
    if flow.on_tracks_closed and flow.on_tracks_closed not in transitions:
        raise RouteError(f"{where}: on_tracks_closed names unknown transition {flow.on_tracks_closed}")
    return flow


def _check_links(route: Route):
    for t in route.signal.transitions.values():
        if t.feedback and t.feedback not in route.feedback_texts:
            raise RouteError(f"transition {t.name} sends feedback {t.feedback} that has no text")
        if t.effect == "open_case":
            if route.case is None:
                raise RouteError(f"transition {t.name} opens a case but the route has no [case] flow")
            if (t.case_stage or route.case.initial) not in route.case.stages:
                raise RouteError(f"transition {t.name} opens a case in unknown stage {t.case_stage}")
            if t.table is not None and (not isinstance(t.table, str) or (TABLE_KINDS and t.table not in TABLE_KINDS)):
                raise RouteError(f"transition {t.name} opens a case at unknown table kind {t.table}; "
                                 f"known: {', '.join(sorted(TABLE_KINDS))}")
        elif t.table is not None:
            raise RouteError(f"transition {t.name} names a table but opens no case")
        if t.effect and t.effect != "open_case":
            raise RouteError(f"signal transition {t.name} cannot have effect {t.effect}")
    if route.case is None:
        return
    for t in route.case.transitions.values():
        if t.effect == "open_case":
            raise RouteError(f"case transition {t.name} cannot open a case")
        if t.effect == "decide" and "tracks" not in t.required:
            raise RouteError(f"case transition {t.name} decides but does not require tracks")
        if t.signal_transition and t.signal_transition not in route.signal.transitions:
            raise RouteError(f"case transition {t.name} names unknown signal transition {t.signal_transition}")
    if any(t.effect == "decide" for t in route.case.transitions.values()) and not route.track_texts:
        raise RouteError("the case flow decides tracks but the route names no [tracks]")


def parse(definition: dict) -> Route:
    if not isinstance(definition, dict) or "signal" not in definition:
        raise RouteError("a route needs a [signal] section")
    route = Route(
        name=definition.get("name", ""),
        working_days=bool(definition.get("working_days", True)),
        holidays=definition.get("holidays"),
        signal=_flow(definition["signal"], "signal"),
        case=_flow(definition["case"], "case") if "case" in definition else None,
        track_texts=_texts_by_code(definition.get("tracks", {}), "tracks"),
        feedback_texts=_texts_by_code(definition.get("feedback", {}), "feedback"),
        public_status_texts=_texts_by_code(definition.get("public_statuses", {}), "public_statuses"),
    )
    if route.holidays and route.holidays not in CALENDARS:
        raise RouteError(f"unknown holiday calendar {route.holidays}; known: {', '.join(CALENDARS)}")
    _check_links(route)
    return route


_parsed: dict = {}


def parse_cached(key, load):
    """Parse a stored definition once per process (a stored version never changes); `load` gives
    the definition, and is called only the first time."""
    if key not in _parsed:
        _parsed[key] = parse(load())
    return _parsed[key]


def load_file(name: str) -> dict:
    with open(DEFINITIONS_DIR / f"{name}.toml", "rb") as handle:
        definition = tomllib.load(handle)
    parse(definition)  # fail early on a broken file
    return definition


TEXT_SECTIONS = ("tracks", "feedback", "public_statuses")


def text_slots(definition: dict):
    """Every place a definition holds a text, as (holder, key): holder[key] is the text."""
    for section in TEXT_SECTIONS:
        holder = definition.get(section) or {}
        for key in holder:
            yield holder, key
    for kind in ("signal", "case"):
        flow = definition.get(kind) or {}
        for stage in (flow.get("stages") or {}).values():
            yield stage, "label"
        for transition in flow.get("transitions") or []:
            yield transition, "label"


def shipped_translations() -> dict[str, dict[str, str]]:
    """Dutch text -> the text in every language, as the shipped definitions translate it."""
    known = {}
    for name in SHIPPED:
        for holder, key in text_slots(load_file(name)):
            value = texts(holder[key])
            known.setdefault(value[DEFAULT_LANGUAGE], value)
    return known


def with_translations(definition: dict, known: dict[str, dict[str, str]]) -> dict:
    """A copy of a (stored, older) definition in which every plain Dutch text the shipped
    definitions translate gets those translations; other texts stay as they are (shown in Dutch)."""
    result = copy.deepcopy(definition)
    for holder, key in text_slots(result):
        if isinstance(holder[key], str) and holder[key] in known:
            holder[key] = dict(known[holder[key]])
    return result
