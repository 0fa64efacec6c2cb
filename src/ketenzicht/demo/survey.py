"""The demo's staff survey, made through the survey app's services as the region's administrator
and its staff would; running it again changes nothing.

IJsselland's round one is Deventer's survey of 2021 (seed 001 §1.3): open 11 to 31 March 2021, 235
staff invited, 112 responses; 46% suspected sexual, 55% criminal and 36% labour exploitation; 9 in 10
would report a signal, 8% maybe; half do not know whether their municipality has agreements on
what to do (a meldroute), a third says it has, almost a fifth that it has not — with the social
district teams most often not knowing; 58% would be helped by information, 56% by information on the
meldroute, 50% by more awareness, 38% by a training. The 112 responses below give exactly these
shares when rounded. The seed says the social district teams were 43% of the response and names
the other departments without their share; those shares, each response's municipality and how
the answers combine within one response are invented. Round two (2026) is open, so a visitor can
answer it through its link (shown on the results page to the region's administrator and analyst)."""
import random
from datetime import date, timedelta

from django.utils import timezone

from ketenzicht.accounts.models import User
from ketenzicht.survey import services
from ketenzicht.survey.models import Round

FIRST = "Medewerkerspeiling 2021"
SECOND = "Medewerkerspeiling 2026"
RESPONSES = 112
# question: {option: how many of the 112 chose it}
COUNTS = {
    "suspected": {"sexual": 52, "criminal": 62, "labour": 40},
    "would_report": {"yes": 101, "maybe": 9, "no": 2},
    "help": {"information": 65, "route": 63, "awareness": 56, "training": 43},
}
SECTORS = {"social_team": 48, "education": 12, "civil_affairs": 14, "safety": 10, "work_income": 16,
           "enforcement": 7, "other": 5}
ROUTE = {"yes": 36, "no": 20, "unknown": 56}
ROUTE_UNKNOWN_IN_SOCIAL_TEAMS = 36  # "vooral medewerkers van sociale wijk- en gebiedsteams" do not know


def responses_2021(municipalities):
    """The 112 answer sets of 2021, the same on every run."""
    # Demo data, not a secret: the same answers on every run.
    rng = random.Random(2021)  # nosec B311
    answers = [{} for _n in range(RESPONSES)]
    codes = sorted(m.cbs_code for m in municipalities)
    sectors = [s for s, n in SECTORS.items() for _i in range(n)]
    for i, a in enumerate(answers):
        a["municipality"], a["sector"] = codes[i % len(codes)], sectors[i]
    for question, counts in COUNTS.items():
        for option, count in counts.items():
            for a in rng.sample(answers, count):
                if question == "would_report":
                    continue
                a.setdefault(question, []).append(option)
    report = [o for o, n in COUNTS["would_report"].items() for _i in range(n)]
    rng.shuffle(report)
    for a, option in zip(answers, report, strict=True):
        a["would_report"] = option
    for a in answers:
        a.setdefault("suspected", ["none"])
    social = [a for a in answers if a["sector"] == "social_team"]
    others = [a for a in answers if a["sector"] != "social_team"]
    unknown = rng.sample(social, ROUTE_UNKNOWN_IN_SOCIAL_TEAMS) + rng.sample(
        others, ROUTE["unknown"] - ROUTE_UNKNOWN_IN_SOCIAL_TEAMS)
    for a in unknown:
        a["route"] = "unknown"
    rest = [a for a in answers if "route" not in a]
    for i, a in enumerate(rng.sample(rest, len(rest))):
        a["route"] = "yes" if i < ROUTE["yes"] else "no"
    return answers


def load(region, municipalities, with_signals):
    if region.slug != "ijsselland" or Round.objects.filter(region=region).exists():
        return
    admin = User.objects.get(username=f"admin.{region.slug}")
    first = services.create_round(admin, region, title=FIRST, title_en="Staff survey 2021", opens_on=date(2021, 3, 11),
                                  closes_on=date(2021, 3, 31), invited=235)
    services.move_round(admin, first, "open")
    for i, answers in enumerate(responses_2021(municipalities)):
        services.submit(first, answers, day=date(2021, 3, 11) + timedelta(days=i % 21))
    services.move_round(admin, first, "close")
    today = timezone.localdate()
    second = services.create_round(admin, region, title=SECOND, title_en="Staff survey 2026",
                                   opens_on=today - timedelta(days=7),
                                   closes_on=today + timedelta(days=14))
    services.move_round(admin, second, "open")
