"""JSON request bodies, parsed strictly and refused in Dutch.

DRF's JSONParser answers a syntax error in English and lets two kinds of input through to a
server error: nesting deeper than Python's recursion limit, and a lone surrogate escape such as
"\\ud800" (it parses as a string but can be neither stored nor encoded as UTF-8). JSON is read
as UTF-8, as RFC 8259 requires.
"""
import json

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils.json import strict_constant


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = json.loads(stream.read().decode("utf-8"), parse_constant=strict_constant)
        except RecursionError:
            raise ParseError(_("De JSON is te diep genest.")) from None
        except json.JSONDecodeError as error:
            raise ParseError(_("De inhoud is geen geldige JSON: fout op regel %(line)s, kolom %(column)s.")
                             % {"line": error.lineno, "column": error.colno}) from None
        except ValueError:  # bytes that are not UTF-8, NaN or Infinity
            raise ParseError(_("De inhoud is geen geldige JSON in UTF-8.")) from None
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ParseError(_("De JSON bevat een ongeldig teken: een losse surrogaat (U+D800 tot U+DFFF).")) from None
        return data
