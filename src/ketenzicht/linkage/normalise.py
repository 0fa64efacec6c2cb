"""Identifiers brought to one form before they are encoded, so that two organisations that wrote
the same person differently still produce the same encoding.

Names are folded the way Dutch registrations differ: case, diacritics (NFKD plus the letters NFKD
leaves alone: ß, ø, ł, æ, ...), ij and y, punctuation and hyphens, and the tussenvoegsels ("van
der", "v.d.", "'t", "op den") recognised wherever they were written ("van der Berg", "Berg, van
der", "V.D. Berg") and kept apart from the family name. Dates of birth may be partial (a year, a
year and a month). Exact identifiers (phone, plate, KvK, e-mail) get one canonical spelling.

Every function raises `lib.errors.Invalid` naming the field in Dutch for input it cannot read:
nothing is guessed, so nothing wrong is linked.
"""
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ketenzicht.lib.errors import Invalid
from ketenzicht.lib.forms import plain

LABELS = {"Voornaam": gettext_lazy("Voornaam"), "Achternaam": gettext_lazy("Achternaam"),
          "Geboortedatum": gettext_lazy("Geboortedatum"), "Telefoonnummer": gettext_lazy("Telefoonnummer"),
          "Kenteken": gettext_lazy("Kenteken"), "KvK-nummer": gettext_lazy("KvK-nummer"),
          "E-mailadres": gettext_lazy("E-mailadres"), "Geslacht": gettext_lazy("Geslacht")}
MAX_LENGTH = 200  # no identifier is longer; a 10,000-character "name" is an error, not a name

# Letters NFKD does not decompose into an ASCII base letter.
_LETTERS = str.maketrans({"ß": "ss", "ẞ": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l", "æ": "ae", "Æ": "ae",
                          "œ": "oe", "Œ": "oe", "đ": "d", "Đ": "d", "þ": "th", "Þ": "th", "ð": "d", "ı": "i"})

# Tussenvoegsels and their abbreviations, each token to its canonical form; "der", "den" and "de"
# become one ("van de Berg" and "v.d. Berg" cannot be told apart, so they must agree).
_PARTICLES = {
    "van": "van", "v": "van", "von": "van", "vd": "van de", "vdr": "van de", "vden": "van de",
    "de": "de", "der": "de", "den": "de", "d": "de",
    "het": "het", "t": "het", "te": "te", "ten": "te", "ter": "te",
    "op": "op", "in": "in", "aan": "aan", "bij": "bij", "uit": "uit", "onder": "onder", "over": "over", "voor": "voor",
    "la": "la", "le": "le", "les": "les", "du": "du", "des": "des", "di": "di", "da": "da", "del": "del",
    "della": "della", "dos": "dos", "das": "das", "do": "do", "zu": "zu", "zum": "zum", "zur": "zur",
    "el": "el", "al": "al", "bin": "bin", "ibn": "ibn", "ben": "ben", "mac": "mac", "mc": "mac", "st": "sint",
}


@dataclass(frozen=True)
class Name:
    """A person's name in canonical tokens. `given` holds given names and initials (a single
    letter); `family` the family name without particles; `particles` the tussenvoegsels, as the
    Dutch registers keep them apart ("Berg, van der")."""

    given: tuple
    family: tuple
    particles: str = ""

    @property
    def initials(self):
        return "".join(token[0] for token in self.given)


@dataclass(frozen=True)
class PartialDate:
    """A date of birth of which the month and day may be unknown."""

    year: int
    month: int | None = None
    day: int | None = None


def _text(value, field, label):
    """The common checks: text, not too long, no markup or control characters."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Invalid(_("%(label)s moet tekst zijn.") % {"label": label}, field)
    if len(value) > MAX_LENGTH:
        raise Invalid(_("%(label)s is te lang: ten hoogste %(limit)s tekens, nu %(length)s.")
                      % {"label": label, "limit": MAX_LENGTH, "length": len(value)}, field)
    try:
        plain(value)
    except ValidationError as error:
        raise Invalid(f"{label}: {error.messages[0]}", field) from error
    if not value.isprintable() and any(unicodedata.category(char) == "Cc" for char in value if char not in "\t"):
        raise Invalid(_("%(label)s bevat stuurtekens.") % {"label": label}, field)
    return value.strip()


def fold(value):
    """Lower case, ASCII letters and digits, single spaces: 'Ĳzerman-Øster' -> 'yzerman oster'."""
    if value.isascii():  # nothing to decompose or translate: the fast path of bulk encoding
        value = value.lower()
    else:
        value = unicodedata.normalize("NFKD", value.translate(_LETTERS))
        value = "".join(char for char in value if not unicodedata.combining(char)).lower().translate(_LETTERS)
    value = value.replace("ij", "y")  # Meijer and Meyer, IJzerman and Yzerman
    value = re.sub(r"[^a-z0-9]+", " ", value.replace("'", "").replace("’", "").replace(".", ". "))
    return " ".join(value.split())


def _particles(tokens):
    """Split leading particles ('van der', 'vd', 'op den') from the rest of the tokens."""
    found = []
    while len(tokens) > 1 and tokens[0] in _PARTICLES:
        found.append(_PARTICLES[tokens[0]])
        tokens = tokens[1:]
    return " ".join(found), tokens


def _split_particles(raw):
    """'v.d. Berg' -> ('van de', ['berg']); 'Berg, van der' -> ('van de', ['berg']); the apostrophe
    of "'t" is gone after folding, leaving the 't' token."""
    if "," in raw:
        family, _comma, rest = raw.partition(",")
        particles, leftover = _particles(fold(rest).split() + ["-"])
        if leftover == ["-"]:  # "Berg, van der": everything after the comma was particles
            return particles, fold(family).split()
    tokens = fold(raw.replace(".", " ")).split()
    joined = []  # "v d" written with dots becomes two tokens; "vd" one
    for part in tokens:
        if joined and joined[-1] == "v" and part == "d":
            joined[-1] = "vd"
        else:
            joined.append(part)
    return _particles(joined)


def name(given_name, family_name, field="name"):
    """The canonical name. Either part may be empty, not both."""
    given = _text(given_name, f"{field}.given_name", LABELS["Voornaam"])
    family = _text(family_name, f"{field}.family_name", LABELS["Achternaam"])
    particles, family_tokens = _split_particles(family) if family else ("", [])
    given_tokens = fold(given.replace(".", " ")).split()
    if not given_tokens and not family_tokens:
        raise Invalid(_("Vul een voornaam of een achternaam in."), f"{field}.family_name")
    return Name(tuple(given_tokens), tuple(family_tokens), particles)


_DATE_FORMATS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), ("y", "m", "d")),
    (re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), ("d", "m", "y")),
    (re.compile(r"(\d{4})-(\d{1,2})"), ("y", "m")),
    (re.compile(r"(\d{1,2})[-/.](\d{4})"), ("m", "y")),
    (re.compile(r"(\d{4})"), ("y",)),
)


def date_of_birth(value, field="date_of_birth", today=None):
    """A whole or partial date of birth: '1990-02-28', '28-02-1990', '1990-02', '02-1990', '1990'.
    Returns None for an empty value; refuses a date that does not exist or lies in the future."""
    label = LABELS["Geboortedatum"]
    text = _text(value, field, label)
    if not text:
        return None
    for pattern, parts in _DATE_FORMATS:
        match = pattern.fullmatch(text)
        if match:
            numbers = dict(zip(parts, (int(group) for group in match.groups()), strict=True))
            break
    else:
        raise Invalid(_("%(label)s '%(value)s' is geen datum: schrijf 1990-02-28, 28-02-1990, 1990-02 of 1990.")
                      % {"label": label, "value": text}, field)
    year, month, day = numbers["y"], numbers.get("m"), numbers.get("d")
    today = today or date.today()
    try:
        date(year, month or 1, day or 1)
    except ValueError as error:
        raise Invalid(_("%(label)s '%(value)s' bestaat niet.") % {"label": label, "value": text}, field) from error
    if year < 1900 or (year, month or 1, day or 1) > (today.year, today.month, today.day):
        raise Invalid(_("%(label)s '%(value)s' ligt niet tussen 1900 en vandaag.") % {"label": label, "value": text},
                      field)
    return PartialDate(year, month, day)


def phone(value, field="phone", country_code="31"):
    """E.164 ('+31612345678') from any common spelling: '06-12345678', '0031 6 1234 5678',
    '+31 (0)6 12 34 56 78', '+49 30 1234567'. A number without a country code is Dutch."""
    label = LABELS["Telefoonnummer"]
    text = _text(value, field, label)
    if not text:
        return ""
    compact = re.sub(r"[\s\-./]", "", text).replace("(0)", "")
    compact = re.sub(r"[()]", "", compact)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    elif compact.startswith("0"):
        compact = f"+{country_code}" + compact[1:]
    elif compact.startswith(country_code) and len(compact) == 11:  # '31612345678': the code without its plus
        compact = "+" + compact
    elif not compact.startswith("+"):
        compact = f"+{country_code}" + compact
    digits = compact[1:]
    dutch_length = not digits.startswith("31") or len(digits) == 11
    if not digits.isdigit() or not 8 <= len(digits) <= 15 or not dutch_length:
        raise Invalid(_("%(label)s '%(value)s' is geen telefoonnummer.") % {"label": label, "value": text}, field)
    return "+" + digits


def plate(value, field="plate"):
    """A vehicle registration without dashes or spaces, upper case: '12-ABC-3' -> '12ABC3'."""
    label = LABELS["Kenteken"]
    compact = re.sub(r"[\s\-]", "", _text(value, field, label)).upper()
    if compact and (not compact.isascii() or not compact.isalnum() or len(compact) > 10):
        raise Invalid(_("%(label)s '%(value)s' is geen kenteken.") % {"label": label, "value": value}, field)
    return compact


def kvk(value, field="kvk"):
    """A Chamber of Commerce number: exactly eight digits (spaces and dots allowed in between)."""
    label = LABELS["KvK-nummer"]
    compact = re.sub(r"[\s.]", "", _text(value, field, label))
    if compact and not re.fullmatch(r"\d{8}", compact):
        raise Invalid(_("%(label)s '%(value)s' heeft geen acht cijfers.") % {"label": label, "value": value}, field)
    return compact


def email(value, field="email"):
    """An e-mail address, trimmed and lower case."""
    label = LABELS["E-mailadres"]
    text = _text(value, field, label).lower()
    if text:
        try:
            validate_email(text)
        except ValidationError as error:
            raise Invalid(_("%(label)s '%(value)s' is geen e-mailadres.") % {"label": label, "value": value},
                          field) from error
    return text


def token(value, field, label):
    """A short free identifier (a city, a gender, a nationality code), folded like a name."""
    return fold(_text(value, field, label))
