"""Reading an uploaded list of signals (docs/import.md): CSV or JSON, UTF-8, into rows of text.

What cannot be read at all is refused for the whole file (`FileRefused`, on the field `file`);
what one row gets wrong is left to validation, which reports it with the row's number.
"""
import csv
import io
import json
import re

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from ketenzicht.lib.errors import Invalid

MAX_BYTES = 5 * 1024 * 1024  # a month's referral list is a few hundred rows, some 100 kB
MAX_ROWS = 2000  # the dry run checks in the request: some 4 ms a row
COLUMNS = ("external_reference", "lead_municipality", "other_municipalities", "kind", "exploitation_forms",
           "indicators", "barriers", "location", "description", "urgency")
REQUIRED = ("external_reference", "lead_municipality", "description")
LISTS = ("other_municipalities", "exploitation_forms", "indicators", "barriers")
LIST_SEPARATORS = re.compile(r"[\s,;|]+")


class FileRefused(Invalid):
    """The file as a whole cannot be read: nothing of it is checked further."""

    def __init__(self, message):
        super().__init__(message, "file")


def too_large():
    return FileRefused(_("Het bestand is groter dan %(limit)s MB. Splits de lijst in delen van ten hoogste "
                         "%(rows)s regels.") % {"limit": MAX_BYTES // (1024 * 1024),
                                               "rows": number_format(MAX_ROWS, force_grouping=True)})


def decode(data: bytes) -> str:
    """UTF-8, with or without a byte order mark. Windows-1252 cannot be told from other 8-bit
    encodings reliably (every byte is a character in it), so anything that is not UTF-8 is refused
    with what to do, rather than read with the wrong letters."""
    if not data.strip():
        raise FileRefused(_("Het bestand is leeg."))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(_("Het bestand is in UTF-16 opgeslagen. Sla het op als CSV UTF-8 (of JSON in UTF-8)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRefused(_("Het bestand is geen UTF-8 (onleesbaar teken op positie %(position)s). Sla het op als "
                            "CSV UTF-8; Windows-1252 en andere tekensets worden niet gelezen.")
                          % {"position": error.start + 1}) from None
    if "\x00" in text:
        raise FileRefused(_("Dit is geen tekstbestand. Stuur een CSV- of JSON-bestand."))
    return text


def parse(data: bytes) -> list[tuple[int, object]]:
    """(row number, row) for every row: a dict of text for CSV, whatever JSON held for JSON."""
    if len(data) > MAX_BYTES:
        raise too_large()
    text = decode(data)
    stripped = text.lstrip()
    rows = _json(stripped) if stripped[:1] in ("[", "{") else _csv(text)
    if not rows:
        raise FileRefused(_("Het bestand bevat geen signalen, alleen een kopregel."))
    if len(rows) > MAX_ROWS:
        raise FileRefused(_("Het bestand heeft %(count)s regels; ten hoogste %(limit)s per keer.") % {
            "count": number_format(len(rows), force_grouping=True),
            "limit": number_format(MAX_ROWS, force_grouping=True)})
    return rows


def _json(text):
    try:
        found = json.loads(text)
        json.dumps(found, ensure_ascii=False).encode("utf-8")  # a lone surrogate cannot be stored
    except RecursionError:
        raise FileRefused(_("Het JSON-bestand is te diep genest.")) from None
    except UnicodeEncodeError:
        raise FileRefused(_("Het JSON-bestand bevat een ongeldig teken (een losse surrogaat).")) from None
    except ValueError as error:
        raise FileRefused(_("Het JSON-bestand is niet leesbaar (regel %(line)s).") % {
            "line": getattr(error, "lineno", "?")}) from None
    if not isinstance(found, list):
        raise FileRefused(_("Het JSON-bestand moet een lijst [ … ] van signalen zijn."))
    return list(enumerate(found, start=1))


def _csv(text):
    lines = text.splitlines()
    first = lines[0] if lines else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in next(reader)]
        _check_header(header)
        rows = []
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            rows.append((number, _row(header, cells)))
    except csv.Error as error:
        raise FileRefused(_("Het CSV-bestand is niet leesbaar: %(reason)s.") % {"reason": error}) from None
    return rows


def _check_header(header):
    if not set(REQUIRED) & set(header):
        raise FileRefused(_("De kopregel ontbreekt: de eerste regel moet de kolomnamen bevatten, zoals %(names)s.")
                          % {"names": ";".join(REQUIRED)})
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        raise FileRefused(_("Onbekende kolommen in de kopregel: %(names)s. Zie de beschrijving van het bestand.")
                          % {"names": ", ".join(unknown)})
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise FileRefused(_("De kopregel mist de kolommen: %(names)s.") % {"names": ", ".join(missing)})
    doubled = sorted({name for name in header if header.count(name) > 1})
    if doubled:
        raise FileRefused(_("Deze kolommen staan twee keer in de kopregel: %(names)s.") % {"names": ", ".join(doubled)})


class Misshapen(dict):
    """A CSV row whose number of cells is not the header's: reported, never guessed at."""


def _row(header, cells):
    if len(cells) != len(header):
        return Misshapen(found=len(cells), expected=len(header))
    row = {}
    for name, cell in zip(header, cells, strict=True):
        cell = cell.strip()
        if not cell:
            continue
        row[name] = [code for code in LIST_SEPARATORS.split(cell) if code] if name in LISTS else cell
    return row
